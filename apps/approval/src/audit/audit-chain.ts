import { createHash } from 'node:crypto';

/** JSON-safe values only (dates as ISO strings), so what is hashed is exactly what is stored and read back. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** The hashed content of one audit entry (the stored row minus its id, prevHash and hash). */
export interface AuditContent {
  caseId: string;
  seq: number;
  action: string;
  actor: JsonValue;
  /** ISO 8601 instant, millisecond precision. */
  at: string;
  opinion: string | null;
  before: JsonValue;
  after: JsonValue;
}

/** Canonical JSON: keys sorted at every level, no whitespace, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** hash = SHA-256(prevHash + canonical JSON of the entry); the first entry's prevHash is ''. */
export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

export interface StoredAuditEntry extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
}

export type AuditBreak = 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch';

export interface AuditVerification {
  intact: boolean;
  entries: number;
  /** The first entry that does not verify (or the head, when entries were removed from the end). */
  firstBroken?: { seq: number; id: string | null; reason: AuditBreak };
}

/**
 * Walks a case's chain in sequence order: every entry must follow its predecessor (seq + 1, prevHash = the
 * predecessor's hash) and hash to its stored hash; the last one must be the head the case row points to
 * (catches truncation and deleted tails).
 */
export function verifyAuditChain(
  entries: readonly StoredAuditEntry[],
  head: { seq: number; hash: string },
): AuditVerification {
  let prevHash = '';
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return broken(entries.length, e, 'sequence-gap');
    if (e.prevHash !== prevHash) return broken(entries.length, e, 'prev-hash-mismatch');
    const { id: _id, prevHash: _p, hash, ...content } = e;
    if (auditHash(e.prevHash, content) !== hash) return broken(entries.length, e, 'hash-mismatch');
    prevHash = hash;
    expectedSeq += 1;
  }
  if (expectedSeq - 1 !== head.seq || prevHash !== head.hash) {
    return {
      intact: false,
      entries: entries.length,
      firstBroken: { seq: expectedSeq, id: null, reason: 'head-mismatch' },
    };
  }
  return { intact: true, entries: entries.length };
}

function broken(n: number, e: StoredAuditEntry, reason: AuditBreak): AuditVerification {
  return { intact: false, entries: n, firstBroken: { seq: e.seq, id: e.id, reason } };
}
