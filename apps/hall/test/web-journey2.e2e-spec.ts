/**
 * The applicant's and window's journey screens in a real browser (playwright-core + Debian's Chromium) against the
 * embedded hall:
 * - zhangsan applies at phone width (375 px, no horizontal scroll on any wizard step) with a picture and PDFs →
 *   clerk.shangcheng previews them inline (image and PDF frame) and sends the one-time supplement notice →
 *   zhangsan sees which material is faulty and why, uploads a replacement and resubmits → the window accepts →
 *   three departments approve and the lead decides (over the API; web-journey covers those screens) → zhangsan
 *   sees the pickup code, shares a licence for the application and rates the service once → the window hands out
 *   the result with the pickup code.
 * - Two applicants: lisi sees zhangsan's application neither in the list nor by URL (not-found state); the clerk
 *   of another district gets the forbidden state.
 * - 代办: the clerk applies for a walk-in applicant; a wrong ID check digit is refused in the browser.
 * Screenshots: test-artifacts/web/journey2-*.png (FAILED-… for a failing step).
 */
import { crc32, deflateSync } from 'node:zlib';
import { samplePdf } from '@hall/storage';
import {
  describeBrowser,
  fillApplicationForm,
  eventually,
  hallApi,
  haveBrowser,
  loginAs as login,
  overflow,
  reloadUntil,
  startBrowserHall,
  stepper,
  type BrowserHall,
  type HallUnderTest,
  unlabelledControls,
} from './support/browser.js';

/** A real 2×2 RGB PNG (built here: signature, IHDR, deflated IDAT, IEND with their CRCs) for the image viewer. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type RGB
  const row = Buffer.from([0, 200, 30, 30, 200, 30, 30]); // filter 0, two red pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PNG = tinyPng();

let bh: BrowserHall;
let hall: HallUnderTest;
const step = stepper('journey2');
const { ok: api } = hallApi(() => hall.url);
/** Signs in through the realm's login page; generous: on a loaded CI machine one service call can take tens of seconds. */
const loginAs = (username: string, target: string) => login(bh, username, target, { timeoutMs: 90_000 });
let code = '';
let applicationNo = '';

