import { randomUUID } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import { z } from 'zod';
import { AppError } from '@hall/errors';
import { ByteMeter, Sha256Verifier, splitHead, type ByteSource, type HeadSplit } from './byte-stream.js';
import { ContentInspector, type ContentLimits } from './content-inspection.js';
import { contentDisposition, sanitizeFileName } from './file-name.js';
import { isAuthorizedObjectRef, type AuthorizedObjectRef } from './object-access.js';
import { StorageConfig, type StorageConfigInput } from './storage.config.js';
import { checkUploadType, detectType, SNIFF_BYTES, type DetectedType } from './upload-type.js';

/** Largest object a single S3 PUT (and the in-place metadata copy done after upload) can handle. */
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_PRESIGN_TTL_SECONDS = 300;
export const DEFAULT_PRESIGN_TTL_SECONDS = 60;

const META_SHA256 = 'sha256';
const META_ORIGINAL_NAME = 'original-name';
const SHA256_HEX = /^[0-9a-f]{64}$/;

const OwnerPrefix = z
  .string()
  .max(512)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/,
    'must be slash-separated segments of letters, digits, "_" and "-" (no leading/trailing slash, no dots)',
  );

const UploadOptions = z.object({
  bucket: z.string().min(1),
  declaredName: z.string().max(4096),
  declaredContentType: z.string().max(255).optional(),
  maxBytes: z.int().positive().max(MAX_OBJECT_BYTES),
  allowedTypes: z.array(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/i, 'must be a MIME type')).min(1),
  ownerPrefix: OwnerPrefix,
  contentLimits: z
    .object({
      maxImageSide: z.int().positive(),
      maxImagePixels: z.int().positive(),
      maxArchiveEntries: z.int().positive(),
      maxArchiveUncompressedBytes: z.int().positive(),
      maxArchiveRatio: z.number().positive(),
    })
    .partial()
    .strict()
    .optional(),
});

const PresignOptions = z.object({
  ttlSeconds: z.int().min(1).max(MAX_PRESIGN_TTL_SECONDS).default(DEFAULT_PRESIGN_TTL_SECONDS),
  downloadName: z.string().min(1).max(4096).optional(),
  disposition: z.enum(['attachment', 'inline']).default('attachment'),
});

interface UploadCommon {
  /** One of the configured buckets (`storage.buckets.materials`, …). */
  readonly bucket: string;
  /** The client's file name; only kept (sanitised) as metadata and checked against the content type. */
  readonly declaredName: string;
  /** The client's Content-Type; never trusted, only checked for consistency with the content. */
  readonly declaredContentType?: string | undefined;
  /** Size cap in bytes, enforced while streaming. */
  readonly maxBytes: number;
  /** Accepted MIME types, as detected from magic bytes (e.g. `['application/pdf', 'image/png']`). */
  readonly allowedTypes: readonly string[];
  /** Key prefix identifying the owner, e.g. `applications/<applicationId>`. */
  readonly ownerPrefix: string;
  /**
   * Content checks for the detected type (image dimensions, PDF/HTML polyglots, ZIP bombs and links); they
   * always run, with DEFAULT_CONTENT_LIMITS unless overridden here.
   */
  readonly contentLimits?: ContentLimits;
}

/** upload() input: either a stream (consumed, and destroyed on failure) or an in-memory buffer. */
export type UploadInput = UploadCommon &
  (
    | { readonly stream: ByteSource; readonly buffer?: never }
    | { readonly buffer: Uint8Array; readonly stream?: never }
  );

/** What upload() stored. Persist `bucket`, `key` and `sha256` with the owning record. */
export interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the content; also stored as object metadata `x-amz-meta-sha256`. */
  readonly sha256: string;
  /** Detected from the content's magic bytes. */
  readonly contentType: string;
  /** The sanitised client file name (metadata only, never part of the key). */
  readonly originalName: string;
}

export interface StoredObjectInfo {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly sha256: string | undefined;
  readonly contentType: string | undefined;
  readonly originalName: string | undefined;
  readonly lastModified: Date;
}

export interface PresignGetOptions {
  /** 1–300 seconds; default 60. */
  readonly ttlSeconds?: number;
  /** Suggested file name for the browser (sent as Content-Disposition via the signed URL). */
  readonly downloadName?: string;
  /** Content-Disposition kind when `downloadName` is given; default `attachment`. */
  readonly disposition?: 'attachment' | 'inline';
}

export interface PresignedUrl {
  readonly url: string;
  readonly expiresAt: Date;
}

/** Structural subset of a pino logger. */
export interface StorageLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface ObjectStorageOptions {
  readonly logger?: StorageLogger;
  /** Clock for the `<yyyy>/<mm>` key segment (UTC). */
  readonly now?: () => Date;
}

