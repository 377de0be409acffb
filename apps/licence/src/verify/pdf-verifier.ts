import { parseLicenceIdentifier } from '../identifier/licence-identifier.js';
import { parseSignedData, sm3Bytes, verifySignerInfo, type ParsedSignedData } from '../signing/cms.js';
import { DerError } from '../signing/der.js';
import { REASON_PREFIX } from '../render/pdf-signature.js';
import {
  REASON_LABELS,
  verifyQrPayloadOffline,
  VerifyReason,
  type OfflineVerification,
  type VerificationKey,
} from './offline-verifier.js';

/** What the PDF's embedded signature says, once it verified. */
export interface PdfSignatureInfo {
  /** The signing key (from the CMS subjectKeyIdentifier). */
  kid: string;
  /** The licence the file names in its signature dictionary (`/Reason`). */
  identifier: string;
  signingTime: string | null;
  /** `[0, a, b, c]`: the signed bytes are [0, a) and [b, b + c); together with /Contents, the whole file. */
  byteRange: [number, number, number, number];
}

export interface PdfVerification {
  /** The embedded signature verifies with the published key of the issuer the identifier names. */
  genuine: boolean;
  reason: VerifyReason | null;
  message: string;
  detail?: string;
  signature?: PdfSignatureInfo;
  issuer?: { uscc: string; name?: string };
}

function fail(reason: VerifyReason, detail?: string, extra: Partial<PdfVerification> = {}): PdfVerification {
  return { genuine: false, reason, message: REASON_LABELS[reason], ...(detail ? { detail } : {}), ...extra };
}

type Located =
  | { ok: true; signature: Omit<PdfSignatureInfo, 'kid' | 'signingTime'>; cms: Buffer; signedBytes: Buffer }
  | { ok: false; reason: VerifyReason; detail: string };

/**
 * Finds the signature dictionary and checks the byte range: it must start at 0, stop exactly at the `<` of
 * /Contents, resume right after its `>` and run to the end of the file — every byte but the signature itself is signed.
 */
function locate(pdf: Buffer): Located {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return { ok: false, reason: VerifyReason.PdfUnsigned, detail: 'no /ByteRange in the file' };
  const m = /^\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/.exec(
    text.slice(at, at + 80),
  );
  if (!m)
    return {
      ok: false,
      reason: VerifyReason.PdfSignatureMalformed,
      detail: '/ByteRange is not four numbers',
    };
  const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  const whole =
    a === 0 && b > 0 && c > b + 1 && c + d === pdf.length && text[b] === '<' && text[c - 1] === '>';
  if (!whole || at > b)
    return {
      ok: false,
      reason: VerifyReason.PdfByteRangeInvalid,
      detail: `/ByteRange [${a} ${b} ${c} ${d}] does not cover the file of ${pdf.length} bytes except /Contents`,
    };
  const hex = text.slice(b + 1, c - 1);
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex) || text.slice(b - 10, b) !== '/Contents ')
    return {
      ok: false,
      reason: VerifyReason.PdfByteRangeInvalid,
      detail: 'the unsigned gap is not the /Contents hex string',
    };
  // The signature dictionary is the object around /ByteRange; /Reason inside it names the licence (and is signed).
  const dict = text.slice(text.lastIndexOf(' obj', at), b) + text.slice(c, text.indexOf('endobj', c));
  const reason = /\/Reason\s*\(([^()\\]*)\)/.exec(dict);
  const identifier = reason?.[1]?.startsWith(REASON_PREFIX)
    ? reason[1].slice(REASON_PREFIX.length)
    : undefined;
  if (!identifier)
    return {
      ok: false,
      reason: VerifyReason.PdfSignatureMalformed,
      detail: 'the signature dictionary names no licence (/Reason)',
    };
  return {
    ok: true,
    signature: { identifier, byteRange: [a, b, c, d] },
    cms: Buffer.from(hex, 'hex'),
    signedBytes: Buffer.concat([pdf.subarray(0, b), pdf.subarray(c)]),
  };
}

