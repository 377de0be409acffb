/**
 * 问前推荐 (issue 25): before a citizen sends a question, the hall shows the answers it already has — the chosen
 * item's guide (常见问题; materials, fees and time limits when asked about), the guides of items whose names match,
 * and published answers — matched in Chinese and in pinyin. A citizen whom a suggestion answered closes without
 * sending: the deflection is counted with no personal data. Bad input is a 400 naming the field and records nothing.
 */
import request from 'supertest';
import { EnquirySuggestionList, strictDeep } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('intake 问前推荐 on %s', (kind) => {
  let h: IntakeHarness;
  const food = foodSnapshot({
    service: {
      handlingForms: ['1', '2'],
      visits: 0,
      online: true,
      place: '',
      hours: '',
      consultPhone: '',
      complaintPhone: '',
      appointment: false,
      onlinePayment: false,
      courierDelivery: false,
      faqs: [
        {
          q: '从业人员是否都要办理健康证明？',
          a: '从事接触直接入口食品工作的从业人员应当取得健康证明后方可上岗。',
        },
        { q: '经营场所面积有要求吗？', a: '经营场所面积应与经营项目相适应。' },
      ],
    },
    fees: [],
  });
  const suggest = (query: Record<string, string>) =>
    request(h.url).get('/api/intake/public/enquiries/suggestions').query(query);
  const sources = (body: EnquirySuggestionList) => body.items.map((i) => `${i.source}:${i.title}`);

  beforeAll(async () => {
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
    await publishImplementation(h, food);
    // A published answer from an earlier citizen (the asker agreed).
    const sent = await h.api.post('lisi', '/enquiries', {
      type: 'consultation',
      subject: '小吃店员工健康证在哪里办',
      text: '新招的员工需要去哪里体检办理健康证明？',
      regionCode: '330106',
      public: true,
    });
    const no = sent.body.no as string;
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'health-commission' });
    await h.api.post('approver.health', `/enquiries/${no}/answer`, {
      answer: '可到辖区社区卫生服务中心或指定体检机构办理健康证明。',
    });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it("answers a draft from the chosen item's guide and from published answers, in the contract's shape", async () => {
    const res = await suggest({
      q: '开小吃店员工都需要健康证吗',
      implementationCode: food.implementationCode,
      regionCode: '330106',
    });
    expect(res.status).toBe(200);
    const body = strictDeep(EnquirySuggestionList).parse(res.body);
    expect(sources(body)).toEqual(
      expect.arrayContaining(['faq:从业人员是否都要办理健康证明？', 'published:小吃店员工健康证在哪里办']),
    );
    // The FAQ about the premises shares no term with the question.
    expect(sources(body)).not.toContain('faq:经营场所面积有要求吗？');
    const faq = body.items.find((i) => i.source === 'faq');
    expect(faq).toMatchObject({ implementationCode: food.implementationCode, itemName: '食品经营许可' });
    // No asker's name or phone in a published suggestion.
    expect(JSON.stringify(body)).not.toContain('李四');
  });

  it('answers materials, fees and time limits of an item found by its name, also typed in pinyin', async () => {
    const res = await suggest({ q: '食品经营许可要准备什么材料，多久能办好，收费吗', regionCode: '330106' });
    expect(res.status).toBe(200);
    const body = res.body as EnquirySuggestionList;
    const bySource = Object.fromEntries(body.items.map((i) => [i.source, i]));
    expect(bySource.materials?.text).toContain('1. 食品经营许可申请书');
    expect(bySource.materials?.text).toContain('营业执照');
    expect(bySource['time-limit']?.text).toBe('法定办结时限：20个工作日；承诺办结时限：7个工作日。');
    expect(bySource.fees?.text).toBe('本事项不收费。');

    // Pinyin: the item's name in full pinyin and the published answer by its pinyin.
    const py = (await suggest({ q: 'shipinjingyingxuke cailiao' })).body as EnquirySuggestionList;
    expect(py.items.find((i) => i.source === 'materials')?.itemName).toBe('食品经营许可');
    const pyPublished = (await suggest({ q: 'jiankangzhengming tijian' })).body as EnquirySuggestionList;
    expect(sources(pyPublished)).toContain('published:小吃店员工健康证在哪里办');

    // A region whose items do not include Xihu's: no item of Xihu is suggested.
    const elsewhere = (await suggest({ q: '食品经营许可要准备什么材料', regionCode: '330102' }))
      .body as EnquirySuggestionList;
    expect(elsewhere.items.filter((i) => i.source === 'materials')).toEqual([]);
    // Nothing in common: no suggestion.
    expect(((await suggest({ q: '护照加急' })).body as EnquirySuggestionList).items).toEqual([]);
  });

  it('finds published answers by pinyin in the public search', async () => {
    const res = await request(h.url).get('/api/intake/public/enquiries').query({ q: 'jiankangzheng' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { subject: string }) => i.subject)).toEqual(['小吃店员工健康证在哪里办']);
  });

  it('counts a deflected question without personal data, and refuses bad input changing nothing', async () => {
    const count = async () =>
      Number(
        (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM enquiry_deflection'))[0]
          ?.n,
      );
    const res = await request(h.url).post('/api/intake/public/enquiries/deflections').send({
      type: 'consultation',
      regionCode: '330106',
      implementationCode: food.implementationCode,
      source: 'faq',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ recorded: true });
    const [row] = await h.database.db.sql.query<Record<string, unknown>>(
      'SELECT type, region_code, implementation_code, source FROM enquiry_deflection',
    );
    expect(row).toEqual({
      type: 'consultation',
      region_code: '330106',
      implementation_code: food.implementationCode,
      source: 'faq',
    });
    for (const [body, field] of [
      [{ type: 'consultation', regionCode: '330106', source: 'faq', text: '我的问题' }, 'text'],
      [{ type: 'consultation', regionCode: '33', source: 'faq' }, 'regionCode'],
      [{ type: 'consultation', regionCode: '330106', source: 'guess' }, 'source'],
    ] as const) {
      const bad = await request(h.url).post('/api/intake/public/enquiries/deflections').send(body);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect(await count()).toBe(1);
    const empty = await suggest({ q: '' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('q');
  });
});
