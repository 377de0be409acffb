/**
 * Personal data at rest (issue 10, item 13): after a real submit over HTTP the application row holds no ID or phone
 * number in clear — only `pii:<keyId>:…` AES-256-GCM ciphertexts and HMAC blind indexes — while the owner's API view
 * is unchanged and the window finds the applicant by ID number through the blind index. A plaintext row from before
 * encryption is encrypted by the startup backfill; a wrong key fails closed.
 */
import { randomBytes } from 'node:crypto';
import { testDatabaseKinds } from '@hall/persistence';
import { developmentPiiKeyring, PII_CIPHERTEXT_PATTERN, PiiCipher, PiiDecryptionError } from '@hall/platform';
import { IntakeStore } from '../src/intake.store.js';
import { LicenceIssued } from '@hall/contracts';
import {
  foodSnapshot,
  LISI_ID,
  ownLicence,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  ZHANGSAN_ID,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

const CONTACT_PHONE = '13912345678';
const POST_PHONE = '13788889999';

interface Row {
  applicant_id_number: string;
  applicant_phone: string | null;
  applicant_id_number_bidx: string | null;
  applicant_phone_bidx: string | null;
  delivery_address: { phone: string; recipient: string } | null;
  row_text: string;
}

describe.each(kinds)('intake: ID and phone numbers encrypted at rest on %s', (kind) => {
  let h: IntakeHarness;
  let no: string;
  const snapshot = foodSnapshot();
  const cipher = new PiiCipher(developmentPiiKeyring());
  const row = async (applicationNo: string): Promise<Row> => {
    const [r] = await h.database.db.sql.query<Row>(
      `SELECT applicant_id_number, applicant_phone, applicant_id_number_bidx, applicant_phone_bidx, delivery_address, a::text AS row_text
         FROM application a WHERE no = $1`,
      [applicationNo],
    );
    if (!r) throw new Error(`no row ${applicationNo}`);
    return r;
  };

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
    no = await submitApplication(h, 'zhangsan', {
      extra: {
        contact: { phone: CONTACT_PHONE },
        delivery: {
          method: 'post',
          address: { recipient: '张三', phone: POST_PHONE, address: '杭州市西湖区文三路 1 号' },
        },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the stored row holds ciphertexts with the key id and blind indexes, never the numbers', async () => {
    const r = await row(no);
    expect(r.applicant_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r.applicant_id_number.startsWith('pii:dev1:')).toBe(true);
    expect(r.applicant_phone).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r.delivery_address?.phone).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r.delivery_address?.recipient).toBe('张三');
    for (const secret of [ZHANGSAN_ID, CONTACT_PHONE, POST_PHONE]) expect(r.row_text).not.toContain(secret);
    expect(r.applicant_id_number_bidx).toBe(cipher.blindIndex('idNumber', ZHANGSAN_ID));
    expect(r.applicant_phone_bidx).toBe(cipher.blindIndex('phone', CONTACT_PHONE));
    expect(cipher.decrypt(r.applicant_id_number)).toBe(ZHANGSAN_ID);
  });

  it('the owner still sees their own numbers; the API shape is unchanged', async () => {
    const res = await h.api.get('zhangsan', `/applications/${no}`);
    expect(res.status).toBe(200);
    expect(res.body.applicant).toMatchObject({
      idType: 'ID_CARD',
      idNumber: ZHANGSAN_ID,
      phone: CONTACT_PHONE,
    });
    expect(res.body.delivery.address).toMatchObject({ recipient: '张三', phone: POST_PHONE });
  });

  it('the window looks an applicant up by ID number through the blind index (normalised input)', async () => {
    const lisiNo = await submitApplication(h, 'lisi');
    const found = await h.api.get('clerk.xihu', '/applications', {
      queue: '1',
      applicantIdNumber: ZHANGSAN_ID,
    });
    expect(found.status).toBe(200);
    const nos = found.body.items.map((a: { no: string }) => a.no);
    expect(nos).toContain(no);
    expect(nos).not.toContain(lisiNo);
    // 居民身份证号码 with a lower-case check letter is the same number.
    const lisi = await h.api.get('clerk.xihu', '/applications', {
      queue: '1',
      applicantIdNumber: LISI_ID.toLowerCase(),
    });
    expect(lisi.body.items.map((a: { no: string }) => a.no)).toEqual([lisiNo]);
    const nobody = await h.api.get('clerk.xihu', '/applications', {
      queue: '1',
      applicantIdNumber: '110105194912310038',
    });
    expect(nobody.body).toMatchObject({ total: 0, items: [] });
    // Only the window queue is searchable by ID number.
    const own = await h.api.get('zhangsan', '/applications', { applicantIdNumber: LISI_ID });
    expect(own.status).toBe(400);
    expect(own.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('applicantIdNumber'),
    });
  });

  it("the e-licence read model keeps the holder code encrypted; the wallet finds the holder's licences by blind index", async () => {
    const own = ownLicence(ZHANGSAN_ID, 'BL', '901');
    const others = ownLicence(LISI_ID, 'BL', '902');
    for (const p of [own, others]) await publishEvent(h, LicenceIssued, p);
    const [r] = await h.database.db.sql.query<{
      holder_id_number: string;
      holder_id_number_bidx: string;
      row_text: string;
    }>(
      'SELECT holder_id_number, holder_id_number_bidx, l::text AS row_text FROM licence_holding l WHERE identifier = $1',
      [own.identifier],
    );
    expect(r?.holder_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r?.holder_id_number_bidx).toBe(cipher.blindIndex('idNumber', ZHANGSAN_ID));
    expect(r?.row_text).not.toContain(ZHANGSAN_ID);
    const wallet = await h.api.get('zhangsan', '/licences');
    expect(wallet.status).toBe(200);
    const ids = wallet.body.items.map((i: { identifier: string }) => i.identifier);
    expect(ids).toContain(own.identifier);
    expect(ids).not.toContain(others.identifier);
  });

  it('a plaintext row from before encryption is encrypted by the startup backfill, once', async () => {
    const legacy = await submitApplication(h, 'lisi');
    await h.database.db.sql.query(
      `UPDATE application SET applicant_id_number = $2, applicant_phone = $3, applicant_id_number_bidx = NULL, applicant_phone_bidx = NULL,
              delivery_address = $4::jsonb WHERE no = $1`,
      [
        legacy,
        LISI_ID,
        CONTACT_PHONE,
        JSON.stringify({ recipient: '李四', phone: POST_PHONE, address: '杭州市西湖区' }),
      ],
    );
    const legacyLicence = ownLicence(LISI_ID, 'FBL', '903');
    await publishEvent(h, LicenceIssued, legacyLicence);
    await h.database.db.sql.query(
      'UPDATE licence_holding SET holder_id_number = $2, holder_id_number_bidx = NULL WHERE identifier = $1',
      [legacyLicence.identifier, LISI_ID],
    );
    const store = h.app.get(IntakeStore);
    expect(await store.encryptPlaintextRows()).toBe(2);
    expect(await store.encryptPlaintextRows()).toBe(0);
    const r = await row(legacy);
    expect(r.applicant_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r.applicant_phone).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(r.delivery_address?.phone).toMatch(PII_CIPHERTEXT_PATTERN);
    for (const secret of [LISI_ID, CONTACT_PHONE, POST_PHONE]) expect(r.row_text).not.toContain(secret);
    expect(r.applicant_id_number_bidx).toBe(cipher.blindIndex('idNumber', LISI_ID));
    const view = await h.api.get('lisi', `/applications/${legacy}`);
    expect(view.body.applicant).toMatchObject({ idNumber: LISI_ID, phone: CONTACT_PHONE });
    const [holding] = await h.database.db.sql.query<{
      holder_id_number: string;
      holder_id_number_bidx: string;
    }>('SELECT holder_id_number, holder_id_number_bidx FROM licence_holding WHERE identifier = $1', [
      legacyLicence.identifier,
    ]);
    expect(holding?.holder_id_number).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(holding?.holder_id_number_bidx).toBe(cipher.blindIndex('idNumber', LISI_ID));
    const wallet = await h.api.get('lisi', '/licences');
    expect(wallet.body.items.map((i: { identifier: string }) => i.identifier)).toContain(
      legacyLicence.identifier,
    );
  });

  it('under a wrong key the row does not decrypt: it fails closed with a clear error', async () => {
    const wrong = new IntakeStore({
      ...h.runtime,
      pii: {
        currentKeyId: 'dev1',
        encryptionKeys: new Map([['dev1', randomBytes(32)]]),
        blindIndexKey: randomBytes(32),
      },
    });
    const read = wrong.prisma.application.findUnique({ where: { no } });
    await expect(read).rejects.toThrow(PiiDecryptionError);
    await expect(wrong.prisma.application.findUnique({ where: { no } })).rejects.toThrow(
      'personal data cannot be decrypted: authentication failed (wrong key for key id "dev1" or altered value)',
    );
    const unknownKey = new IntakeStore({
      ...h.runtime,
      pii: {
        currentKeyId: 'k2',
        encryptionKeys: new Map([['k2', randomBytes(32)]]),
        blindIndexKey: randomBytes(32),
      },
    });
    await expect(unknownKey.prisma.application.findMany({ where: { no } })).rejects.toThrow(
      'key id "dev1" is not in the keyring',
    );
  });
});
