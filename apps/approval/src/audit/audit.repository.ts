import type { Actor } from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import type { ApprovalTx } from '../approval.store.js';
import { auditHash, type AuditContent, type JsonValue, type StoredAuditEntry } from './audit-chain.js';

export interface AuditInput {
  action: string;
  actor: Actor;
  at: Date;
  opinion?: string | null;
  before?: JsonValue;
  after?: JsonValue;
}

interface AuditHead {
  auditSeq: number;
  auditHead: string;
}

/**
 * The chain head of each case as this transaction last read it under the case row lock or wrote it (issue 22: no
 * head read per append). Keyed by the transaction: it goes with it, and another transaction starts empty.
 */
const headsInHand = new WeakMap<RawExecutor, Map<string, AuditHead>>();

/** Notes the head of a case read while holding its row lock (`lockCase`): the next append need not read it again. */
export function holdAuditHead(tx: RawExecutor, caseId: string, head: AuditHead): void {
  const heads = headsInHand.get(tx) ?? new Map<string, AuditHead>();
  heads.set(caseId, { auditSeq: head.auditSeq, auditHead: head.auditHead });
  headsInHand.set(tx, heads);
}

/** An audit entry ready to write: its content hashed onto the case's chain head as this transaction holds it. */
export interface PreparedAudit {
  caseId: string;
  seq: number;
  prevHash: string;
  hash: string;
  content: AuditContent;
}

/**
 * Prepares the next entry of a case's chain. The caller holds the case row lock (every write locks its case first), so
 * sequence numbers never race. The head is read only when this transaction holds none for the case (the row lock keeps
 * a held one current). Written by `appendAudit`, or inside a write's own statement with {@link auditParams} (then
 * {@link auditWritten}).
 */
export async function prepareAudit(
  tx: RawExecutor,
  caseId: string,
  input: AuditInput,
): Promise<PreparedAudit> {
  const head = headsInHand.get(tx)?.get(caseId) ?? (await readAuditHead(tx, caseId));
  const content: AuditContent = {
    caseId,
    seq: head.auditSeq + 1,
    action: input.action,
    actor: JSON.parse(JSON.stringify(input.actor)) as JsonValue,
    at: input.at.toISOString(),
    opinion: input.opinion ?? null,
    before: input.before === undefined ? null : (JSON.parse(JSON.stringify(input.before)) as JsonValue),
    after: input.after === undefined ? null : (JSON.parse(JSON.stringify(input.after)) as JsonValue),
  };
  return {
    caseId,
    seq: content.seq,
    prevHash: head.auditHead,
    hash: auditHash(head.auditHead, content),
    content,
  };
}

/** The case's chain head as stored (raw SQL: the same on a Prisma transaction and on the driver's own). */
async function readAuditHead(tx: RawExecutor, caseId: string): Promise<AuditHead> {
  const [head] = await tx.$queryRawUnsafe<AuditHead[]>(
    `SELECT "audit_seq" AS "auditSeq", "audit_head" AS "auditHead" FROM "approval_case" WHERE "id" = $1::uuid`,
    caseId,
  );
  if (head === undefined) throw new Error(`approval case ${caseId} not found`);
  return head;
}

/**
 * The 11 parameters of an entry, in the order every statement writing one binds them: case id (uuid), seq (int),
 * action, actor (jsonb), at (timestamptz), opinion, before (jsonb), after (jsonb), prev hash, hash, and the case's
 * `updated_at` (timestamptz).
 */
export function auditParams(a: PreparedAudit): unknown[] {
  const jsonOrNull = (v: JsonValue) => (v === null ? null : JSON.stringify(v));
  const c = a.content;
  return [
    a.caseId,
    a.seq,
    c.action,
    JSON.stringify(c.actor),
    c.at,
    c.opinion,
    jsonOrNull(c.before),
    jsonOrNull(c.after),
    a.prevHash,
    a.hash,
    new Date().toISOString(),
  ];
}

/** Notes an entry written (its statement succeeded): the case's head is now this entry. */
export function auditWritten(tx: RawExecutor, a: PreparedAudit): void {
  holdAuditHead(tx, a.caseId, { auditSeq: a.seq, auditHead: a.hash });
}

/**
 * Appends to a case's hash chain: the entry and the case's new head in one statement (issue 22: statements per case).
 * The case row keeps the head (seq + hash) so a removed tail is detected.
 */
export async function appendAudit(tx: RawExecutor, caseId: string, input: AuditInput): Promise<void> {
  const entry = await prepareAudit(tx, caseId, input);
  await tx.$executeRawUnsafe(
    `WITH entry AS (
       INSERT INTO "audit_entry" ("case_id", "seq", "action", "actor", "at", "opinion", "before", "after", "prev_hash", "hash")
       VALUES ($1::uuid, $2, $3, $4::jsonb, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9, $10)
       RETURNING "case_id")
     UPDATE "approval_case" SET "audit_seq" = $2, "audit_head" = $10, "updated_at" = $11::timestamptz
       FROM entry WHERE "approval_case"."id" = entry."case_id"`,
    ...auditParams(entry),
  );
  auditWritten(tx, entry);
}

export async function readAudit(tx: ApprovalTx, caseId: string): Promise<StoredAuditEntry[]> {
  const rows = await tx.auditEntry.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  return rows.map((r) => ({
    id: r.id.toString(),
    caseId: r.caseId,
    seq: r.seq,
    action: r.action,
    actor: r.actor,
    at: r.at.toISOString(),
    opinion: r.opinion,
    before: r.before ?? null,
    after: r.after ?? null,
    prevHash: r.prevHash,
    hash: r.hash,
  }));
}
