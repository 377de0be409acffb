import { randomUUID } from 'node:crypto';
import { ImplementationSnapshot } from '@hall/contracts';
import { AppError, revealPii, type PiiCipher } from '@hall/platform';
import type {
  ApplicationMaterial,
  Notice,
  Prisma,
  ReturnRequest,
  StatusHistory,
} from '../generated/prisma/client.js';
import { IntakeErrorCode } from '../intake.errors.js';
import type { IntakeDb, IntakeRawTx, IntakeStore, IntakeTx } from '../intake.store.js';
import {
  noticeRow,
  type ApplicationRow,
  type NotificationDraft,
  type RawTransitionSpec,
  type TransitionSpec,
} from './application-record.js';
import { ApplicationStatus } from './application-status.js';

export interface DecisionFilter {
  region?: string;
  outcome?: 'approved' | 'denied';
  page: number;
  pageSize: number;
}

/**
 * Reads of the application aggregate (办件, its status history, notices and material files) for the routes that
 * only read. State changes go through the services' transactions (commitTransition).
 */
export class ApplicationRepository {
  constructor(private readonly store: IntakeStore) {}

  /** The application, or 404 NOT_FOUND. */
  load(no: string): Promise<ApplicationRow> {
    return loadApplication(this.store.prisma, no);
  }

  /** The application, or null. */
  find(no: string): Promise<ApplicationRow | null> {
    return this.store.prisma.application.findUnique({ where: { no } });
  }

  /** Its status history, oldest first. */
  history(no: string) {
    return this.store.prisma.statusHistory.findMany({ where: { applicationNo: no }, orderBy: { id: 'asc' } });
  }

  /** One notice of the application (null when it has no notice with this id). */
  notice(no: string, id: string) {
    return this.store.prisma.notice.findFirst({ where: { id, applicationNo: no } });
  }

  /** Records a notice's PDF rendered on its first download (see NoticesService.read). */
  async recordNoticeFile(
    id: string,
    file: { bucket: string; key: string; sha256: string; size: number },
  ): Promise<boolean> {
    const { count } = await this.store.prisma.notice.updateMany({ where: { id, key: null }, data: file });
    return count === 1;
  }

  /** Whether the department has an approval task on the application (approval's events, kept by intake). */
  async hasTask(no: string, departmentCode: string): Promise<boolean> {
    const row = await this.store.prisma.applicationTaskDepartment.findUnique({
      where: { applicationNo_departmentCode: { applicationNo: no, departmentCode } },
    });
    return row !== null;
  }

  /** One uploaded file attached to the application (null when it has no file with this id). */
  materialFile(no: string, fileId: string) {
    return this.store.prisma.uploadedFile.findFirst({ where: { id: fileId, applicationNo: no } });
  }

  /** Records one download of a material file (who, as what, when). */
  async recordMaterialAccess(entry: {
    applicationNo: string;
    fileId: string;
    actorId: string;
    actorName: string;
    actorRoles: string;
    relation: string;
    at: Date;
  }): Promise<void> {
    await this.store.prisma.materialAccess.create({ data: entry });
  }

  /** 双公示: decided applications, newest decision first, with the matching count. */
  async decisions(filter: DecisionFilter) {
    const where = {
      decidedAt: { not: null },
      decisionOutcome: filter.outcome ? filter.outcome : { not: null },
      ...(filter.region ? { regionCode: filter.region } : {}),
    };
    const [total, rows] = await Promise.all([
      this.store.prisma.application.count({ where }),
      this.store.prisma.application.findMany({
        where,
        orderBy: { decidedAt: 'desc' },
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      }),
    ]);
    return { total, rows };
  }
}

// ——— The application row (办件): reads, the row lock, and the one way its state moves ———

/** The application, or 404 NOT_FOUND. */
export async function loadApplication(db: IntakeDb, no: string): Promise<ApplicationRow> {
  const app = await db.application.findUnique({ where: { no } });
  if (!app) throw AppError.notFound('application', no);
  return app;
}

/** The application, or null. */
export function findApplication(db: IntakeDb, no: string): Promise<ApplicationRow | null> {
  return db.application.findUnique({ where: { no } });
}

/**
 * Locks the application row until the caller's transaction ends and reads it (null when unknown), in one statement
 * (issue 22): every column under its model field name, typed by Prisma's raw-result mapping as `findUnique` would,
 * personal data revealed with the store's cipher (raw statements bypass the PII extension). Raw SQL: Prisma
 * has no `SELECT … FOR UPDATE`; consumers that read other rows of the application (licences issued, returns) and
 * then move it must not interleave with another consumer doing the same.
 */
