import { chineseDate, type NoticeDocument } from './notice.pdf.js';

export type NoticeKind = 'acceptance' | 'refusal' | 'supplement' | 'return' | DecisionNoticeKind;
/** The written decision after approval (行政许可法 art. 38): 准予 / 不予行政许可决定书. */
export type DecisionNoticeKind = 'approval-decision' | 'denial-decision';
export const DECISION_NOTICE_KINDS: readonly DecisionNoticeKind[] = ['approval-decision', 'denial-decision'];

export const NOTICE_TITLES: Readonly<Record<NoticeKind, string>> = {
  acceptance: '受理通知书',
  refusal: '不予受理决定书',
  supplement: '补正材料一次性告知书',
  return: '审查环节补正材料一次性告知书',
  'approval-decision': '准予行政许可决定书',
  'denial-decision': '不予行政许可决定书',
};

const NUMBER_PREFIX: Readonly<Record<NoticeKind, string>> = {
  acceptance: '受',
  refusal: '不受',
  supplement: '补',
  return: '审补',
  'approval-decision': '许',
  'denial-decision': '不许',
};

/** What every notice needs to know about the application. */
export interface NoticeSubject {
  no: string;
  itemName: string;
  implementingBody: string;
  applicantName: string;
  receivedAt: Date;
  promisedLimitDays: number;
}

/** 文号; `round` tells apart several notices of one kind (a department may return an application more than once). */
export function noticeNumber(kind: NoticeKind, subject: NoticeSubject, at: Date, round?: number): string {
  const year = new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
  return `${NUMBER_PREFIX[kind]}〔${year}〕${subject.no}${round !== undefined ? `-${round}` : ''}号`;
}

function frame(
  kind: NoticeKind,
  s: NoticeSubject,
  at: Date,
  paragraphs: string[],
  items?: string[],
  round?: number,
): NoticeDocument {
  return {
    title: NOTICE_TITLES[kind],
    number: noticeNumber(kind, s, at, round),
    addressee: `${s.applicantName}：`,
    paragraphs,
    ...(items && items.length > 0 ? { items } : {}),
    issuer: `${s.implementingBody}（政务服务中心综合窗口代章）`,
    issuedAt: at.toISOString(),
    footer: `办件编号：${s.no}。可凭办件编号与手机号或证件号码后四位在“一网通办”查询办理进度。`,
  };
}

export function acceptanceNotice(
  s: NoticeSubject,
  at: Date,
  opts: {
    mode: 'normal' | 'tolerance' | 'deemed';
    tolerance?: { missing: string[]; supplyBy: Date; promise: string };
    queryCode?: string;
  },
): NoticeDocument {
  const paragraphs = [
    `你（单位）于${chineseDate(s.receivedAt)}提出的“${s.itemName}”申请，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。`,
    `本机关将自受理之日起${s.promisedLimitDays}个工作日内作出决定（依法需要听证、检验、检测、鉴定、专家评审等的，所需时间不计算在内）。`,
  ];
  if (opts.mode === 'deemed') {
    paragraphs[0] = `你（单位）于${chineseDate(s.receivedAt)}提出的“${s.itemName}”申请，本机关未在五个工作日内告知需要补正的全部内容，根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，自收到申请材料之日起即为受理。`;
  }
  let items: string[] | undefined;
  if (opts.mode === 'tolerance' && opts.tolerance) {
    paragraphs.push(
      `本申请按容缺受理办理。你（单位）已书面承诺：${opts.tolerance.promise}。请于${chineseDate(opts.tolerance.supplyBy)}前补齐下列材料；逾期未补齐的，本申请终止办理。`,
    );
    items = opts.tolerance.missing;
  }
  // 查询码: the secret of the public progress lookup, given to the applicant only (never published).
  if (opts.queryCode)
    paragraphs.push(
      `办件查询码：${opts.queryCode}。凭办件编号和查询码可在网上办事大厅查询办理进度，请妥善保管，勿告知他人。`,
    );
  return frame('acceptance', s, at, paragraphs, items);
}

export function refusalNotice(
  s: NoticeSubject,
  at: Date,
  reasons: string,
  redirectTo?: string,
): NoticeDocument {
  const paragraphs = [
    `你（单位）于${chineseDate(s.receivedAt)}提出的“${s.itemName}”申请，经审查，决定不予受理。理由如下：${reasons}`,
  ];
  if (redirectTo) paragraphs.push(`该申请事项不属于本机关职权范围，请向${redirectTo}提出申请。`);
  paragraphs.push(
    '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政许可法》第三十八条）。',
  );
  return frame('refusal', s, at, paragraphs);
}

export function supplementNotice(
  s: NoticeSubject,
  at: Date,
  items: { name: string; problem: string }[],
): NoticeDocument {
  return frame(
    'supplement',
    s,
    at,
    [
      `你（单位）于${chineseDate(s.receivedAt)}提出的“${s.itemName}”申请，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知需要补正的全部内容如下：`,
      '请按要求补正全部材料后重新提交。补正材料提交后，本机关将及时审查并作出是否受理的决定。',
    ],
    items.map((i) => `${i.name}：${i.problem}`),
  );
}

