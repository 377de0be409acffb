/**
 * Redaction of personal data and credentials in log output.
 *
 * Three layers, each cheap and each covering what the others miss:
 * 1. pino `redact` paths ({@link REDACT_PATHS}): the sensitive key names at the top level and up to three
 *    levels deep (`*.k`, `*.*.k`, `*.*.*.k`), also applied to child-logger bindings.
 * 2. {@link redactSensitiveKeys}: a walker (pino `formatters.log` / `formatters.bindings`) that censors
 *    sensitive keys at any depth, case- and separator-insensitively (`Authorization`, `id_number`, `ID-Number`).
 * 3. {@link maskSensitiveText}: value-based masking of the final JSON line (pino `hooks.streamWrite`), so
 *    an ID number or a token inside a message, an error stack or an unexpected field never reaches the sink.
 */

export const REDACTED = '[REDACTED]';

/** Keys whose values are always censored, wherever they occur in a logged object. */
export const SENSITIVE_KEYS = [
  'authorization',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'idNumber',
  'phone',
] as const;

/** Normalised form of a key: lower case without `_`, `-` and spaces, so `ID-Number` matches `idNumber`. */
function normaliseKey(key: string): string {
  return key.replace(/[-_\s]/g, '').toLowerCase();
}

const SENSITIVE_KEY_SET: ReadonlySet<string> = new Set([
  ...SENSITIVE_KEYS.map(normaliseKey),
  // common spellings of the same things
  'idtoken',
  'idcard',
  'idcardnumber',
  'mobile',
  'phonenumber',
  'secret',
  'clientsecret',
  'cookie',
  'setcookie',
]);

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY_SET.has(normaliseKey(key));
}

/** pino `redact.paths`: every sensitive key at depth 0 to 3 (pino redact has no recursive wildcard). */
export const REDACT_PATHS: readonly string[] = SENSITIVE_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `*.*.*.${key}`,
]);

// A value is only masked when it stands alone, not when it is part of a longer run of letters or digits
// (trace ids, hashes, UUIDs). A JSON escape such as `\n` directly before the value also counts as a separator.
const BEFORE = String.raw`(?:(?<![0-9A-Za-z])|(?<=\\[nrtbf]))`;
const AFTER = String.raw`(?![0-9A-Za-z])`;

/** 18-character resident identity card number (GB 11643): area, birth date, sequence, check character. */
const ID_NUMBER = String.raw`[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`;
/** Mainland mobile number, optionally with the +86 / 0086 prefix. */
const MOBILE = String.raw`(?:(?:\+|00)86[- ]?)?1[3-9]\d{9}`;
/** A JWT (header always starts with `{"`, base64url `eyJ`): header.payload[.signature]. */
const JWT = String.raw`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?`;
/** `Bearer <opaque token>` (the scheme is kept, the credential dropped). */
const BEARER = String.raw`(?<=\b[Bb][Ee][Aa][Rr][Ee][Rr]\s+)[A-Za-z0-9\-._~+/]+=*`;

const SENSITIVE_VALUE = new RegExp(
  [`${BEFORE}(?:${ID_NUMBER})${AFTER}`, `${BEFORE}(?:${MOBILE})${AFTER}`, JWT, BEARER].join('|'),
  'g',
);

/** Replaces ID numbers, mobile numbers, JWTs and bearer credentials inside a text with {@link REDACTED}. */
export function maskSensitiveText(text: string): string {
  return text.replace(SENSITIVE_VALUE, REDACTED);
}

const MAX_DEPTH = 12;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return value; // pino's safe stringify prints the cycle
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => walk(item, depth + 1, seen));
  }
  // Errors, Dates, Buffers and other class instances keep their identity so pino's serializers still apply;
  // their text is masked in the final line.
  if (!isPlainObject(value)) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null ? REDACTED : walk(item, depth + 1, seen);
  }
  return out;
}

/**
 * Returns a copy of `obj` with every sensitive key censored at any depth and sensitive values in strings
 * masked. The input is never mutated.
 */
export function redactSensitiveKeys<T extends Record<string, unknown>>(obj: T): Record<string, unknown> {
  const result = walk(obj, 0, new WeakSet());
  return result !== null && typeof result === 'object' && !Array.isArray(result)
    ? (result as Record<string, unknown>)
    : obj;
}
