import type { Clock } from '@hall/calendar';
import type { PdfVerificationResult, VerificationResult } from '@hall/contracts';
import type { LicenceStore } from '../licence.store.js';
import { parseLicenceIdentifier } from '../identifier/licence-identifier.js';
import { chinaDate } from '../dates/china-date.js';
import { qrBoundRecord, recordDigest, signedRecordText } from '../records/directory-record.js';
import {
  asStatus,
  findLicence,
  licenceData,
  STATUS_LABELS,
  type LicenceRow,
  type LicenceStatus,
} from '../records/licence.repository.js';
import { maskCode, maskName } from '../records/masking.js';
import { sm2Verify } from '../signing/sm2.js';
import type { SigningKeysService } from '../signing/signing-keys.service.js';
import {
  REASON_LABELS,
  verifyQrPayloadOffline,
  VerifyReason,
  type VerificationKey,
} from './offline-verifier.js';
import { verifyPdfSignature } from './pdf-verifier.js';
import { decodeQrPayload } from '../signing/qr-payload.js';

export type { PdfVerificationResult, VerificationResult };

const STATUS_REASON: Readonly<Partial<Record<LicenceStatus, VerifyReason>>> = {
  suspended: VerifyReason.Suspended,
  revoked: VerifyReason.Revoked,
  withdrawn: VerifyReason.Withdrawn,
  cancelled: VerifyReason.Cancelled,
  expired: VerifyReason.Expired,
  superseded: VerifyReason.Superseded,
  invalidated: VerifyReason.KeyRevoked,
};

/**
 * Online verification (public): the signature of the directory record (or of a QR payload) with the issuer's
 * published key, then the licence's current status and validity at the clock's now — a revocation shows at once.
 */
export class VerificationService {
  constructor(
    private readonly store: LicenceStore,
    private readonly keys: SigningKeysService,
    private readonly clock: Clock,
  ) {}

  async byIdentifier(identifier: string): Promise<VerificationResult> {
    const parsed = parseLicenceIdentifier(identifier);
    if (!parsed.ok) return this.forged(VerifyReason.IdentifierInvalid, identifier);
    const row = await findLicence(this.store.prisma, identifier);
    if (!row) return this.forged(VerifyReason.NotFound, identifier);
    const key = await this.keys.publishedKey(row.keyId);
    if (!key || key.issuerUscc !== row.issuerUscc)
      return this.forged(VerifyReason.KeyIssuerMismatch, identifier, row);
    if (key.status === 'revoked') return this.forged(VerifyReason.KeyRevoked, identifier, row);
    // Re-derive the directory record from the stored columns: an altered row no longer matches its signature.
    if (!sm2Verify(signedRecordText(licenceData(row)), row.signature, key.publicKey))
      return this.forged(VerifyReason.BadSignature, identifier, row);
    return this.genuine(row);
  }

  async byPayload(payload: string): Promise<VerificationResult> {
    const decoded = decodeQrPayload(payload);
    const kid = decoded.ok ? decoded.claims.k : undefined;
    const key = kid ? await this.keys.publishedKey(kid) : undefined;
    const keys: VerificationKey[] = key ? [key] : [];
    const offline = verifyQrPayloadOffline(payload, keys, this.clock.now());
    const identifier = offline.claims?.i ?? null;
    if (!offline.genuine) return this.forged(offline.reason ?? VerifyReason.Malformed, identifier);
    const row = identifier ? await findLicence(this.store.prisma, identifier) : undefined;
    if (!row) return this.forged(VerifyReason.NotFound, identifier);
    const c = offline.claims;
    const expected = {
      n: row.name,
      h: maskName(row.holderName, row.holderKind === 'business' ? 'business' : 'person'),
      c: maskCode(row.holderIdNumber),
      f: chinaDate(row.validFrom),
      u: row.validUntil ? chinaDate(row.validUntil) : '',
      k: row.keyId,
    };
    if (!c || Object.entries(expected).some(([k, v]) => c[k as keyof typeof expected] !== v))
      return this.forged(VerifyReason.RecordMismatch, identifier, row);
    // `d` binds every field: the stored record must hash to what the issuer signed into the QR.
    if (c.d !== undefined && c.d !== recordDigest(qrBoundRecord(licenceData(row))))
      return this.forged(VerifyReason.RecordMismatch, identifier, row);
    return this.genuine(row);
  }

