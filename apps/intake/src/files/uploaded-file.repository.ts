import { randomUUID } from 'node:crypto';
import type { RawExecutor } from '@hall/messaging';
import { auditObjectCreated } from '@hall/platform';
import type { IntakeDb, IntakeStore, IntakeTx } from '../intake.store.js';

/** A user's uploads not yet attached to an application. */
export interface UnattachedUsage {
  files: number;
  bytes: number;
}

/** An upload as recorded (what the client is told). */
export interface UploadedFileRow {
  id: string;
  name: string;
  sha256: string;
  contentType: string;
  size: number;
}

/** What an upload stored, as recorded. */
export interface NewUpload {
  ownerUserId: string;
  bucket: string;
  key: string;
  name: string;
  sha256: string;
  contentType: string;
  size: number;
  createdAt: Date;
}

/** Uploaded material files (材料上传) before and after they are attached to an application. */
export class UploadedFileRepository {
  constructor(private readonly store: IntakeStore) {}

  /** The user's uploads not yet attached to an application (count and bytes); one statement on the driver. */
  async unattached(userId: string, db: RawExecutor = this.store.raw): Promise<UnattachedUsage> {
    const [row] = await db.$queryRawUnsafe<Array<{ files: number; bytes: string | number | null }>>(
      `SELECT count(*)::int AS "files", coalesce(sum("size"), 0)::bigint AS "bytes"
         FROM "uploaded_file"
        WHERE "owner_user_id" = $1 AND "application_no" IS NULL AND "enquiry_no" IS NULL`,
      userId,
    );
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  /**
   * Records an upload, one per user at a time, and only while the user's unattached uploads stay within `quota` with
   * it: one statement (issue 22). `intake_upload_within_quota` (migration `upload_quota_check`) takes the user's
   * advisory lock, then counts with a snapshot of its own, so concurrent uploads cannot pass a quota together: the
   * second waits for the first's commit and counts its row. Over quota, nothing is written and `refuse` gets the
   * usage (it throws).
   */
  record(
    upload: NewUpload,
    quota: { maxFiles: number; maxBytes: number },
    refuse: (usage: UnattachedUsage) => void,
  ): Promise<UploadedFileRow> {
    // On the driver, not the ORM (issue 22): one raw statement needs no interactive Prisma transaction.
    const id = randomUUID();
    return this.store.rawTransaction(async (tx) => {
      auditObjectCreated(id); // the audit row commits with the upload (libs/platform audit)
      const [row] = await tx.$queryRawUnsafe<UploadedFileRow[]>(
        `INSERT INTO "uploaded_file" ("id", "owner_user_id", "bucket", "key", "name", "sha256", "content_type", "size", "created_at")
         SELECT $1::uuid, $2, $3, $4, $5, $6, $7, $8::integer, $9::timestamptz
          WHERE intake_upload_within_quota($2, $8::integer, $10::integer, $11::bigint)
         RETURNING "id", "name", "sha256", "content_type" AS "contentType", "size"`,
        id,
        upload.ownerUserId,
        upload.bucket,
        upload.key,
        upload.name,
        upload.sha256,
        upload.contentType,
        upload.size,
        upload.createdAt.toISOString(),
        quota.maxFiles,
        quota.maxBytes,
      );
      if (row !== undefined) return row;
      refuse(await this.unattached(upload.ownerUserId, tx));
      throw new Error('upload over quota, not refused');
    });
  }
}

// ——— Functions on the client or a transaction (submission, supplement, the expiry job) ———

/** Of these uploads, those the user made that are not attached to an application yet. */
export function unattachedUploadsOf(db: IntakeDb, ownerUserId: string, ids: readonly string[]) {
  return db.uploadedFile.findMany({
    where: { id: { in: [...ids] }, ownerUserId, applicationNo: null, enquiryNo: null },
  });
}

/** Attaches these uploads to the application; false when one was taken meanwhile (the caller rolls back). */
export async function attachUploads(tx: IntakeTx, no: string, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const res = await tx.uploadedFile.updateMany({
    where: { id: { in: [...ids] }, applicationNo: null, enquiryNo: null },
    data: { applicationNo: no },
  });
  return res.count === ids.length;
}

/** Attaches the user's own unattached uploads to an enquiry; false when one is not theirs, unknown or taken. */
export async function attachUploadsToEnquiry(
  tx: IntakeTx,
  enquiryNo: string,
  ownerUserId: string,
  ids: readonly string[],
): Promise<boolean> {
  if (ids.length === 0) return true;
  const res = await tx.uploadedFile.updateMany({
    where: { id: { in: [...ids] }, ownerUserId, applicationNo: null, enquiryNo: null },
    data: { enquiryNo },
  });
  return res.count === new Set(ids).size;
}

/** Uploads never attached, made before `before`, oldest first. */
export function unattachedUploadsBefore(db: IntakeDb, before: Date, take: number) {
  return db.uploadedFile.findMany({
    where: { applicationNo: null, enquiryNo: null, createdAt: { lt: before } },
    select: { id: true, bucket: true, key: true },
    orderBy: { createdAt: 'asc' },
    take,
  });
}

/** Removes the row of an upload only while it is still unattached; whether it did. */
export async function removeUnattachedUpload(db: IntakeDb, id: string): Promise<boolean> {
  const gone = await db.uploadedFile.deleteMany({ where: { id, applicationNo: null, enquiryNo: null } });
  return gone.count > 0;
}
