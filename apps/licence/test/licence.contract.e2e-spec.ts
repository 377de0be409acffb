/**
 * The licence service keeps its HTTP contract (libs/contracts/src/licence/licence-api.ts): every route is called
 * over HTTP on an embedded service and its answer parsed with the contract's response schema, strictly (a field
 * the contract does not name fails too). A server change the contract (and so the web) does not know about fails
 * here; a contract change the server does not follow fails here.
 */
import {
  LicenceAccessLog,
  LicenceChanged,
  LicenceDetail,
  LicencePage,
  LicenceResigned,
  LicenceStatusChanged,
  LicenceTypeList,
  LicenceView,
  PublishedKey,
  PublishedKeys,
  ResolvedShare,
  RevokedKey,
  LT,
  ShareGrant,
  ShareRevoked,
  VerificationResult,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import { checkContract, type ServiceHarness, startServiceForTest } from '@hall/platform/testing';
import request from 'supertest';
import { licenceService } from '../src/index.js';
import type { ManualClock } from '@hall/calendar';
import { LICENCE_CLOCK } from '../src/licence.clock.js';
import { LicenceStore } from '../src/licence.store.js';
import {
  applicationNo,
  decision,
  HOLDERS,
  implementationSnapshot,
  ISSUERS,
  publishDecision,
  publishImplementation,
} from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();

const contract = checkContract;

describe.each(kinds)('licence HTTP contract on %s', (kind) => {
  let h: ServiceHarness;
  let holder: string;
  let market: string;
  let clerk: string;
  let identifier: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    [holder, market, clerk] = await Promise.all([
      h.tokenFor('xihu-tech'),
      h.tokenFor('approver.market'),
      h.tokenFor('clerk.xihu'),
    ]);
    await publishDecision(
      h,
      decision({
        holder: HOLDERS.xihuTech,
        licences: [{ licenceTypeCode: 'CTA', name: '契约测试证', validityMonths: 12, fields: ['经营场所'] }],
      }),
    );
    await publishDecision(
      h,
      decision({
        holder: HOLDERS.xihuTech,
        licences: [
          { licenceTypeCode: 'CTB', name: '契约测试长期证', validityMonths: 0, fields: ['经营场所'] },
        ],
      }),
    );
    const mine = (
      await request(h.url).get('/api/licence/licences').query({ mine: 1, type: 'CTA' }).set(auth(holder))
    ).body as { items: Array<{ identifier: string }> };
    identifier = mine.items[0]?.identifier ?? '';
  }, 60_000);
  afterAll(async () => {
    h?.app.get<ManualClock>(LICENCE_CLOCK).reset();
    await h?.close();
  });

  it('lists: the wallet and the department list, filtered, with facets', async () => {
    const wallet = await contract(
      LicencePage,
      request(h.url).get('/api/licence/licences').query({ mine: 1 }).set(auth(holder)),
    );
    expect(wallet.items.map((i) => i.typeCode)).toEqual(expect.arrayContaining(['CTA', 'CTB']));
    expect(wallet.facets.statuses).toContainEqual({ status: 'valid', label: '有效' });
    const long = wallet.items.find((i) => i.typeCode === 'CTB');
    expect(long?.validUntil).toBeNull();
    const department = await contract(
      LicencePage,
      request(h.url)
        .get('/api/licence/licences')
        .query({ type: 'CTA', status: 'valid', pageSize: 5 })
        .set(auth(market)),
    );
    expect(department).toMatchObject({
      page: 1,
      pageSize: 5,
      items: [{ identifier, typeCode: 'CTA', issuer: { uscc: ISSUERS.xihuMarket.uscc } }],
    });
    const empty = await contract(
      LicencePage,
      request(h.url).get('/api/licence/licences').query({ mine: 1, q: '不存在的证照' }).set(auth(holder)),
    );
    expect(empty).toMatchObject({ total: 0, items: [] });
  });

  it('one licence with its history, and its access log', async () => {
    const view = await contract(
      LicenceDetail,
      request(h.url).get(`/api/licence/licences/${identifier}`).set(auth(holder)),
    );
    expect(view).toMatchObject({ identifier, version: 1, status: 'valid', history: [] });
    const log = await contract(
      LicenceAccessLog,
      request(h.url).get(`/api/licence/licences/${identifier}/access-log`).set(auth(holder)),
    );
    expect(log.items.map((e) => e.action)).toContain('view');
  });

  it('shares: grant, resolve (the licence view inside), withdraw', async () => {
    const target = applicationNo();
    const grant = await contract(
      ShareGrant,
      request(h.url)
        .post('/api/licence/shares')
        .set(auth(holder))
        .send({ identifier, applicationNo: target }),
      201,
    );
    const resolved = await contract(
      ResolvedShare,
      request(h.url)
        .get(`/api/licence/shares/${grant.shareId}`)
        .query({ applicationNo: target })
        .set(auth(clerk)),
    );
    expect(resolved.licence.identifier).toBe(identifier);
    expect(
      await contract(
        ShareRevoked,
        request(h.url).delete(`/api/licence/shares/${grant.shareId}`).set(auth(holder)),
      ),
    ).toEqual({ shareId: grant.shareId, revoked: true });
  });

  it('verification: by identifier, by QR payload, and a forged payload', async () => {
    const genuine = await contract(
      VerificationResult,
      request(h.url).get(`/api/licence/verify/${identifier}`),
    );
    expect(genuine).toMatchObject({ result: 'genuine', valid: true, licence: { status: 'valid' } });
    const { qrText } = await contract(
      LicenceDetail,
      request(h.url).get(`/api/licence/licences/${identifier}`).set(auth(holder)),
    );
    expect(
      await contract(
        VerificationResult,
        request(h.url).post('/api/licence/verify').send({ payload: qrText }),
      ),
    ).toMatchObject({ result: 'genuine', identifier });
    const forged = await contract(
      VerificationResult,
      request(h.url).post('/api/licence/verify').send({ payload: 'HL1.forged.payload' }),
    );
    expect(forged).toMatchObject({ result: 'forged', valid: false, licence: null });
  });

  it('lifecycle: suspend, restore, 变更 (new version), then revoke and cancel', async () => {
    const act = (id: string, action: string, body: object) =>
      request(h.url).post(`/api/licence/licences/${id}/${action}`).set(auth(market)).send(body);
    expect(
      await contract(LicenceStatusChanged, act(identifier, 'suspend', { reason: '契约测试暂扣' })),
    ).toMatchObject({ status: 'suspended', statusLabel: '暂扣' });
    expect(
      await contract(LicenceStatusChanged, act(identifier, 'restore', { reason: '整改完成' })),
    ).toMatchObject({ status: 'valid' });
    const changed = await contract(
      LicenceChanged,
      act(identifier, 'change', { reason: '地址变更', fields: { 经营场所: '杭州市西湖区文三路102号' } }),
      201,
    );
    expect(changed).toMatchObject({ previousIdentifier: identifier, status: 'valid' });
    const old = await contract(
      LicenceDetail,
      request(h.url).get(`/api/licence/licences/${identifier}`).set(auth(market)),
    );
    expect(old).toMatchObject({ status: 'superseded', supersededBy: changed.identifier });
    expect(old.history.map((x) => x.to)).toEqual(['suspended', 'valid', 'superseded']);
    const superseded = await contract(
      VerificationResult,
      request(h.url).get(`/api/licence/verify/${identifier}`),
    );
    expect(superseded).toMatchObject({ valid: false, supersededBy: changed.identifier });
    expect(
      await contract(
        LicenceStatusChanged,
        act(changed.identifier, 'revoke', { reason: '以欺骗手段取得', penalty: true }),
      ),
    ).toMatchObject({ status: 'withdrawn' });
    const long = (
      await contract(
        LicencePage,
        request(h.url).get('/api/licence/licences').query({ type: 'CTB' }).set(auth(market)),
      )
    ).items[0];
    expect(
      await contract(LicenceStatusChanged, act(long?.identifier ?? '', 'cancel', { reason: '申请注销' })),
    ).toMatchObject({ status: 'cancelled' });
  });

  it('重新签发 after a key revocation', async () => {
    await publishDecision(
      h,
      decision({
        holder: HOLDERS.xihuTech,
        licences: [{ licenceTypeCode: 'CTC', name: '契约测试重签证', validityMonths: 12, fields: [] }],
      }),
    );
    const target = (
      await contract(
        LicencePage,
        request(h.url).get('/api/licence/licences').query({ type: 'CTC' }).set(auth(market)),
      )
    ).items[0];
    const kid = (
      await h.app
        .get(LicenceStore)
        .prisma.licence.findUniqueOrThrow({ where: { identifier: target?.identifier ?? '' } })
    ).keyId;
    const revoked = await contract(
      RevokedKey,
      request(h.url)
        .post(`/api/licence/keys/${kid}/revoke`)
        .set(auth(await h.tokenFor('admin'))),
    );
    expect(revoked).toMatchObject({ kid, status: 'revoked' });
    expect(revoked.invalidatedLicences).toBeGreaterThanOrEqual(1);
    const resigned = await contract(
      LicenceResigned,
      request(h.url)
        .post(`/api/licence/licences/${target?.identifier ?? ''}/resign`)
        .set(auth(market))
        .send({ reason: '密钥泄露后重新签发' }),
    );
    expect(resigned).toMatchObject({ identifier: target?.identifier, status: 'valid' });
    expect(resigned.keyId).not.toBe(kid);
  });

  it('licence types and signing keys (public), key rotation (admin)', async () => {
    await publishImplementation(h, implementationSnapshot());
    const types = await contract(LicenceTypeList, request(h.url).get('/api/licence/types'));
    expect(types.items).toContainEqual(
      expect.objectContaining({
        code: LT.JY,
        issuer: expect.objectContaining({ uscc: ISSUERS.xihuMarket.uscc }),
      }),
    );
    const rotated = await contract(
      PublishedKey,
      request(h.url)
        .post(`/api/licence/keys/${ISSUERS.xihuMarket.uscc}/rotate`)
        .set(auth(await h.tokenFor('admin'))),
    );
    expect(rotated).toMatchObject({ issuerUscc: ISSUERS.xihuMarket.uscc, status: 'active' });
    const keys = await contract(
      PublishedKeys,
      request(h.url).get('/api/licence/keys').query({ issuer: ISSUERS.xihuMarket.uscc }),
    );
    expect(keys.keys.map((k) => k.status)).toEqual(expect.arrayContaining(['active', 'retired']));
  });

  it('documents each response with its contract schema in the OpenAPI document', async () => {
    const doc = (await request(h.url).get('/api/licence/docs-json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<
              string,
              { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
            >;
          }
        >
      >;
    };
    const schemaOf = (path: string, method: string, status: string) =>
      doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    expect(Object.keys(schemaOf('/api/licence/licences', 'get', '200')?.properties ?? {})).toEqual(
      Object.keys(LicencePage.shape),
    );
    expect(
      Object.keys(schemaOf('/api/licence/licences/{identifier}', 'get', '200')?.properties ?? {}),
    ).toEqual(Object.keys(LicenceDetail.shape));
    expect(
      Object.keys(schemaOf('/api/licence/licences/{identifier}/change', 'post', '201')?.properties ?? {}),
    ).toEqual(Object.keys(LicenceChanged.shape));
    expect(Object.keys(schemaOf('/api/licence/shares', 'post', '201')?.properties ?? {})).toEqual(
      Object.keys(ShareGrant.shape),
    );
  });

  it('a drifted answer fails the check (a renamed field, an undeclared field)', async () => {
    const { history: _history, ...view } = await contract(
      LicenceDetail,
      request(h.url).get(`/api/licence/licences/${identifier}`).set(auth(holder)),
    );
    const { statusLabel, ...renamed } = view;
    expect(strictDeep(LicenceView).safeParse({ ...renamed, statusText: statusLabel }).success).toBe(false);
    expect(strictDeep(LicenceView).safeParse({ ...view, holderPhone: '13800000000' }).success).toBe(false);
    expect(strictDeep(LicenceView).safeParse(view).success).toBe(true);
  });
});
