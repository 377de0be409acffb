/** How the supervision screens name a request's, item's or enquiry's kind, status, card and outcome (zh-CN first). */
import type { MatterKind, MatterStatus, MatterSubKind, SupervisedMatter } from '../../api/supervision.api.js';
import type { MessageKey } from '../../i18n/messages.js';

const OUTCOMES = [
  'already-public',
  'granted',
  'partial',
  'refused',
  'not-exist',
  'not-responsible',
  'repeated',
  'special-rules',
  'not-disclosure-request',
  'satisfied',
  'basically-satisfied',
  'unsatisfied',
  'deemed',
  'applicant',
  'fee-unpaid',
  'upheld',
  'corrected',
  'withdrawn',
] as const;

export const kindKey = (k: MatterKind): MessageKey => `matters.kind.${k}`;
export const subKindKey = (k: MatterSubKind): MessageKey => `matters.sub.${k}`;
export const statusKey = (s: MatterStatus): MessageKey => `matters.status.${s}`;
export const levelKey = (l: SupervisedMatter['level']): MessageKey => `matters.level.${l}`;

/** The answer type of a request or the rating of an enquiry; null when there is none (or it is unknown). */
export function outcomeKey(outcome: string | null): MessageKey | null {
  const known = OUTCOMES.find((o) => o === outcome);
  return known === undefined ? null : `matters.outcome.${known}`;
}
