/**
 * 免提交 and 差评整改 in a real browser (playwright-core + Debian's Chromium) against the embedded hall.
 *
 * Test data over the public APIs: zhangsan applies for 食品经营许可（新办） in 上城区, the window accepts, the market
 * regulator approves and decides, so the licence service issues a 食品经营许可证 (LT.JY) and intake's licence read
 * model records it. Then, in the browser:
 * - 免提交: zhangsan applies for 食品经营许可（变更） and, for 食品经营许可证正本、副本, picks that e-licence instead
 *   of uploading; the window's material viewer shows the material as the e-licence.
 * - 差评整改 · 申诉: zhangsan rated the 新办 case 非常不满意 (API); the supervisor's 差评整改 worklist (empty and
 *   error states first) records a callback and the result; zhangsan sees the result on the application and
 *   appeals; the supervisor reviews the appeal (dismissed) and zhangsan sees the conclusion. Both at 375 px too.
 * Screenshots: test-artifacts/web/journey3-*.png (FAILED-… for a failing step).
 */
import { LT } from '@hall/contracts';
import { samplePdf } from '@hall/storage';
import {
  applyOverApi,
  describeBrowser,
  fillApplicationForm,
  eventually,
  haveBrowser,
  hallApi,
  implementationKnown,
  loginAs,
  overflow,
  reloadUntil,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
} from './support/browser.js';

/** 食品经营许可（新办） and （变更） of 上城区's market regulator in the demo catalog. */
const FOOD_NEW = '11330102007796929X4010010010001';
const FOOD_CHANGE = '11330102007796929X4010010010002';

let bh: BrowserHall;
const step = stepper('journey3');
const { api, ok } = hallApi(() => bh.hall.url);

/** zhangsan applies for 食品经营许可（新办） over the API (uploads, or a promise where allowed). */
const applyForNewFoodLicence = () =>
  applyOverApi(bh.hall.url, 'zhangsan', FOOD_NEW, {
    entityName: '张三小馆',
    premises: '杭州市上城区清河坊 88 号',
  });

/** The window accepts; the market regulator approves (its second official co-signs where asked) and decides. */
async function acceptApproveDecide(no: string): Promise<void> {
  interface Task {
    id: string;
    applicationNo: string;
    status: string;
  }
  await ok('clerk.shangcheng', 'POST', `/api/intake/applications/${no}/accept`, {});
  const task = await eventually('approver.market sees the task', async () => {
    const page = await ok<{ items: Task[] }>('approver.market', 'GET', '/api/approval/tasks?pageSize=100');
    return page.items.find((t) => t.applicationNo === no);
  });
  await ok('approver.market', 'POST', `/api/approval/tasks/${task.id}/claim`, {});
  const done = await ok<Task>('approver.market', 'POST', `/api/approval/tasks/${task.id}/complete`, {
    verdict: 'approve',
    opinion: '经审查，符合条件，同意。',
  });
  if (done.status === 'cosign')
    await ok('head.market', 'POST', `/api/approval/tasks/${task.id}/complete`, {
      verdict: 'approve',
      opinion: '现场核查属实。',
    });
  await ok('approver.market', 'POST', `/api/approval/cases/${no}/decide`, {
    outcome: 'approved',
    reasons: '符合法定条件、标准，准予许可。',
  });
}

interface UsableLicence {
  identifier: string;
  name: string;
  licenceTypeCode: string;
  replaces?: Array<{ materialId: string }>;
}

