import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Client } from 'minio';
import { embeddedS3Client, startEmbeddedS3, type EmbeddedS3 } from './embedded-s3.server.js';
import { authorize, type AuthorizedObjectRef } from './object-access.js';
import { ObjectStorage, type StoredObject } from './object-storage.js';
import {
  sampleJpegDeclaring,
  samplePdf,
  samplePng,
  samplePngDeclaring,
  sampleZip,
} from './sample-files.fixture.js';

const MATERIALS = 'test-materials';
const LICENCES = 'test-licences';
const PDF_ONLY = ['application/pdf'];
const DOCS = ['application/pdf', 'image/png', 'image/jpeg'];

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Streams `bytes` in small chunks so uploads really cross chunk boundaries. */
function chunked(bytes: Buffer, size = 1000): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

let s3: EmbeddedS3;
let storage: ObjectStorage;
let raw: Client;

async function listKeys(bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of raw.listObjectsV2(bucket, prefix, true)) {
    const name = (item as { name?: string }).name;
    if (name !== undefined) keys.push(name);
  }
  return keys;
}

function ownerPrefix(): string {
  return `applications/${randomUUID()}`;
}

beforeAll(async () => {
  s3 = await startEmbeddedS3();
  const config = { ...s3, buckets: { materials: MATERIALS, licences: LICENCES } };
  storage = new ObjectStorage(config);
  raw = embeddedS3Client(s3);
  await storage.ensureBuckets();
});

afterAll(async () => {
  await s3?.close();
});