export async function lockApplication(
  tx: IntakeRawTx,
  no: string,
  pii: PiiCipher,
): Promise<ApplicationRow | null> {
  const [app] = await tx.$queryRawUnsafe<ApplicationRow[]>(
    `SELECT a."no", a."row_version" AS "rowVersion", a."status", a."implementation_code" AS "implementationCode",
       a."implementation_version" AS "implementationVersion", a."item_name" AS "itemName",
       a."region_code" AS "regionCode", a."department_code" AS "departmentCode",
       a."implementing_body" AS "implementingBody", a."promised_limit_days" AS "promisedLimitDays",
       a."legal_limit_days" AS "legalLimitDays", a."applicant_kind" AS "applicantKind",
       a."applicant_user_id" AS "applicantUserId", a."applicant_name" AS "applicantName",
       a."applicant_id_type" AS "applicantIdType", a."applicant_id_number" AS "applicantIdNumber",
       a."applicant_id_number_bidx" AS "applicantIdNumberBidx", a."applicant_phone" AS "applicantPhone",
       a."applicant_phone_bidx" AS "applicantPhoneBidx", a."applicant_email" AS "applicantEmail", a."agent",
       a."submitted_by" AS "submittedBy", a."form_data" AS "formData",
       COALESCE(a."missing_material_ids", '{}') AS "missingMaterialIds", a."delivery_method" AS "deliveryMethod",
       a."delivery_address" AS "deliveryAddress", a."pickup_code" AS "pickupCode",
       a."tracking_no" AS "trackingNo", a."acceptance_mode" AS "acceptanceMode",
       a."accepted_by" AS "acceptedBy", a."refusal_reasons" AS "refusalReasons",
       a."redirect_to" AS "redirectTo", COALESCE(a."tolerance_missing", '{}') AS "toleranceMissing",
       a."tolerance_promise" AS "tolerancePromise", a."tolerance_supply_by" AS "toleranceSupplyBy",
       a."tolerance_satisfied_at" AS "toleranceSatisfiedAt", a."supplement_due_by" AS "supplementDueBy",
       a."decision_outcome" AS "decisionOutcome", a."decision_reasons" AS "decisionReasons",
       a."decision_case_id" AS "decisionCaseId", COALESCE(a."expected_licence_types", '{}') AS "expectedLicenceTypes",
       a."closing_action" AS "closingAction", a."closing_requested_at" AS "closingRequestedAt",
       a."withdraw_reason" AS "withdrawReason", a."termination_reason" AS "terminationReason",
       a."received_at" AS "receivedAt", a."accepted_at" AS "acceptedAt", a."refused_at" AS "refusedAt",
       a."supplement_requested_at" AS "supplementRequestedAt", a."supplemented_at" AS "supplementedAt",
       a."withdrawn_at" AS "withdrawnAt", a."terminated_at" AS "terminatedAt", a."decided_at" AS "decidedAt",
       a."completed_at" AS "completedAt", a."delivered_at" AS "deliveredAt", a."created_at" AS "createdAt",
       a."updated_at" AS "updatedAt", a."service_point_id" AS "servicePointId",
       a."taken_in_region" AS "takenInRegion", a."handover_pending" AS "handoverPending",
       a."handover_from_point_id" AS "handoverFromPointId", a."handed_over_at" AS "handedOverAt"
       FROM "application" a WHERE a."no" = $1 FOR UPDATE`,
    no,
  );
  return app === undefined ? null : (revealPii(pii, app) as ApplicationRow);
}

/** An application with what its view shows: materials, notices, return requests, status history and the sealed 查询码. */
export interface ApplicationWithParts {
  app: ApplicationRow;
  materials: ApplicationMaterial[];
  notices: Notice[];
  returns: ReturnRequest[];
  history: StatusHistory[];
  /** The 查询码 sealed with the store's cipher; null when none was issued yet. */
  sealedQueryCode: string | null;
}

type PartsRow = ApplicationRow & {
  materialsJson: string;
  noticesJson: string;
  returnsJson: string;
  historyJson: string;
  sealedQueryCode: string | null;
};

/** JSON rows with these timestamp fields (ISO text in JSON) turned back into Dates, as Prisma returns them. */
function withDates<T>(json: string, fields: readonly string[]): T[] {
  const rows = JSON.parse(json) as Record<string, unknown>[];
  for (const row of rows) {
    for (const f of fields) {
      const v = row[f];
      if (typeof v === 'string') row[f] = new Date(v);
    }
  }
  return rows as T[];
}

