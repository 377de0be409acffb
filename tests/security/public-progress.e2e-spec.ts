/**
 * Issue 18, finding 1 — the public progress lookup's secret was published: 双公示 showed the application number with
 * the applicant's masked ID number (last 4 visible; a business's USCC in full) and those 4 characters opened the
 * lookup. Now the lookup takes a random 查询码 given to the applicant only (their application view, the window's
 * receipt, the 受理通知书), never published, kept hashed; wrong codes are counted per application and lock its
 * lookup for a while (429 QUERY_CODE_LOCKED), on top of the per-IP limit.
 */
import { isPostgresAvailable } from '@hall/persistence';
import { CaseDecided } from '@hall/contracts';
import { inspectPdf } from '@hall/pdf';
import request from 'supertest';
import {
  decidedPayload,
  foodSnapshot,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from '../../apps/intake/test/factories/intake.factory.js';

describe('public progress lookup: a 查询码 nobody publishes (finding 1)', () => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const progress = (query: Record<string, string>) =>
    request(h.url).get('/api/intake/public/progress').query(query);
  /** The 查询码 as the applicant sees it in their application. */
  const codeOf = async (username: string, no: string) =>
    (await h.api.get(username, `/applications/${no}`)).body.queryCode as string;
  /** Another well-formed code than `code`. */
  const wrongCode = (code: string) => (code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`);

  beforeAll(async () => {
    h = await startIntake((await isPostgresAvailable()) ? 'pg' : 'pglite');
    await publishImplementation(h, snapshot);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('nothing in 双公示 opens the lookup: the last 4 of the masked ID number, the USCC, the phone are refused', async () => {
    const owners = new Map<string, string>();
    for (const username of ['zhangsan', 'xihu-tech']) {
      const no = await submitApplication(h, username);
      expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, {})).status).toBe(200);
      await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results, snapshot));
      owners.set(no, username);
    }
    const decided = [...owners.keys()];
    const list = await request(h.url).get('/api/intake/public/decisions').query({ pageSize: '100' });
    expect(list.status).toBe(200);
    const items = (
      list.body as { items: Array<{ applicationNo: string; applicant: { idNumber: string } }> }
    ).items.filter((i) => decided.includes(i.applicationNo));
    expect(items).toHaveLength(2);
    for (const item of items) {
      const published = item.applicant.idNumber;
      // What the attack pass used: the visible last 4 (as `verify` or as a code), the full USCC, the phone's last 4.
      const attempts: Array<Record<string, string>> = [
        { verify: published.slice(-4) },
        { code: published.slice(-4) },
        { code: published },
        { code: published.slice(-8) },
        { verify: '0001' },
      ];
      for (const query of attempts) {
        const res = await progress({ no: item.applicationNo, ...query });
        expect([item.applicationNo, query, res.status >= 400 && res.status < 500]).toEqual([
          item.applicationNo,
          query,
          true,
        ]);
      }
      // The code itself is nowhere in the public list.
      const code = await codeOf(owners.get(item.applicationNo) ?? '', item.applicationNo);
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(JSON.stringify(list.body)).not.toContain(code.replace('-', ''));
      expect(JSON.stringify(list.body)).not.toContain(code);
    }
  });

  it("the applicant's 查询码 (and only it) opens the lookup; it is printed on the 受理通知书 and stored hashed", async () => {
    const no = await submitApplication(h, 'zhangsan');
    const code = await codeOf('zhangsan', no);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // The same code every time; the window (which prints the receipt) sees it too; a supervisor does not.
    expect(await codeOf('zhangsan', no)).toBe(code);
    expect(await codeOf('clerk.xihu', no)).toBe(code);
    expect((await h.api.get('supervisor', `/applications/${no}`)).body.queryCode).toBeUndefined();
    for (const given of [code, code.replace('-', ''), code.toLowerCase()]) {
      const ok = await progress({ no, code: given });
      expect([given, ok.status]).toEqual([given, 200]);
      expect(ok.body).toMatchObject({ no, status: 'submitted', applicant: { name: '张*' } });
    }
    // A code of another application does not open this one.
    const other = await submitApplication(h, 'zhangsan');
    expect((await progress({ no, code: await codeOf('zhangsan', other) })).status).toBe(404);
    // The acceptance notice carries it.
    expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, {})).status).toBe(200);
    const notices = (await h.api.get('zhangsan', `/applications/${no}`)).body.notices as Array<{
      id: string;
      kind: string;
    }>;
    const acceptance = notices.find((n) => n.kind === 'acceptance');
    const pdf = await h.api.pdf('zhangsan', `/applications/${no}/notices/${acceptance?.id}.pdf`);
    expect(
      inspectPdf(pdf.body as Buffer)
        .pages.join('')
        .replace(/\n/g, ''),
    ).toContain(code);
    // Stored as a hash and a sealed copy: the code is in no column in clear.
    const rows = await h.database.db.sql.query<Record<string, unknown>>(
      'SELECT * FROM application_query_code WHERE application_no = $1',
      [no],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code.replace('-', ''));
  });

  it(`wrong codes are counted per application: the 5th locks its lookup (429 QUERY_CODE_LOCKED, the right code too) for 30 minutes`, async () => {
    const no = await submitApplication(h, 'zhangsan');
    const code = await codeOf('zhangsan', no);
    const bystander = await submitApplication(h, 'zhangsan');
    const bystanderCode = await codeOf('zhangsan', bystander);
    for (let i = 0; i < 4; i++) expect((await progress({ no, code: wrongCode(code) })).status).toBe(404);
    // Four wrong ones do not lock; the right one resets the count.
    expect((await progress({ no, code })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await progress({ no, code: wrongCode(code) })).status).toBe(404);
    // The 5th wrong one is told that the lookup is now locked; so is the right code afterwards.
    expect((await progress({ no, code: wrongCode(code) })).body.code).toBe('QUERY_CODE_LOCKED');
    const locked = await progress({ no, code });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      statusCode: 429,
      code: 'QUERY_CODE_LOCKED',
      details: { field: 'code', retryAfterSeconds: 1800 },
    });
    expect(locked.body.message).toContain('查询码错误次数过多');
    // Another application's lookup is not affected.
    expect((await progress({ no: bystander, code: bystanderCode })).status).toBe(200);
    h.clock.advance(29 * 60_000);
    expect((await progress({ no, code })).status).toBe(429);
    h.clock.advance(2 * 60_000);
    expect((await progress({ no, code })).status).toBe(200);
  });

  it('the old parameter is refused with a structured 400 naming it', async () => {
    const no = await submitApplication(h, 'zhangsan');
    const res = await progress({ no, verify: '0001' });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(res.body)).toContain('verify');
  });
});
