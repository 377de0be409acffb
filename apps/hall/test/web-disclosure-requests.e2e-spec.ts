/**
 * 依申请公开 in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall: zhangsan opens
 * 我的政府信息公开申请, is told in Chinese what is missing, files a request to 市场监督管理局 and finds it in his list
 * with its 申请编号, status and answer deadline (1366 px and 375 px, no horizontal scroll). Screenshots:
 * test-artifacts/web/disclosure-requests-*.png.
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

const WANTED = '2026年第三季度校园食堂食品安全抽检结果';

let bh: BrowserHall;
const step = stepper('disclosure-requests');

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
}, 300_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web: 依申请公开 — an applicant files a request and follows it', () => {
  it('files a request online and lists it with its number, status and deadline', async () => {
    const page = await loginAs(bh, 'zhangsan', '/me/disclosure-requests');
    await step(page, 'form', async () => {
      await page.getByRole('heading', { level: 1, name: '政府信息公开申请' }).waitFor();
      await page.getByText('您还没有提交过政府信息公开申请').waitFor();
      await page.getByRole('button', { name: '提交申请' }).click();
      await page.getByText('请选择受理机关').waitFor();
      await page.getByText('请填写所需政府信息的描述').waitFor();
      await page.getByLabel('受理机关').click();
      await page.getByTitle('市场监督管理局').click();
      await page.getByLabel('所需政府信息的描述').fill(WANTED);
      await page.getByText('邮寄', { exact: true }).click();
      await page.getByLabel('邮寄地址').waitFor();
      await page.getByText('网上获取', { exact: true }).click();
      expect(await unlabelledControls(page)).toEqual([]);
    });
    const row = page.locator('.ant-list-item').filter({ hasText: WANTED });
    await step(page, 'filed', async () => {
      await page.getByRole('button', { name: '提交申请' }).click();
      await row.getByText('办理中', { exact: true }).waitFor();
      await row.getByText(/^330100-SCJG\/\d{4}-YSQ-\d{5}$/).waitFor();
      await row.getByText(/答复期限 \d{4}-\d{2}-\d{2}/).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    });
    await step(page, 'filed-phone', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await row.getByText('办理中', { exact: true }).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    });
  }, 240_000);
});
