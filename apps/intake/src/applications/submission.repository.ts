import type { Actor, EventContract, ImplementationSnapshot, MaterialInput, PayloadOf } from '@hall/contracts';
import { ImplementationSnapshot as ImplementationSnapshotSchema } from '@hall/contracts';
import type { IdempotentCall } from '@hall/platform';
import type { Prisma } from '../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import { cachedSnapshot, cachedVersionsOf, keepSnapshot } from '../implementations/current-implementation.js';
import type { IntakeRawTx, IntakeStore } from '../intake.store.js';
import { findHoldingRaw } from '../licences/licence-holding.repository.js';
import type { NotificationDraft } from '../records/application-record.js';
import { randomUUID } from 'node:crypto';
import {
  findApplicationWithParts,
  nextApplicationSerial,
  type ApplicationWithParts,
} from '../records/application.repository.js';
import { digestQueryCode, newQueryCode } from '../public/query-code.js';
import type { ServicePoint } from '../service-points/service-network.js';
import { servicePointOfClerkRaw } from '../service-points/service-point.repository.js';
import {
  materialRows,
  resolveMaterials,
  type FileRef,
  type ResolveContext,
  type ResolvedMaterial,
} from './materials.js';

/**
 * What a submission reads and writes, in one transaction: the current implementation (with the uploads the submission
 * names, in the same read), the materials' licences, the clerk's service point; then number and one write of key,
 * application, materials, timeline, inbox and 查询码; the event.
 */
export interface SubmissionWrites {
  /**
   * The latest published version of `code` and its snapshot (422 when unknown or retired). `named`: the uploads the
   * submission names, read by the same statement (what `resolveMaterials` then looks at).
   */
  currentImplementation(
    code: string,
    named?: { uploaderId: string; fileIds: readonly string[] },
  ): Promise<{ version: number; snapshot: ImplementationSnapshot }>;
  resolveMaterials(
    snapshot: ImplementationSnapshot,
    inputs: readonly MaterialInput[],
    ctx: ResolveContext,
  ): Promise<ResolvedMaterial[]>;
  /** The service point (服务网点) a clerk works at, if any. */
  servicePointOfClerk(userId: string): Promise<ServicePoint | null>;
  nextSerial(regionCode: string, day: string): Promise<number>;
  /**
   * The new application with what comes with it: the client's Idempotency-Key (when given; a concurrent second use
   * fails here), its materials (round 0) with their files attached, the timeline's first entry, the applicant's inbox
   * message and its 查询码 (issued here, so the submitter's view shows it). False when a file was taken meanwhile (the
   * caller throws: nothing is kept).
   */
  createApplication(
    data: Prisma.ApplicationUncheckedCreateInput,
    parts: SubmissionParts,
    idempotency?: IdempotentCall,
  ): Promise<boolean>;
  stage<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<void>;
  /** The application as just written, with what its view shows (in the transaction, so no read commit of its own). */
  readBack?(no: string): Promise<ApplicationWithParts>;
}

/** What is stored with a new application (see `SubmissionWrites.createApplication`). */
export interface SubmissionParts {
  materials: readonly ResolvedMaterial[];
  history: { action: string; actor: Actor; toStatus: string };
  notification: NotificationDraft;
  at: Date;
}

/** What submitting (申报) reads and writes; the service's one is {@link RawSubmissionRepository}. */
export interface SubmissionRepository {
  addWorkingDays(from: Date, days: number): Date;
  transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T>;
}

/**
 * Submissions on the database's own driver (issue 22: an interactive ORM transaction cost several times the CPU per
 * statement): raw SQL only, PostgreSQL and PGlite alike. Personal data is sealed with the store's cipher as the
 * client's extension would write it, and revealed in what is read back.
 */
export class RawSubmissionRepository implements SubmissionRepository {
  constructor(private readonly store: IntakeStore) {}

  addWorkingDays(from: Date, days: number) {
    return this.store.calendar.current().addWorkingDays(from, days);
  }
  transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T> {
    return this.store.messaging.rawTransaction((tx) => fn(this.writes(tx)));
  }

