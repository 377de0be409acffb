import {
  auditHash,
  canonicalJson,
  verifyAuditChain,
  type AuditContent,
  type StoredAuditEntry,
} from './audit-chain.js';

function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = '';
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      caseId: 'c1',
      seq,
      action: `a${seq}`,
      actor: { userId: 'u', name: '陈明', role: 'approver' },
      at: new Date(Date.UTC(2026, 0, seq)).toISOString(),
      opinion: seq === 2 ? '同意' : null,
      before: { status: 'pending' },
      after: { status: 'claimed' },
    };
    const hash = auditHash(prev, content);
    out.push({ ...content, id: String(seq), prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every level and ignores undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('an untouched chain verifies', () => {
    const c = chain(4);
    expect(verifyAuditChain(c, { seq: 4, hash: c[3]?.hash ?? '' })).toEqual({ intact: true, entries: 4 });
  });

  it('a changed opinion breaks the entry that holds it', () => {
    const c = chain(4);
    const tampered = c.map((e) => (e.seq === 2 ? { ...e, opinion: '不同意' } : e));
    expect(verifyAuditChain(tampered, { seq: 4, hash: c[3]?.hash ?? '' }).firstBroken).toEqual({
      seq: 2,
      id: '2',
      reason: 'hash-mismatch',
    });
  });

  it('a re-hashed forged entry breaks its successor', () => {
    const c = chain(4);
    const forged = c.map((e) => {
      if (e.seq !== 2) return e;
      const { id: _i, prevHash: _p, hash: _h, ...content } = e;
      const changed = { ...content, opinion: '不同意' };
      return { ...changed, id: e.id, prevHash: e.prevHash, hash: auditHash(e.prevHash, changed) };
    });
    expect(verifyAuditChain(forged, { seq: 4, hash: c[3]?.hash ?? '' }).firstBroken).toMatchObject({
      seq: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('a removed entry and a removed tail are both reported', () => {
    const c = chain(4);
    expect(
      verifyAuditChain(
        c.filter((e) => e.seq !== 3),
        { seq: 4, hash: c[3]?.hash ?? '' },
      ).firstBroken,
    ).toMatchObject({ seq: 4, reason: 'sequence-gap' });
    expect(verifyAuditChain(c.slice(0, 3), { seq: 4, hash: c[3]?.hash ?? '' }).firstBroken).toMatchObject({
      seq: 4,
      reason: 'head-mismatch',
    });
  });
});