/**
 * The application and every part its view shows, in one statement (issue 22: a view was six statements, each its own
 * transaction, and one snapshot now serves all parts). Rows are typed as Prisma's `findMany` returns them (dates as
 * Dates, the history id as a bigint, JSON columns parsed) and ordered as `materialsOf`, `noticesOf`, `returnsOf` and
 * `historyOf` order them; personal data is revealed with the store's cipher (raw statements bypass the PII extension).
 * Null when the application is unknown.
 */
export async function findApplicationWithParts(
  db: IntakeDb | IntakeRawTx,
  no: string,
  pii: PiiCipher,
): Promise<ApplicationWithParts | null> {
  const [row] = await db.$queryRawUnsafe<PartsRow[]>(
    `SELECT a."no", a."row_version" AS "rowVersion", a."status", a."implementation_code" AS "implementationCode",
       a."implementation_version" AS "implementationVersion", a."item_name" AS "itemName",
       a."region_code" AS "regionCode", a."department_code" AS "departmentCode",
       a."implementing_body" AS "implementingBody", a."promised_limit_days" AS "promisedLimitDays",
       a."legal_limit_days" AS "legalLimitDays", a."applicant_kind" AS "applicantKind",
       a."applicant_user_id" AS "applicantUserId", a."applicant_name" AS "applicantName",
       a."applicant_id_type" AS "applicantIdType", a."applicant_id_number" AS "applicantIdNumber",
       a."applicant_id_number_bidx" AS "applicantIdNumberBidx", a."applicant_phone" AS "applicantPhone",
       a."applicant_phone_bidx" AS "applicantPhoneBidx", a."applicant_email" AS "applicantEmail", a."agent",
       a."submitted_by" AS "submittedBy", a."form_data" AS "formData",
       COALESCE(a."missing_material_ids", '{}') AS "missingMaterialIds", a."delivery_method" AS "deliveryMethod",
       a."delivery_address" AS "deliveryAddress", a."pickup_code" AS "pickupCode",
       a."tracking_no" AS "trackingNo", a."acceptance_mode" AS "acceptanceMode",
       a."accepted_by" AS "acceptedBy", a."refusal_reasons" AS "refusalReasons",
       a."redirect_to" AS "redirectTo", COALESCE(a."tolerance_missing", '{}') AS "toleranceMissing",
       a."tolerance_promise" AS "tolerancePromise", a."tolerance_supply_by" AS "toleranceSupplyBy",
       a."tolerance_satisfied_at" AS "toleranceSatisfiedAt", a."supplement_due_by" AS "supplementDueBy",
       a."decision_outcome" AS "decisionOutcome", a."decision_reasons" AS "decisionReasons",
       a."decision_case_id" AS "decisionCaseId", COALESCE(a."expected_licence_types", '{}') AS "expectedLicenceTypes",
       a."closing_action" AS "closingAction", a."closing_requested_at" AS "closingRequestedAt",
       a."withdraw_reason" AS "withdrawReason", a."termination_reason" AS "terminationReason",
       a."received_at" AS "receivedAt", a."accepted_at" AS "acceptedAt", a."refused_at" AS "refusedAt",
       a."supplement_requested_at" AS "supplementRequestedAt", a."supplemented_at" AS "supplementedAt",
       a."withdrawn_at" AS "withdrawnAt", a."terminated_at" AS "terminatedAt", a."decided_at" AS "decidedAt",
       a."completed_at" AS "completedAt", a."delivered_at" AS "deliveredAt", a."created_at" AS "createdAt",
       a."updated_at" AS "updatedAt", a."service_point_id" AS "servicePointId",
       a."taken_in_region" AS "takenInRegion", a."handover_pending" AS "handoverPending",
       a."handover_from_point_id" AS "handoverFromPointId", a."handed_over_at" AS "handedOverAt",
       COALESCE((SELECT json_agg(json_build_object('id', m."id", 'applicationNo', m."application_no", 'materialId', m."material_id",
           'name', m."name", 'source', m."source", 'files', m."files", 'licenceIdentifier',
           m."licence_identifier", 'licenceTypeCode', m."licence_type_code", 'licenceCheckedAt',
           m."licence_checked_at", 'promise', m."promise", 'round', m."round", 'current', m."current",
           'createdAt', m."created_at") ORDER BY m."created_at", m."id")
         FROM "application_material" m WHERE m."application_no" = a."no"), '[]'::json)::text AS "materialsJson",
       COALESCE((SELECT json_agg(json_build_object('id', n."id", 'applicationNo', n."application_no", 'kind', n."kind", 'number',
           n."number", 'bucket', n."bucket", 'key', n."key", 'sha256', n."sha256", 'size', n."size", 'content',
           n."content", 'issuedAt', n."issued_at") ORDER BY n."issued_at", n."id")
         FROM "notice" n WHERE n."application_no" = a."no"), '[]'::json)::text AS "noticesJson",
       COALESCE((SELECT json_agg(json_build_object('id', r."id", 'applicationNo', r."application_no", 'taskId', r."task_id",
           'departmentCode', r."department_code", 'departmentName', r."department_name", 'opinion',
           r."opinion", 'items', r."items", 'noticeId', r."notice_id", 'requestedAt', r."requested_at",
           'answeredAt', r."answered_at", 'closedAt', r."closed_at") ORDER BY r."requested_at", r."id")
         FROM "return_request" r WHERE r."application_no" = a."no"), '[]'::json)::text AS "returnsJson",
       COALESCE((SELECT json_agg(json_build_object('id', h."id", 'applicationNo', h."application_no", 'fromStatus', h."from_status",
           'toStatus', h."to_status", 'action', h."action", 'actor', h."actor", 'note', h."note", 'at', h."at") ORDER BY h."id")
         FROM "status_history" h WHERE h."application_no" = a."no"), '[]'::json)::text AS "historyJson",
       (SELECT q."sealed_code" FROM "application_query_code" q WHERE q."application_no" = a."no") AS "sealedQueryCode"
       FROM "application" a WHERE a."no" = $1`,
    no,
  );
  if (row === undefined) return null;
  const { materialsJson, noticesJson, returnsJson, historyJson, sealedQueryCode, ...app } = row;
  const parts: ApplicationWithParts = {
    app,
    materials: withDates<ApplicationMaterial>(materialsJson, ['licenceCheckedAt', 'createdAt']),
    notices: withDates<Notice>(noticesJson, ['issuedAt']),
    returns: withDates<ReturnRequest>(returnsJson, ['requestedAt', 'answeredAt', 'closedAt']),
    history: withDates<StatusHistory>(historyJson, ['at']).map((h) => ({ ...h, id: BigInt(h.id) })),
    sealedQueryCode,
  };
  return revealPii(pii, parts) as ApplicationWithParts;
}

