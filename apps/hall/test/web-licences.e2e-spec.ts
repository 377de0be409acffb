/**
 * E-licence screens in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall.
 *
 * Test data over the public APIs: zhangsan's 食品经营许可（新办） in 上城区 is accepted, approved (the on-site step
 * co-signed by head.market) and decided → a 食品经营许可证 issued by 上城区市场监督管理局. Then:
 * - 证照管理: approver.market finds it in the department's list, opens it, 暂扣s it — the confirmation says what
 *   follows and cannot be sent without a reason — sees 暂扣 and the reason in the history, then 恢复s it;
 * - 我的证照: zhangsan's wallet shows the licence with its holder before the identifier, finds it by name and by
 *   status filter, and shows 暂扣 while suspended (no share button then).
 * - 变更: approver.market changes 经营场所 — nothing changed is refused in Chinese, the confirmation lists old → new
 *   and what follows — and the drawer then shows the new version, 版本记录 listing it and the old one 失效（已换发）;
 *   the holder's wallet lists both versions under the new licence; a change a colleague made meanwhile makes the
 *   service refuse (409), shown in Chinese.
 * - 申请表 from the catalog: zhangsan applies for 生育登记 in 上城区 with the item's own form — the account's name,
 *   ID number and phone are not asked; a missing required field shows its Chinese message on that field; the review
 *   and 我的办件 show each value under its label; intake holds the ID number from the token.
 * - Three items, three forms: zhangsan applies in the browser for 个体工商户登记, 特种设备使用登记 and 食品经营许可（新办）,
 *   each rendering its own 申请表 (one field-level error each, in Chinese, on the right field); the market regulator
 *   approves and decides over the API; every field of the three licences is filled and printed (read back from the
 *   PDF text with poppler's pdftotext).
 * Screenshots: test-artifacts/web/licences-*.png (FAILED-… for a failing step).
 */
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import { pdftotext } from '@hall/pdf';
import { samplePdf } from '@hall/storage';
import { HallClient, type MaterialSpec } from './support/hall-client.js';
import {
  describeBrowser,
  eventually,
  fillFormFields,
  haveBrowser,
  loginAs,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
} from './support/browser.js';

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
  const no = await hall.submit(
    'zhangsan',
    { code: FOOD_NEW, materials: view.snapshot.materials },
    { entityName: '张三小馆', premises: '杭州市上城区清河坊 88 号' },
  );
  const accept = await hall.post('clerk.shangcheng', `/api/intake/applications/${no}/accept`, {});
  if (accept.status !== 200) throw new Error(`accept: ${accept.status} ${JSON.stringify(accept.body)}`);
  const task = await hall.openTask('approver.market', no);
  const done = await hall.examine(
    'approver.market',
    task.id,
    { verdict: 'approve', opinion: '经现场核查，符合条件。' },
    'head.market',
  );
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  const decide = await hall.post('approver.market', `/api/approval/cases/${no}/decide`, {
    outcome: 'approved',
    reasons: '符合法定条件、标准，准予许可。',
  });
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
      const dialog = officer
        .locator('.ant-modal')
        .filter({ has: officer.getByTestId('licence-action-consequence') });
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
    expect((suspended.body as { items: Array<{ status: string }> }).items).toEqual([
      expect.objectContaining({ status: 'suspended' }),
    ]);

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
      const dialog = officer
        .locator('.ant-modal')
        .filter({ has: officer.getByTestId('licence-action-consequence') });
      await dialog.getByLabel('理由').fill('整改完成，经复查符合要求。');
      await dialog.getByRole('button', { name: '恢复' }).click();
      await drawer.locator('.ant-tag').filter({ hasText: '有效' }).waitFor();
    });
    await step(holder, 'wallet-valid', async () => {
      // The wallet's filters live in its URL (a reload or a shared link keeps them): start from the bare page.
      expect(new URL(holder.url()).searchParams.get('status')).toBe('suspended');
      await holder.goto(`${bh.hall.url}/me/licences`);
      await holder.getByLabel('按证照名称或标识查找').fill('食品经营许可证');
      await holder.getByLabel('按证照名称或标识查找').press('Enter');
      await card.locator('.ant-tag').filter({ hasText: '有效' }).waitFor();
    });
  }, 240_000);

  it('the officer changes one field: the confirmation shows old → new, the new version is shown and the old one is 已换发', async () => {
    type Detail = {
      fields: Array<{ label: string; value: string }>;
      supersededBy: string | null;
      status: string;
    };
    const before = (await hall.get('approver.market', `/api/licence/licences/${identifier}`)).body as Detail;
    const old = before.fields.find((f) => f.label === '经营场所')?.value ?? '';
    const next = '杭州市上城区河坊街 100 号';
    const officer = await loginAs(bh, 'approver.market', '/approval/licences');
    const drawer = officer.locator('.ant-drawer');
    const dialog = officer.locator('.ant-modal').filter({ hasText: '变更证照' });
    await step(officer, 'change-form', async () => {
      await officer.getByLabel('按证照名称或标识查找').fill(identifier);
      await officer.getByLabel('按证照名称或标识查找').press('Enter');
      await officer
        .locator('tr')
        .filter({ hasText: identifier })
        .getByRole('button', { name: '食品经营许可证' })
        .click();
      await drawer.getByRole('button', { name: '变更' }).click();
      await dialog.getByLabel('持证主体名称').waitFor();
      await dialog.getByText('统一社会信用代码/身份证号不随变更而改变').waitFor();
      await expect(dialog.getByLabel('经营场所').inputValue()).resolves.toBe(old);
      expect(await unlabelledControls(officer)).toEqual([]);
      // No reason, no next step.
      await expect(dialog.getByRole('button', { name: '核对变更' }).isDisabled()).resolves.toBe(true);
    });
    await step(officer, 'change-nothing', async () => {
      await dialog.getByLabel('变更原因').fill('经营场所门牌号调整。');
      await dialog.getByRole('button', { name: '核对变更' }).click();
      await dialog.getByTestId('licence-change-problem').getByText('没有任何内容发生变化').waitFor();
    });
    await step(officer, 'change-confirm', async () => {
      await dialog.getByLabel('经营场所').fill(next);
      await dialog.getByRole('button', { name: '核对变更' }).click();
      const summary = dialog.getByTestId('licence-change-summary');
      await summary.waitFor();
      expect((await summary.innerText()).trim()).toBe(`经营场所：${old || '（空）'} → ${next}`);
      const consequence = (await dialog.getByTestId('licence-change-consequence').innerText()).trim();
      expect(consequence).toContain('失效（已换发）');
      expect(consequence).toContain('通知持证人');
    });
    let renewed = '';
    await step(officer, 'change-done', async () => {
      await dialog.getByRole('button', { name: '确认变更' }).click();
      renewed = await eventually('the old version names its successor', async () => {
        const now = (await hall.get('approver.market', `/api/licence/licences/${identifier}`)).body as Detail;
        return now.supersededBy ?? undefined;
      });
      // The drawer now shows the new version: its identifier, the new value, and both versions in 版本记录.
      await drawer.getByText(renewed).first().waitFor();
      await drawer.locator('.ant-descriptions').getByText(next).waitFor();
      const versions = drawer.getByTestId('licence-version');
      await versions.nth(1).waitFor();
      expect(await versions.count()).toBe(2);
      await versions.filter({ hasText: renewed }).locator('.ant-tag').filter({ hasText: '有效' }).waitFor();
      await versions
        .filter({ hasText: identifier })
        .locator('.ant-tag')
        .filter({ hasText: '失效（已换发）' })
        .waitFor();
    });
    const oldNow = (await hall.get('approver.market', `/api/licence/licences/${identifier}`)).body as Detail;
    expect(oldNow.status).toBe('superseded');
    const newNow = (await hall.get('approver.market', `/api/licence/licences/${renewed}`)).body as Detail;
    expect(newNow.fields).toContainEqual({ label: '经营场所', value: next });

    const holder = await loginAs(bh, 'zhangsan', '/me/licences');
    await step(holder, 'wallet-versions', async () => {
      const card = holder
        .locator('.licence-card')
        .filter({ has: holder.getByTestId('licence-identifier').filter({ hasText: renewed }) });
      await card.getByRole('button', { name: '查看证照信息' }).click();
      await card.getByText(next).waitFor();
      const versions = card.getByTestId('licence-version');
      await versions
        .filter({ hasText: identifier })
        .locator('.ant-tag')
        .filter({ hasText: '失效（已换发）' })
        .waitFor();
      expect(await versions.count()).toBe(2);
    });

    // A colleague changed it while the confirmation was open: the service's refusal shows in Chinese, no code.
    await step(officer, 'change-conflict', async () => {
      await drawer.getByRole('button', { name: '变更' }).click();
      await dialog.getByLabel('经营场所').fill('杭州市上城区河坊街 102 号');
      await dialog.getByLabel('变更原因').fill('门牌号再次调整。');
      await dialog.getByRole('button', { name: '核对变更' }).click();
      await dialog.getByTestId('licence-change-summary').waitFor();
      const meanwhile = await hall.post('approver.market', `/api/licence/licences/${renewed}/change`, {
        reason: '同事已办理变更。',
        fields: { 经营场所: '杭州市上城区河坊街 101 号' },
      });
      expect(meanwhile.status).toBe(201);
      await dialog.getByRole('button', { name: '确认变更' }).click();
      const problem = dialog.getByTestId('licence-change-problem');
      await problem.getByText('证照当前状态不允许此操作').waitFor();
      const text = await problem.innerText();
      expect(text).toContain('变更未办理');
      expect(text).not.toMatch(/LICENCE_STATUS_CONFLICT|cannot be changed/);
    });
  }, 240_000);

  it("applies with the item's own 申请表: account fields not asked, a field error in Chinese on its field, labels everywhere", async () => {
    const search = await hall.get(undefined, '/api/catalog/implementations', {
      q: '生育登记',
      region: '330102',
    });
    const code =
      (search.body as { items: Array<{ implementationCode: string; regionCode: string }> }).items.find(
        (i) => i.regionCode === '330102',
      )?.implementationCode ?? '';
    expect(code).not.toBe('');
    await eventually('intake knows 生育登记', async () =>
      (await hall.get(undefined, `/api/intake/implementations/${code}`)).status === 200 ? true : undefined,
    );
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
      const required = applicant
        .locator('li.material-input')
        .filter({ has: applicant.getByText('必交', { exact: true }) });
      await required.first().waitFor();
      const count = await required.count();
      for (let i = 0; i < count; i++) {
        const row = required.nth(i);
        await row.locator('input[type=file]').setInputFiles({
          name: `material-${i}.pdf`,
          mimeType: 'application/pdf',
          buffer: samplePdf(`birth ${i}`),
        });
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
      const number = applicant
        .getByTestId('application-no')
        .filter({ hasText: /^\s*330102\d{14}[0-9A-Z]\s*$/ });
      await number.waitFor();
      no = (await number.innerText()).trim();
      const facts = applicant.locator('.ant-descriptions').first();
      await facts.getByText('配偶姓名').waitFor();
      await facts.getByText('李梅').waitFor();
      await facts.getByText('本次登记子女孩次').waitFor();
      expect(await facts.getByText('spouseName').count()).toBe(0);
    });
    // Intake took the name and ID number from the token, not from the browser.
    const app = (await hall.application('zhangsan', no)) as unknown as {
      formData: Record<string, unknown>;
      formFields: Array<{ key: string; label: string }>;
    };
    expect(app.formData).toMatchObject({
      applicantName: '张三',
      idNumber: '330102199003071230',
      spouseName: '李梅',
      childOrder: '第二个子女',
    });
    expect(app.formFields.map((f) => f.label)).toContain('配偶姓名');
  }, 240_000);
});

