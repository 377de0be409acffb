import { afterAll, describe, expect, it } from '@jest/globals';
import { hasCjkFont } from './cjk-font.js';
import { inspectPdf } from './pdf-text.js';
import { PdfRenderPool, rendererModule } from './render-pool.js';
import { textPdf } from './render-pool.fixture.js';

const required = process.env.CI === 'true' || process.env.REQUIRE_CJK_FONT === '1';
const describePdf = hasCjkFont() || required ? describe : describe.skip;

const fixture = <I>(name: string) => rendererModule<I>(import.meta.url, 'render-pool.fixture', name);
const options = {
  workers: 1,
  maxQueue: 1,
  timeoutMs: 60_000,
  codes: { busy: 'TEST_RENDER_BUSY', failed: 'TEST_RENDER_FAILED' },
  document: 'test PDF',
  retryAfterSeconds: 7,
};

describePdf('PdfRenderPool (PDFs in worker threads, bounded queue)', () => {
  const pool = new PdfRenderPool(options);
  afterAll(() => pool.close());

  it('renders in a worker thread, the same bytes as in the event loop', async () => {
    const thread = await pool.render(fixture('whichThread'), {});
    expect(Number(thread.toString())).toBeGreaterThan(0);
    const input = { text: '食品经营许可证 杭州市西湖区市场监督管理局' };
    const inThread = await pool.render(fixture<typeof input>('textPdf'), input);
    expect(inThread.equals(await textPdf(input))).toBe(true);
    expect(inspectPdf(inThread).pages.join('').replace(/\s+/g, '')).toContain('杭州市西湖区市场监督管理局');
    expect(pool.rendered).toBe(2);
  });

  it("passes a renderer's AppError on with its code, status and details; other errors as plain errors", async () => {
    await expect(pool.render(fixture('refuses'), { code: 'TEXT_TOO_LONG' })).rejects.toMatchObject({
      code: 'TEXT_TOO_LONG',
      status: 422,
      details: { field: 'text' },
    });
    await expect(pool.render(fixture('crashes'), {})).rejects.toThrow(
      'test PDF render failed: layout exploded',
    );
    await expect(pool.render(fixture('noSuchExport'), {})).rejects.toThrow(/has no function noSuchExport/);
    // The worker survived all three.
    expect((await pool.render(fixture('whichThread'), {})).length).toBeGreaterThan(0);
  });

  it('refuses at once when every worker is busy and the queue is full (503, retry-after), and runs the rest', async () => {
    const held = new PdfRenderPool(options);
    held.pause();
    const first = held.render(fixture('whichThread'), {}); // the one place in the queue
    await expect(held.render(fixture('whichThread'), {})).rejects.toMatchObject({
      code: 'TEST_RENDER_BUSY',
      status: 503,
      details: { retryAfterSeconds: 7 },
    });
    expect(held.queued).toBe(1);
    held.resume();
    expect((await first).length).toBeGreaterThan(0);
    await held.close();
    await expect(held.render(fixture('whichThread'), {})).rejects.toMatchObject({ code: 'TEST_RENDER_BUSY' });
  });

  it('fails a render that outlives its time limit and replaces the worker', async () => {
    const quick = new PdfRenderPool({ ...options, timeoutMs: 1 });
    await expect(quick.render(fixture('textPdf'), { text: '超时' })).rejects.toMatchObject({
      code: 'TEST_RENDER_FAILED',
      status: 503,
    });
    await quick.close();
  });
});