/**
 * Commits one transition of an application inside the caller's transaction: the row moves only if it is
 * still at the version and status that were read (optimistic concurrency), the timeline gets an entry and
 * the applicant's inbox a message — all in the same transaction as the event the caller stages.
 */
export async function commitTransition(tx: IntakeTx, app: ApplicationRow, t: TransitionSpec): Promise<void> {
  const res = await tx.application.updateMany({
    where: { no: app.no, rowVersion: app.rowVersion, status: app.status },
    data: { ...t.data, status: t.to, rowVersion: { increment: 1 } },
  });
  if (res.count !== 1) {
    throw AppError.conflict(
      IntakeErrorCode.ConcurrentModification,
      `application ${app.no} was changed meanwhile; reload and retry`,
      { applicationNo: app.no },
    );
  }
  await addStatusHistory(tx, {
    applicationNo: app.no,
    fromStatus: app.status,
    toStatus: t.to,
    action: t.action,
    actor: t.actor,
    note: t.note ?? null,
    at: t.at,
  });
  if (t.notify) await notify(tx, app, t.notify, t.at);
  if (t.notice) {
    const unless = [...(t.noticeUnlessKinds ?? [])];
    const existing =
      unless.length > 0
        ? await tx.notice.findFirst({
            where: { applicationNo: app.no, kind: { in: unless } },
            select: { id: true },
          })
        : null;
    if (!existing) await tx.notice.create({ data: noticeRow(app.no, t.notice) });
  }
}

/** The columns a raw transition may set (`RawTransitionSpec.data`), by model field. */
const RAW_TRANSITION_COLUMNS = {
  decidedAt: 'decided_at',
  decisionOutcome: 'decision_outcome',
  decisionReasons: 'decision_reasons',
  decisionCaseId: 'decision_case_id',
  expectedLicenceTypes: 'expected_licence_types',
  closingAction: 'closing_action',
  completedAt: 'completed_at',
  pickupCode: 'pickup_code',
  deliveredAt: 'delivered_at',
  acceptedAt: 'accepted_at',
  acceptanceMode: 'acceptance_mode',
  acceptedBy: 'accepted_by',
  toleranceMissing: 'tolerance_missing',
  tolerancePromise: 'tolerance_promise',
  toleranceSupplyBy: 'tolerance_supply_by',
} as const;

