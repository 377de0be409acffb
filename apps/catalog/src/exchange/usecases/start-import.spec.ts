import { describe, expect, it } from '@jest/globals';
import { CatalogExchange, type ImportReport } from '@hall/contracts';
import { catalogDoc } from '../../../test/factories/catalog.factory.js';
import { StartImport } from './start-import.js';

const REPORT: ImportReport = { totals: {}, rows: [], durationMs: 1 };

function harness(run: () => Promise<ImportReport>) {
  const calls: unknown[][] = [];
  const jobs = {
    start: (...a: unknown[]) => (calls.push(['start', ...a]), Promise.resolve()),
    progress: (...a: unknown[]) => (calls.push(['progress', ...a]), Promise.resolve()),
    finish: (...a: unknown[]) => (calls.push(['finish', ...a]), Promise.resolve()),
    fail: (...a: unknown[]) => (calls.push(['fail', ...a]), Promise.resolve()),
  };
  const useCase = new StartImport(jobs, { execute: run }, () => 'job-1');
  return { useCase, calls };
}

describe('StartImport', () => {
  const doc = CatalogExchange.parse(catalogDoc());
  const rows = 5 + 3 + 1 + 2;

  it('records the job with its row count before answering, and its report when the import ends', async () => {
    const h = harness(() => Promise.resolve(REPORT));
    const { jobId, done } = await h.useCase.execute(doc, 'admin');
    expect(jobId).toBe('job-1');
    expect(h.calls[0]).toEqual(['start', 'job-1', rows, 'admin']);
    await done;
    expect(h.calls.at(-1)).toEqual(['finish', 'job-1', rows, REPORT]);
  });

  it('records the error of a failed import on the job', async () => {
    const h = harness(() => Promise.reject(new Error('database gone')));
    const { done } = await h.useCase.execute(doc, 'admin');
    await done;
    expect(h.calls.at(-1)).toEqual(['fail', 'job-1', 'database gone']);
  });
});
