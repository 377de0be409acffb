import { randomUUID } from 'node:crypto';
import {
  AlertCleared,
  AlertLevel,
  AlertRaised,
  AlertStatus,
  WarningType,
  type AckBody,
  type AlertListQuery,
  type AlertPage,
  type AlertRecord,
  type ResolveBody,
} from '@hall/contracts';
import { chinaDateString, type Clock } from '@hall/calendar';
import { AppError } from '@hall/platform';
import type { Alert } from '../generated/prisma/client.js';
import { SupervisionErrorCode, conflict } from '../supervision.errors.js';
import type { SupervisionRawTx, SupervisionStore } from '../supervision.store.js';
import { iso, isoOrNull } from '../views.js';
import {
  AlertRepository,
  clearAlert,
  createAlert,
  implementationInfoOf,
  nextAlertSeq,
  type UnclearedAlert,
} from './alert.repository.js';
import { desiredAlerts, type AlertInputs } from './alert.rules.js';

/** 督办 records: opened and cleared from the cards and anomalies of a case; acknowledged and resolved by supervisors. */
export class AlertsService {
  private readonly records: AlertRepository;

  constructor(
    private readonly store: SupervisionStore,
    private readonly clock: Clock,
  ) {
    this.records = new AlertRepository(store);
  }

  /**
   * Makes the case's alerts match its current cards and anomalies: raises what is missing (one record per
   * condition, never re-raised while one exists that is not cleared), clears open ones whose condition is gone.
   * Both through the outbox, in the caller's transaction. `existing`: the case's alerts not cleared, as the caller
   * read them under the case lock (`loadCase`).
   */
  async reconcile(
    tx: SupervisionRawTx,
    projection: AlertInputs,
    existing: readonly UnclearedAlert[],
  ): Promise<void> {
    const { caseRow } = projection;
    const applicationNo = caseRow.applicationNo;
    const desired = desiredAlerts(projection);
    const wanted = new Set(desired.map((d) => d.dedupeKey));
    const have = new Set(existing.map((a) => a.dedupeKey));
    const now = this.clock.now();
    for (const a of existing) {
      if (wanted.has(a.dedupeKey) || a.status === 'resolved') continue;
      await clearAlert(tx, a.id, now);
      await this.store.messaging.stage(tx, AlertCleared, {
        alertId: a.id,
        supervisionNo: a.supervisionNo,
        applicationNo,
        ruleNo: a.ruleNo,
        clearedAt: now.toISOString(),
        reason: a.warningType === 'yellow-card' ? '已办结或已升级为红牌' : '条件已不成立',
      });
    }
    const missing = desired.filter((d) => !have.has(d.dedupeKey));
    // Read only when an alert is to be raised (most events raise none).
    const info = missing.length > 0 ? await implementationInfoOf(tx, caseRow) : null;
    for (const d of missing) {
      const seq = await nextAlertSeq(tx);
      const supervisionNo = `DB${chinaDateString(now).replaceAll('-', '')}${String(seq).padStart(8, '0')}`;
      const id = randomUUID();
      await createAlert(tx, {
        id,
        seq,
        supervisionNo,
        dedupeKey: d.dedupeKey,
        applicationNo,
        subject: d.subject,
        ruleNo: d.ruleNo,
        warningType: d.warningType,
        level: d.level,
        content: d.content,
        body: info?.bodyName ?? caseRow.departmentCode,
        itemType: info?.itemType ?? '',
        itemName: caseRow.itemName,
        responsibleDepartment: d.responsibleDepartment,
        regionCode: caseRow.regionCode,
        raisedAt: now,
        status: 'open',
      });
      await this.store.messaging.stage(tx, AlertRaised, {
        alertId: id,
        supervisionNo,
        applicationNo,
        subject: d.subject,
        ruleNo: d.ruleNo,
        warningType: d.warningType,
        level: d.level,
        content: d.content,
        responsibleDepartment: d.responsibleDepartment,
        regionCode: caseRow.regionCode,
        raisedAt: now.toISOString(),
      });
    }
  }

  async list(regionPrefix: string, q: AlertListQuery): Promise<AlertPage> {
    const { total, rows } = await this.records.page(regionPrefix, q);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(toRecord) };
  }

  async get(regionPrefix: string, id: string): Promise<AlertRecord> {
    const row = await this.records.find(id);
    const inScope =
      row !== null &&
      (row.regionCode.startsWith(regionPrefix) ||
        (await this.records.takenInScope(regionPrefix, row.applicationNo)));
    if (row === null || !inScope) throw AppError.notFound('alert', id);
    return toRecord(row);
  }

  async acknowledge(regionPrefix: string, id: string, userId: string, input: AckBody): Promise<AlertRecord> {
    await this.get(regionPrefix, id);
    if (!(await this.records.acknowledge(id, userId, this.clock.now(), input.note)))
      throw conflict(SupervisionErrorCode.AlertNotOpen, `alert ${id} is not open`, { id });
    return this.get(regionPrefix, id);
  }

  async resolve(regionPrefix: string, id: string, userId: string, input: ResolveBody): Promise<AlertRecord> {
    await this.get(regionPrefix, id);
    if (!(await this.records.resolve(id, userId, this.clock.now(), input.result))) {
      throw conflict(SupervisionErrorCode.AlertNotOpen, `alert ${id} is already resolved or cleared`, { id });
    }
    return this.get(regionPrefix, id);
  }
}

/** A 督办 record with the GB/T 39046 §6.8 field names (stored enums are read with the contract's; a mismatch is a 500). */
function toRecord(a: Alert): AlertRecord {
  return {
    id: a.id,
    supervisionNo: a.supervisionNo,
    caseNo: a.applicationNo,
    content: a.content,
    body: a.body,
    itemType: a.itemType,
    itemName: a.itemName,
    raisedAt: iso(a.raisedAt),
    ruleNo: a.ruleNo,
    warningType: WarningType.parse(a.warningType),
    level: AlertLevel.parse(a.level),
    subject: a.subject,
    result: a.result,
    responsibleDepartment: a.responsibleDepartment,
    regionCode: a.regionCode,
    status: AlertStatus.parse(a.status),
    acknowledgedAt: isoOrNull(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: isoOrNull(a.resolvedAt),
    resolvedBy: a.resolvedBy,
    clearedAt: isoOrNull(a.clearedAt),
  };
}
