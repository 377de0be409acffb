import { createHash, getHashes } from 'node:crypto';
import { sm2, sm3 } from 'sm-crypto-v2';

/**
 * SM2 signatures with SM3 (GB/T 32918 / GM/T 0003, GB/T 32905), through `sm-crypto-v2` (noble-curves
 * arithmetic; the signing nonce comes from the OS generator via WebCrypto `getRandomValues`).
 *
 * Conventions every verifier must share (published with the keys):
 * - the message is the UTF-8 bytes of the signed text;
 * - e = SM3(Z_A ‖ M) with Z_A over the signer ID `1234567812345678` (GM/T 0009 default) and the public key;
 * - the signature is raw r ‖ s, 32 bytes each big-endian (64 bytes), base64url without padding;
 * - public keys are uncompressed points `04 ‖ x ‖ y`, hex.
 * OpenSSL 3 does the same with `pkeyutl -rawin -digest sm3 -pkeyopt distid:1234567812345678` on the DER form.
 */
export const SM2_SIGNER_ID = '1234567812345678';
export const SIGNATURE_ALGORITHM = 'SM2-SM3';

const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const HEX_PUBLIC_KEY = /^04[0-9a-f]{128}$/;
const HEX_PRIVATE_KEY = /^[0-9a-f]{64}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface Sm2KeyPair {
  /** 32-byte scalar, hex (64 characters). Secret. */
  privateKey: string;
  /** Uncompressed point, hex (130 characters starting with 04). */
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const kp = sm2.generateKeyPairHex();
  const privateKey = kp.privateKey.padStart(64, '0');
  if (!HEX_PRIVATE_KEY.test(privateKey) || !HEX_PUBLIC_KEY.test(kp.publicKey))
    throw new Error('unexpected SM2 key encoding');
  return { privateKey, publicKey: kp.publicKey };
}

/** Key id: the first 16 hex characters of SM3 over the public key bytes (stable, short enough for a QR code). */
export function sm2KeyId(publicKey: string): string {
  return sm3Digest(Buffer.from(publicKey, 'hex')).toString('hex').slice(0, 16);
}

/**
 * SM3 in Node's OpenSSL when the build has it (OpenSSL 3, as in every official Node build and image; ~2.5 × faster
 * than `sm-crypto-v2`'s JavaScript SM3 on a licence PDF's ~36 KB, issue 22), else `sm-crypto-v2`'s. Same digest.
 */
const NATIVE_SM3 = getHashes().includes('sm3');

/** SM3 of the concatenation of `parts` (32 bytes), without copying them into one buffer when OpenSSL hashes. */
export function sm3Digest(...parts: Uint8Array[]): Buffer {
  if (NATIVE_SM3) {
    const hash = createHash('sm3');
    for (const part of parts) hash.update(part);
    return hash.digest();
  }
  return Buffer.from(sm3(parts.length === 1 ? (parts[0] ?? new Uint8Array()) : Buffer.concat(parts)), 'hex');
}