/**
 * Object storage for application materials and licence PDFs on MinIO / any S3 API (s3rver when embedded).
 * Keys are always server-generated: `<ownerPrefix>/<yyyy>/<mm>/<uuid>.<ext>`.
 */
export class ObjectStorage {
  private readonly config: StorageConfig;
  private readonly client: Client;
  private readonly signer: Client;
  private readonly logger: StorageLogger | undefined;
  private readonly now: () => Date;

  constructor(config: StorageConfigInput, options: ObjectStorageOptions = {}) {
    this.config = StorageConfig.parse(config);
    this.client = createClient(this.config.endpoint, this.config);
    this.signer =
      this.config.publicEndpoint === undefined
        ? this.client
        : createClient(this.config.publicEndpoint, this.config);
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
  }

  /** The configured bucket names. */
  get buckets(): StorageConfig['buckets'] {
    return this.config.buckets;
  }

  /** Creates every configured bucket that does not exist yet. Idempotent; call on start. */
  async ensureBuckets(opts: { attempts?: number; backoffMs?: number } = {}): Promise<void> {
    const attempts = opts.attempts ?? 7;
    const backoffMs = opts.backoffMs ?? 250;
    for (const bucket of this.bucketNames()) {
      // A store that is itself still starting (MinIO in compose, s3rver after a hard restart, seen answering 5xx for
      // several seconds on a loaded machine in the soak) may answer 5xx for a while: retry with a growing pause
      // (250 ms doubling, about 16 s in all by default) before giving up.
      for (let attempt = 1; ; attempt++) {
        try {
          if (await this.client.bucketExists(bucket)) break;
          await this.client.makeBucket(bucket, this.config.region);
          break;
        } catch (err) {
          // Another instance may have created it in between (BucketAlreadyOwnedByYou / BucketAlreadyExists).
          if (await this.client.bucketExists(bucket).catch(() => false)) break;
          if (attempt >= attempts) throw storageError('ensureBuckets', err);
          await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
        }
      }
    }
  }