  /**
   * Verifies an uploaded licence PDF: its embedded signature (byte range over the whole file but /Contents, SM3
   * digest, SM2 with the published key of the issuer the licence identifier names, key not revoked), that the
   * signing key is the licence's own, then the licence's current status as for the QR code.
   */
  async byPdf(pdf: Buffer): Promise<PdfVerificationResult> {
    // First pass without keys: structure and digest are checked, and the signer's key id is read from the CMS.
    const first = verifyPdfSignature(pdf, []);
    const kid = first.reason === VerifyReason.UnknownKey ? first.signature?.kid : undefined;
    const key = kid ? await this.keys.publishedKey(kid) : undefined;
    const checked = key ? verifyPdfSignature(pdf, [key]) : first;
    const signature = checked.signature
      ? {
          kid: checked.signature.kid,
          identifier: checked.signature.identifier,
          signingTime: checked.signature.signingTime,
        }
      : null;
    const identifier = signature?.identifier ?? null;
    const withPdf = (result: VerificationResult): PdfVerificationResult => ({
      ...result,
      pdf: signature,
      ...(checked.detail ? { detail: checked.detail } : {}),
    });
    if (!checked.genuine)
      return withPdf(this.forged(checked.reason ?? VerifyReason.PdfSignatureInvalid, identifier));
    const row = identifier ? await findLicence(this.store.prisma, identifier) : undefined;
    if (!row) return withPdf(this.forged(VerifyReason.NotFound, identifier));
    // A valid signature by another key of the same issuer is not this licence's document.
    if (row.keyId !== signature?.kid) return withPdf(this.forged(VerifyReason.PdfSignerMismatch, identifier));
    return withPdf(this.genuine(row));
  }

  private summary(row: LicenceRow): NonNullable<VerificationResult['licence']> {
    const status = asStatus(row.status);
    return {
      name: row.name,
      status,
      statusLabel: STATUS_LABELS[status],
      statusChangedAt: row.statusChangedAt?.toISOString() ?? null,
      holder: {
        name: maskName(row.holderName, row.holderKind === 'business' ? 'business' : 'person'),
        code: maskCode(row.holderIdNumber),
      },
      issuer: { name: row.issuerName, uscc: row.issuerUscc },
      issueDate: chinaDate(row.issuedAt),
      validFrom: chinaDate(row.validFrom),
      validUntil: row.validUntil ? chinaDate(row.validUntil) : null,
    };
  }

  private genuine(row: LicenceRow): VerificationResult {
    const now = this.clock.now();
    const status = asStatus(row.status);
    let reason: VerifyReason | null = STATUS_REASON[status] ?? null;
    if (!reason && row.validFrom > now && chinaDate(now) < chinaDate(row.validFrom))
      reason = VerifyReason.NotYetValid;
    if (!reason && row.validUntil && row.validUntil < now) reason = VerifyReason.Expired;
    return {
      result: 'genuine',
      valid: reason === null,
      reason,
      message: reason ? REASON_LABELS[reason] : '证照真实有效',
      identifier: row.identifier,
      supersededBy: row.supersededBy,
      licence: this.summary(row),
      checkedAt: now.toISOString(),
    };
  }

  private forged(reason: VerifyReason, identifier: string | null, row?: LicenceRow): VerificationResult {
    return {
      result: 'forged',
      valid: false,
      reason,
      message: REASON_LABELS[reason],
      identifier,
      supersededBy: null,
      licence:
        row && reason !== VerifyReason.BadSignature && reason !== VerifyReason.RecordMismatch
          ? this.summary(row)
          : null,
      checkedAt: this.clock.now().toISOString(),
    };
  }
}
