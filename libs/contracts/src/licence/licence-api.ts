/**
 * HTTP contract of the licence service (电子证照, `/api/licence/…`): one zod schema per request and response, used
 * by the controllers (parse + OpenAPI), by the service's return types and by the web client (types + a runtime
 * check of every response in development builds). Schema const and inferred type share one name.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 */
import { z } from 'zod';
import { LICENCE_STATUSES } from '../constants.js';
import { ApplicationNo } from '../shared/identifiers.js';
import { LicenceFieldEntry } from './licence-fields.js';

// ── shared pieces ────────────────────────────────────────────────────────────────────────────────────────────

/** Licence status (证照状态). The zh-CN label travels with it as `statusLabel`. The list: `../constants.ts`. */
export { LICENCE_STATUSES };
export const LicenceStatus = z
  .enum(LICENCE_STATUSES)
  .describe(
    'valid 有效, suspended 暂扣, revoked 撤销, withdrawn 吊销, cancelled 注销, expired 失效, superseded 失效（已换发）, invalidated 签章失效',
  );
export type LicenceStatus = z.infer<typeof LicenceStatus>;

const Instant = z.iso.datetime({ offset: true });
const LabelValue = z.object({ label: z.string(), value: z.string() });

// ── GET /licences (我的证照 / the issuing department's list) ─────────────────────────────────────────────────────

/** Paging and filters of a licence list (wallet 我的证照 and the issuing department's list). */
export const LicenceFilter = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  type: z
    .string()
    .regex(/^[0-9A-Za-z]{1,40}$/)
    .optional()
    .describe('证照类型代码'),
  status: LicenceStatus.optional(),
  issuer: z
    .string()
    .regex(/^[0-9A-Z]{18}$/)
    .optional()
    .describe('发证机关统一社会信用代码'),
  q: z
    .string()
    .trim()
    .max(80)
    .optional()
    .describe(
      'Part of the licence name, its identifier or the application number (办件编号) it was issued on',
    ),
});
export type LicenceFilter = z.infer<typeof LicenceFilter>;

export const LicenceListQuery = z
  .object({
    mine: z.enum(['1', 'true']).optional().describe("1 = the caller's own licences (我的证照)"),
    ...LicenceFilter.shape,
  })
  .strict();
export type LicenceListQuery = z.input<typeof LicenceListQuery>;

/** One licence as the holder and the issuing department see it. */
export const LicenceView = z.object({
  identifier: z.string().describe('电子证照标识'),
  name: z.string().describe('证照名称'),
  typeCode: z.string().describe('证照类型代码'),
  version: z.number().int().min(1),
  previousIdentifier: z
    .string()
    .nullable()
    .describe('The version this one replaced (变更/延续); null for a first issue'),
  supersededBy: z
    .string()
    .nullable()
    .describe('The newer version that replaced this one (失效（已换发）); null while current'),
  status: LicenceStatus,
  statusLabel: z.string(),
  statusReason: z.string().nullable(),
  statusChangedAt: Instant.nullable(),
  holder: z
    .object({ kind: z.string(), name: z.string(), idType: z.string(), idNumber: z.string() })
    .describe('持证主体'),
  issuer: z.object({ name: z.string(), uscc: z.string(), departmentCode: z.string() }).describe('发证机关'),
  applicationNo: z.string().nullable(),
  jurisdiction: z.string().describe('Region code of the issuing body (行政区划代码)'),
  issuedAt: Instant,
  validFrom: Instant,
  validUntil: Instant.nullable().describe('null = long-term (长期)'),
  validity: z.string().describe('Validity as printed (有效期)'),
  fields: z.array(LabelValue).describe('Data fields printed on the licence, in print order'),
  signature: z.object({ algorithm: z.string(), keyId: z.string(), value: z.string() }),
  qrText: z.string(),
  qrRecord: z
    .record(z.string(), z.unknown())
    .describe('What the QR code binds (claim `d`), holder code masked'),
  pdf: z.object({ status: z.string(), sha256: z.string().nullable() }),
});
export type LicenceView = z.infer<typeof LicenceView>;

export const LicenceFacets = z.object({
  types: z.array(z.object({ code: z.string(), name: z.string() })),
  statuses: z.array(z.object({ status: LicenceStatus, label: z.string() })),
  issuers: z.array(z.object({ uscc: z.string(), name: z.string() })),
});
export type LicenceFacets = z.infer<typeof LicenceFacets>;

export const LicencePage = z.object({
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  items: z.array(LicenceView),
  facets: LicenceFacets.describe("What the filters can offer within the caller's scope"),
});
export type LicencePage = z.infer<typeof LicencePage>;

