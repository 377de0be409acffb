import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStorage } from '@hall/storage';
import { AppError } from '@hall/platform';
import { IntakeErrorCode } from '../intake.errors.js';
import type { IntakeRawTx } from '../intake.store.js';
import type { NoticeKind } from './notice-content.js';
import { noticeRow } from '../records/application-record.js';
import { insertNotice } from './notice.repository.js';
import { renderNoticePdf, type NoticeDocument } from './notice.pdf.js';

/** A notice row's `content` (the {@link NoticeDocument}, plus `materialIds` on a supplement notice). */
const StoredNoticeContent = z.object({
  title: z.string(),
  number: z.string(),
  addressee: z.string(),
  paragraphs: z.array(z.string()),
  items: z.array(z.string()).optional(),
  issuer: z.string(),
  issuedAt: z.string(),
  footer: z.string(),
});

/** A notice whose row is not written yet (written in the transition's transaction); its PDF is rendered later. */
export interface PreparedNotice {
  id: string;
  kind: NoticeKind;
  number: string;
  document: NoticeDocument;
  /** Materials a supplement notice asks for (kept with the notice). */
  materialIds?: string[];
  issuedAt: Date;
}

/** A notice row as the download needs it: the stored file, once rendered (all four null before). */
export interface NoticeFileRow {
  id: string;
  applicationNo: string;
  kind: string;
  content: unknown;
  bucket: string | null;
  key: string | null;
  sha256: string | null;
  size: number | null;
}

/** Renders at once per process; more wait in a queue of {@link MAX_WAITING}, beyond that 503 `NOTICE_RENDER_BUSY`. */
const MAX_RENDERING = 2;
const MAX_WAITING = 32;
export const NOTICE_RENDER_RETRY_AFTER_SECONDS = 2;

/**
 * Written notices. A transition writes the notice row with its `content` (what the notice says) in its own
 * transaction, with the state change and its event; it renders nothing. The PDF (CJK font, ~30 ms of CPU) is rendered
 * from `content` on its first download, stored in object storage and recorded on the row (`bucket`, `key`,
 * `sha256`, `size`), so every later download reads the same bytes, integrity-checked. Rendering is deterministic for
 * a content and font, so two first downloads racing store the same bytes; the first to record wins and the other's
 * object is removed. At most {@link MAX_RENDERING} renders run at once; concurrent downloads of one notice share one.
 */
export class NoticesService {
  private rendering = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  /** PDFs rendered by this process (a stored notice renders nothing). */
  rendered = 0;

  constructor(private readonly storage: ObjectStorage | undefined) {}

  private requireStorage(): ObjectStorage {
    if (!this.storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    return this.storage;
  }

  prepare(
    kind: NoticeKind,
    _applicationNo: string,
    document: NoticeDocument,
    materialIds?: string[],
  ): Promise<PreparedNotice> {
    return Promise.resolve({
      id: randomUUID(),
      kind,
      number: document.number,
      document,
      ...(materialIds ? { materialIds } : {}),
      issuedAt: new Date(document.issuedAt),
    });
  }

  async write(tx: IntakeRawTx, applicationNo: string, n: PreparedNotice): Promise<void> {
    await insertNotice(tx, noticeRow(applicationNo, n));
  }

  /** Nothing is stored before the row commits, so a failed transition leaves nothing to remove. */
  discard(_n: PreparedNotice | undefined): Promise<void> {
    return Promise.resolve();
  }

  /**
   * The notice's PDF: the stored bytes (integrity-checked against the recorded SHA-256), or, on the first download,
   * rendered from the row's content, stored and recorded with `record` (which returns false when another download
   * recorded first).
   */
  async read(
    n: NoticeFileRow,
    record: (file: { bucket: string; key: string; sha256: string; size: number }) => Promise<boolean>,
  ): Promise<Buffer> {
    const storage = this.requireStorage();
    if (n.bucket && n.key && n.sha256) return storage.readBuffer(n.bucket, n.key, n.sha256);
    const running = this.inFlight.get(n.id);
    if (running) return running;
    const job = this.renderAndStore(storage, n, record).finally(() => this.inFlight.delete(n.id));
    this.inFlight.set(n.id, job);
    return job;
  }

  private async renderAndStore(
    storage: ObjectStorage,
    n: NoticeFileRow,
    record: (file: { bucket: string; key: string; sha256: string; size: number }) => Promise<boolean>,
  ): Promise<Buffer> {
    // Stored data that does not parse is a server fault (500, cause logged), as for every stored JSON read.
    const document: NoticeDocument = StoredNoticeContent.parse(n.content);
    const pdf = await this.bounded(() => renderNoticePdf(document));
    this.rendered += 1;
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      buffer: pdf,
      declaredName: `${n.kind}-${n.applicationNo}.pdf`,
      declaredContentType: 'application/pdf',
      maxBytes: 20 * 1024 * 1024,
      allowedTypes: ['application/pdf'],
      ownerPrefix: `intake/notices/${n.applicationNo}`,
    });
    const file = { bucket: stored.bucket, key: stored.key, sha256: stored.sha256, size: stored.size };
    if (!(await record(file))) await storage.remove(stored.bucket, stored.key).catch(() => undefined);
    return pdf;
  }

  private async bounded<T>(fn: () => Promise<T>): Promise<T> {
    if (this.rendering >= MAX_RENDERING) {
      if (this.waiting.length >= MAX_WAITING) {
        throw new AppError(
          IntakeErrorCode.NoticeRenderBusy,
          'too many notices are being rendered; try again shortly',
          503,
          {
            retryAfterSeconds: NOTICE_RENDER_RETRY_AFTER_SECONDS,
          },
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.rendering += 1;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.rendering -= 1;
    }
  }
}
