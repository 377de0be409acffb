/**
 * 退回补正 and 撤回 after acceptance in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall.
 *
 * Test data over the public APIs: zhangsan applies for 食品经营许可（新办） in 上城区 and the window accepts. Then:
 * - approver.market claims the task in the browser, gives the verdict 退回补正 with an opinion and one listed
 *   material (the on-site step needs two officials: head.market co-signs the return over the API) → the case is
 *   退回补正中（计时暂停）;
 * - zhangsan's 我的办件 shows 退回补正（待补正） and what the department asked for (opinion, the material and its
 *   problem, the notice PDF); zhangsan uploads the replacement, writes a note and submits → 已受理（审批中）; the
 *   approval task is pending again, the case open and its supplement pause ended (API);
 * - zhangsan withdraws: the confirmation says that after acceptance the approval department confirms it → the case
 *   closes (已撤回（案件关闭）, no officer action left) and the application is 已撤回.
 * Screenshots: test-artifacts/web/returns-*.png (FAILED-… for a failing step).
 */
import { samplePdf } from '@hall/storage';
import { HallClient, type MaterialSpec, type TaskView } from './support/hall-client.js';
import {
  describeBrowser,
  eventually,
  haveBrowser,
  loginAs,
  reloadUntil,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
} from './support/browser.js';

/** 食品经营许可（新办） of 上城区's market regulator in the demo catalog. */
const FOOD_NEW = '11330102007796929X4010010010001';
const PROBLEM = '复印件字迹不清，请上传清晰的彩色扫描件';
const OPINION = '经审查，申请材料需补正后继续审查。';

let bh: BrowserHall;
let hall: HallClient;
const step = stepper('returns');

interface CaseState {
  status: string;
  tasks: Array<TaskView & { deadline: { paused: boolean } }>;
  clocks: { paused: boolean };
  specialProcedures: Array<{ kind: string; endedAt: string | null }>;
  closure: { closing: string } | null;
}
interface ApplicationState {
  status: string;
  returns: Array<{
    departmentName: string;
    opinion: string;
    items: Array<{ materialId?: string; name: string; problem: string }>;
    answeredAt: string | null;
  }>;
}

const caseOf = async (no: string) => (await hall.caseOf('approver.market', no)) as unknown as CaseState;
const applicationOf = async (no: string) =>
  (await hall.application('zhangsan', no)) as unknown as ApplicationState;