export function sm3Hex(data: string | Uint8Array): string {
  return sm3Digest(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('hex');
}

/** Z_A of each public key signed with (GB/T 32918.2 §5.5: SM3 over the signer ID, the curve and the key); a few keys. */
const signerZ = new Map<string, Uint8Array>();
const MAX_SIGNER_Z = 1024;

function signerZOf(publicKey: string): Uint8Array {
  let z = signerZ.get(publicKey);
  if (!z) {
    if (signerZ.size >= MAX_SIGNER_Z) signerZ.clear();
    z = Uint8Array.from(sm2.getZ(publicKey, SM2_SIGNER_ID));
    signerZ.set(publicKey, z);
  }
  return z;
}

/** Signs the UTF-8 bytes of `message`; returns r ‖ s as base64url. */
export function sm2Sign(message: string, key: Sm2KeyPair): string {
  return sm2SignBytes(Uint8Array.from(Buffer.from(message, 'utf8')), key).toString('base64url');
}

/** Signs raw bytes (e.g. the DER signed attributes of a CMS SignerInfo); returns r ‖ s (64 bytes). */
export function sm2SignBytes(message: Uint8Array, key: Sm2KeyPair): Buffer {
  // e = SM3(Z_A ‖ M), as `doSignature` computes it with `hash: true`, but with Z_A kept per key (the library derives
  // it again for each signature: an affine conversion of the base point and two JavaScript SM3 runs) and SM3 from
  // OpenSSL when there; the library then signs e as given (`hash: false`). ~0.2 ms less per signature (issue 22).
  const e = sm3Digest(signerZOf(key.publicKey), message);
  const hex = sm2.doSignature(Uint8Array.from(e), key.privateKey, { hash: false });
  if (hex.length !== 128) throw new Error('unexpected SM2 signature length');
  return Buffer.from(hex, 'hex');
}

/** Verifies a base64url r ‖ s signature over the UTF-8 bytes of `message`; never throws. */
export function sm2Verify(message: string, signature: string, publicKey: string): boolean {
  if (!B64URL.test(signature)) return false;
  const raw = Buffer.from(signature, 'base64url');
  if (raw.toString('base64url') !== signature) return false;
  return sm2VerifyBytes(Uint8Array.from(Buffer.from(message, 'utf8')), raw, publicKey);
}

/** Verifies a raw r ‖ s signature (64 bytes) over raw bytes; never throws. */
export function sm2VerifyBytes(message: Uint8Array, raw: Uint8Array, publicKey: string): boolean {
  if (!HEX_PUBLIC_KEY.test(publicKey) || raw.length !== 64) return false;
  const rs = Buffer.from(raw);
  const r = BigInt(`0x${rs.subarray(0, 32).toString('hex')}`);
  const s = BigInt(`0x${rs.subarray(32).toString('hex')}`);
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  try {
    return sm2.doVerifySignature(message, rs.toString('hex'), publicKey, {
      hash: true,
      userId: SM2_SIGNER_ID,
    });
  } catch {
    return false;
  }
}

// ---- DER / PEM forms, for interoperability (OpenSSL, other verifiers) ----

const SM2_SPKI_PREFIX = '3059301306072a8648ce3d020106082a811ccf5501822d034200';

/** SubjectPublicKeyInfo PEM of an SM2 public key (id-ecPublicKey with the SM2 curve OID 1.2.156.10197.1.301). */
export function sm2PublicKeyPem(publicKey: string): string {
  if (!HEX_PUBLIC_KEY.test(publicKey)) throw new RangeError('not an uncompressed SM2 public key');
  const b64 = Buffer.from(SM2_SPKI_PREFIX + publicKey, 'hex').toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END PUBLIC KEY-----\n`;
}

function derInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let v = bytes.subarray(i);
  if ((v[0] ?? 0) & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return Buffer.concat([Buffer.from([0x02, v.length]), v]);
}

/** r ‖ s (base64url) → DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function signatureToDer(signature: string): Buffer {
  const raw = Buffer.from(signature, 'base64url');
  if (raw.length !== 64) throw new RangeError('signature must be 64 bytes');
  const body = Buffer.concat([derInteger(raw.subarray(0, 32)), derInteger(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → r ‖ s (base64url). */
export function signatureFromDer(der: Buffer): string {
  const fail = () => new RangeError('not a DER SM2 signature');
  if (der[0] !== 0x30 || der[1] !== der.length - 2) throw fail();
  const parts: Buffer[] = [];
  let at = 2;
  for (let k = 0; k < 2; k++) {
    if (der[at] !== 0x02) throw fail();
    const len = der[at + 1] ?? 0;
    const v = der.subarray(at + 2, at + 2 + len);
    const trimmed = v.length > 32 ? v.subarray(v.length - 32) : v;
    if (v.length > 33 || (v.length === 33 && v[0] !== 0)) throw fail();
    parts.push(Buffer.concat([Buffer.alloc(32 - trimmed.length), trimmed]));
    at += 2 + len;
  }
  if (at !== der.length) throw fail();
  return Buffer.concat(parts).toString('base64url');
}
