/**
 * The embedded store's gate hands verified requests to s3rver in the same process and writes small objects at once
 * (issue 22). What that must keep: nothing unverified reaches the store, s3rver listens nowhere, and the files on disk
 * are s3rver's own (object, `.md5`, metadata JSON), whichever path wrote them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Client } from 'minio';
import { presignSignatureV4, signV4 } from 'minio/dist/esm/signing.mjs';
import { embeddedS3Client, startEmbeddedS3, type EmbeddedS3 } from './embedded-s3.server.js';
import { samplePdf } from './sample-files.fixture.js';

const BUCKET = 'gate-bucket';
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');
const amzDate = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

let s3: EmbeddedS3;
let client: Client;

/** Every file under the store's directory (relative paths). */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(s3.directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(s3.directory, path.join(e.parentPath, e.name)));
}

/** A header-signed PUT whose signature covers `signedBody`, sending `body`; chunked when `chunked`. */
function signedPut(
  key: string,
  body: Buffer,
  signedBody: Buffer,
  chunked = false,
): Promise<{ status: number; text: string }> {
  const url = new URL(s3.endpoint);
  const now = new Date();
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-date': amzDate(now),
    'x-amz-content-sha256': sha256(signedBody),
    'content-type': 'application/pdf',
    'x-amz-meta-origin': 'gate-test',
  };
  const target = `/${BUCKET}/${key}`;
  const authorization = signV4(
    { method: 'PUT', path: target, headers, protocol: 'http:' },
    s3.accessKey,
    s3.secretKey,
    s3.region,
    now,
    sha256(signedBody),
  );
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: Number(url.port),
        method: 'PUT',
        path: target,
        headers: {
          ...headers,
          authorization,
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (chunked) {
      // Several chunks, so the gate really assembles the body it checks and replays.
      for (let i = 0; i < body.length; i += 1000) req.write(body.subarray(i, i + 1000));
      req.end();
    } else req.end(body);
  });
}

/** Inodes of the listening sockets (TCP and Unix) this process holds open. */
function listeningSocketsOfThisProcess(): Set<string> {
  const own = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1]) own.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const listening = new Set<string>();
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && f[9] !== undefined && own.has(f[9])) listening.add(f[9]); // 0A: LISTEN
    }
  }
  for (const line of readFileSync('/proc/self/net/unix', 'utf8').trim().split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // Flags 00010000: accepting connections (listening).
    if (f[3] === '00010000' && f[6] !== undefined && own.has(f[6])) listening.add(f[6]);
  }
  return listening;
}

beforeAll(async () => {
  s3 = await startEmbeddedS3();
  client = embeddedS3Client(s3);
  await client.makeBucket(BUCKET, s3.region);
});

afterAll(async () => {
  await s3?.close();
});

