/**
 * NUL characters at the boundary (issue 18, finding 6). PostgreSQL text cannot hold U+0000: before the fix a NUL in a
 * path parameter, a query parameter or a JSON string reached SQL and came back as a 500 with a logged stack. The
 * platform (libs/platform `refuseNulCharacters`, installed by createServiceApp) now refuses it before any guard,
 * pipe or handler runs: 400 `VALIDATION_FAILED` naming the field (`details.field`, `details.location`), nothing
 * logged as a failure, nothing stored. Every route of every service is probed (path, query, body: nested values and
 * keys), plus the issue's own probes and a real rating whose comment carries a NUL.
 *
 * Second part: an audited read (`@AuditRead()`) whose audit row cannot be written fails with 503
 * `AUDIT_UNAVAILABLE` and sends none of the data it would have shown.
 */
import { isPostgresAvailable } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@hall/auth';
import request from 'supertest';
import { createSupervisionService } from '@hall/app-supervision';
import { ManualClock } from '@hall/calendar';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  submitApplication,
  ZHANGSAN_ID,
  type IntakeHarness,
} from '../../apps/intake/test/factories/intake.factory.js';
import { at, CaseHistory, publishLive } from '../../apps/supervision/test/factories/case-history.factory.js';
import {
  discoverRoutes,
  ROLE_USERS,
  serviceNamed,
  SERVICES,
  startService,
  type DiscoveredRoute,
} from './support/services.js';

type Access = 'public' | 'authenticated' | Role[];
type ErrorBody = {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { field?: string; location?: string; issues?: Array<{ field: string; code: string }> };
};

const matrix = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'route-matrix.json'), 'utf8'),
) as Record<string, Record<string, Access>>;
const NUL_VALUE = 'a\u0000b';
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A 400 that refuses the NUL character and names `field` at `location`. */
function refusesNul(status: number, body: ErrorBody, field: string, location: string): boolean {
  return (
    status === 400 &&
    body.statusCode === 400 &&
    body.code === 'VALIDATION_FAILED' &&
    typeof body.message === 'string' &&
    body.message.includes(field) &&
    body.details?.field === field &&
    body.details.location === location &&
    (body.details.issues ?? []).some((i) => i.field === field && i.code === 'nul_character')
  );
}

const describeRes = (res: { status: number; body: unknown }) => `${res.status} ${JSON.stringify(res.body)}`;

