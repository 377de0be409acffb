import { z } from 'zod';
import { defineEvent, type EventContract } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';
import { AnswerType, RequestChannel } from './disclosure-request-api.js';

/** One period the request's clock stood still (or restarts after, for a 补正). */
export const RequestClockPause = z.object({
  kind: z
    .enum(['correction', 'consultation', 'fee'])
    .describe(
      'correction 补正 (the clock restarts when corrected, art. 30); consultation 征求第三方意见 (not counted, art. 33 ¶3); fee 收费通知 until paid (not counted, 国办函〔2020〕109号)',
    ),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable().describe('null while it lasts'),
});
export type RequestClockPause = z.infer<typeof RequestClockPause>;

/**
 * What every request event carries: enough for a consumer (supervision) to keep the working-day clock of the
 * request without asking: the agency, the region, the receipt day the clock counts from, the limit, the deadline
 * and every pause so far. No personal data (the applicant is only its kind).
 */
const RequestEventBase = z.object({
  requestId: z.uuid(),
  requestNo: z.string().min(1).describe('申请编号'),
  departmentCode: z.string().min(1).describe('the agency (行政机关)'),
  agencyCode: z.string().min(1),
  regionCode: z.string().regex(/^\d{6}$/),
  channel: RequestChannel,
  applicantKind: z.enum(['person', 'business']),
  receivedAt: Timestamp.describe(
    'start of the China day of receipt (收到申请之日, art. 31; restarted by a 补正)',
  ),
  receivedOn: z.iso.date(),
  limitWorkingDays: z.number().int().positive().describe('20, or 20 + the approved extension (art. 33)'),
  dueBy: Timestamp.describe(
    'answer deadline: limit working days after receivedOn, consultation days not counted',
  ),
  pauses: z.array(RequestClockPause).describe('every pause since the (last) receipt, in order'),
  occurredAt: Timestamp,
  actor: Actor,
});

export const DisclosureRequestReceivedPayload = RequestEventBase;
export type DisclosureRequestReceivedPayload = z.infer<typeof DisclosureRequestReceivedPayload>;

export const DisclosureRequestCorrectionRequestedPayload = RequestEventBase.extend({
  pause: RequestClockPause,
  correctionDueBy: Timestamp.describe("the applicant's 补正 deadline"),
});
export const DisclosureRequestCorrectedPayload = RequestEventBase.extend({
  pause: RequestClockPause.describe('the ended correction pause; the clock restarts at receivedAt'),
});
export const DisclosureRequestConsultationPayload = RequestEventBase.extend({
  pause: RequestClockPause,
  thirdPartyDueBy: Timestamp.describe("the third party's 15 working days (art. 32)"),
});
export const DisclosureRequestExtendedPayload = RequestEventBase.extend({
  extensionDays: z.number().int().min(1).max(20),
});
export const DisclosureRequestAnsweredPayload = RequestEventBase.extend({
  answerType: AnswerType,
  answeredAt: Timestamp,
  overdue: z.boolean().describe('answered after dueBy'),
  feeYuan: z.number().int().min(0),
});
export const DisclosureRequestWithdrawnPayload = RequestEventBase.extend({
  reason: z
    .enum(['deemed', 'applicant', 'fee-unpaid'])
    .describe(
      'deemed 视为放弃申请 (art. 30), applicant 申请人撤回 (online or by letter), fee-unpaid 逾期未缴纳信息处理费视为放弃',
    ),
});
export const DisclosureRequestFeePayload = RequestEventBase.extend({
  pause: RequestClockPause.describe('the fee pause: open when notified, ended when paid'),
  feeYuan: z.number().int().positive(),
  paymentDueBy: Timestamp.describe("the applicant's payment deadline (20 working days after the notice)"),
});

const event = <P extends z.ZodType<{ requestId: string }>>(type: string, payload: P, description: string) =>
  defineEvent({
    type: `disclosure.request.${type}`,
    version: 1,
    topic: Topics.disclosureRequest,
    payload,
    key: (p) => p.requestId,
    description,
  });

export const DisclosureRequestReceived = event(
  'received',
  DisclosureRequestReceivedPayload,
  'A 政府信息公开申请 was received (online, at the window, by post, fax or e-mail); the answer clock starts.',
);
export const DisclosureRequestCorrectionRequested = event(
  'correction-requested',
  DisclosureRequestCorrectionRequestedPayload,
  'A one-time 补正 notice went to the applicant (art. 30); the clock stops until the corrected request arrives.',
);
export const DisclosureRequestCorrected = event(
  'corrected',
  DisclosureRequestCorrectedPayload,
  'The corrected request arrived; the answer clock restarts from its receipt (art. 30).',
);
export const DisclosureRequestConsultationStarted = event(
  'consultation-started',
  DisclosureRequestConsultationPayload,
  'A third party was consulted (art. 32); the clock is paused (art. 33 ¶3).',
);
export const DisclosureRequestConsultationEnded = event(
  'consultation-ended',
  DisclosureRequestConsultationPayload,
  "The third party's consultation ended; the clock runs again, its deadline moved by the paused working days.",
);
export const DisclosureRequestExtended = event(
  'extended',
  DisclosureRequestExtendedPayload,
  'The 负责人 approved the one extension of the answer period (art. 33 ¶2); the applicant was notified.',
);
export const DisclosureRequestAnswered = event(
  'answered',
  DisclosureRequestAnsweredPayload,
  'The agency answered the request (art. 36 / 39 type); the clock stops.',
);
export const DisclosureRequestFeeNotified = event(
  'fee-notified',
  DisclosureRequestFeePayload,
  'A 收费通知 (信息处理费, 国办函〔2020〕109号) went to the applicant; the answer clock is paused until payment.',
);
export const DisclosureRequestFeePaid = event(
  'fee-paid',
  DisclosureRequestFeePayload,
  'The 信息处理费 was paid (online or recorded by the officer); the clock runs again and the answer follows.',
);
export const DisclosureRequestWithdrawn = event(
  'withdrawn',
  DisclosureRequestWithdrawnPayload,
  'The request ended without an answer: withdrawn by the applicant, or deemed withdrawn after an unanswered 补正 (art. 30) or an unpaid 收费通知.',
);

export const DISCLOSURE_REQUEST_EVENTS: readonly EventContract[] = [
  DisclosureRequestReceived,
  DisclosureRequestCorrectionRequested,
  DisclosureRequestCorrected,
  DisclosureRequestConsultationStarted,
  DisclosureRequestConsultationEnded,
  DisclosureRequestExtended,
  DisclosureRequestFeeNotified,
  DisclosureRequestFeePaid,
  DisclosureRequestAnswered,
  DisclosureRequestWithdrawn,
];