// ── GET /licences/:identifier, /access-log ───────────────────────────────────────────────────────────────────

export const LicenceHistoryEntry = z.object({
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  by: z.string().describe('Name of who changed it'),
  at: Instant,
});
export type LicenceHistoryEntry = z.infer<typeof LicenceHistoryEntry>;

export const LicenceDetail = LicenceView.extend({
  history: z.array(LicenceHistoryEntry).describe('Status changes, oldest first'),
});
export type LicenceDetail = z.infer<typeof LicenceDetail>;

export const LicenceAccessLog = z.object({
  items: z.array(
    z.object({
      action: z.string(),
      shareId: z.string().nullable(),
      actor: z.string(),
      role: z.string(),
      detail: z.string().nullable(),
      at: Instant,
    }),
  ),
});
export type LicenceAccessLog = z.infer<typeof LicenceAccessLog>;

// ── POST /licences/:identifier/{suspend,restore,revoke,cancel,resign,change} ─────────────────────────────────

/** Status changes an officer of the issuing department makes (撤销/吊销 = revoke, with `penalty` for 吊销). */
export const LICENCE_ACTIONS = ['suspend', 'restore', 'revoke', 'cancel', 'resign'] as const;
export type LicenceAction = (typeof LICENCE_ACTIONS)[number];

const Reason = z.string().trim().min(1, 'a reason is required').max(2000);

export const LicenceStatusChangeBody = z
  .object({ reason: Reason.describe('Why (recorded with the change and in the event)') })
  .strict();
export type LicenceStatusChangeBody = z.infer<typeof LicenceStatusChangeBody>;

export const LicenceRevokeBody = z
  .object({
    reason: Reason,
    penalty: z
      .boolean()
      .default(false)
      .describe('true = 吊销 (administrative penalty); false = 撤销 (AL art. 69)'),
  })
  .strict();
export type LicenceRevokeBody = z.input<typeof LicenceRevokeBody>;

export const LicenceStatusChanged = z.object({
  identifier: z.string(),
  status: LicenceStatus,
  statusLabel: z.string(),
  reason: z.string(),
  changedAt: Instant,
});
export type LicenceStatusChanged = z.infer<typeof LicenceStatusChanged>;

export const LicenceResigned = LicenceStatusChanged.extend({
  keyId: z.string().describe('The key that signed it again'),
});
export type LicenceResigned = z.infer<typeof LicenceResigned>;

/** 变更: only what differs from the licence — data fields by label, and the holder's name (the holder code never changes). */
export const LicenceChangeBody = z
  .object({
    reason: Reason.describe('Why (recorded on the superseded version and in its event)'),
    fields: z
      .record(z.string().trim().min(1).max(100), z.string().trim().max(2000))
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 fields')
      .optional()
      .describe('Data fields to change, label → new value (new labels are appended)'),
    holderName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe("The holder's new name (名称变更); the holder code never changes"),
  })
  .strict();
export type LicenceChangeBody = z.infer<typeof LicenceChangeBody>;

/** The new version a 变更 issued; the previous one is now 失效（已换发）. */
export const LicenceChanged = z.object({
  identifier: z.string(),
  previousIdentifier: z.string(),
  status: LicenceStatus,
  statusLabel: z.string(),
});
export type LicenceChanged = z.infer<typeof LicenceChanged>;

// ── /shares (证照共享授权) ─────────────────────────────────────────────────────────────────────────────────────

export const MAX_SHARE_DAYS = 90;
export const DEFAULT_SHARE_DAYS = 30;

export const CreateShareBody = z
  .object({
    identifier: z.string().min(1).max(80).describe('The licence to share'),
    applicationNo: ApplicationNo.describe('Scope: the one application it may be used for (免提交)'),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(`Until when (default ${DEFAULT_SHARE_DAYS} days, at most ${MAX_SHARE_DAYS})`),
  })
  .strict();
export type CreateShareBody = z.infer<typeof CreateShareBody>;

export const ShareGrant = z.object({
  shareId: z.uuid(),
  identifier: z.string(),
  applicationNo: z.string(),
  expiresAt: Instant,
  watermark: z.string().describe('Printed on every page of the shared copy'),
});
export type ShareGrant = z.infer<typeof ShareGrant>;

export const ShareRevoked = z.object({ shareId: z.string(), revoked: z.literal(true) });
export type ShareRevoked = z.infer<typeof ShareRevoked>;

export const ResolveShareQuery = z
  .object({
    applicationNo: ApplicationNo.describe('The application the copy is used for; must match the share'),
  })
  .strict();
export type ResolveShareQuery = z.infer<typeof ResolveShareQuery>;

