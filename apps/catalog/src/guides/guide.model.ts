import {
  AUDIENCE_NAMES,
  ITEM_TYPE_NAMES,
  LEVEL_NAMES,
  licenceTypeCodeEntry,
  type CaseTypeCode,
  type Guide,
  type GuideDepartment,
  type GuideFeeRow,
  type GuideField,
  type GuideMaterialRow,
  type GuideParallel,
  type GuideProcessStep,
  type GuideSection,
  type GuideSectionId,
  type GuideSectionOf,
  type HandlingFormCode,
  type HandlingKind,
  type ImplementationSnapshot,
  type JointKind,
  type MaterialSpec,
} from '@hall/contracts';

/**
 * 办事指南 (service guide) as display-ready zh-CN data, built from one published implementation snapshot.
 * Every value is already formatted text, so the web, the HTML page and the PDF show the same words.
 */

/* The guide's shapes are part of the catalog's HTTP contract (libs/contracts/src/catalog/catalog-api.ts). */
export type {
  Guide,
  GuideDepartment,
  GuideFaq,
  GuideFeeRow,
  GuideField,
  GuideIntermediaryRow,
  GuideLink,
  GuideMaterialRow,
  GuideParallel,
  GuideProcessStep,
  GuideResultRow,
  GuideSection,
  GuideSectionId,
  GuideSectionOf,
} from '@hall/contracts';

/** Shown where the snapshot gives no value. */
export const NOT_GIVEN = '暂无';

const CASE_TYPE_NAMES: Readonly<Record<CaseTypeCode, string>> = { '1': '即办件', '2': '承诺件', '9': '其他' };
const HANDLING_FORM_NAMES: Readonly<Record<HandlingFormCode, string>> = {
  '1': '窗口办理',
  '2': '网上办理（电脑端）',
  '3': '网上办理（移动端）',
  '4': '快递申请',
  '9': '其他',
};
const HANDLING_KIND_NAMES: Readonly<Record<HandlingKind, string>> = {
  new: '新设',
  change: '变更',
  renew: '延续',
  cancel: '注销',
};
const JOINT_KIND_NAMES: Readonly<Record<JointKind, string>> = {
  single: '单部门办理',
  general: '一般并联审批（协办部门均办结后由牵头部门作出决定）',
  precondition: '承诺并联审批（协办部门事项可以告知承诺方式办理）',
  escalated: '提级办理（由上级部门作出决定）',
};

const CHINA_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai, no daylight saving time since 1991

/** "20个工作日"; 0 days reads "即办". */
export function formatWorkingDays(days: number): string {
  return days === 0 ? '即办' : `${days}个工作日`;
}

/** 有效期 from months: 0 → "长期", 60 → "5年", 18 → "1年6个月", 6 → "6个月". */
export function formatValidity(months: number): string {
  if (months === 0) return '长期';
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return `${rest}个月`;
  return rest === 0 ? `${years}年` : `${years}年${rest}个月`;
}

/** The calendar date of an instant in China time, "2026年11月22日". */
export function formatChinaDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${iso}`);
  const d = new Date(ms + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** Section numbering of Chinese official documents: 一、二、… (guides have at most a few dozen sections). */
export function chineseOrdinal(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n] ?? String(n);
  if (n < 20) return `十${n % 10 === 0 ? '' : (digits[n % 10] ?? '')}`;
  if (n < 100) return `${digits[Math.floor(n / 10)] ?? ''}十${n % 10 === 0 ? '' : (digits[n % 10] ?? '')}`;
  return String(n);
}

/** Link target of a stored catalog file: each key segment URL-encoded. */
export function catalogFileHref(key: string): string {
  return `/api/catalog/files/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Only http(s) URLs become links: a `javascript:` or `data:` URL stays plain text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const yesNo = (b: boolean): '是' | '否' => (b ? '是' : '否');

/** 数量限制 in words: "无数量限制", or the limit with its basis. */
export function quantityLimitText(q: ImplementationSnapshot['quantityLimit']): string {
  if (!q.limited) return '无数量限制';
  return q.basis.trim() === '' ? q.limit.trim() : `${q.limit.trim()}（依据：${q.basis.trim()}）`;
}

const orNone = (s: string) => (s.trim() === '' ? NOT_GIVEN : s.trim());

