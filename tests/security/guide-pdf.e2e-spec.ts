/**
 * Anonymous CPU exhaustion through `GET /api/catalog/implementations/:code/guide.pdf` (issue 18, finding 4): every
 * request rendered the PDF again on the event loop (0.3–0.4 s of CPU), with no cache and no limit. Now:
 * - a published version is rendered once (disk cache keyed by the guide's content, so by code and version): a
 *   second request, concurrent requests and a restarted service render nothing (the workers' render count shows it);
 * - renders run in a worker pool whose queue is bounded: with every worker busy and the queue full the next
 *   render is refused at once with 503 GUIDE_RENDER_BUSY and Retry-After, while the service stays responsive;
 * - the route is rate-limited per client IP (`public-render`, RATE_LIMIT_RENDER_MAX), keyed like every other
 *   limit on the real client address.
 * The queue is filled deterministically by holding the pool (`pause()`), not by timing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_HTTP_SECURITY } from '@hall/platform';
import { binaryParser, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import {
  BODIES,
  catalogDoc,
  FOOD_BASE,
  foodDraft,
} from '../../apps/catalog/test/factories/catalog.factory.js';
import { GuidePdfService } from '../../apps/catalog/src/guides/guide-pdf.service.js';
import { GuideRenderPool } from '../../apps/catalog/src/guides/guide-render.pool.js';
import type { Guide } from '../../apps/catalog/src/guides/guide.model.js';
import { createCatalogService } from '../../apps/catalog/src/index.js';
import { startService } from './support/services.js';

const LIMIT = 8;
const county = `${BODIES.xihuMarket.uscc}4${FOOD_BASE.code}`;
const city = `${BODIES.hangzhouMarket.uscc}3${FOOD_BASE.code}`;
/** The catalog with both implementations at `promisedLimitDays` (each import with a new value publishes a new version). */
const docWith = (promisedLimitDays: number) =>
  catalogDoc({
    implementations: [
      foodDraft({ promisedLimitDays }),
      foodDraft({
        promisedLimitDays,
        level: '3',
        regionCode: '330100',
        parentRegionCode: '330000',
        implementingBody: BODIES.hangzhouMarket,
      }),
    ] as never,
  });

