import { DEFAULT_UPLOAD_LIMITS, QUOTA_REFUSAL_MEMORY_MS, UploadGate } from './upload-limits.js';

describe('UploadGate quota refusals', () => {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, unattachedMaxFiles: 2, unattachedMaxBytes: 1000 };

  it('remembers a user refused over quota for a while (their next upload reads the quota first), nobody else', () => {
    let now = 1_000_000;
    const gate = new UploadGate(limits, () => now);
    expect(gate.refusedLately('u1')).toBe(false);
    gate.checkQuota({ files: 1, bytes: 10 }, { files: 1, bytes: 10 }, 'u1'); // within: not remembered
    expect(gate.refusedLately('u1')).toBe(false);
    expect(() => gate.checkQuota({ files: 2, bytes: 10 }, { files: 1, bytes: 10 }, 'u1')).toThrow(
      expect.objectContaining({ code: 'UPLOAD_QUOTA_EXCEEDED', status: 409 }),
    );
    expect(() => gate.checkQuota({ files: 0, bytes: 999 }, { files: 1, bytes: 2 })).toThrow(
      expect.objectContaining({ code: 'UPLOAD_QUOTA_EXCEEDED' }),
    );
    expect([gate.refusedLately('u1'), gate.refusedLately('u2')]).toEqual([true, false]);
    now += QUOTA_REFUSAL_MEMORY_MS;
    expect(gate.refusedLately('u1')).toBe(true);
    now += 1;
    expect(gate.refusedLately('u1')).toBe(false);
  });
});
