/**
 * HTTP contract of the intake service (申报受理, `/api/intake/…`): one zod schema per request and response, used by
 * the controllers (parse at the edge + OpenAPI), by the services' return types and by the web client (types + a
 * runtime check of every response in development builds). Schema const and inferred type share one name.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 */
import { z } from 'zod';
import { ImplementationSnapshot } from '../catalog/implementation-snapshot.js';
import { LicenceIdentifier } from '../licence/licence-events.js';
import { ClosingAction } from './application-events.js';
import { ApplicationLocation } from './service-point-api.js';

// ── shared pieces ────────────────────────────────────────────────────────────────────────────────────────────

const Instant = z.iso.datetime({ offset: true });

/** Statuses of an application (办件); the zh-CN label travels with it as `statusLabel`. */
export const APPLICATION_STATUSES = [
  'submitted',
  'supplement-requested',
  'supplemented',
  'accepted',
  'returned',
  'closing',
  'refused',
  'withdrawn',
  'terminated',
  'decided',
  'completed',
  'delivered',
] as const;
export const ApplicationStatusCode = z
  .enum(APPLICATION_STATUSES)
  .describe(
    'submitted 已申报, supplement-requested 待补正, supplemented 已补正, accepted 已受理, returned 退回补正, closing 撤回/终止中, ' +
      'refused 不予受理, withdrawn 已撤回, terminated 已终止, decided 已决定, completed 办结, delivered 已出件',
  );
export type ApplicationStatusCode = z.infer<typeof ApplicationStatusCode>;

/** Who did something, as intake stored it (staff member, applicant or the system). */
export const StoredActor = z.object({
  userId: z.string().describe('Subject of the account (`system` for a rule)'),
  name: z.string(),
  role: z.string().describe('Hall role the action was taken in (clerk, applicant, system …)'),
  department: z.string().optional(),
  region: z.string().optional(),
});
export type StoredActor = z.infer<typeof StoredActor>;

const MaterialId = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/)
  .describe("Material id from the implementation's material list");

const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,30}$/);

/** Paging of a list answer. */
const PageInfo = {
  total: z.number().int().min(0).describe('Matching rows in all pages'),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
};

// ── POST /applications, /applications/precheck ──────────────────────────────────────────────────────────────

/** How the applicant provides one material: uploaded files, an own e-licence (免提交) or a signed promise (告知承诺). */
export const MaterialInput = z.discriminatedUnion('source', [
  z
    .object({
      materialId: MaterialId,
      source: z.literal('upload'),
      fileIds: z.array(z.uuid()).min(1).max(20).describe('Ids from POST /files'),
    })
    .strict(),
  z
    .object({
      materialId: MaterialId,
      source: z.literal('licence'),
      licenceIdentifier: LicenceIdentifier.describe(
        "The applicant's own e-licence replacing the material (GET /licences lists the usable ones)",
      ),
    })
    .strict(),
  z
    .object({
      materialId: MaterialId,
      source: z.literal('promise'),
      promise: z.string().trim().min(1).max(2000).describe('告知承诺: the promise text the applicant signs'),
    })
    .strict(),
]);
export type MaterialInput = z.infer<typeof MaterialInput>;

/** 邮寄 address of the result. */
export const PostalAddress = z
  .object({
    recipient: z.string().trim().min(1).max(100).describe('收件人'),
    phone: Phone.describe('收件人电话'),
    address: z.string().trim().min(1).max(500).describe('收件地址'),
    postcode: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('邮政编码'),
  })
  .strict();
export type PostalAddress = z.infer<typeof PostalAddress>;

/** 出件方式: window pickup (窗口领取), post (邮寄) or the e-licence only (电子证照). */
export const DeliveryChoice = z.discriminatedUnion('method', [
  z.object({ method: z.literal('window') }).strict(),
  z.object({ method: z.literal('post'), address: PostalAddress }).strict(),
  z.object({ method: z.literal('electronic') }).strict(),
]);
export type DeliveryChoice = z.infer<typeof DeliveryChoice>;