/** Non-empty lines of a free text, for paragraphs. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function quantityOf(m: MaterialSpec): string {
  const parts: string[] = [];
  if (m.originals > 0) parts.push(`原件${m.originals}份`);
  if (m.copies > 0) parts.push(`复印件${m.copies}份`);
  return parts.length > 0 ? parts.join('；') : '无需纸质材料';
}

function materialRow(
  m: MaterialSpec,
  index: number,
  licenceNames: ReadonlyMap<string, string>,
): GuideMaterialRow {
  // A type this item does not issue (居民身份证, 营业执照 …) is named from the type-code table; the code itself only as a last resort.
  const exemptByLicences = m.replaceableByLicenceTypes.map(
    (t) => licenceNames.get(t) ?? licenceTypeCodeEntry(t)?.name ?? t,
  );
  const row: GuideMaterialRow = {
    no: index + 1,
    id: m.id,
    name: m.name,
    issuingBody: m.issuingBody.trim() === '' ? '申请人自备' : m.issuingBody,
    originals: m.originals,
    copies: m.copies,
    quantity: quantityOf(m),
    required: m.required,
    necessity: m.required ? '必要' : '非必要',
    main: m.main,
    category: m.main ? '主要' : '辅助',
    acceptanceStandard: m.acceptanceStandard.trim(),
    basis: m.basis?.trim() ?? '',
    exemptByLicences,
    exemption: exemptByLicences.length > 0 ? `可通过电子证照免提交（${exemptByLicences.join('、')}）` : '',
    promiseAllowed: m.promiseAllowed,
    promise: m.promiseAllowed ? '可告知承诺' : '',
  };
  if (m.blankForm)
    row.blankForm = { label: '空白表格', name: m.blankForm.name, href: catalogFileHref(m.blankForm.key) };
  if (m.example)
    row.example = { label: '示例样表', name: m.example.name, href: catalogFileHref(m.example.key) };
  return row;
}

/** Builds the zh-CN service guide of a published implementation snapshot. Pure: same snapshot, same guide. */
export function buildGuide(snapshot: ImplementationSnapshot): Guide {
  const s = snapshot;
  const name = s.baseItem.name;
  const tpl = s.processTemplate;

  const departmentNames = new Map<string, string>([
    [s.implementingBody.departmentCode, s.implementingBody.name],
  ]);
  for (const d of [tpl.lead, ...tpl.coDepartments, ...(tpl.escalateTo ? [tpl.escalateTo] : [])])
    departmentNames.set(d.code, d.name);
  const licenceNames = new Map(s.results.map((r) => [r.licenceTypeCode, r.name] as const));
  const onlineHref = s.service.online ? safeHref(s.service.onlineUrl) : undefined;

  const basic: GuideField[] = [
    { label: '事项名称', value: name },
    { label: '事项类型', value: ITEM_TYPE_NAMES[s.baseItem.type] },
    { label: '基本编码', value: s.baseItem.code },
    { label: '实施编码', value: s.implementationCode },
    ...(s.baseItem.handlingKind
      ? [{ label: '业务办理项', value: HANDLING_KIND_NAMES[s.baseItem.handlingKind] }]
      : []),
    { label: '实施主体', value: s.implementingBody.name },
    { label: '实施主体编码', value: s.implementingBody.uscc },
    ...(s.baseItem.competentDepartment ? [{ label: '主管部门', value: s.baseItem.competentDepartment }] : []),
    { label: '行使层级', value: LEVEL_NAMES[s.level] },
    { label: '实施区划', value: s.regionName },
    { label: '服务对象', value: s.audiences.map((a) => AUDIENCE_NAMES[a]).join('、') },
    { label: '办件类型', value: CASE_TYPE_NAMES[s.caseType] },
    { label: '办理形式', value: s.service.handlingForms.map((f) => HANDLING_FORM_NAMES[f]).join('、') },
    { label: '法定办结时限', value: formatWorkingDays(s.legalLimitDays) },
    { label: '承诺办结时限', value: formatWorkingDays(s.promisedLimitDays) },
    { label: '到办事现场次数', value: `${s.service.visits}次` },
    { label: '是否网办', value: s.service.online ? '是' : '否' },
    ...(s.service.online
      ? [
          {
            label: '网上办理地址',
            value: s.service.onlineUrl ?? NOT_GIVEN,
            ...(onlineHref ? { href: onlineHref } : {}),
          },
        ]
      : []),
    ...(s.themes.length > 0 ? [{ label: '主题分类', value: s.themes.join('、') }] : []),
    { label: '数量限制', value: quantityLimitText(s.quantityLimit) },
    { label: '是否支持预约办理', value: yesNo(s.service.appointment) },
    { label: '是否支持网上支付', value: yesNo(s.service.onlinePayment) },
    { label: '是否支持物流快递', value: yesNo(s.service.courierDelivery) },
  ];

  const steps: GuideProcessStep[] = tpl.steps.map((st, i) => ({
    no: i + 1,
    name: st.name,
    department: departmentNames.get(st.departmentCode) ?? st.departmentCode,
    limit: formatWorkingDays(st.limitDays),
    note: st.twoOfficials ? '两名工作人员现场核查' : '',
  }));
  const parallel: GuideParallel | null =
    tpl.jointKind === 'single' && tpl.coDepartments.length === 0 && !tpl.escalateTo
      ? null
      : {
          kind: tpl.jointKind,
          kindName: JOINT_KIND_NAMES[tpl.jointKind],
          departments: [
            {
              role: '牵头部门',
              code: tpl.lead.code,
              name: tpl.lead.name,
              limit: formatWorkingDays(tpl.lead.limitDays),
            },
            ...tpl.coDepartments.map((d): GuideDepartment => ({
              role: '协办部门',
              code: d.code,
              name: d.name,
              limit: formatWorkingDays(d.limitDays),
            })),
            ...(tpl.escalateTo
              ? [
                  {
                    role: '决定部门' as const,
                    code: tpl.escalateTo.code,
                    name: tpl.escalateTo.name,
                    limit: NOT_GIVEN,
                  },
                ]
              : []),
          ],
        };

  const fees = s.fees.map((f): GuideFeeRow => ({
    item: f.item,
    standard: f.standard,
    basis: f.basis,
    waivable: f.waivable ? '是' : '否',
    reductions: f.reductions.trim(),
  }));
  const conditions = paragraphsOf(s.acceptanceConditions);

  const sections: GuideSection[] = [
    { id: 'basic', title: '基本信息', kind: 'fields', fields: basic },
    { id: 'legal-basis', title: '设定依据', kind: 'text', paragraphs: paragraphsOf(s.baseItem.legalBasis) },
    {
      id: 'conditions',
      title: '受理条件',
      kind: 'text',
      paragraphs: conditions.length > 0 ? conditions : ['无特定受理条件'],
    },
    {
      id: 'materials',
      title: '申请材料',
      kind: 'materials',
      rows: s.materials.map((m, i) => materialRow(m, i, licenceNames)),
    },
    {
      id: 'process',
      title: '办理流程',
      kind: 'process',
      description: s.process.map((p) => p.trim()).filter((p) => p !== ''),
      steps,
      parallel,
    },
    {
      id: 'fees',
      title: '收费标准',
      kind: 'fees',
      free: fees.length === 0,
      summary: fees.length === 0 ? '不收费' : '收费',
      rows: fees,
    },
    {
      id: 'results',
      title: '办理结果',
      kind: 'results',
      resultName: s.resultName.trim(),
      rows: s.results.map((r, i) => ({
        no: i + 1,
        licenceTypeCode: r.licenceTypeCode,
        name: r.name,
        validity: formatValidity(r.validityMonths),
      })),
      ...(s.resultSample
        ? {
            sample: {
              label: '结果样本',
              name: s.resultSample.name,
              href: catalogFileHref(s.resultSample.key),
            },
          }
        : {}),
    },
    {
      id: 'intermediaries',
      title: '中介服务',
      kind: 'intermediaries',
      rows: s.intermediaryServices.map((svc, i) => ({
        no: i + 1,
        name: svc.name,
        required: yesNo(svc.required),
        legalBasis: svc.legalBasis,
        providers: svc.providers.map((p) => ({ name: p.name, uscc: p.uscc, contact: p.contact.trim() })),
      })),
    },
    {
      id: 'place',
      title: '办理地点和时间',
      kind: 'fields',
      fields: [
        { label: '办理地点', value: orNone(s.service.place) },
        { label: '办理时间', value: orNone(s.service.hours) },
      ],
    },
    {
      id: 'contact',
      title: '咨询与投诉',
      kind: 'fields',
      fields: [
        { label: '咨询电话', value: orNone(s.service.consultPhone) },
        { label: '监督投诉电话', value: orNone(s.service.complaintPhone) },
      ],
    },
    { id: 'faq', title: '常见问题', kind: 'faq', items: s.service.faqs.map((f) => ({ q: f.q, a: f.a })) },
  ];

  return {
    title: `${name} 办事指南`,
    name,
    implementationCode: s.implementationCode,
    baseCode: s.baseItem.code,
    regionName: s.regionName,
    implementingBody: s.implementingBody.name,
    version: s.version,
    versionLabel: `第${s.version}版`,
    publishedAt: s.publishedAt,
    publishedDate: formatChinaDate(s.publishedAt),
    online: s.service.online,
    appointment: s.service.appointment,
    sections,
  };
}

/** The section with the given id (every guide has each id exactly once). */
export function guideSection<I extends GuideSectionId>(guide: Guide, id: I): GuideSectionOf<I> {
  const found = guide.sections.find((s): s is GuideSectionOf<I> => s.id === id);
  if (!found) throw new Error(`guide has no section ${id}`);
  return found;
}