/** A resident ID number with a correct GB 11643 check digit. */
function residentId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(first17[i]), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** Three departments approve (market with its second official) and the lead decides, over the API. */
async function approveAndDecide(no: string): Promise<void> {
  interface Task {
    id: string;
    applicationNo: string;
    status: string;
  }
  const officers = [
    { username: 'approver.market', cosigner: 'head.market' },
    { username: 'approver.fire', cosigner: undefined },
    { username: 'approver.urban', cosigner: undefined },
  ];
  for (const o of officers) {
    // Every page of the queue: a shared hall (HALL_URL) may hold more open tasks than one page.
    const task = await eventually(`${o.username} sees the task`, async () => {
      for (let p = 1; ; p++) {
        const page = await api<{ items: Task[] }>(
          o.username,
          'GET',
          `/api/approval/tasks?pageSize=100&page=${p}`,
        );
        const found = page.items.find((t) => t.applicationNo === no);
        if (found || page.items.length < 100) return found;
      }
    });
    await api(o.username, 'POST', `/api/approval/tasks/${task.id}/claim`, {});
    const done = await api<Task>(o.username, 'POST', `/api/approval/tasks/${task.id}/complete`, {
      verdict: 'approve',
      opinion: '经审查，符合条件，同意。',
    });
    if (done.status === 'cosign' && o.cosigner) {
      await api(o.cosigner, 'POST', `/api/approval/tasks/${task.id}/complete`, {
        verdict: 'approve',
        opinion: '现场核查属实。',
      });
    }
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
    `${hall.url}/api/catalog/implementations?q=${encodeURIComponent('开办餐饮店')}&region=330102`,
  );
  const found = (await search.json()) as { items: Array<{ implementationCode: string; regionCode: string }> };
  code = found.items.find((i) => i.regionCode === '330102')?.implementationCode ?? '';
  if (!code) throw new Error('no 开办餐饮店 implementation in 330102');
  for (
    let i = 0;
    i < 300 && (await fetch(`${hall.url}/api/intake/implementations/${code}`)).status !== 200;
    i++
  )
    await new Promise((r) => setTimeout(r, 200));
}, 600_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web journey 2: supplement, viewer, rating, sharing, isolation, 代办', () => {
  it('applies at 375 px, the window previews and asks for a supplement, the applicant answers, rates once after completion', async () => {
    // 1. The wizard at phone width: no horizontal scroll on any step.
    const applicant = await loginAs('zhangsan', `/items/${code}`);
    await applicant.setViewportSize({ width: 375, height: 812 });
    await step(applicant, 'apply-375-form', async () => {
      await applicant.getByRole('button', { name: '在线办理' }).click();
      await applicant.waitForURL(/\/apply\//);
      await fillApplicationForm(applicant, hall, code, {
        entityName: '张三面馆',
        premises: '杭州市上城区河坊街 1 号',
      });
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
      await applicant.getByRole('button', { name: '下一步' }).click();
    });
    let firstMaterial = '';
    await step(applicant, 'apply-375-materials', async () => {
      const required = applicant
        .locator('li.material-input')
        .filter({ has: applicant.getByText('必交', { exact: true }) });
      await required.first().waitFor();
      const count = await required.count();
      expect(count).toBeGreaterThan(1);
      firstMaterial = (await required.first().locator('strong').innerText()).trim();
      for (let i = 0; i < count; i++) {
        const row = required.nth(i);
        const file =
          i === 0
            ? { name: 'material-0.png', mimeType: 'image/png', buffer: PNG }
            : { name: `material-${i}.pdf`, mimeType: 'application/pdf', buffer: samplePdf(`material ${i}`) };
        await row.locator('input[type=file]').setInputFiles(file);
        await row.getByTestId('uploaded').waitFor();
      }
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.getByRole('button', { name: '下一步' }).click();
    });
    await step(applicant, 'apply-375-review', async () => {
      await applicant.getByRole('button', { name: '提交申请' }).waitFor();
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
      await applicant.getByRole('button', { name: '提交申请' }).click();
      await applicant.waitForURL(/\/me\/applications\/\d+/);
      const number = applicant
        .getByTestId('application-no')
        .filter({ hasText: /^\s*330102\d{14}[0-9A-Z]\s*$/ });
      await number.waitFor();
      applicationNo = (await number.innerText()).trim();
      await applicant.locator('[data-status=submitted]').first().waitFor();
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
    });
    await applicant.setViewportSize({ width: 1280, height: 900 });

    // 2. The window previews the materials inline and sends the one-time notice for the first one.
    const clerk = await loginAs('clerk.shangcheng', `/desk/${applicationNo}`);
    await step(clerk, 'desk-viewer', async () => {
      await clerk.getByRole('heading', { name: '申请材料' }).waitFor();
      await clerk.getByRole('button', { name: '预览 material-0.png' }).click();
      const img = clerk.getByRole('img', { name: '材料预览：material-0.png' });
      await img.waitFor();
      await clerk.waitForFunction(() => {
        const el = document.querySelector<HTMLImageElement>('img.file-preview-image');
        return el !== null && el.complete && el.naturalWidth === 2;
      });
      await clerk.getByRole('button', { name: '预览 material-1.pdf' }).click();
      const frame = clerk.locator('iframe[title="材料预览：material-1.pdf"]');
      await frame.waitFor();
      expect(await frame.getAttribute('src')).toMatch(/^blob:/);
      expect(await unlabelledControls(clerk)).toEqual([]);
    });
    await step(clerk, 'desk-notice', async () => {
      await clerk.getByRole('tab', { name: '一次性告知（补正）' }).click();
      await clerk.getByRole('checkbox', { name: `有问题：${firstMaterial}` }).check();
      await clerk.getByLabel(`${firstMaterial} 的问题`).fill('照片模糊，请上传清晰的扫描件');
      await clerk.getByRole('button', { name: '发送一次性告知书' }).click();
      await clerk.locator('[data-status=supplement-requested]').first().waitFor();
    });

    // 3. The applicant sees which material and why, uploads the replacement and resubmits.
    await step(applicant, 'supplement-answer', async () => {
      await applicant.reload();
      const card = applicant.getByTestId('supplement-answer');
      await card.waitFor();
      const item = card.locator('li.supplement-item').filter({ hasText: firstMaterial });
      await item.filter({ hasText: '照片模糊，请上传清晰的扫描件' }).waitFor();
      expect(await card.locator('li.supplement-item').count()).toBe(1);
      await item.locator('input[type=file]').setInputFiles({
        name: 'material-0-clear.pdf',
        mimeType: 'application/pdf',
        buffer: samplePdf('clear scan'),
      });
      await item.getByTestId('uploaded').waitFor();
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.getByRole('button', { name: '提交补正材料' }).click();
      await applicant.locator('[data-status=supplemented]').first().waitFor();
    });

    // 4. The window sees the replacement and accepts.
    await step(clerk, 'desk-accept', async () => {
      await clerk.reload();
      await clerk.locator('[data-status=supplemented]').first().waitFor();
      await clerk.getByRole('button', { name: '预览 material-0-clear.pdf' }).waitFor();
      await clerk.getByRole('button', { name: '受理', exact: true }).click();
      // 受理 is irreversible: a confirmation says what follows before anything is sent.
      const confirm = clerk.locator('.ant-modal').filter({ hasText: '确认受理该申请？' });
      await confirm.getByText('受理不能撤回').waitFor();
      expect(await clerk.locator('[data-status=accepted]').count()).toBe(0);
      await confirm.getByRole('button', { name: '确认受理' }).click();
      await clerk.locator('[data-status=accepted]').first().waitFor();
    });

    // 5. Approval and decision (API); intake completes once the licences are issued.
    await approveAndDecide(applicationNo);
    let pickupCode = '';
    await step(applicant, 'completed-pickup-code', async () => {
      await reloadUntil(applicant, applicant.locator('[data-status=completed]'));
      const codeLine = applicant.getByTestId('pickup-code').filter({ hasText: /\d{6}/ });
      await codeLine.waitFor();
      pickupCode = /(\d{6})/.exec(await codeLine.innerText())?.[1] ?? '';
      expect(pickupCode).toMatch(/^\d{6}$/);
      // The decision and its written form (准予行政许可决定书, AL art. 38), listed with the other notices.
      await applicant.getByTestId('decision-outcome').filter({ hasText: '准予许可' }).waitFor();
      await applicant
        .getByRole('button', { name: new RegExp(`准予行政许可决定书 许〔\\d{4}〕${applicationNo}号（PDF）`) })
        .waitFor();
    });

    // 6. Rating: once, after completion; shown as given afterwards.
    await step(applicant, 'rating', async () => {
      await reloadUntil(applicant, applicant.getByTestId('rating-form'));
      await applicant.getByRole('radio', { name: '非常满意' }).check();
      await applicant.getByLabel('评价内容（选填）').fill('一次告知就补齐了，很方便');
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.getByRole('button', { name: '提交评价' }).click();
      await applicant.getByTestId('rating-done').filter({ hasText: '您已评价：非常满意' }).waitFor();
      await applicant.reload();
      await applicant.getByTestId('rating-done').filter({ hasText: '一次告知就补齐了，很方便' }).waitFor();
      expect(await applicant.getByTestId('rating-form').count()).toBe(0);
    });

    // 7. My licences: share one for this application.
    await step(applicant, 'wallet-share', async () => {
      await applicant.goto(`${hall.url}/me/licences`);
      const card = applicant.locator('.licence-card').filter({ hasText: applicationNo }).first();
      await reloadUntil(applicant, card);
      await card.getByRole('button', { name: '查看证照信息' }).click();
      await card.getByTestId('licence-fields').filter({ hasText: '张三' }).waitFor();
      await card.getByRole('button', { name: '共享授权' }).click();
      await applicant.getByLabel('办件编号').fill(applicationNo);
      expect(await unlabelledControls(applicant)).toEqual([]);
      await applicant.getByRole('button', { name: '授权', exact: true }).click();
      await applicant.getByTestId('share-grant').filter({ hasText: '仅供办理政务服务事项时使用' }).waitFor();
      await applicant.getByRole('button', { name: '撤销授权' }).click();
      await applicant.getByText('已撤销授权').first().waitFor();
    });

    // 8. The window hands out the result against the pickup code.
    await step(clerk, 'desk-deliver', async () => {
      await reloadUntil(clerk, clerk.getByRole('tab', { name: '出件' }));
      await clerk.getByTestId('notice-approval-decision').filter({ hasText: '准予行政许可决定书' }).waitFor();
      await clerk.getByRole('tab', { name: '出件' }).click();
      await clerk.getByLabel('取件码').fill(pickupCode);
      await clerk.getByRole('button', { name: '出件', exact: true }).click();
      await clerk.locator('[data-status=delivered]').first().waitFor();
    });
    await applicant.context().close();
    await clerk.context().close();
  }, 600_000);

  it("two applicants: lisi sees zhangsan's application neither in the list nor by URL; another district's clerk is refused", async () => {
    expect(applicationNo).not.toBe('');
    const owner = await loginAs('zhangsan', '/me/applications');
    await step(owner, 'isolation-owner-list', async () => {
      await owner.locator(`.application-row[data-no="${applicationNo}"]`).waitFor();
    });
    const other = await loginAs('lisi', '/me/applications');
    await step(other, 'isolation-other-list', async () => {
      await other.locator('.result-list').waitFor();
      await other.getByRole('heading', { name: '我的办件' }).waitFor();
      expect(await other.locator(`.application-row[data-no="${applicationNo}"]`).count()).toBe(0);
      expect(await other.getByText(applicationNo).count()).toBe(0);
    });
    await step(other, 'isolation-other-url', async () => {
      await other.goto(`${hall.url}/me/applications/${applicationNo}`);
      await other.getByTestId('state-not-found').filter({ hasText: '未找到该办件' }).waitFor();
      expect(await other.getByTestId('application-no').count()).toBe(0);
      expect(await other.getByText('张三面馆').count()).toBe(0);
    });
    const xihu = await loginAs('clerk.xihu', `/desk/${applicationNo}`);
    await step(xihu, 'isolation-other-district', async () => {
      // Another district's window cannot tell an existing application from a missing one (no existence probing).
      await xihu.getByTestId('state-not-found').waitFor();
      expect(await xihu.getByText('张三面馆').count()).toBe(0);
    });
    await owner.context().close();
    await other.context().close();
    await xihu.context().close();
  }, 300_000);

  it('代办: the window applies for a walk-in applicant; a wrong ID check digit is refused in the browser', async () => {
    const clerk = await loginAs('clerk.shangcheng', '/desk');
    const id = residentId('33010219900101123');
    const wrong = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
    await step(clerk, 'agent-identity', async () => {
      await clerk.getByRole('button', { name: '代办申报' }).click();
      await clerk.waitForURL(/\/desk\/apply$/);
      await clerk.getByLabel('申请人姓名').fill('王五');
      await clerk.getByLabel('居民身份证号码').fill(wrong);
      await clerk.getByLabel('联系电话').fill('13900000000');
      await clerk.getByLabel('办理事项').fill('开办餐饮店');
      await clerk.locator('.ant-select-item-option').filter({ hasText: '开办餐饮店' }).first().click();
      expect(await unlabelledControls(clerk)).toEqual([]);
      await clerk.getByRole('button', { name: '下一步' }).click();
      await clerk.getByText('身份证号码有误（格式、出生日期或校验码不符）').waitFor();
      await clerk.getByLabel('居民身份证号码').fill(id);
      await clerk.getByRole('button', { name: '下一步' }).click();
      await clerk.getByTestId('agent-banner').filter({ hasText: '王五' }).waitFor();
    });
    await step(clerk, 'agent-wizard', async () => {
      await fillApplicationForm(clerk, hall, code, {
        entityName: '王五小吃',
        premises: '杭州市上城区南山路 2 号',
      });
      await clerk.getByRole('button', { name: '下一步' }).click();
      const required = clerk
        .locator('li.material-input')
        .filter({ has: clerk.getByText('必交', { exact: true }) });
      await required.first().waitFor();
      expect(await clerk.getByText('使用电子证照（免提交）').count()).toBe(0);
      const count = await required.count();
      for (let i = 0; i < count; i++) {
        const row = required.nth(i);
        await row.locator('input[type=file]').setInputFiles({
          name: `walk-in-${i}.pdf`,
          mimeType: 'application/pdf',
          buffer: samplePdf(`walk-in ${i}`),
        });
        await row.getByTestId('uploaded').waitFor();
      }
      await clerk.getByRole('button', { name: '下一步' }).click();
      await clerk.getByRole('button', { name: '提交申请' }).click();
      await clerk.waitForURL(/\/desk\/330102\d{14}[0-9A-Z]$/);
      await clerk.getByRole('heading', { name: '申请材料' }).waitFor();
      await clerk.locator('.ant-descriptions').filter({ hasText: '王五' }).waitFor();
      await clerk.locator('[data-status=submitted]').first().waitFor();
    });
    await clerk.context().close();
  }, 300_000);
});
