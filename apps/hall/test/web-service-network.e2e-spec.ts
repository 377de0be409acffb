/**
 * The service network (服务网点) in a real browser (playwright-core + Debian's Chromium) against the embedded hall:
 * a villager walks into the 绕城村便民服务站; clerk.village (代办点, region 330106109201) takes the application in
 * (代办申报) for 食品经营许可（新办）of 西湖区, which his station only takes in (收件); the desk shows where it is and
 * offers only the handover; he hands it over to 西湖区政务服务中心; clerk.xihu sees it arrive and accepts it; the
 * departments approve and the lead decides (over the API; web-journey covers those screens); the supervisor's case
 * timeline shows the handover step. The guide lists the station first for the villager's region.
 * Screenshots: test-artifacts/web/service-network-*.png (FAILED-… for a failing step).
 * Shares a hall with the other SHARED_HALL_SPECS (scripts/test.mjs): it creates its own applicant and application,
 * finds everything by its application number and counts nothing of the rest of the hall.
 */
import { samplePdf } from '@hall/storage';
import {
  describeBrowser,
  eventually,
  fillApplicationForm,
  hallApi,
  haveBrowser,
  loginAs as login,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
  type HallUnderTest,
} from './support/browser.js';

let bh: BrowserHall;
let hall: HallUnderTest;
const step = stepper('service-network');
const { ok: api } = hallApi(() => hall.url);
const loginAs = (username: string, target: string) => login(bh, username, target, { timeoutMs: 90_000 });
let code = '';
let applicationNo = '';

/** This run's villager: an ID number of their own (birth day and sequence drawn), so a shared hall never mixes runs. */
const villagerId = (() => {
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  return residentId(`330106197003${day}${seq}`);
})();

