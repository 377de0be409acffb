import type { Actor } from '@hall/contracts';
import type { ApprovalTx } from '../approval.store.js';
import { Prisma } from '../generated/prisma/client.js';
import { auditHash, type AuditContent, type JsonValue, type StoredAuditEntry } from './audit-chain.js';

export interface AuditInput {
  action: string;
  actor: Actor;
  at: Date;
  opinion?: string | null;
  before?: JsonValue;
  after?: JsonValue;
}

const json = (v: JsonValue): Prisma.InputJsonValue | typeof Prisma.DbNull =>
  v === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);

/**
 * Appends to a case's hash chain. The caller holds the case row lock (every write locks its case first), so
 * sequence numbers never race; the case row keeps the head (seq + hash) so a removed tail is detected.
 */
export async function appendAudit(tx: ApprovalTx, caseId: string, input: AuditInput): Promise<void> {
  const head = await tx.approvalCase.findUniqueOrThrow({
    where: { id: caseId },
    select: { auditSeq: true, auditHead: true },
  });
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
  await tx.auditEntry.create({
    data: {
      caseId,
      seq: content.seq,
      action: content.action,
      actor: json(content.actor) as Prisma.InputJsonValue,
      at: input.at,
      opinion: content.opinion,
      before: json(content.before),
      after: json(content.after),
      prevHash: head.auditHead,
      hash,
    },
  });
  await tx.approvalCase.update({ where: { id: caseId }, data: { auditSeq: content.seq, auditHead: hash } });
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
