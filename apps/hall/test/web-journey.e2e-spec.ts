/**
 * One case through the web app in a real browser (playwright-core + Debian's Chromium) against the embedded hall:
 * zhangsan applies for 开办餐饮店“一件事” in 上城区 with an upload per required material → clerk.shangcheng accepts
 * at the window desk → approver.market (lead; on-site check co-signed by head.market), approver.fire and
 * approver.urban give their opinions → approver.market decides → zhangsan finds the e-licences in the wallet →
 * the public verification page says genuine. Every user logs in through the realm's login page in a browser
 * context of their own. Screenshots per step in test-artifacts/web/journey-*.png (FAILED-… for a failing step).
 */
import { samplePdf } from '@hall/storage';
import {
  describeBrowser,
  fillApplicationForm,
  haveBrowser,
  loginAs as login,
  reloadUntil,
  startBrowserHall,
  stepper,
  type BrowserHall,
  type HallUnderTest,
  unlabelledControls,
} from './support/browser.js';

let bh: BrowserHall;
let hall: HallUnderTest;
const step = stepper('journey');
/** Signs in through the realm's login page in a browser context of its own. */
const loginAs = (username: string, target: string) => login(bh, username, target, { timeoutMs: 30_000 });

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  hall = bh.hall;
}, 300_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web journey: apply → accept → parallel approval → decide → wallet → verify', () => {
  it('walks one 开办餐饮店 case through every role in the browser', async () => {
    const search = await fetch(
      `${hall.url}/api/catalog/implementations?q=${encodeURIComponent('开办餐饮店')}&region=330102`,
    );
    const found = (await search.json()) as {
      items: Array<{ implementationCode: string; regionCode: string }>;
    };
    const code = found.items.find((i) => i.regionCode === '330102')?.implementationCode ?? '';
    expect(code).not.toBe('');
    // Intake learns the implementation from the catalog's event; wait for its read model.
    for (
      let i = 0;
      i < 300 && (await fetch(`${hall.url}/api/intake/implementations/${code}`)).status !== 200;
      i++
    )
      await new Promise((r) => setTimeout(r, 200));

    // 1. The applicant applies from the guide page with one upload per required material.
    const applicant = await loginAs('zhangsan', `/items/${code}`);
    let applicationNo = '';
    await step(applicant, 'apply-form', async () => {
      await applicant.getByRole('button', { name: '在线办理' }).click();
      await applicant.waitForURL(/\/apply\//);
      await fillApplicationForm(applicant, hall, code, {
        entityName: '张三小馆',
        premises: '杭州市上城区清河坊 88 号',
      });
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.getByRole('button', { name: '下一步' }).click();
    });
    await step(applicant, 'apply-uploads', async () => {
      const required = applicant
        .locator('li.material-input')
        .filter({ has: applicant.getByText('必交', { exact: true }) });
      await required.first().waitFor();
      const count = await required.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const row = required.nth(i);
        const input = row.locator('input[type=file]');
        await input.setInputFiles({
          name: `material-${i}.pdf`,
          mimeType: 'application/pdf',
          buffer: samplePdf(`material ${i}`),
        });
        await row.getByTestId('uploaded').waitFor();
      }
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.getByRole('button', { name: '下一步' }).click();
    });
    await step(applicant, 'apply-submitted', async () => {
      await applicant.getByRole('button', { name: '提交申请' }).click();
      await applicant.waitForURL(/\/me\/applications\/\d+/);
      const number = applicant
        .getByTestId('application-no')
        .filter({ hasText: /^\s*330102\d{14}[0-9A-Z]\s*$/ });
      await number.waitFor();
      applicationNo = (await number.innerText()).trim();
      expect(applicationNo).toMatch(/^330102\d{14}[0-9A-Z]$/);
      await applicant.locator('[data-status=submitted]').first().waitFor();
    });

    // 2. The Shangcheng window finds it in the queue and accepts it.
    const clerk = await loginAs('clerk.shangcheng', '/desk');
    await step(clerk, 'desk-queue', async () => {
      await clerk.locator(`.application-row[data-no="${applicationNo}"]`).waitFor();
      expect(await unlabelledControls(clerk)).toEqual([]);
      await clerk.locator(`.application-row[data-no="${applicationNo}"] a`).click();
      await clerk.waitForURL(/\/desk\/\d+/);
    });
    await step(clerk, 'desk-accepted', async () => {
      await clerk.getByRole('heading', { name: '申请材料' }).waitFor();
      await clerk.getByRole('button', { name: '受理', exact: true }).click();
      // 受理 is irreversible: a confirmation says what follows before anything is sent.
      const confirm = clerk.locator('.ant-modal').filter({ hasText: '确认受理该申请？' });
      await confirm.getByText('受理不能撤回').waitFor();
      expect(await clerk.locator('[data-status=accepted]').count()).toBe(0);
      await confirm.getByRole('button', { name: '确认受理' }).click();
      await clerk.locator('[data-status=accepted]').first().waitFor();
    });

    // 3. Three departments approve in parallel; the market regulator's on-site check needs a second official.
    const approve = async (username: string, name: string, cosigner?: string) => {
      const officer = await loginAs(username, '/approval');
      const row = officer.locator(`.task-row[data-no="${applicationNo}"]`);
      await step(officer, `${name}-queue`, async () => {
        await reloadUntil(officer, row);
        // 待办 says what is due on the row, in Chinese: a new task is to claim.
        await expect(row.locator('.queue-action').textContent()).resolves.toBe('待认领');
        await expect(row.locator('[data-deadline]').getAttribute('data-deadline')).resolves.toMatch(
          /green|gold|red/,
        );
        await row.locator('a').click();
        await officer.waitForURL(/\/approval\/cases\//);
      });
      await step(officer, `${name}-opinion`, async () => {
        await officer.getByRole('button', { name: '认领' }).click();
        await officer.getByLabel('审查意见').fill('经审查，符合条件，同意。');
        expect(await unlabelledControls(officer)).toEqual([]);
        await officer.getByRole('button', { name: '提交意见' }).click();
        await officer
          .getByText(cosigner ? '待会签' : '已完成')
          .first()
          .waitFor();
      });
      if (cosigner) {
        // Signed first: the case waits for the co-signer, so it leaves the signer's 待办 for 等待他人.
        await step(officer, `${name}-waiting`, async () => {
          await officer.goto(`${hall.url}/approval?view=waiting`);
          await expect(row.locator('.queue-action').textContent()).resolves.toBe('已签署，待他人会签');
          // 待办: once its list is shown (the answer is in), the row is not in it.
          await officer.goto(`${hall.url}/approval`);
          await officer.locator('.result-list').waitFor();
          await expect(row.count()).resolves.toBe(0);
        });
        const head = await loginAs(cosigner, '/approval');
        await step(head, `${name}-cosign`, async () => {
          const headRow = head.locator(`.task-row[data-no="${applicationNo}"]`);
          await reloadUntil(head, headRow);
          await expect(headRow.locator('.queue-action').textContent()).resolves.toBe('待会签');
          await head.locator(`.task-row[data-no="${applicationNo}"] a`).click();
          await head.getByLabel('审查意见').fill('现场核查属实。');
          await head.getByRole('button', { name: '会签确认' }).click();
          await head.getByRole('heading', { name: /已完成/ }).waitFor();
        });
        await head.context().close();
      }
      return officer;
    };
    const market = await approve('approver.market', 'market', 'head.market');
    await (await approve('approver.fire', 'fire')).context().close();
    await (await approve('approver.urban', 'urban')).context().close();

    // 4. The lead decides: every opinion is in, so the case is back in the lead's 待办 as a decision due.
    await step(market, 'decide-queue', async () => {
      await market.goto(`${hall.url}/approval`);
      const row = market.locator(`.task-row[data-no="${applicationNo}"][data-action="decide"]`);
      await reloadUntil(market, row);
      await expect(row.locator('.queue-action').textContent()).resolves.toBe('待作出决定');
      await expect(row.locator('[data-deadline]').textContent()).resolves.toMatch(/剩 \d+ 个工作日|已超期/);
      await row.locator('a').click();
      await market.waitForURL(/\/approval\/cases\//);
    });
    await step(market, 'decide', async () => {
      await reloadUntil(market, market.getByRole('button', { name: '审批决定' }));
      await market.getByRole('button', { name: '审批决定' }).click();
      const confirm = market.locator('.ant-modal').filter({ hasText: '确认作出准予许可决定？' });
      await confirm.getByText('符合法定条件、标准，准予许可。').waitFor();
      await confirm.getByRole('button', { name: '确认准予许可' }).click();
      await market.getByTestId('decision').filter({ hasText: '准予许可' }).waitFor();
    });

    // 5. The licences appear in the applicant's wallet; the public page verifies one as genuine.
    await step(applicant, 'wallet', async () => {
      await applicant.goto(`${hall.url}/me/licences`);
      const cards = applicant.locator('.licence-card').filter({ hasText: applicationNo });
      await reloadUntil(applicant, cards.nth(2));
      expect(await cards.count()).toBe(3);
      await applicant.setViewportSize({ width: 375, height: 812 });
      expect(
        await applicant.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
    });
    await step(applicant, 'verify-genuine', async () => {
      await applicant
        .locator('.licence-card')
        .filter({ hasText: applicationNo })
        .first()
        .getByRole('link', { name: '核验' })
        .click();
      await applicant.waitForURL(/\/verify\?identifier=/);
      await applicant.getByText('核验通过：证照真实有效').waitFor();
    });
    await step(applicant, 'my-application-phone', async () => {
      await applicant.goto(`${hall.url}/me/applications/${applicationNo}`);
      await applicant.getByTestId('application-no').waitFor();
      expect(
        await applicant.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      expect(await unlabelledControls(applicant)).toEqual([]);
    });
  }, 600_000);
});
