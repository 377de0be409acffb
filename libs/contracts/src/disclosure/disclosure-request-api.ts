/**
 * HTTP contract of 依申请公开 (on-request disclosure, 《政府信息公开条例》 2019 arts. 27–45) in the disclosure service
 * (`/api/disclosure/requests/…`). Schema const and inferred type share one name. Browser-safe: zod only.
 */
import { z } from 'zod';
import {
  ANSWER_TYPES,
  APPLICANT_ORG_TYPES,
  REFUSAL_GROUNDS,
  REMEDY_OUTCOMES,
  REQUEST_CHANNELS,
  REQUEST_STATUSES,
  UNAVAILABLE_GROUNDS,
} from '../constants.js';

export {
  ANSWER_TYPES,
  APPLICANT_ORG_TYPES,
  REFUSAL_GROUNDS,
  REMEDY_OUTCOMES,
  REQUEST_CHANNELS,
  REQUEST_STATUSES,
  UNAVAILABLE_GROUNDS,
};

const Instant = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date().describe('China date YYYY-MM-DD');
const Text = (max: number) => z.string().trim().min(1).max(max);

export const RequestChannel = z
  .enum(REQUEST_CHANNELS)
  .describe('online 网上, window 当面, post 邮寄, fax 传真, email 电子邮件');
export type RequestChannel = z.infer<typeof RequestChannel>;

export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const AnswerType = z.enum(ANSWER_TYPES);
export type AnswerType = z.infer<typeof AnswerType>;

export const RemedyOutcome = z.enum(REMEDY_OUTCOMES);
export type RemedyOutcome = z.infer<typeof RemedyOutcome>;

/**
 * The kind of a 法人或其他组织 applicant (the annual report's columns): commercial 商业企业, research 科研机构,
 * public-welfare 社会公益组织, legal-service 法律服务机构, other-organisation 其他. Only for a business applicant.
 */
export const ApplicantOrgType = z.enum(APPLICANT_ORG_TYPES);
export type ApplicantOrgType = z.infer<typeof ApplicantOrgType>;

const OrgTypeField = ApplicantOrgType.optional().describe(
  '法人或其他组织的类型 (business applicants only; absent: read from the USCC registration authority code, see docs/disclosure.md)',
);

/** 获取信息的方式 (art. 29 ¶2 (三)): the form and the way the applicant wants the information. */
const Delivery = {
  deliveryForm: z.enum(['paper', 'electronic']).describe('paper 纸质, electronic 电子'),
  deliveryWay: z
    .enum(['online', 'post', 'collection'])
    .describe('online 网上获取, post 邮寄, collection 自行领取'),
  postalAddress: Text(300).optional().describe('邮寄地址 (required when deliveryWay = post)'),
};

/** A request filed online by the signed-in applicant (the applicant is the token's person or business). */
export const FileRequestBody = z.strictObject({
  agency: z.string().min(1).max(60).describe('The agency (department code) asked, e.g. market-regulation'),
  description: Text(4000).describe('所需政府信息的名称、文号或者便于查询的其他特征性描述 (art. 29 ¶2 (二))'),
  purpose: Text(1000).optional().describe('用途 (optional)'),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{5,30}$/)
    .optional()
    .describe('联系电话 besides the account'),
  organisationType: OrgTypeField,
  ...Delivery,
});
export type FileRequestBody = z.input<typeof FileRequestBody>;

/** A request received at the window, by post, fax or e-mail and registered by the agency's staff. */
export const RegisterRequestBody = z.strictObject({
  channel: z.enum(['window', 'post', 'fax', 'email']),
  applicant: z.strictObject({
    kind: z.enum(['person', 'business']).describe('公民 or 法人/其他组织'),
    name: Text(200),
    idNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{18}$/)
      .describe('居民身份证号码 (person) or 统一社会信用代码 (business), check digit verified'),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-\s]{5,30}$/)
      .optional(),
    organisationType: OrgTypeField,
  }),
  description: Text(4000),
  purpose: Text(1000).optional(),
  receivedOn: IsoDate.optional().describe(
    'post: 行政机关签收之日 (required); fax/email: 双方确认之日 (default today); window: always today',
  ),
  ...Delivery,
});
export type RegisterRequestBody = z.input<typeof RegisterRequestBody>;

/** 补正 notice (art. 30): what to complete and the applicant's time to do it. */
export const CorrectionBody = z.strictObject({
  items: z.array(Text(500)).min(1).max(20).describe('需要补正的事项'),
  replyWithinWorkingDays: z
    .number()
    .int()
    .min(5)
    .max(30)
    .default(15)
    .describe('合理的补正期限 in working days from the notice'),
});
export type CorrectionBody = z.input<typeof CorrectionBody>;

