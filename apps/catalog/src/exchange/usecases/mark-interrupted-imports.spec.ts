import { describe, expect, it } from '@jest/globals';
import { INTERRUPTED, MarkInterruptedImports } from './mark-interrupted-imports.js';

describe('MarkInterruptedImports', () => {
  it('fails the jobs still running with a message that says to re-run the import', async () => {
    const errors: string[] = [];
    const useCase = new MarkInterruptedImports({
      failRunning: (error) => (errors.push(error), Promise.resolve(2)),
    });
    await expect(useCase.execute()).resolves.toBe(2);
    expect(errors).toEqual([INTERRUPTED]);
    expect(INTERRUPTED).toMatch(/run the import again/);
  });
});
