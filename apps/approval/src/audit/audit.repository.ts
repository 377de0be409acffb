import type { Actor } from '@hall/contracts';
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
const headsInHand = new WeakMap<ApprovalTx, Map<string, AuditHead>>();

/** Notes the head of a case read while holding its row lock (`lockCase`): the next append need not read it again. */
export function holdAuditHead(tx: ApprovalTx, caseId: string, head: AuditHead): void {
  const heads = headsInHand.get(tx) ?? new Map<string, AuditHead>();
  heads.set(caseId, { auditSeq: head.auditSeq, auditHead: head.auditHead });
  headsInHand.set(tx, heads);
}

/**
 * Appends to a case's hash chain. The caller holds the case row lock (every write locks its case first), so
 * sequence numbers never race; the case row keeps the head (seq + hash) so a removed tail is detected. The head
 * is read only when this transaction holds none for the case (the row lock keeps a held one current).
 */
export async function appendAudit(tx: ApprovalTx, caseId: string, input: AuditInput): Promise<void> {
  const head =
    headsInHand.get(tx)?.get(caseId) ??
    (await tx.approvalCase.findUniqueOrThrow({
      where: { id: caseId },
      select: { auditSeq: true, auditHead: true },
    }));
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
  const hash = auditHash(head.auditHead, content);
  // The entry and the case's new head in one statement (issue 22: statements per case).
  const jsonOrNull = (v: JsonValue) => (v === null ? null : JSON.stringify(v));
  await tx.$executeRawUnsafe(
    `WITH entry AS (
       INSERT INTO "audit_entry" ("case_id", "seq", "action", "actor", "at", "opinion", "before", "after", "prev_hash", "hash")
       VALUES ($1::uuid, $2, $3, $4::jsonb, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9, $10)
       RETURNING "case_id")
     UPDATE "approval_case" SET "audit_seq" = $2, "audit_head" = $10, "updated_at" = $11::timestamptz
       FROM entry WHERE "approval_case"."id" = entry."case_id"`,
    caseId,
    content.seq,
    content.action,
    JSON.stringify(content.actor),
    content.at,
    content.opinion,
    jsonOrNull(content.before),
    jsonOrNull(content.after),
    head.auditHead,
    hash,
    new Date().toISOString(),
  );
  holdAuditHead(tx, caseId, { auditSeq: content.seq, auditHead: hash });
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
