import type { CaseRisk, RiskQuery, RiskResult, StepRisk } from '@hall/contracts';
import type { Clock } from '@hall/calendar';
import type { CalendarService } from '../calendar/calendar.service.js';
import { readClock, StoredPauses } from '../clocks/clock.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import {
  completedSteps,
  openCaseClocks,
  openTaskClocks,
  riskCases,
  unfinishedTaskNames,
} from './risk.repository.js';
import type { SupervisionStore } from '../supervision.store.js';
import { casesTakenInScope } from '../access/scope.repository.js';
import { iso } from '../views.js';
import {
  combine,
  DEFAULT_RISK_SETTINGS,
  DurationHistory,
  expectedDays,
  missProbability,
  queueWait,
  remainingWork,
  round4,
  type RiskBasis,
  type RiskSettings,
} from './risk.model.js';

interface OpenStep {
  applicationNo: string;
  subject: string;
  departmentCode: string;
  startedAt: Date;
  limitDays: number;
  pauses: unknown;
}

const order = (a: OpenStep, b: OpenStep): number =>
  a.startedAt.getTime() - b.startedAt.getTime() ||
  a.applicationNo.localeCompare(b.applicationNo) ||
  a.subject.localeCompare(b.subject);

/** The ranked risk worklist (超期风险): every open case of the region with its probability of missing the promised limit. */
export class RiskService {
  constructor(
    private readonly store: SupervisionStore,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
    private readonly risk: RiskSettings = DEFAULT_RISK_SETTINGS,
  ) {}

