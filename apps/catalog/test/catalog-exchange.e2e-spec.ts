import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { catalogDoc, foodDraft, BODIES } from './factories/catalog.factory.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const kinds = await testDatabaseKinds();

describe.each(kinds)('catalog Excel round trip on %s', (kind) => {
  let source: ServiceHarness;
  let target: ServiceHarness;

  beforeAll(async () => {
    [source, target] = await Promise.all([
      startServiceForTest(catalogService, { db: kind }),
      startServiceForTest(catalogService, { db: kind }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it('export → import into an empty catalog → identical export (JSON and xlsx)', async () => {
    const admin = await source.tokenFor('catalog.admin');
    const doc = catalogDoc({
      implementations: [
        foodDraft(),
        {
          ...foodDraft({
            level: '3',
            regionCode: '330100',
            parentRegionCode: '330000',
            implementingBody: BODIES.hangzhouMarket,
          }),
          publish: false,
        },
      ] as never,
    });
    expect(
      (
        await request(source.url)
          .post('/api/catalog/import')
          .set('authorization', `Bearer ${admin}`)
          .send(doc)
      ).status,
    ).toBe(200);

    const xlsx = await request(source.url)
      .get('/api/catalog/export')
      .query({ format: 'xlsx' })
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse(binaryParser);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);

    const targetAdmin = await target.tokenFor('catalog.admin');
    const imported = await request(target.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${targetAdmin}`)
      .set('content-type', XLSX)
      .send(xlsx.body as Buffer);
    expect(imported.status).toBe(200);
    expect(imported.body.sheetErrors).toEqual([]);
    expect(imported.body.totals.implementation).toEqual({ published: 1, created: 1 });

    const [a, b] = await Promise.all([
      request(source.url).get('/api/catalog/export').set('authorization', `Bearer ${admin}`),
      request(target.url).get('/api/catalog/export').set('authorization', `Bearer ${targetAdmin}`),
    ]);
    expect(b.body).toEqual(a.body);
    // The 出证机构 of a result survives the workbook.
    expect(JSON.stringify(b.body)).toContain(BODIES.xihuHealth.uscc);
    const xlsxAgain = await request(target.url)
      .get('/api/catalog/export')
      .query({ format: 'xlsx' })
      .set('authorization', `Bearer ${targetAdmin}`)
      .buffer(true)
      .parse(binaryParser);
    const reimported = await request(source.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', XLSX)
      .send(xlsxAgain.body as Buffer);
    expect(reimported.body.totals.implementation).toEqual({ unchanged: 2 });
  });

  it('reports a bad row by sheet, row and field and imports the rest', async () => {
    const admin = await source.tokenFor('catalog.admin');
    const bad = catalogDoc({ implementations: [foodDraft({ promisedLimitDays: 30 })] as never });
    const res = await request(source.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .send(bad);
    expect(res.status).toBe(200);
    const row = (
      res.body.rows as Array<{ kind: string; status: string; error?: { code: string; field: string } }>
    ).find((r) => r.kind === 'implementation');
    expect(row).toMatchObject({
      status: 'error',
      error: { code: 'PROMISED_LIMIT_EXCEEDS_LEGAL', field: 'promisedLimitDays' },
    });
    const notXlsx = await request(source.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', XLSX)
      .send(Buffer.from('not a workbook'));
    expect(notXlsx.status).toBe(400);
  });

  it('runs a long import in the background with progress, then the report', async () => {
    const admin = await target.tokenFor('catalog.admin');
    const started = await request(target.url)
      .post('/api/catalog/import')
      .query({ async: '1' })
      .set('authorization', `Bearer ${admin}`)
      .send(catalogDoc());
    expect(started.status).toBe(202);
    const url = started.body.statusUrl as string;
    let job: { status: string; done: number; total: number; report?: { totals: unknown } } = {
      status: 'running',
      done: 0,
      total: 0,
    };
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      job = (await request(target.url).get(url).set('authorization', `Bearer ${admin}`)).body;
      if (job.status === 'running') await new Promise((r) => setTimeout(r, 25));
    }
    expect(job).toMatchObject({ status: 'done', total: 11, done: 11 });
    expect(job.report?.totals).toBeDefined();
    const unknown = await request(target.url)
      .get('/api/catalog/import/jobs/not-a-uuid')
      .set('authorization', `Bearer ${admin}`);
    expect(unknown.status).toBe(400);
  });
});
