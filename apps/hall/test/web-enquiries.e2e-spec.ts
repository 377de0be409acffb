/**
 * 在线咨询与投诉 in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall: zhangsan asks from
 * the 食品经营许可（新办） guide of 上城区 (the item filled in) → before sending, the suggestion list shows the guide's FAQ
 * that answers it → he sends anyway (publication agreed) → clerk.shangcheng (service centre) routes it to 市场监督管理局
 * → approver.market asks for a 2-day extension (延期) and the service centre approves it → approver.market answers →
 * zhangsan reads the answer and rates it 满意 → the next citizen, not signed in, finds the published answer by pinyin;
 * the supervisor's 诉求统计 count it (before/after deltas). At 1280 px and 375 px, no horizontal scroll, every
 * control labelled. Then 复核: zhangsan files a 投诉 from the same guide, the department answers, he rates it 不满意;
 * the service centre's dispatcher (clerk.shangcheng) opens it in 投诉复核 and upholds the answer with a note (the
 * dialog checked at 375 px); zhangsan sees the outcome. Last, a citizen not signed in asks a 咨询 with a file
 * attached on a phone, keeps the 查询码, and on 诉求查询 finds the enquiry only with the right code, downloads the
 * file, reads the answer and rates it. Screenshots: test-artifacts/web/enquiries-*.png.
 *
 * Runs on the shared hall of `npm test` (scripts/test.mjs SHARED_HALL_SPECS) or a hall of its own: it uses only its
 * own enquiry (a subject unique to the run) and compares the statistics before and after, never absolute counts.
 */
import type { EnquiryStats } from '@hall/contracts';
import type { Locator, Page } from 'playwright-core';
import {
  describeBrowser,
  hallApi,
  haveBrowser,
  implementationKnown,
  loginAs,
  overflow,
  reloadUntil,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
} from './support/browser.js';
import { samplePdf } from '@hall/storage';

const SUBJECT = `食品经营许可证有效期问题（${Date.now().toString(36).slice(-6)}）`;
const ANSWER = '食品经营许可证有效期为5年，届满前90至15个工作日内可向原发证部门申请延续。';

let bh: BrowserHall;
let code = '';
const { ok } = hallApi(() => bh.hall.url);

/** The supervisor's 诉求统计 row of 市场监督管理局 · 咨询 (zeros when there is none yet). */
async function marketConsultations() {
  const stats = await ok<EnquiryStats>('supervisor', 'GET', '/api/intake/enquiries/stats');
  const row = stats.rows.find((r) => r.departmentCode === 'market-regulation' && r.type === 'consultation');
  return {
    received: row?.received ?? 0,
    answered: row?.answered ?? 0,
    answeredOnTime: row?.answeredOnTime ?? 0,
    satisfied: row?.satisfied ?? 0,
  };
}
const step = stepper('enquiries');

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  const res = await fetch(
    `${bh.hall.url}/api/catalog/implementations?q=${encodeURIComponent('食品经营许可')}&region=330102`,
  );
  const found = (await res.json()) as {
    items: Array<{ implementationCode: string; regionCode: string; name: string }>;
  };
  code =
    found.items.find((i) => i.regionCode === '330102' && i.name === '食品经营许可（新办）')
      ?.implementationCode ?? '';
  // Intake learns the item (and its FAQs) from the catalog's event: the suggestions read its copy.
  await implementationKnown(bh.hall.url, code);
}, 300_000);

