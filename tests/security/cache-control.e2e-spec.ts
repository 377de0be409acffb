/**
 * Personal responses are never cacheable (issue 18, finding 7). Against one embedded hall (the `npm start` origin):
 * - every API route of every service (found in Nest's metadata), called as a user its access rule admits, answers
 *   with `Cache-Control: no-store` whatever its status; anonymous calls to public routes too (no route of the
 *   services sets its own caching today; libs/platform/src/cache-control.spec.ts covers a route that does);
 * - the responses the attack pass named: an application's detail (full ID number and phone), the applicant's
 *   licences, notifications, the application list, the notice/licence PDF routes;
 * - the web app: hashed assets under /assets/ are `public, max-age=31536000, immutable`, index.html and every
 *   single-page route `no-cache` (revalidated, so a new release is picked up); an asset the build precompressed goes
 *   out as its brotli or gzip copy per Accept-Encoding (Content-Encoding, Vary), else as it is.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { Role } from '@hall/auth';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '@hall/persistence';
import request from 'supertest';
import { startEmbeddedHall, type EmbeddedHall } from '../../apps/hall/src/embedded-hall.js';
import { eventually, HallClient } from '../../apps/hall/test/support/hall-client.js';
import { discoverRoutes, ROLE_USERS } from './support/services.js';

type Access = 'public' | 'authenticated' | Role[];
const matrix = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'route-matrix.json'), 'utf8'),
) as Record<string, Record<string, Access>>;

const noStore = (header: unknown): boolean =>
  typeof header === 'string' && /(^|[\s,])no-store($|[\s,])/.test(header);

const SCRIPT = 'console.log("一网通办 hall");'.repeat(20);

let hall: EmbeddedHall;
let client: HallClient;
let webRoot: string;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  // A built web app as Vite leaves it: index.html and content-hashed assets.
  webRoot = mkdtempSync(path.join(tmpdir(), 'hall-web-'));
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(
    path.join(webRoot, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-3f9a1c2b.js"></script></head><body></body></html>',
  );
  writeFileSync(path.join(webRoot, 'assets', 'index-3f9a1c2b.js'), SCRIPT);
  // What scripts/build-web.mjs writes next to each asset (here for the script only).
  writeFileSync(path.join(webRoot, 'assets', 'index-3f9a1c2b.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(path.join(webRoot, 'assets', 'index-3f9a1c2b.js.gz'), gzipSync(SCRIPT));
  writeFileSync(path.join(webRoot, 'assets', 'index-77aa01fe.css'), 'body{margin:0}');
  const pg = await isPostgresAvailable();
  hall = await startEmbeddedHall({
    port: 0,
    logLevel: 'error',
    webRoot,
    ...(pg && {
      openServiceDatabase: async (service: string) => {
        const t = await createTestDatabase('pg', { label: `cache_${service}` });
        databases.push(t);
        return { ...t.db, close: async () => undefined };
      },
    }),
  });
  client = new HallClient(hall.url);
}, 300_000);

afterAll(async () => {
  await hall?.close();
  for (const d of databases) await d.dispose();
  rmSync(webRoot, { recursive: true, force: true });
});

/** GET with the user's token (none: anonymous), as supertest's response (headers included). */
async function get(
  user: string | undefined,
  url: string,
  query: Record<string, string> = {},
): Promise<request.Response> {
  const req = request(hall.url).get(url).query(query);
  return user ? req.set('authorization', await client.auth(user)) : req;
}

