import { z } from 'zod';
import { checkContract } from './contract-check.js';
import { recordServerError, serverErrors } from './server-errors.js';

const answer = (status: number, body: unknown) => Promise.resolve({ status, body });

describe('checkContract on a failed call', () => {
  it("quotes what the service logged under the 500's correlation id, and only that", async () => {
    recordServerError({ correlationId: 'corr-other', err: 'Error: unrelated' }, 'request failed');
    recordServerError(
      { correlationId: 'corr-500', err: 'Error: Transaction already closed' },
      'request failed',
    );
    const failure = checkContract(
      z.object({ ok: z.boolean() }),
      answer(500, { correlationId: 'corr-500' }),
      201,
    );
    await expect(failure).rejects.toThrow(/the service logged:\n.*Transaction already closed/);
    await expect(failure).rejects.not.toThrow(/unrelated/);
  });

  it('says nothing more for a 4xx, whose body is the explanation', async () => {
    await expect(
      checkContract(z.object({}), answer(400, { code: 'VALIDATION_FAILED', correlationId: 'corr-500' })),
    ).rejects.toThrow(/expected status 200, got 400: \{"code":"VALIDATION_FAILED"[^\n]*$/);
  });

  it('keeps the last 50 errors', () => {
    for (let i = 0; i < 60; i += 1) recordServerError(`error ${i}`);
    expect(serverErrors()).toHaveLength(50);
    expect(serverErrors().at(-1)).toBe('error 59');
  });
});