/** The clerk's queue is read when its tab opens: reload and reopen the tab until the row shows. */
async function reloadUntilRow(page: Page, row: Locator): Promise<void> {
  for (let i = 0; i < 10; i++) {
    try {
      await row.waitFor({ timeout: 3_000 });
      return;
    } catch {
      await page.reload();
      await page.getByRole('tab', { name: '延期审批（政务服务中心）' }).click();
    }
  }
  await row.waitFor();
}

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web: 在线咨询与投诉 — ask with suggestions, route, answer, rate, find', () => {
  it('walks a question from the guide page to the next citizen’s search', async () => {
    expect(code).not.toBe('');
    const before = await marketConsultations();
    const citizen = await loginAs(bh, 'zhangsan', `/items/${code}`);
    await step(citizen, 'guide', async () => {
      await citizen.getByRole('button', { name: '咨询此事项' }).click();
      await citizen.waitForURL(/\/enquiries\/ask\?/);
      await citizen.getByRole('heading', { level: 1, name: '我要咨询投诉' }).waitFor();
      await citizen.getByText('咨询事项：食品经营许可（新办）').waitFor();
    });
    await step(citizen, 'ask-form', async () => {
      // Nothing filled: told in Chinese, nothing sent.
      await citizen.getByRole('button', { name: '提交', exact: true }).click();
      await citizen.getByText('请填写标题').waitFor();
      await citizen.getByText('请填写内容').waitFor();
      await citizen.getByLabel('标题').fill(SUBJECT);
      await citizen
        .getByLabel('内容')
        .fill('我在上城区开了一家小餐馆，食品经营许可证的有效期是多久？到期后怎么延续？');
      await citizen.getByText('网上答复并电话回复').click();
      await citizen.getByLabel('联系电话').fill('13800000001');
      await citizen.getByText('同意公开我的问题和答复').click();
      expect(await unlabelledControls(citizen)).toEqual([]);
    });
    const suggestions = citizen.locator('.enquiry-suggestions');
    await step(citizen, 'suggestions', async () => {
      await citizen.getByRole('button', { name: '提交', exact: true }).click();
      await suggestions.getByText('以下解答可能已回答您的问题').waitFor();
      const faq = suggestions
        .locator('.enquiry-suggestion')
        .filter({ hasText: '食品经营许可证的有效期是多久？' });
      await faq.getByText('常见问题').waitFor();
      await faq.getByText(/有效期为5年/).waitFor();
      await faq.getByRole('button', { name: '已解决我的问题' }).waitFor();
    });
    await step(citizen, 'suggestions-phone', async () => {
      await citizen.setViewportSize({ width: 375, height: 812 });
      await suggestions.getByRole('button', { name: '仍要提交' }).waitFor();
      expect(await overflow(citizen)).toBeLessThanOrEqual(0);
    });
    let no = '';
    await step(citizen, 'sent', async () => {
      await suggestions.getByRole('button', { name: '仍要提交' }).click();
      await citizen.getByText('诉求已提交').waitFor();
      no = ((await citizen.getByTestId('enquiry-no').textContent()) ?? '').replace(/^.*：/, '');
      expect(no).toMatch(/^ZX\d{14}$/);
      expect(await overflow(citizen)).toBeLessThanOrEqual(0);
    });

    const clerk = await loginAs(bh, 'clerk.shangcheng', '/enquiries/work');
    const clerkRow = clerk.locator('.enquiry-work-row').filter({ hasText: SUBJECT });
    const clerkDialog = clerk.getByRole('dialog');
    await step(clerk, 'dispatch', async () => {
      await clerkRow.getByRole('button', { name: '分派' }).click();
      await clerkDialog.getByText('我在上城区开了一家小餐馆').waitFor();
      await clerkDialog.getByRole('button', { name: '确定' }).click();
      await clerkDialog.getByText('请选择主管部门').waitFor();
      await clerkDialog.getByLabel('主管部门').click();
      await clerk.getByTitle('市场监督管理局').click();
      expect(await unlabelledControls(clerk)).toEqual([]);
    });
    await step(clerk, 'routed', async () => {
      await clerkDialog.getByRole('button', { name: '确定' }).click();
      await clerkRow.waitFor({ state: 'detached' });
    });

    const officer = await loginAs(bh, 'approver.market', '/enquiries/work');
    const officerRow = officer.locator('.enquiry-work-row').filter({ hasText: SUBJECT });
    const officerDialog = officer.getByRole('dialog');
    await step(officer, 'extension', async () => {
      // The department's work list and its dialog on a phone (375 px), then back to the desk width.
      await officer.setViewportSize({ width: 375, height: 812 });
      await officerRow.getByRole('button', { name: '申请延期' }).click();
      await officerDialog.getByRole('button', { name: '确定' }).click();
      await officerDialog.getByText('请填写延期工作日数').waitFor();
      await officerDialog.getByLabel('延期工作日数').fill('2');
      await officerDialog.getByLabel('延期理由').fill('需核实该店原许可证信息');
      expect(await unlabelledControls(officer)).toEqual([]);
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
      await officerDialog.getByRole('button', { name: '确定' }).click();
      await officerDialog.waitFor({ state: 'detached' });
      await officer.setViewportSize({ width: 1280, height: 900 });
    });
    const pending = clerk
      .getByRole('tabpanel', { name: '延期审批（政务服务中心）' })
      .locator('.enquiry-work-row')
      .filter({ hasText: SUBJECT });
    await step(clerk, 'extension-approve', async () => {
      // The service centre's queue and its approval dialog on a phone (375 px), then back to the desk width.
      await clerk.setViewportSize({ width: 375, height: 812 });
      await clerk.getByRole('tab', { name: '延期审批（政务服务中心）' }).click();
      await reloadUntilRow(clerk, pending);
      await pending.getByRole('button', { name: '审批' }).click();
      await clerkDialog.getByText('延期 2 个工作日（待审批）', { exact: false }).waitFor();
      await clerkDialog.getByText('同意延期', { exact: true }).click();
      expect(await unlabelledControls(clerk)).toEqual([]);
      expect(await overflow(clerk)).toBeLessThanOrEqual(0);
      await clerkDialog.getByRole('button', { name: '确定' }).click();
      await pending.waitFor({ state: 'detached' });
      await clerk.setViewportSize({ width: 1280, height: 900 });
    });
    await step(officer, 'department', async () => {
      await officerRow.getByRole('button', { name: '退回' }).waitFor();
      await officerRow.getByRole('button', { name: '答复' }).click();
      await officerDialog.getByRole('button', { name: '确定' }).click();
      await officerDialog.getByText('请填写答复内容').waitFor();
      await officerDialog.getByLabel('答复内容').fill(ANSWER);
      expect(await unlabelledControls(officer)).toEqual([]);
    });
    await step(officer, 'answered', async () => {
      await officerDialog.getByRole('button', { name: '确定' }).click();
      await officerRow.waitFor({ state: 'detached' });
    });

    await step(citizen, 'answer', async () => {
      await citizen.setViewportSize({ width: 1280, height: 900 });
      await citizen.goto(`${bh.hall.url}/me/enquiries`);
      const row = citizen.locator('.enquiry-row').filter({ hasText: SUBJECT });
      await row.getByText('已答复', { exact: true }).waitFor();
      await row.getByRole('link', { name: SUBJECT }).click();
      await citizen.getByText(ANSWER).waitFor();
      await citizen.getByRole('button', { name: '提交评价' }).click();
      await citizen.getByText('请选择满意度').waitFor();
      await citizen.getByText('满意', { exact: true }).click();
      expect(await unlabelledControls(citizen)).toEqual([]);
    });
    await step(citizen, 'rated', async () => {
      await citizen.getByRole('button', { name: '提交评价' }).click();
      await citizen.getByText('您的评价：满意').waitFor();
      await citizen.getByText('已办结', { exact: true }).waitFor();
    });
    await step(citizen, 'rated-phone', async () => {
      await citizen.setViewportSize({ width: 375, height: 812 });
      await citizen.getByText('您的评价：满意').waitFor();
      expect(await overflow(citizen)).toBeLessThanOrEqual(0);
    });

    // The next citizen, not signed in, finds it by pinyin; no name or phone of the asker.
    const context = await bh.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const next = await context.newPage();
    await next.goto(`${bh.hall.url}/enquiries`);
    const found = next.locator('.published-enquiry').filter({ hasText: SUBJECT });
    await step(next, 'published', async () => {
      await next.getByLabel('搜索公开答复').fill('youxiaoqi');
      await next.getByRole('button', { name: '搜索' }).click();
      await reloadUntil(next, found);
      await found.getByText(ANSWER).waitFor();
      expect(await found.textContent()).not.toMatch(/张三|13800000001/);
      expect(await overflow(next)).toBeLessThanOrEqual(0);
    });

    // The supervisor's statistics count it once more: routed to 市场监督管理局, answered on time (within the
    // extension), rated 满意 — as deltas, since the shared hall holds other enquiries.
    const after = await marketConsultations();
    expect({
      received: after.received - before.received,
      answered: after.answered - before.answered,
      answeredOnTime: after.answeredOnTime - before.answeredOnTime,
      satisfied: after.satisfied - before.satisfied,
    }).toEqual({ received: 1, answered: 1, answeredOnTime: 1, satisfied: 1 });
    const supervisor = await loginAs(bh, 'supervisor', '/enquiries/stats');
    await step(supervisor, 'stats', async () => {
      const row = supervisor
        .locator('.ant-table-row')
        .filter({ hasText: '市场监督管理局' })
        .filter({ has: supervisor.getByText('咨询', { exact: true }) });
      await row.getByText(String(after.received), { exact: true }).first().waitFor();
      await supervisor.getByRole('button', { name: '导出Excel' }).waitFor();
      expect(await unlabelledControls(supervisor)).toEqual([]);
    });
  }, 360_000);

  it('sends an unsatisfied complaint to the service centre’s 复核 and shows the outcome', async () => {
    expect(code).not.toBe('');
    const subject = `食品经营许可窗口办理拖延（${Date.now().toString(36).slice(-6)}）`;
    const reviewNote = '经核查，承办部门已按规定时限答复，答复内容准确，维持原答复。';
    const citizen = await loginAs(bh, 'zhangsan', `/items/${code}`);
    let no = '';
    await step(citizen, 'complaint', async () => {
      await citizen.getByRole('button', { name: '咨询此事项' }).click();
      await citizen.getByRole('heading', { level: 1, name: '我要咨询投诉' }).waitFor();
      await citizen.getByText('投诉', { exact: true }).click();
      await citizen.getByLabel('标题').fill(subject);
      await citizen
        .getByLabel('内容')
        .fill('我上周在窗口提交的材料至今没有答复，工作人员态度冷淡，要求说明原因。');
      await citizen.getByRole('button', { name: '提交', exact: true }).click();
      // The hall may first show answers it already has: send anyway.
      const sent = citizen.getByText('诉求已提交');
      const anyway = citizen.getByRole('button', { name: '仍要提交' });
      await sent.or(anyway).first().waitFor();
      if (await anyway.isVisible()) await anyway.click();
      await sent.waitFor();
      no = ((await citizen.getByTestId('enquiry-no').textContent()) ?? '').replace(/^.*：/, '');
      expect(no).toMatch(/^TS\d{14}$/);
    });
    // Routing and the department's answer are walked in the browser above: here over the API.
    await ok('clerk.shangcheng', 'POST', `/api/intake/enquiries/${no}/route`, {
      departmentCode: 'market-regulation',
    });
    await ok('approver.market', 'POST', `/api/intake/enquiries/${no}/answer`, {
      answer: '经了解，您的材料因缺少营业执照副本复印件暂未受理，已电话告知补正方式。',
    });
    await step(citizen, 'complaint-unsatisfied', async () => {
      await citizen.goto(`${bh.hall.url}/me/enquiries/${no}`);
      await citizen.getByText('已电话告知补正方式', { exact: false }).waitFor();
      await citizen.getByText('不满意', { exact: true }).click();
      await citizen.getByRole('button', { name: '提交评价' }).click();
      await citizen.getByText('复核中', { exact: true }).first().waitFor();
      await citizen.getByText('已转政务服务中心复核', { exact: false }).waitFor();
    });

    const clerk = await loginAs(bh, 'clerk.shangcheng', '/enquiries/work');
    const review = clerk
      .getByRole('tabpanel', { name: '投诉复核（政务服务中心）' })
      .locator('.enquiry-work-row')
      .filter({ hasText: subject });
    const dialog = clerk.getByRole('dialog');
    await step(clerk, 'review-phone', async () => {
      // The review queue and its dialog on a phone (375 px).
      await clerk.setViewportSize({ width: 375, height: 812 });
      await clerk.getByRole('tab', { name: '投诉复核（政务服务中心）' }).click();
      for (let i = 0; i < 10 && !(await review.isVisible()); i++) {
        await clerk.waitForTimeout(1_000);
        await clerk.reload();
        await clerk.getByRole('tab', { name: '投诉复核（政务服务中心）' }).click();
      }
      await review.getByRole('button', { name: '复核' }).click();
      await dialog.getByText('工作人员态度冷淡', { exact: false }).waitFor();
      await dialog.getByText('已电话告知补正方式', { exact: false }).first().waitFor();
      // Nothing chosen: told in Chinese, nothing sent.
      await dialog.getByRole('button', { name: '确定' }).click();
      await dialog.getByText('请选择复核结论').waitFor();
      await dialog.getByText('请填写复核意见').waitFor();
      await dialog.getByText('维持原答复（办结）').click();
      await dialog.getByLabel('复核意见（告知诉求人或承办部门）').fill(reviewNote);
      expect(await unlabelledControls(clerk)).toEqual([]);
      expect(await overflow(clerk)).toBeLessThanOrEqual(0);
    });
    await step(clerk, 'reviewed', async () => {
      await dialog.getByRole('button', { name: '确定' }).click();
      await review.waitFor({ state: 'detached' });
    });

    await step(citizen, 'review-outcome', async () => {
      await citizen.setViewportSize({ width: 375, height: 812 });
      await citizen.reload();
      await citizen.getByText('政务服务中心复核后维持原答复').waitFor();
      await citizen.getByText(reviewNote).first().waitFor();
      await citizen.getByText('已办结', { exact: true }).first().waitFor();
      await citizen.getByText('您的评价：不满意').waitFor();
      expect(await overflow(citizen)).toBeLessThanOrEqual(0);
    });
    const seen = await ok<{ status: string; reviewDecision: string | null; reviewNote: string | null }>(
      'zhangsan',
      'GET',
      `/api/intake/enquiries/${no}`,
    );
    expect(seen).toMatchObject({ status: 'closed', reviewDecision: 'upheld', reviewNote });
  }, 300_000);

  it('takes an anonymous 咨询 with a file; the 查询码 opens it, its file and its answer', async () => {
    expect(code).not.toBe('');
    const subject = `营业执照遗失补办咨询（${Date.now().toString(36).slice(-6)}）`;
    const photo = samplePdf('licence-photo');
    const context = await bh.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const anon = await context.newPage();
    await anon.goto(
      `${bh.hall.url}/enquiries/ask?item=${code}&itemName=${encodeURIComponent('食品经营许可（新办）')}&region=330102`,
    );
    let no = '';
    let queryCode = '';
    await step(anon, 'anonymous-ask', async () => {
      await anon.getByRole('heading', { level: 1, name: '我要咨询投诉' }).waitFor();
      await anon.getByLabel('标题').fill(subject);
      await anon.getByLabel('内容').fill('营业执照原件遗失，附件是遗失声明，请问还需要登报吗？');
      await anon.locator('input[type=file]').setInputFiles({
        name: '遗失声明.pdf',
        mimeType: 'application/pdf',
        buffer: photo,
      });
      await anon.getByText('遗失声明.pdf').waitFor();
      expect(await unlabelledControls(anon)).toEqual([]);
      expect(await overflow(anon)).toBeLessThanOrEqual(0);
    });
    await step(anon, 'anonymous-sent', async () => {
      await anon.getByRole('button', { name: '提交', exact: true }).click();
      const sent = anon.getByText('诉求已提交');
      const anyway = anon.getByRole('button', { name: '仍要提交' });
      await sent.or(anyway).first().waitFor();
      if (await anyway.isVisible()) await anyway.click();
      await sent.waitFor();
      no = ((await anon.getByTestId('enquiry-no').textContent()) ?? '').replace(/^.*：/, '');
      expect(no).toMatch(/^ZX\d{14}$/);
      queryCode = ((await anon.getByTestId('enquiry-query-code').textContent()) ?? '').replace(/^.*：/, '');
      expect(queryCode).not.toBe('');
    });
    await step(anon, 'lookup-wrong', async () => {
      await anon.getByRole('button', { name: '凭查询码查看答复' }).click();
      await anon.getByRole('heading', { level: 1, name: '诉求查询' }).waitFor();
      expect(await anon.getByLabel('诉求编号').inputValue()).toBe(no);
      await anon.getByLabel('查询码').fill('AAAA-BBBB');
      await anon.getByRole('button', { name: '查询', exact: true }).click();
      await anon.getByText('未找到该诉求，请核对诉求编号和查询码。').waitFor();
      await expect(anon.getByText('遗失声明.pdf').count()).resolves.toBe(0);
    });
    const attachment = anon.locator('.enquiry-attachments').getByRole('button', { name: '遗失声明.pdf' });
    await step(anon, 'lookup', async () => {
      await anon.getByLabel('查询码').fill(queryCode);
      await anon.getByRole('button', { name: '查询', exact: true }).click();
      await anon.getByText(subject).waitFor();
      await attachment.waitFor();
      await anon.locator('.enquiry-attachments').getByText('诉求人提交').waitFor();
      const [download] = await Promise.all([anon.waitForEvent('download'), attachment.click()]);
      expect(download.suggestedFilename()).toBe('遗失声明.pdf');
      const path = await download.path();
      const { readFile } = await import('node:fs/promises');
      expect(Buffer.compare(await readFile(path), photo)).toBe(0);
      expect(await unlabelledControls(anon)).toEqual([]);
      expect(await overflow(anon)).toBeLessThanOrEqual(0);
    });
    // The department answers (walked in the browser in the first test); the asker comes back with the code.
    await ok('clerk.shangcheng', 'POST', `/api/intake/enquiries/${no}/route`, {
      departmentCode: 'market-regulation',
    });
    await ok('approver.market', 'POST', `/api/intake/enquiries/${no}/answer`, {
      answer: '营业执照遗失无需登报，可在线申请补领。',
    });
    await step(anon, 'lookup-rated', async () => {
      await anon.getByRole('button', { name: '查询', exact: true }).click();
      await anon.getByText('营业执照遗失无需登报，可在线申请补领。').waitFor();
      await anon.getByText('满意', { exact: true }).click();
      await anon.getByRole('button', { name: '提交评价' }).click();
      await anon.getByText('您的评价：满意').waitFor();
      expect(await overflow(anon)).toBeLessThanOrEqual(0);
    });
    await context.close();
  }, 300_000);
});
