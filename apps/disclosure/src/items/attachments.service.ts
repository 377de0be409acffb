import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import type { ItemAttachment } from '@hall/contracts';
import { AppError, type ServiceRuntime } from '@hall/platform';
import type { ObjectStorage, StoredObject } from '@hall/storage';
import type { FastifyRequest } from 'fastify';
import { itemNotFound, statusConflict } from '../disclosure.errors.js';
import type { DisclosureStore } from '../disclosure.store.js';
import { keepWithRow, receiveMaterial } from '../uploads/material-upload.js';
import { findAttachment, findItem, insertAttachment, lockItem } from './item.repository.js';

/** Upper bound of a generated attachment (the annual report's PDF). */
export const GENERATED_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Attachments of 主动公开 items, in object storage like intake's materials: the same checks (plain file name, type
 * decided from the bytes: PDF/JPEG/PNG, ≤ 10 MiB), the object removed again when its row cannot be written.
 */
export class AttachmentsService {
  constructor(
    private readonly store: DisclosureStore,
    private readonly runtime: ServiceRuntime,
    private readonly clock: Clock,
  ) {}

  private storage(): ObjectStorage {
    const storage = this.runtime.storage;
    if (!storage) throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
    return storage;
  }

  async attach(user: CurrentUser, itemId: string, req: FastifyRequest): Promise<ItemAttachment> {
    const storage = this.storage();
    const stored = await receiveMaterial(storage, req, `disclosure/${itemId}`, async () => {
      const item = await findItem(this.store.prisma, itemId);
      if (!item || item.departmentCode !== user.department) throw itemNotFound(itemId);
      if (item.status !== 'draft') throw statusConflict(itemId, item.status, 'attaching a file');
    });
    return this.record(storage, itemId, user.id, stored);
  }

  /**
   * Attaches a file the hall generated (the annual report's PDF) to a draft item, in the same bucket and prefix as an
   * upload and through the same type check (the bytes must be a PDF); no size limit of an upload (a generated report
   * with its embedded font may exceed 10 MiB), but at most {@link GENERATED_MAX_BYTES}.
   */
  async attachGenerated(
    userId: string,
    itemId: string,
    file: { name: string; contentType: 'application/pdf'; body: Buffer },
  ): Promise<ItemAttachment> {
    const storage = this.storage();
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      stream: Readable.from([file.body]),
      declaredName: file.name,
      declaredContentType: file.contentType,
      maxBytes: GENERATED_MAX_BYTES,
      allowedTypes: ['application/pdf'],
      ownerPrefix: `disclosure/${itemId}`,
    });
    return this.record(storage, itemId, userId, stored);
  }

  /** The attachment row of a stored file, on a draft item (locked); the object goes when the row cannot be written. */
  private async record(
    storage: ObjectStorage,
    itemId: string,
    userId: string,
    stored: StoredObject,
  ): Promise<ItemAttachment> {
    const id = randomUUID();
    await keepWithRow(storage, stored, () =>
      this.store.messaging.transaction(async (tx) => {
        const item = await lockItem(tx, itemId);
        if (!item || item.status !== 'draft')
          throw statusConflict(itemId, item?.status ?? 'gone', 'attaching');
        await insertAttachment(tx, {
          id,
          itemId,
          name: stored.originalName,
          contentType: stored.contentType,
          size: stored.size,
          sha256: stored.sha256,
          objectKey: stored.key,
          uploadedBy: userId,
          uploadedAt: this.clock.now(),
        });
      }),
    );
    return {
      id,
      name: stored.originalName,
      contentType: stored.contentType,
      size: stored.size,
      sha256: stored.sha256,
    };
  }

  /** The file of a published item's attachment (integrity-checked against its SHA-256). */
  async publicFile(
    itemId: string,
    attachmentId: string,
  ): Promise<{ name: string; contentType: string; body: Buffer }> {
    const item = await findItem(this.store.prisma, itemId);
    const file =
      item?.status === 'published'
        ? await findAttachment(this.store.prisma, itemId, attachmentId)
        : undefined;
    if (!file) throw itemNotFound(itemId);
    const storage = this.storage();
    const body = await storage.readBuffer(storage.buckets.materials, file.objectKey, file.sha256);
    return { name: file.name, contentType: file.contentType, body };
  }
}
