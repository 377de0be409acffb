import {
  children,
  contextConstructed,
  contextPrimitive,
  DerError,
  expectTag,
  octetString,
  oid,
  readNode,
  readOid,
  readTime,
  sequence,
  setOf,
  smallInteger,
  Tag,
  utcTime,
  type Node,
} from './der.js';
import { signatureFromDer, signatureToDer, sm2VerifyBytes, sm3Digest } from './sm2.js';

/**
 * Detached CMS SignedData (RFC 5652) with SM2/SM3, as PAdES (`/SubFilter /ETSI.CAdES.detached`) embeds it in a
 * PDF. Algorithm identifiers per GM/T 0006 (GB/T 33560): SM3 `1.2.156.10197.1.401`, SM2-with-SM3
 * `1.2.156.10197.1.501`; the CMS frame keeps the RFC 5652 content types (as OpenSSL 3 writes for SM2 keys).
 *
 * The signer is identified by `subjectKeyIdentifier` = the 8 bytes of the key id (kid, SM3 of the public key,
 * see `sm2KeyId`), not by a certificate: the licence keys are published as a key set (`GET /api/licence/keys`),
 * not issued by a CA, and a self-signed certificate would add bytes but no trust. Signed attributes:
 * content-type (id-data), message-digest (SM3 of the signed bytes) and signing-time.
 */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sm3: '1.2.156.10197.1.401',
  sm2WithSm3: '1.2.156.10197.1.501',
} as const;

const KID = /^[0-9a-f]{16}$/;

/** Signs bytes with one SM2 key; returns r ‖ s (64 bytes). */
export interface CmsSigner {
  kid: string;
  sign(message: Uint8Array): Uint8Array;
}

/** SM3 of the concatenation of `parts` (see `sm3Digest`). */
export function sm3Bytes(...parts: Uint8Array[]): Buffer {
  return sm3Digest(...parts);
}

const algorithm = (id: string) => sequence(oid(id));
const attribute = (type: string, value: Buffer) => sequence(oid(type), setOf(value));

/** The DER SignedData (in its ContentInfo) over content whose SM3 digest is `digest`. */
export function buildSignedData(digest: Uint8Array, signer: CmsSigner, signingTime: Date): Buffer {
  if (!KID.test(signer.kid)) throw new RangeError('key id must be 16 hex characters');
  if (digest.length !== 32) throw new RangeError('SM3 digest must be 32 bytes');
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, utcTime(signingTime)),
    attribute(OID.messageDigest, octetString(digest)),
  ];
  // Signed as a DER SET OF (tag 0x31); carried as [0] IMPLICIT (RFC 5652 §5.4).
  const signedAttrs = setOf(...attrs);
  const raw = Buffer.from(signer.sign(signedAttrs));
  const signerInfo = sequence(
    smallInteger(3), // v3: the signer is named by subjectKeyIdentifier
    contextPrimitive(0, Buffer.from(signer.kid, 'hex')),
    algorithm(OID.sm3),
    contextConstructed(0, readNode(signedAttrs).content),
    algorithm(OID.sm2WithSm3),
    octetString(signatureToDer(raw.toString('base64url'))),
  );
  const signedData = sequence(
    smallInteger(3),
    setOf(algorithm(OID.sm3)),
    sequence(oid(OID.data)),
    setOf(signerInfo),
  );
  return sequence(oid(OID.signedData), contextConstructed(0, signedData));
}

export interface ParsedSignedData {
  kid: string;
  messageDigest: Buffer;
  signingTime: Date | null;
  /** The signed attributes re-tagged as the SET OF that was signed. */
  signedAttrs: Buffer;
  /** r ‖ s. */
  signature: Buffer;
}

function attributeValue(attrs: Node[], type: string): Node | undefined {
  const found = attrs.filter((a) => readOid(children(a)[0]) === type);
  if (found.length > 1) throw new DerError(`attribute ${type} appears twice`);
  const values = found[0] ? children(expectTag(children(found[0])[1], Tag.Set, 'attribute values')) : [];
  if (found[0] && values.length !== 1) throw new DerError(`attribute ${type} must have one value`);
  return values[0];
}

function exactly<T>(nodes: T[], n: number, what: string): T[] {
  if (nodes.length !== n) throw new DerError(`${what}: expected ${n} elements, found ${nodes.length}`);
  return nodes;
}

