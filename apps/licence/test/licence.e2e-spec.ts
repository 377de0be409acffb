import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LT, Topics } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import type { ManualClock } from '@hall/calendar';
import { licenceService } from '../src/index.js';
import { LICENCE_CLOCK } from '../src/licence.clock.js';
import { ExpiryJob } from '../src/lifecycle/expiry.job.js';
import { decodeQr, hasPoppler, pdfText, renderPage } from '../src/render/testing/poppler.js';
import { SigningKeysService } from '../src/signing/signing-keys.service.js';
import { verifyQrPayloadOffline, type VerificationKey } from '../src/verify/offline-verifier.js';
import { decodeQrPayload, encodeQrPayload } from '../src/signing/qr-payload.js';
import {
  applicationNo,
  decision,
  eventsOf,
  HOLDERS,
  ISSUERS,
  publishDecision,
  until,
} from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();
const QR_RECT = { x: 62, y: 614, w: 134, h: 134 };
const repoRoot = path.resolve(import.meta.dirname, '../../..');

interface LicenceBody {
  identifier: string;
  status: string;
  qrText: string;
  pdf: { status: string; sha256: string | null };
  validUntil: string | null;
}

describe.each(kinds)('licence service on %s', (kind) => {
  let h: ServiceHarness;
  let holder: string;
  let market: string;
  let clerk: string;
  let fbl: string; // 食品经营许可证 (60 months) of xihu-tech
  let phl: string; // 公共场所卫生许可证 (长期)
  const appNo = applicationNo();
  const tmp = mkdtempSync(path.join(tmpdir(), 'licence-e2e-'));

  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    [holder, market, clerk] = await Promise.all([
      h.tokenFor('xihu-tech'),
      h.tokenFor('approver.market'),
      h.tokenFor('clerk.xihu'),
    ]);
    await publishDecision(h, decision({ applicationNo: appNo }));
    const mine = await request(h.url)
      .get('/api/licence/licences')
      .query({ mine: 1 })
      .set('authorization', `Bearer ${holder}`);
    const items = mine.body.items as Array<{ identifier: string; typeCode: string }>;
    fbl = items.find((i) => i.typeCode === LT.JY)?.identifier ?? '';
    phl = items.find((i) => i.typeCode === LT.PHS)?.identifier ?? '';
  }, 60_000);
  afterAll(async () => {
    h?.app.get<ManualClock>(LICENCE_CLOCK).reset();
    await h?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const getLicence = async (identifier: string, token = holder) =>
    (await request(h.url).get(`/api/licence/licences/${identifier}`).set(auth(token))).body as LicenceBody;
  const rendered = (identifier: string) =>
    until(async () => {
      const l = await getLicence(identifier);
      return l.pdf.status === 'done' ? l : undefined;
    }, `rendering of ${identifier}`);
  const change = (identifier: string, action: string, body: object, token = market) =>
    request(h.url).post(`/api/licence/licences/${identifier}/${action}`).set(auth(token)).send(body);
  const verifyPayload = (payload: string) => request(h.url).post('/api/licence/verify').send({ payload });

  it("lists the holder's licences in the wallet", async () => {
    expect(fbl.startsWith(`1.2.156.3005.2.${LT.JY}.`)).toBe(true);
    expect(phl.startsWith(`1.2.156.3005.2.${LT.PHS}.`)).toBe(true);
    const other = await request(h.url)
      .get('/api/licence/licences')
      .query({ mine: 1 })
      .set(auth(await h.tokenFor('zhangsan')));
    expect(other.status).toBe(200);
    expect(other.body.items.map((i: { identifier: string }) => i.identifier)).not.toContain(fbl);
  });

  it('pages and filters the wallet (type, status, issuer, name), with the filters the holder can pick from', async () => {
    const lisi = auth(await h.tokenFor('lisi'));
    for (const code of ['PGA', 'PGB', 'PGC']) {
      await publishDecision(
        h,
        decision({
          holder: HOLDERS.lisi,
          licences: [{ licenceTypeCode: code, name: `分页测试证${code}`, validityMonths: 12, fields: [] }],
        }),
      );
    }
    const wallet = (query: Record<string, string | number>) =>
      request(h.url)
        .get('/api/licence/licences')
        .query({ mine: 1, ...query })
        .set(lisi);
    const first = await wallet({ pageSize: 2, q: '分页测试证' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.body.items).toHaveLength(2);
    const second = await wallet({ pageSize: 2, page: 2, q: '分页测试证' });
    expect(second.body.items).toHaveLength(1);
    const seen = [...first.body.items, ...second.body.items]
      .map((i: { typeCode: string }) => i.typeCode)
      .sort();
    expect(seen).toEqual(['PGA', 'PGB', 'PGC']);
    expect((await wallet({ type: 'PGB' })).body.items.map((i: { typeCode: string }) => i.typeCode)).toEqual([
      'PGB',
    ]);
    // 办件编号 finds the licence issued on that application, too.
    const [some] = first.body.items as Array<{ applicationNo: string; typeCode: string }>;
    const byNo = await wallet({ q: some?.applicationNo ?? '?' });
    expect(byNo.body.items.map((i: { typeCode: string }) => i.typeCode)).toEqual([some?.typeCode]);
    const tooLong = await wallet({ q: 'x'.repeat(81) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/\bq\b/);
    expect((await wallet({ status: 'revoked', q: '分页测试证' })).body.total).toBe(0);
    expect((await wallet({ issuer: ISSUERS.xihuMarket.uscc, q: '分页测试证' })).body.total).toBe(3);
    expect(first.body.facets.types).toEqual(expect.arrayContaining([{ code: 'PGA', name: '分页测试证PGA' }]));
    expect(first.body.facets.statuses).toEqual(expect.arrayContaining([{ status: 'valid', label: '有效' }]));
    const bad = await wallet({ pageSize: 500 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('pageSize');
  });

  (hasPoppler ? it : it.skip)(
    'renders, stores with SHA-256 and serves a PDF whose QR code verifies offline',
    async () => {
      const l = await rendered(fbl);
      const res = await request(h.url)
        .get(`/api/licence/licences/${fbl}/pdf`)
        .set(auth(holder))
        .buffer(true)
        .parse(binaryParser);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.body as Buffer;
      expect(createHash('sha256').update(pdf).digest('hex')).toBe(l.pdf.sha256);
      expect((pdfText(pdf)[0] ?? '').replace(/\s/g, '')).toContain('食品经营许可证');
      const qr = decodeQr(renderPage(pdf, 1), QR_RECT);
      expect(qr).toBe(l.qrText);
      const keys = (await request(h.url).get('/api/licence/keys')).body;
      expect(verifyQrPayloadOffline(qr ?? '', keys.keys, new Date())).toMatchObject({
        valid: true,
        genuine: true,
        claims: { i: fbl, h: '杭州********公司' },
      });
      // The CLI does the same with the keys saved to a file.
      const keysFile = path.join(tmp, 'keys.json');
      writeFileSync(keysFile, JSON.stringify(keys));
      const cli = (payload: string) =>
        spawnSync(
          process.execPath,
          [
            '--import',
            '@swc-node/register/esm-register',
            'apps/licence/src/cli/verify-licence.ts',
            '--keys',
            keysFile,
            payload,
          ],
          { cwd: repoRoot, encoding: 'utf8' },
        );
      const ok = cli(qr ?? '');
      expect(ok.status).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true });
      const forged = cli((qr ?? '').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
      expect(forged.status).toBe(1);
      expect(JSON.parse(forged.stdout)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    },
  );

  it('verifies by identifier and by QR payload, with masked holder data only', async () => {
    const byId = await request(h.url).get(`/api/licence/verify/${fbl}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      result: 'genuine',
      valid: true,
      reason: null,
      licence: {
        name: '食品经营许可证',
        status: 'valid',
        statusLabel: '有效',
        holder: { name: '杭州********公司', code: '9133**********Q168' },
        issuer: { name: ISSUERS.xihuMarket.name, uscc: ISSUERS.xihuMarket.uscc },
      },
    });
    expect(JSON.stringify(byId.body)).not.toContain(HOLDERS.xihuTech.idNumber);
    const l = await getLicence(fbl);
    expect((await verifyPayload(l.qrText)).body).toMatchObject({
      result: 'genuine',
      valid: true,
      identifier: fbl,
    });
    const wrongCheck = await request(h.url).get(
      `/api/licence/verify/${fbl.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`,
    );
    expect(wrongCheck.body).toMatchObject({ result: 'forged', valid: false, reason: 'IDENTIFIER_INVALID' });
  });

  it("calls a payload with one changed byte, or signed with another issuer's key, forged", async () => {
    const l = await getLicence(fbl);
    const decoded = decodeQrPayload(l.qrText);
    if (!decoded.ok) throw new Error('bad QR text');
    const [prefix, body = '', sig = ''] = decoded.signed.concat('.', decoded.signature).split('.');
    const json = Buffer.from(body, 'base64url');
    const at = json.indexOf('"u":"') + 8; // last digit of the valid-until year
    json[at] = json[at] === 0x39 ? 0x38 : (json[at] ?? 0x30) + 1;
    const altered = await verifyPayload(`${prefix}.${json.toString('base64url')}.${sig}`);
    expect(altered.body).toMatchObject({ result: 'forged', valid: false, reason: 'BAD_SIGNATURE' });
    const flipped = Buffer.from(sig, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 0x80;
    expect((await verifyPayload(`${prefix}.${body}.${flipped.toString('base64url')}`)).body).toMatchObject({
      result: 'forged',
      reason: 'BAD_SIGNATURE',
    });

    // Another issuer's real key (the health commission issued a licence, so it has one).
    await publishDecision(
      h,
      decision({
        issuer: ISSUERS.hangzhouHealth,
        holder: HOLDERS.zhangsan,
        licences: [{ licenceTypeCode: 'HHL', name: '健康证明', validityMonths: 12, fields: [] }],
      }),
    );
    const keys = (
      await request(h.url).get('/api/licence/keys').query({ issuer: ISSUERS.hangzhouHealth.uscc })
    ).body.keys as Array<{ kid: string }>;
    const otherKid = keys[0]?.kid ?? '';
    const signer = h.app.get(SigningKeysService);
    const claims = { ...decoded.claims, k: otherKid };
    const withOtherKey = encodeQrPayload(claims, (m) => signer.signWithKid(otherKid, m));
    expect((await verifyPayload(withOtherKey)).body).toMatchObject({
      result: 'forged',
      valid: false,
      reason: 'KEY_ISSUER_MISMATCH',
    });
    const signedWithOther = encodeQrPayload(decoded.claims, (m) => signer.signWithKid(otherKid, m));
    expect((await verifyPayload(signedWithOther)).body).toMatchObject({
      result: 'forged',
      valid: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('detects a directory record altered in the database', async () => {
    const d = decision({
      holder: HOLDERS.lisi,
      licences: [{ licenceTypeCode: 'TMP', name: '篡改测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, d);
    const [row] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1',
      [d.applicationNo],
    );
    await h.database.db.sql.query(`UPDATE licence SET holder_name = '王五' WHERE identifier = $1`, [
      row?.identifier,
    ]);
    expect((await request(h.url).get(`/api/licence/verify/${row?.identifier}`)).body).toMatchObject({
      result: 'forged',
      valid: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('binds every field into the QR: a changed field is caught online (QR scan) and offline (with the licence data)', async () => {
    const d = decision({ holder: HOLDERS.zhangsan });
    await publishDecision(h, d);
    const [row] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1 AND type_code = $2',
      [d.applicationNo, LT.JY],
    );
    const identifier = row?.identifier ?? '';
    const l = (
      await request(h.url)
        .get(`/api/licence/licences/${identifier}`)
        .set('authorization', `Bearer ${await h.tokenFor('zhangsan')}`)
    ).body as {
      qrText: string;
      qrRecord: {
        identifier: string;
        holder: { code: string };
        fields: Array<{ label: string; value: string }>;
      };
    };
    const decoded = decodeQrPayload(l.qrText);
    if (!decoded.ok) throw new Error('bad QR text');
    expect(decoded.claims.d).toMatch(/^[0-9a-f]{64}$/);
    // The QR-bound record never carries the full ID number.
    expect(l.qrRecord.holder.code).toBe('3301**********1230');
    expect(JSON.stringify(l.qrRecord)).not.toContain(HOLDERS.zhangsan.idNumber);
    const keys = (await request(h.url).get('/api/licence/keys')).body.keys as VerificationKey[];
    const offline = (record: unknown) => verifyQrPayloadOffline(l.qrText, keys, new Date(), record);
    expect(offline(l.qrRecord)).toMatchObject({ valid: true, genuine: true });
    const changed = structuredClone(l.qrRecord);
    const [first] = changed.fields;
    if (!first) throw new Error('no fields');
    first.value = `${first.value}（扩建）`;
    expect(offline(changed)).toMatchObject({ valid: false, genuine: false, reason: 'RECORD_MISMATCH' });
    // Online: the QR still scans genuine while the row is intact; a field changed in the database no longer matches.
    expect((await verifyPayload(l.qrText)).body).toMatchObject({ result: 'genuine', valid: true });
    await h.database.db.sql.query(`UPDATE licence SET fields = $1::jsonb WHERE identifier = $2`, [
      JSON.stringify(changed.fields),
      identifier,
    ]);
    expect((await verifyPayload(l.qrText)).body).toMatchObject({
      result: 'forged',
      valid: false,
      reason: 'RECORD_MISMATCH',
    });
  });

  it('suspends and restores with a reason; verification reflects it at once; events are emitted', async () => {
    const noReason = await change(fbl, 'suspend', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason');
    const suspended = await change(fbl, 'suspend', { reason: '存在重大食品安全隐患，责令停业整改' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', statusLabel: '暂扣' });
    expect((await request(h.url).get(`/api/licence/verify/${fbl}`)).body).toMatchObject({
      result: 'genuine',
      valid: false,
      reason: 'SUSPENDED',
      licence: { status: 'suspended' },
    });
    const again = await change(fbl, 'suspend', { reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LICENCE_STATUS_CONFLICT');
    expect((await change(fbl, 'restore', { reason: '整改完成' })).body).toMatchObject({ status: 'valid' });
    expect((await verifyPayload((await getLicence(fbl)).qrText)).body).toMatchObject({ valid: true });
    const events = (await eventsOf(h, Topics.licence)).filter((e) => e.key === fbl).map((e) => e.type);
    expect(events).toEqual(['licence.issued', 'licence.suspended', 'licence.restored']);
    const detail = await request(h.url).get(`/api/licence/licences/${fbl}`).set(auth(holder));
    expect(detail.body.history).toEqual([
      expect.objectContaining({
        from: 'valid',
        to: 'suspended',
        reason: '存在重大食品安全隐患，责令停业整改',
        by: '陈明',
      }),
      expect.objectContaining({ from: 'suspended', to: 'valid', reason: '整改完成' }),
    ]);
  });

  it('shares a licence for one application: scope, watermark on every page, expiry, access log', async () => {
    const target = applicationNo();
    const created = await request(h.url)
      .post('/api/licence/shares')
      .set(auth(holder))
      .send({ identifier: fbl, applicationNo: target });
    expect(created.status).toBe(201);
    const { shareId, expiresAt, watermark } = created.body as {
      shareId: string;
      expiresAt: string;
      watermark: string;
    };
    expect(watermark).toMatch(/^仅供办理政务服务事项时使用，有效期至\d{4}年\d{1,2}月\d{1,2}日$/);
    const resolved = await request(h.url)
      .get(`/api/licence/shares/${shareId}`)
      .query({ applicationNo: target })
      .set(auth(clerk));
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      shareId,
      applicationNo: target,
      expiresAt,
      licence: { identifier: fbl, name: '食品经营许可证', status: 'valid' },
    });
    const wrongScope = await request(h.url)
      .get(`/api/licence/shares/${shareId}`)
      .query({ applicationNo: applicationNo() })
      .set(auth(clerk));
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.body.code).toBe('SHARE_SCOPE_MISMATCH');
    if (hasPoppler) {
      const copy = await request(h.url)
        .get(`/api/licence/shares/${shareId}/pdf`)
        .query({ applicationNo: target })
        .set(auth(clerk))
        .buffer(true)
        .parse(binaryParser);
      expect(copy.status).toBe(200);
      const pages = pdfText(copy.body as Buffer);
      expect(pages.length).toBeGreaterThanOrEqual(1);
      for (const p of pages) expect(p.replace(/\s/g, '')).toContain(watermark);
    }
    const clock = h.app.get<ManualClock>(LICENCE_CLOCK);
    clock.set(new Date(Date.parse(expiresAt) + 1000));
    try {
      const late = await request(h.url)
        .get(`/api/licence/shares/${shareId}`)
        .query({ applicationNo: target })
        .set(auth(clerk));
      expect(late.status).toBe(410);
      expect(late.body.code).toBe('SHARE_EXPIRED');
    } finally {
      clock.reset();
    }
    const log = await request(h.url).get(`/api/licence/licences/${fbl}/access-log`).set(auth(holder));
    const actions = (log.body.items as Array<{ action: string; actor: string }>).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['view', 'share-create', 'share-view']));
    expect(log.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'share-view', actor: '刘洋' })]),
    );
  });

  it('expires licences whose validity ended (scheduled job, injectable clock); long-term ones stay valid', async () => {
    const l = await getLicence(fbl);
    const clock = h.app.get<ManualClock>(LICENCE_CLOCK);
    clock.set(new Date(Date.parse(l.validUntil ?? '') + 60_000));
    try {
      const expired = await h.app.get(ExpiryJob).runOnce();
      expect(expired).toContain(fbl);
      expect(expired).not.toContain(phl);
      expect((await request(h.url).get(`/api/licence/verify/${fbl}`)).body).toMatchObject({
        result: 'genuine',
        valid: false,
        reason: 'EXPIRED',
        licence: { status: 'expired', statusLabel: '失效' },
      });
      expect((await request(h.url).get(`/api/licence/verify/${phl}`)).body).toMatchObject({ valid: true });
      expect(await h.app.get(ExpiryJob).runOnce()).toEqual([]);
    } finally {
      clock.reset();
    }
    const events = (await eventsOf(h, Topics.licence, 'licence.expired')).filter((e) => e.key === fbl);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ reason: '有效期届满', actor: { userId: 'system' } });
  });

  it('revokes (撤销) and cancels (注销); a revoked licence verifies as not valid, with the reason', async () => {
    const l = await getLicence(phl);
    const revoked = await change(phl, 'revoke', { reason: '以欺骗手段取得许可' });
    expect(revoked.body).toMatchObject({ status: 'revoked', statusLabel: '撤销' });
    expect((await request(h.url).get(`/api/licence/verify/${phl}`)).body).toMatchObject({
      result: 'genuine',
      valid: false,
      reason: 'REVOKED',
      message: '证照已撤销',
    });
    expect((await verifyPayload(l.qrText)).body).toMatchObject({
      result: 'genuine',
      valid: false,
      reason: 'REVOKED',
    });
    const cancel = await change(phl, 'cancel', { reason: '申请注销' });
    expect(cancel.status).toBe(409);
    const share = await request(h.url)
      .post('/api/licence/shares')
      .set(auth(holder))
      .send({ identifier: phl, applicationNo: applicationNo() });
    expect(share.status).toBe(409);
    const other = decision({
      licences: [{ licenceTypeCode: 'CNL', name: '注销测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, other);
    const [row] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1',
      [other.applicationNo],
    );
    expect((await change(row?.identifier ?? '', 'cancel', { reason: '企业申请注销' })).body).toMatchObject({
      status: 'cancelled',
      statusLabel: '注销',
    });
    expect((await change(row?.identifier ?? '', 'revoke', { reason: 'x', penalty: true })).status).toBe(409);
    const penalty = decision({
      licences: [{ licenceTypeCode: 'PEN', name: '吊销测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, penalty);
    const [p] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1',
      [penalty.applicationNo],
    );
    expect(
      (await change(p?.identifier ?? '', 'revoke', { reason: '严重违法，吊销许可证', penalty: true })).body,
    ).toMatchObject({ status: 'withdrawn', statusLabel: '吊销' });
    expect((await request(h.url).get(`/api/licence/verify/${p?.identifier}`)).body).toMatchObject({
      valid: false,
      reason: 'WITHDRAWN',
    });
  });
});
