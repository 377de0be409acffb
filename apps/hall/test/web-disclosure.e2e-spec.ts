/**
 * 政务公开 screens in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall:
 * approver.market drafts a piece of government information on the 主动公开工作台 (the form refuses a missing title in
 * Chinese), submits it for 保密审查 and — being the author — is offered no review; head.market (the department's
 * head, a second person) approves it, which publishes it; then anyone, without signing in, finds it by a Chinese
 * word of its text on the public 政务公开 page (1366 px and 375 px, no horizontal scroll), opens it and reads its
 * 索引号 and 发布机构. A visitor also searches the seeded demo items by pinyin initials (czyjs → the 财政预决算 items)
 * and reads 市场监督管理局's 政府信息公开指南 (where and how to file a request, the 20-working-day limit, fees,
 * remedies, the office's phone) at 1366 px and 375 px. Screenshots: test-artifacts/web/disclosure-*.png.
 */
import {
  describeBrowser,
  haveBrowser,
  loginAs,
  overflow,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
} from './support/browser.js';

const TITLE = '关于开展2026年秋季校园食品安全专项检查的通知';
const WORD = '校园食堂后厨';

let bh: BrowserHall;
const step = stepper('disclosure');

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
}, 300_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web: 主动公开 draft → 保密审查 by a second person → published → public search', () => {
  it('walks one item from the draft to the public list', async () => {
    const author = await loginAs(bh, 'approver.market', '/disclosure/work');
    await step(author, 'draft-form', async () => {
      await author.getByRole('button', { name: '起草信息' }).click();
      const dialog = author.getByRole('dialog');
      await dialog.getByRole('button', { name: '保存草稿' }).click();
      await dialog.getByText('请填写标题').waitFor();
      await dialog.getByLabel('标题').fill(TITLE);
      await dialog.getByLabel('正文').fill(`各区市场监管部门：请于十月底前完成辖区${WORD}的全覆盖检查。`);
      await dialog.getByLabel('成文日期').fill('2026-09-28');
      await dialog.getByLabel('主题分类').fill('食品安全');
      await dialog.getByLabel('五公开类别').click();
      await author.getByTitle('执行公开').click();
      await dialog.getByLabel('重点领域').click();
      await author.getByTitle('食品药品').click();
      expect(await unlabelledControls(author)).toEqual([]);
    });
    const row = author.locator('.disclosure-work-row').filter({ hasText: TITLE });
    await step(author, 'draft-saved', async () => {
      await author.getByRole('dialog').getByRole('button', { name: '保存草稿' }).click();
      await row.getByText('草稿', { exact: true }).waitFor();
      await row.getByText(/索引号 330100-SCJG\/2026-ZX-\d{5}/).waitFor();
    });
    await step(author, 'submitted', async () => {
      await row.getByRole('button', { name: '提交保密审查' }).click();
      await row.getByText('保密审查中', { exact: true }).waitFor();
      expect(await row.getByRole('button', { name: '审查通过并发布' }).count()).toBe(0);
    });

    const head = await loginAs(bh, 'head.market', '/disclosure/work');
    const headRow = head.locator('.disclosure-work-row').filter({ hasText: TITLE });
    await step(head, 'reviewed', async () => {
      await headRow.getByRole('button', { name: '审查通过并发布' }).click();
      await headRow.getByText('已发布', { exact: true }).waitFor();
      await headRow.getByText('审查人 周建国').waitFor();
    });

    const context = await bh.browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      reducedMotion: 'reduce',
    });
    const visitor = await context.newPage();
    await step(visitor, 'public-search', async () => {
      await visitor.goto(`${bh.hall.url}/disclosure`);
      await visitor.getByLabel('关键词').fill(WORD);
      await visitor.getByRole('button', { name: '检索' }).click();
      await visitor.waitForURL(/\/disclosure\?q=/);
      await visitor.locator('.disclosure-row').filter({ hasText: TITLE }).waitFor();
      // The demo items (seeded on first start) are listed before the search; only the match stays after it.
      await visitor.waitForFunction(() => document.querySelectorAll('.disclosure-row').length === 1);
      expect(await visitor.locator('.disclosure-row').count()).toBe(1);
      expect(await overflow(visitor)).toBeLessThanOrEqual(0);
    });
    await step(visitor, 'public-search-phone', async () => {
      await visitor.setViewportSize({ width: 375, height: 812 });
      await visitor.locator('.disclosure-row').filter({ hasText: TITLE }).waitFor();
      expect(await overflow(visitor)).toBeLessThanOrEqual(0);
    });
    await step(visitor, 'public-detail', async () => {
      await visitor.setViewportSize({ width: 1366, height: 900 });
      await visitor.getByRole('link', { name: TITLE }).click();
      await visitor.getByRole('heading', { name: TITLE }).waitFor();
      await visitor.getByText('市场监督管理局').first().waitFor();
      await visitor.getByText(/^330100-SCJG\/2026-ZX-\d{5}$/).waitFor();
      await visitor.getByText(WORD, { exact: false }).waitFor();
    });
    await context.close();
  }, 240_000);

  it('finds demo items by pinyin and shows an agency’s 政府信息公开指南 without login', async () => {
    const context = await bh.browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      reducedMotion: 'reduce',
    });
    const visitor = await context.newPage();
    await step(visitor, 'pinyin-search', async () => {
      await visitor.goto(`${bh.hall.url}/disclosure`);
      await visitor.getByLabel('关键词').fill('czyjs');
      await visitor.getByRole('button', { name: '检索' }).click();
      await visitor.waitForURL(/\/disclosure\?q=czyjs/);
      await visitor
        .locator('.disclosure-row')
        .filter({ hasText: '杭州市市场监督管理局2026年部门预算' })
        .waitFor();
      await visitor.locator('.disclosure-row').filter({ hasText: '2025年度部门决算' }).waitFor();
      // Only the 财政预决算 items stay (the list showed every demo item before the search).
      await visitor.waitForFunction(() => document.querySelectorAll('.disclosure-row').length === 2);
    });
    await step(visitor, 'guide', async () => {
      await visitor
        .getByRole('navigation', { name: '政府信息公开指南' })
        .getByRole('link', { name: '市场监督管理局' })
        .click();
      await visitor.waitForURL(/\/disclosure\/agencies\/market-regulation\/guide$/);
      await visitor.getByRole('heading', { name: '市场监督管理局政府信息公开指南', level: 1 }).waitFor();
      await visitor.getByRole('heading', { name: '二、依申请公开' }).waitFor();
      await visitor.getByText('0571-8600 0202').waitFor();
      await visitor.getByText(/自收到申请之日起20个工作日内答复/).waitFor();
      await visitor.getByText(/延长期限最长不超过20个工作日/).waitFor();
      await visitor.getByText(/^不收取费用。/).waitFor();
      await visitor.getByText(/60日内向杭州市人民政府申请行政复议/).waitFor();
      await visitor.getByText('330100-SCJG/2026-JC-00001', { exact: false }).first().waitFor();
      expect(await visitor.title()).toContain('政府信息公开指南');
      expect(await overflow(visitor)).toBeLessThanOrEqual(0);
    });
    await step(visitor, 'guide-phone', async () => {
      await visitor.setViewportSize({ width: 375, height: 812 });
      await visitor.getByText('0571-8600 0202').waitFor();
      expect(await overflow(visitor)).toBeLessThanOrEqual(0);
    });
    await step(visitor, 'guide-to-catalogue', async () => {
      await visitor.getByRole('link', { name: '查看市场监督管理局政府信息公开目录' }).click();
      await visitor.waitForURL(/\/disclosure\?agency=market-regulation/);
      await visitor.getByRole('heading', { name: /^市场监督管理局政府信息公开目录/ }).waitFor();
    });
    await context.close();
  }, 180_000);
});
