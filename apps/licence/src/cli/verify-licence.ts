// Offline licence verifier (离线核验): checks a QR payload (or the verification URL from the QR code) against a
// keys file saved from GET /api/licence/keys — no server needed.
//   node --import @swc-node/register/esm-register apps/licence/src/cli/verify-licence.ts --keys keys.json <payload|url> [--at 2027-01-01] [--record licence.json]
// --record: the licence data (the `qrRecord` of GET /api/licence/licences/:identifier, or that whole response): every
// field is checked against the digest the issuer signed into the QR code.
//   … verify-licence.ts --keys keys.json --pdf licence.pdf [<payload|url>] [--at …]
// --pdf: the licence PDF's embedded SM2 signature (whole file but the signature, the issuer's key, not revoked);
// with the payload too, both must name the same licence and key. Without a payload the validity period is not checked.
// Exit code 0 = valid, 1 = not valid (reason printed), 2 = usage or input error.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { verifyQrPayloadOffline } from '../verify/offline-verifier.js';
import { verifyLicencePdfOffline } from '../verify/pdf-verifier.js';

const KeyFile = z.union([
  z.object({
    keys: z.array(
      z.object({
        kid: z.string(),
        issuerUscc: z.string(),
        issuerName: z.string().optional(),
        publicKey: z.string(),
        status: z.string(),
      }),
    ),
  }),
  z.array(
    z.object({
      kid: z.string(),
      issuerUscc: z.string(),
      issuerName: z.string().optional(),
      publicKey: z.string(),
      status: z.string(),
    }),
  ),
]);

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: verify-licence --keys <keys.json> <payload|verification URL> [--at <ISO date>] [--record <licence.json>]\n` +
      `       verify-licence --keys <keys.json> --pdf <licence.pdf> [<payload|verification URL>] [--at <ISO date>]\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let keysPath: string | undefined;
let at: Date = new Date();
let recordPath: string | undefined;
let pdfPath: string | undefined;
const rest: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--keys') keysPath = args[++i];
  else if (a === '--record') recordPath = args[++i];
  else if (a === '--pdf') pdfPath = args[++i];
  else if (a === '--at') {
    const v = args[++i] ?? '';
    at = new Date(v);
    if (Number.isNaN(at.getTime())) usage(`--at: not a date: ${v}`);
  } else if (a !== undefined) rest.push(a);
}
if (!keysPath) usage('--keys is required');
const payload = rest[0];
if (rest.length > 1 || (!payload && !pdfPath))
  usage(pdfPath ? 'at most one payload or URL' : 'exactly one payload or URL is required');
if (pdfPath && recordPath) usage('--record goes with a payload, not with --pdf');

let parsed: z.infer<typeof KeyFile>;
try {
  parsed = KeyFile.parse(JSON.parse(readFileSync(keysPath, 'utf8')));
} catch (e) {
  usage(`cannot read keys from ${keysPath}: ${(e as Error).message}`);
}
const keys = Array.isArray(parsed) ? parsed : parsed.keys;
let record: unknown;
if (recordPath !== undefined) {
  try {
    const data: unknown = JSON.parse(readFileSync(recordPath, 'utf8'));
    record = typeof data === 'object' && data !== null && 'qrRecord' in data ? data.qrRecord : data;
  } catch (e) {
    usage(`cannot read the licence data from ${recordPath}: ${(e as Error).message}`);
  }
}
let pdf: Buffer | undefined;
if (pdfPath !== undefined) {
  try {
    pdf = readFileSync(pdfPath);
  } catch (e) {
    usage(`cannot read the PDF ${pdfPath}: ${(e as Error).message}`);
  }
}
const result = pdf
  ? verifyLicencePdfOffline(pdf, keys, at, payload)
  : verifyQrPayloadOffline(payload ?? '', keys, at, record);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(result.valid ? 0 : 1);
