import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';

/**
 * The compact signed payload in a licence's QR code:
 *   `HL1.<base64url(canonical JSON of the claims)>.<base64url(SM2 signature r‖s)>`
 * The signature covers the UTF-8 text `HL1.<claims part>` and is made with the issuer's key `k`. The QR code
 * holds the verification URL with the payload as its `p` parameter, so a phone opens the verification page and
 * an offline verifier reads the same payload.
 */
export const QR_PREFIX = 'HL1';

const ChinaDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const QrClaims = z
  .object({
    i: z.string().min(1).max(80).describe('licence identifier'),
    n: z.string().min(1).max(100).describe('licence name'),
    h: z.string().min(1).max(200).describe('holder name, masked'),
    c: z.string().min(1).max(30).describe('holder code, masked'),
    f: ChinaDate.describe('valid from (China date)'),
    u: ChinaDate.or(z.literal('')).describe('valid until (China date); empty = long-term'),
    k: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .describe('key id'),
    d: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe(
        'SM3 of the canonical QR-bound record (every field; holder code masked): binds all the licence says (absent in QR codes made before it)',
      ),
  })
  .strict();
export type QrClaims = z.infer<typeof QrClaims>;

export function encodeQrPayload(claims: QrClaims, sign: (message: string) => string): string {
  const body = Buffer.from(canonicalJson(QrClaims.parse(claims)), 'utf8').toString('base64url');
  const signed = `${QR_PREFIX}.${body}`;
  return `${signed}.${sign(signed)}`;
}

export function qrText(verifyUrl: string, payload: string): string {
  const url = new URL(verifyUrl);
  url.searchParams.set('p', payload);
  return url.toString();
}

export type DecodedQr =
  { ok: true; claims: QrClaims; signed: string; signature: string } | { ok: false; detail: string };

/** Reads a payload, or a verification URL carrying it in `p`. Never throws. */
export function decodeQrPayload(input: string): DecodedQr {
  let text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      text = new URL(text).searchParams.get('p') ?? '';
    } catch {
      return { ok: false, detail: 'not a URL' };
    }
  }
  const parts = text.split('.');
  const [prefix, body, signature] = parts;
  if (parts.length !== 3 || prefix !== QR_PREFIX || !body || !signature)
    return { ok: false, detail: `not a ${QR_PREFIX} payload` };
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return { ok: false, detail: 'claims are not base64url' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, detail: 'claims are not JSON' };
  }
  const claims = QrClaims.safeParse(json);
  if (!claims.success)
    return { ok: false, detail: `claims: ${claims.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, claims: claims.data, signed: `${prefix}.${body}`, signature };
}