  private writes(tx: IntakeRawTx): SubmissionWrites {
    const { store } = this;
    /** The uploads `currentImplementation` read with the implementation (by id), for `resolveMaterials`. */
    let prefetched: { uploaderId: string; files: Map<string, FileRef> } | undefined;
    return {
      currentImplementation: async (code, named) => {
        const opened = await openSubmission(tx, code, named, store.prisma);
        if (named) prefetched = { uploaderId: named.uploaderId, files: opened.uploads };
        return { version: opened.version, snapshot: opened.snapshot };
      },
      resolveMaterials: (snapshot, inputs, ctx) =>
        resolveMaterials(
          {
            unattachedUploads: async (ownerUserId, ids) => {
              const known = prefetched?.uploaderId === ownerUserId ? prefetched.files : undefined;
              if (known && ids.every((id) => known.has(id))) return ids.flatMap((id) => known.get(id) ?? []);
              return unattachedUploadsRaw(tx, ownerUserId, ids);
            },
            holding: (identifier) => findHoldingRaw(tx, identifier, store.cipher),
          },
          snapshot,
          inputs,
          ctx,
        ),
      servicePointOfClerk: (userId) => servicePointOfClerkRaw(tx, userId),
      nextSerial: (regionCode, day) => nextApplicationSerial(tx, regionCode, day),
      createApplication: async (data, parts, idempotency) => {
        const code = newQueryCode();
        return insertSubmission(tx, store.seal('Application', data), parts, {
          idempotency,
          codeHash: digestQueryCode(store.cipher, data.no, code),
          sealedCode: store.cipher.encrypt(code),
        });
      },
      stage: async (contract, payload) => {
        await store.messaging.stage(tx, contract, payload);
      },
      readBack: async (no) => {
        const parts = await findApplicationWithParts(tx, no, store.cipher);
        if (!parts) throw new Error(`application ${no} not found in its own transaction`);
        return parts;
      },
    };
  }
}

interface OpenedRow {
  version: number | null;
  status: string | null;
  snapshot: unknown;
  uploadsJson: string;
}

/**
 * The submission's first read, one statement (issue 22: it was two or three ORM reads): the latest version and status
 * of the implementation, its snapshot unless parsed already (`cachedSnapshot`: a stored version never changes), and
 * the named uploads of the user not attached yet (none of their columns holds personal data).
 */
