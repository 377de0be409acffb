import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest } from '@hall/platform/testing';
import request from 'supertest';
import type { LockableElement } from '../src/catalog.config.js';
import { createCatalogService } from '../src/index.js';
import { BODIES, catalogDoc, FOOD_BASE, foodDraft } from './factories/catalog.factory.js';

const kinds = await testDatabaseKinds();

/** The food base item with both configurable elements set: 主管部门 and 实施主体 (market regulation). */
const LOCKING_BASE = {
  ...FOOD_BASE,
  competentDepartment: '市场监督管理部门',
  implementingBody: 'market-regulation',
};
const county = (override: Record<string, unknown>) =>
  foodDraft({
    implementingBody: BODIES.haishuMarket,
    regionCode: '330203',
    parentRegionCode: '330200',
    ...override,
  });
const healthBody = { ...BODIES.haishuMarket, departmentCode: 'health-commission' };

describe.each(kinds)('configurable locked elements (三级四同) on %s', (kind) => {
  const start = async (locked: LockableElement[]) => {
    const h = await startServiceForTest(createCatalogService({ lockedElements: new Set(locked) }), {
      db: kind,
    });
    const admin = await h.tokenFor('catalog.admin');
    const imported = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .send(catalogDoc({ baseItems: [LOCKING_BASE], implementations: [] }));
    expect(imported.status).toBe(200);
    const post = (body: unknown) =>
      request(h.url)
        .post('/api/catalog/implementations')
        .set('authorization', `Bearer ${admin}`)
        .send(body as object);
    const count = async () =>
      Number(
        (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM implementation'))[0]?.n,
      );
    return { h, admin, post, count };
  };

  describe('default setting (only the four structural elements)', () => {
    let env: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => {
      env = await start([]);
    }, 180_000);
    afterAll(async () => {
      await env?.h.close();
    });

    it('lets an implementation state its own 主管部门 and be implemented by another department', async () => {
      const res = await env.post(
        county({ competentDepartment: '卫生健康部门', implementingBody: healthBody }),
      );
      expect(res.status).toBe(201);
      expect(res.body.draft).toMatchObject({
        competentDepartment: '卫生健康部门',
        implementingBody: { departmentCode: 'health-commission' },
      });
    });

    it('still refuses the structural locked elements', async () => {
      const res = await env.post(county({ name: '别的名字' }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'LOCKED_ELEMENT', details: { element: 'name' } });
    });
  });

  describe('CATALOG_LOCKED_ELEMENTS=competentDepartment,implementingBody', () => {
    let env: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => {
      env = await start(['competentDepartment', 'implementingBody']);
    }, 180_000);
    afterAll(async () => {
      await env?.h.close();
    });

    it.each([
      [
        'competentDepartment',
        { competentDepartment: '卫生健康部门' },
        { expected: '市场监督管理部门', actual: '卫生健康部门' },
      ],
      [
        'implementingBody',
        { implementingBody: healthBody },
        { expected: 'market-regulation', actual: 'health-commission' },
      ],
    ])(
      'refuses an implementation whose %s differs from the base item: 422 naming it, nothing saved',
      async (element, override, values) => {
        const before = await env.count();
        const res = await env.post(county(override));
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({
          code: 'LOCKED_ELEMENT',
          details: { field: element, element, ...values },
        });
        expect(res.body.message).toContain(element);
        expect(await env.count()).toBe(before);
      },
    );

    it('accepts the same values or none (inherited from the base item), and refuses a patch that makes one differ', async () => {
      const same = await env.post(county({ competentDepartment: '市场监督管理部门' }));
      expect(same.status).toBe(201);
      const code = same.body.implementationCode as string;
      const patch = await request(env.h.url)
        .patch(`/api/catalog/implementations/${code}`)
        .set('authorization', `Bearer ${env.admin}`)
        .send({ competentDepartment: '别的部门' });
      expect(patch.status).toBe(422);
      expect(patch.body).toMatchObject({
        code: 'LOCKED_ELEMENT',
        details: { element: 'competentDepartment' },
      });
      const stored = await request(env.h.url)
        .get(`/api/catalog/implementations/${code}/draft`)
        .set('authorization', `Bearer ${env.admin}`);
      expect(stored.body.draft.competentDepartment).toBe('市场监督管理部门');
      const none = await env.post(foodDraft());
      expect(none.status).toBe(201);
    });

    it('reports a differing imported row with the element and imports the others', async () => {
      const res = await request(env.h.url)
        .post('/api/catalog/import')
        .set('authorization', `Bearer ${env.admin}`)
        .send(
          catalogDoc({
            baseItems: [LOCKING_BASE],
            implementations: [
              county({ implementingBody: healthBody }),
              foodDraft({
                level: '3',
                regionCode: '330100',
                parentRegionCode: '330000',
                implementingBody: BODIES.hangzhouMarket,
              }),
            ] as never,
          }),
        );
      const rows = (
        res.body.rows as Array<{ kind: string; status: string; error?: { code: string; field?: string } }>
      ).filter((r) => r.kind === 'implementation');
      expect(rows.map((r) => r.status)).toEqual(['error', 'published']);
      expect(rows[0]?.error).toMatchObject({ code: 'LOCKED_ELEMENT', field: 'implementingBody' });
    });
  });
});
