/**
 * 诉求统计 (issue 25): generated enquiries (seeded random types, regions, items, departments, answers on time and
 * late, ratings, deflected questions) go through the real routes; the statistics per department and type, their
 * total, the CSV and the Excel export must equal what the records say, figure for figure. The scope is the
 * supervisor's region (Hangzhou: Ningbo's enquiries are not counted) and the window's China days.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { EnquiryStats, strictDeep, type EnquiryStatsRow } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/** A small seeded generator (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['consultation', 'complaint', 'suggestion', 'help'] as const;
const RATINGS = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const;
const DEPTS = [
  ['market-regulation', 'approver.market'],
  ['health-commission', 'approver.health'],
  ['urban-management', 'approver.urban'],
] as const;

/** What the test did to one enquiry: the record the figures must equal. */
interface Generated {
  type: (typeof TYPES)[number];
  dept: string | null;
  item: boolean;
  answered: 'on-time' | 'late' | null;
  rating: (typeof RATINGS)[number] | null;
  overdue: boolean;
}

describe.each(kinds)('intake 诉求统计 on %s', (kind) => {
  let h: IntakeHarness;
  const food = foodSnapshot();
  const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 China time.
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
    await publishImplementation(h, food);
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('counts received, answered on time, overdue, ratings and top items exactly as the records say', async () => {
    const r = random(25);
    const records: Generated[] = [];
    const send = async (type: Generated['type'], regionCode: string, item: boolean) => {
      const asker = pick(r, ['zhangsan', 'lisi']);
      const res = await h.api.post(asker, '/enquiries', {
        type,
        subject: `生成的诉求 ${records.length}`,
        text: '统计测试用的诉求内容',
        regionCode,
        ...(item ? { implementationCode: food.implementationCode } : {}),
      });
      expect(res.status).toBe(201);
      return { no: res.body.no as string, asker };
    };

    // Day 1 (2 March): 30 enquiries in Xihu; some answered the same day (on time).
    const late: { no: string; rec: Generated; approver: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const rec: Generated = {
        type: pick(r, TYPES),
        dept: null,
        item: r() < 0.5,
        answered: null,
        rating: null,
        overdue: false,
      };
      const { no, asker } = await send(rec.type, '330106', rec.item);
      records.push(rec);
      const fate = r();
      if (fate < 0.15) continue; // never routed
      const [dept, approver] = pick(r, DEPTS);
      expect(
        (await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: dept })).status,
      ).toBe(200);
      rec.dept = dept;
      if (fate < 0.3) continue; // routed, not answered
      if (fate < 0.55) {
        late.push({ no, rec, approver });
        continue; // answered after its due date (below)
      }
      expect((await h.api.post(approver, `/enquiries/${no}/answer`, { answer: '答复内容' })).status).toBe(
        200,
      );
      rec.answered = 'on-time';
      if (r() < 0.8) {
        rec.rating = pick(r, RATINGS);
        expect((await h.api.post(asker, `/enquiries/${no}/rating`, { rating: rec.rating })).status).toBe(200);
      }
    }
    // A Ningbo enquiry: outside the Hangzhou supervisor's region.
    await send('consultation', '330203', true);

    // Six weeks later (Monday 13 April): the late ones are answered; the unanswered ones are overdue.
    h.clock.set(new Date('2026-04-13T02:00:00.000Z'));
    for (const { no, rec, approver } of late) {
      expect((await h.api.post(approver, `/enquiries/${no}/answer`, { answer: '迟到的答复' })).status).toBe(
        200,
      );
      rec.answered = 'late';
    }
    for (const rec of records) rec.overdue = rec.answered === null;
    // Day 2: five fresh enquiries, not overdue yet; and three deflected questions.
    for (let i = 0; i < 5; i++) {
      const rec: Generated = {
        type: pick(r, TYPES),
        dept: null,
        item: r() < 0.5,
        answered: null,
        rating: null,
        overdue: false,
      };
      await send(rec.type, '330106', rec.item);
      records.push(rec);
    }
    for (const type of ['consultation', 'consultation', 'help'] as const) {
      const res = await request(h.url)
        .post('/api/intake/public/enquiries/deflections')
        .send({ type, regionCode: '330106', source: 'faq' });
      expect(res.status).toBe(201);
    }
    // A deflection in Ningbo: not counted either.
    await request(h.url)
      .post('/api/intake/public/enquiries/deflections')
      .send({ type: 'help', regionCode: '330203', source: 'faq' });

    const res = await h.api.get('supervisor', '/enquiries/stats');
    expect(res.status).toBe(200);
    const stats = strictDeep(EnquiryStats).parse(res.body);

    const expected = expectedStats(records);
    expect(stats.rows).toEqual(expected.rows);
    expect(stats.total).toEqual(expected.total);
    expect(stats.total.received).toBe(35);
    expect(stats.deflected).toEqual([
      { type: 'consultation', count: 2 },
      { type: 'complaint', count: 0 },
      { type: 'suggestion', count: 0 },
      { type: 'help', count: 1 },
    ]);
    // The data exercise every figure.
    expect(stats.total.answeredOnTime).toBeGreaterThan(0);
    expect(stats.total.answered).toBeGreaterThan(stats.total.answeredOnTime);
    expect(stats.total.overdue).toBeGreaterThan(0);
    expect(stats.total.unsatisfied + stats.total.basicallySatisfied).toBeGreaterThan(0);

    // The window: only day 2 (13 April, China time).
    const day2 = strictDeep(EnquiryStats).parse(
      (await h.api.get('supervisor', '/enquiries/stats', { from: '2026-04-13', to: '2026-04-13' })).body,
    );
    expect(day2.total).toEqual(expectedStats(records.slice(30)).total);
    expect(day2.deflected.reduce((n, d) => n + d.count, 0)).toBe(3);

    // CSV: a header, a line per row and the total, the same figures.
    const csv = await h.api.get('supervisor', '/enquiries/stats/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['部门', '类型', '收到', '已答复']);
    expect(lines).toHaveLength(stats.rows.length + 2);
    const totalLine = lines.at(-1)?.split(',') ?? [];
    expect(totalLine.slice(0, 5)).toEqual([
      '合计',
      '',
      String(stats.total.received),
      String(stats.total.answered),
      String(stats.total.answeredOnTime),
    ]);

    // Excel: the same rows.
    const xlsx = await request(h.url)
      .get('/api/intake/enquiries/stats/export.xlsx')
      .set('authorization', `Bearer ${await h.tokenFor('supervisor')}`)
      .buffer(true)
      .parse((response, cb) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.getWorksheet('诉求统计');
    const total = ws?.getRow(2 + stats.rows.length + 1);
    expect(total?.getCell(1).value).toBe('合计');
    expect(total?.getCell(3).value).toBe(stats.total.received);
    expect(total?.getCell(9).value).toBe(stats.total.satisfied);

    // A citizen and an officer have no statistics; bad input is a 400 naming the field.
    expect((await h.api.get('zhangsan', '/enquiries/stats')).status).toBe(403);
    const bad = await h.api.get('supervisor', '/enquiries/stats', { from: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('from');
  }, 180_000);
});

/** The figures computed from the records, independently of the service. */
function expectedStats(records: readonly Generated[]) {
  const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
  const figures = (rs: readonly Generated[]): Omit<EnquiryStatsRow, 'departmentCode' | 'type'> => {
    const count = (f: (x: Generated) => boolean) => rs.filter(f).length;
    const answered = count((x) => x.answered !== null);
    const onTime = count((x) => x.answered === 'on-time');
    const rated = count((x) => x.rating !== null);
    const satisfied = count((x) => x.rating === 'satisfied');
    const basically = count((x) => x.rating === 'basically-satisfied');
    const withItem = count((x) => x.item);
    const topics = [
      { label: '食品经营许可', count: withItem },
      { label: '其他', count: rs.length - withItem },
    ]
      .filter((t) => t.count > 0)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN'));
    return {
      received: rs.length,
      answered,
      answeredOnTime: onTime,
      onTimeRate: rate(onTime, answered),
      overdue: count((x) => x.overdue),
      rated,
      satisfied,
      basicallySatisfied: basically,
      unsatisfied: count((x) => x.rating === 'unsatisfied'),
      satisfactionRate: rate(satisfied + basically, rated),
      topTopics: topics,
    };
  };
  const keys = [...new Set(records.map((x) => `${x.dept ?? '\uffff'}|${TYPES.indexOf(x.type)}`))].sort(
    (a, b) => {
      const [da = '', ta = ''] = a.split('|');
      const [db = '', tb = ''] = b.split('|');
      return da.localeCompare(db) || Number(ta) - Number(tb);
    },
  );
  const rows = keys.map((k) => {
    const [d = '', t = '0'] = k.split('|');
    const dept = d === '\uffff' ? null : d;
    const type = TYPES[Number(t)] ?? 'consultation';
    return {
      departmentCode: dept,
      type,
      ...figures(records.filter((x) => x.dept === dept && x.type === type)),
    };
  });
  return { rows, total: figures(records) };
}