/** The corrected request (补正后的申请): the new description, by the applicant or registered by staff. */
export const CorrectedBody = z.strictObject({
  description: Text(4000),
  purpose: Text(1000).optional(),
});
export type CorrectedBody = z.input<typeof CorrectedBody>;

/** Third-party consultation (art. 32). */
export const ConsultationBody = z.strictObject({
  thirdParty: Text(200).describe('第三方 (name)'),
  matter: Text(1000).describe('征求意见的事项'),
});
export type ConsultationBody = z.input<typeof ConsultationBody>;

export const ConsultationEndBody = z.strictObject({
  outcome: z.enum(['consented', 'objected', 'no-reply']).describe('同意公开 / 不同意公开 / 逾期未提出意见'),
  note: Text(1000).optional(),
});
export type ConsultationEndBody = z.input<typeof ConsultationEndBody>;

/** Extension proposal (art. 33 ¶2): up to 20 working days, once. */
export const ExtensionBody = z.strictObject({
  days: z.number().int().min(1).max(20),
  reason: Text(1000),
});
export type ExtensionBody = z.input<typeof ExtensionBody>;

/** The 负责人's decision on the proposed extension. */
export const ExtensionDecisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: Text(500).optional(),
});
export type ExtensionDecisionBody = z.input<typeof ExtensionDecisionBody>;

/** 信息处理费 (国办函〔2020〕109号): none, 按件 (per request, monthly count per applicant) or 按量 (per page). */
export const FeeChoice = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('none') }),
  z.strictObject({ method: z.literal('per-request') }),
  z.strictObject({ method: z.literal('per-page'), pages: z.number().int().min(1).max(100_000) }),
]);
export type FeeChoice = z.infer<typeof FeeChoice>;

/**
 * 不予公开 grounds, the rows (三)1–8 of table 三 of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号):
 * state-secret 属于国家秘密, prohibited-by-law 其他法律行政法规禁止公开, security-stability 危及"三安全一稳定",
 * third-party 保护第三方合法权益, internal-affairs 属于三类内部事务信息, process-information 属于四类过程性信息,
 * enforcement-file 属于行政执法案卷, administrative-query 属于行政查询事项.
 */
export const RefusalGround = z.enum(REFUSAL_GROUNDS);
export type RefusalGround = z.infer<typeof RefusalGround>;

/**
 * 无法提供 grounds, rows (四)1–3 of table 三: not-held 本机关不掌握相关政府信息, needs-creation 没有现成信息需要另行制作,
 * unclear 补正后申请内容仍不明确.
 */
export const UnavailableGround = z.enum(UNAVAILABLE_GROUNDS);
export type UnavailableGround = z.infer<typeof UnavailableGround>;

const LegalBasis = Text(500).describe('法律依据, e.g. 《政府信息公开条例》第十四条');
const Reason = Text(2000).describe('理由');
const common = { note: Text(2000).optional().describe('其他告知事项') };
const withFee = { fee: FeeChoice.default({ method: 'none' }) };

/** The answer (答复) by type; each type's required fields (art. 36, 37, 39). */
export const AnswerBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('already-public'),
    publishedWhere: Text(500).describe('获取该政府信息的方式和途径'),
    itemId: z.uuid().optional().describe('the 主动公开 item, when it is in this hall'),
    ...common,
  }),
  z.strictObject({
    type: z.literal('granted'),
    informationProvided: Text(4000).describe('提供的政府信息'),
    ...withFee,
    ...common,
  }),
  z.strictObject({
    type: z.literal('partial'),
    informationProvided: Text(4000),
    withheldParts: Text(2000).describe('不予公开的部分'),
    reason: Reason,
    legalBasis: LegalBasis,
    ...withFee,
    ...common,
  }),
  z.strictObject({
    type: z.literal('refused'),
    reason: Reason,
    legalBasis: LegalBasis,
    ground: RefusalGround.optional().describe(
      '不予公开的情形 as the annual report counts it (absent: read from legalBasis, see docs/disclosure.md)',
    ),
    ...common,
  }),
  z.strictObject({
    type: z.literal('not-exist'),
    reason: Reason.describe('检索情况: why the information does not exist'),
    ground: UnavailableGround.optional().describe('无法提供的情形 for the annual report (default not-held)'),
    ...common,
  }),
  z.strictObject({
    type: z.literal('not-responsible'),
    responsibleAgency: Text(200).describe('负责公开该政府信息的行政机关'),
    contact: Text(300).optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal('repeated'),
    previousRequestNo: Text(60).describe('已作出答复的申请编号'),
    ...common,
  }),
  z.strictObject({
    type: z.literal('special-rules'),
    channel: Text(500).describe('依照法律、行政法规办理的途径, e.g. 工商登记资料查询'),
    legalBasis: LegalBasis,
    ...common,
  }),
  z.strictObject({
    type: z.literal('not-disclosure-request'),
    redirectKind: z
      .enum(['consultation', 'complaint', 'petition', 'other'])
      .describe('咨询 / 投诉举报 / 信访 / 其他'),
    redirectTo: Text(500).describe('the channel the applicant is told to use'),
    ...common,
  }),
]);
export type AnswerBody = z.input<typeof AnswerBody>;