async function openSubmission(
  tx: IntakeRawTx,
  code: string,
  named: { uploaderId: string; fileIds: readonly string[] } | undefined,
  cacheOwner: object,
): Promise<{ version: number; snapshot: ImplementationSnapshot; uploads: Map<string, FileRef> }> {
  const [row] = await tx.$queryRawUnsafe<OpenedRow[]>(
    `SELECT v."version", v."status",
       (SELECT iv."snapshot" FROM "implementation_version" iv
         WHERE iv."code" = v."code" AND iv."version" = v."version" AND NOT (v."version" = ANY($2::int[]))) AS "snapshot",
       COALESCE((SELECT json_agg(json_build_object('id', f."id", 'bucket', f."bucket", 'key', f."key", 'name', f."name",
           'sha256', f."sha256", 'contentType', f."content_type", 'size', f."size"))
         FROM "uploaded_file" f
        WHERE f."id" = ANY($3::uuid[]) AND f."owner_user_id" = $4 AND f."application_no" IS NULL
          AND f."enquiry_no" IS NULL), '[]'::json)::text AS "uploadsJson"
       FROM (SELECT $1::text AS "code") c LEFT JOIN "implementation_view" v ON v."code" = c."code"`,
    code,
    cachedVersionsOf(cacheOwner, code),
    [...(named?.fileIds ?? [])],
    named?.uploaderId ?? '',
  );
  if (!row || row.version === null)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} is not a published implementation`,
    );
  if (row.status !== 'published')
    throw unprocessable(
      IntakeErrorCode.ImplementationRetired,
      'implementationCode',
      `${code} is retired (废止): no new applications`,
    );
  const version = Number(row.version);
  let snapshot = cachedSnapshot(cacheOwner, code, version);
  if (snapshot === undefined) {
    // Not read: the snapshot was shared when the statement was sent (and the cache started afresh meanwhile).
    const stored = row.snapshot ?? (await implementationSnapshotRaw(tx, code, version));
    if (stored === null || stored === undefined)
      throw unprocessable(
        IntakeErrorCode.ImplementationUnknown,
        'implementationCode',
        `${code} version ${version} is not known yet`,
      );
    const parsed = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
    snapshot = keepSnapshot(cacheOwner, code, version, ImplementationSnapshotSchema.parse(parsed));
  }
  const uploads = new Map((JSON.parse(row.uploadsJson) as FileRef[]).map((f) => [f.id, f]));
  return { version, snapshot, uploads };
}

/** The stored snapshot of `code` at `version` (null when intake does not hold it). */
async function implementationSnapshotRaw(tx: IntakeRawTx, code: string, version: number): Promise<unknown> {
  const [row] = await tx.$queryRawUnsafe<{ snapshot: unknown }[]>(
    `SELECT iv."snapshot" FROM "implementation_version" iv WHERE iv."code" = $1 AND iv."version" = $2::integer`,
    code,
    version,
  );
  return row?.snapshot ?? null;
}

/** The user's uploads among `ids` not attached to an application or enquiry yet (`unattachedUploadsOf`, raw). */
async function unattachedUploadsRaw(
  tx: IntakeRawTx,
  ownerUserId: string,
  ids: readonly string[],
): Promise<FileRef[]> {
  return tx.$queryRawUnsafe<FileRef[]>(
    `SELECT f."id", f."bucket", f."key", f."name", f."sha256", f."content_type" AS "contentType", f."size"
       FROM "uploaded_file" f
      WHERE f."id" = ANY($1::uuid[]) AND f."owner_user_id" = $2 AND f."application_no" IS NULL
        AND f."enquiry_no" IS NULL`,
    [...ids],
    ownerUserId,
  );
}

/** Model field → column of what a submission sets on `application` (the columns `insertSubmission` writes). */
const APPLICATION_COLUMNS: Readonly<Record<string, string>> = {
  no: 'no',
  status: 'status',
  implementationCode: 'implementation_code',
  implementationVersion: 'implementation_version',
  itemName: 'item_name',
  regionCode: 'region_code',
  departmentCode: 'department_code',
  implementingBody: 'implementing_body',
  promisedLimitDays: 'promised_limit_days',
  legalLimitDays: 'legal_limit_days',
  applicantKind: 'applicant_kind',
  applicantUserId: 'applicant_user_id',
  applicantName: 'applicant_name',
  applicantIdType: 'applicant_id_type',
  applicantIdNumber: 'applicant_id_number',
  applicantIdNumberBidx: 'applicant_id_number_bidx',
  applicantPhone: 'applicant_phone',
  applicantPhoneBidx: 'applicant_phone_bidx',
  applicantEmail: 'applicant_email',
  agent: 'agent',
  submittedBy: 'submitted_by',
  formData: 'form_data',
  missingMaterialIds: 'missing_material_ids',
  deliveryMethod: 'delivery_method',
  deliveryAddress: 'delivery_address',
  servicePointId: 'service_point_id',
  takenInRegion: 'taken_in_region',
  handoverPending: 'handover_pending',
  receivedAt: 'received_at',
  supplementDueBy: 'supplement_due_by',
};

/** The (sealed) application row as a JSON document keyed by column, for `jsonb_populate_record`. */
function applicationDocument(sealed: Prisma.ApplicationUncheckedCreateInput): string {
  const doc: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(sealed)) {
    if (value === undefined) continue;
    const column = APPLICATION_COLUMNS[field];
    if (column === undefined) throw new Error(`a submission does not set application.${field}`);
    doc[column] = value;
  }
  return JSON.stringify(doc);
}

/**
 * The new application and everything stored with it, in one statement (issue 22: the key, the row and its parts were
 * three statements, two through the ORM): the Idempotency-Key (when given), the application row (already sealed:
 * its personal data as the client's extension writes it), the material rows, their uploads attached (only those still
 * unattached: a file taken meanwhile makes the count short), the first timeline entry, the inbox message and the
 * 查询码 (hash and sealed code). The parts are inserted from the application's `RETURNING` (their foreign keys follow
 * it). True when every file was attached. Columns not set keep their defaults as the ORM's `create` would.
 */
export async function insertSubmission(
  tx: IntakeRawTx,
  sealed: Prisma.ApplicationUncheckedCreateInput,
  parts: SubmissionParts,
  extra: { idempotency?: IdempotentCall | undefined; codeHash: string; sealedCode: string },
): Promise<boolean> {
  const no = sealed.no;
  const materials = materialRows(no, parts.materials, 0).map((m) => ({
    id: randomUUID(),
    material_id: m.materialId,
    name: m.name,
    source: m.source,
    files: m.files,
    licence_identifier: m.licenceIdentifier,
    licence_type_code: m.licenceTypeCode,
    licence_checked_at: m.licenceCheckedAt,
    promise: m.promise,
  }));
  const fileIds = parts.materials.flatMap((m) => m.files.map((f) => f.id));
  const key = extra.idempotency;
  const [row] = await tx.$queryRawUnsafe<{ attached: number }[]>(
    `WITH app AS (
       INSERT INTO "application" ("no", "status", "implementation_code", "implementation_version", "item_name",
         "region_code", "department_code", "implementing_body", "promised_limit_days", "legal_limit_days",
         "applicant_kind", "applicant_user_id", "applicant_name", "applicant_id_type", "applicant_id_number",
         "applicant_id_number_bidx", "applicant_phone", "applicant_phone_bidx", "applicant_email", "agent",
         "submitted_by", "form_data", "missing_material_ids", "delivery_method", "delivery_address",
         "service_point_id", "taken_in_region", "handover_pending", "received_at", "supplement_due_by", "updated_at")
       SELECT r."no", r."status", r."implementation_code", r."implementation_version", r."item_name",
         r."region_code", r."department_code", r."implementing_body", r."promised_limit_days", r."legal_limit_days",
         r."applicant_kind", r."applicant_user_id", r."applicant_name", r."applicant_id_type", r."applicant_id_number",
         r."applicant_id_number_bidx", r."applicant_phone", r."applicant_phone_bidx", r."applicant_email", r."agent",
         r."submitted_by", r."form_data", r."missing_material_ids", COALESCE(r."delivery_method", 'window'),
         r."delivery_address", r."service_point_id", r."taken_in_region", COALESCE(r."handover_pending", false),
         r."received_at", r."supplement_due_by", now()
         FROM jsonb_populate_record(NULL::"application", $16::jsonb) r WHERE r."no" = $1
       RETURNING "no"),
     idem AS (
       INSERT INTO "idempotency_key" ("user_id", "key", "request_hash", "application_no")
       SELECT $17, $18, $19, a."no" FROM app a WHERE $17::text IS NOT NULL),
     materials AS (
       INSERT INTO "application_material" ("id", "application_no", "material_id", "name", "source", "files",
         "licence_identifier", "licence_type_code", "licence_checked_at", "promise", "round", "current")
       SELECT m."id", a."no", m."material_id", m."name", m."source", m."files", m."licence_identifier",
         m."licence_type_code", m."licence_checked_at", m."promise", 0, true
         FROM app a CROSS JOIN jsonb_to_recordset($2::jsonb) AS m("id" uuid, "material_id" text, "name" text,
           "source" text, "files" jsonb, "licence_identifier" text, "licence_type_code" text,
           "licence_checked_at" timestamptz, "promise" text)),
     attached AS (
       UPDATE "uploaded_file" f SET "application_no" = a."no" FROM app a
        WHERE f."id" = ANY($3::uuid[]) AND f."application_no" IS NULL AND f."enquiry_no" IS NULL
       RETURNING 1),
     history AS (
       INSERT INTO "status_history" ("application_no", "from_status", "to_status", "action", "actor", "at")
       SELECT a."no", NULL, $4, $5, $6::jsonb, $7::timestamptz FROM app a),
     message AS (
       INSERT INTO "notification" ("id", "user_id", "email", "application_no", "kind", "title", "body", "created_at")
       SELECT $8::uuid, $9, $10, a."no", $11, $12, $13, $7::timestamptz FROM app a),
     code AS (
       INSERT INTO "application_query_code" ("application_no", "code_hash", "sealed_code", "created_at")
       SELECT a."no", $14, $15, $7::timestamptz FROM app a)
     SELECT count(*)::int AS "attached" FROM attached`,
    no,
    JSON.stringify(materials),
    fileIds,
    parts.history.toStatus,
    parts.history.action,
    JSON.stringify(parts.history.actor),
    parts.at.toISOString(),
    randomUUID(),
    sealed.applicantUserId ?? null,
    sealed.applicantEmail ?? null,
    parts.notification.kind,
    parts.notification.title,
    parts.notification.body,
    extra.codeHash,
    extra.sealedCode,
    applicationDocument(sealed),
    key?.userId ?? null,
    key?.key ?? null,
    key?.requestHash ?? null,
  );
  return Number(row?.attached ?? 0) === fileIds.length;
}
