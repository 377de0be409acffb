import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Verifies AWS Signature Version 4 on S3 requests (the Authorization header, or a presigned query), as S3 and MinIO
 * do: the canonical request is rebuilt from what arrived and signed again with the secret. Used by the embedded
 * store's gate (`startEmbeddedS3`), because s3rver itself answers unsigned requests and never checks V4 signatures.
 */

/** What a caller may sign: one key pair, one region, service `s3`. */
export interface SigV4Credentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
}

export interface SigV4Request {
  readonly method: string;
  /** The request target as received: raw path and query (`/bucket/key?x=y`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Accepted: `payloadSha256` is the hex digest the body must have (header-signed), or undefined (presigned, no body). */
export type SigV4Verdict =
  | { readonly ok: true; readonly payloadSha256: string | undefined }
  | {
      readonly ok: false;
      readonly code:
        | 'AccessDenied'
        | 'SignatureDoesNotMatch'
        | 'RequestTimeTooSkewed'
        | 'AuthorizationQueryParametersError'
        | 'InvalidAccessKeyId';
      readonly message: string;
    };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Largest clock difference accepted for header-signed requests (S3: 15 minutes). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Longest lifetime a presigned link may declare (S3: 7 days). */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

const deny = (code: Extract<SigV4Verdict, { ok: false }>['code'], message: string): SigV4Verdict => ({
  ok: false,
  code,
  message,
});

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Za-z0-9-_.~` percent-encoded (upper-case hex). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Query parameters in arrival order, decoded (`+` is a literal plus in S3 query strings). */
function parseQuery(query: string): Array<[string, string]> | undefined {
  if (query === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeOrUndefined(eq < 0 ? part : part.slice(0, eq));
    const value = decodeOrUndefined(eq < 0 ? '' : part.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    pairs.push([key, value]);
  }
  return pairs;
}

function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * The signing key of a secret for one day and region: four chained HMACs, the same for every request of that day, so
 * the last few are kept (issue 22: CPU per request of the embedded store). Only keys derived here are kept, and they
 * are worth no more than the secret they come from, which the caller holds anyway.
 */
const signingKeys = new Map<string, Buffer>();
const SIGNING_KEYS_KEPT = 8;
function signingKey(secretKey: string, scopeDate: string, region: string): Buffer {
  const id = `${scopeDate}/${region}/${secretKey}`;
  let key = signingKeys.get(id);
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, scopeDate), region), 's3'), 'aws4_request');
    if (signingKeys.size >= SIGNING_KEYS_KEPT) signingKeys.delete(signingKeys.keys().next().value as string);
    signingKeys.set(id, key);
  }
  return key;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Signed {
  readonly accessKey: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
}

/**
 * Checks one request against `credentials` at `now`. Header-signed requests must carry `x-amz-date` within 15 minutes
 * and a hex `x-amz-content-sha256` (the caller then checks the body against it: `payloadSha256`); unsigned payloads,
 * chunked signing and V2 signatures are refused. Presigned links are accepted for GET and HEAD only, within their
 * declared lifetime (at most 7 days).
 */
export function verifySigV4(
  req: SigV4Request,
  credentials: SigV4Credentials,
  now: Date = new Date(),
): SigV4Verdict {
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const pairs = parseQuery(q < 0 ? '' : req.url.slice(q + 1));
  if (!pairs || !rawPath.startsWith('/')) return deny('AccessDenied', 'malformed request target');
  const query = new Map<string, string>();
  for (const [k, v] of pairs) {
    if (query.has(k) && k.startsWith('X-Amz-'))
      return deny('AuthorizationQueryParametersError', `duplicate ${k}`);
    query.set(k, v);
  }
  const authorization = headerValue(req.headers, 'authorization');
  const presigned =
    query.has('X-Amz-Algorithm') || query.has('X-Amz-Signature') || query.has('X-Amz-Credential');
  if (query.has('Signature') || query.has('AWSAccessKeyId'))
    return deny('AccessDenied', 'only AWS Signature Version 4 is accepted');
  if (authorization !== undefined && presigned)
    return deny('AccessDenied', 'only one authentication mechanism is allowed');

  let signed: Signed;
  let payloadHash: string;
  let canonicalPairs = pairs;
  if (authorization !== undefined) {
    const parsed = parseAuthorization(authorization);
    if (!parsed) return deny('AccessDenied', 'only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted');
    const amzDate = headerValue(req.headers, 'x-amz-date');
    const at = parseAmzDate(amzDate);
    if (!at || amzDate === undefined) return deny('AccessDenied', 'x-amz-date is missing or malformed');
    if (Math.abs(now.getTime() - at.getTime()) > MAX_CLOCK_SKEW_MS)
      return deny('RequestTimeTooSkewed', 'the request time is too far from the server time');
    const content = headerValue(req.headers, 'x-amz-content-sha256');
    if (content === undefined || !HEX64.test(content))
      return deny('AccessDenied', 'x-amz-content-sha256 must be the hex SHA-256 of the body');
    if (
      !parsed.signedHeaders.includes('x-amz-content-sha256') ||
      !parsed.signedHeaders.includes('x-amz-date')
    ) {
      return deny('AccessDenied', 'x-amz-date and x-amz-content-sha256 must be signed');
    }
    signed = { ...parsed, amzDate };
    payloadHash = content;
  } else if (presigned) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return deny('AccessDenied', 'presigned links are accepted for GET and HEAD only');
    if (query.get('X-Amz-Algorithm') !== ALGORITHM)
      return deny('AuthorizationQueryParametersError', `X-Amz-Algorithm must be ${ALGORITHM}`);
    const credential = query.get('X-Amz-Credential');
    const amzDate = query.get('X-Amz-Date');
    const expires = query.get('X-Amz-Expires');
    const headersList = query.get('X-Amz-SignedHeaders');
    const signature = query.get('X-Amz-Signature');
    if (
      credential === undefined ||
      amzDate === undefined ||
      expires === undefined ||
      headersList === undefined ||
      signature === undefined
    ) {
      return deny(
        'AuthorizationQueryParametersError',
        'X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature are required',
      );
    }
    const at = parseAmzDate(amzDate);
    const seconds = /^\d{1,7}$/.test(expires) ? Number(expires) : NaN;
    if (!at || !(seconds >= 1 && seconds <= MAX_PRESIGN_SECONDS))
      return deny('AuthorizationQueryParametersError', 'X-Amz-Date or X-Amz-Expires is malformed');
    if (at.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS)
      return deny('AccessDenied', 'the link is dated in the future');
    if (now.getTime() > at.getTime() + seconds * 1000) return deny('AccessDenied', 'the link has expired');
    const scope = parseCredential(credential);
    if (!scope) return deny('AuthorizationQueryParametersError', 'X-Amz-Credential is malformed');
    signed = { ...scope, signedHeaders: headersList.split(';'), signature, amzDate };
    payloadHash = 'UNSIGNED-PAYLOAD';
    canonicalPairs = pairs.filter(([k]) => k !== 'X-Amz-Signature');
  } else {
    return deny('AccessDenied', 'the request is not signed');
  }

  if (signed.accessKey !== credentials.accessKey) return deny('InvalidAccessKeyId', 'unknown access key');
  if (
    signed.region !== credentials.region ||
    signed.service !== 's3' ||
    signed.terminator !== 'aws4_request' ||
    signed.scopeDate !== signed.amzDate.slice(0, 8)
  ) {
    return deny('SignatureDoesNotMatch', 'the credential scope does not match');
  }
  const names = signed.signedHeaders;
  if (
    !names.includes('host') ||
    names.some((n, i) => n === '' || n !== n.toLowerCase() || (i > 0 && (names[i - 1] as string) >= n))
  ) {
    return deny('SignatureDoesNotMatch', 'signed headers must be sorted lower-case names including host');
  }
  const canonicalHeaders: string[] = [];
  for (const name of names) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return deny('SignatureDoesNotMatch', `signed header ${name} is missing`);
    canonicalHeaders.push(`${name}:${value}\n`);
  }
  const canonicalRequest = [
    req.method.toUpperCase(),
    rawPath,
    canonicalQuery(canonicalPairs),
    canonicalHeaders.join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${signed.scopeDate}/${signed.region}/s3/aws4_request`;
  const stringToSign = [
    ALGORITHM,
    signed.amzDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const key = signingKey(credentials.secretKey, signed.scopeDate, signed.region);
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  if (!sameHex(expected, signed.signature.toLowerCase()))
    return deny('SignatureDoesNotMatch', 'the request signature does not match');
  return { ok: true, payloadSha256: authorization === undefined ? undefined : payloadHash };
}

function parseCredential(
  credential: string,
): Omit<Signed, 'signedHeaders' | 'signature' | 'amzDate'> | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKey, scopeDate, region, service, terminator] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{8}$/.test(scopeDate)) return undefined;
  return { accessKey, scopeDate, region, service, terminator };
}

function parseAuthorization(value: string): Omit<Signed, 'amzDate'> | undefined {
  if (!value.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const name = part.slice(0, eq).trim();
    if (fields.has(name)) return undefined;
    fields.set(name, part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (fields.size !== 3 || credential === undefined || signedHeaders === undefined || signature === undefined)
    return undefined;
  const scope = parseCredential(credential);
  if (!scope) return undefined;
  return { ...scope, signedHeaders: signedHeaders.split(';'), signature };
}
