import type { WarningType } from '@hall/contracts';
import { chinaDateString } from '@hall/calendar';
import type { CardLevel } from '../clocks/clock.js';

/** Card rules (亮灯规则): a rule number per subject kind and level. */
export const CARD_RULES = {
  C01: '办件承诺时限黄牌预警',
  C02: '办件超承诺时限红牌',
  C03: '审批环节时限黄牌预警',
  C04: '审批环节超时限红牌',
  C05: '受理时限（5个工作日）黄牌预警',
  C06: '超受理时限（5个工作日）红牌',
  C07: '依申请公开答复期限黄牌预警',
  C08: '依申请公开超答复期限红牌',
  C09: '咨询投诉答复时限黄牌预警',
  C10: '咨询投诉超答复时限红牌',
  C11: '主动公开发布期限黄牌预警',
  C12: '主动公开超发布期限红牌',
} as const;

type ClockKindOfRule = 'case' | 'task' | 'acceptance' | 'disclosure-request' | 'enquiry' | 'disclosure-item';

const CARD_RULE_OF: Record<ClockKindOfRule, Record<'yellow' | 'red', keyof typeof CARD_RULES>> = {
  case: { yellow: 'C01', red: 'C02' },
  task: { yellow: 'C03', red: 'C04' },
  acceptance: { yellow: 'C05', red: 'C06' },
  'disclosure-request': { yellow: 'C07', red: 'C08' },
  enquiry: { yellow: 'C09', red: 'C10' },
  'disclosure-item': { yellow: 'C11', red: 'C12' },
};

/** The card rules of clocked matters (依申请公开, 咨询投诉, 主动公开); every other rule is about a 办件. */
export const MATTER_RULE_NOS: readonly string[] = (
  ['disclosure-request', 'enquiry', 'disclosure-item'] as const
).flatMap((k) => [CARD_RULE_OF[k].yellow, CARD_RULE_OF[k].red]);

const ruleKindOf = (kind: string): ClockKindOfRule =>
  kind === 'task' ||
  kind === 'acceptance' ||
  kind === 'disclosure-request' ||
  kind === 'enquiry' ||
  kind === 'disclosure-item'
    ? kind
    : 'case';

export interface DesiredAlert {
  dedupeKey: string;
  subject: string;
  ruleNo: string;
  warningType: WarningType;
  level: 'yellow' | 'red';
  content: string;
  responsibleDepartment: string;
}

export interface AlertInputs {
  /** What the record is about: 办件 (default), or the noun of a clocked matter (依申请公开申请, 投诉 …). */
  noun?: string;
  caseRow: {
    applicationNo: string;
    itemName: string;
    departmentCode: string;
    regionCode: string;
    implementationCode: string;
    implementationVersion: number;
  };
  clocks: readonly {
    subject: string;
    kind: string;
    departmentCode: string;
    limitDays: number;
    usedDays: number;
    dueAt: Date;
    level: string;
  }[];
  tasks: readonly { taskId: string; departmentName: string }[];
  anomalies: readonly {
    subject: string;
    ruleNo: string;
    title: string;
    detail: string;
    departmentCode: string;
  }[];
}

/** The alerts a case should have open now: one per yellow/red clock and one per anomaly. */
export function desiredAlerts({
  caseRow,
  clocks,
  tasks,
  anomalies,
  noun = '办件',
}: AlertInputs): DesiredAlert[] {
  const no = caseRow.applicationNo;
  const out: DesiredAlert[] = [];
  for (const c of clocks) {
    const level = c.level as CardLevel;
    if (level === 'green') continue;
    const kind = ruleKindOf(c.kind);
    const ruleNo = CARD_RULE_OF[kind][level];
    const what =
      kind === 'task'
        ? `${tasks.find((t) => `task:${t.taskId}` === c.subject)?.departmentName ?? c.departmentCode}审批环节`
        : kind === 'acceptance'
          ? '受理环节'
          : kind === 'case'
            ? '办件'
            : kind === 'disclosure-item'
              ? '发布'
              : '答复';
    const state = level === 'red' ? '已超期' : '即将到期';
    out.push({
      dedupeKey: `${no}|${c.subject}|${ruleNo}`,
      subject: c.subject,
      ruleNo,
      warningType: level === 'red' ? 'red-card' : 'yellow-card',
      level,
      content: `${noun} ${no}「${caseRow.itemName}」${what}${state}：时限 ${c.limitDays} 个工作日，已用 ${c.usedDays} 个工作日，截止 ${chinaDateString(c.dueAt)}。`,
      responsibleDepartment: c.departmentCode,
    });
  }
  for (const a of anomalies) {
    out.push({
      dedupeKey: `${no}|${a.subject}|${a.ruleNo}`,
      subject: a.subject,
      ruleNo: a.ruleNo,
      warningType: 'anomaly',
      level: 'red',
      content: `${noun} ${no}「${caseRow.itemName}」${a.title}：${a.detail}`,
      responsibleDepartment: a.departmentCode,
    });
  }
  return out;
}