/** 行政复议 or 行政诉讼 recorded against a request (PUT replaces one by id). */
export const RemedyBody = z.strictObject({
  kind: z.enum(['review', 'litigation']).describe('review 行政复议, litigation 行政诉讼'),
  filedOn: IsoDate,
  outcome: RemedyOutcome,
  decidedOn: IsoDate.optional(),
  note: Text(1000).optional(),
});
export type RemedyBody = z.input<typeof RemedyBody>;

/**
 * POST /requests/:id/delivery: how the answer reached the applicant when it goes by post or is collected
 * (寄送/领取, art. 29 ¶2 (三) 获取信息的方式). Recording again replaces the record (a wrong tracking number).
 */
export const DeliveryBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('posted').describe('寄送: posted to the address of the request'),
    deliveredOn: IsoDate.describe('寄出日期 (not before the answer, not in the future)'),
    carrier: Text(40).describe('寄送方式/快递公司, e.g. 中国邮政EMS'),
    trackingNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{6,40}$/, 'expected a tracking number: 6–40 letters, digits or -')
      .describe('快递单号/挂号信号码'),
  }),
  z.strictObject({
    kind: z.literal('collected').describe('领取: collected at the office'),
    deliveredOn: IsoDate.describe('领取日期 (not before the answer, not in the future)'),
    collectedBy: Text(60).describe('领取人 (the applicant or their agent, as on the ID shown)'),
  }),
]);
export type DeliveryBody = z.input<typeof DeliveryBody>;

/** The delivery record of an answer (寄送/领取). */
export const DeliveryView = z.object({
  kind: z.enum(['posted', 'collected']),
  deliveredOn: IsoDate,
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  collectedBy: z.string().nullable(),
  recordedAt: Instant,
});
export type DeliveryView = z.infer<typeof DeliveryView>;

/**
 * POST /requests/:id/fee/payment: the officer records the payment of the 信息处理费 of the 收费通知 (paid at the
 * counter, by bank transfer or on the 非税收入 platform); the answer is then given.
 */
export const FeePaymentBody = z.strictObject({
  paidOn: IsoDate.describe('缴费日期 (not before the 收费通知, not in the future)'),
  receiptNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, 'expected a receipt number: 4–40 letters, digits or -')
    .describe('缴费凭证号/非税收入票据号'),
});
export type FeePaymentBody = z.input<typeof FeePaymentBody>;

/**
 * POST /requests/:id/withdrawal: staff register a withdrawal the applicant sent on paper (书面撤回申请), with the day it
 * was received; same end state as the applicant's online withdrawal. The scan goes to …/withdrawal/scan (multipart).
 */
export const PaperWithdrawalBody = z.strictObject({
  receivedOn: IsoDate.describe(
    '收到书面撤回申请之日 (not before the request was received, not in the future)',
  ),
  note: Text(1000).optional().describe('备注, e.g. 申请人来信撤回'),
});
export type PaperWithdrawalBody = z.input<typeof PaperWithdrawalBody>;

/** The 收费通知 of a request and its payment (国办函〔2020〕109号). */
export const FeeNoticeView = z.object({
  yuan: z.number().int().positive(),
  method: z.enum(['per-request', 'per-page']),
  notifiedAt: Instant,
  dueAt: Instant.describe('缴费期限: 20 working days after the notice; unpaid by then = 视为放弃申请'),
  paidAt: Instant.nullable(),
  paidOn: IsoDate.nullable(),
  paidVia: z
    .enum(['online', 'recorded'])
    .nullable()
    .describe('online 网上缴费 by the applicant, recorded 工作人员登记'),
  receiptNo: z.string().nullable(),
});
export type FeeNoticeView = z.infer<typeof FeeNoticeView>;

