import type { AlertListQuery } from '@hall/contracts';
import type { Alert, Prisma } from '../generated/prisma/client.js';
import type { SupervisionRawTx, SupervisionStore } from '../supervision.store.js';
import { MATTER_RULE_NOS } from './alert.rules.js';
import { rowOfCaseInScope } from '../access/scope.js';
import { casesTakenInScope } from '../access/scope.repository.js';

/** The 督办 records as supervisors read and work them (raising and clearing is the projection's, in its transaction). */
export class AlertRepository {
  constructor(private readonly store: SupervisionStore) {}

  /** One page of a region's records, newest first; open and acknowledged ones unless a status is asked for. */
  async page(regionPrefix: string, q: AlertListQuery): Promise<{ total: number; rows: Alert[] }> {
    const where: Prisma.AlertWhereInput = {
      ...rowOfCaseInScope(regionPrefix, await casesTakenInScope(this.store.prisma, regionPrefix)),
      status: q.status ?? { in: ['open', 'acknowledged'] },
      ...(q.level !== undefined && { level: q.level }),
      ...(q.dept !== undefined && { responsibleDepartment: q.dept }),
      ...(q.warningType !== undefined && { warningType: q.warningType }),
      ...(q.applicationNo !== undefined && { applicationNo: q.applicationNo }),
      ...(q.about !== undefined && {
        ruleNo: q.about === 'matter' ? { in: [...MATTER_RULE_NOS] } : { notIn: [...MATTER_RULE_NOS] },
      }),
    };
    const p = this.store.prisma;
    const [total, rows] = await Promise.all([
      p.alert.count({ where }),
      p.alert.findMany({
        where,
        orderBy: [{ raisedAt: 'desc' }, { seq: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, rows };
  }

  /** Whether a township or village point under the prefix took the case in (the alert's region lies outside it). */
  async takenInScope(regionPrefix: string, applicationNo: string): Promise<boolean> {
    return (await casesTakenInScope(this.store.prisma, regionPrefix)).includes(applicationNo);
  }

  find(id: string): Promise<Alert | null> {
    return this.store.prisma.alert.findUnique({ where: { id } });
  }

  /** 签收 of an open record with the 督办意见; false when it was not open (nothing changed). */
  async acknowledge(id: string, by: string, at: Date, note: string): Promise<boolean> {
    const updated = await this.store.prisma.alert.updateMany({
      where: { id, status: 'open' },
      data: { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, result: note },
    });
    return updated.count > 0;
  }

  /** 办结督办 of an open or acknowledged record; false when it was already resolved or cleared (nothing changed). */
  async resolve(id: string, by: string, at: Date, result: string): Promise<boolean> {
    const updated = await this.store.prisma.alert.updateMany({
      where: { id, status: { in: ['open', 'acknowledged'] } },
      data: { status: 'resolved', resolvedAt: at, resolvedBy: by, result },
    });
    return updated.count > 0;
  }
}

/** An alert of a case not cleared yet, as reconciling compares it with the alerts the projection wants. */
export type UnclearedAlert = Pick<
  Alert,
  'id' | 'dedupeKey' | 'status' | 'supervisionNo' | 'ruleNo' | 'warningType'
>;

/** The implementation's read model (body name, item type), for a new alert; null before its publication arrived. */
export async function implementationInfoOf(
  tx: SupervisionRawTx,
  c: { implementationCode: string; implementationVersion: number },
): Promise<{ bodyName: string; itemType: string } | null> {
  const [row] = await tx.$queryRawUnsafe<{ bodyName: string; itemType: string }[]>(
    `SELECT "body_name" AS "bodyName", "item_type" AS "itemType" FROM "implementation_info"
      WHERE "code" = $1 AND "version" = $2::integer`,
    c.implementationCode,
    c.implementationVersion,
  );
  return row ?? null;
}

export async function clearAlert(tx: SupervisionRawTx, id: string, at: Date): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE "alert" SET "status" = 'cleared', "cleared_at" = $2::timestamptz WHERE "id" = $1::uuid`,
    id,
    at.toISOString(),
  );
}

/**
 * The next 督办编号 sequence number. Raw SQL: the number is taken before the row exists (it is part of the
 * supervision number stored with it), and Prisma has no call for a serial column's sequence.
 */
export async function nextAlertSeq(tx: SupervisionRawTx): Promise<bigint> {
  const [row] = await tx.$queryRawUnsafe<{ seq: string }[]>(
    `SELECT nextval(pg_get_serial_sequence('alert', 'seq'))::text AS seq`,
  );
  return BigInt(row?.seq ?? '0');
}

/** A new 督办 record (its seq from `nextAlertSeq`). */
export async function createAlert(
  tx: SupervisionRawTx,
  a: Pick<
    Alert,
    | 'id'
    | 'supervisionNo'
    | 'dedupeKey'
    | 'applicationNo'
    | 'subject'
    | 'ruleNo'
    | 'warningType'
    | 'level'
    | 'content'
    | 'body'
    | 'itemType'
    | 'itemName'
    | 'responsibleDepartment'
    | 'regionCode'
    | 'raisedAt'
    | 'status'
    | 'seq'
  >,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "alert" ("id", "seq", "supervision_no", "dedupe_key", "application_no", "subject", "rule_no",
       "warning_type", "level", "content", "body", "item_type", "item_name", "responsible_department", "region_code",
       "raised_at", "status")
     VALUES ($1::uuid, $2::bigint, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::timestamptz, $17)`,
    a.id,
    a.seq.toString(),
    a.supervisionNo,
    a.dedupeKey,
    a.applicationNo,
    a.subject,
    a.ruleNo,
    a.warningType,
    a.level,
    a.content,
    a.body,
    a.itemType,
    a.itemName,
    a.responsibleDepartment,
    a.regionCode,
    a.raisedAt.toISOString(),
    a.status,
  );
}
