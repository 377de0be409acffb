/**
 * Licence identifier (电子证照标识, GB/T 36904-2018):
 * `1.2.156.3005.2.{证照类型代码}.{issuer USCC}.{serial}.{version, 3 digits}.{check character}`.
 *
 * The type segment is the 21-character 证照类型代码 of the e-licence catalogue: the 证照定义机构's USCC (18) plus a
 * 3-digit sequence (libs/contracts licence-type-codes.ts, docs/licence-type-codes.md). The segment keeps the
 * wider `[0-9A-Za-z]{1,40}` shape here so that identifiers already issued under the old short codes (`BL`, `JY` …)
 * still parse and verify: an identifier, once issued, never changes.
 *
 * The check character is ISO/IEC 7064 MOD 37,36 (hybrid system, M = 36) over the four middle parts
 * concatenated without dots, alphabet `0-9A-Z` (values 0-35). It reproduces the check characters of public
 * identifiers from the national platform (see the spec). Type codes may carry lower-case letters (catalog codes allow
 * them); they are upper-cased for the computation only.
 */
export const IDENTIFIER_PREFIX = '1.2.156.3005.2';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;
/** Serials are decimal, zero-padded to at least this many digits. */
export const SERIAL_DIGITS = 8;

export interface LicenceIdentifierParts {
  typeCode: string;
  issuerUscc: string;
  serial: string;
  /** 1 = first issue; a renewal or change increments it. */
  version: number;
}

export interface ParsedLicenceIdentifier extends LicenceIdentifierParts {
  check: string;
}

const PATTERN =
  /^1\.2\.156\.3005\.2\.([0-9A-Za-z]{1,40})\.([0-9A-Z]{18})\.([0-9A-Z]{1,20})\.(\d{3})\.([0-9A-Z])$/;

/**
 * ISO/IEC 7064 MOD 37,36 check character of `input` (characters 0-9, A-Z; case-insensitive).
 * P₀ = 36; for each character value a: S = (P + a) mod 36, with S = 36 when the remainder is 0; P = 2·S mod 37.
 * The check character c makes (P + c) mod 36 = 1, i.e. c = (37 − P) mod 36.
 */
export function mod3736CheckCharacter(input: string): string {
  const upper = input.toUpperCase();
  if (upper.length === 0) throw new RangeError('empty input');
  let p = M;
  for (const ch of upper) {
    const a = ALPHABET.indexOf(ch);
    if (a < 0) throw new RangeError(`character "${ch}" is outside 0-9A-Z`);
    let s = (p + a) % M;
    if (s === 0) s = M;
    p = (2 * s) % (M + 1);
  }
  const c = (M + 1 - p) % M;
  return ALPHABET.charAt(c);
}

/** The four middle parts concatenated without dots (the check character's input). */
export function checkInput(parts: LicenceIdentifierParts): string {
  return `${parts.typeCode}${parts.issuerUscc}${parts.serial}${formatVersion(parts.version)}`;
}

export function formatVersion(version: number): string {
  if (!Number.isInteger(version) || version < 1 || version > 999)
    throw new RangeError('version must be 1-999');
  return String(version).padStart(3, '0');
}

export function formatSerial(n: number | bigint): string {
  return String(n).padStart(SERIAL_DIGITS, '0');
}

/** Builds the full identifier with its check character. */
export function buildLicenceIdentifier(parts: LicenceIdentifierParts): string {
  const check = mod3736CheckCharacter(checkInput(parts));
  const identifier = `${IDENTIFIER_PREFIX}.${parts.typeCode}.${parts.issuerUscc}.${parts.serial}.${formatVersion(parts.version)}.${check}`;
  if (!PATTERN.test(identifier)) throw new RangeError(`not a valid identifier: ${identifier}`);
  return identifier;
}

export type IdentifierProblem = 'FORMAT' | 'CHECK_CHARACTER';

/** Parses an identifier; `problem` says why it is not one (bad shape, or a wrong check character). */
export function parseLicenceIdentifier(
  value: string,
): { ok: true; parts: ParsedLicenceIdentifier } | { ok: false; problem: IdentifierProblem } {
  const m = PATTERN.exec(value);
  if (!m) return { ok: false, problem: 'FORMAT' };
  const [, typeCode = '', issuerUscc = '', serial = '', version = '', check = ''] = m;
  const parts: ParsedLicenceIdentifier = { typeCode, issuerUscc, serial, version: Number(version), check };
  if (parts.version < 1) return { ok: false, problem: 'FORMAT' };
  if (mod3736CheckCharacter(checkInput(parts)) !== check) return { ok: false, problem: 'CHECK_CHARACTER' };
  return { ok: true, parts };
}

export function isValidLicenceIdentifier(value: string): boolean {
  return parseLicenceIdentifier(value).ok;
}
