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
} as const;

const CARD_RULE_OF: Record<
  'case' | 'task' | 'acceptance',
  Record<'yellow' | 'red', keyof typeof CARD_RULES>
> = {
  case: { yellow: 'C01', red: 'C02' },
  task: { yellow: 'C03', red: 'C04' },
  acceptance: { yellow: 'C05', red: 'C06' },
};

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
export function desiredAlerts({ caseRow, clocks, tasks, anomalies }: AlertInputs): DesiredAlert[] {
  const no = caseRow.applicationNo;
  const out: DesiredAlert[] = [];
  for (const c of clocks) {
    const level = c.level as CardLevel;
    if (level === 'green') continue;
    const kind = c.kind === 'task' ? 'task' : c.kind === 'acceptance' ? 'acceptance' : 'case';
    const ruleNo = CARD_RULE_OF[kind][level];
    const what =
      kind === 'task'
        ? `${tasks.find((t) => `task:${t.taskId}` === c.subject)?.departmentName ?? c.departmentCode}审批环节`
        : kind === 'acceptance'
          ? '受理环节'
          : '办件';
    const state = level === 'red' ? '已超期' : '即将到期';
    out.push({
      dedupeKey: `${no}|${c.subject}|${ruleNo}`,
      subject: c.subject,
      ruleNo,
      warningType: level === 'red' ? 'red-card' : 'yellow-card',
      level,
      content: `办件 ${no}「${caseRow.itemName}」${what}${state}：时限 ${c.limitDays} 个工作日，已用 ${c.usedDays} 个工作日，截止 ${chinaDateString(c.dueAt)}。`,
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
      content: `办件 ${no}「${caseRow.itemName}」${a.title}：${a.detail}`,
      responsibleDepartment: a.departmentCode,
    });
  }
  return out;
}
