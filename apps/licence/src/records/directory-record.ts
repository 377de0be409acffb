import { canonicalJson, type JsonValue } from '../signing/canonical-json.js';
import { sm3Hex } from '../signing/sm2.js';
import { chinaDate } from '../dates/china-date.js';
import { maskCode } from './masking.js';

/** What the directory record is built from (a licence row or a licence being issued). */
export interface LicenceData {
  identifier: string;
  name: string;
  typeCode: string;
  version: number;
  previousIdentifier: string | null;
  holderKind: string;
  holderName: string;
  holderIdType: string;
  holderIdNumber: string;
  issuerName: string;
  issuerUscc: string;
  jurisdiction: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  /** Data fields printed on the licence, label → value, in print order. */
  fields: ReadonlyArray<{ label: string; value: string }>;
}

/**
 * The directory record (证照目录信息, GB/T 36903 practice): licence name and number, type, holder and holder
 * code with code type, issuer and issuer code, issue date, validity, jurisdiction, data fields. Its canonical
 * JSON is what the issuer signs. Dates are China calendar dates; `validUntil` null = long-term (长期).
 */
export function directoryRecord(l: LicenceData): { [key: string]: JsonValue } {
  return {
    identifier: l.identifier,
    name: l.name,
    typeCode: l.typeCode,
    typeName: l.name,
    version: l.version,
    previousIdentifier: l.previousIdentifier,
    holder: { name: l.holderName, code: l.holderIdNumber, codeType: l.holderIdType, kind: l.holderKind },
    issuer: { name: l.issuerName, code: l.issuerUscc },
    issueDate: chinaDate(l.issuedAt),
    validFrom: chinaDate(l.validFrom),
    validUntil: l.validUntil ? chinaDate(l.validUntil) : null,
    jurisdiction: l.jurisdiction,
    fields: l.fields.map((f) => ({ label: f.label, value: f.value })),
  };
}

/** The exact text that is signed. */
export function signedRecordText(l: LicenceData): string {
  return canonicalJson(directoryRecord(l));
}

/**
 * The record as the QR code binds it (claim `d`): every field of the directory record, with the holder code masked
 * as in the QR's `c` — so a QR never carries a hash from which a full 公民身份号码 could be guessed back.
 */
export function qrBoundRecord(l: LicenceData): { [key: string]: JsonValue } {
  const record = directoryRecord(l);
  return {
    ...record,
    holder: {
      name: l.holderName,
      code: maskCode(l.holderIdNumber),
      codeType: l.holderIdType,
      kind: l.holderKind,
    },
  };
}

/** SM3 (hex) of a record's canonical JSON: the QR's `d`. */
export function recordDigest(record: JsonValue): string {
  return sm3Hex(canonicalJson(record));
}
