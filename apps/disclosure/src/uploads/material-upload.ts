import { MATERIAL_MAX_BYTES, MATERIAL_TYPES } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { assertPlainFileName, type ObjectStorage, type StoredObject } from '@hall/storage';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/**
 * Receives the one file of a multipart request (field "file") as a material: PDF/JPEG/PNG decided by the bytes,
 * ≤ 10 MiB, a plain file name. `admit` runs first: when it refuses (throws), the body is drained and nothing is
 * stored. The bytes go to the materials bucket under `ownerPrefix`.
 */
export async function receiveMaterial(
  storage: ObjectStorage,
  req: FastifyRequest,
  ownerPrefix: string,
  admit: () => Promise<void>,
): Promise<StoredObject> {
  if (!req.isMultipart()) throw AppError.validation('file', 'expected multipart/form-data with one file');
  const part = await req.file({ preservePath: true });
  if (!part) throw AppError.validation('file', 'no file in the request');
  try {
    await admit();
    assertPlainFileName(part.filename, 'file');
  } catch (err) {
    part.file.resume(); // drain the refused body; nothing is stored
    throw err;
  }
  return storage.upload({
    bucket: storage.buckets.materials,
    stream: part.file,
    declaredName: part.filename,
    declaredContentType: part.mimetype,
    maxBytes: MATERIAL_MAX_BYTES,
    allowedTypes: MATERIAL_TYPES,
    ownerPrefix,
  });
}

/** Runs `write` (the row that refers to a stored object); when it fails, the object goes too: no object without its row. */
export async function keepWithRow<T>(
  storage: ObjectStorage,
  stored: StoredObject,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    await storage.remove(stored.bucket, stored.key).catch(() => undefined);
    throw err;
  }
}
