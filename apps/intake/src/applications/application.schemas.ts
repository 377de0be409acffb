import { LicenceIdentifier } from '@hall/contracts';
import { z } from 'zod';
import { ApplicationStatus } from './application-status.js';

const MaterialId = z.string().regex(/^[a-z0-9-]{1,40}$/).describe('Material id from the implementation\'s material list');

/** How the applicant provides one material: uploaded files, an own e-licence (免提交) or a signed promise (告知承诺). */
export const MaterialInput = z.discriminatedUnion('source', [
  z.object({ materialId: MaterialId, source: z.literal('upload'), fileIds: z.array(z.uuid()).min(1).max(20).describe('Ids from POST /files') }).strict(),
  z
    .object({
      materialId: MaterialId,
      source: z.literal('licence'),
      licenceIdentifier: LicenceIdentifier.describe('The applicant\'s own e-licence replacing the material (GET /licences lists the usable ones)'),
    })
    .strict(),
  z.object({ materialId: MaterialId, source: z.literal('promise'), promise: z.string().trim().min(1).max(2000).describe('告知承诺: the promise text the applicant signs') }).strict(),
]);
export type MaterialInput = z.infer<typeof MaterialInput>;

export const PostalAddress = z
  .object({
    recipient: z.string().trim().min(1).max(100),
    phone: z.string().trim().regex(/^[0-9+\- ]{5,30}$/),
    address: z.string().trim().min(1).max(500),
    postcode: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict();

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
    kind: z.enum(['person', 'business']),
    name: z.string().trim().min(1).max(200),
    idNumber: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{18}$/).describe('居民身份证号码 (person) or 统一社会信用代码 (business)'),
    phone: z.string().trim().regex(/^[0-9+\- ]{5,30}$/).optional(),
    email: z.email().optional(),
  })
  .strict();

export const SubmitApplicationBody = z
  .object({
    implementationCode: z.string().min(1).max(100),
    formData: z.record(z.string().max(100), z.unknown()).default({}).describe('Form fields (申请表)'),
    materials: z.array(MaterialInput).max(100).default([]),
    delivery: DeliveryChoice.default({ method: 'window' }),
    applicant: ApplicantInput.optional().describe('代办 only: the walk-in applicant (clerks)'),
    contact: z.object({ phone: z.string().trim().regex(/^[0-9+\- ]{5,30}$/).optional(), email: z.email().optional() }).strict().optional(),
  })
  .strict();
export type SubmitApplicationBody = z.infer<typeof SubmitApplicationBody>;

export const PrecheckBody = SubmitApplicationBody.pick({ implementationCode: true, materials: true, applicant: true })
  .extend({ formData: z.record(z.string().max(100), z.unknown()).optional().describe('Form fields (申请表): checked against the form when given') })
  .strict();

const AcceptModes = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('normal'), opinion: z.string().max(2000).optional() }).strict(),
    z
      .object({
        mode: z.literal('tolerance'),
        missingMaterialIds: z.array(MaterialId).min(1).describe('Minor (non-main) materials still to supply'),
        promise: z.string().trim().min(1).max(2000).describe('The applicant\'s signed promise to supply them'),
        supplyWithinDays: z.number().int().min(1).max(3650).describe('Working days to supply them; ≤ the promised time limit'),
        opinion: z.string().max(2000).optional(),
      })
      .strict(),
  ]);
/** `mode` defaults to `normal` (受理); `tolerance` is 容缺受理. */
export const AcceptBody = z.preprocess(
  (v) => (v === undefined || v === null ? { mode: 'normal' } : typeof v === 'object' && !('mode' in v) ? { ...v, mode: 'normal' } : v),
  AcceptModes,
);
export type AcceptBody = z.infer<typeof AcceptBody>;

export const RefuseBody = z
  .object({
    reasons: z.string().trim().min(1).max(4000).describe('不予受理的理由'),
    redirectTo: z.string().trim().min(1).max(500).optional().describe('Where to apply instead when outside remit'),
  })
  .strict();

export const SupplementNoticeBody = z
  .object({
    items: z
      .array(z.object({ materialId: MaterialId, problem: z.string().trim().min(1).max(1000).describe('What is missing or wrong') }).strict())
      .min(1)
      .max(100),
  })
  .strict();

export const SupplementBody = z
  .object({
    materials: z.array(MaterialInput).max(100).default([]),
    note: z.string().trim().min(2).max(2000).optional().describe('退回补正: the applicant\'s answer to what a department asked, besides materials'),
    formData: z
      .record(z.string().max(100), z.unknown())
      .optional()
      .describe('Corrected form fields (申请表), replacing the filed ones: only while a supplement notice is open (before acceptance)'),
  })
  .strict();

export const WithdrawBody = z.object({ reason: z.string().trim().max(1000).default('') }).strict();

export const DeliverBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('window'), pickupCode: z.string().regex(/^\d{6}$/) }).strict(),
  z.object({ method: z.literal('post'), trackingNo: z.string().trim().min(4).max(60) }).strict(),
]);

export const ListQuery = z
  .object({
    mine: z.enum(['1', 'true']).optional(),
    queue: z.enum(['1', 'true']).optional(),
    status: z.enum(Object.values(ApplicationStatus)).optional().describe('Only applications in this status'),
    applicantIdNumber: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{18}$/)
      .optional()
      .describe('Window queue only: the applications of this applicant (居民身份证号码 or 统一社会信用代码), found by blind index'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
