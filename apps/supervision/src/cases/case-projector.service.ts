import { ImplementationPublished } from '@hall/contracts';
import type { Clock } from '@hall/calendar';
import type { AlertsService } from '../alerts/alerts.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import type { SupervisionRawTx, SupervisionStore } from '../supervision.store.js';
import type { Prisma } from '../generated/prisma/client.js';
import { projectCase } from './case.projection.js';
import {
  caseNosWithHistory,
  clearProjections,
  loadCase,
  lockCase,
  publishedImplementations,
  saveProjection,
  upsertImplementationInfo,
} from './case.repository.js';

/**
 * Keeps the per-case projection in step with the stored history: `refresh` re-projects one case from all its
 * events (so arrival order does not matter), `rebuildAll` empties the projection tables and replays history.
 */
export class CaseProjector {
  constructor(
    private readonly store: SupervisionStore,
    private readonly calendar: CalendarService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
    /** Opens the encrypted personal data of stored payloads read by raw SQL (the client's PII extension does it for its own reads). */
    private readonly reveal: (value: unknown) => unknown,
  ) {}

  /**
   * Re-projects one case inside `tx` and reconciles its alerts, under the case lock: taken here unless `locked` (the
   * consumer took it with its inbox statement, before this transaction read anything of the case).
   */
  async refresh(
    tx: SupervisionRawTx,
    applicationNo: string,
    opts: { locked?: boolean; append?: readonly Prisma.TimelineEntryCreateManyInput[] } = {},
  ): Promise<void> {
    if (opts.locked !== true) await lockCase(tx, applicationNo);
    const { history, before, alerts } = await loadCase(tx, applicationNo, this.reveal, opts.append);
    const projection = projectCase(applicationNo, history, {
      calendar: this.calendar.current(),
      now: this.clock.now(),
      settings: this.settings,
    });
    if (projection === null) return;
    const alertsMayChange = await saveProjection(tx, projection, before);
    // The alerts follow the projection just saved (passed on, not read back); they depend on its clocks and
    // anomalies only, and every save is reconciled, so unchanged ones leave the alerts as they are. The alerts not
    // cleared came with the case (read under its lock).
    if (alertsMayChange) await this.alerts.reconcile(tx, projection, alerts);
  }

  /** Re-projects each case in its own transaction (raw SQL, on the database's own driver). */
  async refreshMany(applicationNos: Iterable<string>): Promise<number> {
    let n = 0;
    for (const no of applicationNos) {
      await this.store.messaging.rawTransaction((tx) => this.refresh(tx, no));
      n += 1;
    }
    return n;
  }

  /**
   * Rebuild: empties every projection table (cases, tasks, clocks, anomalies, monthly report, implementation read model) and
   * replays the stored event history into them. 督办 records are not projections (they carry supervisors'
   * acknowledgements): they are kept and reconciled with the rebuilt cards.
   */
  async rebuildAll(): Promise<{ cases: number; implementations: number }> {
    const p = this.store.prisma;
    await p.$transaction((tx) => clearProjections(tx));
    const published = await publishedImplementations(p);
    for (const payload of published) {
      await upsertImplementationInfo(this.store.raw, ImplementationPublished.payload.parse(payload));
    }
    const nos = await caseNosWithHistory(p);
    await this.refreshMany(nos);
    return { cases: nos.length, implementations: published.length };
  }
}
