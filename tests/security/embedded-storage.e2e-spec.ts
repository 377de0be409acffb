/**
 * Embedded object storage (issue 18, finding 2). The embedded store (s3rver behind `startEmbeddedS3`, what the embedded
 * hall and every service test use) answered unsigned requests: it listed its buckets, served an ID-card scan, let a PUT
 * overwrite a material and a DELETE remove it. And approval handed officers presigned links to that internal endpoint.
 * - The store listens on loopback only and answers only AWS Signature V4 requests signed with its per-start secret
 *   (header or presigned query): unsigned, V2-signed, wrongly signed (the well-known s3rver secret), tampered, expired
 *   requests and signed requests whose body is not the one signed are refused with 403 and change nothing. Signed
 *   requests (the minio client's own signer) still work.
 * - `GET /api/approval/cases/:id/materials` names no storage endpoint: each file is downloaded through approval's own
 *   route, with the case's access rule (another region's officer gets 404, no token 401), as an attachment.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApplicationAccepted } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, type ServiceHarness } from '@hall/platform/testing';
import {
  authorize,
  embeddedS3Client,
  ObjectStorage,
  samplePdf,
  samplePng,
  startEmbeddedS3,
  type EmbeddedS3,
} from '@hall/storage';
import { type Client } from 'minio';
import { presignSignatureV4, signV4 } from 'minio/dist/esm/signing.mjs';
import request from 'supertest';
import {
  accepted,
  publish,
  publishSnapshot,
  snapshot,
  startApproval,
} from '../../apps/approval/test/factories/approval.factory.js';

const idCardScan = (): Buffer => samplePdf('居民身份证 正反面 330102199003071230');

function rawClient(s3: EmbeddedS3, secretKey: string): Client {
  return embeddedS3Client({ ...s3, secretKey });
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const amzDate = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe('the embedded store answers only requests signed with its secret', () => {
  let s3: EmbeddedS3;
  let storage: ObjectStorage;
  let key = '';
  let digest = '';
  const bucket = 'hall-materials';
  const scan = idCardScan();

  beforeAll(async () => {
    s3 = await startEmbeddedS3();
    storage = new ObjectStorage({
      endpoint: s3.endpoint,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
    });
    await storage.ensureBuckets();
    const stored = await storage.upload({
      bucket,
      buffer: scan,
      declaredName: '身份证.pdf',
      maxBytes: 1024 * 1024,
      allowedTypes: ['application/pdf'],
      ownerPrefix: 'intake/uploads/zhangsan',
    });
    key = stored.key;
    digest = stored.sha256;
  });
  afterAll(async () => {
    await s3?.close();
  });

  const stillIntact = async () =>
    expect((await storage.readBuffer(bucket, key, digest)).equals(scan)).toBe(true);

  it('listens on loopback, with a secret of its own (not the well-known s3rver one)', () => {
    expect(new URL(s3.endpoint).hostname).toBe('127.0.0.1');
    expect(s3.secretKey).not.toBe('S3RVER');
    expect(s3.secretKey.length).toBeGreaterThanOrEqual(32);
  });

  it('unsigned: no bucket list, no object, no listing, no overwrite, no delete', async () => {
    const list = await fetch(`${s3.endpoint}/`);
    expect(list.status).toBe(403);
    expect(await list.text()).not.toContain(bucket);
    const get = await fetch(`${s3.endpoint}/${bucket}/${key}`);
    expect(get.status).toBe(403);
    expect(Buffer.from(await get.arrayBuffer()).includes(Buffer.from('330102199003071230'))).toBe(false);
    const objects = await fetch(`${s3.endpoint}/${bucket}?list-type=2`);
    expect(objects.status).toBe(403);
    expect(await objects.text()).not.toContain(key);
    const put = await fetch(`${s3.endpoint}/${bucket}/${key}`, {
      method: 'PUT',
      body: new Uint8Array(samplePdf('forged')),
    });
    expect(put.status).toBe(403);
    const del = await fetch(`${s3.endpoint}/${bucket}/${key}`, { method: 'DELETE' });
    expect(del.status).toBe(403);
    const v2 = await fetch(
      `${s3.endpoint}/${bucket}/${key}?AWSAccessKeyId=S3RVER&Expires=${Math.floor(Date.now() / 1000) + 60}&Signature=abc`,
    );
    expect(v2.status).toBe(403);
    await stillIntact();
  });

  it('signed with the wrong secret (the well-known S3RVER one): refused, nothing changes', async () => {
    const forger = rawClient(s3, 'S3RVER');
    await expect(forger.listBuckets()).rejects.toMatchObject({
      code: expect.stringMatching(/AccessDenied|SignatureDoesNotMatch/),
    });
    await expect(forger.getObject(bucket, key)).rejects.toMatchObject({
      code: expect.stringMatching(/AccessDenied|SignatureDoesNotMatch/),
    });
    await expect(forger.putObject(bucket, key, samplePdf('forged'))).rejects.toThrow();
    await expect(forger.removeObject(bucket, key)).rejects.toThrow();
    const presigned = await forger.presignedGetObject(bucket, key, 60);
    expect((await fetch(presigned)).status).toBe(403);
    await stillIntact();
  });

  it('presigned links: the right one works; tampered, expired or for another key do not', async () => {
    const decision = { allowed: true, subject: 'test', reason: 'test' };
    const { url } = await storage.presignedGet(authorize({ bucket, key }, decision), {
      downloadName: '身份证.pdf',
    });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(scan)).toBe(true);

    const other = new URL(url);
    other.pathname = `/${bucket}/intake/uploads/zhangsan/other.pdf`;
    expect((await fetch(other)).status).toBe(403);
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    expect((await fetch(longer)).status).toBe(403);
    const noDisposition = new URL(url);
    noDisposition.searchParams.delete('response-content-disposition');
    expect((await fetch(noDisposition)).status).toBe(403);
    const asPut = await fetch(url, { method: 'PUT', body: new Uint8Array(samplePdf('forged')) });
    expect(asPut.status).toBe(403);

    const client = rawClient(s3, s3.secretKey);
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    const expired = await client.presignedGetObject(bucket, key, 60, {}, yesterday);
    expect((await fetch(expired)).status).toBe(403);
    await stillIntact();
  });

  it('a signed request whose body is not the signed one is refused (the signature covers the payload hash)', async () => {
    const host = new URL(s3.endpoint).host;
    const signedPut = (body: Buffer, signedBody: Buffer) => {
      const now = new Date();
      const headers: Record<string, string> = {
        host,
        'x-amz-date': amzDate(now),
        'x-amz-content-sha256': sha256(signedBody),
      };
      const path = `/${bucket}/${key}`;
      const authorization = signV4(
        { method: 'PUT', path, headers, protocol: 'http:' },
        s3.accessKey,
        s3.secretKey,
        s3.region,
        now,
        sha256(signedBody),
      );
      return fetch(`${s3.endpoint}${path}`, {
        method: 'PUT',
        headers: { ...headers, authorization, 'content-length': String(body.length) },
        body: new Uint8Array(body),
      });
    };
    const forged = samplePdf('forged');
    expect((await signedPut(forged, scan)).status).toBe(403);
    await stillIntact();
    // The same request with the body it signed goes through (so the refusal above is about the body).
    expect((await signedPut(scan, scan)).status).toBe(200);
    await stillIntact();
  });

  it('a presigned query signed with the right secret for a PUT is refused too (only GET/HEAD links exist)', async () => {
    const now = new Date();
    const host = new URL(s3.endpoint).host;
    const url = presignSignatureV4(
      { method: 'PUT', path: `/${bucket}/${key}`, headers: { host }, protocol: 'http:' },
      s3.accessKey,
      s3.secretKey,
      undefined,
      s3.region,
      now,
      60,
    );
    expect((await fetch(url, { method: 'PUT', body: new Uint8Array(samplePdf('forged')) })).status).toBe(403);
    await stillIntact();
  });

  it('signed requests work: bucket check, upload, stat, list, read, remove', async () => {
    expect(await storage.ping()).toBe(true);
    const other = await storage.upload({
      bucket,
      buffer: samplePng(),
      declaredName: 'photo.png',
      maxBytes: 1024 * 1024,
      allowedTypes: ['image/png'],
      ownerPrefix: `t/${randomUUID()}`,
    });
    expect((await storage.stat(bucket, other.key)).sha256).toBe(other.sha256);
    expect(await storage.listKeys(bucket, other.key)).toEqual([other.key]);
    await storage.remove(bucket, other.key);
    expect(await storage.listKeys(bucket, other.key)).toEqual([]);
  });
});

const kinds = await testDatabaseKinds();

describe.each(kinds)(
  'approval materials are downloaded through approval, never from the store (%s)',
  (kind) => {
    let h: ServiceHarness;
    const s = snapshot();
    const pdf = idCardScan();
    const png = samplePng();
    let no = '';
    let files: Array<{ name: string; sha256: string; url: string }> = [];
    let body = '';

    beforeAll(async () => {
      h = await startApproval(kind);
      await publishSnapshot(h, s);
      const storage = h.runtime.storage;
      if (!storage) throw new Error('no storage');
      const put = async (bytes: Buffer, name: string, type: string) => {
        const stored = await storage.upload({
          bucket: 'hall-materials',
          buffer: bytes,
          declaredName: name,
          maxBytes: 1024 * 1024,
          allowedTypes: [type],
          ownerPrefix: `applications/${randomUUID()}`,
        });
        return {
          bucket: stored.bucket,
          key: stored.key,
          name,
          sha256: stored.sha256,
          contentType: stored.contentType,
          size: stored.size,
        };
      };
      const p = accepted(s, {
        materials: [
          {
            materialId: 'id-card',
            name: '身份证明',
            source: 'upload',
            files: [await put(pdf, '身份证.pdf', 'application/pdf')],
          },
          {
            materialId: 'site-photo',
            name: '经营场所照片',
            source: 'upload',
            files: [await put(png, '场所.png', 'image/png')],
          },
        ],
      });
      await publish(h, ApplicationAccepted, p);
      no = p.applicationNo;
      const res = await request(h.url)
        .get(`/api/approval/cases/${no}/materials`)
        .set('authorization', `Bearer ${await h.tokenFor('approver.market')}`);
      expect(res.status).toBe(200);
      body = JSON.stringify(res.body);
      files = (
        res.body as { materials: Array<{ files: Array<{ name: string; sha256: string; url: string }> }> }
      ).materials.flatMap((m) => m.files);
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    it('the listing names no storage endpoint, only approval routes', () => {
      const storeHost = new URL(h.storageServer?.endpoint ?? 'http://unset').host;
      expect(body).not.toContain(storeHost);
      expect(body).not.toContain('X-Amz-');
      expect(body).not.toContain('hall-materials');
      expect(files).toHaveLength(2);
      for (const f of files)
        expect(f.url).toMatch(new RegExp(`^/api/approval/cases/${no}/materials/[a-z-]+/files/[0-9a-f]{64}$`));
    });

    it('the route serves the stored bytes as an attachment to the officer; nobody else', async () => {
      for (const [f, bytes, type] of [
        [files[0], pdf, 'application/pdf'],
        [files[1], png, 'image/png'],
      ] as const) {
        if (!f) throw new Error('no file');
        const res = await request(h.url)
          .get(f.url)
          .set('authorization', `Bearer ${await h.tokenFor('approver.market')}`)
          .buffer(true)
          .parse(binaryParser);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe(type);
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['cache-control']).toContain('no-store');
        expect((res.body as Buffer).equals(bytes)).toBe(true);
      }
      const first = files[0];
      if (!first) throw new Error('no file');
      expect((await request(h.url).get(first.url)).status).toBe(401);
      const outsider = await request(h.url)
        .get(first.url)
        .set('authorization', `Bearer ${await h.tokenFor('approver.market.xihu')}`);
      expect(outsider.status).toBe(404);
      expect(JSON.stringify(outsider.body)).not.toContain(first.sha256);
      const wrongFile = await request(h.url)
        .get(first.url.replace(/[0-9a-f]{64}$/, '0'.repeat(64)))
        .set('authorization', `Bearer ${await h.tokenFor('approver.market')}`);
      expect(wrongFile.status).toBe(404);
    });
  },
);
