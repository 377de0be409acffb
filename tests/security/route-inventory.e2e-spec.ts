/**
 * Route inventory (issue 10, item 7). For every service of the hall:
 * 1. every HTTP route Nest registered (read from the module container) declares its access: `@Public()`,
 *    `@Authenticated()` or `@Roles(...)` — an undeclared route fails here (the AuthGuard would refuse it anyway);
 * 2. the routes and their access equal the reviewed matrix in `route-matrix.json` (a new route, a removed one or
 *    a changed role list fails until the matrix is updated and reviewed: `UPDATE_ROUTE_MATRIX=1` rewrites it);
 * 3. the OpenAPI document lists exactly the same routes (nothing served that the inventory misses);
 * 4. each route is called with no token and with a token of each realm role:
 *    - no token → 401 on every non-public route; a public route never answers 401/403 from the guard;
 *    - a role outside the matrix → 403 `AUTH_FORBIDDEN`;
 *    - a role in the matrix passes the role gate: anything but 401 and 403 `AUTH_FORBIDDEN`. Object-level answers
 *      (404 for an object the caller may not see, 403 `OUTSIDE_REGION`, 400 for the placeholder input) count as
 *      passing the role gate: the object-level rules are proven by the authorization suites of each service;
 *    - never a 5xx, whatever the placeholder path parameters and the empty body.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_ROLES, type Role } from '@hall/auth';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import {
  discoverRoutes,
  ROLE_USERS,
  SERVICES,
  startService,
  type DiscoveredRoute,
} from './support/services.js';

type Access = 'public' | 'authenticated' | Role[];
type Matrix = Record<string, Record<string, Access>>;

const matrixFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'route-matrix.json');
const update = process.env.UPDATE_ROUTE_MATRIX === '1';
const matrix = JSON.parse(readFileSync(matrixFile, 'utf8')) as Matrix;

const declared = (route: DiscoveredRoute): Access | undefined => {
  const a = route.access;
  if (a === undefined) return undefined;
  return a.kind === 'roles' ? [...a.roles].sort() : a.kind;
};

const allowedRoles = (access: Access): readonly Role[] =>
  access === 'public' || access === 'authenticated' ? ALL_ROLES : access;

/** A placeholder for each path parameter: well-formed enough to reach the handler, matching no object. */
const fillPath = (p: string): string =>
  p.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
    /id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'X0000000000000000000X',
  );

const openApiKey = (method: string, p: string): string =>
  `${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`;

describe.each(SERVICES.map((s) => [s.name, s] as const))('route inventory of %s', (name, def) => {
  let h: ServiceHarness;
  let routes: DiscoveredRoute[];

  beforeAll(async () => {
    h = await startService(def);
    routes = discoverRoutes(h.app, `api/${name}`);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('every route declares @Public(), @Authenticated() or @Roles()', () => {
    expect(routes.length).toBeGreaterThan(2);
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.key} (${r.handler})`)).toEqual([]);
  });

  it('routes and their access equal the reviewed matrix', () => {
    const actual = Object.fromEntries(routes.map((r) => [r.key, declared(r)])) as Record<string, Access>;
    if (update) {
      const next = { ...matrix, [name]: actual };
      const ordered = Object.fromEntries(SERVICES.map((s) => [s.name, next[s.name] ?? {}]));
      writeFileSync(matrixFile, `${JSON.stringify(ordered, null, 2)}\n`);
      matrix[name] = actual;
    }
    expect(actual).toEqual(matrix[name]);
  });

  it('the OpenAPI document lists exactly these routes', async () => {
    const doc = (await request(h.url).get(`/api/${name}/docs-json`).expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => openApiKey(m, p)),
    );
    // A wildcard route (`files/*`) is documented as one `{path}` parameter.
    const served = routes.map((r) => r.key.replace(/\/\*(\w*)$/, (_m, n: string) => `/:${n || 'path'}`));
    expect(documented.sort()).toEqual(served.sort());
  });

  it('no token → 401 on every non-public route; public routes pass the guard', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const access = declared(route);
      const res = await request(h.url)
        [route.method.toLowerCase() as 'get'](fillPath(route.path))
        .send(route.method === 'GET' ? undefined : {});
      const ok =
        access === 'public'
          ? res.status !== 401 && res.status !== 403 && res.status < 500
          : res.status === 401 && res.body?.code === 'AUTH_TOKEN_MISSING';
      if (!ok) failures.push(`${route.key}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(ALL_ROLES.map((r) => [r]))(
    'a %s token: 403 AUTH_FORBIDDEN outside the matrix, through the role gate inside it, never 5xx',
    async (role) => {
      const token = await h.tokenFor(ROLE_USERS[role]);
      const failures: string[] = [];
      for (const route of routes) {
        const access = declared(route);
        if (access === 'public' || access === undefined) continue;
        const res = await request(h.url)
          [route.method.toLowerCase() as 'get'](fillPath(route.path))
          .set('authorization', `Bearer ${token}`)
          .send(route.method === 'GET' ? undefined : {});
        const forbidden = res.status === 403 && res.body?.code === 'AUTH_FORBIDDEN';
        const inMatrix = allowedRoles(matrix[name]?.[route.key] ?? access).includes(role);
        const ok = res.status < 500 && res.status !== 401 && (inMatrix ? !forbidden : forbidden);
        if (!ok)
          failures.push(`${route.key} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      expect(failures).toEqual([]);
    },
  );
});
