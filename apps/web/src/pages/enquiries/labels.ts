/** Message keys and colours of the enquiry codes (type, status, rating, suggestion source, history step). */
import type {
  EnquiryRating,
  EnquiryStatus,
  EnquirySuggestionSource,
  EnquiryType,
  EnquiryView,
} from '../../api/enquiries.api.js';
import type { MessageKey } from '../../i18n/messages.js';

export const typeKey = (t: EnquiryType): MessageKey => `enq.type.${t}`;
export const statusKey = (s: EnquiryStatus): MessageKey => `enq.status.${s}`;
export const ratingKey = (r: EnquiryRating): MessageKey => `enq.rating.${r}`;
export const sourceKey = (s: EnquirySuggestionSource): MessageKey => `enq.source.${s}`;
export const stepKey = (s: EnquiryView['steps'][number]['kind']): MessageKey => `enq.step.${s}`;

export const STATUS_COLOR: Readonly<Record<EnquiryStatus, string>> = {
  submitted: 'orange',
  routed: 'blue',
  answered: 'green',
  review: 'purple',
  closed: 'default',
};

/** A date-time in China time as "2026-03-02 10:00". */
export function chinaDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export const chinaDate = (iso: string): string => chinaDateTime(iso).slice(0, 10);