describe.each(SERVICES.map((s) => [s.name, s] as const))(
  'NUL characters at the boundary of %s',
  (name, def) => {
    let h: ServiceHarness;
    let routes: DiscoveredRoute[];
    const failures: string[] = [];
    const logger = {
      log: () => undefined,
      warn: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
      error: (...args: unknown[]) =>
        void failures.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
    };

    beforeAll(async () => {
      h = await startService(def, { logger });
      routes = discoverRoutes(h.app, `api/${name}`).filter((r) =>
        ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method),
      );
    }, 120_000);
    afterAll(async () => {
      await h?.close();
    });

    const roleOf = (route: DiscoveredRoute): Role | undefined => {
      const access = matrix[name]?.[route.key];
      return access === 'public'
        ? undefined
        : access === 'authenticated' || access === undefined
          ? 'applicant'
          : access[0];
    };
    const call = async (route: DiscoveredRoute, url: string, body?: string) => {
      const role = roleOf(route);
      let req = request(h.url)[route.method.toLowerCase() as 'get'](url);
      if (role) req = req.set('authorization', `Bearer ${await h.tokenFor(ROLE_USERS[role])}`);
      return body === undefined ? req : req.set('content-type', 'application/json').send(body);
    };
    /** The route's path with every parameter filled with `value` (already URL-encoded). */
    const fill = (route: DiscoveredRoute, value: string) =>
      route.path.replace(/:[A-Za-z]+/g, value).replace(/\*$/, value);

    it('a NUL in a path parameter → 400 naming the parameter, on every route with one', async () => {
      const withParams = routes.filter((r) => /[:*]/.test(r.path));
      expect(withParams.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const route of withParams) {
        const first = /:([A-Za-z]+)|(\*)$/.exec(route.path);
        const field = first?.[1] ?? '*';
        const res = await call(route, fill(route, 'a%00b'), WITH_BODY.has(route.method) ? '{}' : undefined);
        if (!refusesNul(res.status, res.body as ErrorBody, field, 'path'))
          wrong.push(`${route.key}: ${describeRes(res)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a NUL in a query parameter value or name → 400 naming it, on every route', async () => {
      const wrong: string[] = [];
      for (const route of routes) {
        const base = fill(route, 'X0000000000000000000X');
        const body = WITH_BODY.has(route.method) ? '{}' : undefined;
        const byValue = await call(route, `${base}?q=a%00b`, body);
        if (!refusesNul(byValue.status, byValue.body as ErrorBody, 'q', 'query'))
          wrong.push(`${route.key} ?q=a%00b: ${describeRes(byValue)}`);
        const byName = await call(route, `${base}?a%00=1`, body);
        if (!refusesNul(byName.status, byName.body as ErrorBody, 'a\\u0000', 'query'))
          wrong.push(`${route.key} ?a%00=1: ${describeRes(byName)}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a NUL in a JSON string, at the top, nested in an array or in a property name → 400 naming it, on every route with a body', async () => {
      const withBody = routes.filter((r) => WITH_BODY.has(r.method));
      expect(withBody.length).toBeGreaterThan(0);
      const probes: Array<{ body: unknown; field: string }> = [
        { body: { note: NUL_VALUE }, field: 'note' },
        {
          body: { materials: [{ name: 'ok' }, { name: 'ok', tags: ['x', NUL_VALUE] }] },
          field: 'materials.1.tags.1',
        },
        { body: { ['k\u0000']: 1 }, field: 'k\\u0000' },
      ];
      const wrong: string[] = [];
      for (const route of withBody) {
        for (const probe of probes) {
          const res = await call(route, fill(route, 'X0000000000000000000X'), JSON.stringify(probe.body));
          if (!refusesNul(res.status, res.body as ErrorBody, probe.field, 'body'))
            wrong.push(`${route.key} ${probe.field}: ${describeRes(res)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it('logged no request failure (no 5xx, no stack) for any of the probes', () => {
      expect(failures.filter((f) => f.includes('request failed'))).toEqual([]);
    });
  },
);

describe('NUL characters: the probes of the attack pass', () => {
  const kind = async () => ((await isPostgresAvailable()) ? 'pg' : 'pglite');

  it('catalog search q / dept / theme, files/%00, implementations/a%00 → 400 naming the field', async () => {
    const h = await startService(serviceNamed('catalog'), { seedDemoData: true });
    try {
      for (const param of ['q', 'dept', 'theme']) {
        const res = await request(h.url).get(`/api/catalog/implementations?${param}=%00`);
        expect(refusesNul(res.status, res.body as ErrorBody, param, 'query') || describeRes(res)).toBe(true);
      }
      const file = await request(h.url).get('/api/catalog/files/%00');
      expect(refusesNul(file.status, file.body as ErrorBody, '*', 'path') || describeRes(file)).toBe(true);
      const impl = await request(h.url).get('/api/catalog/implementations/a%00');
      expect(refusesNul(impl.status, impl.body as ErrorBody, 'code', 'path') || describeRes(impl)).toBe(true);
      // The same search without the NUL works (the 400 is about the character, not the parameter).
      expect((await request(h.url).get('/api/catalog/implementations?q=%E8%90%A5%E4%B8%9A')).status).toBe(
        200,
      );
    } finally {
      await h.close();
    }
  }, 120_000);

  it('a rating whose comment carries a NUL → 400 naming `comment`, nothing stored; the same rating without it → 201', async () => {
    const clock = new ManualClock(new Date(at('2026-09-01 08:00')));
    const h = await startService(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }));
    try {
      const c = CaseHistory.clean();
      await publishLive(h, clock, c.events);
      const token = await h.tokenFor('lisi');
      const rate = (comment: string) =>
        request(h.url)
          .post('/api/supervision/ratings')
          .set('authorization', `Bearer ${token}`)
          .send({ applicationNo: c.no, level: 5, comment });
      const refused = await rate(`窗口态度差${'\u0000'}`);
      expect(
        refusesNul(refused.status, refused.body as ErrorBody, 'comment', 'body') || describeRes(refused),
      ).toBe(true);
      const mine = await request(h.url)
        .get('/api/supervision/ratings/mine')
        .query({ applicationNo: c.no })
        .set('authorization', `Bearer ${token}`);
      expect(mine.body).toMatchObject({ applicationNo: c.no, rating: null });
      expect((await rate('窗口态度差')).status).toBe(201);
    } finally {
      await h.close();
    }
  }, 120_000);

  describe('audited reads cannot proceed unaudited', () => {
    let h: IntakeHarness;
    beforeAll(async () => {
      h = await startIntake(await kind());
      await publishImplementation(h, foodSnapshot());
    }, 120_000);
    afterAll(async () => {
      await h?.close();
    });

    it('when the audit row cannot be written, the read answers 503 AUDIT_UNAVAILABLE with none of the data; once it can, 200 and a row', async () => {
      const no = await submitApplication(h, 'zhangsan');
      const sql = h.database.db.sql;
      // The database refuses every new audit row (what a full disk, a lost grant or a broken trigger looks like).
      await sql.query(
        `CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`,
      );
      await sql.query(
        'CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()',
      );
      try {
        for (const user of ['zhangsan', 'clerk.xihu']) {
          const res = await h.api.get(user, `/applications/${no}`);
          expect(res.status).toBe(503);
          expect(res.body).toMatchObject({
            statusCode: 503,
            code: 'AUDIT_UNAVAILABLE',
            message: expect.any(String),
          });
          expect(JSON.stringify(res.body)).not.toContain(ZHANGSAN_ID);
          expect(JSON.stringify(res.body)).not.toContain(no);
        }
      } finally {
        await sql.query('DROP TRIGGER test_refuse_audit ON audit_log');
        await sql.query('DROP FUNCTION test_refuse_audit()');
      }
      const ok = await h.api.get('clerk.xihu', `/applications/${no}`);
      expect(ok.status).toBe(200);
      const rows = (await h.api.get('admin', '/audit-log', { objectType: 'applications', objectId: no })).body
        .rows as Array<{ actorName?: string; action: string; outcome: number }>;
      expect(
        rows
          .filter((r) => r.actorName === 'clerk.xihu' && r.action === 'GET /api/intake/applications/:no')
          .map((r) => r.outcome),
      ).toEqual([200]);
    }, 60_000);
  });
});
