import { createHash } from 'node:crypto';
import { ImplementationPublished, type ImplementationSnapshot } from '@hall/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import type { UnclearedAlert } from '../alerts/alert.repository.js';
import type { SupervisionDb, SupervisionRawTx, SupervisionTx } from '../supervision.store.js';
import { monthlyDeltaOf, type MonthlyInput } from '../stats/monthly.js';
import { removeEmptyMonthlyRows } from '../stats/stats.repository.js';
import type { CaseProjection, StoredEvent } from './case.projection.js';

/** Plain JSON for Prisma Json columns (dates become ISO strings). */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** The key of a case's advisory lock (`pg_advisory_xact_lock(hashtext(key))`). */
export function caseLockKey(applicationNo: string): string {
  return `case:${applicationNo}`;
}

/**
 * Serialises work on one case across consumers and the evaluator (transaction-scoped advisory lock). The consumer
 * takes it with its inbox statement instead (`lockKeyOf` in SupervisionStore).
 */
export async function lockCase(tx: SupervisionRawTx, applicationNo: string): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked`,
    caseLockKey(applicationNo),
  );
}

/** What the projection row held before a re-projection: the monthly report's inputs and the row-set digests. */
export interface ProjectedBefore extends MonthlyInput {
  tasksDigest: string | null;
  clocksDigest: string | null;
  anomaliesDigest: string | null;
}

/**
 * A case as a re-projection starts from: its whole stored history, its projection row (null for a new case) and
 * its alerts not cleared.
 */
export interface CaseInHand {
  history: StoredEvent[];
  before: ProjectedBefore | null;
  alerts: UnclearedAlert[];
}

interface CaseDoc {
  before: (Omit<ProjectedBefore, DateKey> & Record<DateKey, string | null>) | null;
  history: { eventId: string; type: string; occurredAt: string; payload: StoredEvent['payload'] }[];
  alerts: UnclearedAlert[];
}
type DateKey = 'receivedAt' | 'acceptedAt' | 'completedAt' | 'decidedAt' | 'closedAt';

const dateOrNull = (v: string | null): Date | null => (v === null ? null : new Date(v));

/**
 * The cases' histories, projection rows and alerts not cleared, in one statement for all of them (issue 22: statements
 * per case). Called under the cases' locks, so the statement's snapshot holds every entry committed before them, this
 * transaction's own too. Raw SQL passes by the client's PII extension: `reveal` opens the payloads' encrypted personal
 * data as it would.
 */
export async function loadCases(
  tx: SupervisionRawTx,
  applicationNos: readonly string[],
  reveal: (value: unknown) => unknown,
  /**
   * Timeline entries to store first, in the same statement (issue 22: no statement of their own): the consumer's
   * entries, already sealed (personal data encrypted). Those of a loaded case join its history as read; they are
   * stored even when no case is loaded.
   */
  append: readonly Prisma.TimelineEntryCreateManyInput[] = [],
): Promise<Map<string, CaseInHand>> {
  const appended = append.map((e) => ({
    event_id: e.eventId,
    key: e.key,
    type: e.type,
    source: e.source,
    occurred_at: new Date(e.occurredAt).toISOString(),
    trace_id: e.traceId ?? null,
    payload: e.payload,
    case_no: e.caseNo ?? null,
  }));
  const rows = await tx.$queryRawUnsafe<{ no: string; doc: string }[]>(
    `WITH ins AS (
       INSERT INTO "timeline_entry" ("event_id", "key", "type", "source", "occurred_at", "trace_id", "payload", "case_no")
       SELECT r."event_id", r."key", r."type", r."source", r."occurred_at", r."trace_id", r."payload", r."case_no"
         FROM json_populate_recordset(NULL::"timeline_entry", $2::json) WITH ORDINALITY AS r
        ORDER BY r.ordinality
       ON CONFLICT DO NOTHING
       RETURNING "event_id", "type", "occurred_at", "payload", "case_no")
     SELECT n.no, json_build_object(
       'before', (SELECT json_build_object(
           'regionCode', c."region_code", 'takenInRegion', c."taken_in_region", 'departmentCode', c."department_code",
           'receivedAt', c."received_at", 'acceptedAt', c."accepted_at", 'completedAt', c."completed_at",
           'decidedAt', c."decided_at", 'closedAt', c."closed_at", 'onTime', c."on_time",
           'tasksDigest', c."tasks_digest", 'clocksDigest', c."clocks_digest", 'anomaliesDigest', c."anomalies_digest")
         FROM "supervised_case" c WHERE c."application_no" = n.no),
       'history', COALESCE((SELECT json_agg(json_build_object(
           'eventId', t."event_id", 'type', t."type", 'occurredAt', t."occurred_at", 'payload', t."payload"))
         FROM (SELECT "event_id", "type", "occurred_at", "payload" FROM "timeline_entry" WHERE "case_no" = n.no
               UNION ALL
               SELECT "event_id", "type", "occurred_at", "payload" FROM ins WHERE "case_no" = n.no) t), '[]'::json),
       'alerts', COALESCE((SELECT json_agg(json_build_object(
           'id', a."id", 'dedupeKey', a."dedupe_key", 'status', a."status", 'supervisionNo', a."supervision_no",
           'ruleNo', a."rule_no", 'warningType', a."warning_type") ORDER BY a."seq")
         FROM "alert" a WHERE a."application_no" = n.no AND a."status" <> 'cleared'), '[]'::json))::text AS doc
       FROM unnest($1::text[]) AS n(no)`,
    [...applicationNos],
    JSON.stringify(appended),
  );
  const out = new Map<string, CaseInHand>();
  for (const row of rows) {
    const doc = JSON.parse(row.doc) as CaseDoc;
    const b = doc.before;
    out.set(row.no, {
      alerts: doc.alerts,
      history: doc.history.map((e) => ({
        ...e,
        occurredAt: new Date(e.occurredAt),
        payload: reveal(e.payload),
      })),
      before:
        b === null
          ? null
          : {
              ...b,
              receivedAt: dateOrNull(b.receivedAt),
              acceptedAt: dateOrNull(b.acceptedAt),
              completedAt: dateOrNull(b.completedAt),
              decidedAt: dateOrNull(b.decidedAt),
              closedAt: dateOrNull(b.closedAt),
            },
    });
  }
  return out;
}

/** A digest of a projected row set (order as projected: the projection is deterministic). */
function digestOf(rows: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}

/**
 * A projection row keyed by its columns' names (`applicationNo` → `application_no`: every model field of these tables
 * maps to its snake-case column) for `json_populate_record`; JSON column values are left as they are.
 */
function snakeRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}

/** A case's new projection and what its row held before (`loadCases`). */
export interface ProjectionToSave {
  projection: CaseProjection;
  before: ProjectedBefore | null;
}

/**
 * Replaces the cases' projection rows (case, tasks, clocks, anomalies) with their projections, and moves their counts
 * in the monthly per-department report from each previous row (`before`, read by `loadCases`) to the new one, all in
 * one statement (issue 22: statements per case; a lingered consumer transaction saves every case it touched at once).
 * A task, clock or anomaly set whose digest is the one stored with its case is left as it is; a new case has no rows
 * to delete. Returns, per case in order, whether its clocks or anomalies changed (or it is new): a case's alerts follow
 * from those alone, so when neither changed they are as the last re-projection left them. Each case once.
 */
export async function saveProjections(
  tx: SupervisionRawTx,
  cases: readonly ProjectionToSave[],
): Promise<boolean[]> {
  if (cases.length === 0) return [];
  const rows: Record<string, unknown>[] = [];
  const sets = {
    tasks: { nos: [] as string[], rows: [] as Record<string, unknown>[] },
    clocks: { nos: [] as string[], rows: [] as Record<string, unknown>[] },
    anomalies: { nos: [] as string[], rows: [] as Record<string, unknown>[] },
  };
  const alertsMayChange: boolean[] = [];
  for (const { projection: p, before } of cases) {
    const no = p.caseRow.applicationNo;
    const tasks = p.tasks.map((t) => ({ ...t, officials: toJson(t.officials) }));
    const clocks = p.clocks.map((c) => ({ ...c, pauses: toJson(c.pauses) }));
    const digests = {
      tasksDigest: digestOf(tasks),
      clocksDigest: digestOf(clocks),
      anomaliesDigest: digestOf(p.anomalies),
    };
    rows.push(
      snakeRow({
        ...p.caseRow,
        pauses: toJson(p.caseRow.pauses),
        extensions: toJson(p.caseRow.extensions),
        licenceIdentifiers: toJson(p.caseRow.licenceIdentifiers),
        ...digests,
      }),
    );
    // A set whose digest is unchanged is left alone; a changed one is upserted by key and the rows its case no longer
    // has are deleted (disjoint rows, so one statement may do both). Columns by name: `snakeRow`.
    const changed = (key: keyof typeof digests, set: keyof typeof sets, of: readonly object[]): void => {
      if (before?.[key] === digests[key]) return;
      sets[set].nos.push(no);
      sets[set].rows.push(...of.map(snakeRow));
    };
    changed('tasksDigest', 'tasks', tasks);
    changed('clocksDigest', 'clocks', clocks);
    changed('anomaliesDigest', 'anomalies', p.anomalies);
    alertsMayChange.push(
      before === null ||
        before.clocksDigest !== digests.clocksDigest ||
        before.anomaliesDigest !== digests.anomaliesDigest,
    );
  }
  const monthly = monthlyDeltaOf(cases.map((c) => [c.before, c.projection.caseRow] as const));
  await tx.$queryRawUnsafe(
    `WITH c AS (
         INSERT INTO "supervised_case" SELECT * FROM json_populate_recordset(NULL::"supervised_case", $1::json)
         ON CONFLICT ("application_no") DO UPDATE SET ("status", "region_code", "department_code", "implementation_code", "implementation_version",
           "item_name", "applicant_user_id", "applicant_name", "received_at", "accepted_at", "accepted_by",
           "acceptance_mode", "refused_at", "supplement_count", "case_id", "joint_kind", "promised_limit_days",
           "legal_limit_days", "extension_days", "promised_due_at", "legal_due_at", "pauses", "extensions",
           "paused_since", "decision_outcome", "decision_reasons", "decided_at", "decided_by", "completed_at",
           "completion_outcome", "delivered_at", "delivery_method", "closed_at", "licence_identifiers",
           "working_days_used", "on_time", "card_level", "last_event_at", "tasks_digest", "clocks_digest",
           "anomalies_digest", "handover", "taken_in_region") = ROW(EXCLUDED."status", EXCLUDED."region_code", EXCLUDED."department_code",
           EXCLUDED."implementation_code", EXCLUDED."implementation_version", EXCLUDED."item_name",
           EXCLUDED."applicant_user_id", EXCLUDED."applicant_name", EXCLUDED."received_at", EXCLUDED."accepted_at",
           EXCLUDED."accepted_by", EXCLUDED."acceptance_mode", EXCLUDED."refused_at", EXCLUDED."supplement_count",
           EXCLUDED."case_id", EXCLUDED."joint_kind", EXCLUDED."promised_limit_days", EXCLUDED."legal_limit_days",
           EXCLUDED."extension_days", EXCLUDED."promised_due_at", EXCLUDED."legal_due_at", EXCLUDED."pauses",
           EXCLUDED."extensions", EXCLUDED."paused_since", EXCLUDED."decision_outcome",
           EXCLUDED."decision_reasons", EXCLUDED."decided_at", EXCLUDED."decided_by", EXCLUDED."completed_at",
           EXCLUDED."completion_outcome", EXCLUDED."delivered_at", EXCLUDED."delivery_method",
           EXCLUDED."closed_at", EXCLUDED."licence_identifiers", EXCLUDED."working_days_used", EXCLUDED."on_time",
           EXCLUDED."card_level", EXCLUDED."last_event_at", EXCLUDED."tasks_digest", EXCLUDED."clocks_digest",
           EXCLUDED."anomalies_digest", EXCLUDED."handover", EXCLUDED."taken_in_region")
         RETURNING 1),
       task_gone AS (
         DELETE FROM "case_task" t WHERE t."application_no" = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM json_populate_recordset(NULL::"case_task", $3::json) x
                             WHERE x."application_no" = t."application_no" AND x."task_id" = t."task_id")),
       task_set AS (
         INSERT INTO "case_task" SELECT * FROM json_populate_recordset(NULL::"case_task", $3::json)
         ON CONFLICT ("application_no", "task_id") DO UPDATE SET ("department_code", "department_name", "role", "limit_days", "started_at", "assignee_id",
           "assignee_name", "completed_at", "verdict", "opinion", "officials", "due_at", "working_days_used") =
           ROW(EXCLUDED."department_code", EXCLUDED."department_name", EXCLUDED."role", EXCLUDED."limit_days",
           EXCLUDED."started_at", EXCLUDED."assignee_id", EXCLUDED."assignee_name", EXCLUDED."completed_at",
           EXCLUDED."verdict", EXCLUDED."opinion", EXCLUDED."officials", EXCLUDED."due_at",
           EXCLUDED."working_days_used")),
       clock_gone AS (
         DELETE FROM "case_clock" k WHERE k."application_no" = ANY($4::text[])
            AND NOT EXISTS (SELECT 1 FROM json_populate_recordset(NULL::"case_clock", $5::json) x
                             WHERE x."application_no" = k."application_no" AND x."subject" = k."subject")),
       clock_set AS (
         INSERT INTO "case_clock" SELECT * FROM json_populate_recordset(NULL::"case_clock", $5::json)
         ON CONFLICT ("application_no", "subject") DO UPDATE SET ("kind", "region_code", "department_code", "started_at", "limit_days", "due_at", "stopped_at", "open",
           "paused_since", "pauses", "used_days", "level") = ROW(EXCLUDED."kind", EXCLUDED."region_code",
           EXCLUDED."department_code", EXCLUDED."started_at", EXCLUDED."limit_days", EXCLUDED."due_at",
           EXCLUDED."stopped_at", EXCLUDED."open", EXCLUDED."paused_since", EXCLUDED."pauses",
           EXCLUDED."used_days", EXCLUDED."level")),
       anomaly_gone AS (
         DELETE FROM "anomaly" a WHERE a."application_no" = ANY($6::text[])
            AND a."id" <> ALL (SELECT x."id" FROM json_populate_recordset(NULL::"anomaly", $7::json) x)),
       anomaly_set AS (
         INSERT INTO "anomaly" SELECT * FROM json_populate_recordset(NULL::"anomaly", $7::json)
         ON CONFLICT ("id") DO UPDATE SET ("application_no", "rule_no", "subject", "title", "detail", "at", "region_code", "department_code") =
           ROW(EXCLUDED."application_no", EXCLUDED."rule_no", EXCLUDED."subject", EXCLUDED."title",
           EXCLUDED."detail", EXCLUDED."at", EXCLUDED."region_code", EXCLUDED."department_code")),
       monthly AS (
         INSERT INTO "monthly_department_stat" ("month", "department_code", "region_code", "received", "accepted", "completed", "on_time", "overdue")
         SELECT m."month", m."department_code", m."region_code", m."received", m."accepted", m."completed", m."on_time", m."overdue"
           FROM json_populate_recordset(NULL::"monthly_department_stat", $8::json) WITH ORDINALITY AS m
          ORDER BY m.ordinality
         ON CONFLICT ("month", "department_code", "region_code") DO UPDATE SET
           "received" = "monthly_department_stat"."received" + EXCLUDED."received",
           "accepted" = "monthly_department_stat"."accepted" + EXCLUDED."accepted",
           "completed" = "monthly_department_stat"."completed" + EXCLUDED."completed",
           "on_time" = "monthly_department_stat"."on_time" + EXCLUDED."on_time",
           "overdue" = "monthly_department_stat"."overdue" + EXCLUDED."overdue")
       SELECT count(*)::int AS "saved" FROM c`,
    JSON.stringify(rows),
    sets.tasks.nos,
    JSON.stringify(sets.tasks.rows),
    sets.clocks.nos,
    JSON.stringify(sets.clocks.rows),
    sets.anomalies.nos,
    JSON.stringify(sets.anomalies.rows),
    JSON.stringify(
      monthly.map(([key, d]) => ({
        ...key,
        received: d.received,
        accepted: d.accepted,
        completed: d.completed,
        on_time: d.onTime,
        overdue: d.overdue,
      })),
    ),
  );
  // Only a decrement can bring a monthly row back to zero (counts are never negative): those rows go (rare).
  const decremented = monthly.filter(([, d]) => Object.values(d).some((n) => n < 0)).map(([key]) => key);
  if (decremented.length > 0) await removeEmptyMonthlyRows(tx, decremented);
  return alertsMayChange;
}

/**
 * Stored events as the consumer received them, in one statement; a redelivered one (same event id) is skipped. Raw
 * SQL: `entries` come sealed (personal data encrypted, `SupervisionStore.sealEntries`).
 */
export async function appendTimelineEntries(
  tx: SupervisionRawTx,
  entries: readonly Prisma.TimelineEntryCreateManyInput[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "timeline_entry" ("event_id", "key", "type", "source", "occurred_at", "trace_id", "payload", "case_no")
     SELECT r."event_id", r."key", r."type", r."source", r."occurred_at", r."trace_id", r."payload", r."case_no"
       FROM json_populate_recordset(NULL::"timeline_entry", $1::json) WITH ORDINALITY AS r
      ORDER BY r.ordinality
     ON CONFLICT DO NOTHING`,
    JSON.stringify(
      entries.map((e) => ({
        event_id: e.eventId,
        key: e.key,
        type: e.type,
        source: e.source,
        occurred_at: new Date(e.occurredAt).toISOString(),
        trace_id: e.traceId ?? null,
        payload: e.payload,
        case_no: e.caseNo ?? null,
      })),
    ),
  );
}