/** 代办: the walk-in applicant a clerk submits for. */
export const ApplicantInput = z
  .object({
    kind: z.enum(['person', 'business']).describe('自然人 or 法人/其他组织'),
    name: z.string().trim().min(1).max(200).describe('Name of the person or the business'),
    idNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{18}$/)
      .describe('居民身份证号码 (person) or 统一社会信用代码 (business)'),
    phone: Phone.optional(),
    email: z.email().optional(),
  })
  .strict();
export type ApplicantInput = z.infer<typeof ApplicantInput>;

const FormData = z.record(z.string().max(100), z.unknown());

export const SubmitApplicationBody = z
  .object({
    implementationCode: z.string().min(1).max(100).describe('The implementation applied for (实施清单编码)'),
    formData: FormData.default({}).describe('Form fields (申请表)'),
    materials: z.array(MaterialInput).max(100).default([]),
    delivery: DeliveryChoice.default({ method: 'window' }),
    applicant: ApplicantInput.optional().describe('代办 only: the walk-in applicant (clerks)'),
    contact: z
      .object({ phone: Phone.optional(), email: z.email().optional() })
      .strict()
      .optional()
      .describe("The applicant's contact besides the token's (notifications)"),
  })
  .strict();
export type SubmitApplicationBody = z.infer<typeof SubmitApplicationBody>;

export const PrecheckBody = SubmitApplicationBody.pick({
  implementationCode: true,
  materials: true,
  applicant: true,
})
  .extend({
    formData: FormData.optional().describe('Form fields (申请表): checked against the form when given'),
  })
  .strict();
export type PrecheckBody = z.infer<typeof PrecheckBody>;

/** The completeness pre-check: which materials are still missing (nothing is saved). */
export const PrecheckResult = z.object({
  implementationCode: z.string(),
  implementationVersion: z
    .number()
    .int()
    .min(1)
    .describe('The version an application would be filed under now'),
  complete: z.boolean().describe('Every required material is provided'),
  submittable: z.boolean().describe('Every main material is provided (minor ones may follow as 容缺)'),
  missing: z
    .array(
      z.object({
        materialId: z.string(),
        name: z.string(),
        main: z.boolean().describe('主件 (required for submission)'),
      }),
    )
    .describe('Required materials not provided'),
});
export type PrecheckResult = z.infer<typeof PrecheckResult>;

// ── window actions: accept, refuse, supplement notice, supplement, withdraw, delivery, deliver ──────────────

const AcceptModes = z.discriminatedUnion('mode', [
  z
    .object({ mode: z.literal('normal'), opinion: z.string().max(2000).optional().describe('受理意见') })
    .strict(),
  z
    .object({
      mode: z.literal('tolerance'),
      missingMaterialIds: z.array(MaterialId).min(1).describe('Minor (non-main) materials still to supply'),
      promise: z.string().trim().min(1).max(2000).describe("The applicant's signed promise to supply them"),
      supplyWithinDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .describe('Working days to supply them; ≤ the promised time limit'),
      opinion: z.string().max(2000).optional().describe('受理意见'),
    })
    .strict(),
]);
/** `mode` defaults to `normal` (受理); `tolerance` is 容缺受理. */
export const ApplicationAcceptBody = z.preprocess(
  (v) =>
    v === undefined || v === null
      ? { mode: 'normal' }
      : typeof v === 'object' && !('mode' in v)
        ? { ...v, mode: 'normal' }
        : v,
  AcceptModes,
);
export type ApplicationAcceptBody = z.infer<typeof ApplicationAcceptBody>;

export const ApplicationRefuseBody = z
  .object({
    reasons: z.string().trim().min(1).max(4000).describe('不予受理的理由'),
    redirectTo: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('Where to apply instead when outside remit'),
  })
  .strict();
export type ApplicationRefuseBody = z.infer<typeof ApplicationRefuseBody>;

