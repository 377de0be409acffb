import { z } from 'zod';
import { ScopeRegionCode } from '../shared/catalog-codes.js';
import { defineEvent } from '../event-contract.js';
import { ApplicationNo } from '../shared/identifiers.js';
import { Actor, PartyIdentity, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';

// Defined in shared/ (the licence contracts use it too); exported here as before.
export { ApplicationNo };

/** A point of the service network as events name it. */
const PointRef = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  regionCode: ScopeRegionCode,
});

/** Fields every intake event carries. */
const ApplicationEventBase = z.object({
  applicationNo: ApplicationNo,
  implementationCode: z.string().min(1),
  implementationVersion: z
    .number()
    .int()
    .positive()
    .describe('The catalog version the application was made against'),
  regionCode: ScopeRegionCode.describe(
    'Region of the implementation (the window that handles it): 6 digits, or 12 for a 乡镇级 implementation',
  ),
  occurredAt: Timestamp,
  actor: Actor,
});

/** How one material of the implementation's list was provided. */
export const ProvidedMaterial = z.object({
  materialId: z.string().min(1).max(40),
  name: z.string().min(1).max(200),
  source: z
    .enum(['upload', 'licence', 'promise'])
    .describe("uploaded file, the holder's e-licence (免提交) or a signed promise (告知承诺)"),
  files: z
    .array(
      z.object({
        bucket: z.string().min(1),
        key: z.string().min(1),
        name: z.string().min(1),
        sha256: z.string(),
        contentType: z.string(),
        size: z.number().int().nonnegative(),
      }),
    )
    .default([]),
  licenceIdentifier: z.string().optional(),
  licenceTypeCode: z
    .string()
    .optional()
    .describe('免提交: the licence type intake checked the reference against'),
  licenceCheckedAt: Timestamp.optional().describe(
    '免提交: when intake last checked the reference (ISO time; at acceptance)',
  ),
  shareId: z
    .string()
    .optional()
    .describe('Holder authorisation the licence service issued for this application'),
});
export type ProvidedMaterial = z.infer<typeof ProvidedMaterial>;

export const ApplicationSubmittedPayload = ApplicationEventBase.extend({
  applicant: PartyIdentity,
  agent: Actor.optional().describe('代办: the clerk who submitted for a walk-in applicant'),
  takenIn: PointRef.optional().describe(
    'A township or village point that took the application in (受理下移 / 代办); absent at the competent window',
  ),
  itemName: z.string().min(1),
  departmentCode: z.string().min(1).describe("Implementing body's department"),
  receivedAt: Timestamp.describe('Receipt (收件): the 5-working-day supplement clock starts here'),
  promisedLimitDays: z.number().int().nonnegative(),
  legalLimitDays: z.number().int().nonnegative(),
});
export type ApplicationSubmittedPayload = z.infer<typeof ApplicationSubmittedPayload>;

export const ApplicationAcceptedPayload = ApplicationEventBase.extend({
  applicant: PartyIdentity,
  itemName: z.string().min(1),
  departmentCode: z.string().min(1),
  receivedAt: Timestamp,
  acceptedAt: Timestamp.describe('Acceptance (受理): approval clocks start here'),
  mode: z
    .enum(['normal', 'tolerance', 'deemed'])
    .describe(
      'normal; 容缺受理 with minor materials missing; deemed accepted from receipt (AL art. 32, no notice in 5 working days)',
    ),
  formData: z.record(z.string(), z.unknown()).default({}),
  materials: z.array(ProvidedMaterial),
  tolerance: z
    .object({ missingMaterialIds: z.array(z.string()), supplyBy: Timestamp, promise: z.string().max(2000) })
    .optional()
    .describe('容缺受理: materials still to supply and the deadline'),
  promisedLimitDays: z.number().int().nonnegative(),
  legalLimitDays: z.number().int().nonnegative(),
  noticeId: z.string().min(1).describe('受理通知书 id'),
});
export type ApplicationAcceptedPayload = z.infer<typeof ApplicationAcceptedPayload>;

export const ApplicationRefusedPayload = ApplicationEventBase.extend({
  reasons: z.string().min(1).max(4000),
  redirectTo: z.string().max(500).optional().describe('Where to apply instead when outside remit'),
  noticeId: z.string().min(1).describe('不予受理决定书 id'),
});
export type ApplicationRefusedPayload = z.infer<typeof ApplicationRefusedPayload>;

export const SupplementRequestedPayload = ApplicationEventBase.extend({
  noticeId: z.string().min(1).describe('一次性告知书 id'),
  items: z
    .array(z.object({ materialId: z.string(), name: z.string(), problem: z.string().min(1).max(1000) }))
    .min(1),
  receivedAt: Timestamp,
});
export type SupplementRequestedPayload = z.infer<typeof SupplementRequestedPayload>;

export const SupplementNoticeRejectedPayload = ApplicationEventBase.extend({
  noticeId: z
    .string()
    .min(1)
    .describe('The one-time supplement notice (一次性告知书) the application already has'),
}).describe(
  'A clerk tried to send a second supplement notice; refused (409), the application unchanged. actor = the clerk.',
);
export type SupplementNoticeRejectedPayload = z.infer<typeof SupplementNoticeRejectedPayload>;

export const SupplementedPayload = ApplicationEventBase.extend({
  materialIds: z.array(z.string()).describe('Materials provided anew'),
  answeredTaskIds: z
    .array(z.string())
    .optional()
    .describe(
      "退回补正: the approval tasks whose return (一次性告知 from the department) this supplement answers; absent for the window's own notice and 容缺",
    ),
});
export type SupplementedPayload = z.infer<typeof SupplementedPayload>;