/**
 * Verifies the PDF's embedded signature against published keys, without any server: the byte range covers the
 * whole file, SM3 of the signed bytes equals the signed message-digest, the key is known, belongs to the issuer
 * that the named licence identifier carries and is not revoked, and the SM2 signature verifies. Which licence it
 * is and whether it is valid today are the QR payload's (offline) or the server's (online) answer. A pure function.
 */
export function verifyPdfSignature(pdf: Buffer, keys: readonly VerificationKey[]): PdfVerification {
  const found = locate(pdf);
  if (!found.ok) return fail(found.reason, found.detail);
  let cms: ParsedSignedData;
  try {
    cms = parseSignedData(found.cms);
  } catch (e) {
    if (!(e instanceof DerError)) throw e;
    return fail(VerifyReason.PdfSignatureMalformed, `CMS: ${e.message}`);
  }
  const signature: PdfSignatureInfo = {
    ...found.signature,
    kid: cms.kid,
    signingTime: cms.signingTime?.toISOString() ?? null,
  };
  const id = parseLicenceIdentifier(signature.identifier);
  if (!id.ok) return fail(VerifyReason.IdentifierInvalid, id.problem, { signature });
  if (!sm3Bytes(found.signedBytes).equals(cms.messageDigest))
    return fail(VerifyReason.PdfDigestMismatch, 'the file was changed after signing', { signature });
  const key = keys.find((k) => k.kid === cms.kid);
  if (!key) return fail(VerifyReason.UnknownKey, undefined, { signature });
  const issuer = { uscc: key.issuerUscc, ...(key.issuerName ? { name: key.issuerName } : {}) };
  if (key.issuerUscc !== id.parts.issuerUscc)
    return fail(VerifyReason.KeyIssuerMismatch, undefined, { signature, issuer });
  if (key.status === 'revoked') return fail(VerifyReason.KeyRevoked, undefined, { signature, issuer });
  if (!verifySignerInfo(cms, key.publicKey))
    return fail(VerifyReason.PdfSignatureInvalid, undefined, { signature, issuer });
  return { genuine: true, reason: null, message: 'PDF 电子签名有效', signature, issuer };
}

export interface OfflinePdfVerification extends PdfVerification {
  /** Genuine, and (with the QR payload) the QR code's checks pass too. Without a payload the validity period is not known. */
  valid: boolean;
  /** The QR payload's own verification, when one was given. */
  qr?: OfflineVerification;
}

/**
 * The offline check of a licence PDF (`verify-licence --pdf`): the embedded signature, and with the QR payload
 * (read from the printed code) also the payload, and that both name the same licence and key.
 */
export function verifyLicencePdfOffline(
  pdf: Buffer,
  keys: readonly VerificationKey[],
  now: Date,
  payload?: string,
): OfflinePdfVerification {
  const result = verifyPdfSignature(pdf, keys);
  if (payload === undefined)
    return {
      ...result,
      valid: result.genuine,
      ...(result.genuine ? { message: 'PDF 电子签名有效（离线核验，未查询实时状态和有效期）' } : {}),
    };
  const qr = verifyQrPayloadOffline(payload, keys, now);
  if (!result.genuine) return { ...result, valid: false, qr };
  if (qr.claims && (qr.claims.k !== result.signature?.kid || qr.claims.i !== result.signature.identifier)) {
    return {
      ...fail(VerifyReason.PdfSignerMismatch, 'the PDF and the QR payload name different licences or keys', {
        signature: result.signature,
        issuer: result.issuer,
      }),
      valid: false,
      qr,
    };
  }
  return {
    ...result,
    genuine: qr.genuine,
    valid: qr.valid,
    reason: qr.reason,
    message: qr.valid ? '证照 PDF 与二维码均验证通过（离线核验，未查询实时状态）' : qr.message,
    qr,
  };
}
