import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'minio';
import S3rver, { type S3rverStore } from 's3rver';
import { repairEmbeddedStore, type RepairReport } from './embedded-s3.repair.js';
import { verifySigV4 } from './sigv4-verifier.js';

export interface EmbeddedS3Options {
  /** Where objects are kept; a fresh temporary directory (removed on close) when omitted. */
  readonly directory?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** A loopback address (default `127.0.0.1`); anything else is refused: the embedded store is never exposed. */
  readonly host?: string;
  /** Largest request body the gate holds while it checks the body's signed SHA-256 (default 64 MiB, one part). */
  readonly maxBodyBytes?: number;
}

/** A running embedded store plus the settings to reach it (spread it into StorageConfig). */
export interface EmbeddedS3 {
  readonly endpoint: string;
  readonly accessKey: string;
  /** Random per start, never logged: only requests signed with it are answered. */
  readonly secretKey: string;
  readonly region: 'us-east-1';
  readonly directory: string;
  /** Unfinished objects a killed process left behind, moved aside before the store started (see embedded-s3.repair.ts). */
  readonly repaired: RepairReport;
  close(): Promise<void>;
}

/**
 * A minio client of an embedded store (or of any S3 endpoint given the same way), path-style, for tests and
 * benchmarks that speak S3 to the store directly, as the services' `ObjectStorage` does.
 */
export function embeddedS3Client(
  s3: Pick<EmbeddedS3, 'endpoint' | 'accessKey' | 'secretKey'> & { region: string },
): Client {
  const url = new URL(s3.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: false,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: s3.region,
    pathStyle: true,
  });
}

