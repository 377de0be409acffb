/**
 * Input (issue 10, item 10), across every route of every service, read from the OpenAPI document that each
 * service generates from the same zod schemas that validate its input:
 * - no mass assignment: every JSON request body schema (and every object inside it) forbids unknown properties,
 *   and a body with an unknown field, at the top or inside a nested object or array element, is refused with
 *   400 VALIDATION_FAILED naming it (`details.field`), with no row of the service's database changed;
 * - query strings: every route that reads one (`@Query()`, found in Nest's metadata) documents its parameters,
 *   and each of those routes refuses an unknown parameter, a repeated one, a malformed number, an enum value or
 *   date it does not know — 400 naming the parameter (`parseQuery` in libs/platform);
 * - fuzz (fast-check): bodies built from each schema's property names with values of every JSON type, and
 *   arbitrary JSON bodies, never get a 5xx; a 400 is the structured error (`code`, `message` naming the field).
 * The catalog's bodies with real data (create base item / implementation, import as JSON and as a workbook):
 * apps/catalog/test/catalog-strict-input.e2e-spec.ts. Format checks (GB 11643 ID numbers, GB 32100 USCCs:
 * libs/auth/src/identity/check-digits.spec.ts) are unit-tested where they live.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_ROLES, type Role } from '@hall/auth';
import type { ServiceHarness } from '@hall/platform/testing';
import fc from 'fast-check';
import request from 'supertest';
import {
  discoverRoutes,
  ROLE_USERS,
  SERVICES,
  startService,
  type DiscoveredRoute,
} from './support/services.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
};
type Parameter = { in: string; name: string; required?: boolean; schema?: JsonSchema };
type Operation = {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Parameter[];
};
type ErrorBody = {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { field?: string; issues?: Array<{ field: string; code: string }> };
};
type Access = 'public' | 'authenticated' | Role[];

const matrix = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'route-matrix.json'), 'utf8'),
) as Record<string, Record<string, Access>>;
const fillPath = (p: string): string =>
  p.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) =>
    name === 'year'
      ? '2026'
      : /id$/i.test(name)
        ? '00000000-0000-4000-8000-000000000000'
        : 'X0000000000000000000X',
  );

/** Object schemas that accept unknown properties, with their JSON path. */
function openObjects(schema: JsonSchema | undefined, at: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = schema.properties && schema.additionalProperties !== false ? [at || '(body)'] : [];
  return [
    ...own,
    ...Object.entries(schema.properties ?? {}).flatMap(([k, s]) => openObjects(s, at ? `${at}.${k}` : k)),
    ...openObjects(schema.items, `${at}[]`),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap((s) =>
      openObjects(s, at),
    ),
  ];
}

/**
 * Every row of every table of the service's database, as one text: equal before and after means nothing changed.
 * The audit trail is the exception by design (it records each state-changing request with its outcome, refused
 * ones too): only its rows with a success outcome are counted.
 */
async function fingerprint(h: ServiceHarness): Promise<string> {
  const sql = h.database.db.sql;
  const tables = await sql.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const parts: string[] = [];
  for (const { t } of tables) {
    const where = t === 'audit_log' ? ' WHERE x.outcome < 400' : '';
    const [row] = await sql.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${t}" x${where}`,
    );
    parts.push(`${t} ${row?.n} ${row?.h}`);
  }
  return parts.join('\n');
}

/** The 400 names `field`: as the error's field, or as one of its issues. */
const names = (body: ErrorBody, field: string): boolean =>
  body.code === 'VALIDATION_FAILED' &&
  (body.details?.field === field || (body.details?.issues ?? []).some((i) => i.field === field));

/** The schema of a property itself, through `anyOf` (optional, nullable) with one object or array alternative. */
const unwrap = (s: JsonSchema | undefined): JsonSchema | undefined => {
  const alternatives = s?.anyOf?.filter((a) => a.type !== 'null');
  return alternatives?.length === 1 ? alternatives[0] : s;
};

/**
 * A body with an unknown property inside each nested object (or array element) of the schema, and the dotted
 * path the 400 must name: `{ service: { isAdmin: true } }` → `service.isAdmin`, `{ materials: [{ isAdmin: true }] }`
 * → `materials.0.isAdmin`. Objects inside unions (e.g. discriminated material sources) are left out: their 400
 * names the union.
 */
type Probe = { body: Record<string, unknown>; field: string };
function nestedProbes(schema: JsonSchema): Probe[] {
  return Object.entries(schema.properties ?? {}).flatMap(([k, raw]): Probe[] => {
    const s = unwrap(raw);
    if (s?.type === 'object' && s.properties)
      return [{ body: { [k]: { isAdmin: true } }, field: `${k}.isAdmin` }];
    const item = unwrap(s?.items);
    if (s?.type === 'array' && item?.type === 'object' && item.properties)
      return [{ body: { [k]: [{ isAdmin: true }] }, field: `${k}.0.isAdmin` }];
    return [];
  });
}

const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.constant('x'.repeat(5000)),
);