describe('the embedded store gate (in-process hand-off to s3rver)', () => {
  it('s3rver listens nowhere: a start adds exactly one listening socket, the gate on its loopback port', async () => {
    const before = listeningSocketsOfThisProcess();
    const other = await startEmbeddedS3();
    try {
      const added = [...listeningSocketsOfThisProcess()].filter((s) => !before.has(s));
      expect(added).toHaveLength(1);
      const tcp = readFileSync('/proc/self/net/tcp', 'utf8');
      const port = Number(new URL(other.endpoint).port).toString(16).toUpperCase().padStart(4, '0');
      // The one listening socket is the gate: 127.0.0.1 (0100007F) on the endpoint's port.
      expect(tcp).toMatch(new RegExp(`0100007F:${port} 00000000:0000 0A .* ${added[0]} `));
    } finally {
      await other.close();
    }
  });

  it('a tampered body (signature over other bytes) is refused and nothing of it reaches the disk', async () => {
    const key = `tampered/${randomUUID()}.pdf`;
    const before = await filesOnDisk();
    const refused = await signedPut(key, samplePdf('forged'), samplePdf('signed'));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('XAmzContentSHA256Mismatch');
    const chunkedRefused = await signedPut(key, samplePdf('forged', 5000), samplePdf('signed', 5000), true);
    expect(chunkedRefused.status).toBe(403);
    expect(await filesOnDisk()).toEqual(before);
    await expect(client.statObject(BUCKET, key)).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('a presigned PUT signed with the right secret is refused and stores nothing', async () => {
    const key = `presigned/${randomUUID()}.pdf`;
    const before = await filesOnDisk();
    const url = presignSignatureV4(
      {
        method: 'PUT',
        path: `/${BUCKET}/${key}`,
        headers: { host: new URL(s3.endpoint).host },
        protocol: 'http:',
      },
      s3.accessKey,
      s3.secretKey,
      undefined,
      s3.region,
      new Date(),
      60,
    );
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(samplePdf('x')) })).status).toBe(403);
    expect(await filesOnDisk()).toEqual(before);
  });

  it("stores small (written at once) and large (s3rver's own path) bodies as s3rver's three files", async () => {
    for (const [label, bytes] of [
      ['small', samplePdf('small', 3 * 1024)],
      ['licence', samplePdf('licence', 40 * 1024)],
      ['large', samplePdf('large', 1024 * 1024 + 1)],
    ] as const) {
      for (const chunked of [false, true]) {
        const key = `stored/${label}-${chunked ? 'chunked' : 'sized'}-${randomUUID()}.pdf`;
        const put = await signedPut(key, bytes, bytes, chunked);
        expect(put.status).toBe(200);
        const base = path.join(s3.directory, BUCKET, ...key.split('/'));
        const dir = path.dirname(base);
        const name = path.basename(base);
        expect((await readdir(dir)).filter((f) => f.startsWith(name)).sort()).toEqual([
          `${name}._S3rver_metadata.json`,
          `${name}._S3rver_object`,
          `${name}._S3rver_object.md5`,
        ]);
        expect((await readFile(`${base}._S3rver_object`)).equals(bytes)).toBe(true);
        expect(await readFile(`${base}._S3rver_object.md5`, 'utf8')).toBe(md5(bytes));
        expect(JSON.parse(await readFile(`${base}._S3rver_metadata.json`, 'utf8'))).toEqual({
          'content-type': 'application/pdf',
          'x-amz-meta-origin': 'gate-test',
        });
        const stat = await client.statObject(BUCKET, key);
        expect(stat.size).toBe(bytes.length);
        expect(stat.etag).toBe(md5(bytes));
        expect(stat.metaData).toMatchObject({ 'content-type': 'application/pdf', origin: 'gate-test' });
        const read: Buffer[] = [];
        for await (const c of await client.getObject(BUCKET, key)) read.push(c as Buffer);
        expect(Buffer.concat(read).equals(bytes)).toBe(true);
        const part: Buffer[] = [];
        for await (const c of await client.getPartialObject(BUCKET, key, 10, 20)) part.push(c as Buffer);
        expect(Buffer.concat(part).equals(bytes.subarray(10, 30))).toBe(true);
      }
    }
  });

  it('reads as s3rver does: an empty object, a range past the end (InvalidRange), a range of a large object', async () => {
    const empty = `read/${randomUUID()}.txt`;
    await client.putObject(BUCKET, empty, Buffer.alloc(0), 0);
    expect((await client.statObject(BUCKET, empty)).size).toBe(0);
    const read: Buffer[] = [];
    for await (const c of await client.getObject(BUCKET, empty)) read.push(c as Buffer);
    expect(Buffer.concat(read)).toHaveLength(0);
    const small = `read/${randomUUID()}.pdf`;
    const bytes = samplePdf('ranges', 4096);
    await client.putObject(BUCKET, small, bytes, bytes.length);
    await expect(client.getPartialObject(BUCKET, small, 5000, 10)).rejects.toMatchObject({
      code: 'InvalidRange',
    });
    const tail: Buffer[] = [];
    for await (const c of await client.getPartialObject(BUCKET, small, 4000)) tail.push(c as Buffer);
    expect(Buffer.concat(tail).equals(bytes.subarray(4000))).toBe(true);
    const large = `read/${randomUUID()}.pdf`;
    const big = samplePdf('large ranges', 2 * 1024 * 1024);
    await client.putObject(BUCKET, large, big, big.length);
    const mid: Buffer[] = [];
    for await (const c of await client.getPartialObject(BUCKET, large, 1_500_000, 100_000))
      mid.push(c as Buffer);
    expect(Buffer.concat(mid).equals(big.subarray(1_500_000, 1_600_000))).toBe(true);
    await expect(client.getPartialObject(BUCKET, large, big.length + 1, 10)).rejects.toMatchObject({
      code: 'InvalidRange',
    });
  });

  it('reads an object whose .md5 file is missing (s3rver computes and writes it back)', async () => {
    const key = `no-md5/${randomUUID()}.pdf`;
    const bytes = samplePdf('no md5', 2048);
    await client.putObject(BUCKET, key, bytes, bytes.length, { 'Content-Type': 'application/pdf' });
    const md5File = path.join(s3.directory, BUCKET, ...key.split('/')) + '._S3rver_object.md5';
    await rm(md5File);
    expect((await client.statObject(BUCKET, key)).etag).toBe(md5(bytes));
    expect(await readFile(md5File, 'utf8')).toBe(md5(bytes));
  });

  it("answers s3rver's errors as S3 does: a missing key is 404 NoSuchKey, a missing bucket NoSuchBucket", async () => {
    await expect(client.getObject(BUCKET, `missing/${randomUUID()}`)).rejects.toMatchObject({
      code: 'NoSuchKey',
    });
    await expect(client.putObject('no-such-bucket', 'a.pdf', samplePdf('x'))).rejects.toMatchObject({
      code: 'NoSuchBucket',
    });
  });
});
