import { createHash, randomUUID } from 'node:crypto';
import { CaseClosed, CaseDecided, SYSTEM_ACTOR } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { hasCjkFont, inspectPdf } from '@hall/pdf';
import {
  decidedPayload,
  foodSnapshot,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();
if (!hasCjkFont())
  throw new Error('decision PDFs need a CJK font: run npm ci (the packaged font) or set HALL_CJK_FONT');

/** What approval's decide appends to a denial's reasons (行政许可法 art. 38 ¶2). */
const APPROVAL_RIGHTS_LINE =
  '申请人如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。';

interface NoticeView {
  id: string;
  kind: string;
  number: string;
  sha256: string;
  url: string;
  content: { title: string; paragraphs: string[]; items?: string[]; issuer: string };
}

/**
 * 准予 / 不予行政许可决定书 (行政许可法 art. 38): approval's `case.decided` gives the application one decision document,
 * a PDF in object storage with its SHA-256, downloadable by the applicant and the region's clerk only.
 */
describe.each(kinds)('intake decision documents on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const sql = <T>(q: string, v: unknown[] = []) => h.database.db.sql.query<T>(q, v);

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  async function accepted(): Promise<string> {
    const no = await submitApplication(h, 'zhangsan');
    const res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return no;
  }
  const decisionNotices = async (no: string): Promise<NoticeView[]> => {
    const res = await h.api.get('zhangsan', `/applications/${no}`);
    return (res.body.notices as NoticeView[]).filter((n) => n.kind.endsWith('-decision'));
  };
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const storedKeys = (no: string) =>
    h.runtime.storage?.listKeys('hall-materials', `intake/notices/${no}/`) ?? Promise.resolve([]);
  const noticeKeys = async (no: string) =>
    (
      await sql<{ key: string }>(
        'SELECT key FROM notice WHERE application_no = $1 AND key IS NOT NULL ORDER BY key',
        [no],
      )
    ).map((r) => r.key);

  /** Downloads the notice as applicant (the first download renders and stores it) and clerk (same bytes, hash as recorded), refuses everyone else; returns its text. */
  async function download(no: string, notice: NoticeView): Promise<string> {
    const path = `/applications/${no}/notices/${notice.id}.pdf`;
    expect(notice.url).toBe(`/api/intake${path}`);
    expect(notice.sha256).toBeNull(); // nothing is rendered before the first download
    const mine = await h.api.pdf('zhangsan', path);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    const pdf = mine.body as Buffer;
    const [row] = await sql<{ sha256: string; size: number }>(
      'SELECT sha256, size FROM notice WHERE id = $1',
      [notice.id],
    );
    expect(row).toEqual({ sha256: sha256(pdf), size: pdf.length });
    const view = (await decisionNotices(no)).find((n) => n.id === notice.id);
    expect(view?.sha256).toBe(sha256(pdf));
    const clerk = await h.api.pdf('clerk.xihu', path); // read back from storage, integrity-checked
    expect(clerk.status).toBe(200);
    expect(sha256(clerk.body as Buffer)).toBe(sha256(pdf));
    expect((await h.api.pdf('lisi', path)).status).toBe(404);
    const otherRegion = await h.api.pdf('clerk.shangcheng', path);
    expect([
      otherRegion.status,
      (JSON.parse((otherRegion.body as Buffer).toString('utf8')) as { code: string }).code,
    ]).toEqual([404, 'NOT_FOUND']);
    return inspectPdf(pdf).pages.join('').replace(/\n/g, ''); // one line per PDF text line: wrapped phrases rejoined
  }

  it('approval: one 准予行政许可决定书 naming the licences to issue; a redelivery adds nothing', async () => {
    const no = await accepted();
    const id = await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results));
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results), id);
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results)); // the same decision under another id
    const notices = await decisionNotices(no);
    expect(notices.map((n) => [n.kind, n.number])).toEqual([['approval-decision', `许〔2026〕${no}号`]]);
    const [notice] = notices;
    if (!notice) throw new Error('no decision notice');
    expect(notice.content).toMatchObject({
      title: '准予行政许可决定书',
      issuer: '杭州市西湖区市场监督管理局',
      items: ['食品经营许可证（有效期5年）', '公共场所卫生许可证（有效期4年）'],
    });
    const text = await download(no, notice);
    for (const phrase of [
      '准予行政许可决定书',
      `许〔2026〕${no}号`,
      '张三',
      '食品经营许可',
      '第三十八条第一款',
      '审查意见：符合条件，准予许可。',
      '食品经营许可证',
      '公共场所卫生许可证',
      '杭州市西湖区市场监督管理局',
      '2026年3月10日',
    ]) {
      expect([phrase, text.includes(phrase)]).toEqual([phrase, true]);
    }
    expect(text).not.toContain('行政复议');
    expect(await storedKeys(no)).toEqual(await noticeKeys(no));
  });

  it('denial: one 不予行政许可决定书 with the reasons and the rights to 行政复议 (review body named) and 行政诉讼, stated once', async () => {
    const no = await accepted();
    const payload = {
      ...decidedPayload(no, 'denied', []),
      reasons: `经营场所不符合要求，不予许可\n${APPROVAL_RIGHTS_LINE}`,
    };
    const id = await publishEvent(h, CaseDecided, payload);
    await publishEvent(h, CaseDecided, payload, id);
    const notices = await decisionNotices(no);
    expect(notices.map((n) => [n.kind, n.number])).toEqual([['denial-decision', `不许〔2026〕${no}号`]]);
    const [notice] = notices;
    if (!notice) throw new Error('no decision notice');
    expect(notice.content.title).toBe('不予行政许可决定书');
    const text = await download(no, notice);
    for (const phrase of [
      '不予行政许可决定书',
      '第三十八条第二款',
      '理由如下：经营场所不符合要求，不予许可。',
      '六十日内向杭州市西湖区人民政府申请行政复议',
      '六个月内依法向人民法院提起行政诉讼',
      '杭州市西湖区市场监督管理局',
    ]) {
      expect([phrase, text.includes(phrase)]).toEqual([phrase, true]);
    }
    expect(text.split('行政复议').length - 1).toBe(1);
    expect(text.split('行政诉讼').length - 1).toBe(1);
    const status = await sql<{ status: string }>('SELECT status FROM application WHERE no = $1', [no]);
    expect(status[0]?.status).toBe('completed');
  });

  it('no decision document for an application withdrawn before the decision arrived', async () => {
    const no = await accepted();
    // After acceptance a withdrawal is settled by approval (202 closing → approval.case.closed → withdrawn); a decision
    // reaching intake afterwards can only be a replay.
    expect((await h.api.post('zhangsan', `/applications/${no}/withdraw`, {})).status).toBe(202);
    const now = new Date().toISOString();
    await publishEvent(h, CaseClosed, {
      caseId: randomUUID(),
      applicationNo: no,
      occurredAt: now,
      actor: SYSTEM_ACTOR,
      closing: 'withdraw',
      reason: '申请人撤回',
      closedAt: now,
      closedTaskIds: [],
    });
    const status = await sql<{ status: string }>('SELECT status FROM application WHERE no = $1', [no]);
    expect(status[0]?.status).toBe('withdrawn');
    await publishEvent(h, CaseDecided, decidedPayload(no, 'denied', []));
    expect(await decisionNotices(no)).toEqual([]);
    expect(await storedKeys(no)).toEqual(await noticeKeys(no));
  });

  it('a consumer transaction that rolls back stores nothing; the retried event issues the document once, its PDF stored on first download', async () => {
    const no = await accepted();
    // Something else already holds the number: writing the notice row fails, every attempt.
    const blocker = randomUUID();
    await sql(
      `INSERT INTO notice (id, application_no, kind, number, bucket, key, sha256, size, content, issued_at)
       VALUES ($1::uuid, $2, 'test-blocker', $3, 'hall-materials', 'nowhere', $4, 0, '{}', now())`,
      [blocker, no, `许〔2026〕${no}号`, '0'.repeat(64)],
    );
    const before = await storedKeys(no);
    expect(before).toEqual([]); // the acceptance notice is not downloaded yet, so not rendered
    const id = await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results));
    expect(
      (await sql<{ status: string }>('SELECT status FROM application WHERE no = $1', [no]))[0]?.status,
    ).toBe('accepted');
    expect(await decisionNotices(no)).toEqual([]);
    expect(await storedKeys(no)).toEqual(before);
    await sql('DELETE FROM notice WHERE id = $1::uuid', [blocker]);
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results), id); // not in the inbox: applied now
    expect((await decisionNotices(no)).map((n) => n.kind)).toEqual(['approval-decision']);
    expect(await storedKeys(no)).toEqual([]);
    const [notice] = await decisionNotices(no);
    if (!notice) throw new Error('no decision notice');
    // Three first downloads at once: one render, one stored object, the same bytes for all three.
    const path = `/applications/${no}/notices/${notice.id}.pdf`;
    const pdfs = await Promise.all([1, 2, 3].map(() => h.api.pdf('zhangsan', path)));
    expect(pdfs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(pdfs.map((r) => sha256(r.body as Buffer))).size).toBe(1);
    expect(await storedKeys(no)).toEqual(await noticeKeys(no));
    expect(await storedKeys(no)).toHaveLength(1);
  }, 30_000);
});
