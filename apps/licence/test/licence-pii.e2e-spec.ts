/**
 * Personal data at rest in the licence service (issue 10, item 13): the holder code of a natural person's licence
 * (居民身份证号码) is stored only as a `pii:<keyId>:…` ciphertext — in its column and in the signed directory record —
 * with a blind index; the holder's wallet finds it, the holder sees it in clear, the public verification stays masked
 * and genuine (its signature is over the plaintext record), and a plaintext row is encrypted by the startup backfill.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { developmentPiiKeyring, PII_CIPHERTEXT_PATTERN, PiiCipher } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { licenceService } from '../src/index.js';
import { LicenceStore } from '../src/licence.store.js';
import {
  decision,
  HOLDERS,
  implementationSnapshot,
  publishDecision,
  publishImplementation,
} from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();
const ID = HOLDERS.zhangsan.idNumber;

describe.each(kinds)('licence: holder codes encrypted at rest on %s', (kind) => {
  let h: ServiceHarness;
  let identifiers: string[];
  const cipher = new PiiCipher(developmentPiiKeyring());
  const rows = (applicationNo: string) =>
    h.database.db.sql.query<{
      identifier: string;
      holder_id_number: string;
      holder_id_number_bidx: string;
      record: { holder: { code: string } };
      row_text: string;
    }>(
      'SELECT identifier, holder_id_number, holder_id_number_bidx, record, l::text AS row_text FROM licence l WHERE application_no = $1',
      [applicationNo],
    );

  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    await publishImplementation(h, implementationSnapshot());
    const d = decision({ holder: HOLDERS.zhangsan });
    await publishDecision(h, d);
    const stored = await rows(d.applicationNo);
    identifiers = stored.map((r) => r.identifier);
    expect(identifiers.length).toBeGreaterThan(0);
    for (const r of stored) {
      expect(r.holder_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
      expect(r.record.holder.code).toMatch(PII_CIPHERTEXT_PATTERN);
      expect(r.holder_id_number_bidx).toBe(cipher.blindIndex('idNumber', ID));
      expect(r.row_text).not.toContain(ID);
    }
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("the holder's wallet finds the licences by blind index; the holder sees the code in clear, others do not find them", async () => {
    const mine = await request(h.url)
      .get('/api/licence/licences')
      .query({ mine: 1 })
      .set('authorization', `Bearer ${await h.tokenFor('zhangsan')}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { identifier: string }) => i.identifier).sort()).toEqual(
      [...identifiers].sort(),
    );
    expect(mine.body.items[0].holder).toMatchObject({ idNumber: ID });
    const other = await request(h.url)
      .get('/api/licence/licences')
      .query({ mine: 1 })
      .set('authorization', `Bearer ${await h.tokenFor('lisi')}`);
    expect(other.body.items.map((i: { identifier: string }) => i.identifier)).not.toContain(identifiers[0]);
  });

  it('public verification stays genuine (signature over the plaintext record) and masked', async () => {
    const res = await request(h.url).get(`/api/licence/verify/${identifiers[0]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 'genuine', valid: true });
    expect(JSON.stringify(res.body)).not.toContain(ID);
    expect(JSON.stringify(res.body)).not.toContain('pii:');
  });

  it('a plaintext row from before encryption is encrypted by the startup backfill, once', async () => {
    const id = identifiers[0] ?? '';
    await h.database.db.sql.query(
      `UPDATE licence SET holder_id_number = $2, holder_id_number_bidx = NULL, record = jsonb_set(record, '{holder,code}', to_jsonb($2::text)) WHERE identifier = $1`,
      [id, ID],
    );
    const store = h.app.get(LicenceStore);
    expect(await store.encryptPlaintextRows()).toBe(1);
    expect(await store.encryptPlaintextRows()).toBe(0);
    const [r] = await h.database.db.sql.query<{
      identifier: string;
      holder_id_number: string;
      holder_id_number_bidx: string;
      row_text: string;
    }>(
      'SELECT identifier, holder_id_number, holder_id_number_bidx, l::text AS row_text FROM licence l WHERE identifier = $1',
      [id],
    );
    expect(r?.holder_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r?.holder_id_number_bidx).toBe(cipher.blindIndex('idNumber', ID));
    expect(r?.row_text).not.toContain(ID);
    expect((await request(h.url).get(`/api/licence/verify/${id}`)).body).toMatchObject({ result: 'genuine' });
  });
});