/** A resident ID number with a correct GB 11643 check digit. */
function residentId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(first17[i]), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** Every department task of the application is approved (a second official co-signs where asked), then decided. */
async function approveAndDecide(no: string): Promise<void> {
  interface Task {
    id: string;
    applicationNo: string;
    status: string;
  }
  const officers = ['approver.market', 'approver.health', 'approver.fire', 'approver.urban'];
  // Every page of each queue: a shared hall may hold more open tasks than one page.
  const open = async () => {
    const found: Array<{ officer: string; task: Task }> = [];
    for (const officer of officers) {
      for (let p = 1; ; p++) {
        const page = await api<{ items: Task[] }>(
          officer,
          'GET',
          `/api/approval/tasks?pageSize=100&page=${p}`,
        );
        for (const task of page.items.filter((t) => t.applicationNo === no && t.status !== 'completed'))
          found.push({ officer, task });
        if (page.items.length < 100) break;
      }
    }
    return found;
  };
  const tasks = await eventually('the case is opened with its tasks', async () => {
    const found = await open();
    return found.length > 0 ? found : undefined;
  });
  for (const { officer, task } of tasks) {
    await api(officer, 'POST', `/api/approval/tasks/${task.id}/claim`, {});
    const done = await api<Task>(officer, 'POST', `/api/approval/tasks/${task.id}/complete`, {
      verdict: 'approve',
      opinion: '经审查，符合条件，同意。',
    });
    if (done.status === 'cosign')
      await api('head.market', 'POST', `/api/approval/tasks/${task.id}/complete`, {
        verdict: 'approve',
        opinion: '现场核查属实。',
      });
  }
  await api('approver.market', 'POST', `/api/approval/cases/${no}/decide`, {
    outcome: 'approved',
    reasons: '符合法定条件、标准，准予许可。',
  });
}

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  hall = bh.hall;
  const search = await fetch(
    `${hall.url}/api/catalog/implementations?q=${encodeURIComponent('食品经营许可（新办）')}&region=330106109201`,
  );
  const found = (await search.json()) as {
    items: Array<{ implementationCode: string; regionCode: string; name: string }>;
  };
  code =
    found.items.find((i) => i.regionCode === '330106' && i.name.includes('新办'))?.implementationCode ?? '';
  if (!code) throw new Error('no 食品经营许可（新办） implementation in 330106');
  await eventually(`intake knows ${code}`, async () =>
    (await fetch(`${hall.url}/api/intake/implementations/${code}`)).status === 200 ? true : undefined,
  );
}, 600_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser(
  'web service network: village 代办, handover, county acceptance, supervision timeline',
  () => {
    it('the guide lists where to apply, nearest first for a villager', async () => {
      const villager = await loginAs('clerk.village', `/items/${code}`);
      await step(villager, 'guide-points', async () => {
        const points = villager.getByTestId('service-points');
        await points.getByRole('heading', { name: '办理网点' }).waitFor();
        const rows = points.getByTestId('service-point');
        await rows.first().waitFor();
        expect(await rows.first().innerText()).toContain('绕城村便民服务站');
        await rows.first().getByText('代办（收件后转交受理）').waitFor();
        await rows.first().getByText('本村（社区）').waitFor();
        await points
          .getByTestId('service-point')
          .filter({ hasText: '西湖区政务服务中心' })
          .getByText('受理', { exact: true })
          .waitFor();
      });
      await villager.context().close();
    }, 300_000);

    it('the village clerk takes it in and hands it over; the county window accepts; the timeline shows the handover', async () => {
      const clerk = await loginAs('clerk.village', '/desk');
      await step(clerk, 'take-in', async () => {
        await clerk.getByRole('button', { name: '代办申报' }).click();
        await clerk.waitForURL(/\/desk\/apply$/);
        await clerk.getByLabel('申请人姓名').fill('赵村民');
        await clerk.getByLabel('居民身份证号码').fill(villagerId);
        await clerk.getByLabel('联系电话').fill('13900000026');
        await clerk.getByLabel('办理事项').fill('食品经营许可');
        await clerk.locator('.ant-select-item-option').filter({ hasText: '新办' }).first().click();
        await clerk.getByRole('button', { name: '下一步' }).click();
        await clerk.getByTestId('agent-banner').filter({ hasText: '赵村民' }).waitFor();
        await fillApplicationForm(clerk, hall, code, {
          entityName: '绕城村农家小吃',
          premises: '杭州市西湖区三墩镇绕城村 8 号',
        });
        await clerk.getByRole('button', { name: '下一步' }).click();
        const required = clerk
          .locator('li.material-input')
          .filter({ has: clerk.getByText('必交', { exact: true }) });
        await required.first().waitFor();
        const count = await required.count();
        for (let i = 0; i < count; i++) {
          const row = required.nth(i);
          await row.locator('input[type=file]').setInputFiles({
            name: `village-${i}.pdf`,
            mimeType: 'application/pdf',
            buffer: samplePdf(`village ${i}`),
          });
          await row.getByTestId('uploaded').waitFor();
        }
        await clerk.getByRole('button', { name: '下一步' }).click();
        await clerk.getByRole('button', { name: '提交申请' }).click();
        await clerk.waitForURL(/\/desk\/330106\d{14}[0-9A-Z]$/);
        applicationNo = decodeURIComponent(clerk.url().split('/').pop() ?? '');
        await clerk.getByTestId('application-location').filter({ hasText: '绕城村便民服务站' }).waitFor();
        await clerk.getByTestId('application-location').getByText('代办点已收件，待转交受理窗口').waitFor();
        // Only the handover: accepting is the county window's.
        expect(await clerk.getByRole('tab', { name: '受理', exact: true }).count()).toBe(0);
      });
      await step(clerk, 'handover', async () => {
        await clerk.getByRole('tab', { name: '转交受理窗口' }).click();
        await clerk.getByLabel('交接说明（选填）').fill('原件由村代办员周三送区中心');
        expect(await unlabelledControls(clerk)).toEqual([]);
        await clerk.getByRole('button', { name: '转交受理窗口' }).last().click();
        await clerk.getByRole('button', { name: '确认转交' }).click();
        await clerk
          .getByTestId('application-location')
          .filter({ hasText: '绕城村便民服务站（代办点） 已于' })
          .filter({ hasText: '转交 西湖区政务服务中心' })
          .waitFor();
        await clerk.getByText('代办点转交受理窗口').first().waitFor();
        // Handed over: the window's actions are the county's, none is offered here.
        expect(await clerk.getByRole('tab', { name: '受理', exact: true }).count()).toBe(0);
      });
      await clerk.context().close();

      const county = await loginAs('clerk.xihu', `/desk/${applicationNo}`);
      await step(county, 'county-accept', async () => {
        await county.getByTestId('application-location').filter({ hasText: '西湖区政务服务中心' }).waitFor();
        await county.getByRole('tab', { name: '受理', exact: true }).click();
        await county.getByRole('button', { name: '受理', exact: true }).click();
        await county.getByRole('button', { name: '确认受理' }).click();
        await county.locator('[data-status=accepted]').first().waitFor();
      });
      await county.context().close();

      await approveAndDecide(applicationNo);

      const supervisor = await loginAs('supervisor', `/supervision/cases/${applicationNo}`);
      await step(supervisor, 'timeline', async () => {
        // The handover step names the point and the window; the case records how long each leg took.
        await supervisor
          .getByText(/^代办点转交受理窗口：绕城村便民服务站（代办点） → 西湖区政务服务中心$/)
          .first()
          .waitFor({ timeout: 60_000 });
        await supervisor.getByText('审批决定').first().waitFor({ timeout: 60_000 });
        const handover = supervisor.getByTestId('case-handover');
        await handover.getByText(/^绕城村便民服务站（代办点） → 西湖区政务服务中心/).waitFor();
        await handover.getByText(/^收件至转交：\d+ 个工作日（[\d.]+ 工作小时）$/).waitFor();
        await handover.getByText(/^转交至受理：\d+ 个工作日（[\d.]+ 工作小时）$/).waitFor();
      });
      await step(supervisor, 'dashboard-handover', async () => {
        // The dashboard's handover time per point lists the station (its figures include other runs' cases).
        await supervisor.goto(`${hall.url}/supervision`);
        const table = supervisor.getByTestId('table-handover');
        const row = table.locator('tr').filter({ hasText: '绕城村便民服务站（代办点）' });
        await row.waitFor({ timeout: 60_000 });
        expect(await row.locator('td').count()).toBe(4);
        expect(await row.locator('td').nth(1).innerText()).toMatch(/^[1-9]\d*$/);
      });
      await supervisor.context().close();
    }, 600_000);
  },
);