export const ApplicationWithdrawnPayload = ApplicationEventBase.extend({
  reason: z.string().max(1000).default(''),
});
export type ApplicationWithdrawnPayload = z.infer<typeof ApplicationWithdrawnPayload>;

/** Which way an accepted case is to end without a decision. */
export const ClosingAction = z
  .enum(['withdraw', 'terminate'])
  .describe('撤回 by the applicant / 终止 (e.g. 容缺 materials not supplied)');
export type ClosingAction = z.infer<typeof ClosingAction>;

export const ApplicationCloseRequestedPayload = ApplicationEventBase.extend({
  closing: ClosingAction,
  reason: z.string().max(1000).default(''),
}).describe(
  'An accepted application is to be withdrawn or terminated: approval owns the case and settles it (closes it, or refuses when its decision committed first).',
);
export type ApplicationCloseRequestedPayload = z.infer<typeof ApplicationCloseRequestedPayload>;

export const ApplicationTerminatedPayload = ApplicationEventBase.extend({
  reason: z.string().min(1).max(1000).describe('e.g. 容缺 materials not supplied by the deadline'),
});
export type ApplicationTerminatedPayload = z.infer<typeof ApplicationTerminatedPayload>;

export const ApplicationCompletedPayload = ApplicationEventBase.extend({
  outcome: z.enum(['approved', 'denied']),
  licenceIdentifiers: z.array(z.string()).default([]),
  delivery: z.enum(['window', 'post', 'electronic']),
});
export type ApplicationCompletedPayload = z.infer<typeof ApplicationCompletedPayload>;

export const ApplicationDeliveredPayload = ApplicationEventBase.extend({
  method: z.enum(['window', 'post', 'electronic']),
  trackingNo: z.string().max(60).optional(),
  windowRating: z
    .object({
      codeHash: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .describe(
          'SHA-256 (hex) of the one-time window rating code (评价器) intake handed to the window at pickup',
        ),
      expiresAt: Timestamp,
    })
    .optional()
    .describe(
      'Window pickup (pickup code checked, the applicant present): proof of presence for one window rating (评价器) of the case',
    ),
});
export type ApplicationDeliveredPayload = z.infer<typeof ApplicationDeliveredPayload>;

export const ApplicationHandedOverPayload = ApplicationEventBase.extend({
  from: PointRef.describe('The 代办 point that took the application in (收件)'),
  to: PointRef.describe('The competent window it was handed to'),
  handedOverAt: Timestamp,
  note: z.string().max(500).optional(),
});
export type ApplicationHandedOverPayload = z.infer<typeof ApplicationHandedOverPayload>;

const intake = <T extends string, S extends z.ZodType<{ applicationNo: string }>>(
  type: T,
  payload: S,
  description: string,
) =>
  defineEvent({
    type,
    version: 1,
    topic: Topics.intakeApplication,
    payload,
    key: (p) => p.applicationNo,
    description,
  });

export const ApplicationSubmitted = intake(
  'intake.application.submitted',
  ApplicationSubmittedPayload,
  'An application was submitted (申报/收件).',
);
export const ApplicationAccepted = intake(
  'intake.application.accepted',
  ApplicationAcceptedPayload,
  'Accepted (受理) — approval opens its case from this.',
);
export const ApplicationRefused = intake(
  'intake.application.refused',
  ApplicationRefusedPayload,
  'Not accepted (不予受理) with reasons.',
);
export const SupplementRequested = intake(
  'intake.application.supplement-requested',
  SupplementRequestedPayload,
  'One-time supplement notice (一次性告知).',
);
export const SupplementNoticeRejected = intake(
  'intake.application.supplement-notice-rejected',
  SupplementNoticeRejectedPayload,
  'A second supplement notice was attempted and refused (一次性告知 allows one) — recorded for supervision.',
);
export const ApplicationSupplemented = intake(
  'intake.application.supplemented',
  SupplementedPayload,
  'The applicant answered the supplement notice.',
);
export const ApplicationCloseRequested = intake(
  'intake.application.close-requested',
  ApplicationCloseRequestedPayload,
  'Withdrawal (撤回) or termination (终止) of an accepted application requested; approval answers with approval.case.closed or approval.case.close-refused.',
);
export const ApplicationWithdrawn = intake(
  'intake.application.withdrawn',
  ApplicationWithdrawnPayload,
  'Withdrawn (撤回) by the applicant before decision.',
);
export const ApplicationTerminated = intake(
  'intake.application.terminated',
  ApplicationTerminatedPayload,
  'Terminated (终止).',
);
export const ApplicationCompleted = intake(
  'intake.application.completed',
  ApplicationCompletedPayload,
  'Completed (办结): decided and every licence issued.',
);
export const ApplicationDelivered = intake(
  'intake.application.delivered',
  ApplicationDeliveredPayload,
  'Result handed out (出件).',
);

export const ApplicationHandedOver = intake(
  'intake.application.handed-over',
  ApplicationHandedOverPayload,
  '代办 handover: a point that only takes the item in (收件) handed the application to the competent window.',
);

export const INTAKE_EVENTS = [
  ApplicationSubmitted,
  ApplicationAccepted,
  ApplicationRefused,
  SupplementRequested,
  ApplicationSupplemented,
  ApplicationWithdrawn,
  ApplicationTerminated,
  ApplicationCompleted,
  ApplicationDelivered,
  SupplementNoticeRejected,
  ApplicationCloseRequested,
  ApplicationHandedOver,
] as const;