/**
 * The transition as a raw one when every field it sets is one `commitRawTransition` may set (acceptance, decision,
 * completion, delivery); null for the others (they go through the ORM: `commitTransition`).
 */
export function asRawTransition(t: TransitionSpec): RawTransitionSpec | null {
  const data = t.data ?? {};
  if (!Object.keys(data).every((field) => Object.hasOwn(RAW_TRANSITION_COLUMNS, field))) return null;
  return t as RawTransitionSpec;
}

/**
 * `commitTransition` in raw SQL, for a transaction on the database's own driver (issue 22: the hot consumers run
 * without the ORM): the row moves only if still at the version and status read, with its timeline entry and the
 * applicant's message, in one statement. The fields of `t.data` present (null included) are set, the others kept.
 * None of these columns holds personal data (nothing to seal).
 */
export async function commitRawTransition(
  tx: IntakeRawTx,
  app: Pick<ApplicationRow, 'no' | 'rowVersion' | 'status' | 'applicantUserId' | 'applicantEmail'>,
  t: RawTransitionSpec,
): Promise<void> {
  const data: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(RAW_TRANSITION_COLUMNS)) {
    const value = t.data?.[field as keyof typeof RAW_TRANSITION_COLUMNS];
    if (value !== undefined) data[column] = value instanceof Date ? value.toISOString() : value;
  }
  const notice = t.notice ? noticeRow(app.no, t.notice) : undefined;
  const [row] = await tx.$queryRawUnsafe<{ moved: number }[]>(
    `WITH d AS (SELECT $4::jsonb AS doc),
     moved AS (
       UPDATE "application" a SET "status" = $5, "row_version" = a."row_version" + 1, "updated_at" = now(),
         "decided_at" = CASE WHEN d.doc ? 'decided_at' THEN r."decided_at" ELSE a."decided_at" END,
         "decision_outcome" = CASE WHEN d.doc ? 'decision_outcome' THEN r."decision_outcome" ELSE a."decision_outcome" END,
         "decision_reasons" = CASE WHEN d.doc ? 'decision_reasons' THEN r."decision_reasons" ELSE a."decision_reasons" END,
         "decision_case_id" = CASE WHEN d.doc ? 'decision_case_id' THEN r."decision_case_id" ELSE a."decision_case_id" END,
         "expected_licence_types" = CASE WHEN d.doc ? 'expected_licence_types' THEN r."expected_licence_types"
           ELSE a."expected_licence_types" END,
         "closing_action" = CASE WHEN d.doc ? 'closing_action' THEN r."closing_action" ELSE a."closing_action" END,
         "completed_at" = CASE WHEN d.doc ? 'completed_at' THEN r."completed_at" ELSE a."completed_at" END,
         "pickup_code" = CASE WHEN d.doc ? 'pickup_code' THEN r."pickup_code" ELSE a."pickup_code" END,
         "delivered_at" = CASE WHEN d.doc ? 'delivered_at' THEN r."delivered_at" ELSE a."delivered_at" END,
         "accepted_at" = CASE WHEN d.doc ? 'accepted_at' THEN r."accepted_at" ELSE a."accepted_at" END,
         "acceptance_mode" = CASE WHEN d.doc ? 'acceptance_mode' THEN r."acceptance_mode" ELSE a."acceptance_mode" END,
         "accepted_by" = CASE WHEN d.doc ? 'accepted_by' THEN r."accepted_by" ELSE a."accepted_by" END,
         "tolerance_missing" = CASE WHEN d.doc ? 'tolerance_missing' THEN r."tolerance_missing"
           ELSE a."tolerance_missing" END,
         "tolerance_promise" = CASE WHEN d.doc ? 'tolerance_promise' THEN r."tolerance_promise"
           ELSE a."tolerance_promise" END,
         "tolerance_supply_by" = CASE WHEN d.doc ? 'tolerance_supply_by' THEN r."tolerance_supply_by"
           ELSE a."tolerance_supply_by" END
         FROM d CROSS JOIN LATERAL jsonb_populate_record(NULL::"application", d.doc) r
        WHERE a."no" = $1 AND a."row_version" = $2::integer AND a."status" = $3
        RETURNING a."no"),
     history AS (
       INSERT INTO "status_history" ("application_no", "from_status", "to_status", "action", "actor", "note", "at")
       SELECT m."no", $3, $5, $6, $7::jsonb, $8, $9::timestamptz FROM moved m),
     message AS (
       INSERT INTO "notification" ("id", "user_id", "email", "application_no", "kind", "title", "body", "created_at")
       SELECT $10::uuid, $11, $12, m."no", $13, $14, $15, $9::timestamptz FROM moved m WHERE $13::text IS NOT NULL),
     notice AS (
       INSERT INTO "notice" ("id", "application_no", "kind", "number", "content", "issued_at")
       SELECT $16::uuid, m."no", $17, $18, $19::jsonb, $20::timestamptz FROM moved m
        WHERE $17::text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "notice" n WHERE n."application_no" = m."no" AND n."kind" = ANY($21::text[])))
     SELECT count(*)::int AS "moved" FROM moved`,
    app.no,
    app.rowVersion,
    app.status,
    JSON.stringify(data),
    t.to,
    t.action,
    JSON.stringify(t.actor),
    t.note ?? null,
    t.at.toISOString(),
    randomUUID(),
    app.applicantUserId,
    app.applicantEmail,
    t.notify?.kind ?? null,
    t.notify?.title ?? null,
    t.notify?.body ?? null,
    notice?.id ?? null,
    notice?.kind ?? null,
    notice?.number ?? null,
    notice ? JSON.stringify(notice.content) : null,
    notice?.issuedAt.toISOString() ?? null,
    [...(t.noticeUnlessKinds ?? [])],
  );
  if (Number(row?.moved ?? 0) !== 1) {
    throw AppError.conflict(
      IntakeErrorCode.ConcurrentModification,
      `application ${app.no} was changed meanwhile; reload and retry`,
      { applicationNo: app.no },
    );
  }
}

