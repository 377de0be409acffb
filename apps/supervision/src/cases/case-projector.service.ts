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
  loadCases,
  lockCase,
  publishedImplementations,
  saveProjections,
  upsertImplementationInfo,
  type ProjectionToSave,
} from './case.repository.js';
import type { UnclearedAlert } from '../alerts/alert.repository.js';

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
    await this.refreshAll(tx, [applicationNo], opts);
  }

  /**
   * Re-projects several cases inside `tx` and reconciles their alerts: one statement reads them all (storing the
   * `append`ed timeline entries first, also with no case), one saves them all (issue 22: a lingered consumer
   * transaction re-projects every case it touched at once). Under the cases' locks: taken here, in key order, unless
   * `locked` (the consumer took them with its inbox statement).
   */
  async refreshAll(
    tx: SupervisionRawTx,
    applicationNos: readonly string[],
    opts: { locked?: boolean; append?: readonly Prisma.TimelineEntryCreateManyInput[] } = {},
  ): Promise<void> {
    const nos = [...new Set(applicationNos)].sort();
    if (nos.length === 0 && (opts.append ?? []).length === 0) return;
    if (opts.locked !== true) for (const no of nos) await lockCase(tx, no);
    const loaded = await loadCases(tx, nos, this.reveal, opts.append);
    const now = this.clock.now();
    const calendar = this.calendar.current();
    const toSave: (ProjectionToSave & { alerts: UnclearedAlert[] })[] = [];
    for (const no of nos) {
      const { history, before, alerts } = loaded.get(no) ?? { history: [], before: null, alerts: [] };
      const projection = projectCase(no, history, { calendar, now, settings: this.settings });
      if (projection !== null) toSave.push({ projection, before, alerts });
    }
    const alertsMayChange = await saveProjections(tx, toSave);
    // The alerts follow the projection just saved (passed on, not read back); they depend on its clocks and
    // anomalies only, and every save is reconciled, so unchanged ones leave the alerts as they are. The alerts not
    // cleared came with the case (read under its lock).
    for (const [i, { projection, alerts }] of toSave.entries())
      if (alertsMayChange[i] === true) await this.alerts.reconcile(tx, projection, alerts);
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