export const SupplementNoticeBody = z
  .object({
    items: z
      .array(
        z
          .object({
            materialId: MaterialId,
            problem: z.string().trim().min(1).max(1000).describe('What is missing or wrong'),
          })
          .strict(),
      )
      .min(1)
      .max(100)
      .describe('Every missing or faulty material at once (一次性告知)'),
  })
  .strict();
export type SupplementNoticeBody = z.infer<typeof SupplementNoticeBody>;

export const SupplementBody = z
  .object({
    materials: z.array(MaterialInput).max(100).default([]).describe('The materials supplied now'),
    note: z
      .string()
      .trim()
      .min(2)
      .max(2000)
      .optional()
      .describe("退回补正: the applicant's answer to what a department asked, besides materials"),
    formData: FormData.optional().describe(
      'Corrected form fields (申请表), replacing the filed ones: only while a supplement notice is open (before acceptance)',
    ),
  })
  .strict();
export type SupplementBody = z.infer<typeof SupplementBody>;

export const ApplicationWithdrawBody = z
  .object({ reason: z.string().trim().max(1000).default('').describe('撤回的理由') })
  .strict();
export type ApplicationWithdrawBody = z.infer<typeof ApplicationWithdrawBody>;

export const ApplicationDeliverBody = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('window'),
      pickupCode: z
        .string()
        .regex(/^\d{6}$/)
        .describe('取件码 the applicant shows'),
    })
    .strict(),
  z
    .object({ method: z.literal('post'), trackingNo: z.string().trim().min(4).max(60).describe('快递单号') })
    .strict(),
]);
export type ApplicationDeliverBody = z.infer<typeof ApplicationDeliverBody>;

// ── GET /applications ───────────────────────────────────────────────────────────────────────────────────────

export const ApplicationListQuery = z
  .object({
    mine: z.enum(['1', 'true']).optional().describe("1 = the caller's own applications"),
    queue: z.enum(['1', 'true']).optional().describe("1 = the window queue of the clerk's region"),
    status: ApplicationStatusCode.optional().describe('Only applications in this status'),
    applicantIdNumber: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{18}$/)
      .optional()
      .describe(
        'Window queue only: the applications of this applicant (居民身份证号码 or 统一社会信用代码), found by blind index',
      ),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('Only applications whose 事项名称 or 办件编号 contains this text'),
    from: z.iso
      .date()
      .optional()
      .describe('Only applications received on or after this day (YYYY-MM-DD, China Standard Time)'),
    to: z.iso
      .date()
      .optional()
      .describe('Only applications received on or before this day (YYYY-MM-DD, China Standard Time)'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'on or after `from`',
  });
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;

