import { fileTypeFromBuffer, supportedExtensions, supportedMimeTypes } from 'file-type';
import { AppError } from '@hall/errors';
import { extensionOf } from './file-name.js';

/** A type established from the content's magic bytes (never from the client). */
export interface DetectedType {
  readonly ext: string;
  readonly mime: string;
}

/** How many leading bytes are sniffed; file-type's own default sample size. */
export const SNIFF_BYTES = 4100;

const EXT_ALIASES: Readonly<Record<string, string>> = { jpeg: 'jpg', jpe: 'jpg', tiff: 'tif' };
const MIME_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-pdf': 'application/pdf',
  'application/acrobat': 'application/pdf',
};

export function canonicalExtension(ext: string): string {
  const lower = ext.toLowerCase();
  return EXT_ALIASES[lower] ?? lower;
}

/** Lower-cased MIME type without parameters, with common aliases folded (`image/jpg` → `image/jpeg`). */
export function canonicalMime(mime: string): string {
  const bare = (mime.split(';')[0] ?? '').trim().toLowerCase();
  return MIME_ALIASES[bare] ?? bare;
}

export async function detectType(head: Uint8Array): Promise<DetectedType | undefined> {
  if (head.length === 0) return undefined;
  const result = await fileTypeFromBuffer(head);
  return result ? { ext: canonicalExtension(result.ext), mime: canonicalMime(result.mime) } : undefined;
}

export interface TypeCheckInput {
  readonly declaredName: string;
  readonly declaredContentType?: string | undefined;
  readonly detected: DetectedType | undefined;
  readonly allowedTypes: readonly string[];
}

/**
 * Decides an upload's type from its magic bytes. The client's extension and Content-Type are only
 * checked for consistency: a claim that names a type file-type can recognise (`.pdf`, `image/png`) must
 * match the detected type, otherwise `UPLOAD_TYPE_MISMATCH` (415). Claims file-type cannot judge
 * (`.txt`, `application/octet-stream`) are ignored. The detected type must then be in `allowedTypes`
 * (MIME types), otherwise `UPLOAD_TYPE_NOT_ALLOWED` (415).
 */
export function checkUploadType(input: TypeCheckInput): DetectedType {
  const { detected } = input;
  const ext = extensionOf(input.declaredName);
  if (ext !== undefined) {
    const claimed = canonicalExtension(ext);
    if (supportedExtensions.has(claimed) && claimed !== detected?.ext) {
      throw mismatch(claimed, detected?.ext ?? null);
    }
  }
  if (input.declaredContentType !== undefined && input.declaredContentType.trim() !== '') {
    const claimed = canonicalMime(input.declaredContentType);
    if (supportedMimeTypes.has(claimed) && claimed !== detected?.mime) {
      throw mismatch(claimed, detected?.mime ?? null);
    }
  }
  const allowed = input.allowedTypes.map(canonicalMime);
  if (detected === undefined || !allowed.includes(detected.mime)) {
    throw new AppError(
      'UPLOAD_TYPE_NOT_ALLOWED',
      `file type ${detected?.mime ?? 'unknown'} is not accepted here`,
      415,
      {
        field: 'file',
        detected: detected?.mime ?? null,
        allowed,
      },
    );
  }
  return detected;
}

function mismatch(declared: string, detected: string | null): AppError {
  return new AppError(
    'UPLOAD_TYPE_MISMATCH',
    `file content does not match its declared type ${declared} (content looks like ${detected ?? 'an unrecognised type'})`,
    415,
    { field: 'file', declared, detected },
  );
}