let no = '';
let task: TaskView;
let returned: MaterialSpec;

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  hall = new HallClient(bh.hall.url);
  const view = await eventually('intake knows 食品经营许可（新办）', async () => {
    const res = await hall.get(undefined, `/api/intake/implementations/${FOOD_NEW}`);
    return res.status === 200 ? (res.body as { snapshot: { materials: MaterialSpec[] } }) : undefined;
  });
  const impl = { code: FOOD_NEW, materials: view.snapshot.materials };
  const uploaded = impl.materials.find((m) => m.required && !m.promiseAllowed);
  if (!uploaded) throw new Error('食品经营许可（新办） has no required upload');
  returned = uploaded;
  no = await hall.submit('zhangsan', impl, { entityName: '张三小馆', premises: '杭州市上城区清河坊 88 号' });
  const accept = await hall.post('clerk.shangcheng', `/api/intake/applications/${no}/accept`, {});
  if (accept.status < 200 || accept.status > 299)
    throw new Error(`accept: ${accept.status} ${JSON.stringify(accept.body)}`);
  task = await hall.openTask('approver.market', no);
}, 300_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web: 退回补正 from a department answered in 我的办件; 撤回 after acceptance', () => {
  it('the officer returns with a listed material, the applicant answers in the browser, the case resumes', async () => {
    const officer = await loginAs(bh, 'approver.market', `/approval/cases/${no}?task=${task.id}`);
    await step(officer, 'officer-return', async () => {
      await officer.getByRole('button', { name: '认领' }).click();
      await officer.getByRole('radio', { name: '退回补正' }).check();
      await officer.getByLabel('审查意见').fill(OPINION);
      const items = officer.getByTestId('return-items');
      await items.getByRole('button', { name: '添加补正事项' }).click();
      await items.getByLabel('材料').click();
      await officer.locator('.ant-select-item-option').filter({ hasText: returned.name }).first().click();
      await items.getByLabel('存在的问题').fill(PROBLEM);
      expect(await unlabelledControls(officer)).toEqual([]);
      await officer.getByRole('button', { name: '提交意见' }).click();
      // 现场核查 needs two officials: the first signature waits for the co-signature.
      await officer.getByRole('heading', { name: /待会签/ }).waitFor();
    });
    const cosign = await hall.post('head.market', `/api/approval/tasks/${task.id}/complete`, {
      verdict: 'return',
      opinion: '复核属实，同意退回补正。',
    });
    expect(cosign.status).toBe(200);
    const paused = await eventually('the case is returned', async () => {
      const c = await caseOf(no);
      return c.status === 'returned' ? c : undefined;
    });
    expect(paused.clocks.paused).toBe(true);
    expect(
      paused.specialProcedures.filter((p) => p.kind === 'supplement' && p.endedAt === null),
    ).toHaveLength(1);
    await step(officer, 'officer-returned', async () => {
      await officer.reload();
      await officer
        .locator('[data-case-status=returned]')
        .filter({ hasText: '退回补正中（计时暂停）' })
        .waitFor();
      await officer.getByTestId('case-returned').waitFor();
    });

    const applicant = await loginAs(bh, 'zhangsan', `/me/applications/${no}`);
    const card = applicant.getByTestId('return-answer');
    await step(applicant, 'applicant-notice', async () => {
      await reloadUntil(applicant, card);
      await applicant
        .locator('[data-status=returned]')
        .filter({ hasText: '退回补正（待补正）' })
        .first()
        .waitFor();
      await card.getByText(OPINION).waitFor();
      await card.getByRole('button', { name: '查看告知书（PDF）' }).waitFor();
      const item = card.locator(`li.supplement-item[data-material="${returned.id}"]`);
      await item.getByText(returned.name, { exact: true }).waitFor();
      await item.getByText(PROBLEM).waitFor();
      expect(await card.locator('li.supplement-item').count()).toBe(1);
      // The one-time notice is among the documents too.
      await applicant.getByRole('button', { name: /审查环节补正材料一次性告知书/ }).waitFor();
      await expect(card.getByRole('button', { name: '提交补正' }).isDisabled()).resolves.toBe(true);
    });
    const app = await applicationOf(no);
    expect(app.returns).toEqual([
      expect.objectContaining({
        opinion: expect.stringContaining(OPINION),
        items: [{ materialId: returned.id, name: returned.name, problem: PROBLEM }],
        answeredAt: null,
      }),
    ]);

    await step(applicant, 'applicant-answer', async () => {
      const item = card.locator(`li.supplement-item[data-material="${returned.id}"]`);
      await item.locator('input[type=file]').setInputFiles({
        name: 'clear-scan.pdf',
        mimeType: 'application/pdf',
        buffer: samplePdf('clear colour scan'),
      });
      await item.getByTestId('uploaded').waitFor();
      await card.getByLabel('补正说明').fill('已重新上传清晰的彩色扫描件。');
      expect(await unlabelledControls(applicant)).toEqual([]);
      await card.getByRole('button', { name: '提交补正' }).click();
      await applicant
        .locator('[data-status=accepted]')
        .filter({ hasText: '已受理（审批中）' })
        .first()
        .waitFor();
      await expect(card.count()).resolves.toBe(0);
    });

    // The case resumed at the department: its task is pending again, the pause ended, the application accepted.
    const resumed = await eventually('the case is open again', async () => {
      const c = await caseOf(no);
      return c.status === 'open' ? c : undefined;
    });
    expect(resumed.tasks.find((t) => t.id === task.id)).toMatchObject({ status: 'pending' });
    expect(resumed.clocks.paused).toBe(false);
    expect(resumed.specialProcedures.filter((p) => p.kind === 'supplement').map((p) => p.endedAt)).toEqual([
      expect.any(String),
    ]);
    const answered = await applicationOf(no);
    expect(answered.status).toBe('accepted');
    expect(answered.returns[0]?.answeredAt).toEqual(expect.any(String));
    const queue = await hall.queue('approver.market');
    expect(queue.find((t) => t.id === task.id)).toMatchObject({ status: 'pending' });

    await officer.context().close();
    await applicant.context().close();
  }, 300_000);

  it('withdrawal after acceptance: the confirmation explains it, approval closes the case, the officer has no action left', async () => {
    const applicant = await loginAs(bh, 'zhangsan', `/me/applications/${no}`);
    await step(applicant, 'withdraw-confirm', async () => {
      await applicant.getByRole('button', { name: '撤回申请' }).click();
      const dialog = applicant.getByRole('dialog');
      await dialog
        .getByTestId('withdraw-after-acceptance')
        .filter({ hasText: '受理后的撤回须由审批部门确认' })
        .waitFor();
      await dialog.getByLabel('撤回原因').fill('经营场所变更，暂不办理。');
      await dialog.getByRole('button', { name: '撤回申请' }).click();
      await applicant.locator('[data-status=closing], [data-status=withdrawn]').first().waitFor();
    });
    const closed = await eventually('approval closed the case', async () => {
      const c = await caseOf(no);
      return c.status === 'closed' ? c : undefined;
    });
    expect(closed.closure).toMatchObject({ closing: 'withdraw' });
    expect(closed.tasks.every((t) => t.status === 'closed' || t.status === 'completed')).toBe(true);
    await step(applicant, 'withdrawn', async () => {
      await reloadUntil(
        applicant,
        applicant.locator('[data-status=withdrawn]').filter({ hasText: '已撤回' }),
      );
      await expect(applicant.getByRole('button', { name: '撤回申请' }).count()).resolves.toBe(0);
    });

    const officer = await loginAs(bh, 'approver.market', `/approval/cases/${no}?task=${task.id}`);
    await step(officer, 'officer-closed', async () => {
      await officer.locator('[data-case-status=closed]').filter({ hasText: '已撤回（案件关闭）' }).waitFor();
      await officer.getByTestId('case-closed').waitFor();
      await expect(officer.getByRole('button', { name: '认领' }).count()).resolves.toBe(0);
      await expect(officer.getByRole('button', { name: '审批决定' }).count()).resolves.toBe(0);
    });
    await officer.context().close();
    await applicant.context().close();
  }, 300_000);
});
