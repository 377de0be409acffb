/**
 * E-licence screens in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall.
 *
 * Test data over the public APIs: zhangsan's 食品经营许可（新办） in 上城区 is accepted, approved (the on-site step
 * co-signed by head.market) and decided → a 食品经营许可证 issued by 上城区市场监督管理局. Then:
 * - 证照管理: approver.market finds it in the department's list, opens it, 暂扣s it — the confirmation says what
 *   follows and cannot be sent without a reason — sees 暂扣 and the reason in the history, then 恢复s it;
 * - 我的证照: zhangsan's wallet shows the licence with its holder before the identifier, finds it by name and by
 *   status filter, and shows 暂扣 while suspended (no share button then).
 * - 申请表 from the catalog: zhangsan applies for 生育登记 in 上城区 with the item's own form — the account's name,
 *   ID number and phone are not asked; a missing required field shows its Chinese message on that field; the review
 *   and 我的办件 show each value under its label; intake holds the ID number from the token.
 * Screenshots: test-artifacts/web/licences-*.png (FAILED-… for a failing step).
 */
import { samplePdf } from '@hall/storage';
import { HallClient, type MaterialSpec } from './support/hall-client.js';
import { describeBrowser, eventually, haveBrowser, loginAs, startBrowserHall, stepper, unlabelledControls, type BrowserHall } from './support/browser.js';

/** 食品经营许可（新办） of 上城区's market regulator in the demo catalog. */
const FOOD_NEW = '11330102007796929X4010010010001';
const REASON = '日常检查发现后厨卫生不达标，责令整改期间暂扣。';