let newCaseNo = '';
let licence: UsableLicence;

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  await implementationKnown(bh.hall.url, FOOD_CHANGE);
  newCaseNo = await applyForNewFoodLicence();
  await acceptApproveDecide(newCaseNo);
  // The licence service issues the licence; intake records it from the event (its licence read model).
  licence = await eventually(
    'intake offers the issued 食品经营许可证 for the change application',
    async () => {
      const res = await api<{ items: UsableLicence[] }>(
        'zhangsan',
        'GET',
        `/api/intake/licences?implementationCode=${FOOD_CHANGE}`,
      );
      return res.status === 200 ? res.body.items.find((l) => l.licenceTypeCode === LT.JY) : undefined;
    },
    180_000,
  );
}, 600_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web journey 3: 免提交 licence pick, 差评整改 and 申诉', () => {
  it('applies with an e-licence picked from the wallet instead of an upload; the window sees the licence as the material', async () => {
    const replaced = licence.replaces?.[0]?.materialId ?? '';
    expect(replaced).not.toBe('');
    const applicant = await loginAs(bh, 'zhangsan', `/items/${FOOD_CHANGE}`);
    let no = '';
    await step(applicant, 'pick-form', async () => {
      await applicant.getByRole('button', { name: '在线办理' }).click();
      await applicant.waitForURL(/\/apply\//);
      await fillApplicationForm(applicant, bh.hall, FOOD_CHANGE, {
        entityName: '张三小馆',
        premises: '杭州市上城区清河坊 88 号',
      });
      await applicant.getByRole('button', { name: '下一步' }).click();
    });
    await step(applicant, 'pick-licence', async () => {
      const row = applicant.locator(`li.material-input[data-material="${replaced}"]`);
      await row.waitFor();
      await row.getByRole('radio', { name: '使用电子证照（免提交）' }).check();
      const choice = row.getByRole('radio', { name: new RegExp(licence.identifier.replace(/\./g, '\\.')) });
      await choice.check();
      const required = applicant
        .locator('li.material-input')
        .filter({ has: applicant.getByText('必交', { exact: true }) });
      const count = await required.count();
      for (let i = 0; i < count; i++) {
        const other = required.nth(i);
        if ((await other.getAttribute('data-material')) === replaced) continue;
        await other.locator('input[type=file]').setInputFiles({
          name: `material-${i}.pdf`,
          mimeType: 'application/pdf',
          buffer: samplePdf(`material ${i}`),
        });
        await other.getByTestId('uploaded').waitFor();
      }
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.setViewportSize({ width: 375, height: 812 });
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
      await applicant.setViewportSize({ width: 1280, height: 900 });
      await applicant.getByRole('button', { name: '下一步' }).click();
    });
    await step(applicant, 'pick-submitted', async () => {
      await applicant.getByRole('button', { name: '提交申请' }).click();
      await applicant.waitForURL(/\/me\/applications\/\d+/);
      const number = applicant
        .getByTestId('application-no')
        .filter({ hasText: /^\s*330102\d{14}[0-9A-Z]\s*$/ });
      await number.waitFor();
      no = (await number.innerText()).trim();
    });
    // Intake stored the material as the licence reference, checked against its read model.
    const app = await ok<{
      materials: Array<{
        materialId: string;
        source: string;
        licenceIdentifier: string | null;
        current: boolean;
      }>;
    }>('zhangsan', 'GET', `/api/intake/applications/${no}`);
    expect(app.materials.find((m) => m.materialId === replaced && m.current)).toMatchObject({
      source: 'licence',
      licenceIdentifier: licence.identifier,
    });

    const clerk = await loginAs(bh, 'clerk.shangcheng', `/desk/${no}`);
    await step(clerk, 'pick-desk-viewer', async () => {
      await clerk.getByRole('heading', { name: '申请材料' }).waitFor();
      const item = clerk
        .locator('section[aria-labelledby=materials-title] li')
        .filter({ hasText: licence.identifier });
      await item.getByText('电子证照免提交').waitFor();
      await item.getByText('食品经营许可证').first().waitFor();
    });
    await applicant.context().close();
    await clerk.context().close();
  }, 600_000);

  it('差评整改: callback and result by the supervisor, 申诉 by the applicant, 复核 by the supervisor', async () => {
    await eventually('supervision knows the 新办 case is completed', async () => {
      const mine = await api<{ completed: boolean }>(
        'zhangsan',
        'GET',
        `/api/supervision/ratings/mine?applicationNo=${newCaseNo}`,
      );
      return mine.status === 200 && mine.body.completed ? true : undefined;
    });
    await ok('zhangsan', 'POST', '/api/supervision/ratings', {
      applicationNo: newCaseNo,
      level: 5,
      comment: '窗口排队太久',
    });

    const supervisor = await loginAs(bh, 'supervisor', '/supervision');
    const nav = supervisor.getByRole('navigation', { name: '监察功能' });
    const table = supervisor.getByTestId('rectifications-table');
    const row = table.locator('tr').filter({ hasText: newCaseNo });
    await step(supervisor, 'rect-error-and-empty', async () => {
      // The service failing: the error state with a retry; then the empty state of a status with nothing in it.
      await supervisor.route('**/api/supervision/rectifications**', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            statusCode: 503,
            code: 'UNAVAILABLE',
            message: 'supervision is unavailable',
          }),
        }),
      );
      await nav.getByRole('link', { name: '差评整改' }).click();
      await supervisor.waitForURL(/\/supervision\/rectifications/);
      // In Chinese words by status, not the service's English message.
      await supervisor.getByRole('alert').filter({ hasText: '服务暂时不可用' }).waitFor();
      await supervisor.unroute('**/api/supervision/rectifications**');
      await supervisor.goto(`${bh.hall.url}/supervision/rectifications?status=closed`);
      await table.getByText('暂无差评整改事项').waitFor();
      expect(await unlabelledControls(supervisor)).toEqual([]);
    });
    const statusOf = (status: string) => row.locator(`[data-status="${status}"]`);
    await step(supervisor, 'rect-callback', async () => {
      await supervisor.goto(`${bh.hall.url}/supervision/rectifications`);
      await statusOf('open').waitFor();
      await row.getByText('窗口排队太久').waitFor();
      await row.getByRole('button', { name: `回访 ${newCaseNo}` }).click();
      const dialog = supervisor.getByRole('dialog');
      await dialog.getByRole('radio', { name: '电话' }).check();
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByText('请填写回访记录').waitFor();
      expect(await unlabelledControls(supervisor)).toEqual([]);
      await dialog.getByLabel('回访记录').fill('已电话回访，申请人反映午间排队时间长');
      await dialog.getByRole('button', { name: '提交' }).click();
      await statusOf('called-back').waitFor();
    });
    await step(supervisor, 'rect-result', async () => {
      await row.getByRole('button', { name: `整改结果 ${newCaseNo}` }).click();
      const dialog = supervisor.getByRole('dialog');
      await dialog.getByLabel('整改结果（将告知申请人）').fill('午间增开一个综合窗口，启用预约取号');
      await dialog.getByRole('button', { name: '提交' }).click();
      await statusOf('rectified').waitFor();
      await row.getByText('午间增开一个综合窗口').waitFor();
    });

    const applicant = await loginAs(bh, 'zhangsan', `/me/applications/${newCaseNo}`);
    const panel = applicant.getByTestId('rectification');
    await step(applicant, 'appeal', async () => {
      await panel.locator('[data-status=rectified]').waitFor();
      await panel
        .getByTestId('rectification-result')
        .filter({ hasText: '午间增开一个综合窗口，启用预约取号' })
        .waitFor();
      await panel.getByRole('button', { name: '提交申诉' }).click();
      await panel.getByText('请填写申诉理由').waitFor();
      expect(await unlabelledControls(applicant)).toEqual([]);
      await panel.getByLabel('申诉理由（对整改结果有异议时填写）').fill('上午同样排队，整改没有解决问题');
      await panel.getByRole('button', { name: '提交申诉' }).click();
      await panel.getByTestId('appeal-pending').waitFor();
      await panel.locator('[data-status=appealed]').waitFor();
    });
    await step(applicant, 'appeal-375', async () => {
      await applicant.setViewportSize({ width: 375, height: 812 });
      await panel.getByText('上午同样排队，整改没有解决问题').waitFor();
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
    });

    await step(supervisor, 'rect-review', async () => {
      await supervisor.reload();
      await statusOf('appealed').waitFor();
      await row.getByText('上午同样排队，整改没有解决问题').waitFor();
      await row.getByRole('button', { name: `复核 ${newCaseNo}` }).click();
      const dialog = supervisor.getByRole('dialog');
      await dialog.getByLabel('复核意见').fill('经核实，上午时段排队在正常范围，申诉不成立');
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByText('请选择复核结论').waitFor();
      await dialog.getByRole('radio', { name: '申诉不成立，办结' }).check();
      await dialog.getByRole('button', { name: '提交' }).click();
      await statusOf('closed').waitFor();
    });
    await step(supervisor, 'rect-375', async () => {
      // Phones get one card per rectification instead of the table.
      await supervisor.setViewportSize({ width: 375, height: 812 });
      const card = supervisor.getByTestId('rectifications-list').locator('li').filter({ hasText: newCaseNo });
      await card.locator('[data-status=closed]').waitFor();
      await card.getByText('经核实，上午时段排队在正常范围，申诉不成立').waitFor();
      expect(await overflow(supervisor)).toBeLessThanOrEqual(0);
    });
    await step(applicant, 'appeal-reviewed', async () => {
      await reloadUntil(applicant, panel.locator('[data-status=closed]'));
      await panel.getByText('复核：申诉不成立').waitFor();
      await panel.getByText('经核实，上午时段排队在正常范围，申诉不成立').waitFor();
      expect(await panel.getByTestId('appeal-form').count()).toBe(0);
    });
    await applicant.context().close();
    await supervisor.context().close();
  }, 600_000);
});