/** One entry of the application's timeline (状态历史), in the caller's transaction. */
export async function addStatusHistory(
  tx: IntakeTx,
  entry: Omit<Prisma.StatusHistoryUncheckedCreateInput, 'id'>,
): Promise<void> {
  await tx.statusHistory.create({ data: entry });
}

/** An inbox message for the applicant (and the external sender's queue), in the caller's transaction. */
export async function notify(
  tx: IntakeTx,
  app: Pick<ApplicationRow, 'no' | 'applicantUserId' | 'applicantEmail'>,
  n: NotificationDraft,
  at: Date,
): Promise<void> {
  await tx.notification.create({
    data: {
      userId: app.applicantUserId,
      email: app.applicantEmail,
      applicationNo: app.no,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: at,
    },
  });
}

/**
 * The next serial of a region's applications of the day, taken in the caller's transaction (Prisma's or the driver's).
 * Raw SQL: `INSERT … ON CONFLICT DO UPDATE … RETURNING` allocates it atomically (the row stays locked until commit, so
 * numbers never repeat).
 */
export async function nextApplicationSerial(
  tx: IntakeRawTx,
  regionCode: string,
  day: string,
): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ last: number }[]>(
    `INSERT INTO "application_sequence" ("region_code", "day", "last") VALUES ($1, $2, 1)
     ON CONFLICT ("region_code", "day") DO UPDATE SET "last" = "application_sequence"."last" + 1 RETURNING "last"`,
    regionCode,
    day,
  );
  return Number(rows[0]?.last ?? 0);
}

/** Stores a new application row (submission). */
export function createApplication(
  tx: IntakeTx,
  data: Prisma.ApplicationUncheckedCreateInput,
): Promise<ApplicationRow> {
  return tx.application.create({ data });
}

/** Narrowing both lists take: text in the item name or the number, and the day range of receipt. */
export interface ApplicationSearch {
  /** 事项名称 or 办件编号 containing this text. */
  text?: string;
  /** Received at or after this instant. */
  receivedFrom?: Date;
  /** Received at or before this instant. */
  receivedUntil?: Date;
}

/** Which applications a list shows: a clerk's window queue (region) or the applicant's own. */
export type ApplicationListFilter = ApplicationSearch &
  (
    | ({ queue: true; statuses: string[]; applicantIdNumber?: string } & (
        | { regionCode: string }
        /**
         * A point's queue: what points within this region prefix took in (收件), handed over or not, and the
         * implementations exercised within it (乡镇级).
         */
        | { takenInPrefix: string }
      ))
    | {
        queue: false;
        applicantUserId: string;
        /** Also the walk-in applications (代办, no account linked) of the person with this ID number. */
        walkInIdNumber?: string;
        status?: string;
      }
  );

