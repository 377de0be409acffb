import { z } from 'zod';
import { defineEvent } from '../event-contract.js';
import { Actor, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';

/** `1.2.156.3005.2.{type}.{issuer USCC}.{serial}.{version:3}.{check}` (GB/T 36904 practice). */
export const LicenceIdentifier = z
  .string()
  .regex(/^1\.2\.156\.3005\.2\.[0-9A-Za-z]+\.[0-9A-Z]{18}\.[0-9A-Z]+\.\d{3}\.[0-9A-Z]$/);

const LicenceEventBase = z.object({
  identifier: LicenceIdentifier,
  licenceTypeCode: z.string().min(1),
  name: z.string().min(1).describe('证照名称'),
  applicationNo: z.string().optional().describe('The application it was issued for'),
  holderIdNumber: z
    .string()
    .regex(/^[0-9A-Z]{18}$/)
    .describe('Holder code (ID number or USCC): internal bus only'),
  issuerUscc: z.string().regex(/^[0-9A-Z]{18}$/),
  departmentCode: z.string().min(1),
  occurredAt: Timestamp,
  actor: Actor,
});

export const LicenceIssuedPayload = LicenceEventBase.extend({
  issuedAt: Timestamp,
  validFrom: Timestamp,
  validUntil: Timestamp.nullable().describe('null = long-term (长期)'),
  previousIdentifier: z.string().optional().describe('Renewal or change: the identifier it replaces'),
});
export type LicenceIssuedPayload = z.infer<typeof LicenceIssuedPayload>;

export const LicenceStatusChangedPayload = LicenceEventBase.extend({
  reason: z.string().max(2000),
  supersededBy: LicenceIdentifier.optional().describe(
    '失效 by renewal or change: the identifier of the new version',
  ),
});
export type LicenceStatusChangedPayload = z.infer<typeof LicenceStatusChangedPayload>;

const licence = <T extends string, S extends z.ZodType<{ identifier: string }>>(
  type: T,
  payload: S,
  description: string,
) => defineEvent({ type, version: 1, topic: Topics.licence, payload, key: (p) => p.identifier, description });

export const LicenceIssued = licence(
  'licence.issued',
  LicenceIssuedPayload,
  'An e-licence (电子证照) was issued, signed and rendered.',
);
export const LicenceSuspended = licence('licence.suspended', LicenceStatusChangedPayload, '暂扣');
export const LicenceRestored = licence(
  'licence.restored',
  LicenceStatusChangedPayload,
  'Restored after 暂扣',
);
export const LicenceRevoked = licence(
  'licence.revoked',
  LicenceStatusChangedPayload,
  '撤销 (AL art. 69) or 吊销 (penalty)',
);
export const LicenceCancelled = licence(
  'licence.cancelled',
  LicenceStatusChangedPayload,
  '注销 (AL art. 70)',
);
export const LicenceExpired = licence('licence.expired', LicenceStatusChangedPayload, '失效: validity ended');

export const LicenceInvalidated = licence(
  'licence.invalidated',
  LicenceStatusChangedPayload,
  '签章失效: the key that signed it was revoked; unusable (no share, no 免提交) until the issuing department re-signs it',
);
export const LICENCE_EVENTS = [
  LicenceIssued,
  LicenceSuspended,
  LicenceRestored,
  LicenceRevoked,
  LicenceCancelled,
  LicenceExpired,
  LicenceInvalidated,
] as const;