/** The implementation's read model (names an alert carries), from its publication: one statement. */
export async function upsertImplementationInfo(
  tx: SupervisionRawTx,
  s: ImplementationSnapshot,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "implementation_info" ("code", "version", "item_name", "item_type", "body_name", "department_code")
     VALUES ($1, $2::integer, $3, $4, $5, $6)
     ON CONFLICT ("code", "version") DO UPDATE SET ("item_name", "item_type", "body_name", "department_code") =
       ROW(EXCLUDED."item_name", EXCLUDED."item_type", EXCLUDED."body_name", EXCLUDED."department_code")`,
    s.implementationCode,
    s.version,
    s.baseItem.name,
    s.baseItem.type,
    s.implementingBody.name,
    s.implementingBody.departmentCode,
  );
}

/** Empties every projection table (cases, tasks, clocks, anomalies, monthly report, implementation read model). */
export async function clearProjections(tx: SupervisionTx): Promise<void> {
  await tx.caseTask.deleteMany({});
  await tx.caseClock.deleteMany({});
  await tx.anomaly.deleteMany({});
  await tx.supervisedCase.deleteMany({});
  await tx.monthlyDepartmentStat.deleteMany({});
  await tx.implementationInfo.deleteMany({});
}

/** The payloads of every stored implementation publication, oldest first. */
export async function publishedImplementations(db: SupervisionDb): Promise<unknown[]> {
  const rows = await db.timelineEntry.findMany({
    where: { type: ImplementationPublished.type },
    select: { payload: true },
    orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
  });
  return rows.map((r) => r.payload);
}

/** Every application number with stored history. */
export async function caseNosWithHistory(db: SupervisionDb): Promise<string[]> {
  const rows = await db.timelineEntry.findMany({
    where: { caseNo: { not: null } },
    distinct: ['caseNo'],
    select: { caseNo: true },
  });
  return rows.map((c) => c.caseNo).filter((no): no is string => no !== null);
}

/** One page of open clocks in key order, after `after` (keyset pagination). */
export function openClockPage(
  db: SupervisionDb,
  take: number,
  after: { applicationNo: string; subject: string } | undefined,
) {
  return db.caseClock.findMany({
    where: { open: true },
    orderBy: [{ applicationNo: 'asc' }, { subject: 'asc' }],
    take,
    ...(after !== undefined && { cursor: { applicationNo_subject: after }, skip: 1 }),
    select: {
      applicationNo: true,
      subject: true,
      startedAt: true,
      limitDays: true,
      pauses: true,
      level: true,
      dueAt: true,
    },
  });
}

/** Cases completed at or before `cutoff` and not delivered. */
export async function undeliveredSince(db: SupervisionDb, cutoff: Date): Promise<string[]> {
  const rows = await db.supervisedCase.findMany({
    where: { completedAt: { lte: cutoff }, deliveredAt: null },
    select: { applicationNo: true },
  });
  return rows.map((r) => r.applicationNo);
}

/** Which of `applicationNos` already carry anomaly `ruleNo`. */
export async function casesWithAnomaly(
  db: SupervisionDb,
  ruleNo: string,
  applicationNos: string[],
): Promise<Set<string>> {
  const rows = await db.anomaly.findMany({
    where: { ruleNo, applicationNo: { in: applicationNos } },
    select: { applicationNo: true },
  });
  return new Set(rows.map((r) => r.applicationNo));
}

/** Every case with at least one open clock. */
export async function casesWithOpenClocks(db: SupervisionDb): Promise<string[]> {
  const rows = await db.caseClock.findMany({
    where: { open: true },
    distinct: ['applicationNo'],
    select: { applicationNo: true },
  });
  return rows.map((r) => r.applicationNo);
}
