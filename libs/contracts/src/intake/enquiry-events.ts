import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';
import { EnquiryNo, EnquiryRating, EnquiryType } from './enquiry-api.js';

/** What every enquiry event carries: enough for supervision's clocks (type, region, department, due date). */
const EnquiryEventBase = z.object({
  enquiryNo: EnquiryNo,
  type: EnquiryType,
  regionCode: z.string().min(6),
  departmentCode: z
    .string()
    .nullable()
    .describe('the department handling it (null while waiting to be routed)'),
  dueBy: Timestamp.describe('answer due, in working days by type'),
  occurredAt: Timestamp,
  actor: Actor.nullable().describe('null for an anonymous asker'),
});

export const EnquiryReceivedPayload = EnquiryEventBase.extend({
  implementationCode: z.string().nullable(),
  applicationNo: z.string().nullable(),
});
export type EnquiryReceivedPayload = z.infer<typeof EnquiryReceivedPayload>;

export const EnquiryRoutedPayload = EnquiryEventBase.extend({
  transfer: z.boolean().describe('false: routed by the dispatcher; true: a department handed it back'),
  reason: z.string().nullable(),
});
export type EnquiryRoutedPayload = z.infer<typeof EnquiryRoutedPayload>;

export const EnquiryAnsweredPayload = EnquiryEventBase.extend({
  onTime: z.boolean(),
  followUp: z.boolean().describe('the answer to the one follow-up question'),
});
export type EnquiryAnsweredPayload = z.infer<typeof EnquiryAnsweredPayload>;

export const EnquiryRatedPayload = EnquiryEventBase.extend({
  rating: EnquiryRating,
  review: z
    .boolean()
    .default(false)
    .describe("true: an unsatisfied complaint, now waiting for the service centre's 复核 (not closed)"),
});
export type EnquiryRatedPayload = z.infer<typeof EnquiryRatedPayload>;

export const EnquiryReviewedPayload = EnquiryEventBase.extend({
  decision: z.enum(['upheld', 'reanswer']),
  note: z.string(),
}).describe('dueBy: the new answer due date when sent back for a re-answer');
export type EnquiryReviewedPayload = z.infer<typeof EnquiryReviewedPayload>;

export const EnquiryExtendedPayload = EnquiryEventBase.extend({
  extensionDays: z.number().int().min(1),
  reason: z.string(),
  previousDueBy: Timestamp,
}).describe('dueBy: the new answer due date, moved by extensionDays working days');
export type EnquiryExtendedPayload = z.infer<typeof EnquiryExtendedPayload>;

const key = (p: { enquiryNo: string }) => p.enquiryNo;

export const EnquiryReceived = defineEvent({
  type: 'intake.enquiry.received',
  version: 1,
  topic: Topics.intakeEnquiry,
  payload: EnquiryReceivedPayload,
  key,
  description: 'A 咨询/投诉/建议/求助 was sent; its answer clock starts.',
});

export const EnquiryRouted = defineEvent({
  type: 'intake.enquiry.routed',
  version: 1,
  topic: Topics.intakeEnquiry,
  payload: EnquiryRoutedPayload,
  key,
  description: 'The dispatcher routed an enquiry to a department, or the department transferred it back.',
});

export const EnquiryAnswered = defineEvent({
  type: 'intake.enquiry.answered',
  version: 1,
  topic: Topics.intakeEnquiry,
  payload: EnquiryAnsweredPayload,
  key,
  description: 'The department answered (or answered the follow-up); onTime against the due date.',
});

export const EnquiryRated = defineEvent({
  type: 'intake.enquiry.rated',
  version: 1,
  topic: Topics.intakeEnquiry,
  payload: EnquiryRatedPayload,
  key,
  description: 'The asker rated the answer; an unsatisfied complaint goes to the service centre for review.',
});

export const EnquiryReviewed = defineEvent({
  type: 'intake.enquiry.reviewed',
  version: 1,
  topic: Topics.intakeEnquiry,
  payload: EnquiryReviewedPayload,
  key,
  description:
    'The service centre reviewed an unsatisfied complaint: upheld the answer (closed) or sent it back to the department for a re-answer (a new clock).',
});

export const EnquiryExtended = defineEvent({
  type: 'intake.enquiry.extended',
  version: 1,
  topic: Topics.intakeEnquiry,
  payload: EnquiryExtendedPayload,
  key,
  description:
    "The service centre approved the department's request for more time: the answer due date moves by the extension's working days.",
});

export const ENQUIRY_EVENTS = [
  EnquiryReceived,
  EnquiryRouted,
  EnquiryAnswered,
  EnquiryRated,
  EnquiryReviewed,
  EnquiryExtended,
] as const;