describe('ObjectStorage against s3rver', () => {
  describe('ensureBuckets / ping', () => {
    it('creates the configured buckets and is idempotent', async () => {
      const prefix = ownerPrefix();
      const stored = await storage.upload({
        bucket: MATERIALS,
        buffer: samplePdf(),
        declaredName: 'a.pdf',
        maxBytes: 10_000,
        allowedTypes: PDF_ONLY,
        ownerPrefix: prefix,
      });
      await storage.ensureBuckets();
      await storage.ensureBuckets();
      const names = (await raw.listBuckets()).map((b) => b.name).sort();
      expect(names.filter((n) => n === MATERIALS || n === LICENCES)).toEqual([LICENCES, MATERIALS]);
      expect(await listKeys(MATERIALS, prefix)).toEqual([stored.key]);
    });

    it('retries a store that answers 5xx for a moment, and gives up with STORAGE_UNAVAILABLE when it keeps failing', async () => {
      let failuresLeft = 3;
      let requests = 0;
      const flaky = createServer((req, res) => {
        requests += 1;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(500).end();
          return;
        }
        res.writeHead(200).end(); // HEAD bucket: it exists
      });
      await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', () => r()));
      const port = (flaky.address() as AddressInfo).port;
      try {
        const s = new ObjectStorage({
          endpoint: `http://127.0.0.1:${port}`,
          accessKey: 'k',
          secretKey: 's',
          region: 'us-east-1',
          buckets: { materials: MATERIALS, licences: LICENCES },
        });
        await s.ensureBuckets({ attempts: 4, backoffMs: 10 });
        expect(failuresLeft).toBe(0);
        failuresLeft = 1_000;
        const before = requests;
        await expect(s.ensureBuckets({ attempts: 3, backoffMs: 10 })).rejects.toMatchObject({
          code: 'STORAGE_UNAVAILABLE',
        });
        expect(requests - before).toBeGreaterThanOrEqual(3);
      } finally {
        await new Promise((r) => flaky.close(r));
      }
    });

    it('the store remembers a bucket it found only until that bucket is deleted or created again', async () => {
      const bucket = `kept-${randomUUID().slice(0, 8)}`;
      const noSuchBucket = { code: 'NoSuchBucket' };
      await expect(raw.putObject(bucket, 'a.txt', Buffer.from('a'))).rejects.toMatchObject(noSuchBucket);
      await raw.makeBucket(bucket);
      await raw.putObject(bucket, 'a.txt', Buffer.from('a'));
      await raw.putObject(bucket, 'b.txt', Buffer.from('b')); // the bucket as remembered
      await raw.removeObject(bucket, 'a.txt');
      await raw.removeObject(bucket, 'b.txt');
      await raw.removeBucket(bucket);
      await expect(raw.putObject(bucket, 'c.txt', Buffer.from('c'))).rejects.toMatchObject(noSuchBucket);
      await expect(raw.statObject(bucket, 'b.txt')).rejects.toMatchObject({ code: 'NotFound' });
      await raw.makeBucket(bucket);
      await raw.putObject(bucket, 'c.txt', Buffer.from('c'));
      expect(await listKeys(bucket)).toEqual(['c.txt']);
    });

    it('ping is true when the buckets answer and false when the store is down', async () => {
      expect(await storage.ping()).toBe(true);
      const other = await startEmbeddedS3();
      const lonely = new ObjectStorage({ ...other, buckets: { materials: MATERIALS, licences: LICENCES } });
      expect(await lonely.ping()).toBe(false); // buckets missing
      await lonely.ensureBuckets();
      expect(await lonely.ping()).toBe(true);
      await other.close();
      expect(await lonely.ping(500)).toBe(false); // server gone
    });
  });

  describe('upload', () => {
    it('streams a real PDF: server-generated key, SHA-256 of the bytes, metadata stored', async () => {
      const pdf = samplePdf('licence application');
      const prefix = ownerPrefix();
      const stored = await storage.upload({
        bucket: MATERIALS,
        stream: chunked(pdf, 100),
        declaredName: 'C:\\Users\\张三\\营业执照 副本.pdf',
        declaredContentType: 'application/pdf',
        maxBytes: 1024 * 1024,
        allowedTypes: DOCS,
        ownerPrefix: prefix,
      });
      const yyyy = String(new Date().getUTCFullYear());
      expect(stored).toEqual({
        bucket: MATERIALS,
        key: expect.stringMatching(new RegExp(`^${prefix}/${yyyy}/\\d{2}/${uuid}\\.pdf$`)),
        size: pdf.length,
        sha256: sha256(pdf),
        contentType: 'application/pdf',
        originalName: '营业执照 副本.pdf',
      });
      expect(stored.key).not.toContain('营业执照');
      expect(await listKeys(MATERIALS, prefix)).toEqual([stored.key]);

      const stat = await raw.statObject(MATERIALS, stored.key);
      expect(stat.size).toBe(pdf.length);
      expect(stat.metaData).toMatchObject({ 'content-type': 'application/pdf', sha256: sha256(pdf) });
      expect(await storage.stat(MATERIALS, stored.key)).toMatchObject({
        sha256: sha256(pdf),
        contentType: 'application/pdf',
        originalName: '营业执照 副本.pdf',
      });
      expect((await storage.readBuffer(MATERIALS, stored.key, stored.sha256)).equals(pdf)).toBe(true);
    });

    it('stores a PNG given as a buffer; the type comes from the bytes, the key from the server', async () => {
      const png = samplePng();
      const prefix = ownerPrefix();
      const fixed = new ObjectStorage(
        { ...s3, buckets: { materials: MATERIALS, licences: LICENCES } },
        { now: () => new Date('2026-03-15T08:00:00Z') },
      );
      const stored = await fixed.upload({
        bucket: MATERIALS,
        buffer: png,
        declaredName: '../../etc/\u202e证件照.PNG',
        declaredContentType: 'application/octet-stream',
        maxBytes: 10_000,
        allowedTypes: DOCS,
        ownerPrefix: prefix,
      });
      expect(stored.key).toMatch(new RegExp(`^${prefix}/2026/03/${uuid}\\.png$`));
      expect(stored).toMatchObject({ size: png.length, sha256: sha256(png), contentType: 'image/png' });
      expect(stored.originalName).toBe('证件照.PNG');
      expect((await raw.statObject(MATERIALS, stored.key)).metaData).toMatchObject({
        'content-type': 'image/png',
        sha256: sha256(png),
      });
    });

    it('streams a multi-chunk upload of about 1 MiB and hashes all of it', async () => {
      const pdf = samplePdf('big', 1024 * 1024);
      expect(pdf.length).toBeGreaterThan(1000 * 1000);
      const stored = await storage.upload({
        bucket: LICENCES,
        stream: chunked(pdf, 64 * 1024),
        declaredName: 'licence.pdf',
        maxBytes: 2 * 1024 * 1024,
        allowedTypes: PDF_ONLY,
        ownerPrefix: ownerPrefix(),
      });
      expect(stored.size).toBe(pdf.length);
      expect(stored.sha256).toBe(sha256(pdf));
      expect((await storage.readBuffer(LICENCES, stored.key, sha256(pdf))).equals(pdf)).toBe(true);
    });

    it('sends a small upload as one PUT with its digest, a larger one as PUT + metadata copy, both complete', async () => {
      const counting = new ObjectStorage({
        ...s3,
        bufferedUploadMaxBytes: 256 * 1024,
        buckets: { materials: MATERIALS, licences: LICENCES },
      });
      const client = (counting as unknown as { client: Client }).client;
      const calls: string[] = [];
      const put = client.putObject.bind(client);
      const copy = client.copyObject.bind(client);
      client.putObject = (...args: Parameters<Client['putObject']>) => (calls.push('put'), put(...args));
      client.copyObject = ((...args: Parameters<Client['copyObject']>) => (
        calls.push('copy'),
        copy(...args)
      )) as Client['copyObject'];
      for (const [bytes, expected] of [
        [200 * 1024, ['put']],
        [300 * 1024, ['put', 'copy']],
      ] as const) {
        calls.length = 0;
        const pdf = samplePdf(`size-${bytes}`, bytes);
        const stored = await counting.upload({
          bucket: MATERIALS,
          stream: chunked(pdf, 16 * 1024),
          declaredName: 'a.pdf',
          maxBytes: 1024 * 1024,
          allowedTypes: PDF_ONLY,
          ownerPrefix: ownerPrefix(),
        });
        expect(calls).toEqual(expected);
        expect(stored).toMatchObject({ size: pdf.length, sha256: sha256(pdf) });
        expect(await counting.stat(MATERIALS, stored.key)).toMatchObject({
          sha256: sha256(pdf),
          size: pdf.length,
        });
        expect((await counting.readBuffer(MATERIALS, stored.key, stored.sha256)).equals(pdf)).toBe(true);
      }
    });

    it('accepts an upload of exactly maxBytes', async () => {
      const pdf = samplePdf();
      const stored = await storage.upload({
        bucket: MATERIALS,
        stream: chunked(pdf, 50),
        declaredName: 'exact.pdf',
        maxBytes: pdf.length,
        allowedTypes: PDF_ONLY,
        ownerPrefix: ownerPrefix(),
      });
      expect(stored.size).toBe(pdf.length);
    });

    it('aborts an over-cap stream with UPLOAD_TOO_LARGE while streaming and stores nothing', async () => {
      const prefix = ownerPrefix();
      let pulled = 0;
      let closed = false;
      // An endless PDF-looking stream: only a cap enforced while streaming can stop it.
      async function* endless(): AsyncGenerator<Buffer> {
        try {
          yield samplePdf();
          for (;;) {
            pulled += 1;
            yield Buffer.alloc(16 * 1024, 0x20);
          }
        } finally {
          closed = true;
        }
      }
      const maxBytes = 256 * 1024;
      await expect(
        storage.upload({
          bucket: MATERIALS,
          stream: Readable.from(endless(), { objectMode: false }),
          declaredName: 'huge.pdf',
          maxBytes,
          allowedTypes: PDF_ONLY,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({
        code: 'UPLOAD_TOO_LARGE',
        status: 413,
        details: { field: 'file', maxBytes },
      });
      expect(pulled).toBeLessThan(maxBytes / (16 * 1024) + 20);
      expect(closed).toBe(true);
      expect(await listKeys(MATERIALS, prefix)).toEqual([]);
      expect(await listKeys(MATERIALS, '')).not.toContainEqual(expect.stringContaining(prefix));
    });

    it('rejects an over-cap buffer with UPLOAD_TOO_LARGE and stores nothing', async () => {
      const prefix = ownerPrefix();
      await expect(
        storage.upload({
          bucket: MATERIALS,
          buffer: samplePdf('x', 20_000),
          declaredName: 'big.pdf',
          maxBytes: 10_000,
          allowedTypes: PDF_ONLY,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({
        code: 'UPLOAD_TOO_LARGE',
        status: 413,
        details: { field: 'file', maxBytes: 10_000 },
      });
      expect(await listKeys(MATERIALS, prefix)).toEqual([]);
    });

    it('rejects a .pdf whose bytes are text with UPLOAD_TYPE_MISMATCH and stores nothing', async () => {
      const prefix = ownerPrefix();
      const before = await listKeys(MATERIALS);
      await expect(
        storage.upload({
          bucket: MATERIALS,
          stream: chunked(
            Buffer.from('This is not a PDF, just some text pretending to be one.\n'.repeat(50)),
          ),
          declaredName: '身份证.pdf',
          declaredContentType: 'application/pdf',
          maxBytes: 1024 * 1024,
          allowedTypes: DOCS,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({
        code: 'UPLOAD_TYPE_MISMATCH',
        status: 415,
        details: { field: 'file', declared: 'pdf', detected: null },
      });
      expect(await listKeys(MATERIALS, prefix)).toEqual([]);
      expect(await listKeys(MATERIALS)).toEqual(before);
    });

    it('rejects content that contradicts the declared Content-Type', async () => {
      const prefix = ownerPrefix();
      await expect(
        storage.upload({
          bucket: MATERIALS,
          buffer: samplePng(),
          declaredName: 'photo',
          declaredContentType: 'application/pdf',
          maxBytes: 10_000,
          allowedTypes: DOCS,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({
        code: 'UPLOAD_TYPE_MISMATCH',
        status: 415,
        details: { field: 'file', declared: 'application/pdf', detected: 'image/png' },
      });
      expect(await listKeys(MATERIALS, prefix)).toEqual([]);
    });

    it('rejects a correctly declared type that is not allowed with UPLOAD_TYPE_NOT_ALLOWED', async () => {
      const prefix = ownerPrefix();
      await expect(
        storage.upload({
          bucket: LICENCES,
          buffer: samplePng(),
          declaredName: 'seal.png',
          maxBytes: 10_000,
          allowedTypes: PDF_ONLY,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({
        code: 'UPLOAD_TYPE_NOT_ALLOWED',
        status: 415,
        details: { field: 'file', detected: 'image/png', allowed: PDF_ONLY },
      });
      expect(await listKeys(LICENCES, prefix)).toEqual([]);
    });

    it('maps a failing client stream to UPLOAD_INCOMPLETE and stores nothing', async () => {
      const prefix = ownerPrefix();
      async function* broken(): AsyncGenerator<Buffer> {
        yield samplePdf('x', 20_000);
        yield Buffer.alloc(10_000, 0x20);
        throw new Error('client disconnected');
      }
      await expect(
        storage.upload({
          bucket: MATERIALS,
          stream: Readable.from(broken(), { objectMode: false }),
          declaredName: 'a.pdf',
          maxBytes: 1024 * 1024,
          allowedTypes: PDF_ONLY,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE', status: 400 });
      expect(await listKeys(MATERIALS, prefix)).toEqual([]);
    });

    it('removes the written object when attaching the checksum fails', async () => {
      const prefix = ownerPrefix();
      // Streamed (not held in memory), so the digest is attached with a copy after the PUT.
      const flaky = new ObjectStorage({
        ...s3,
        bufferedUploadMaxBytes: 0,
        buckets: { materials: MATERIALS, licences: LICENCES },
      });
      const client = (flaky as unknown as { client: Client }).client;
      client.copyObject = () => Promise.reject(new Error('connection reset'));
      await expect(
        flaky.upload({
          bucket: MATERIALS,
          buffer: samplePdf(),
          declaredName: 'a.pdf',
          maxBytes: 10_000,
          allowedTypes: PDF_ONLY,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503, details: { operation: 'upload' } });
      expect(await listKeys(MATERIALS, prefix)).toEqual([]);
    });

    it('reports an unreachable store as STORAGE_UNAVAILABLE', async () => {
      const other = await startEmbeddedS3();
      await other.close();
      const down = new ObjectStorage({ ...other, buckets: { materials: MATERIALS, licences: LICENCES } });
      await expect(
        down.upload({
          bucket: MATERIALS,
          buffer: samplePdf(),
          declaredName: 'a.pdf',
          maxBytes: 10_000,
          allowedTypes: PDF_ONLY,
          ownerPrefix: ownerPrefix(),
        }),
      ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    });

    it('refuses unknown buckets and unsafe owner prefixes', async () => {
      const base = { buffer: samplePdf(), declaredName: 'a.pdf', maxBytes: 10_000, allowedTypes: PDF_ONLY };
      await expect(
        storage.upload({ ...base, bucket: 'other-bucket', ownerPrefix: 'a' }),
      ).rejects.toMatchObject({
        code: 'STORAGE_UNKNOWN_BUCKET',
      });
      for (const bad of ['../x', '/abs', 'a/../b', 'a//b', 'a/', '']) {
        await expect(storage.upload({ ...base, bucket: MATERIALS, ownerPrefix: bad })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { field: 'ownerPrefix' },
        });
      }
    });
  });

  describe('content checks while streaming', () => {
    const ARCHIVES = ['application/zip', ...DOCS];
    it.each([
      [
        'a PNG declaring 50000×50000',
        () => samplePngDeclaring(50_000, 50_000),
        'big.png',
        422,
        'UPLOAD_IMAGE_TOO_LARGE',
      ],
      [
        'a JPEG declaring 60000×60000',
        () => sampleJpegDeclaring(60_000, 60_000),
        'big.jpg',
        422,
        'UPLOAD_IMAGE_TOO_LARGE',
      ],
      [
        'a PDF with HTML inside',
        () => Buffer.concat([samplePdf(), Buffer.from('<html><script>alert(1)</script>')]),
        'x.pdf',
        415,
        'UPLOAD_POLYGLOT',
      ],
      [
        'a zip bomb',
        () => sampleZip([{ name: 'z', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]),
        'x.zip',
        422,
        'UPLOAD_ARCHIVE_BOMB',
      ],
      [
        'a zip with a symbolic link',
        () => sampleZip([{ name: 'l', data: Buffer.from('/etc'), symlink: true }]),
        'x.zip',
        422,
        'UPLOAD_ARCHIVE_LINK',
      ],
    ])('refuses %s and stores nothing', async (_label, content, name, status, code) => {
      const prefix = ownerPrefix();
      await expect(
        storage.upload({
          bucket: MATERIALS,
          stream: chunked(content()),
          declaredName: name,
          maxBytes: 1024 * 1024,
          allowedTypes: ARCHIVES,
          ownerPrefix: prefix,
        }),
      ).rejects.toMatchObject({ code, status, details: { field: 'file' } });
      expect(await storage.listKeys(MATERIALS, prefix)).toEqual([]);
    });

    it('stores ordinary files, honours tighter contentLimits, and lists what it stored', async () => {
      const prefix = ownerPrefix();
      const base = { bucket: MATERIALS, maxBytes: 1024 * 1024, allowedTypes: ARCHIVES, ownerPrefix: prefix };
      const jpeg = await storage.upload({
        ...base,
        stream: chunked(sampleJpegDeclaring(4000, 3000, 20_000), 100),
        declaredName: 'p.jpg',
      });
      const zip = await storage.upload({
        ...base,
        buffer: sampleZip([{ name: '表.txt', data: Buffer.from('表'.repeat(500)), deflate: true }]),
        declaredName: '表.zip',
      });
      expect([jpeg.contentType, zip.contentType]).toEqual(['image/jpeg', 'application/zip']);
      await expect(
        storage.upload({
          ...base,
          buffer: sampleJpegDeclaring(4000, 3000),
          declaredName: 'p.jpg',
          contentLimits: { maxImageSide: 2000 },
        }),
      ).rejects.toMatchObject({ code: 'UPLOAD_IMAGE_TOO_LARGE', status: 422 });
      expect(await storage.listKeys(MATERIALS, prefix)).toEqual([jpeg.key, zip.key].sort());
    });
  });

  describe('read', () => {
    it('fails with STORAGE_INTEGRITY when the checksum differs, without delivering the whole content', async () => {
      const pdf = samplePdf('integrity', 200_000);
      const stored = await storage.upload({
        bucket: MATERIALS,
        buffer: pdf,
        declaredName: 'a.pdf',
        maxBytes: 1024 * 1024,
        allowedTypes: PDF_ONLY,
        ownerPrefix: ownerPrefix(),
      });
      const wrong = sha256(Buffer.from('something else'));
      await expect(storage.readBuffer(MATERIALS, stored.key, wrong)).rejects.toMatchObject({
        code: 'STORAGE_INTEGRITY',
        status: 500,
      });

      const stream = await storage.read(MATERIALS, stored.key, wrong);
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      const error = await new Promise((resolve) => {
        stream.on('end', () => resolve(undefined)).on('error', resolve);
      });
      expect(error).toMatchObject({ code: 'STORAGE_INTEGRITY' });
      expect(received).toBeLessThan(pdf.length);

      // The right checksum (upper case is fine) reads through.
      expect((await storage.readBuffer(MATERIALS, stored.key, stored.sha256.toUpperCase())).equals(pdf)).toBe(
        true,
      );
    });

    it('detects bytes changed behind its back', async () => {
      const pdf = samplePdf('original');
      const stored = await storage.upload({
        bucket: MATERIALS,
        buffer: pdf,
        declaredName: 'a.pdf',
        maxBytes: 10_000,
        allowedTypes: PDF_ONLY,
        ownerPrefix: ownerPrefix(),
      });
      await raw.putObject(MATERIALS, stored.key, samplePdf('tampered'));
      await expect(storage.readBuffer(MATERIALS, stored.key, stored.sha256)).rejects.toMatchObject({
        code: 'STORAGE_INTEGRITY',
      });
    });

    it('reports a missing object as NOT_FOUND', async () => {
      await expect(
        storage.read(MATERIALS, 'nope/2026/01/missing.pdf', sha256(Buffer.alloc(0))),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        status: 404,
      });
    });
  });

  describe('presignedGet', () => {
    let stored: StoredObject;
    const pdf = samplePdf('presigned');

    beforeAll(async () => {
      stored = await storage.upload({
        bucket: LICENCES,
        buffer: pdf,
        declaredName: 'licence.pdf',
        maxBytes: 10_000,
        allowedTypes: PDF_ONLY,
        ownerPrefix: ownerPrefix(),
      });
    });

    it('returns a short-lived URL that fetch() can download, byte for byte', async () => {
      const ref = authorize(stored, { allowed: true, subject: 'user-1' });
      const before = Date.now();
      const signed = await storage.presignedGet(ref, { downloadName: '食品经营许可证.pdf' });
      expect(signed.expiresAt.getTime() - before).toBeLessThanOrEqual(61_000);
      expect(signed.url).toContain('X-Amz-Expires=60');
      const res = await fetch(signed.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="_______.pdf"; filename*=UTF-8''${encodeURIComponent('食品经营许可证.pdf')}`,
      );
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    });

    it('caps the lifetime at 300 seconds', async () => {
      const ref = authorize(stored, { allowed: true, subject: 'user-1' });
      expect((await storage.presignedGet(ref, { ttlSeconds: 300 })).url).toContain('X-Amz-Expires=300');
      await expect(storage.presignedGet(ref, { ttlSeconds: 301 })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'ttlSeconds' },
      });
    });

    it('needs a ref from authorize(): denied decisions throw, forged refs are refused', async () => {
      expect(() =>
        authorize(stored, { allowed: false, subject: 'user-2', reason: 'not the applicant' }),
      ).toThrow(expect.objectContaining({ code: 'FORBIDDEN', status: 403 }));
      const forged = { ...stored, authorized: true, subject: 'me' } as unknown as AuthorizedObjectRef;
      await expect(storage.presignedGet(forged)).rejects.toMatchObject({
        code: 'STORAGE_REF_NOT_AUTHORIZED',
      });
    });
  });

  it('keeps objects in a given directory across restarts of the embedded store', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'hall-s3-persist-'));
    try {
      const first = await startEmbeddedS3({ directory });
      const config = { buckets: { materials: MATERIALS, licences: LICENCES } };
      const a = new ObjectStorage({ ...first, ...config });
      await a.ensureBuckets();
      const stored = await a.upload({
        bucket: MATERIALS,
        buffer: samplePdf('persist'),
        declaredName: 'a.pdf',
        maxBytes: 10_000,
        allowedTypes: PDF_ONLY,
        ownerPrefix: 'persist',
      });
      await first.close();
      const second = await startEmbeddedS3({ directory });
      try {
        const b = new ObjectStorage({ ...second, ...config });
        expect((await b.readBuffer(MATERIALS, stored.key, stored.sha256)).equals(samplePdf('persist'))).toBe(
          true,
        );
      } finally {
        await second.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
