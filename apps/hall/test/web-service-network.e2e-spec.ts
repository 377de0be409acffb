/**
 * The service network (服务网点) in a real browser (playwright-core + Debian's Chromium) against the embedded hall:
 * a villager walks into the 绕城村便民服务站; clerk.village (代办点, region 330106109201) takes the application in
 * (代办申报) for 食品经营许可（新办）of 西湖区, which his station only takes in (收件); the desk shows where it is and
 * offers only the handover; he hands it over to 西湖区政务服务中心; clerk.xihu sees it arrive and accepts it; the
 * departments approve and the lead decides (over the API; web-journey covers those screens); the supervisor's case
 * timeline shows the handover step. The guide lists the station first for the villager's region. 乡镇级: a citizen
 * applies online for 三墩镇's own item (农村村民宅基地审批), the township's 便民服务中心 — a comprehensive window — accepts
 * it through clerk.sandun's desk, and the citizen's 我的办件 shows it accepted.
 * Screenshots: test-artifacts/web/service-network-*.png (FAILED-… for a failing step).
 * Shares a hall with the other SHARED_HALL_SPECS (scripts/test.mjs): it creates its own applicant and application,
 * finds everything by its application number and counts nothing of the rest of the hall.
 */
import { samplePdf } from '@hall/storage';
import {
  applyOverApi,
  describeBrowser,
  eventually,
  fillApplicationForm,
  hallApi,
  haveBrowser,
  implementationKnown,
  loginAs as login,
  overflow,
  reloadUntil,
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
/** This run's own service point name (a shared hall keeps other runs' points). */
const pointName = `庙桥村代办点${String(Date.now()).slice(-6)}`;

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
    it('乡镇级: a citizen applies for 三墩镇’s 宅基地 item; clerk.sandun accepts it at the township window; 我的办件 shows it', async () => {
      const search = await fetch(
        `${hall.url}/api/catalog/implementations?q=${encodeURIComponent('农村村民宅基地审批')}&region=330106109201`,
      );
      const found = (await search.json()) as { items: Array<{ implementationCode: string; level: string }> };
      const township = found.items.find((i) => i.level === '5')?.implementationCode ?? '';
      expect(township).not.toBe('');
      await implementationKnown(hall.url, township);

      const citizen = await loginAs('lisi', `/items/${township}`);
      let no = '';
      await step(citizen, 'township-guide', async () => {
        await citizen.getByText('杭州市西湖区三墩镇人民政府').first().waitFor();
        await citizen
          .getByTestId('service-points')
          .getByTestId('service-point')
          .filter({ hasText: '三墩镇便民服务中心' })
          .getByText('受理', { exact: true })
          .waitFor();
      });
      await step(citizen, 'township-apply', async () => {
        await citizen.getByRole('button', { name: '在线办理' }).click();
        await citizen.waitForURL(/\/apply\//);
        await fillApplicationForm(citizen, hall, township, {
          projectAddress: '杭州市西湖区三墩镇绕城村 5 组',
        });
        expect(await unlabelledControls(citizen)).toEqual([]);
        await citizen.getByRole('button', { name: '下一步' }).click();
        const required = citizen
          .locator('li.material-input')
          .filter({ has: citizen.getByText('必交', { exact: true }) });
        await required.first().waitFor();
        const count = await required.count();
        for (let i = 0; i < count; i++) {
          const row = required.nth(i);
          await row.locator('input[type=file]').setInputFiles({
            name: `homestead-${i}.pdf`,
            mimeType: 'application/pdf',
            buffer: samplePdf(`homestead ${i}`),
          });
          await row.getByTestId('uploaded').waitFor();
        }
        await citizen.getByRole('button', { name: '下一步' }).click();
        await citizen.getByRole('button', { name: '提交申请' }).click();
        await citizen.waitForURL(/\/me\/applications\/\d+/);
        // Numbered with its county, as every application of 西湖区.
        const number = citizen
          .getByTestId('application-no')
          .filter({ hasText: /^\s*330106\d{14}[0-9A-Z]\s*$/ });
        await number.waitFor();
        no = (await number.innerText()).trim();
        await citizen.locator('[data-status=submitted]').first().waitFor();
      });
      await citizen.context().close();

      const desk = await loginAs('clerk.sandun', '/desk');
      await step(desk, 'township-accept', async () => {
        const row = desk.locator(`.application-row[data-no="${no}"]`);
        await reloadUntil(desk, row);
        await row.getByRole('link', { name: '农村村民宅基地审批' }).click();
        await desk.waitForURL(new RegExp(`/desk/${no}$`));
        await desk.getByRole('tab', { name: '受理', exact: true }).click();
        await desk.getByRole('button', { name: '受理', exact: true }).click();
        await desk.getByRole('button', { name: '确认受理' }).click();
        await desk.locator('[data-status=accepted]').first().waitFor();
      });
      await desk.context().close();

      const holder = await loginAs('lisi', '/me/applications');
      await step(holder, 'township-mine', async () => {
        const row = holder.locator(`.application-row[data-no="${no}"]`);
        await reloadUntil(holder, row);
        await row.getByRole('link', { name: '农村村民宅基地审批' }).waitFor();
        await row.locator('[data-status=accepted]').waitFor();
      });
      await holder.context().close();
    }, 300_000);

    it('服务网点管理: the administrator registers a village 代办点 with its 预约 settings; the guide lists it', async () => {
      const admin = await loginAs('catalog.admin', '/catalog-admin/service-points');
      await step(admin, 'point-admin-create', async () => {
        await admin.getByRole('heading', { name: '服务网点管理' }).waitFor();
        await admin
          .getByTestId('admin-service-point')
          .filter({ hasText: '绕城村便民服务站（代办点）' })
          .waitFor();
        await admin.getByRole('button', { name: '新增网点' }).click();
        const dialog = admin.getByRole('dialog');
        await dialog.getByLabel('网点名称').fill(pointName);
        await dialog.getByLabel('所在区划').click();
        for (const name of ['浙江省', '杭州市', '杭州市西湖区', '三墩镇', '庙桥村'])
          await admin
            .locator('.ant-cascader-menu-item')
            .filter({ hasText: new RegExp(`^${name}$`) })
            .click();
        await dialog.getByLabel('地址').fill('杭州市西湖区三墩镇庙桥村村委会一楼');
        await dialog.getByLabel('办公时间').fill('周一至周五 8:30-11:30');
        await dialog.getByLabel('搜索事项名称后选择，加入可办理事项').fill('食品经营许可');
        await admin.locator('.ant-select-item-option').filter({ hasText: '新办' }).first().click();
        await dialog.getByTestId('point-item').filter({ hasText: '食品经营许可' }).waitFor();
        await dialog.getByLabel('每个号段（分钟）').fill('60');
        await dialog.getByLabel('每个号段可约人数').fill('3');
        expect(await unlabelledControls(admin)).toEqual([]);
        // A village cannot be a comprehensive window: the service's refusal shows at the field, in Chinese.
        await dialog.getByLabel('综合窗口（受理本级全部事项，如区县政务服务中心、乡镇便民服务中心）').check();
        await dialog.getByRole('button', { name: '保存' }).click();
        await dialog
          .getByText('村（社区）网点不能设为综合窗口：没有在村一级实施的事项，请改为逐项设置受理或代办。')
          .waitFor();
        await dialog
          .getByLabel('综合窗口（受理本级全部事项，如区县政务服务中心、乡镇便民服务中心）')
          .uncheck();
        await dialog.getByRole('button', { name: '保存' }).click();
        const card = admin.getByTestId('admin-service-point').filter({ hasText: pointName });
        await card.waitFor();
        await card.getByText('食品经营许可（新办）：代办（收件后转交受理）').waitFor();
        await card
          .getByTestId('point-appointments')
          .filter({ hasText: '预约：09:00-12:00、13:30-17:00，每 60 分钟一个号段，每个号段 3 人' })
          .waitFor();
      });
      await step(admin, 'point-admin-edit-375', async () => {
        await admin.setViewportSize({ width: 375, height: 812 });
        expect(await overflow(admin)).toBeLessThanOrEqual(0);
        await admin.getByRole('button', { name: `编辑 ${pointName}` }).click();
        const dialog = admin.getByRole('dialog');
        await dialog.getByLabel('每个号段可约人数').fill('4');
        expect(await overflow(admin)).toBeLessThanOrEqual(0);
        await dialog.getByRole('button', { name: '保存' }).click();
        await admin
          .getByTestId('admin-service-point')
          .filter({ hasText: pointName })
          .getByTestId('point-appointments')
          .filter({ hasText: '每个号段 4 人' })
          .waitFor();
      });
      await admin.context().close();
      // The public guide lists the new point for the item, as a 代办 point of the villager's township.
      const res = await fetch(
        `${hall.url}/api/intake/service-points?implementationCode=${code}&region=330106109201`,
      );
      const points = (await res.json()) as Array<{ name: string; mode: string; nearness: string }>;
      expect(points.find((p) => p.name === pointName)).toMatchObject({
        mode: 'receive',
        nearness: 'township',
      });
    }, 300_000);

    it('我的办件: the walk-in applicant signing in sees the application the village clerk took in, and where it is', async () => {
      // clerk.village takes an application in for 李四 (a walk-in, 代办); 李四 has an account with the same ID number.
      const no = await applyOverApi(
        hall.url,
        'clerk.village',
        code,
        { entityName: '庙桥村小吃', premises: '杭州市西湖区三墩镇庙桥村 3 号' },
        { applicant: { kind: 'person', name: '李四', idNumber: '33010619851215457X' } },
      );
      const holder = await loginAs('lisi', '/me/applications');
      await step(holder, 'holder-mine', async () => {
        const row = holder.locator(`[data-no="${no}"]`);
        await row.waitFor();
        await row
          .getByTestId('application-row-location')
          .filter({ hasText: '当前所在网点：绕城村便民服务站' })
          .waitFor();
        await row.getByText('代办点已收件，待转交受理窗口').waitFor();
        await row.getByRole('link').first().click();
        await holder.waitForURL(new RegExp(`/me/applications/${no}$`));
        await holder.getByTestId('application-location').filter({ hasText: '绕城村便民服务站' }).waitFor();
      });
      await holder.context().close();
      // The holder reads it; the clerk keeps acting (the holder's writes are refused).
      const { api: anyApi } = hallApi(() => hall.url);
      const withdraw = await anyApi('lisi', 'POST', `/api/intake/applications/${no}/withdraw`, {
        reason: '不办了',
      });
      expect(withdraw.status).toBe(403);
    }, 300_000);
  },
);
