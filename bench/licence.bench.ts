/**
 * Licence benchmarks (issue #6 budgets), as ratios against a raw baseline measured in the same run:
 *  1. issue + sign + render + store: approving decisions published to the licence service (PostgreSQL when
 *     reachable, else PGlite; s3rver storage) until every licence is signed, rendered and stored, in licences/s,
 *     vs pdfkit rendering the same text with the same font and nothing else (no signing, QR, seal, storage);
 *  2. offline verification of QR payloads (decode, identifier check, key lookup, SM2 verify, validity) per second
 *     vs the bare SM2 verification (`sm-crypto-v2` doVerifySignature) of the same signed text.
 * Run: npm run bench -- licence   (BENCH_LICENCES = licences to issue, default 200)
 */
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { sm2 } from 'sm-crypto-v2';
import { LT } from '@hall/contracts';
import { isPostgresAvailable } from '@hall/persistence';
import { developmentPiiKeyring, PiiCipher } from '@hall/platform';
import { startServiceForTest } from '@hall/platform/testing';
import { licenceService } from '../apps/licence/src/index.js';
import { loadCjkFont } from '@hall/pdf';
import { renderLicencePdf, validityLabel } from '../apps/licence/src/render/licence-pdf.js';
import { SM2_SIGNER_ID } from '../apps/licence/src/signing/sm2.js';
import { verifyQrPayloadOffline, type VerificationKey } from '../apps/licence/src/verify/offline-verifier.js';
import { decodeQrPayload } from '../apps/licence/src/signing/qr-payload.js';
import { decision, publishDecision } from '../apps/licence/test/factories/licence.factory.js';
import { progress, report } from './bench-kit.js';

const ONE_LICENCE = [
  {
    licenceTypeCode: LT.JY,
    name: '食品经营许可证',
    validityMonths: 60,
    fields: ['经营场所', '主体业态', '经营项目'],
  },
];

/** The raw baseline: the same strings in a pdfkit A4 page with the same font, nothing else. */
async function rawPdf(lines: readonly string[]): Promise<Buffer> {
  const font = loadCjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.data, font.family);
  doc.font('cjk').fontSize(11);
  lines.forEach((line, i) => doc.text(line, 70, 80 + i * 30, { width: 455 }));
  doc.end();
  return done;
}

const perSecond = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);

