import { parseLicenceIdentifier } from '../identifier/licence-identifier.js';
import { sm2Verify } from '../signing/sm2.js';
import { chinaDate } from '../dates/china-date.js';
import { recordDigest } from '../records/directory-record.js';
import type { JsonValue } from '../signing/canonical-json.js';
import { decodeQrPayload, type QrClaims } from '../signing/qr-payload.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why a licence or payload is not valid. The first group means "not genuine" (forged or altered); the
 * second means genuine but not valid now.
 */
export const VerifyReason = {
  Malformed: 'MALFORMED',
  IdentifierInvalid: 'IDENTIFIER_INVALID',
  UnknownKey: 'UNKNOWN_KEY',
  KeyIssuerMismatch: 'KEY_ISSUER_MISMATCH',
  KeyRevoked: 'KEY_REVOKED',
  BadSignature: 'BAD_SIGNATURE',
  NotFound: 'NOT_FOUND',
  RecordMismatch: 'RECORD_MISMATCH',
  NotYetValid: 'NOT_YET_VALID',
  Expired: 'EXPIRED',
  Suspended: 'SUSPENDED',
  Revoked: 'REVOKED',
  Withdrawn: 'WITHDRAWN',
  Cancelled: 'CANCELLED',
  Superseded: 'SUPERSEDED',
  // The PDF's embedded signature (POST /api/licence/verify/pdf, `verify-licence --pdf`).
  PdfUnsigned: 'PDF_UNSIGNED',
  PdfSignatureMalformed: 'PDF_SIGNATURE_MALFORMED',
  PdfByteRangeInvalid: 'PDF_BYTERANGE_INVALID',
  PdfDigestMismatch: 'PDF_DIGEST_MISMATCH',
  PdfSignatureInvalid: 'PDF_SIGNATURE_INVALID',
  PdfSignerMismatch: 'PDF_SIGNER_MISMATCH',
} as const;
export type VerifyReason = (typeof VerifyReason)[keyof typeof VerifyReason];

export const REASON_LABELS: Readonly<Record<VerifyReason, string>> = {
  MALFORMED: '无法识别的二维码内容',
  IDENTIFIER_INVALID: '证照标识校验位错误',
  UNKNOWN_KEY: '签名密钥未公布',
  KEY_ISSUER_MISMATCH: '签名密钥不属于发证机关',
  KEY_REVOKED: '签名密钥已作废',
  BAD_SIGNATURE: '电子签名验证失败（内容被篡改或伪造）',
  NOT_FOUND: '证照不存在',
  RECORD_MISMATCH: '二维码内容与证照目录信息不一致',
  NOT_YET_VALID: '证照尚未生效',
  EXPIRED: '证照已过有效期',
  SUSPENDED: '证照已暂扣',
  REVOKED: '证照已撤销',
  WITHDRAWN: '证照已吊销',
  CANCELLED: '证照已注销',
  SUPERSEDED: '证照已换发新版本，本版本失效',
  PDF_UNSIGNED: 'PDF 文件没有电子签名',
  PDF_SIGNATURE_MALFORMED: 'PDF 电子签名格式无法识别',
  PDF_BYTERANGE_INVALID: 'PDF 电子签名未覆盖整个文件',
  PDF_DIGEST_MISMATCH: 'PDF 文件在签名后被修改',
  PDF_SIGNATURE_INVALID: 'PDF 电子签名验证失败（伪造或签名被替换）',
  PDF_SIGNER_MISMATCH: 'PDF 签名密钥与证照的签发密钥不一致',
};

/** A published key as offline verifiers need it (the `GET /api/licence/keys` entries). */
export interface VerificationKey {
  kid: string;
  issuerUscc: string;
  issuerName?: string;
  publicKey: string;
  status: string;
}

export interface OfflineVerification {
  /** Genuine and within its validity period (offline: the current status, e.g. revocation, is not known). */
  valid: boolean;
  /** The signature verifies with the issuer's published key. */
  genuine: boolean;
  reason: VerifyReason | null;
  message: string;
  detail?: string;
  claims?: QrClaims;
  issuer?: { uscc: string; name?: string };
}

function fail(
  reason: VerifyReason,
  genuine: boolean,
  extra: Partial<OfflineVerification> = {},
): OfflineVerification {
  return { valid: false, genuine, reason, message: REASON_LABELS[reason], ...extra };
}

/**
 * Verifies a QR payload (or verification URL) against published keys, without any server: structure, the
 * identifier's check character, the key (known, belongs to the issuer named in the identifier, not revoked),
 * the SM2 signature, then the validity period at `now` (China dates). A pure function.
 */
export function verifyQrPayloadOffline(
  input: string,
  keys: readonly VerificationKey[],
  now: Date,
  record?: unknown,
): OfflineVerification {
  const decoded = decodeQrPayload(input);
  if (!decoded.ok) return fail(VerifyReason.Malformed, false, { detail: decoded.detail });
  const { claims } = decoded;
  const id = parseLicenceIdentifier(claims.i);
  if (!id.ok) return fail(VerifyReason.IdentifierInvalid, false, { claims, detail: id.problem });
  const issuerUscc = id.parts.issuerUscc;
  const key = keys.find((k) => k.kid === claims.k);
  if (!key) return fail(VerifyReason.UnknownKey, false, { claims });
  const issuer = { uscc: key.issuerUscc, ...(key.issuerName ? { name: key.issuerName } : {}) };
  if (key.issuerUscc !== issuerUscc) return fail(VerifyReason.KeyIssuerMismatch, false, { claims, issuer });
  if (key.status === 'revoked') return fail(VerifyReason.KeyRevoked, false, { claims, issuer });
  if (!sm2Verify(decoded.signed, decoded.signature, key.publicKey))
    return fail(VerifyReason.BadSignature, false, { claims, issuer });
  // With the licence data at hand (the QR-bound record, e.g. from the licence's detail), every field is checked.
  if (record !== undefined) {
    const same =
      claims.d !== undefined &&
      isRecord(record) &&
      record['identifier'] === claims.i &&
      recordDigest(JSON.parse(JSON.stringify(record)) as JsonValue) === claims.d;
    if (!same)
      return fail(VerifyReason.RecordMismatch, false, {
        claims,
        issuer,
        detail:
          claims.d === undefined
            ? 'this QR code binds no record digest'
            : 'the licence data differ from what the issuer signed',
      });
  }
  const today = chinaDate(now);
  if (today < claims.f) return fail(VerifyReason.NotYetValid, true, { claims, issuer });
  if (claims.u !== '' && today > claims.u) return fail(VerifyReason.Expired, true, { claims, issuer });
  return {
    valid: true,
    genuine: true,
    reason: null,
    message: '证照真实有效（离线核验，未查询实时状态）',
    claims,
    issuer,
  };
}
