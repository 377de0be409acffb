/**
 * Input (issue 10, item 10), across every route of every service, read from the OpenAPI document that each
 * service generates from the same zod schemas that validate its input:
 * - no mass assignment: every JSON request body schema (and every object inside it) forbids unknown properties
 *   (`.strict()`), and a body with an unknown field is refused with 400 naming it;
 * - fuzz (fast-check): bodies built from each schema's property names with values of every JSON type, and
 *   arbitrary JSON bodies, never get a 5xx; a 400 is the structured error (`code`, `message` naming the field).
 * Format checks (GB 11643 ID numbers, GB 32100 USCCs: libs/auth/src/identity/check-digits.spec.ts) are unit-tested
 * where they live; a boundary-wide property suite for them, phones and dates is still to do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_ROLES, type Role } from '@hall/auth';
import type { ServiceHarness } from '@hall/platform';
import fc from 'fast-check';
import request from 'supertest';
import { ROLE_USERS, SERVICES, startService } from './support/services.js';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; additionalProperties?: unknown; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };
type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
type Access = 'public' | 'authenticated' | Role[];

const matrix = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'route-matrix.json'), 'utf8')) as Record<string, Record<string, Access>>;
const fillPath = (p: string): string => p.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) =>
  name === 'year' ? '2026' : /id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'X0000000000000000000X',
);

/** Object schemas that accept unknown properties, with their JSON path. */
function openObjects(schema: JsonSchema | undefined, at: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = schema.properties && schema.additionalProperties !== false ? [at || '(body)'] : [];
  return [
    ...own,
    ...Object.entries(schema.properties ?? {}).flatMap(([k, s]) => openObjects(s, at ? `${at}.${k}` : k)),
    ...openObjects(schema.items, `${at}[]`),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap((s) => openObjects(s, at)),
  ];
}

/**
 * Known open (reported in issue 10, not fixed here): the catalog's bodies reuse the implementation-snapshot objects of
 * libs/contracts, which stay tolerant readers for events, and the exchange document is parsed again on export, so
 * making them strict needs the catalog's export/import round trip re-verified. Unknown fields there are stripped
 * (never stored), not refused. Any other open object fails this suite.
 */
const KNOWN_OPEN_ROUTES = new Set(['POST /api/catalog/base-items', 'POST /api/catalog/implementations', 'POST /api/catalog/import']);

const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 300 }), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant('x'.repeat(5000)));

describe.each(SERVICES.map((s) => [s.name, s] as const))('input validation of %s', (name, def) => {
  let h: ServiceHarness;
  let bodies: Array<{ key: string; method: string; path: string; schema: JsonSchema; role: Role | undefined }>;

  beforeAll(async () => {
    h = await startService(def);
    const doc = (await request(h.url).get(`/api/${name}/docs-json`).expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    bodies = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema) return [];
        const key = `${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`;
        const access = matrix[name]?.[key];
        const role = access === 'public' ? undefined : access === 'authenticated' || access === undefined ? ALL_ROLES[0] : access[0];
        return [{ key, method, path: fillPath(p), schema, role }];
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const send = async (route: (typeof bodies)[number], body: unknown) => {
    const req = request(h.url)[route.method as 'post'](route.path).set('content-type', 'application/json');
    if (route.role) void req.set('authorization', `Bearer ${await h.tokenFor(ROLE_USERS[route.role])}`);
    return req.send(JSON.stringify(body));
  };

  it('every JSON body schema forbids unknown properties (no mass assignment)', () => {
    expect(bodies.filter((b) => !KNOWN_OPEN_ROUTES.has(b.key)).flatMap((b) => openObjects(b.schema, '').map((at) => `${b.key}: ${at}`))).toEqual([]);
    // The known-open list does not rot: each entry is a route of this service that is still open.
    for (const key of [...KNOWN_OPEN_ROUTES].filter((k) => k.includes(`/api/${name}/`))) {
      const route = bodies.find((b) => b.key === key);
      expect([key, openObjects(route?.schema, '').length > 0]).toEqual([key, true]);
    }
  });

  it('a body with an unknown field → 400 naming it, before any effect', async () => {
    const failures: string[] = [];
    for (const route of bodies) {
      if (route.schema.type !== 'object' || KNOWN_OPEN_ROUTES.has(route.key)) continue;
      const res = await send(route, { isAdmin: true });
      const named = res.status === 400 && /isAdmin|unrecognized|Unrecognized/i.test(JSON.stringify(res.body));
      // A 404 for the placeholder object or 403 OUTSIDE_REGION may come first; it must not be accepted or crash.
      if (!(named || [403, 404].includes(res.status))) failures.push(`${route.key}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it('fuzzed bodies never get a 5xx; a 400 is the structured error naming the field', async () => {
    const failures: string[] = [];
    for (const route of bodies) {
      const keys = Object.keys(route.schema.properties ?? {});
      const shaped = keys.length > 0 ? fc.record(Object.fromEntries(keys.map((k) => [k, anyJson])), { requiredKeys: [] }) : anyJson;
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anyJson }), async (body) => {
          const res = await send(route, body);
          const structured = res.status !== 400 || (typeof res.body?.code === 'string' && typeof res.body?.message === 'string' && res.body.message.length > 0);
          if (res.status >= 500 || !structured) {
            failures.push(`${route.key} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
            return false;
          }
          return true;
        }),
        { numRuns: 25, seed: 20261202, endOnFailure: true },
      ).catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