describe.each(SERVICES.map((s) => [s.name, s] as const))('input validation of %s', (name, def) => {
  let h: ServiceHarness;
  let bodies: Array<{
    key: string;
    method: string;
    path: string;
    schema: JsonSchema;
    role: Role | undefined;
  }>;
  let queries: Array<{
    key: string;
    method: string;
    path: string;
    params: Parameter[];
    role: Role | undefined;
  }>;
  let routes: DiscoveredRoute[];

  beforeAll(async () => {
    h = await startService(def);
    routes = discoverRoutes(h.app, `api/${name}`);
    const doc = (await request(h.url).get(`/api/${name}/docs-json`).expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const key = `${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`;
        const access = matrix[name]?.[key];
        const role =
          access === 'public'
            ? undefined
            : access === 'authenticated' || access === undefined
              ? ALL_ROLES[0]
              : access[0];
        return { key, method, path: fillPath(p), op, role };
      }),
    );
    bodies = operations.flatMap(({ op, ...o }) => {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      return schema ? [{ ...o, schema }] : [];
    });
    queries = operations.flatMap(({ op, ...o }) => {
      const params = (op.parameters ?? []).filter((p) => p.in === 'query');
      return params.length > 0 ? [{ ...o, params }] : [];
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const bearer = async (role: Role | undefined): Promise<Record<string, string>> =>
    role ? { authorization: `Bearer ${await h.tokenFor(ROLE_USERS[role])}` } : {};
  const send = async (route: (typeof bodies)[number], body: unknown) =>
    request(h.url)
      [route.method as 'post'](route.path)
      .set('content-type', 'application/json')
      .set(await bearer(route.role))
      .send(JSON.stringify(body));
  /** The route with a query string (its required parameters absent: the checks below come before them). */
  const ask = async (route: (typeof queries)[number], query: string) => {
    const req = request(h.url)
      [route.method as 'get'](`${route.path}?${query}`)
      .set(await bearer(route.role));
    return route.method === 'get' ? req : req.set('content-type', 'application/json').send('{}');
  };

  it('every JSON body schema forbids unknown properties (no mass assignment)', () => {
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.flatMap((b) => openObjects(b.schema, '').map((at) => `${b.key}: ${at}`))).toEqual([]);
  });

  it('a body with an unknown field, at the top or nested, → 400 naming it, and nothing in the database changes', async () => {
    const before = await fingerprint(h);
    const failures: string[] = [];
    let named = 0;
    for (const route of bodies) {
      if (route.schema.type !== 'object') continue;
      for (const probe of [{ body: { isAdmin: true }, field: 'isAdmin' }, ...nestedProbes(route.schema)]) {
        const res = await send(route, probe.body);
        if (res.status === 400 && names(res.body as ErrorBody, probe.field)) {
          named++;
          continue;
        }
        // A 404 for the placeholder object or 403 OUTSIDE_REGION may come first; it must not be accepted or crash.
        if (![403, 404].includes(res.status))
          failures.push(
            `${route.key} ${JSON.stringify(probe.body)}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(named).toBeGreaterThan(0);
    expect(await fingerprint(h)).toBe(before);
  }, 120_000);

  it('every route that reads the query string documents its parameters (so the checks below reach it)', () => {
    const documented = new Set(queries.map((q) => q.key));
    expect(
      routes.filter((r) => r.takesQuery && !documented.has(r.key)).map((r) => `${r.key} (${r.handler})`),
    ).toEqual([]);
  });

  it('an unknown query parameter → 400 naming it, on every route that takes a query', async () => {
    const failures: string[] = [];
    for (const route of queries) {
      for (const typo of ['zzUnknown=1', `${route.params[0]?.name ?? 'x'}X=1`]) {
        const field = typo.split('=')[0] ?? '';
        const res = await ask(route, typo);
        const body = res.body as ErrorBody;
        if (!(
          res.status === 400 &&
          names(body, field) &&
          body.message?.startsWith(`${field}: unknown query parameter`)
        )) {
          failures.push(`${route.key}?${typo}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a repeated parameter, a malformed number, an unknown enum value or impossible date → 400 naming the parameter', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const route of queries) {
      for (const param of route.params) {
        const s = unwrap(param.schema) ?? {};
        const cases = [`${param.name}=1&${param.name}=2`];
        if (s.type === 'number' || s.type === 'integer')
          cases.push(`${param.name}=0x10`, `${param.name}=`, `${param.name}=1e3`);
        if (s.enum) cases.push(`${param.name}=notAValue`);
        if (s.format === 'date') cases.push(`${param.name}=2026-02-30`);
        for (const c of cases) {
          probes++;
          const res = await ask(route, c);
          if (!(res.status === 400 && names(res.body as ErrorBody, param.name)))
            failures.push(`${route.key}?${c}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(0);
  }, 120_000);

  it('fuzzed bodies never get a 5xx; a 400 is the structured error naming the field', async () => {
    const failures: string[] = [];
    for (const route of bodies) {
      const keys = Object.keys(route.schema.properties ?? {});
      const shaped =
        keys.length > 0
          ? fc.record(Object.fromEntries(keys.map((k) => [k, anyJson])), { requiredKeys: [] })
          : anyJson;
      await fc
        .assert(
          fc.asyncProperty(
            fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anyJson }),
            async (body) => {
              const res = await send(route, body);
              const structured =
                res.status !== 400 ||
                (typeof res.body?.code === 'string' &&
                  typeof res.body?.message === 'string' &&
                  res.body.message.length > 0);
              if (res.status >= 500 || !structured) {
                failures.push(
                  `${route.key} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
                );
                return false;
              }
              return true;
            },
          ),
          { numRuns: 25, seed: 20261202, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