describe('Cache-Control of API responses', () => {
  it('every route of every service answers no-store: signed in as a user its rule admits, and anonymously', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [name, { app }] of hall.services) {
      for (const route of discoverRoutes(app, `api/${name}`).filter((r) => r.method === 'GET')) {
        const access = matrix[name]?.[route.key];
        const role: Role | undefined =
          access === 'public'
            ? undefined
            : access === 'authenticated' || access === undefined
              ? 'applicant'
              : access[0];
        const url = route.path
          .replace(/:year/g, '2026')
          .replace(/:[A-Za-z]+/g, 'X0000000000000000000X')
          .replace(/\*$/, 'x.pdf');
        for (const user of role
          ? [ROLE_USERS[role], undefined]
          : [undefined, ROLE_USERS['applicant' as Role]]) {
          const res = await get(user, url);
          checked++;
          const header = res.headers['cache-control'];
          if (!noStore(header))
            wrong.push(
              `${route.key} as ${user ?? 'anonymous'}: ${res.status}, cache-control ${header ?? '(none)'}`,
            );
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('the responses with personal data the attack pass named: no-store', async () => {
    const impl = await client.implementation('开办餐饮店', '330102');
    const no = await client.submit('zhangsan', impl, {
      entityName: '张三小馆',
      premises: '杭州市上城区清河坊 88 号',
    });
    expect(
      (await client.post('clerk.shangcheng', `/api/intake/applications/${no}/accept`, { mode: 'normal' }))
        .status,
    ).toBe(200);
    // The acceptance notice (受理通知书), a PDF with the applicant's name.
    const notice = await eventually('the acceptance notice', async () => {
      const detail = await get('zhangsan', `/api/intake/applications/${no}`);
      return (detail.body as { notices?: Array<{ id: string }> }).notices?.[0];
    });
    const detail = await get('zhangsan', `/api/intake/applications/${no}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('330102199003071230'); // the full ID number: personal data indeed
    const checks: Array<[string, string, Record<string, string>, number]> = [
      ['zhangsan', `/api/intake/applications/${no}`, {}, 200],
      ['clerk.shangcheng', `/api/intake/applications/${no}`, {}, 200],
      ['zhangsan', `/api/intake/applications/${no}/notices/${notice.id}.pdf`, {}, 200],
      ['zhangsan', '/api/intake/applications', {}, 200],
      ['zhangsan', '/api/intake/licences', {}, 200],
      ['zhangsan', '/api/intake/notifications', {}, 200],
      ['zhangsan', '/api/licence/licences', { mine: '1' }, 200],
    ];
    for (const [user, url, query, status] of checks) {
      const res = await get(user, url, query);
      expect([url, res.status, res.headers['cache-control']]).toEqual([url, status, 'no-store']);
    }
  }, 120_000);

  it('errors and unknown services: no-store as well', async () => {
    for (const url of [
      '/api/intake/applications/NO-SUCH',
      '/api/nosuchservice/x',
      '/api/catalog/implementations?page=x',
    ]) {
      const res = await request(hall.url).get(url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect([url, noStore(res.headers['cache-control'])]).toEqual([url, true]);
    }
  });
});

describe('Cache-Control of the web app', () => {
  it('hashed assets are public and immutable for a year', async () => {
    for (const asset of ['/assets/index-3f9a1c2b.js', '/assets/index-77aa01fe.css']) {
      const res = await request(hall.url).get(asset);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('index.html and single-page routes are revalidated (no-cache), a missing asset is not cached', async () => {
    for (const page of ['/', '/index.html', '/items/330102-000201', '/my/applications']) {
      const res = await request(hall.url).get(page);
      expect(res.status).toBe(200);
      expect([page, res.headers['cache-control']]).toEqual([page, 'no-cache']);
      expect(res.text).toContain('/assets/index-3f9a1c2b.js');
    }
    const missing = await request(hall.url).get('/assets/index-00000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).not.toMatch(/max-age|immutable|public/);
  });
});

/** A raw GET (no decoding: node:http, unlike supertest and fetch, hands over the bytes as sent). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

describe('Compression of the web app', () => {
  const script = () => `${hall.url}/assets/index-3f9a1c2b.js`;

  it('sends the brotli copy when accepted, gzip when only that is, with Vary and the same caching', async () => {
    const br = await rawGet(script(), { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect([br.status, br.headers['content-encoding'], br.headers['vary']]).toEqual([
      200,
      'br',
      'Accept-Encoding',
    ]);
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 4);

    const gz = await rawGet(script(), { 'accept-encoding': 'gzip, deflate' });
    expect([gz.headers['content-encoding'], gz.headers['vary']]).toEqual(['gzip', 'Accept-Encoding']);
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
  });

  it('sends the file as it is without Accept-Encoding, when brotli is refused (q=0) and when no copy exists', async () => {
    const plain = await rawGet(script(), {});
    expect([plain.headers['content-encoding'], plain.headers['vary']]).toEqual([
      undefined,
      'Accept-Encoding',
    ]);
    expect(plain.body.toString()).toBe(SCRIPT);

    const refused = await rawGet(script(), { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(refused.headers['content-encoding']).toBe('gzip');
    const none = await rawGet(script(), { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.toString()).toBe(SCRIPT);

    const css = await rawGet(`${hall.url}/assets/index-77aa01fe.css`, { 'accept-encoding': 'br, gzip' });
    expect([css.status, css.headers['content-encoding']]).toEqual([200, undefined]);
    expect(css.body.toString()).toBe('body{margin:0}');
  });
});
