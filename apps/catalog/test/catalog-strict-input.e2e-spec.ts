/**
 * No mass assignment in the catalog (issue 10, item 10): its bodies reuse the tolerant objects of the event contracts
 * (materials, fees, process template, results, service information), and refuse unknown fields at every depth all the
 * same (`strictDeep`). Each probe is an otherwise valid body with one unknown field: 400 VALIDATION_FAILED naming its
 * path, nothing stored. The Excel import reports a value in an unknown column per row and leaves the row out.
 * The route-wide sweep (every body and query of every service) is tests/security/input.e2e-spec.ts.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { CatalogExchange } from '@hall/contracts';
import { exchangeToWorkbook } from '../src/exchange/catalog-excel.js';
import { catalogService } from '../src/index.js';
import { catalogDoc, FOOD_BASE, foodDraft } from './factories/catalog.factory.js';

// One database kind is enough here: the behaviour is the schemas', the stores are covered by the other suites.
const [kind = 'pglite'] = await testDatabaseKinds();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Json = Record<string, unknown>;

/** A deep copy of `value` with `extra` set at `path` (array indices as numbers). */
function withField(value: Json, path: ReadonlyArray<string | number>, extra: unknown): Json {
  const copy = structuredClone(value);
  let at: unknown = copy;
  for (const p of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[p];
  (at as Record<string | number, unknown>)[path.at(-1) as string | number] = extra;
  return copy;
}

describe(`catalog bodies refuse unknown fields at every depth (${kind})`, () => {
  let h: ServiceHarness;
  let admin: string;
  const count = async (table: string) =>
    Number((await h.database.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);
  const post = (path: string, body: unknown) =>
    request(h.url)
      .post(`/api/catalog${path}`)
      .set('authorization', `Bearer ${admin}`)
      .send(body as object);
  const expectNamed = (res: request.Response, field: string) => {
    expect([res.status, res.body]).toEqual([
      400,
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: `${field}: unknown field`,
        details: expect.objectContaining({ field }),
      }),
    ]);
  };

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    admin = await h.tokenFor('catalog.admin');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('import (JSON): an unknown field anywhere in the document → 400 naming its path, nothing imported', async () => {
    const doc = catalogDoc() as unknown as Json;
    const probes: Array<ReadonlyArray<string | number>> = [
      ['source'],
      ['regions', 1, 'population'],
      ['departments', 0, 'head'],
      ['baseItems', 0, 'isAdmin'],
      ['implementations', 1, 'status'],
      ['implementations', 1, 'declared', 'owner'],
      ['implementations', 1, 'materials', 0, 'verified'],
      ['implementations', 1, 'processTemplate', 'lead', 'approver'],
      ['implementations', 1, 'processTemplate', 'steps', 0, 'skip'],
      ['implementations', 0, 'service', 'faqs', 0, 'hidden'],
      ['implementations', 0, 'results', 1, 'signedBy'],
      ['implementations', 0, 'implementingBody', 'legalPerson'],
    ];
    const withDeclared = withField(doc, ['implementations', 1, 'declared'], { name: FOOD_BASE.name });
    for (const path of probes) {
      expectNamed(await post('/import', withField(withDeclared, path, true)), path.join('.'));
    }
    expect([
      await count('region'),
      await count('base_item'),
      await count('implementation'),
      await count('outbox'),
    ]).toEqual([0, 0, 0, 0]);
  });

  it('create base item: an unknown field → 400 naming it, nothing stored; the same body without it is created', async () => {
    expectNamed(await post('/base-items', { ...FOOD_BASE, code: '000140100099', isAdmin: true }), 'isAdmin');
    expect(await count('base_item')).toBe(0);
    // The catalog the next tests build on (regions, departments, the food base item), imported without an error.
    const imported = await post('/import', catalogDoc({ implementations: [] }));
    expect(imported.status).toBe(200);
    expect((await post('/base-items', { ...FOOD_BASE, code: '000140100099' })).status).toBe(201);
  });

  it('create implementation: an unknown field in any nested object or array element → 400 naming it, nothing stored', async () => {
    const draft = foodDraft() as Json;
    const probes: Array<ReadonlyArray<string | number>> = [
      ['status'],
      ['implementingBody', 'legalPerson'],
      ['materials', 1, 'verified'],
      ['fees'],
      ['processTemplate', 'lead', 'approver'],
      ['processTemplate', 'coDepartments', 0, 'approver'],
      ['processTemplate', 'steps', 0, 'skip'],
      ['results', 0, 'signedBy'],
      ['service', 'hidden'],
      ['service', 'faqs', 0, 'hidden'],
    ];
    for (const path of probes) {
      if (path[0] === 'fees') {
        // A fee with an unknown field among valid ones.
        expectNamed(
          await post('/implementations', {
            ...draft,
            fees: [{ item: '工本费', standard: '0元', discount: '50%' }],
          }),
          'fees.0.discount',
        );
        continue;
      }
      expectNamed(await post('/implementations', withField(draft, path, true)), path.join('.'));
    }
    expect(await count('implementation')).toBe(0);
    expect((await post('/implementations', draft)).status).toBe(201);
    expect(await count('implementation')).toBe(1);
  });

  it('patch of a draft: an unknown field (top level or nested) → 400 naming it, the draft unchanged', async () => {
    const [row] = await h.database.db.sql.query<{ code: string; draft: unknown }>(
      'SELECT code, draft FROM implementation',
    );
    if (!row) throw new Error('no implementation');
    const patch = (body: unknown) =>
      request(h.url)
        .patch(`/api/catalog/implementations/${row.code}`)
        .set('authorization', `Bearer ${admin}`)
        .send(body as object);
    expectNamed(await patch({ promisedLimitDays: 5, fastTrack: true }), 'fastTrack');
    expectNamed(
      await patch({ service: { ...(foodDraft().service as Json), hidden: true } }),
      'service.hidden',
    );
    const [after] = await h.database.db.sql.query<{ draft: unknown }>(
      'SELECT draft FROM implementation WHERE code = $1',
      [row.code],
    );
    expect(after?.draft).toEqual(row.draft);
    expect((await patch({ promisedLimitDays: 5 })).status).toBe(200);
  });

  it('import (workbook): a value in an unknown column is a row error and the row is left out; an empty unknown column is harmless', async () => {
    const doc = CatalogExchange.parse(catalogDoc({ baseItems: [], regions: [], departments: [] }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exchangeToWorkbook(doc)) as never);
    const materials = wb.getWorksheet('申请材料 materials');
    const impls = wb.getWorksheet('实施清单 implementations');
    if (!materials || !impls) throw new Error('sheets missing');
    materials.getCell(1, 40).value = '核验人 verifiedBy';
    materials.getCell(2, 40).value = '张三';
    impls.getCell(1, 60).value = '备注 note';
    const before = await count('implementation');

    const res = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', XLSX)
      .send(Buffer.from(await wb.xlsx.writeBuffer()));

    expect(res.status).toBe(200);
    expect(res.body.sheetErrors).toEqual([
      expect.objectContaining({ sheet: '实施清单 implementations', row: 2, field: 'materials' }),
      {
        sheet: '申请材料 materials',
        row: 2,
        field: '核验人 verifiedBy',
        message:
          'unknown column: not a field of 申请材料 materials; rename the header to a field of the sheet, or empty the column',
      },
    ]);
    // The first implementation (whose material row carries the value) is left out; the second is imported.
    const rows = (res.body.rows as Array<{ kind: string }>).filter((r) => r.kind === 'implementation');
    expect(rows).toHaveLength(1);
    expect(await count('implementation')).toBe(before + 1);
  });
});