/** One application in a list (我的办件 / the window queue). */
export const ApplicationSummary = z.object({
  no: z.string().describe('办件编号'),
  status: ApplicationStatusCode,
  statusLabel: z.string(),
  itemName: z.string().describe('事项名称'),
  implementationCode: z.string(),
  implementationVersion: z.number().int().min(1),
  regionCode: z.string(),
  applicantName: z.string(),
  agent: z.boolean().describe('代办: submitted by a clerk for a walk-in applicant'),
  servicePointName: z
    .string()
    .nullable()
    .optional()
    .describe('The service point that holds it now (null: none involved)'),
  handoverPending: z
    .boolean()
    .optional()
    .describe('Taken in (收件) at a 代办 point and not yet handed over to the competent window'),
  receivedAt: Instant,
  supplementDueBy: Instant.describe('The one-time supplement notice is due by then (5 working days)'),
  supplementDueByProvisional: z
    .boolean()
    .describe('暂定: counted into a year without the official holiday arrangement'),
  acceptedAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  promisedLimitDays: z.number().int().describe('承诺办结时限 (working days, counted from acceptance)'),
  dueBy: Instant.nullable().describe(
    '承诺办结 due date: acceptance + promisedLimitDays working days; null before acceptance and once ended (办结, 出件, 撤回, 终止, 不予受理)',
  ),
  dueByProvisional: z
    .boolean()
    .describe('暂定: dueBy counted into a year without the official holiday arrangement'),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummary>;

export const ApplicationPage = z.object({ ...PageInfo, items: z.array(ApplicationSummary) });
export type ApplicationPage = z.infer<typeof ApplicationPage>;

// ── GET /applications/:no (and every action's answer) ─────────────────────────────────────────────────────

/** One stored file of a material. */
export const MaterialFileRef = z.object({
  fileId: z
    .string()
    .optional()
    .describe('The uploaded file id (download route); absent in rows written before it was recorded'),
  bucket: z.string(),
  key: z.string(),
  name: z.string().describe('File name as uploaded'),
  sha256: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  url: z.string().optional().describe('Download route (with fileId)'),
});
export type MaterialFileRef = z.infer<typeof MaterialFileRef>;

/** One material of an application, per round (0 = as submitted, then supplements). */
export const ApplicationMaterialView = z.object({
  materialId: z.string(),
  name: z.string(),
  source: z
    .enum(['upload', 'licence', 'promise'])
    .describe('Uploaded files, an own e-licence (免提交) or a promise (告知承诺)'),
  round: z.number().int().min(0),
  current: z.boolean().describe('The latest round of this material'),
  files: z.array(MaterialFileRef),
  licenceIdentifier: z.string().nullable(),
  licence: z
    .object({
      identifier: z.string().nullable(),
      licenceTypeCode: z.string().nullable(),
      checkedAt: Instant.nullable(),
    })
    .optional()
    .describe('source licence: the e-licence and when it was checked'),
  promise: z.string().nullable(),
});
export type ApplicationMaterialView = z.infer<typeof ApplicationMaterialView>;

/** A notice (受理通知书, 不予受理决定书, 一次性告知书 …) with its PDF. */
export const ApplicationNoticeView = z.object({
  id: z.string(),
  kind: z.string().describe('Kind of notice'),
  number: z.string().describe('文书编号'),
  issuedAt: Instant,
  sha256: z
    .string()
    .nullable()
    .describe('SHA-256 of the PDF; null until its first download renders and stores it'),
  url: z.string().describe('PDF route'),
  content: z.record(z.string(), z.unknown()).describe('What the notice says (as printed)'),
});
export type ApplicationNoticeView = z.infer<typeof ApplicationNoticeView>;

/** One thing an approval department asked for in its return (退回补正): a listed material, or something it names. */
export const ApplicationReturnItem = z.object({
  materialId: z.string().optional(),
  name: z.string(),
  problem: z.string().describe('What is missing or wrong'),
});
export type ApplicationReturnItem = z.infer<typeof ApplicationReturnItem>;

/** 退回补正 by an approval department, with its one-time notice (审查环节补正材料一次性告知书). */
export const ReturnRequestView = z.object({
  id: z.string(),
  departmentName: z.string(),
  opinion: z.string(),
  items: z.array(ApplicationReturnItem),
  requestedAt: Instant,
  answeredAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  noticeUrl: z.string().nullable(),
});
export type ReturnRequestView = z.infer<typeof ReturnRequestView>;

export const ApplicationTimelineEntry = z.object({
  from: z.string().nullable(),
  to: z.string(),
  action: z.string(),
  actor: StoredActor,
  note: z.string().nullable(),
  at: Instant,
});
export type ApplicationTimelineEntry = z.infer<typeof ApplicationTimelineEntry>;

/** The application as its applicant, a clerk of its region or a supervisor sees it. */
export const ApplicationView = z.object({
  no: z.string().describe('申请编号'),
  queryCode: z
    .string()
    .optional()
    .describe('查询码 of the public progress lookup (applicant and window; never a supervisor)'),
  status: ApplicationStatusCode,
  statusLabel: z.string(),
  rowVersion: z.number().int().min(1),
  implementation: z
    .object({
      code: z.string(),
      version: z.number().int().min(1),
      itemName: z.string(),
      regionCode: z.string(),
      implementingBody: z.string(),
      departmentCode: z.string(),
      promisedLimitDays: z.number().int().describe('承诺时限 (working days)'),
      legalLimitDays: z.number().int().describe('法定时限 (working days)'),
    })
    .describe('The implementation version it was filed under'),
  applicant: z
    .object({
      kind: z.string(),
      userId: z.string().nullable(),
      name: z.string(),
      idType: z.string(),
      idNumber: z.string(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    })
    .describe('申请人'),
  agent: StoredActor.nullable().describe('代办: the clerk who submitted for a walk-in applicant'),
  location: ApplicationLocation.optional().describe('Where it is (service point) and its 代办 handover'),
  submittedBy: StoredActor,
  formData: z.record(z.string(), z.unknown()).describe('申请表 as filed'),
  formFields: z
    .array(z.object({ key: z.string(), label: z.string(), type: z.string() }))
    .describe('The 申请表 fields of the filed version (labels for formData keys)'),
  materials: z.array(ApplicationMaterialView),
  missingMaterialIds: z.array(z.string()),
  delivery: z.object({
    method: z.string().describe('window, post or electronic'),
    address: PostalAddress.nullable(),
    pickupCode: z.string().nullable().optional().describe('取件码: the applicant only'),
    trackingNo: z.string().nullable(),
  }),
  acceptance: z
    .object({
      mode: z.string().nullable().describe('normal, tolerance (容缺) or deemed'),
      acceptedAt: Instant,
      acceptedBy: StoredActor.nullable(),
      tolerance: z
        .object({
          missingMaterialIds: z.array(z.string()),
          promise: z.string().nullable(),
          supplyBy: Instant.nullable(),
          supplyByProvisional: z.boolean(),
          satisfiedAt: Instant.nullable(),
        })
        .optional()
        .describe('容缺受理 only'),
    })
    .optional(),
  refusal: z
    .object({ refusedAt: Instant, reasons: z.string().nullable(), redirectTo: z.string().nullable() })
    .optional(),
  decision: z
    .object({
      outcome: z.string().nullable().describe('approved or denied'),
      decidedAt: Instant,
      reasons: z.string().nullable(),
      expectedLicenceTypes: z.array(z.string()),
    })
    .optional(),
  dates: z.object({
    receivedAt: Instant,
    supplementDueBy: Instant,
    supplementDueByProvisional: z.boolean(),
    supplementRequestedAt: Instant.nullable(),
    supplementedAt: Instant.nullable(),
    acceptedAt: Instant.nullable(),
    refusedAt: Instant.nullable(),
    withdrawnAt: Instant.nullable(),
    terminatedAt: Instant.nullable(),
    decidedAt: Instant.nullable(),
    completedAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
    dueBy: Instant.nullable().describe(
      '承诺办结 due date: acceptance + implementation.promisedLimitDays working days; null before acceptance and once ended (办结, 出件, 撤回, 终止, 不予受理)',
    ),
    dueByProvisional: z
      .boolean()
      .describe('暂定: dueBy counted into a year without the official arrangement'),
  }),
  withdrawReason: z.string().nullable(),
  terminationReason: z.string().nullable(),
  closingAction: ClosingAction.nullable().describe(
    "撤回 / 终止 awaiting approval's answer (status `closing`)",
  ),
  notices: z.array(ApplicationNoticeView),
  returns: z.array(ReturnRequestView).describe('退回补正 by approval departments'),
  timeline: z.array(ApplicationTimelineEntry),
  allowedActions: z
    .array(z.string())
    .describe("Actions the status allows now (the caller's role may still refuse them)"),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

/** 出件's answer: the application, and for a window pickup the one-time code for the window rating device (评价器). */
export const DeliveredApplicationView = ApplicationView.extend({
  windowRating: z
    .object({ code: z.string(), expiresAt: Instant })
    .optional()
    .describe("Window pickup: one-time code for the counter's rating device"),
});
export type DeliveredApplicationView = z.infer<typeof DeliveredApplicationView>;

// ── POST /files ─────────────────────────────────────────────────────────────────────────────────────────────

/** An uploaded material file, not yet attached to an application. */
export const UploadedMaterialFile = z.object({
  id: z.uuid().describe('Give it as fileIds of a material'),
  name: z.string(),
  sha256: z.string(),
  contentType: z.string().describe('Decided from the bytes (PDF, JPEG or PNG)'),
  size: z.number().int().min(0),
});
export type UploadedMaterialFile = z.infer<typeof UploadedMaterialFile>;

// ── /implementations (intake's read model) ─────────────────────────────────────────────────────────────────

/** The latest published implementation as intake knows it (new applications use this version). */
export const IntakeImplementation = z.object({
  code: z.string(),
  version: z.number().int().min(1),
  name: z.string(),
  baseCode: z.string(),
  itemType: z.string(),
  regionCode: z.string(),
  implementingBody: z.string(),
  legalLimitDays: z.number().int(),
  promisedLimitDays: z.number().int(),
  publishedAt: Instant,
  status: z.string().describe('published or retired (废止)'),
  snapshot: ImplementationSnapshot,
  updatedAt: Instant,
});
export type IntakeImplementation = z.infer<typeof IntakeImplementation>;

export const IntakeImplementationVersions = z.object({
  code: z.string(),
  versions: z.array(
    z.object({
      code: z.string(),
      version: z.number().int().min(1),
      name: z.string(),
      regionCode: z.string(),
      promisedLimitDays: z.number().int(),
      legalLimitDays: z.number().int(),
      publishedAt: Instant,
    }),
  ),
});
export type IntakeImplementationVersions = z.infer<typeof IntakeImplementationVersions>;

/** One published version with its full snapshot. */
export const IntakeImplementationVersion = z.object({
  code: z.string(),
  version: z.number().int().min(1),
  name: z.string(),
  regionCode: z.string(),
  departmentCode: z.string(),
  legalLimitDays: z.number().int(),
  promisedLimitDays: z.number().int(),
  publishedAt: Instant,
  snapshot: ImplementationSnapshot,
  receivedAt: Instant.describe('When intake recorded it'),
});
export type IntakeImplementationVersion = z.infer<typeof IntakeImplementationVersion>;

// ── GET /licences (我的证照, 免提交) ────────────────────────────────────────────────────────────────────────

export const WalletLicenceQuery = z
  .object({
    implementationCode: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("Only licences usable (免提交) for this implementation's current materials"),
  })
  .strict();
export type WalletLicenceQuery = z.infer<typeof WalletLicenceQuery>;

export const WalletLicence = z.object({
  identifier: z.string().describe('电子证照标识'),
  licenceTypeCode: z.string(),
  name: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  usable: z.boolean().describe('Valid and unexpired now'),
  issuedAt: Instant.nullable(),
  validFrom: Instant.nullable(),
  validUntil: Instant.nullable().describe('null = long-term (长期) or not known'),
  replaces: z
    .array(z.object({ materialId: z.string(), name: z.string() }))
    .optional()
    .describe('With implementationCode: the materials it may stand for'),
});
export type WalletLicence = z.infer<typeof WalletLicence>;

export const WalletLicences = z.object({
  implementationCode: z.string().optional(),
  implementationVersion: z.number().int().min(1).optional(),
  items: z.array(WalletLicence),
});
export type WalletLicences = z.infer<typeof WalletLicences>;

// ── /notifications (站内信) ──────────────────────────────────────────────────────────────────────────────────

export const NotificationInboxQuery = z
  .object({
    unread: z.enum(['1', 'true']).optional().describe('1 = unread messages only'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type NotificationInboxQuery = z.infer<typeof NotificationInboxQuery>;

export const NotificationInbox = z.object({
  total: z.number().int().min(0),
  unread: z.number().int().min(0).describe('All unread messages of the caller'),
  items: z.array(
    z.object({
      id: z.string(),
      applicationNo: z.string(),
      kind: z.string(),
      title: z.string(),
      body: z.string(),
      createdAt: Instant,
      readAt: Instant.nullable(),
    }),
  ),
});
export type NotificationInbox = z.infer<typeof NotificationInbox>;

export const NotificationRead = z.object({ id: z.string(), read: z.literal(true) });
export type NotificationRead = z.infer<typeof NotificationRead>;

// ── /public (进度查询, 双公示) ──────────────────────────────────────────────────────────────────────────────

/** 查询码: 8 characters of a 32-letter alphabet without 0/O/1/I. */
export const QUERY_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const QUERY_CODE_LENGTH = 8;

/** `ABCD-EFGH`, `abcd efgh`, `ABCDEFGH` → `ABCDEFGH` (what is hashed); undefined when it cannot be a code. */
export function normaliseQueryCode(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return code.length === QUERY_CODE_LENGTH && [...code].every((c) => QUERY_CODE_ALPHABET.includes(c))
    ? code
    : undefined;
}

export const PublicProgressQuery = z
  .object({
    no: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^\d{20}[0-9A-Z]$/, 'application number (21 characters)')
      .describe('申请编号'),
    code: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .refine(
        (c) => normaliseQueryCode(c) !== undefined,
        '查询码: 8 characters (letters and digits, e.g. ABCD-EFGH)',
      )
      .describe(
        '查询码 from the receipt, the 受理通知书 or the application view (case and the dash do not matter)',
      ),
  })
  .strict();
export type PublicProgressQuery = z.infer<typeof PublicProgressQuery>;

/** The applicant as the public may see them: persons masked, businesses in full. */
const PublicApplicant = z.object({ kind: z.string(), name: z.string(), idNumber: z.string() });

/** Progress of one application (personal data masked). */
export const PublicProgress = z.object({
  no: z.string(),
  itemName: z.string(),
  implementingBody: z.string(),
  status: ApplicationStatusCode,
  statusLabel: z.string(),
  applicant: PublicApplicant.extend({ phone: z.string().optional().describe('Masked') }),
  promisedLimitDays: z.number().int(),
  dates: z.object({
    receivedAt: Instant,
    acceptedAt: Instant.nullable(),
    refusedAt: Instant.nullable(),
    decidedAt: Instant.nullable(),
    completedAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
  }),
  timeline: z.array(z.object({ status: z.string(), label: z.string(), at: Instant })),
  servicePointName: z
    .string()
    .nullable()
    .optional()
    .describe('The service point (便民服务中心/站, 代办点) that holds it now (null: none involved)'),
});
export type PublicProgress = z.infer<typeof PublicProgress>;

export const PublicDecisionsQuery = z
  .object({
    region: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('行政区划代码'),
    outcome: z.enum(['approved', 'denied']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type PublicDecisionsQuery = z.infer<typeof PublicDecisionsQuery>;

/** 双公示: licensing decisions, applicant data masked. */
export const PublicDecisionPage = z.object({
  ...PageInfo,
  items: z.array(
    z.object({
      applicationNo: z.string(),
      itemName: z.string(),
      implementingBody: z.string(),
      regionCode: z.string(),
      applicant: PublicApplicant,
      outcome: z.string().nullable().describe('approved or denied'),
      outcomeLabel: z.string(),
      decidedAt: Instant.nullable(),
      publishBy: Instant.nullable().describe('公示期限: 7 working days after the decision'),
      publishByProvisional: z.boolean(),
    }),
  ),
});
export type PublicDecisionPage = z.infer<typeof PublicDecisionPage>;

// ── POST /jobs/run ───────────────────────────────────────────────────────────────────────────────────────────

export const IntakeJobRunReport = z.object({
  at: Instant,
  deemedAccepted: z
    .array(z.string())
    .describe('Applications deemed accepted (5 working days without a notice)'),
  terminated: z.array(z.string()).describe('容缺 applications terminated (materials not supplied in time)'),
  expiredUploads: z
    .array(z.string())
    .describe('Ids of uploads removed because they stayed unattached too long'),
  failed: z.array(z.object({ no: z.string(), error: z.string() })),
});
export type IntakeJobRunReport = z.infer<typeof IntakeJobRunReport>;