  /**
   * Readiness probe: true when every configured bucket answers a HEAD within `timeoutMs`. (Uses
   * HEAD bucket rather than ListBuckets so a least-privilege key is enough.)
   */
  async ping(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const probe = Promise.all(this.bucketNames().map((b) => this.client.bucketExists(b))).then(
      (found) => found.every(Boolean),
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Streams an upload into the store. Checks, in order: type from magic bytes (`UPLOAD_TYPE_MISMATCH` /
   * `UPLOAD_TYPE_NOT_ALLOWED`, 415, before anything is written), then the size cap while streaming
   * (`UPLOAD_TOO_LARGE`, 413) and the content for its type (ContentInspector: `UPLOAD_POLYGLOT` 415,
   * `UPLOAD_IMAGE_*` / `UPLOAD_ARCHIVE_*` 422). SHA-256 and size are computed on the way through. On any failure the
   * stream is destroyed and nothing stays stored.
   *
   * Memory: this code holds only the ~4 KiB sniffing head; the minio client itself buffers up to one part
   * (`min(maxBytes, partSizeBytes)`) before sending it.
   */
  async upload(input: UploadInput): Promise<StoredObject> {
    const options = parseOrThrow(UploadOptions, input);
    this.assertManagedBucket(options.bucket);
    const { bucket, maxBytes } = options;
    const source = bodyOf(input, maxBytes);
    const originalName = sanitizeFileName(options.declaredName);

    let split: HeadSplit;
    try {
      split = await splitHead(source, SNIFF_BYTES);
    } catch (err) {
      throw uploadIncomplete(err);
    }

    let detected: DetectedType;
    try {
      detected = checkUploadType({
        declaredName: originalName,
        declaredContentType: options.declaredContentType,
        detected: await detectType(split.head.subarray(0, SNIFF_BYTES)),
        allowedTypes: options.allowedTypes,
      });
    } catch (err) {
      await split.discard();
      throw err;
    }

    const key = this.newKey(options.ownerPrefix, detected.ext);
    const meter = new ByteMeter(maxBytes, () => tooLarge(maxBytes));
    let sourceError: unknown;
    split.body.on('error', (err) => {
      sourceError ??= err;
    });
    const inspector = new ContentInspector(detected.mime, options.contentLimits ?? {});
    pipeline(split.body, meter, inspector, () => {
      // Errors reach putObject through `inspector`; nothing else to do here.
    });
    const metadata = {
      'Content-Type': detected.mime,
      [META_ORIGINAL_NAME]: encodeURIComponent(originalName),
    };

    try {
      // Small uploads (most materials) are read to the end first: then the digest is known and one PUT carries it.
      const chunks = inspector[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const head: Buffer[] = [];
      let held = 0;
      let ended = false;
      while (held <= this.config.bufferedUploadMaxBytes) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        head.push(next.value);
        held += next.value.length;
      }
      if (ended) {
        const sha256 = meter.sha256();
        await this.client.putObject(bucket, key, Buffer.concat(head, held), held, {
          ...metadata,
          [META_SHA256]: sha256,
        });
        return { bucket, key, size: meter.bytes, sha256, contentType: detected.mime, originalName };
      }
      const rest = Readable.from(
        (async function* () {
          yield* head;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
        })(),
        { objectMode: false },
      );
      // Passing maxBytes as the size hint makes the client use a single PUT whenever maxBytes fits in one part.
      const put = await this.client.putObject(bucket, key, rest, maxBytes, metadata);
      const sha256 = meter.sha256();
      // S3 sends metadata before the body, so the digest is attached afterwards with an in-place copy
      // (MinIO and s3rver only rewrite the metadata). MatchETag guards against copying anything else.
      await this.client.copyObject(
        new CopySourceOptions({ Bucket: bucket, Object: key, MatchETag: put.etag }),
        new CopyDestinationOptions({
          Bucket: bucket,
          Object: key,
          MetadataDirective: 'REPLACE',
          UserMetadata: { [META_SHA256]: sha256, [META_ORIGINAL_NAME]: encodeURIComponent(originalName) },
          Headers: { 'Content-Type': detected.mime },
        }),
      );
      return { bucket, key, size: meter.bytes, sha256, contentType: detected.mime, originalName };
    } catch (err) {
      const sourceFailure = sourceError; // before our own clean-up below makes the source error too
      meter.destroy();
      inspector.destroy();
      await split.discard();
      await this.discardObject(bucket, key, maxBytes > this.config.partSizeBytes);
      if (err instanceof AppError) throw err;
      if (sourceFailure !== undefined) throw uploadIncomplete(sourceFailure);
      throw storageError('upload', err);
    }
  }

  /**
   * Streams an object, verifying its SHA-256 against `expectedSha256` (from your database, not from the
   * object's own metadata). On mismatch the stream errors with `AppError('STORAGE_INTEGRITY', …, 500)`
   * instead of delivering its final chunk. A missing object rejects with `NOT_FOUND` (404).
   */
  async read(bucket: string, key: string, expectedSha256: string): Promise<Readable> {
    this.assertManagedBucket(bucket);
    const expected = expectedSha256.toLowerCase();
    if (!SHA256_HEX.test(expected)) {
      throw AppError.validation('expectedSha256', 'must be 64 hex characters');
    }
    let source: Readable;
    try {
      source = await this.client.getObject(bucket, key);
    } catch (err) {
      throw storageError('read', err, key);
    }
    const verifier = new Sha256Verifier(
      expected,
      (actual) =>
        new AppError('STORAGE_INTEGRITY', 'stored file failed its integrity check', 500, {
          bucket,
          key,
          expected,
          actual,
        }),
    );
    source.on('error', (err) => verifier.destroy(storageError('read', err, key)));
    verifier.on('close', () => {
      if (!source.destroyed) source.destroy();
    });
    source.pipe(verifier);
    return verifier;
  }

  /** read() collected into a Buffer; rejects with STORAGE_INTEGRITY on a checksum mismatch. */
  async readBuffer(bucket: string, key: string, expectedSha256: string): Promise<Buffer> {
    const stream = await this.read(bucket, key, expectedSha256);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Object metadata; NOT_FOUND (404) when missing. */
  async stat(bucket: string, key: string): Promise<StoredObjectInfo> {
    this.assertManagedBucket(bucket);
    try {
      const stat = await this.client.statObject(bucket, key);
      const meta = stat.metaData as Record<string, unknown>;
      const name = meta[META_ORIGINAL_NAME];
      const type = meta['content-type'];
      const sha = meta[META_SHA256];
      return {
        bucket,
        key,
        size: stat.size,
        sha256: typeof sha === 'string' ? sha : undefined,
        contentType: typeof type === 'string' ? type : undefined,
        originalName: typeof name === 'string' ? safeDecode(name) : undefined,
        lastModified: stat.lastModified,
      };
    } catch (err) {
      throw storageError('stat', err, key);
    }
  }

  /** The keys stored in `bucket` under `prefix` (every key when it is empty), sorted. For checks and tests. */
  async listKeys(bucket: string, prefix = ''): Promise<string[]> {
    this.assertManagedBucket(bucket);
    const keys: string[] = [];
    try {
      for await (const item of this.client.listObjectsV2(bucket, prefix, true) as AsyncIterable<{
        name?: string;
      }>) {
        if (item.name !== undefined) keys.push(item.name);
      }
    } catch (err) {
      throw storageError('list', err);
    }
    return keys.sort();
  }

  /** Deletes an object; deleting a missing object is not an error. */
  async remove(bucket: string, key: string): Promise<void> {
    this.assertManagedBucket(bucket);
    try {
      await this.client.removeObject(bucket, key);
    } catch (err) {
      throw storageError('remove', err, key);
    }
  }

  /**
   * A short-lived download URL. Takes only an `AuthorizedObjectRef` (from `authorize(ref, decision)`), so
   * every call site has to have made an authorisation decision first.
   */
  async presignedGet(ref: AuthorizedObjectRef, options: PresignGetOptions = {}): Promise<PresignedUrl> {
    if (!isAuthorizedObjectRef(ref)) {
      throw new AppError(
        'STORAGE_REF_NOT_AUTHORIZED',
        'presignedGet needs a ref produced by authorize()',
        500,
      );
    }
    this.assertManagedBucket(ref.bucket);
    const opts = parseOrThrow(PresignOptions, options);
    const respHeaders: Record<string, string> =
      opts.downloadName === undefined
        ? {}
        : { 'response-content-disposition': contentDisposition(opts.disposition, opts.downloadName) };
    const issuedAt = this.now();
    try {
      const url = await this.signer.presignedGetObject(
        ref.bucket,
        ref.key,
        opts.ttlSeconds,
        respHeaders,
        issuedAt,
      );
      return { url, expiresAt: new Date(issuedAt.getTime() + opts.ttlSeconds * 1000) };
    } catch (err) {
      throw storageError('presign', err, ref.key);
    }
  }

  private bucketNames(): string[] {
    return [...new Set(Object.values(this.config.buckets))];
  }

  private assertManagedBucket(bucket: string): void {
    if (!this.bucketNames().includes(bucket)) {
      throw new AppError('STORAGE_UNKNOWN_BUCKET', `bucket ${bucket} is not managed by this storage`, 500, {
        bucket,
      });
    }
  }

  private newKey(ownerPrefix: string, ext: string): string {
    const now = this.now();
    const yyyy = String(now.getUTCFullYear()).padStart(4, '0');
    const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
    return `${ownerPrefix}/${yyyy}/${mm}/${randomUUID()}.${ext}`;
  }

  /** Best-effort removal of whatever a failed upload may have left (object, or multipart parts). */
  private async discardObject(bucket: string, key: string, mayBeMultipart: boolean): Promise<void> {
    try {
      await this.client.removeObject(bucket, key);
    } catch (err) {
      this.logger?.warn({ bucket, key, err }, 'storage: could not remove the object of a failed upload');
    }
    if (mayBeMultipart) {
      try {
        await this.client.removeIncompleteUpload(bucket, key);
      } catch (err) {
        this.logger?.warn(
          { bucket, key, err },
          'storage: could not abort the multipart upload of a failed upload',
        );
      }
    }
  }
}

function createClient(endpoint: string, config: StorageConfig): Client {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    region: config.region,
    pathStyle: config.pathStyle,
    partSize: config.partSizeBytes,
  });
}

function bodyOf(input: UploadInput, maxBytes: number): ByteSource {
  if (input.buffer !== undefined) {
    if (!(input.buffer instanceof Uint8Array))
      throw AppError.validation('file', 'buffer must be a Uint8Array');
    if (input.buffer.byteLength > maxBytes) throw tooLarge(maxBytes);
    const buffer = Buffer.from(input.buffer.buffer, input.buffer.byteOffset, input.buffer.byteLength);
    return Readable.from([buffer], { objectMode: false });
  }
  if (input.stream === undefined) throw AppError.validation('file', 'either stream or buffer is required');
  return input.stream;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('UPLOAD_TOO_LARGE', `file is larger than the limit of ${maxBytes} bytes`, 413, {
    field: 'file',
    maxBytes,
  });
}

function uploadIncomplete(cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  const error = new AppError('UPLOAD_INCOMPLETE', 'the upload stream failed before it was complete', 400, {
    field: 'file',
  });
  error.cause = cause;
  return error;
}

function s3Code(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return undefined;
}

function storageError(operation: string, err: unknown, key?: string): AppError {
  if (err instanceof AppError) return err;
  const code = s3Code(err);
  if (key !== undefined && (code === 'NoSuchKey' || code === 'NotFound')) {
    return AppError.notFound('stored file', key);
  }
  const error = new AppError('STORAGE_UNAVAILABLE', `object storage ${operation} failed`, 503, {
    operation,
    ...(code === undefined ? {} : { s3Code: code }),
  });
  error.cause = err;
  return error;
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'input' : issue.path.map(String).join('.');
  throw AppError.validation(field, issue?.message ?? 'invalid value');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