  async ranked(regionPrefix: string, q: RiskQuery): Promise<RiskResult> {
    const p = this.store.prisma;
    const now = this.clock.now();
    const calendar = this.calendar.current();
    // 受理下移: a township or village scope also ranks the cases its points took in (`casesTakenInScope`).
    const caseClocks = await openCaseClocks(
      p,
      regionPrefix,
      await casesTakenInScope(p, regionPrefix),
      q.dept,
    );
    const nos = caseClocks.map((c) => c.applicationNo);
    const [cases, openSteps, names, history] = await Promise.all([
      riskCases(p, nos),
      openTaskClocks(p),
      unfinishedTaskNames(p, nos),
      this.history(),
    ]);
    const caseOf = new Map(cases.map((c) => [c.applicationNo, c]));
    const nameOf = new Map(names.map((n) => [`${n.applicationNo}:task:${n.taskId}`, n.departmentName]));
    const queues = new Map<string, OpenStep[]>();
    const stepsOf = new Map<string, OpenStep[]>();
    for (const s of openSteps) {
      const q1 = queues.get(s.departmentCode) ?? [];
      q1.push(s);
      queues.set(s.departmentCode, q1);
      const q2 = stepsOf.get(s.applicationNo) ?? [];
      q2.push(s);
      stepsOf.set(s.applicationNo, q2);
    }
    for (const list of queues.values()) list.sort(order);
    const ahead = (step: OpenStep): number =>
      (queues.get(step.departmentCode) ?? []).filter((o) => order(o, step) < 0).length;

    const items: CaseRisk[] = [];
    for (const cc of caseClocks) {
      const c = caseOf.get(cc.applicationNo);
      if (c === undefined) continue;
      const reading = readClock(
        {
          startedAt: cc.startedAt,
          limitDays: cc.limitDays,
          stoppedAt: null,
          pauses: StoredPauses.parse(cc.pauses),
        },
        now,
        calendar,
        this.settings,
      );
      const remainingDays = cc.limitDays - reading.usedDays;
      // No open step (not yet dispatched, or awaiting the decision): the case itself as one step of its department.
      const own = stepsOf.get(c.applicationNo) ?? [
        {
          applicationNo: c.applicationNo,
          subject: 'case',
          departmentCode: c.departmentCode,
          startedAt: cc.startedAt,
          limitDays: cc.limitDays,
          pauses: cc.pauses,
        },
      ];
      const steps = own.map((s): StepRisk => {
        const elapsed = readClock(
          {
            startedAt: s.startedAt,
            limitDays: s.limitDays,
            stoppedAt: null,
            pauses: StoredPauses.parse(s.pauses),
          },
          now,
          calendar,
          this.settings,
        ).usedDays;
        const dist = history.durations.distribution(
          s.departmentCode,
          c.implementationCode,
          s.limitDays,
          this.risk,
        );
        const remaining = remainingWork(dist, elapsed);
        const wait = queueWait(ahead(s), history.rates.get(s.departmentCode) ?? null, this.risk);
        return {
          taskId: s.subject.startsWith('task:') ? s.subject.slice(5) : null,
          departmentCode: s.departmentCode,
          departmentName: nameOf.get(`${s.applicationNo}:${s.subject}`) ?? s.departmentCode,
          elapsedDays: elapsed,
          limitDays: s.limitDays,
          probability: round4(missProbability(remaining, wait.waitDays, remainingDays)),
          basis: dist.basis,
          samples: dist.samples,
          expectedRemainingDays: round4(expectedDays(remaining)),
          queue: { ahead: ahead(s), ratePerDay: round4(wait.ratePerDay), waitDays: round4(wait.waitDays) },
        };
      });
      steps.sort(
        (a, b) =>
          b.probability - a.probability ||
          b.elapsedDays - a.elapsedDays ||
          a.departmentCode.localeCompare(b.departmentCode),
      );
      const [slowest] = steps;
      if (slowest === undefined) continue;
      const probability = round4(combine(steps.map((s) => s.probability)));
      if (q.minProbability !== undefined && probability < q.minProbability) continue;
      items.push({
        applicationNo: c.applicationNo,
        itemName: c.itemName,
        regionCode: c.regionCode,
        departmentCode: c.departmentCode,
        status: c.status,
        promisedDueAt: iso(reading.dueAt),
        remainingWorkingDays: remainingDays,
        probability,
        slowestStep: slowest,
        steps,
        reasons: [
          remainingDays < 0
            ? `已超过承诺时限 ${-remainingDays} 个工作日`
            : `距承诺时限剩余 ${remainingDays} 个工作日`,
          `最慢环节：${slowest.departmentName}，已用 ${slowest.elapsedDays} 个工作日（环节时限 ${slowest.limitDays}），预计还需 ${slowest.expectedRemainingDays} 个工作日（依据：${BASIS_LABEL[slowest.basis]}，${slowest.samples} 个样本）`,
          `${slowest.departmentName}排队：前面 ${slowest.queue.ahead} 件，日均办结 ${slowest.queue.ratePerDay} 件，预计等待 ${slowest.queue.waitDays} 个工作日`,
        ],
      });
    }
    items.sort(
      (a, b) =>
        b.probability - a.probability ||
        a.remainingWorkingDays - b.remainingWorkingDays ||
        a.applicationNo.localeCompare(b.applicationNo),
    );
    return { readAt: iso(now), model: { ...this.risk }, total: items.length, items: items.slice(0, q.limit) };
  }

  /** Completed steps (durations per department and item) and each department's completions per working day. */
  private async history(): Promise<{ durations: DurationHistory; rates: Map<string, number> }> {
    const rows = await completedSteps(this.store.prisma);
    const calendar = this.calendar.current();
    const span = new Map<string, { n: number; first: Date; last: Date }>();
    for (const r of rows) {
      const started = new Date(r.started_at);
      const completed = new Date(r.completed_at);
      const s = span.get(r.department_code);
      if (s === undefined) span.set(r.department_code, { n: 1, first: started, last: completed });
      else {
        s.n += 1;
        if (started < s.first) s.first = started;
        if (completed > s.last) s.last = completed;
      }
    }
    const rates = new Map<string, number>();
    for (const [dept, s] of span)
      rates.set(dept, s.n / Math.max(1, calendar.workingDaysBetween(s.first, s.last)));
    const durations = new DurationHistory(
      rows.map((r) => ({
        departmentCode: r.department_code,
        implementationCode: r.implementation_code,
        durationDays: Number(r.days),
      })),
    );
    return { durations, rates };
  }
}

const BASIS_LABEL: Record<RiskBasis, string> = {
  item: '本部门本事项历史',
  department: '本部门历史',
  global: '全部部门历史',
  prior: '历史不足，含先验',
};