function searchWhere(s: ApplicationSearch): Prisma.ApplicationWhereInput {
  return {
    ...(s.text
      ? { OR: [{ itemName: { contains: s.text } }, { no: { contains: s.text.toUpperCase() } }] }
      : {}),
    ...(s.receivedFrom || s.receivedUntil
      ? {
          receivedAt: {
            ...(s.receivedFrom ? { gte: s.receivedFrom } : {}),
            ...(s.receivedUntil ? { lte: s.receivedUntil } : {}),
          },
        }
      : {}),
  };
}

/** One page of applications with the matching count: the queue oldest first, the applicant's newest first. */
export async function listApplications(
  db: IntakeDb,
  filter: ApplicationListFilter,
  page: { page: number; pageSize: number },
): Promise<{ total: number; rows: ApplicationRow[] }> {
  const where: Prisma.ApplicationWhereInput = {
    ...searchWhere(filter),
    ...(filter.queue
      ? {
          // A point's clerk: what points under the prefix took in, and the implementations of his own region
          // (乡镇级 items, which the township's 便民服务中心 accepts as their window).
          ...('takenInPrefix' in filter
            ? {
                AND: [
                  {
                    OR: [
                      { takenInRegion: { startsWith: filter.takenInPrefix } },
                      { regionCode: { startsWith: filter.takenInPrefix } },
                    ],
                  },
                ],
              }
            : { regionCode: filter.regionCode }),
          status: { in: filter.statuses },
          ...(filter.applicantIdNumber ? { applicantIdNumber: filter.applicantIdNumber } : {}),
        }
      : {
          ...(filter.walkInIdNumber
            ? {
                AND: [
                  {
                    OR: [
                      { applicantUserId: filter.applicantUserId },
                      {
                        applicantUserId: null,
                        applicantKind: 'person',
                        applicantIdNumber: filter.walkInIdNumber.toUpperCase(),
                      },
                    ],
                  },
                ],
              }
            : { applicantUserId: filter.applicantUserId }),
          ...(filter.status ? { status: filter.status } : {}),
        }),
  };
  const [total, rows] = await Promise.all([
    db.application.count({ where }),
    db.application.findMany({
      where,
      orderBy: filter.queue ? [{ receivedAt: 'asc' }] : [{ receivedAt: 'desc' }],
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    }),
  ]);
  return { total, rows };
}

/** AL art. 32: applications still `submitted` whose 5-working-day supplement deadline passed, oldest first. */
export function applicationsPastSupplementDeadline(db: IntakeDb, now: Date, take: number) {
  return db.application.findMany({
    where: { status: ApplicationStatus.Submitted, supplementDueBy: { lt: now } },
    select: { no: true },
    orderBy: { receivedAt: 'asc' },
    take,
  });
}

/** 容缺受理 whose materials are owed past their supply-by date (accepted or decided, not satisfied). */
export function applicationsPastToleranceDeadline(db: IntakeDb, now: Date, take: number) {
  return db.application.findMany({
    where: {
      status: { in: [ApplicationStatus.Accepted, ApplicationStatus.Decided] },
      acceptanceMode: 'tolerance',
      toleranceSatisfiedAt: null,
      toleranceSupplyBy: { lt: now },
    },
    select: { no: true },
    take,
  });
}

/** Applications still `submitted` received before `until` whose supplement deadline is on or after `from`. */
export function submittedApplicationsDueBetween(db: IntakeDb, from: Date, until: Date) {
  return db.application.findMany({
    where: {
      status: ApplicationStatus.Submitted,
      receivedAt: { lt: until },
      supplementDueBy: { gte: from },
    },
    select: { no: true, receivedAt: true, supplementDueBy: true },
  });
}

/**
 * Moves the supplement deadline of an application only while it is still `submitted`; the row version moves too,
 * so a window action that read the old deadline is refused (409) and retried with the new one.
 */
export async function moveSupplementDeadline(tx: IntakeTx, no: string, dueBy: Date): Promise<void> {
  await tx.application.updateMany({
    where: { no, status: ApplicationStatus.Submitted },
    data: { supplementDueBy: dueBy, rowVersion: { increment: 1 } },
  });
}

/** Its status history, oldest first. */
export function historyOf(db: IntakeDb, no: string) {
  return db.statusHistory.findMany({ where: { applicationNo: no }, orderBy: { id: 'asc' } });
}