const withoutSpace = (text: string) => text.replace(/\s+/g, '');

describeBrowser('web: three items, three forms, three complete licences', () => {
  it('each item asks its own fields, names a wrong one in Chinese, and its licence PDF prints every field', async () => {
    const items = [
      {
        q: '个体工商户',
        licence: '营业执照',
        bad: { key: 'businessScope', value: '', message: '请填写经营范围' },
      },
      {
        q: '特种设备使用登记',
        licence: '特种设备使用登记证',
        bad: { key: 'equipmentCode', value: 'abc', message: '设备铭牌上的设备代码（10～20位数字或字母）' },
      },
      {
        q: '食品经营许可（新办）',
        licence: '食品经营许可证',
        bad: { key: 'premises', value: '', message: '请填写经营场所' },
      },
    ];
    const applicant = await loginAs(bh, 'zhangsan', '/');
    const issued: Array<{ licence: string; no: string; identifier: string }> = [];
    for (const [n, item] of items.entries()) {
      const search = await hall.get(undefined, '/api/catalog/implementations', {
        q: item.q,
        region: '330102',
      });
      const code =
        (search.body as { items: Array<{ implementationCode: string; regionCode: string }> }).items.find(
          (i) => i.regionCode === '330102',
        )?.implementationCode ?? '';
      expect({ item: item.q, code }).toMatchObject({ code: expect.stringMatching(/\d{12}$/) });
      const view = await eventually(`intake knows ${item.q}`, async () => {
        const res = await hall.get(undefined, `/api/intake/implementations/${code}`);
        return res.status === 200
          ? (res.body as { snapshot: { applicationForm: ApplicationForm } }).snapshot
          : undefined;
      });
      const fields = view.applicationForm.fields;
      const values = exampleFormData(view.applicationForm, { [item.bad.key]: item.bad.value });
      let no = '';
      await step(applicant, `form-${n}`, async () => {
        await applicant.goto(`${bh.hall.url}/apply/${code}`);
        await applicant
          .getByLabel(fields.find((f) => f.key === item.bad.key)?.label ?? '?', { exact: true })
          .waitFor();
        await fillFormFields(applicant, fields, values);
        await applicant.getByRole('button', { name: '下一步' }).click();
        const wrong = applicant.locator('.ant-form-item').filter({
          has: applicant.getByLabel(fields.find((f) => f.key === item.bad.key)?.label ?? '?', {
            exact: true,
          }),
        });
        await wrong.locator('.ant-form-item-explain-error').filter({ hasText: item.bad.message }).waitFor();
        expect(await applicant.locator('.ant-form-item-explain-error').count()).toBe(1);
        expect(await unlabelledControls(applicant)).toEqual([]);
        await fillFormFields(
          applicant,
          fields.filter((f) => f.key === item.bad.key),
          exampleFormData(view.applicationForm),
        );
        await applicant.getByRole('button', { name: '下一步' }).click();
        const required = applicant
          .locator('li.material-input')
          .filter({ has: applicant.getByText('必交', { exact: true }) });
        await required.first().waitFor();
        for (let i = 0; i < (await required.count()); i++) {
          const row = required.nth(i);
          await row.locator('input[type=file]').setInputFiles({
            name: `m-${n}-${i}.pdf`,
            mimeType: 'application/pdf',
            buffer: samplePdf(`${item.q} ${i}`),
          });
          await row.getByTestId('uploaded').waitFor();
        }
        await applicant.getByRole('button', { name: '下一步' }).click();
        await applicant.getByRole('button', { name: '提交申请' }).click();
        await applicant.waitForURL(/\/me\/applications\/\d+/);
        const number = applicant
          .getByTestId('application-no')
          .filter({ hasText: /^\s*330102\d{14}[0-9A-Z]\s*$/ });
        await number.waitFor();
        no = (await number.innerText()).trim();
      });
      const accept = await hall.post('clerk.shangcheng', `/api/intake/applications/${no}/accept`, {});
      expect({ accept: accept.status, body: accept.body }).toMatchObject({ accept: 200 });
      const task = await hall.openTask('approver.market', no);
      const done = await hall.examine(
        'approver.market',
        task.id,
        { verdict: 'approve', opinion: '经审查，符合条件。' },
        'head.market',
      );
      expect({ complete: done.status, body: done.body }).toMatchObject({ complete: 200 });
      const decide = await hall.post('approver.market', `/api/approval/cases/${no}/decide`, {
        outcome: 'approved',
        reasons: '符合法定条件、标准，准予许可。',
      });
      expect({ decide: decide.status, body: decide.body }).toMatchObject({ decide: 200 });
      const [licence] = await eventually(`${item.licence} issued`, async () => {
        const mine = await hall.licencesOf('zhangsan', no);
        return mine.length > 0 ? mine : undefined;
      });
      issued.push({ licence: item.licence, no, identifier: licence?.identifier ?? '' });
    }
    const bearer = await hall.auth('zhangsan');
    for (const l of issued) {
      const view = (await hall.get('zhangsan', `/api/licence/licences/${l.identifier}`)).body as {
        name: string;
        fields: Array<{ label: string; value: string }>;
      };
      expect(view.name).toBe(l.licence);
      const pdf = await eventually(`the PDF of ${l.licence}`, async () => {
        const res = await fetch(`${bh.hall.url}/api/licence/licences/${l.identifier}/pdf`, {
          headers: { authorization: bearer },
        });
        return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : undefined;
      });
      const text = withoutSpace(pdftotext(pdf) ?? '');
      expect(text).toContain(withoutSpace(l.licence));
      for (const f of view.fields) {
        expect({ licence: l.licence, label: f.label, filled: f.value.trim() !== '' }).toEqual({
          licence: l.licence,
          label: f.label,
          filled: true,
        });
        expect({ licence: l.licence, label: f.label, printed: text.includes(withoutSpace(f.value)) }).toEqual(
          { licence: l.licence, label: f.label, printed: true },
        );
      }
    }
    const se = (await hall.get('zhangsan', `/api/licence/licences/${issued[1]?.identifier ?? ''}`)).body as {
      fields: Array<{ label: string; value: string }>;
    };
    expect(Object.fromEntries(se.fields.map((f) => [f.label, f.value]))).toMatchObject({
      设备种类: '电梯',
      设备代码: '3110330100202312001',
    });
  }, 420_000);
});
