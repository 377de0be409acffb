import { randomUUID } from 'node:crypto';
import type { ObjectStorage } from '@hall/storage';
import { AppError } from '@hall/platform';
import type { IntakeTx } from '../intake.store.js';
import type { NoticeKind } from './notice-content.js';
import { insertNotice } from './notice.repository.js';
import { renderNoticePdf, type NoticeDocument } from './notice.pdf.js';

/** A rendered and stored notice whose row is not written yet (written in the transition's transaction). */
export interface PreparedNotice {
  id: string;
  kind: NoticeKind;
  number: string;
  bucket: string;
  key: string;
  sha256: string;
  size: number;
  document: NoticeDocument;
  /** Materials a supplement notice asks for (kept with the notice). */
  materialIds?: string[];
  issuedAt: Date;
}

/**
 * Written notices: rendered to PDF (CJK font) and stored in object storage *before* the transition's
 * transaction; the row commits with the state change and its event. If the transaction fails, the stored
 * PDF is removed (best effort) — no notice row ever points to nothing.
 */
export class NoticesService {
  constructor(private readonly storage: ObjectStorage | undefined) {}

  private requireStorage(): ObjectStorage {
    if (!this.storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    return this.storage;
  }

  async prepare(
    kind: NoticeKind,
    applicationNo: string,
    document: NoticeDocument,
    materialIds?: string[],
  ): Promise<PreparedNotice> {
    const storage = this.requireStorage();
    const pdf = await renderNoticePdf(document);
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      buffer: pdf,
      declaredName: `${kind}-${applicationNo}.pdf`,
      declaredContentType: 'application/pdf',
      maxBytes: 20 * 1024 * 1024,
      allowedTypes: ['application/pdf'],
      ownerPrefix: `intake/notices/${applicationNo}`,
    });
    return {
      id: randomUUID(),
      kind,
      number: document.number,
      bucket: stored.bucket,
      key: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      document,
      ...(materialIds ? { materialIds } : {}),
      issuedAt: new Date(document.issuedAt),
    };
  }

  async write(tx: IntakeTx, applicationNo: string, n: PreparedNotice): Promise<void> {
    await insertNotice(tx, {
      id: n.id,
      applicationNo,
      kind: n.kind,
      number: n.number,
      bucket: n.bucket,
      key: n.key,
      sha256: n.sha256,
      size: n.size,
      content: JSON.parse(
        JSON.stringify({ ...n.document, ...(n.materialIds ? { materialIds: n.materialIds } : {}) }),
      ) as object,
      issuedAt: n.issuedAt,
    });
  }

  async discard(n: PreparedNotice | undefined): Promise<void> {
    if (!n || !this.storage) return;
    await this.storage.remove(n.bucket, n.key).catch(() => undefined);
  }

  /** The stored PDF, integrity-checked against the recorded SHA-256. */
  read(n: { bucket: string; key: string; sha256: string }): Promise<Buffer> {
    return this.requireStorage().readBuffer(n.bucket, n.key, n.sha256);
  }
}