/** A refused second supplement notice (一次性告知 already given), recorded for supervision. */
export async function recordSupplementNoticeAttempt(
  tx: IntakeTx,
  attempt: Omit<Prisma.SupplementNoticeAttemptUncheckedCreateInput, 'id'>,
): Promise<void> {
  await tx.supplementNoticeAttempt.create({ data: attempt });
}

// ——— Materials of the application (application_material) ———

/** Every material row of the application (all rounds). */
export function materialsOf(db: IntakeDb, no: string) {
  return db.applicationMaterial.findMany({ where: { applicationNo: no } });
}

/** The current materials of the application, in the order they were stored. */
export function currentMaterialsOf(db: IntakeDb, no: string) {
  return db.applicationMaterial.findMany({
    where: { applicationNo: no, current: true },
    orderBy: { createdAt: 'asc' },
  });
}

/** The current 免提交 materials (e-licence references) of the application. */
export function currentLicenceMaterialsOf(db: IntakeDb, no: string) {
  return db.applicationMaterial.findMany({ where: { applicationNo: no, current: true, source: 'licence' } });
}

/** Records that these e-licence references were checked again (at the window). */
export async function markLicencesChecked(tx: IntakeTx, materialRowIds: string[], at: Date): Promise<void> {
  if (materialRowIds.length === 0) return;
  await tx.applicationMaterial.updateMany({
    where: { id: { in: materialRowIds } },
    data: { licenceCheckedAt: at },
  });
}

/** `markLicencesChecked` in raw SQL, for a transaction on the database's own driver (no personal data). */
export async function markLicencesCheckedRaw(
  tx: IntakeRawTx,
  materialRowIds: string[],
  at: Date,
): Promise<void> {
  if (materialRowIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE "application_material" SET "licence_checked_at" = $2::timestamptz WHERE "id" = ANY($1::uuid[])`,
    materialRowIds,
    at.toISOString(),
  );
}

/** The latest supplement round of the application's materials (0: only what came with the submission). */
export async function lastMaterialRound(db: IntakeDb, no: string): Promise<number> {
  const agg = await db.applicationMaterial.aggregate({ where: { applicationNo: no }, _max: { round: true } });
  return agg._max.round ?? 0;
}

/** Stores material rows (a submission or a supplement round). */
export async function addMaterials(
  tx: IntakeTx,
  rows: Prisma.ApplicationMaterialCreateManyInput[],
): Promise<void> {
  await tx.applicationMaterial.createMany({ data: rows });
}

/** The current rows of these materials are replaced by a new round: they stop being current. */
export async function supersedeMaterials(tx: IntakeTx, no: string, materialIds: string[]): Promise<void> {
  await tx.applicationMaterial.updateMany({
    where: { applicationNo: no, materialId: { in: materialIds }, current: true },
    data: { current: false },
  });
}

// ——— Implementation versions (the snapshot an application is judged by) ———

/**
 * Parsed snapshots by `code@version`, at most SNAPSHOTS_KEPT (least recently used out first). A stored version is
 * never rewritten (keepImplementationVersion), so a cached one stays right; one cache per store (per database).
 */
export type SnapshotCache = Map<string, ImplementationSnapshot>;
const SNAPSHOTS_KEPT = 200;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The snapshot of the exact version an application was made against (parsed with its contract). */
export async function snapshotOf(
  db: IntakeDb | IntakeRawTx,
  code: string,
  version: number,
  cache?: SnapshotCache,
): Promise<ImplementationSnapshot> {
  const key = `${code}@${version}`;
  const cached = cache?.get(key);
  if (cached !== undefined) {
    cache?.delete(key);
    cache?.set(key, cached);
    return cached;
  }
  // Raw SQL: the same read on the client, a transaction of it or one of the database's own driver (the consumers').
  const [row] = await db.$queryRawUnsafe<{ snapshot: string }[]>(
    `SELECT "snapshot"::text AS "snapshot" FROM "implementation_version" WHERE "code" = $1 AND "version" = $2::integer`,
    code,
    version,
  );
  if (!row)
    throw new AppError(
      IntakeErrorCode.ImplementationUnknown,
      `implementation ${code} version ${version} is not known to intake`,
      500,
    );
  const snapshot = ImplementationSnapshot.parse(JSON.parse(row.snapshot));
  if (cache !== undefined) {
    // Shared between requests from now on: frozen, so a caller that would change it fails loudly instead.
    cache.set(key, deepFreeze(snapshot));
    if (cache.size > SNAPSHOTS_KEPT) cache.delete(cache.keys().next().value as string);
  }
  return snapshot;
}