let bh: BrowserHall;
let hall: HallClient;
const step = stepper('licences');
let identifier = '';

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  hall = new HallClient(bh.hall.url);
  const view = await eventually('intake knows 食品经营许可（新办）', async () => {
    const res = await hall.get(undefined, `/api/intake/implementations/${FOOD_NEW}`);
    return res.status === 200 ? (res.body as { snapshot: { materials: MaterialSpec[] } }) : undefined;
  });
  const no = await hall.submit('zhangsan', { code: FOOD_NEW, materials: view.snapshot.materials }, { entityName: '张三小馆', premises: '杭州市上城区清河坊 88 号' });
  const accept = await hall.post('clerk.shangcheng', `/api/intake/applications/${no}/accept`, {});
  if (accept.status !== 200) throw new Error(`accept: ${accept.status} ${JSON.stringify(accept.body)}`);
  const task = await hall.openTask('approver.market', no);
  const done = await hall.examine('approver.market', task.id, { verdict: 'approve', opinion: '经现场核查，符合条件。' }, 'head.market');
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  const decide = await hall.post('approver.market', `/api/approval/cases/${no}/decide`, { outcome: 'approved', reasons: '符合法定条件、标准，准予许可。' });
  if (decide.status !== 200) throw new Error(`decide: ${decide.status} ${JSON.stringify(decide.body)}`);
  const [licence] = await eventually('the licence is issued', async () => {
    const mine = await hall.licencesOf('zhangsan', no);
    return mine.length > 0 ? mine : undefined;
  });
  identifier = licence?.identifier ?? '';
}, 300_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web: 证照管理 for the issuing department and 我的证照 for the holder', () => {
  it('the officer suspends with a reason and a confirmation, the holder sees it, the officer restores', async () => {
    const officer = await loginAs(bh, 'approver.market', '/approval/licences');
    const drawer = officer.locator('.ant-drawer');
    await step(officer, 'department-list', async () => {
      await officer.getByRole('heading', { name: '证照管理' }).waitFor();
      await officer.getByLabel('按证照名称或标识查找').fill(identifier);
      await officer.getByLabel('按证照名称或标识查找').press('Enter');
      const row = officer.locator('tr').filter({ hasText: identifier });
      await row.getByText('有效').waitFor();
      await row.getByText('张三').waitFor();
      expect(await unlabelledControls(officer)).toEqual([]);
      await row.getByRole('button', { name: '食品经营许可证' }).click();
      await drawer.getByText('签发以来状态未变更').waitFor();
    });
    await step(officer, 'suspend-confirm', async () => {
      await drawer.getByRole('button', { name: '暂扣' }).click();
      const dialog = officer.locator('.ant-modal').filter({ has: officer.getByTestId('licence-action-consequence') });
      const consequence = officer.getByTestId('licence-action-consequence');
      await consequence.waitFor();
      expect(await consequence.textContent()).toContain('在恢复前不能共享、不能用于免提交');
      // No reason, no action.
      await expect(dialog.getByRole('button', { name: '暂扣' }).isDisabled()).resolves.toBe(true);
      await dialog.getByLabel('理由').fill(REASON);
      await dialog.getByRole('button', { name: '暂扣' }).click();
      await drawer.locator('.ant-tag').filter({ hasText: '暂扣' }).waitFor();
      await drawer.getByText(REASON).waitFor();
    });
    const suspended = await hall.get('zhangsan', '/api/licence/licences', { mine: 1, q: identifier });
    expect((suspended.body as { items: Array<{ status: string }> }).items).toEqual([expect.objectContaining({ status: 'suspended' })]);

    const holder = await loginAs(bh, 'zhangsan', '/me/licences');
    const card = holder.locator('.licence-card').filter({ hasText: identifier });
    await step(holder, 'wallet-suspended', async () => {
      await holder.getByLabel('证照状态').click();
      await holder.locator('.ant-select-item-option').filter({ hasText: '暂扣' }).click();
      await card.locator('.ant-tag').filter({ hasText: '暂扣' }).waitFor();
      // Holder and issuer come before the identifier; a suspended licence cannot be shared.
      const text = (await card.textContent()) ?? '';
      expect(text.indexOf('张三')).toBeLessThan(text.indexOf(identifier));
      expect(text.indexOf('上城区市场监督管理局')).toBeLessThan(text.indexOf(identifier));
      await expect(card.getByRole('button', { name: /共享|授权/ }).count()).resolves.toBe(0);
      expect(await unlabelledControls(holder)).toEqual([]);
    });

    await step(officer, 'restore', async () => {
      await drawer.getByRole('button', { name: '恢复' }).click();
      const dialog = officer.locator('.ant-modal').filter({ has: officer.getByTestId('licence-action-consequence') });
      await dialog.getByLabel('理由').fill('整改完成，经复查符合要求。');
      await dialog.getByRole('button', { name: '恢复' }).click();
      await drawer.locator('.ant-tag').filter({ hasText: '有效' }).waitFor();
    });
    await step(holder, 'wallet-valid', async () => {
      await holder.reload();
      await holder.getByLabel('按证照名称或标识查找').fill('食品经营许可证');
      await holder.getByLabel('按证照名称或标识查找').press('Enter');
      await card.locator('.ant-tag').filter({ hasText: '有效' }).waitFor();
    });
  }, 240_000);

  it('applies with the item\'s own 申请表: account fields not asked, a field error in Chinese on its field, labels everywhere', async () => {
    const search = await hall.get(undefined, '/api/catalog/implementations', { q: '生育登记', region: '330102' });
    const code = (search.body as { items: Array<{ implementationCode: string; regionCode: string }> }).items.find((i) => i.regionCode === '330102')?.implementationCode ?? '';
    expect(code).not.toBe('');
    await eventually('intake knows 生育登记', async () => ((await hall.get(undefined, `/api/intake/implementations/${code}`)).status === 200 ? true : undefined));
    const applicant = await loginAs(bh, 'zhangsan', `/apply/${code}`);
    await step(applicant, 'form-errors', async () => {
      await applicant.getByTestId('prefilled-fields').filter({ hasText: '登记人公民身份号码' }).waitFor();
      await expect(applicant.getByLabel('登记人公民身份号码').count()).resolves.toBe(0);
      await expect(applicant.getByLabel('申请主体名称（店名/单位名称）').count()).resolves.toBe(0);
      await applicant.getByLabel('现居住地址').fill('杭州市上城区清河坊 88 号');
      await applicant.getByRole('button', { name: '下一步' }).click();
      // The missing 配偶姓名 is named on its own field, in Chinese.
      const spouse = applicant.locator('.ant-form-item').filter({ has: applicant.getByLabel('配偶姓名') });
      await spouse.locator('.ant-form-item-explain-error').filter({ hasText: '请填写配偶姓名' }).waitFor();
      expect(await unlabelledControls(applicant)).toEqual([]);
    });
    await step(applicant, 'form-filled', async () => {
      await applicant.getByLabel('配偶姓名').fill('李梅');
      await applicant.getByLabel('本次登记子女孩次').click();
      await applicant.locator('.ant-select-item-option').filter({ hasText: '第二个子女' }).click();
      await applicant.getByRole('button', { name: '下一步' }).click();
      const required = applicant.locator('li.material-input').filter({ has: applicant.getByText('必交', { exact: true }) });
      await required.first().waitFor();
      const count = await required.count();
      for (let i = 0; i < count; i++) {
        const row = required.nth(i);
        await row.locator('input[type=file]').setInputFiles({ name: `material-${i}.pdf`, mimeType: 'application/pdf', buffer: samplePdf(`birth ${i}`) });
        await row.getByTestId('uploaded').waitFor();
      }
      await applicant.getByRole('button', { name: '下一步' }).click();
      await applicant.locator('.ant-descriptions').getByText('配偶姓名').waitFor();
      await applicant.locator('.ant-descriptions').getByText('第二个子女').waitFor();
    });
    let no = '';
    await step(applicant, 'form-submitted', async () => {
      await applicant.getByRole('button', { name: '提交申请' }).click();
      await applicant.waitForURL(/\/me\/applications\/\d+/);
      const number = applicant.getByTestId('application-no').filter({ hasText: /^\s*330102\d{14}[0-9A-Z]\s*$/ });
      await number.waitFor();
      no = (await number.innerText()).trim();
      const facts = applicant.locator('.ant-descriptions').first();
      await facts.getByText('配偶姓名').waitFor();
      await facts.getByText('李梅').waitFor();
      await facts.getByText('本次登记子女孩次').waitFor();
      expect(await facts.getByText('spouseName').count()).toBe(0);
    });
    // Intake took the name and ID number from the token, not from the browser.
    const app = (await hall.application('zhangsan', no)) as unknown as { formData: Record<string, unknown>; formFields: Array<{ key: string; label: string }> };
    expect(app.formData).toMatchObject({ applicantName: '张三', idNumber: '330102199003071230', spouseName: '李梅', childOrder: '第二个子女' });
    expect(app.formFields.map((f) => f.label)).toContain('配偶姓名');
  }, 240_000);
});
