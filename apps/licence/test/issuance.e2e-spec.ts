import { LT, Topics } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { developmentPiiKeyring, PII_CIPHERTEXT_PATTERN, PiiCipher, revealPii } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { parseLicenceIdentifier } from '../src/identifier/licence-identifier.js';
import { licenceService } from '../src/index.js';
import { canonicalJson } from '../src/signing/canonical-json.js';
import { sm2Verify } from '../src/signing/sm2.js';
import {
  decision,
  eventsOf,
  FOOD_LICENCES,
  HOLDERS,
  implementationSnapshot,
  ISSUERS,
  publishDecision,
  publishImplementation,
} from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();
/** The test runtime's keyring: the holder code is stored encrypted (the directory record's copy too). */
const pii = new PiiCipher(developmentPiiKeyring());

interface Row {
  identifier: string;
  type_code: string;
  serial: string;
  record: Record<string, unknown>;
  signature: string;
  key_id: string;
  status: string;
  valid_until: Date | null;
  holder_id_number: string;
}

describe.each(kinds)('licence issuance on %s', (kind) => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const rowsOf = (applicationNo: string) =>
    h.database.db.sql.query<Row>('SELECT * FROM licence WHERE application_no = $1 ORDER BY type_code', [
      applicationNo,
    ]);

  it('keeps licence types from published implementations', async () => {
    await publishImplementation(h, implementationSnapshot());
    const res = await request(h.url).get('/api/licence/types');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: LT.JY,
          name: '食品经营许可证',
          validityMonths: 60,
          fields: ['经营场所', '主体业态', '经营项目'],
          issuer: ISSUERS.xihuMarket,
          template: 'standard',
        }),
        expect.objectContaining({ code: LT.PHS, validityMonths: 0 }),
      ]),
    );
  });

  it('fills every field of a type with field specs: form data, holder, catalog and computed values (许可证编号, 有效期)', async () => {
    const spec = {
      licenceTypeCode: 'JYS',
      name: '食品经营许可证',
      validityMonths: 60,
      fields: [
        { label: '经营者名称', source: 'holder' as const, key: 'name', required: true },
        { label: '经营场所', source: 'form' as const, key: 'premises', required: true },
        { label: '经营项目', source: 'form' as const, key: 'items', required: true },
        { label: '许可证编号', source: 'computed' as const, key: 'licenceNumber', required: true },
        { label: '有效期', source: 'computed' as const, key: 'validity', required: true },
        { label: '日常监督管理机构', source: 'catalog' as const, key: 'issuer', required: true },
        { label: '备注', source: 'form' as const, key: 'remark', required: false },
      ],
    };
    const d = decision({
      licences: [spec],
      formData: { premises: '杭州市西湖区文三路100号', items: ['热食类食品制售', '冷食类食品制售'] },
    });
    await publishDecision(h, d);
    const [row] = await rowsOf(d.applicationNo);
    if (!row) throw new Error('not issued');
    const fields = (revealPii(pii, row.record) as { fields: Array<{ label: string; value: string }> }).fields;
    expect(fields).toEqual([
      { label: '经营者名称', value: HOLDERS.xihuTech.name },
      { label: '经营场所', value: '杭州市西湖区文三路100号' },
      { label: '经营项目', value: '热食类食品制售、冷食类食品制售' },
      { label: '许可证编号', value: row.identifier },
      {
        label: '有效期',
        value: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日$/),
      },
      { label: '日常监督管理机构', value: ISSUERS.xihuMarket.name },
      { label: '备注', value: '' },
    ]);
  });

  it('issues one signed licence per licence type of an approving decision, with its event', async () => {
    const d = decision();
    await publishDecision(h, d);
    const rows = await rowsOf(d.applicationNo);
    expect(rows.map((r) => r.type_code)).toEqual([LT.JY, LT.PHS]);
    const keys = (await request(h.url).get('/api/licence/keys')).body.keys as Array<{
      kid: string;
      publicKey: string;
      issuerUscc: string;
    }>;
    for (const r of rows) {
      const id = parseLicenceIdentifier(r.identifier);
      expect(id).toMatchObject({
        ok: true,
        parts: { typeCode: r.type_code, issuerUscc: ISSUERS.xihuMarket.uscc, version: 1 },
      });
      expect(r.status).toBe('valid');
      expect(r.holder_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
      expect(pii.decrypt(r.holder_id_number)).toBe(HOLDERS.xihuTech.idNumber);
      expect((r.record as { holder: { code: string } }).holder.code).toMatch(PII_CIPHERTEXT_PATTERN);
      const key = keys.find((k) => k.kid === r.key_id);
      expect(key?.issuerUscc).toBe(ISSUERS.xihuMarket.uscc);
      expect(sm2Verify(canonicalJson(revealPii(pii, r.record)), r.signature, key?.publicKey ?? '')).toBe(
        true,
      );
    }
    const fbl = rows[0];
    expect(revealPii(pii, fbl?.record)).toMatchObject({
      name: '食品经营许可证',
      holder: { name: HOLDERS.xihuTech.name, code: HOLDERS.xihuTech.idNumber, codeType: 'USCC' },
      issuer: { name: ISSUERS.xihuMarket.name, code: ISSUERS.xihuMarket.uscc },
      jurisdiction: '330106',
      fields: [
        { label: '经营场所', value: '杭州市西湖区文三路100号' },
        { label: '主体业态', value: '餐饮服务经营者' },
        { label: '经营项目', value: '热食类食品制售、冷食类食品制售' },
      ],
    });
    expect(fbl?.valid_until).not.toBeNull();
    expect(rows[1]?.valid_until).toBeNull(); // validityMonths 0 = 长期
    const issued = (await eventsOf(h, Topics.licence, 'licence.issued')).filter(
      (e) => e.payload['applicationNo'] === d.applicationNo,
    );
    expect(issued.map((e) => e.key).sort()).toEqual(rows.map((r) => r.identifier).sort());
    // On the broker the holder code is sealed (personal data of event payloads); opened, it is the holder's.
    expect(issued[0]?.payload).toMatchObject({
      issuerUscc: ISSUERS.xihuMarket.uscc,
      departmentCode: 'market-regulation',
      holderIdNumber: expect.stringMatching(PII_CIPHERTEXT_PATTERN),
    });
    expect(pii.decrypt(String(issued[0]?.payload['holderIdNumber']))).toBe(HOLDERS.xihuTech.idNumber);
  });

  it('numbers serials per issuer and type', async () => {
    const a = decision({
      licences: [{ licenceTypeCode: 'SRL', name: '序号测试证', validityMonths: 12, fields: [] }],
    });
    const b = decision({ licences: a.licences });
    const c = decision({ licences: a.licences, issuer: ISSUERS.hangzhouHealth });
    await publishDecision(h, a);
    await publishDecision(h, b);
    await publishDecision(h, c);
    expect((await rowsOf(a.applicationNo))[0]?.serial).toBe('00000001');
    expect((await rowsOf(b.applicationNo))[0]?.serial).toBe('00000002');
    expect((await rowsOf(c.applicationNo))[0]?.serial).toBe('00000001');
  });

  it("issues each licence of a 多证联办 decision by the body the catalog names for it, signed with that body's key", async () => {
    const fire = {
      licenceTypeCode: 'FSC',
      name: '公众聚集场所投入使用、营业前消防安全检查合格证',
      validityMonths: 0,
      fields: ['经营场所'],
      issuingBody: ISSUERS.xihuFire,
    };
    await publishImplementation(h, implementationSnapshot({ results: [...FOOD_LICENCES, fire] }));
    const d = decision({ licences: [...FOOD_LICENCES, fire] });
    await publishDecision(h, d);
    const rows = await rowsOf(d.applicationNo);
    expect(rows.map((r) => r.type_code)).toEqual([LT.JY, LT.PHS, 'FSC']);
    const keys = (await request(h.url).get('/api/licence/keys')).body.keys as Array<{
      kid: string;
      publicKey: string;
      issuerUscc: string;
    }>;
    for (const r of rows) {
      const issuer = r.type_code === 'FSC' ? ISSUERS.xihuFire : ISSUERS.xihuMarket;
      expect(parseLicenceIdentifier(r.identifier)).toMatchObject({
        ok: true,
        parts: { issuerUscc: issuer.uscc },
      });
      expect(revealPii(pii, r.record)).toMatchObject({ issuer: { name: issuer.name, code: issuer.uscc } });
      const key = keys.find((k) => k.kid === r.key_id);
      expect(key?.issuerUscc).toBe(issuer.uscc);
      expect(sm2Verify(canonicalJson(revealPii(pii, r.record)), r.signature, key?.publicKey ?? '')).toBe(
        true,
      );
    }
    const fsc = rows.find((r) => r.type_code === 'FSC');
    const [dept] = await h.database.db.sql.query<{ department_code: string }>(
      'SELECT department_code FROM licence WHERE identifier = $1',
      [fsc?.identifier],
    );
    expect(dept?.department_code).toBe('fire-rescue');
    // Public verification names the fire-rescue department and checks its key.
    const verified = await request(h.url).get(
      `/api/licence/verify/${encodeURIComponent(fsc?.identifier ?? '')}`,
    );
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      result: 'genuine',
      valid: true,
      licence: { issuer: { name: ISSUERS.xihuFire.name, uscc: ISSUERS.xihuFire.uscc } },
    });
    // The licence type is the fire department's too.
    const types = (await request(h.url).get('/api/licence/types')).body.items as Array<{
      code: string;
      issuer: { uscc: string };
    }>;
    expect(types.find((t) => t.code === 'FSC')?.issuer.uscc).toBe(ISSUERS.xihuFire.uscc);
  });

  it('never issues twice: a replayed event or a re-sent decision changes nothing', async () => {
    const d = decision();
    const eventId = await publishDecision(h, d);
    await publishDecision(h, d, eventId); // the same event again (redelivery)
    await publishDecision(h, d); // the same decision as a new event
    expect(await rowsOf(d.applicationNo)).toHaveLength(2);
    const issued = (await eventsOf(h, Topics.licence, 'licence.issued')).filter(
      (e) => e.payload['applicationNo'] === d.applicationNo,
    );
    expect(issued).toHaveLength(2);
  });

  it('issues nothing for a denied decision', async () => {
    const d = decision({ outcome: 'denied', licences: [] });
    await publishDecision(h, d);
    const d2 = decision({ outcome: 'denied' });
    await publishDecision(h, d2);
    expect(await rowsOf(d.applicationNo)).toHaveLength(0);
    expect(await rowsOf(d2.applicationNo)).toHaveLength(0);
  });

  it('publishes public keys only, one active key per issuer, and rotates them', async () => {
    const res = await request(h.url).get('/api/licence/keys');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/private/i);
    const xihu = (
      res.body.keys as Array<{ kid: string; issuerUscc: string; status: string; publicKeyPem: string }>
    ).filter((k) => k.issuerUscc === ISSUERS.xihuMarket.uscc);
    expect(xihu).toHaveLength(1);
    expect(xihu[0]?.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const admin = await h.tokenFor('admin');
    const denied = await request(h.url)
      .post(`/api/licence/keys/${ISSUERS.xihuMarket.uscc}/rotate`)
      .set('authorization', `Bearer ${await h.tokenFor('approver.market')}`);
    expect(denied.status).toBe(403);
    const rotated = await request(h.url)
      .post(`/api/licence/keys/${ISSUERS.xihuMarket.uscc}/rotate`)
      .set('authorization', `Bearer ${admin}`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.kid).not.toBe(xihu[0]?.kid);
    const after = (await request(h.url).get('/api/licence/keys').query({ issuer: ISSUERS.xihuMarket.uscc }))
      .body.keys as Array<{ kid: string; status: string }>;
    expect(after.map((k) => [k.kid, k.status])).toEqual([
      [xihu[0]?.kid, 'retired'],
      [rotated.body.kid, 'active'],
    ]);
    const d = decision({
      licences: [{ licenceTypeCode: 'ROT', name: '轮换测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, d);
    expect((await rowsOf(d.applicationNo))[0]?.key_id).toBe(rotated.body.kid);
  });

  it('never signs with a key revoked or retired elsewhere, though this process keeps it unsealed', async () => {
    // Another instance revokes the issuer's key (only the table changes: this process still holds the key
    // unsealed); the next decision reads the key's state with its licences and signs with a new key.
    const first = decision({
      licences: [{ licenceTypeCode: 'REV', name: '吊销测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, first);
    const revokedKid = (await rowsOf(first.applicationNo))[0]?.key_id;
    expect(revokedKid).toBeDefined();
    await h.database.db.sql.query(
      `UPDATE signing_key SET status = 'revoked', retired_at = now() WHERE kid = $1`,
      [revokedKid],
    );
    const second = decision({
      licences: [{ licenceTypeCode: 'REV', name: '吊销测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, second);
    const secondKid = (await rowsOf(second.applicationNo))[0]?.key_id;
    expect(secondKid).toBeDefined();
    expect(secondKid).not.toBe(revokedKid);
    // The same for a rotation made elsewhere (the new key made there is used, no third key is made here).
    const made = await h.database.db.sql.query<{ kid: string }>(
      `UPDATE signing_key SET status = 'retired', retired_at = now() WHERE kid = $1 RETURNING kid`,
      [secondKid],
    );
    expect(made).toHaveLength(1);
    const third = decision({
      licences: [{ licenceTypeCode: 'REV', name: '吊销测试证', validityMonths: 0, fields: [] }],
    });
    await publishDecision(h, third);
    const thirdKid = (await rowsOf(third.applicationNo))[0]?.key_id;
    expect([revokedKid, secondKid]).not.toContain(thirdKid);
    const active = await h.database.db.sql.query<{ kid: string }>(
      `SELECT kid FROM signing_key WHERE issuer_uscc = (SELECT issuer_uscc FROM signing_key WHERE kid = $1)
         AND status = 'active'`,
      [revokedKid],
    );
    expect(active.map((k) => k.kid)).toEqual([thirdKid]);
  });
});
