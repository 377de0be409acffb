import type { Actor, EventContract, ImplementationSnapshot, MaterialInput, PayloadOf } from '@hall/contracts';
import type { IdempotentCall } from '@hall/platform';
import type { Prisma } from '../generated/prisma/client.js';
import { currentImplementation } from '../implementations/current-implementation.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import type { ApplicationRow, NotificationDraft } from '../records/application-record.js';
import { randomUUID } from 'node:crypto';
import {
  createApplication,
  findApplicationWithParts,
  nextApplicationSerial,
  type ApplicationWithParts,
} from '../records/application.repository.js';
import { digestQueryCode, newQueryCode } from '../public/query-code.js';
import type { ServicePoint } from '../service-points/service-network.js';
import { servicePointOfClerk } from '../service-points/service-point.repository.js';
import { saveIdempotencyKey } from './idempotency-key.repository.js';
import { materialRows, resolveMaterials, type ResolveContext, type ResolvedMaterial } from './materials.js';

/**
 * What a submission reads and writes, in one transaction: the current implementation, the materials' uploads and
 * licences, the clerk's service point; then number, key, application, materials, timeline, inbox, event.
 */
export interface SubmissionWrites {
  currentImplementation(code: string): Promise<{ version: number; snapshot: ImplementationSnapshot }>;
  resolveMaterials(
    snapshot: ImplementationSnapshot,
    inputs: readonly MaterialInput[],
    ctx: ResolveContext,
  ): Promise<ResolvedMaterial[]>;
  /** The service point (服务网点) a clerk works at, if any. */
  servicePointOfClerk(userId: string): Promise<ServicePoint | null>;
  nextSerial(regionCode: string, day: string): Promise<number>;
  /** The client's Idempotency-Key with the application it made (a concurrent second use fails here). */
  saveIdempotencyKey(call: IdempotentCall, applicationNo: string): Promise<void>;
  createApplication(data: Prisma.ApplicationUncheckedCreateInput): Promise<ApplicationRow>;
  /**
   * What comes with the new application: its materials (round 0) with their files attached, the timeline's first
   * entry, the applicant's inbox message, and its 查询码 (issued here, so the submitter's view shows it). False when a
   * file was taken meanwhile (the caller throws: nothing is kept).
   */
  addParts(app: ApplicationRow, parts: SubmissionParts): Promise<boolean>;
  stage<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<void>;
  /** The application as just written, with what its view shows (in the transaction, so no read commit of its own). */
  readBack?(no: string): Promise<ApplicationWithParts>;
}

/** What is stored with a new application (see `SubmissionWrites.addParts`). */
export interface SubmissionParts {
  materials: readonly ResolvedMaterial[];
  history: { action: string; actor: Actor; toStatus: string };
  notification: NotificationDraft;
  at: Date;
}

/** What submitting (申报) reads and writes; the service's one is {@link PrismaSubmissionRepository}. */
export interface SubmissionRepository {
  addWorkingDays(from: Date, days: number): Date;
  transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T>;
}

export class PrismaSubmissionRepository implements SubmissionRepository {
  constructor(private readonly store: IntakeStore) {}

  addWorkingDays(from: Date, days: number) {
    return this.store.calendar.current().addWorkingDays(from, days);
  }
  transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T> {
    return this.store.messaging.transaction((tx) => fn(this.writes(tx)));
  }

  private writes(tx: IntakeTx): SubmissionWrites {
    const { store } = this;
    return {
      currentImplementation: (code) => currentImplementation(tx, code, store.prisma),
      resolveMaterials: (snapshot, inputs, ctx) => resolveMaterials(tx, snapshot, inputs, ctx),
      servicePointOfClerk: (userId) => servicePointOfClerk(tx, userId),
      nextSerial: (regionCode, day) => nextApplicationSerial(tx, regionCode, day),
      saveIdempotencyKey: (call, applicationNo) =>
        saveIdempotencyKey(tx, {
          userId: call.userId,
          key: call.key,
          requestHash: call.requestHash,
          applicationNo,
        }),
      createApplication: (data) => createApplication(tx, data),
      addParts: async (app, parts) => {
        const code = newQueryCode();
        return addSubmissionParts(tx, app, parts, {
          codeHash: digestQueryCode(store.cipher, app.no, code),
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

/**
 * `addParts` in one statement (issue 22: it was five, two of them after the commit): the material rows, their uploads
 * attached (only those still unattached: a file taken meanwhile makes the count short), the first timeline entry, the
 * inbox message and the 查询码 (hash and sealed code). True when every file was attached. Raw SQL in the caller's
 * transaction; none of these columns holds personal data under `INTAKE_PII` (nothing to seal but the code, sealed by
 * the caller).
 */
export async function addSubmissionParts(
  tx: IntakeTx,
  app: Pick<ApplicationRow, 'no' | 'applicantUserId' | 'applicantEmail'>,
  parts: SubmissionParts,
  queryCode: { codeHash: string; sealedCode: string },
): Promise<boolean> {
  const materials = materialRows(app.no, parts.materials, 0).map((m) => ({
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
  const [row] = await tx.$queryRawUnsafe<{ attached: number }[]>(
    `WITH materials AS (
       INSERT INTO "application_material" ("id", "application_no", "material_id", "name", "source", "files",
         "licence_identifier", "licence_type_code", "licence_checked_at", "promise", "round", "current")
       SELECT m."id", $1, m."material_id", m."name", m."source", m."files", m."licence_identifier",
         m."licence_type_code", m."licence_checked_at", m."promise", 0, true
         FROM jsonb_to_recordset($2::jsonb) AS m("id" uuid, "material_id" text, "name" text, "source" text,
           "files" jsonb, "licence_identifier" text, "licence_type_code" text, "licence_checked_at" timestamptz,
           "promise" text)),
     attached AS (
       UPDATE "uploaded_file" SET "application_no" = $1
        WHERE "id" = ANY($3::uuid[]) AND "application_no" IS NULL AND "enquiry_no" IS NULL
       RETURNING 1),
     history AS (
       INSERT INTO "status_history" ("application_no", "from_status", "to_status", "action", "actor", "at")
       VALUES ($1, NULL, $4, $5, $6::jsonb, $7::timestamptz)),
     message AS (
       INSERT INTO "notification" ("id", "user_id", "email", "application_no", "kind", "title", "body", "created_at")
       VALUES ($8::uuid, $9, $10, $1, $11, $12, $13, $7::timestamptz)),
     code AS (
       INSERT INTO "application_query_code" ("application_no", "code_hash", "sealed_code", "created_at")
       VALUES ($1, $14, $15, $7::timestamptz))
     SELECT count(*)::int AS "attached" FROM attached`,
    app.no,
    JSON.stringify(materials),
    fileIds,
    parts.history.toStatus,
    parts.history.action,
    JSON.stringify(parts.history.actor),
    parts.at.toISOString(),
    randomUUID(),
    app.applicantUserId,
    app.applicantEmail,
    parts.notification.kind,
    parts.notification.title,
    parts.notification.body,
    queryCode.codeHash,
    queryCode.sealedCode,
  );
  return Number(row?.attached ?? 0) === fileIds.length;
}
