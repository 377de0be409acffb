import type { Clock } from '@hall/calendar';
import type { AlertsService } from '../alerts/alerts.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import type { SupervisionStore, SupervisionTx } from '../supervision.store.js';
import { MATTER_NOUNS, MATTER_TITLES } from './matter-labels.js';
import { projectMatter, type MatterRow } from './matter.projection.js';
import {
  clearMatters,
  loadMatter,
  lockMatter,
  matterNosWithHistory,
  saveMatter,
} from './matter.repository.js';

/**
 * Keeps the matter projection (依申请公开 requests and enquiries) in step with their stored history, and their
 * 督办 records with their clocks: the same alert machinery and card thresholds as cases (rules C07–C10).
 */
export class MatterProjector {
  constructor(
    private readonly store: SupervisionStore,
    private readonly calendar: CalendarService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
  ) {}

  /** Re-projects one matter inside `tx` under its lock and reconciles its alerts. */
  async refresh(tx: SupervisionTx, matterNo: string): Promise<MatterRow | null> {
    await lockMatter(tx, matterNo);
    const { history, alerts } = await loadMatter(tx, matterNo);
    const row = projectMatter(matterNo, history, {
      calendar: this.calendar.current(),
      now: this.clock.now(),
      settings: this.settings,
    });
    if (row === null) return null;
    await saveMatter(tx, row);
    await this.alerts.reconcile(
      tx,
      {
        noun: MATTER_NOUNS[row.subKind],
        caseRow: {
          applicationNo: row.matterNo,
          itemName: MATTER_TITLES[row.subKind],
          departmentCode: row.departmentCode ?? UNROUTED,
          regionCode: row.regionCode,
          implementationCode: '',
          implementationVersion: 0,
        },
        clocks: [
          {
            subject: row.kind,
            kind: row.kind,
            departmentCode: row.departmentCode ?? UNROUTED,
            limitDays: row.limitDays,
            usedDays: row.usedDays,
            dueAt: row.dueAt,
            level: row.level,
          },
        ],
        tasks: [],
        anomalies: [],
      },
      alerts,
    );
    return row;
  }

  /** Re-projects each matter in its own transaction. */
  async refreshMany(matterNos: Iterable<string>): Promise<number> {
    let n = 0;
    for (const no of matterNos) {
      await this.store.messaging.transaction((tx) => this.refresh(tx, no));
      n += 1;
    }
    return n;
  }

  /** Empties the matter projection and replays the stored history (督办 records are kept and reconciled). */
  async rebuildAll(): Promise<number> {
    await this.store.prisma.$transaction((tx) => clearMatters(tx));
    return this.refreshMany(await matterNosWithHistory(this.store.prisma));
  }
}

/** The responsible department of an enquiry not routed yet: the dispatcher of the service centre (综合受理). */
export const UNROUTED = 'service-center';