export async function runLicenceBench(): Promise<void> {
  const n = Number(process.env.BENCH_LICENCES ?? 200);
  const kind = (await isPostgresAvailable()) ? 'pg' : 'pglite';
  const h = await startServiceForTest(licenceService, { db: kind });
  try {
    // --- 1. issue + sign + render + store -------------------------------------------------------------------
    await publishDecision(h, decision({ licences: ONE_LICENCE })); // warm-up: keys, font, code paths
    const pending = async () =>
      Number(
        (
          await h.database.db.sql.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM licence WHERE render_status <> 'done'",
          )
        )[0]?.n ?? 0,
      );
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      await publishDecision(h, decision({ licences: ONE_LICENCE }));
      progress('issue+sign (committed)', i + 1, n);
    }
    const issuedMs = performance.now() - started;
    let left = await pending();
    while (left > 0) {
      progress('render+store', n - left, n);
      await new Promise((r) => setTimeout(r, 20));
      left = await pending();
    }
    progress('render+store', n, n);
    const serviceMs = performance.now() - started;

    const rows = await h.database.db.sql.query<{
      identifier: string;
      name: string;
      holder_name: string;
      holder_id_number: string;
      issuer_name: string;
      fields: Array<{ label: string; value: string }>;
      valid_from: Date;
      valid_until: Date | null;
      qr_payload: string;
    }>(
      'SELECT identifier, name, holder_name, holder_id_number, issuer_name, fields, valid_from, valid_until, qr_payload FROM licence ORDER BY created_at',
    );
    const stored = rows[0];
    if (!stored) throw new Error('nothing issued');
    // The holder code is stored encrypted (the test runtime's development keyring).
    const sample = {
      ...stored,
      holder_id_number: new PiiCipher(developmentPiiKeyring()).reveal(stored.holder_id_number),
    };
    const lines = [
      sample.name,
      `证照编号：${sample.identifier}`,
      sample.holder_name,
      sample.holder_id_number,
      ...sample.fields.map((f) => `${f.label}：${f.value}`),
      validityLabel({ validFrom: sample.valid_from, validUntil: sample.valid_until }),
      `发证机关：${sample.issuer_name}`,
    ];
    const rawN = Math.max(20, Math.floor(n / 2));
    await rawPdf(lines);
    let t = performance.now();
    for (let i = 0; i < rawN; i++) await rawPdf(lines);
    const rawMs = performance.now() - t;
    // The service's renderer alone (layout, seal, QR, font subset; no DB, no signing, no storage).
    const printable = {
      identifier: sample.identifier,
      name: sample.name,
      holderKind: 'business',
      holderName: sample.holder_name,
      holderIdType: 'USCC',
      holderIdNumber: sample.holder_id_number,
      issuerName: sample.issuer_name,
      issuerUscc: sample.identifier.split('.')[6] ?? '',
      jurisdiction: '330106',
      issuedAt: sample.valid_from,
      validFrom: sample.valid_from,
      validUntil: sample.valid_until,
      fields: sample.fields,
      keyId: '0123456789abcdef',
    };
    t = performance.now();
    for (let i = 0; i < rawN; i++)
      await renderLicencePdf(printable, { qrText: `https://hall.example/verify?p=${sample.qr_payload}` });
    const renderMs = performance.now() - t;
    const service = Number(perSecond(n, serviceMs));
    report(`licence issue+sign+render+store (${kind}, ${n} licences)`, [
      [
        'service (decision → stored PDF)',
        `${perSecond(n, serviceMs)}/s`,
        `budget ≥ 20/s: ${service >= 20 ? 'met' : 'NOT met'}`,
      ],
      [
        '  of which issue+sign committed',
        `${perSecond(n, issuedMs)}/s`,
        'consumer transactions (signing, outbox)',
      ],
      ['renderLicencePdf alone', `${perSecond(rawN, renderMs)}/s`, `${(renderMs / rawN).toFixed(1)} ms/PDF`],
      ['raw pdfkit, same text', `${perSecond(rawN, rawMs)}/s`, `${(rawMs / rawN).toFixed(1)} ms/PDF`],
      ['service / raw', `${(rawMs / rawN / (serviceMs / n)).toFixed(2)}×`, 'throughput ratio'],
    ]);

    // --- 2. offline verification ----------------------------------------------------------------------------
    const keys = ((await (await fetch(`${h.url}/api/licence/keys`)).json()) as { keys: VerificationKey[] })
      .keys;
    const payloads = rows.map((r) => r.qr_payload);
    const m = Math.max(2000, payloads.length * 10);
    const now = new Date();
    t = performance.now();
    let valid = 0;
    for (let i = 0; i < m; i++)
      if (verifyQrPayloadOffline(payloads[i % payloads.length] ?? '', keys, now).valid) valid += 1;
    const offlineMs = performance.now() - t;
    const prepared = payloads.map((p) => {
      const d = decodeQrPayload(p);
      if (!d.ok) throw new Error('undecodable payload');
      const key = keys.find((k) => k.kid === d.claims.k);
      return {
        msg: Uint8Array.from(Buffer.from(d.signed, 'utf8')),
        sig: Buffer.from(d.signature, 'base64url').toString('hex'),
        pk: key?.publicKey ?? '',
      };
    });
    t = performance.now();
    let rawValid = 0;
    for (let i = 0; i < m; i++) {
      const p = prepared[i % prepared.length];
      if (p && sm2.doVerifySignature(p.msg, p.sig, p.pk, { hash: true, userId: SM2_SIGNER_ID }))
        rawValid += 1;
    }
    const rawVerifyMs = performance.now() - t;
    const verifyRate = Number(perSecond(m, offlineMs));
    report(`licence offline verification (${m} payloads)`, [
      [
        'verifyQrPayloadOffline',
        `${perSecond(m, offlineMs)}/s`,
        `budget ≥ 2,000/s: ${verifyRate >= 2000 ? 'met' : 'NOT met'} (${valid}/${m} valid)`,
      ],
      ['raw SM2 verify (sm-crypto-v2)', `${perSecond(m, rawVerifyMs)}/s`, `${rawValid}/${m} valid`],
      ['offline / raw', `${(rawVerifyMs / offlineMs).toFixed(2)}×`, 'throughput ratio'],
    ]);
  } finally {
    await h.close();
  }
}