/** The JSON error body of a response read as bytes. */
const errorBody = (res: request.Response): Record<string, unknown> =>
  JSON.parse((res.body as Buffer).toString('utf8')) as Record<string, unknown>;

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('guide PDF (办事指南): cached per version, rendered in a bounded worker pool, rate-limited (issue 18, finding 4)', () => {
  let h: ServiceHarness;
  let admin: string;
  let cacheDir: string;
  let pdfs: GuidePdfService;
  let client = 0;
  /** A client address of its own per test (the service trusts one proxy hop), so each test has its own bucket. */
  const nextClient = () => `203.0.113.${++client}`;
  const guidePdf = (code: string, from: string, version?: number) =>
    request(h.url)
      .get(`/api/catalog/implementations/${code}/guide.pdf`)
      .query(version === undefined ? {} : { version })
      .set('x-forwarded-for', from)
      .buffer(true)
      .parse(binaryParser);
  const importDoc = async (days: number) => {
    const res = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .send(docWith(days));
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'guide-cache-'));
    h = await startService(
      createCatalogService({ lockedElements: new Set(), guides: { workers: 1, maxQueue: 2, cacheDir } }),
      {
        security: { ...DEFAULT_HTTP_SECURITY, trustProxyHops: 1, publicRenderMax: LIMIT },
      },
    );
    admin = await h.tokenFor('catalog.admin');
    await importDoc(7); // version 1 of both
    await importDoc(6); // version 2 of both
    pdfs = h.app.get(GuidePdfService);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('renders a version once: repeated, concurrent and restarted requests are served from the cache', async () => {
    const from = nextClient();
    const before = pdfs.pool.rendered;
    const first = await guidePdf(county, from);
    expect([
      first.status,
      first.headers['content-type'],
      (first.body as Buffer).subarray(0, 5).toString(),
    ]).toEqual([200, 'application/pdf', '%PDF-']);
    expect(pdfs.pool.rendered).toBe(before + 1);

    const again = await guidePdf(county, from);
    expect(again.status).toBe(200);
    expect(Buffer.compare(again.body as Buffer, first.body as Buffer)).toBe(0);
    expect((await guidePdf(county, from, 2)).status).toBe(200); // the latest version named explicitly: the same guide
    expect(pdfs.pool.rendered).toBe(before + 1);

    expect((await guidePdf(county, from, 1)).status).toBe(200); // another version: its own render
    expect(pdfs.pool.rendered).toBe(before + 2);

    const burstFrom = nextClient();
    const burst = await Promise.all(Array.from({ length: 5 }, () => guidePdf(city, burstFrom, 1)));
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(burst.map((r) => (r.body as Buffer).toString('base64'))).size).toBe(1);
    expect(pdfs.pool.rendered).toBe(before + 3);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.pdf'))).toHaveLength(3);

    // A restarted service (a new renderer over the same cache directory) that may not render at all still answers.
    const guide = (await request(h.url).get(`/api/catalog/implementations/${county}/guide`)).body as Guide;
    const restarted = new GuidePdfService(
      new GuideRenderPool({ workers: 1, maxQueue: 0, timeoutMs: 1000 }),
      cacheDir,
    );
    restarted.pool.pause();
    const served = await restarted.pdf(guide);
    expect(Buffer.compare(served, first.body as Buffer)).toBe(0);
    expect(restarted.pool.rendered).toBe(0);
    await restarted.pool.close();
  });

  it('a full render queue answers 503 GUIDE_RENDER_BUSY with Retry-After at once; the queued renders finish after', async () => {
    await importDoc(5); // version 3 of both: nothing of it rendered yet
    const from = nextClient();
    const before = pdfs.pool.rendered;
    pdfs.pool.pause();
    try {
      // Two renders wait (the queue bound), a third request for one of them joins it instead of queueing again.
      const queued = [guidePdf(city, from, 2).then((r) => r), guidePdf(city, from, 3).then((r) => r)];
      await until('two queued renders', () => pdfs.pool.queued === 2);
      const joined = guidePdf(city, from, 2).then((r) => r);

      const refused = await guidePdf(county, from, 3);
      const body = errorBody(refused);
      expect({ status: refused.status, code: body.code, retryAfter: refused.headers['retry-after'] }).toEqual(
        {
          status: 503,
          code: 'GUIDE_RENDER_BUSY',
          retryAfter: '5',
        },
      );
      expect(body).toMatchObject({ statusCode: 503, details: { retryAfterSeconds: 5 } });
      expect(typeof body.correlationId).toBe('string');
      expect(pdfs.pool.queued).toBe(2);
      // The service itself still answers while the renderer is saturated.
      expect((await request(h.url).get('/api/catalog/health/live')).status).toBe(200);
      expect((await request(h.url).get(`/api/catalog/implementations/${county}/guide`)).status).toBe(200);

      pdfs.pool.resume();
      const done = await Promise.all([...queued, joined]);
      expect(done.map((r) => [r.status, (r.body as Buffer).subarray(0, 5).toString()])).toEqual([
        [200, '%PDF-'],
        [200, '%PDF-'],
        [200, '%PDF-'],
      ]);
      expect(pdfs.pool.rendered).toBe(before + 2);
      // Once the queue drained, the refused guide renders normally.
      expect((await guidePdf(county, from, 3)).status).toBe(200);
      expect(pdfs.pool.rendered).toBe(before + 3);
    } finally {
      pdfs.pool.resume();
    }
  });

  it(`over ${LIMIT} requests per client and window → 429 RATE_LIMITED; spoofed X-Forwarded-For entries do not reset it`, async () => {
    const from = nextClient();
    for (let i = 0; i < LIMIT; i++) expect((await guidePdf(county, from)).status).toBe(200);
    const limited = await guidePdf(county, from);
    expect({ status: limited.status, code: errorBody(limited).code }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The client forging addresses left of the one our proxy appended stays the same client.
    expect((await guidePdf(county, `198.51.100.7, ${from}`)).status).toBe(429);
    expect((await guidePdf(city, from)).status).toBe(429); // per route, not per guide
    // Another client is served; the JSON guide of the same version is not limited.
    expect((await guidePdf(county, nextClient())).status).toBe(200);
    expect(
      (await request(h.url).get(`/api/catalog/implementations/${county}/guide`).set('x-forwarded-for', from))
        .status,
    ).toBe(200);
  });
});
