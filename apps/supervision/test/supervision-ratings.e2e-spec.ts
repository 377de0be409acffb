import { createHash } from 'node:crypto';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('supervision ratings (好差评) on %s', (kind) => {
  let h: ServiceHarness;
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    for (const u of ['lisi', 'zhangsan', 'clerk.xihu', 'clerk.shangcheng', 'supervisor'])
      tokens[u] = await h.tokenFor(u);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const post = (user: string, path: string, body: object) =>
    request(h.url)
      .post(`/api/supervision${path}`)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`)
      .send(body);
  const get = (user: string, path: string, query: Record<string, string> = {}) =>
    request(h.url)
      .get(`/api/supervision${path}`)
      .query(query)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`);

  it('rates a completed case once: before completion 409, second rating 409, bad levels validated', async () => {
    const c = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'))
      .taskCompleted(at('2026-09-16 10:00'), 'lead')
      .decided(at('2026-09-16 11:00'))
      .completed(at('2026-09-16 12:00'));
    await publishLive(h, clock, c.events.slice(0, 4));
    const early = await post('lisi', '/ratings', { applicationNo: c.no, level: 1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CASE_NOT_COMPLETED');
    expect((await get('lisi', '/ratings/mine', { applicationNo: c.no })).body).toEqual({
      applicationNo: c.no,
      completed: false,
      rating: null,
      windowRating: null,
    });
    await publishLive(h, clock, c.events.slice(4));
    expect((await get('lisi', '/ratings/mine', { applicationNo: c.no })).body).toEqual({
      applicationNo: c.no,
      completed: true,
      rating: null,
      windowRating: null,
    });
    expect((await get('zhangsan', '/ratings/mine', { applicationNo: c.no })).status).toBe(404);
    expect((await get('lisi', '/ratings/mine', {})).status).toBe(400);
    expect((await post('lisi', '/ratings', { applicationNo: c.no, level: 6 })).status).toBe(400);
    expect((await post('lisi', '/ratings', { applicationNo: c.no, level: 2, extra: 1 })).status).toBe(400);
    expect((await post('zhangsan', '/ratings', { applicationNo: c.no, level: 5 })).status).toBe(404);
    const ok = await post('lisi', '/ratings', { applicationNo: c.no, level: 2, comment: '办事很快' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      applicationNo: c.no,
      level: 2,
      grade: 'good',
      label: '满意',
      channel: 'web',
      rectification: null,
    });
    const mine = await get('lisi', '/ratings/mine', { applicationNo: c.no });
    expect(mine.body.rating).toMatchObject({ level: 2, label: '满意', comment: '办事很快' });
    const second = await post('lisi', '/ratings', { applicationNo: c.no, level: 5 });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ALREADY_RATED');
  });

  it("counts a window rating (评价器) proven by the pickup's one-time code, beside the applicant's own", async () => {
    const code = 'supervision-ratings-window-code-1';
    const c = CaseHistory.clean().delivered(at('2026-09-21 09:30'), {
      codeHash: createHash('sha256').update(code).digest('hex'),
      expiresAt: at('2026-09-21 10:00'),
    });
    await publishLive(h, clock, c.events);
    const absent = await post('clerk.xihu', '/ratings', {
      applicationNo: c.no,
      level: 3,
      applicantPresent: true,
    });
    expect([absent.status, absent.body.code]).toEqual([422, 'WINDOW_RATING_CODE_REQUIRED']);
    expect(
      (await post('clerk.shangcheng', '/ratings', { applicationNo: c.no, level: 3, windowRatingCode: code }))
        .status,
    ).toBe(404);
    const ok = await post('clerk.xihu', '/ratings', {
      applicationNo: c.no,
      level: 3,
      windowRatingCode: code,
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      grade: 'medium',
      channel: 'window',
      applicantPresent: true,
      raterName: '李四',
      raterUserId: null,
    });
    expect((await post('lisi', '/ratings', { applicationNo: c.no, level: 1 })).status).toBe(201);
  });

  it('a bad rating opens a rectification: callback, result, appeal, review (申诉复核)', async () => {
    const c = CaseHistory.clean();
    await publishLive(h, clock, c.events);
    clock.set(at('2026-09-22 10:00'));
    const rated = await post('lisi', '/ratings', { applicationNo: c.no, level: 5, comment: '窗口态度差' });
    expect(rated.status).toBe(201);
    // 5 working days from Tue 09-22: 23, 24, (25 中秋, 26 Sat, 27 Sun) 28, 29, 30 → 09-30.
    expect(rated.body.rectification).toMatchObject({
      status: 'open',
      departmentCode: 'market-regulation',
      dueAt: new Date('2026-09-30T23:59:59.999+08:00').toISOString(),
    });
    const bad = await get('supervisor', '/ratings', { bad: '1' });
    expect(bad.body.items.map((r: { applicationNo: string }) => r.applicationNo)).toContain(c.no);
    expect(bad.body.items.every((r: { grade: string }) => r.grade === 'bad')).toBe(true);
    const id = rated.body.rectification.id as string;
    expect((await post('supervisor', `/rectifications/${id}/result`, { result: '已整改' })).status).toBe(409);
    const called = await post('supervisor', `/rectifications/${id}/callback`, {
      method: 'phone',
      reached: true,
      summary: '已电话回访，申请人反映等待时间长',
    });
    expect(called.body).toMatchObject({
      status: 'called-back',
      callbacks: [expect.objectContaining({ method: 'phone', reached: true })],
    });
    expect(
      (await post('supervisor', `/rectifications/${id}/result`, { result: '增设窗口，优化叫号' })).body
        .status,
    ).toBe('rectified');
    // The applicant sees the result they may appeal (no officer identities); the supervisor's list names the rating.
    const seen = await get('lisi', '/ratings/mine', { applicationNo: c.no });
    expect(seen.body.rating.rectification).toMatchObject({
      id,
      status: 'rectified',
      round: 1,
      callbacks: 1,
      result: '增设窗口，优化叫号',
      appealReason: null,
    });
    expect(seen.body.rating.rectification).not.toHaveProperty('resultBy');
    const listed = await get('supervisor', '/rectifications', { status: 'rectified' });
    expect(listed.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({
      rating: { level: 5, label: '非常不满意', comment: '窗口态度差' },
    });
    expect(
      (await post('zhangsan', `/ratings/${rated.body.id as string}/appeal`, { reason: 'x' })).status,
    ).toBe(404);
    const appealed = await post('lisi', `/ratings/${rated.body.id as string}/appeal`, {
      reason: '问题没有解决',
    });
    expect(appealed.body).toMatchObject({ status: 'appealed', appealReason: '问题没有解决' });
    clock.set(at('2026-10-09 10:00')); // Fri; 5 working days: 10-10 (make-up Saturday), 12, 13, 14, 15
    const reviewed = await post('supervisor', `/rectifications/${id}/review`, {
      upheld: true,
      conclusion: '申诉成立，重新整改',
    });
    expect(reviewed.body).toMatchObject({
      status: 'open',
      round: 2,
      reviewOutcome: 'upheld',
      result: null,
      dueAt: new Date('2026-10-15T23:59:59.999+08:00').toISOString(),
    });
    expect(
      (await get('lisi', '/ratings/mine', { applicationNo: c.no })).body.rating.rectification,
    ).toMatchObject({
      status: 'open',
      round: 2,
      result: null,
      appealReason: '问题没有解决',
      reviewOutcome: 'upheld',
      reviewConclusion: '申诉成立，重新整改',
    });
    const list = await get('supervisor', '/rectifications', { status: 'open' });
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(id);
  });
});
