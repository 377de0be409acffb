/**
 * The small part of ASN.1 DER (X.690) the PDF signature needs: definite lengths, SEQUENCE/SET, OBJECT IDENTIFIER,
 * INTEGER (small), OCTET STRING, UTCTime, context tags; and a reader that walks the same shapes. Written here
 * rather than taken from node-forge or pkijs: forge has no SM2, and the CMS we write is a few fixed shapes.
 */
export const Tag = {
  Integer: 0x02,
  OctetString: 0x04,
  Oid: 0x06,
  UtcTime: 0x17,
  GeneralizedTime: 0x18,
  Sequence: 0x30,
  Set: 0x31,
} as const;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(Tag.Sequence, ...items);

/** SET OF: DER orders the elements by their encodings (X.690 §11.6). */
export const setOf = (...items: Buffer[]): Buffer => tlv(Tag.Set, ...[...items].sort(Buffer.compare));

export const octetString = (bytes: Uint8Array): Buffer => tlv(Tag.OctetString, bytes);

/** `[n]` constructed context tag (EXPLICIT, or IMPLICIT over a constructed type). */
export const contextConstructed = (n: number, ...content: Uint8Array[]): Buffer => tlv(0xa0 | n, ...content);

/** `[n]` primitive context tag (IMPLICIT over a primitive type, e.g. an OCTET STRING). */
export const contextPrimitive = (n: number, content: Uint8Array): Buffer => tlv(0x80 | n, content);

export function smallInteger(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 127) throw new RangeError('only 0..127');
  return tlv(Tag.Integer, Buffer.from([n]));
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out: number[] = [40 * a + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(Tag.Oid, Buffer.from(out));
}

/** UTCTime `YYMMDDHHMMSSZ` (RFC 5280 §4.1.2.5.1: years 1950–2049; CMS signing-time uses it in that range). */
export function utcTime(d: Date): Buffer {
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 2049) throw new RangeError('UTCTime covers 1950–2049');
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(y % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(Tag.UtcTime, Buffer.from(text, 'latin1'));
}

// ---- reading ----

export class DerError extends Error {}

export interface Node {
  tag: number;
  /** The whole element (tag, length, content). */
  raw: Buffer;
  content: Buffer;
}

/** Reads the element at `at`; refuses indefinite or non-minimal lengths and anything past the end. */
export function readNode(buf: Buffer, at = 0): Node & { next: number } {
  const tag = buf[at];
  const first = buf[at + 1];
  if (tag === undefined || first === undefined) throw new DerError('truncated');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used here');
  let len = first;
  let head = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[at + 2 + i] ?? NaN);
    if (Number.isNaN(len) || len < 0x80 || (n > 1 && (buf[at + 2] ?? 0) === 0))
      throw new DerError('non-minimal length');
    head += n;
  }
  const end = at + head + len;
  if (end > buf.length) throw new DerError('truncated');
  return { tag, raw: buf.subarray(at, end), content: buf.subarray(at + head, end), next: end };
}

/** The elements inside a constructed element. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < node.content.length;) {
    const child = readNode(node.content, at);
    out.push(child);
    at = child.next;
  }
  return out;
}

export function expectTag(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return node;
}

export function readOid(node: Node | undefined): string {
  const n = expectTag(node, Tag.Oid, 'OID');
  const bytes = [...n.content];
  const first = bytes.shift();
  if (first === undefined) throw new DerError('empty OID');
  const arcs = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** UTCTime or GeneralizedTime (`…Z` forms only) → Date. */
export function readTime(node: Node | undefined): Date {
  const text = node?.content.toString('latin1') ?? '';
  const m =
    node?.tag === Tag.UtcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node?.tag === Tag.GeneralizedTime
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!m) throw new DerError('not a UTC time');
  const [, y = '', mo = '', d = '', h = '', mi = '', s = ''] = m;
  const year = y.length === 2 ? (Number(y) < 50 ? 2000 : 1900) + Number(y) : Number(y);
  return new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}
