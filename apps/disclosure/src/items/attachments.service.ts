import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { MATERIAL_MAX_BYTES, MATERIAL_TYPES, type ItemAttachment } from '@hall/contracts';
import { AppError, type ServiceRuntime } from '@hall/platform';
import { assertPlainFileName, type ObjectStorage } from '@hall/storage';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { itemNotFound, statusConflict } from '../disclosure.errors.js';
import type { DisclosureStore } from '../disclosure.store.js';
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
    if (!req.isMultipart()) throw AppError.validation('file', 'expected multipart/form-data with one file');
    const part = await req.file({ preservePath: true });
    if (!part) throw AppError.validation('file', 'no file in the request');
    try {
      const item = await findItem(this.store.prisma, itemId);
      if (!item || item.departmentCode !== user.department) throw itemNotFound(itemId);
      if (item.status !== 'draft') throw statusConflict(itemId, item.status, 'attaching a file');
      assertPlainFileName(part.filename, 'file');
    } catch (err) {
      part.file.resume(); // drain the refused body; nothing is stored
      throw err;
    }
    const stored = await storage.upload({
      bucket: storage.buckets.materials,
      stream: part.file,
      declaredName: part.filename,
      declaredContentType: part.mimetype,
      maxBytes: MATERIAL_MAX_BYTES,
      allowedTypes: MATERIAL_TYPES,
      ownerPrefix: `disclosure/${itemId}`,
    });
    const id = randomUUID();
    try {
      await this.store.messaging.transaction(async (tx) => {
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
          uploadedBy: user.id,
          uploadedAt: this.clock.now(),
        });
      });
    } catch (err) {
      await storage.remove(stored.bucket, stored.key).catch(() => undefined); // no object without its row
      throw err;
    }
    return {
      id,
      name: stored.originalName,
      contentType: stored.contentType,
      size: stored.size,
      sha256: stored.sha256,
    };
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
    const id = randomUUID();
    try {
      await this.store.messaging.transaction(async (tx) => {
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
      });
    } catch (err) {
      await storage.remove(stored.bucket, stored.key).catch(() => undefined);
      throw err;
    }
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