function expectVersion3(node: Node | undefined, what: string): void {
  const v = expectTag(node, Tag.Integer, `${what} version`).content;
  if (v.length !== 1 || v[0] !== 3) throw new DerError(`${what} version must be 3`);
}

/** AlgorithmIdentifier → its OID (parameters absent, or NULL as some writers put for SM3). */
function algorithmOid(node: Node | undefined, what: string): string {
  const parts = children(expectTag(node, Tag.Sequence, what));
  const params = parts[1];
  if (parts.length > 2 || (params && (params.tag !== 0x05 || params.content.length !== 0)))
    throw new DerError(`${what}: unexpected parameters`);
  return readOid(parts[0]);
}

function rawSignature(der: Buffer): Buffer {
  try {
    return Buffer.from(signatureFromDer(der), 'base64url');
  } catch (e) {
    throw new DerError(`signature: ${(e as Error).message}`);
  }
}

/** Reads the one-signer SignedData this module writes (zero padding after it allowed); throws DerError on anything else. */
export function parseSignedData(der: Buffer): ParsedSignedData {
  const info = readNode(der);
  if (der.subarray(info.next).some((b) => b !== 0)) throw new DerError('bytes after the SignedData');
  const [type, wrapped] = exactly(children(expectTag(info, Tag.Sequence, 'ContentInfo')), 2, 'ContentInfo');
  if (readOid(type) !== OID.signedData) throw new DerError('not SignedData');
  const [signedData] = exactly(children(expectTag(wrapped, 0xa0, 'content')), 1, 'content');
  // version, digestAlgorithms, encapContentInfo, signerInfos: no certificates or CRLs are expected.
  const [version, digestAlgs, encapInfo, signerInfoSet] = exactly(
    children(expectTag(signedData, Tag.Sequence, 'SignedData')),
    4,
    'SignedData',
  );
  expectVersion3(version, 'SignedData');
  const algs = children(expectTag(digestAlgs, Tag.Set, 'digestAlgorithms'));
  if (!algs.some((a) => algorithmOid(a, 'digestAlgorithms') === OID.sm3))
    throw new DerError('digestAlgorithms lacks SM3');
  const encap = exactly(
    children(expectTag(encapInfo, Tag.Sequence, 'encapContentInfo')),
    1,
    'encapContentInfo (detached)',
  );
  if (readOid(encap[0]) !== OID.data) throw new DerError('expected detached id-data content');
  const [signerInfo] = exactly(children(expectTag(signerInfoSet, Tag.Set, 'signerInfos')), 1, 'signerInfos');
  // version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature: no unsigned attributes.
  const [siVersion, sid, digestAlg, attrs, sigAlg, sig] = exactly(
    children(expectTag(signerInfo, Tag.Sequence, 'SignerInfo')),
    6,
    'SignerInfo',
  );
  expectVersion3(siVersion, 'SignerInfo');
  const kid = expectTag(sid, 0x80, 'subjectKeyIdentifier').content.toString('hex');
  if (!KID.test(kid)) throw new DerError('subjectKeyIdentifier is not a licence key id');
  if (algorithmOid(digestAlg, 'digestAlgorithm') !== OID.sm3)
    throw new DerError('digest algorithm is not SM3');
  if (algorithmOid(sigAlg, 'signatureAlgorithm') !== OID.sm2WithSm3)
    throw new DerError('signature algorithm is not SM2-with-SM3');
  const attrsNode = expectTag(attrs, 0xa0, 'signedAttrs');
  const list = children(attrsNode);
  const contentType = attributeValue(list, OID.contentType);
  if (readOid(contentType) !== OID.data) throw new DerError('content-type attribute is not id-data');
  const digest = expectTag(
    attributeValue(list, OID.messageDigest),
    Tag.OctetString,
    'message-digest',
  ).content;
  const time = attributeValue(list, OID.signingTime);
  const signedAttrs = Buffer.from(attrsNode.raw);
  signedAttrs[0] = Tag.Set;
  return {
    kid,
    messageDigest: Buffer.from(digest),
    signingTime: time ? readTime(time) : null,
    signedAttrs,
    signature: rawSignature(expectTag(sig, Tag.OctetString, 'signature').content),
  };
}

/** Whether the SM2 signature over the signed attributes verifies with `publicKey`. */
export function verifySignerInfo(parsed: ParsedSignedData, publicKey: string): boolean {
  return sm2VerifyBytes(parsed.signedAttrs, parsed.signature, publicKey);
}