export const ResolvedShare = z.object({
  shareId: z.string(),
  applicationNo: z.string(),
  expiresAt: Instant,
  watermark: z.string(),
  pdfPath: z.string().describe('The watermarked copy'),
  licence: LicenceView,
});
export type ResolvedShare = z.infer<typeof ResolvedShare>;

// ── /verify (亮证核验, public) ─────────────────────────────────────────────────────────────────────────────────

export const VerifyBody = z
  .object({
    payload: z
      .string()
      .min(1)
      .max(4000)
      .describe('The QR payload (HL1.…) or the verification URL holding it'),
  })
  .strict();
export type VerifyBody = z.infer<typeof VerifyBody>;

/** The public verification answer: never the full holder identity. */
export const VerificationResult = z.object({
  result: z.enum(['genuine', 'forged']),
  valid: z.boolean(),
  reason: z
    .string()
    .nullable()
    .describe('Why not valid (MALFORMED, BAD_SIGNATURE, REVOKED, …); null when valid'),
  message: z.string().describe('zh-CN explanation'),
  identifier: z.string().nullable(),
  supersededBy: z
    .string()
    .nullable()
    .describe('Superseded by a renewal or change: the identifier of the current version'),
  licence: z
    .object({
      name: z.string(),
      status: LicenceStatus,
      statusLabel: z.string(),
      statusChangedAt: Instant.nullable(),
      holder: z.object({ name: z.string(), code: z.string() }).describe('Masked'),
      issuer: z.object({ name: z.string(), uscc: z.string() }),
      issueDate: z.string(),
      validFrom: z.string(),
      validUntil: z.string().nullable(),
    })
    .nullable(),
  checkedAt: Instant,
});
export type VerificationResult = z.infer<typeof VerificationResult>;

/** The answer for an uploaded PDF: the verification result plus what its embedded signature says. */
export const PdfVerificationResult = VerificationResult.extend({
  pdf: z.object({ kid: z.string(), identifier: z.string(), signingTime: z.string().nullable() }).nullable(),
  detail: z.string().optional().describe('Why the PDF signature failed, for support (never personal data)'),
});
export type PdfVerificationResult = z.infer<typeof PdfVerificationResult>;

// ── GET /types (证照类型, public) ──────────────────────────────────────────────────────────────────────────────

/** A licence type as the catalog's published implementations define it (read model). */
export const LicenceTypeView = z.object({
  code: z.string().describe('证照类型代码'),
  name: z.string(),
  issuer: z.object({ name: z.string(), uscc: z.string(), departmentCode: z.string() }),
  validityMonths: z.number().int().min(0).describe('0 = long-term (长期)'),
  fields: z
    .array(LicenceFieldEntry)
    .describe('Field entries as the catalog defines them (a plain label, or a spec with its source)'),
  template: z.string(),
  implementationCode: z.string(),
  implementationVersion: z.number().int(),
});
export type LicenceTypeView = z.infer<typeof LicenceTypeView>;

export const LicenceTypeList = z.object({ items: z.array(LicenceTypeView) });
export type LicenceTypeList = z.infer<typeof LicenceTypeList>;

// ── /keys (签名密钥) ──────────────────────────────────────────────────────────────────────────────────────────

export const KeysQuery = z
  .object({
    issuer: z
      .string()
      .regex(/^[0-9A-Z]{18}$/)
      .optional()
      .describe('发证机关统一社会信用代码'),
  })
  .strict();
export type KeysQuery = z.infer<typeof KeysQuery>;

export const SigningKeyStatus = z
  .enum(['active', 'retired', 'revoked'])
  .describe(
    'active: signs new licences; retired: rotated out, still verifies what it signed; revoked: compromised',
  );
export type SigningKeyStatus = z.infer<typeof SigningKeyStatus>;

export const PublishedKey = z.object({
  kid: z.string().describe('Key id (SM3 fingerprint)'),
  issuerUscc: z.string(),
  issuerName: z.string(),
  algorithm: z.string(),
  signerId: z.string(),
  publicKey: z.string().describe('Uncompressed point 04‖x‖y, hex'),
  publicKeyPem: z.string(),
  status: SigningKeyStatus,
  createdAt: Instant,
  retiredAt: Instant.nullable(),
});
export type PublishedKey = z.infer<typeof PublishedKey>;

export const PublishedKeys = z.object({
  algorithm: z.string(),
  signerId: z.string(),
  signatureEncoding: z.string(),
  keys: z.array(PublishedKey),
});
export type PublishedKeys = z.infer<typeof PublishedKeys>;

export const RevokedKey = PublishedKey.extend({
  invalidatedLicences: z.number().int().min(0).describe('Licences that became 签章失效'),
});
export type RevokedKey = z.infer<typeof RevokedKey>;