/** s3rver's built-in account: it only checks that the access key of a V4 request exists, never the signature. */
const S3RVER_ACCESS_KEY = 'S3RVER';
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Objects up to this size are written and read synchronously (see smallObjectsAtOnce). */
const SYNC_IO_MAX_BYTES = 1024 * 1024;
/** s3rver's object model (what its store's getObject returns). */
const S3Object = createRequire(import.meta.url)('s3rver/lib/models/object.js') as new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: Record<string, unknown>,
) => { range?: { start: number; end: number } };

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<>&]/g, '')}</Message></Error>`;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .writeHead(status, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    })
    .end(body);
}

/** Reads the body up to `max` bytes; undefined when it is larger (the rest is discarded). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/** The body each replayed request carries (what the gate verified), for the store's PUT (smallObjectsAtOnce). */
const replayedBodies = new WeakMap<object, Buffer>();

/**
 * The verified request as s3rver's Koa handler reads it: method, target, headers (the body's true length, no transfer
 * coding) and socket of the request that arrived, its body the bytes the gate already holds and checked.
 */
function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new Readable({ read() {} });
  replayedBodies.set(replay, body);
  const headers = { ...req.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  if (body.length > 0) replay.push(body);
  replay.push(null);
  return Object.assign(replay, {
    method: req.method,
    url: req.url,
    headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    complete: true,
  }) as unknown as IncomingMessage;
}

/**
 * s3rver logs every request through koa-logger (colouring and timing a line per request) into a winston logger even
 * when `silent` (the console transport then drops it). The embedded store is always silent: the request logger is
 * left out and the logger itself is silenced, so nothing is formatted.
 */
function silenceLogging(store: S3rver): void {
  const at = store.middleware.findIndex((fn) => fn.name === 'logger');
  if (at !== 0) throw new Error('s3rver: its request logger is not where expected (first middleware)');
  store.middleware.splice(at, 1);
  store.logger.silent = true;
}

/**
 * Keeps the bucket configurations s3rver reads on every request (its `website` and `cors` middleware each read an XML
 * file of the bucket, which the hall never writes: two file reads failing with ENOENT per request; issue 22: CPU per
 * case). A read is kept until the store writes or deletes that configuration, or the bucket, or resets; a failed
 * read is not kept. Object-level subresources (ACLs, tags) are read as before.
 * Likewise the bucket itself, which s3rver looks up (a `stat` of its folder) on every object request: a bucket found
 * is kept until the store creates or deletes a bucket of that name, or resets; a miss is looked up again each time.
 * (The store's folder is its own: nothing else creates or removes buckets in it while it runs.)
 */
function cacheBucketConfigs(store: S3rverStore): void {
  const kept = new Map<string, Promise<unknown>>();
  const keyOf = (bucket: string, type: string) => `${bucket}\u0000${type}`;
  const buckets = new Map<string, Promise<unknown>>();
  const forget = (bucket: string) => {
    buckets.delete(bucket);
    for (const k of kept.keys()) if (k.startsWith(`${bucket}\u0000`)) kept.delete(k);
  };
  const { getBucket, getSubresource, putSubresource, deleteSubresource, putBucket, deleteBucket, reset } =
    store;
  store.getBucket = function (bucket) {
    let found = buckets.get(bucket);
    if (found === undefined) {
      const read = getBucket.call(this, bucket);
      found = read;
      buckets.set(bucket, read);
      const drop = () => {
        if (buckets.get(bucket) === read) buckets.delete(bucket);
      };
      read.then((b) => {
        if (b === null || b === undefined) drop();
      }, drop);
    }
    return found;
  };
  store.getSubresource = function (bucket, key, resourceType) {
    if (key !== undefined) return getSubresource.call(this, bucket, key, resourceType);
    const k = keyOf(bucket, resourceType);
    let read = kept.get(k);
    if (read === undefined) {
      read = getSubresource.call(this, bucket, key, resourceType);
      kept.set(k, read);
      read.catch(() => {
        if (kept.get(k) === read) kept.delete(k);
      });
    }
    return read;
  };
  const written = <A extends unknown[], R>(
    fn: (this: S3rverStore, ...args: A) => Promise<R>,
    drop: (...args: A) => void,
  ) =>
    async function (this: S3rverStore, ...args: A): Promise<R> {
      drop(...args);
      try {
        return await fn.apply(this, args);
      } finally {
        drop(...args);
      }
    };
  store.putSubresource = written(putSubresource, (bucket, key, resource) => {
    if (key === undefined) kept.delete(keyOf(bucket, resource.type));
  });
  store.deleteSubresource = written(deleteSubresource, (bucket, key, resourceType) => {
    if (key === undefined) kept.delete(keyOf(bucket, resourceType));
  });
  store.putBucket = written(putBucket, (bucket) => forget(bucket));
  store.deleteBucket = written(deleteBucket, (bucket) => forget(bucket));
  store.reset = function () {
    kept.clear();
    buckets.clear();
    reset.call(this);
  };
}

/** One stored object as s3rver's store hands it over (its S3Object model). */
interface StoredObjectModel {
  readonly bucket: string;
  readonly key: string;
  readonly content: unknown;
  readonly metadata: Record<string, string>;
  readonly constructor: { readonly ALLOWED_METADATA?: unknown };
}

const isEnoent = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * s3rver's filesystem store does each file operation asynchronously: a PUT is about ten trips through libuv's thread
 * pool (mkdirp, then open/write/close of the object, of its `.md5` and of its metadata), a stat or GET about nine
 * (stat, then open/fstat/read/close of the metadata and of the `.md5`). For the small files of the hall, each trip costs
 * far more CPU (thread wake-ups) than the system call it carries — measured 1.76 ms vs 0.11 ms for the three writes of
 * a 3 KB object (issue 22). So:
 * - a PUT whose body the gate holds (every PUT: it replays the bytes it verified) and that is at most 1 MiB is written
 *   synchronously: the same three files, in s3rver's order and format (bytes, `.md5`, metadata JSON), complete before
 *   the PUT is answered; larger bodies, and uploads of parts, take s3rver's own path;
 * - an object's metadata (a stat and two small files) is read synchronously; a missing `.md5` takes s3rver's path,
 *   which computes and writes it;
 * - the bytes of an object of at most 1 MiB (or the range asked for) are read at once for a GET or HEAD and handed to
 *   s3rver as a stream of that buffer, as s3rver's own getObject does with a file stream (a HEAD opened and closed the
 *   file for nothing); larger objects stream from the file as before.
 */
function smallObjectsAtOnce(store: S3rverStore): void {
  const { putObject, getMetadata, getObject } = store;
  store.putObject = async function (object) {
    const model = object as StoredObjectModel;
    const body =
      typeof model.content === 'object' && model.content !== null
        ? replayedBodies.get(model.content)
        : undefined;
    const allowed = model.constructor.ALLOWED_METADATA;
    if (body === undefined || body.length > SYNC_IO_MAX_BYTES || !Array.isArray(allowed))
      return putObject.call(this, object);
    const objectPath = this.getResourcePath(model.bucket, model.key, 'object');
    mkdirSync(path.dirname(objectPath), { recursive: true });
    writeFileSync(objectPath, body);
    const md5 = createHash('md5').update(body).digest('hex');
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(model.metadata))
      if ((allowed as unknown[]).includes(name) || name.startsWith('x-amz-meta-')) kept[name] = value;
    writeFileSync(this.getResourcePath(model.bucket, model.key, 'object.md5'), md5);
    writeFileSync(
      this.getResourcePath(model.bucket, model.key, 'metadata.json'),
      JSON.stringify(kept, null, 2),
    );
    return { size: body.length, md5 };
  };
  store.getMetadata = async function (bucket, key) {
    const objectPath = this.getResourcePath(bucket, key, 'object');
    const stat = statSync(objectPath); // throws ENOENT for a missing object, as s3rver's does
    let md5: string;
    try {
      md5 = readFileSync(`${objectPath}.md5`, 'utf8');
    } catch (err) {
      if (isEnoent(err)) return getMetadata.call(this, bucket, key);
      throw err;
    }
    let stored: unknown;
    try {
      stored = JSON.parse(readFileSync(this.getResourcePath(bucket, key, 'metadata.json'), 'utf8'));
    } catch (err) {
      if (!isEnoent(err)) throw err;
    }
    return {
      ...(stored as Record<string, unknown> | undefined),
      etag: JSON.stringify(md5),
      'last-modified': stat.mtime.toUTCString(),
      'content-length': stat.size,
    };
  };
  // s3rver's getObject, with the bytes read at once for small objects (its range rules unchanged).
  store.getObject = async function (bucket, key, options) {
    let metadata: Record<string, unknown>;
    try {
      metadata = await this.getMetadata(bucket, key);
    } catch (err) {
      if (isEnoent(err)) return null;
      throw err;
    }
    const size = Number(metadata['content-length']);
    if (!(size <= SYNC_IO_MAX_BYTES)) return getObject.call(this, bucket, key, options);
    const lastByte = Math.max(0, size - 1);
    const range = {
      start: options?.start || 0,
      end: Math.min(options?.end || Infinity, lastByte),
    };
    const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
    let content: Readable | null = null;
    if (!(range.start < 0 || Math.min(range.end, lastByte) < range.start)) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(this.getResourcePath(bucket, key, 'object'));
      } catch (err) {
        if (isEnoent(err)) return null;
        throw err;
      }
      const part = bytes.subarray(range.start, range.end + 1);
      content = new Readable({ read() {} });
      if (part.length > 0) content.push(part);
      content.push(null);
    }
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = range;
    return object;
  };
}

/**
 * Starts the embedded object store for development (embedded mode) and tests: s3rver, a file-backed S3 API, behind a
 * signature gate. s3rver answers unsigned requests and does not verify V4 signatures, so it does not listen at all: the
 * endpoint handed out is the gate on a loopback port, which hands each verified request to s3rver's request handler in
 * the same process (issue 22: no second HTTP hop), and every request
 * must carry a valid AWS Signature V4 made with this start's random secret — the Authorization header with a signed
 * body hash (checked against the body before anything reaches s3rver), or a presigned GET/HEAD link — otherwise 403
 * and nothing reaches the store.
 * Limitation: s3rver cannot list multipart uploads, so uploads must fit in one part (ObjectStorage does that whenever
 * `maxBytes <= partSizeBytes`, 64 MiB by default).
 */
export async function startEmbeddedS3(options: EmbeddedS3Options = {}): Promise<EmbeddedS3> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host))
    throw new Error(`the embedded object store listens on loopback only, not on ${host}`);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), 'hall-s3-')));
  const repaired: RepairReport = ownDirectory
    ? { quarantined: [], quarantineDirectory: undefined }
    : await repairEmbeddedStore(directory);
  const store = new S3rver({
    silent: true,
    directory,
    resetOnClose: false,
    vhostBuckets: false,
    allowMismatchedSignatures: false,
  });
  silenceLogging(store);
  cacheBucketConfigs(store.store);
  smallObjectsAtOnce(store.store);
  const credentials = {
    accessKey: S3RVER_ACCESS_KEY,
    secretKey: randomBytes(32).toString('base64url'),
    region: 'us-east-1' as const,
  };

  // s3rver is a Koa application: its request handler, called in-process with the verified request (no server of its
  // own, so nothing but the gate can reach it).
  const handle = store.callback();
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    handle(replayRequest(req, body), res);
  };

  const gate: Server = createServer((req, res) => {
    void (async () => {
      const verdict = verifySigV4(
        { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers },
        credentials,
      );
      if (!verdict.ok) {
        req.resume();
        s3Error(res, 403, verdict.code, verdict.message);
        return;
      }
      // HEAD bucket (readiness probes, ensureBuckets): s3rver answers it with a full listing that reads every object's
      // metadata; the bucket is a folder, so the gate answers from the folder itself.
      const headBucket =
        req.method === 'HEAD' ? /^\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/?$/.exec(req.url ?? '') : null;
      if (headBucket?.[1] !== undefined) {
        req.resume();
        const found =
          statSync(path.join(directory, headBucket[1]), { throwIfNoEntry: false })?.isDirectory() === true;
        res.writeHead(found ? 200 : 404, { 'content-length': 0 }).end();
        return;
      }
      const body = await readBody(req, maxBodyBytes);
      if (body === undefined) {
        s3Error(
          res,
          413,
          'EntityTooLarge',
          `the embedded store accepts bodies of at most ${maxBodyBytes} bytes`,
        );
        return;
      }
      const expected = verdict.payloadSha256 ?? createHash('sha256').update('').digest('hex');
      if (createHash('sha256').update(body).digest('hex') !== expected) {
        s3Error(res, 403, 'XAmzContentSHA256Mismatch', 'the body does not match its signed SHA-256');
        return;
      }
      forward(req, res, body);
    })().catch(() => s3Error(res, 400, 'IncompleteBody', 'the request body could not be read'));
  });

  let address;
  try {
    // Not run() nor listen(): s3rver has no server of its own; the gate calls its request handler (`handle`).
    await new Promise<void>((resolve, reject) => {
      gate.once('error', reject);
      gate.listen(options.port ?? 0, host, () => {
        gate.off('error', reject);
        resolve();
      });
    });
    address = gate.address();
    if (address === null || typeof address === 'string')
      throw new Error('the embedded store gate has no TCP address');
  } catch (err) {
    gate.close();
    store.logger.close();
    if (ownDirectory) await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const endpointHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${endpointHost}:${address.port}`,
    ...credentials,
    directory,
    repaired,
    close() {
      closing ??= (async () => {
        const closeServer = (server: Server) =>
          new Promise<void>((resolve) => {
            if (!server.listening) return resolve();
            server.close(() => resolve());
            // Keep-alive sockets of S3 clients would otherwise hold the server open.
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1000).unref();
          });
        await closeServer(gate);
        store.logger.close();
        if (ownDirectory) await rm(directory, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
