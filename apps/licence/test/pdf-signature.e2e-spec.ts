import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LT } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { licenceService } from '../src/index.js';
import { LicenceStore } from '../src/licence.store.js';
import { renderLicencePdf } from '../src/render/licence-pdf.js';
import { printable } from '../src/render/render.worker.js';
import { hasPoppler, pdfText } from '../src/render/testing/poppler.js';
import { SigningKeysService } from '../src/signing/signing-keys.service.js';
import { generateSm2KeyPair, sm2KeyId, sm2SignBytes } from '../src/signing/sm2.js';
import { applicationNo, decision, ISSUERS, publishDecision, until } from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();
const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Issue 20 item 5: every served licence PDF carries an embedded SM2 signature; online and offline verification check it. */
describe.each(kinds)('licence PDF signature on %s', (kind) => {
  let h: ServiceHarness;
  let holder: string;
  let clerk: string;
  let fbl: string;
  const tmp = mkdtempSync(path.join(tmpdir(), 'licence-pades-e2e-'));

  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    [holder, clerk] = await Promise.all([h.tokenFor('xihu-tech'), h.tokenFor('clerk.xihu')]);
    await publishDecision(h, decision());
    const mine = await request(h.url).get('/api/licence/licences').query({ mine: 1 }).set(auth(holder));
    fbl =
      (mine.body.items as Array<{ identifier: string; typeCode: string }>).find((i) => i.typeCode === LT.JY)
        ?.identifier ?? '';
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const licencePdf = async () => {
    await until(async () => {
      const l = (await request(h.url).get(`/api/licence/licences/${fbl}`).set(auth(holder))).body as {
        pdf: { status: string };
      };
      return l.pdf.status === 'done' ? true : undefined;
    }, `rendering of ${fbl}`);
    const res = await request(h.url)
      .get(`/api/licence/licences/${fbl}/pdf`)
      .set(auth(holder))
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const verifyPdf = (pdf: Buffer) =>
    request(h.url).post('/api/licence/verify/pdf').set('content-type', 'application/pdf').send(pdf);
  /** Flips one bit in the middle of the second signed range (page content, fonts), away from the signature. */
  const flipInSignedRange = (pdf: Buffer) => {
    const [, c = NaN, d = NaN] =
      /\/ByteRange \[0 \d+ (\d+) (\d+)\]/.exec(pdf.toString('latin1'))?.map(Number) ?? [];
    const target = c + Math.floor(d / 2);
    expect(target).toBeLessThan(pdf.length);
    const out = Buffer.from(pdf);
    out[target] = (out[target] ?? 0) ^ 0x01;
    return out;
  };
  const keysFile = async () => {
    const file = path.join(tmp, `keys-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify((await request(h.url).get('/api/licence/keys')).body));
    return file;
  };
  const cli = (keys: string, pdf: Buffer, ...extra: string[]) => {
    const file = path.join(tmp, `licence-${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, pdf);
    const res = spawnSync(
      process.execPath,
      [
        '--import',
        '@swc-node/register/esm-register',
        'apps/licence/src/cli/verify-licence.ts',
        '--keys',
        keys,
        '--pdf',
        file,
        ...extra,
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    return {
      status: res.status,
      out: JSON.parse(res.stdout || '{}') as Record<string, unknown>,
      stderr: res.stderr,
    };
  };

  it("serves the licence PDF signed with the licence's key; it verifies online and offline, text still readable", async () => {
    const pdf = await licencePdf();
    const licence = (await request(h.url).get(`/api/licence/licences/${fbl}`).set(auth(holder))).body as {
      keyId?: string;
      qrText: string;
    };
    const online = await verifyPdf(pdf);
    expect(online.status).toBe(200);
    expect(online.body).toMatchObject({
      result: 'genuine',
      valid: true,
      reason: null,
      identifier: fbl,
      pdf: { identifier: fbl },
      licence: { status: 'valid' },
    });
    const keys = await keysFile();
    const offline = cli(keys, pdf);
    expect(offline.status).toBe(0);
    expect(offline.out).toMatchObject({
      valid: true,
      genuine: true,
      signature: { identifier: fbl, kid: online.body.pdf.kid },
    });
    // With the QR payload too: both name the same licence and key.
    expect(cli(keys, pdf, licence.qrText)).toMatchObject({
      status: 0,
      out: { valid: true, qr: { valid: true } },
    });
    if (hasPoppler) expect((pdfText(pdf)[0] ?? '').replace(/\s/g, '')).toContain('食品经营许可证');
  });

  it('reports one changed byte in the signed range online and in the CLI; refuses a body that is not a PDF', async () => {
    const tampered = flipInSignedRange(await licencePdf());
    expect((await verifyPdf(tampered)).body).toMatchObject({
      result: 'forged',
      valid: false,
      reason: 'PDF_DIGEST_MISMATCH',
      message: 'PDF 文件在签名后被修改',
      licence: null,
    });
    const offline = cli(await keysFile(), tampered);
    expect(offline.status).toBe(1);
    expect(offline.out).toMatchObject({ valid: false, reason: 'PDF_DIGEST_MISMATCH' });
    const notPdf = await request(h.url)
      .post('/api/licence/verify/pdf')
      .set('content-type', 'application/pdf')
      .send(Buffer.from('hello'));
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.message).toContain('(body)');
    const json = await request(h.url).post('/api/licence/verify/pdf').send({ payload: 'x' });
    expect(json.status).toBe(400);
  });

  it('signs the watermarked share copy too', async () => {
    const target = applicationNo();
    const created = await request(h.url)
      .post('/api/licence/shares')
      .set(auth(holder))
      .send({ identifier: fbl, applicationNo: target });
    expect(created.status).toBe(201);
    const copy = await request(h.url)
      .get(`/api/licence/shares/${created.body.shareId}/pdf`)
      .query({ applicationNo: target })
      .set(auth(clerk))
      .buffer(true)
      .parse(binaryParser);
    expect(copy.status).toBe(200);
    expect((await verifyPdf(copy.body as Buffer)).body).toMatchObject({
      result: 'genuine',
      valid: true,
      identifier: fbl,
    });
  });

  it("refuses the licence re-signed by an unknown key, another issuer's key, or another key of the same issuer", async () => {
    const store = h.app.get(LicenceStore);
    const keys = h.app.get(SigningKeysService);
    const row = await store.prisma.licence.findUniqueOrThrow({ where: { identifier: fbl } });
    const render = async (signer: { kid: string; sign: (m: Uint8Array) => Uint8Array }) =>
      renderLicencePdf(printable(row), {
        qrText: 'http://localhost/verify',
        signature: { signer, signingTime: new Date() },
      });
    const stranger = generateSm2KeyPair();
    const unknown = await render({
      kid: sm2KeyId(stranger.publicKey),
      sign: (m) => sm2SignBytes(m, stranger),
    });
    expect((await verifyPdf(unknown)).body).toMatchObject({ result: 'forged', reason: 'UNKNOWN_KEY' });
    const healthKid = (
      await store.messaging.transaction((tx) => keys.sign(tx, ISSUERS.hangzhouHealth, 'key for this test'))
    ).kid;
    const otherIssuer = await render(await keys.pdfSigner(healthKid));
    expect((await verifyPdf(otherIssuer)).body).toMatchObject({
      result: 'forged',
      reason: 'KEY_ISSUER_MISMATCH',
    });
    expect(cli(await keysFile(), otherIssuer)).toMatchObject({
      status: 1,
      out: { reason: 'KEY_ISSUER_MISMATCH' },
    });
    // After a rotation the licence keeps its (retired) key; a PDF signed with the new key is not its document.
    const rotated = await request(h.url)
      .post(`/api/licence/keys/${ISSUERS.xihuMarket.uscc}/rotate`)
      .set(auth(await h.tokenFor('admin')));
    expect(rotated.status).toBe(200);
    const sameIssuer = await render(await keys.pdfSigner(rotated.body.kid as string));
    expect((await verifyPdf(sameIssuer)).body).toMatchObject({
      result: 'forged',
      reason: 'PDF_SIGNER_MISMATCH',
    });
    expect((await verifyPdf(await licencePdf())).body).toMatchObject({ result: 'genuine', valid: true });
  });

  it('a revoked key: the PDF it signed verifies as KEY_REVOKED online and offline', async () => {
    const pdf = await licencePdf();
    const kid = (
      await h.app.get(LicenceStore).prisma.licence.findUniqueOrThrow({ where: { identifier: fbl } })
    ).keyId;
    const revoked = await request(h.url)
      .post(`/api/licence/keys/${kid}/revoke`)
      .set(auth(await h.tokenFor('admin')));
    expect(revoked.status).toBe(200);
    expect((await verifyPdf(pdf)).body).toMatchObject({
      result: 'forged',
      valid: false,
      reason: 'KEY_REVOKED',
    });
    expect(cli(await keysFile(), pdf)).toMatchObject({ status: 1, out: { reason: 'KEY_REVOKED' } });
    // And nothing is signed with it any more.
    await expect(h.app.get(SigningKeysService).pdfSigner(kid)).rejects.toMatchObject({ code: 'KEY_REVOKED' });
  });
});