/**
 * 退回补正 by an approval department after acceptance: what it asks for, all at once, and that the time until the
 * applicant's answer does not count against the time limit.
 */
export function returnNotice(
  s: NoticeSubject,
  at: Date,
  r: { departmentName: string; opinion: string; items: { name: string; problem: string }[]; round: number },
): NoticeDocument {
  const items = r.items.length > 0 ? r.items.map((i) => `${i.name}：${i.problem}`) : [r.opinion];
  return frame(
    'return',
    s,
    at,
    [
      `你（单位）申请的“${s.itemName}”已受理，经${r.departmentName}审查，需要补正材料。审查意见：${r.opinion}`,
      '现一次性告知需要补正的全部内容如下。请通过“一网通办”我的办件或到综合窗口提交补正材料；补正期间不计算在审批期限内，补正后审批继续进行。',
    ],
    items,
    r.round,
  );
}

/** What the decision (approval's `case.decided`) says, for its written form. */
export interface DecisionFacts {
  outcome: 'approved' | 'denied';
  /** The decider's reasons (a denial's statement of rights, if appended upstream, is left to the rights paragraph). */
  reasons: string;
  decidedAt: Date;
  acceptedAt: Date | null;
  /** The deciding administrative body (实施主体) and its 统一社会信用代码. */
  issuer: { name: string; uscc: string };
  /** 行政复议机关 named in a denial's statement of rights. */
  reviewBody: string;
  /** Licences to be issued on an approval (多证联办: one or more; none for a decision without a licence). */
  licences: { name: string; validityMonths: number }[];
}

/** A line stating the rights to review and litigation, as approval appends it to a denial's reasons. */
const RIGHTS_LINE = /行政复议.*行政诉讼|行政诉讼.*行政复议/;

/** The decider's reasons without any statement of rights (the decision document states them once, completely). */
export function decisionReasons(reasons: string): string {
  return reasons
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !RIGHTS_LINE.test(l))
    .join('\n');
}

/** Ends a reason with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[。！？；.!?;]$/.test(text) ? text : `${text}。`;
}

function validity(months: number): string {
  if (months === 0) return '长期有效';
  return months % 12 === 0 ? `有效期${months / 12}年` : `有效期${months}个月`;
}

/**
 * 准予行政许可决定书 / 不予行政许可决定书 (行政许可法 art. 38): the decision in writing, issued in the deciding body's
 * own name. A denial states its reasons and the applicant's rights to 行政复议 (within 60 days, with the review body)
 * and 行政诉讼 (within 6 months); an approval names the licences to be issued (art. 39, within 10 days: art. 44).
 */
export function decisionNotice(s: NoticeSubject, d: DecisionFacts): NoticeDocument {
  const kind: DecisionNoticeKind = d.outcome === 'approved' ? 'approval-decision' : 'denial-decision';
  const accepted = d.acceptedAt ? `，本机关于${chineseDate(d.acceptedAt)}依法受理` : '';
  const reasons = decisionReasons(d.reasons);
  const paragraphs: string[] = [];
  let items: string[] = [];
  if (d.outcome === 'approved') {
    paragraphs.push(
      `你（单位）于${chineseDate(s.receivedAt)}提出的“${s.itemName}”申请${accepted}。经审查，你（单位）的申请符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。`,
    );
    if (reasons) paragraphs.push(`审查意见：${sentence(reasons)}`);
    if (d.licences.length > 0) {
      paragraphs.push(
        '本机关将自本决定作出之日起十日内向你（单位）颁发、送达下列行政许可证件（《中华人民共和国行政许可法》第三十九条、第四十四条）：',
      );
      items = d.licences.map((l) => `${l.name}（${validity(l.validityMonths)}）`);
    }
    paragraphs.push('本决定依法予以公开，公众有权查阅（《中华人民共和国行政许可法》第四十条）。');
  } else {
    paragraphs.push(
      `你（单位）于${chineseDate(s.receivedAt)}提出的“${s.itemName}”申请${accepted}。经审查，根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。`,
    );
    paragraphs.push(`理由如下：${reasons ? sentence(reasons) : '申请不符合法定条件、标准。'}`);
    paragraphs.push(
      `如不服本决定，你（单位）可以自收到本决定书之日起六十日内向${d.reviewBody}申请行政复议，也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。`,
    );
  }
  return {
    title: NOTICE_TITLES[kind],
    number: noticeNumber(kind, s, d.decidedAt),
    addressee: `${s.applicantName}：`,
    paragraphs,
    ...(items.length > 0 ? { items } : {}),
    issuer: d.issuer.name,
    issuedAt: d.decidedAt.toISOString(),
    footer: `办件编号：${s.no}。作出决定的行政机关：${d.issuer.name}（统一社会信用代码 ${d.issuer.uscc}）。可凭办件编号与手机号或证件号码后四位在“一网通办”查询办理进度。`,
  };
}