/** A withdrawal (撤回): online by the applicant, or registered by staff from the applicant's letter. */
export const WithdrawalView = z.object({
  via: z.enum(['online', 'paper']),
  receivedOn: IsoDate.nullable().describe('paper: 收到书面撤回申请之日'),
  note: z.string().nullable(),
  scan: z
    .object({ name: z.string(), size: z.number().int() })
    .nullable()
    .describe('the scanned letter, if uploaded'),
});
export type WithdrawalView = z.infer<typeof WithdrawalView>;

export const RequestListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: RequestStatus.optional(),
});
export type RequestListQuery = Partial<z.output<typeof RequestListQuery>>;

export const RequestPause = z.object({
  kind: z
    .enum(['correction', 'consultation', 'fee'])
    .describe('fee: waiting for the 信息处理费 (not counted)'),
  startedAt: Instant,
  endedAt: Instant.nullable(),
  dueAt: Instant.describe("the other side's deadline"),
  thirdParty: z.string().nullable(),
  matter: z.string().nullable(),
  outcome: z.string().nullable(),
});
export type RequestPause = z.infer<typeof RequestPause>;

export const RequestNoticeView = z.object({
  id: z.uuid(),
  kind: z.enum(['correction', 'extension', 'fee', 'answer']).describe('fee: 收费通知'),
  number: z.string(),
  issuedAt: Instant,
});
export type RequestNoticeView = z.infer<typeof RequestNoticeView>;

export const RemedyView = z.object({
  id: z.uuid(),
  kind: z.enum(['review', 'litigation']),
  filedOn: IsoDate,
  outcome: RemedyOutcome,
  decidedOn: IsoDate.nullable(),
  note: z.string().nullable(),
});
export type RemedyView = z.infer<typeof RemedyView>;

/** A request as its applicant or the agency's staff sees it. */
export const DisclosureRequestView = z.object({
  id: z.uuid(),
  requestNo: z.string().describe('申请编号'),
  departmentCode: z.string(),
  departmentName: z.string(),
  channel: RequestChannel,
  applicant: z.object({
    kind: z.enum(['person', 'business']),
    name: z.string(),
    idType: z.enum(['ID_CARD', 'USCC']),
    idNumber: z.string().describe('masked for a person (居民身份证号码), in full for a USCC'),
    organisationType: ApplicantOrgType.nullable().describe('a business applicant’s kind; null for a person'),
  }),
  description: z.string(),
  purpose: z.string().nullable(),
  deliveryForm: z.enum(['paper', 'electronic']),
  deliveryWay: z.enum(['online', 'post', 'collection']),
  status: RequestStatus,
  submittedAt: Instant,
  receivedOn: IsoDate.describe('收到申请之日 (art. 31; a 补正 restarts it, art. 30)'),
  dueAt: Instant.describe('答复期限: 20 (+ extension) working days, consultation not counted'),
  overdue: z.boolean(),
  correction: z
    .object({
      items: z.array(z.string()),
      requestedAt: Instant,
      dueAt: Instant,
      correctedAt: Instant.nullable(),
    })
    .nullable(),
  extension: z
    .object({
      status: z.enum(['pending', 'approved', 'rejected']),
      days: z.number().int(),
      reason: z.string(),
      decidedAt: Instant.nullable(),
    })
    .nullable(),
  pauses: z.array(RequestPause),
  answer: z
    .object({
      type: AnswerType,
      answeredAt: Instant,
      feeYuan: z.number().int(),
      feeMethod: z.enum(['none', 'per-request', 'per-page']),
      fields: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  withdrawReason: z
    .enum(['deemed', 'applicant', 'fee-unpaid'])
    .nullable()
    .describe('deemed 逾期不补正视为放弃, applicant 申请人撤回, fee-unpaid 逾期未缴纳信息处理费视为放弃'),
  withdrawal: WithdrawalView.nullable()
    .default(null)
    .describe('how the applicant withdrew it (reason applicant)'),
  feeNotice: FeeNoticeView.nullable()
    .default(null)
    .describe('the 收费通知 when the answer carries a 信息处理费; the answer is given once it is paid'),
  delivery: DeliveryView.nullable()
    .default(null)
    .describe('寄送/领取 of the answer (post or collection), once the agency recorded it'),
  notices: z.array(RequestNoticeView),
  remedies: z.array(RemedyView),
  mayDecideExtension: z
    .boolean()
    .describe('the caller is a 负责人 other than the proposer of a pending extension'),
});
export type DisclosureRequestView = z.infer<typeof DisclosureRequestView>;

export const DisclosureRequestPage = z.object({
  items: z.array(DisclosureRequestView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type DisclosureRequestPage = z.infer<typeof DisclosureRequestPage>;
