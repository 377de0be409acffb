/**
 * 依申请公开 in a real browser (playwright-core + Debian's Chromium) against ONE embedded hall: zhangsan opens
 * 我的政府信息公开申请, is told in Chinese what is missing, files a request to 市场监督管理局 and finds it in his list
 * with its 申请编号, status and answer deadline (1366 px and 375 px, no horizontal scroll); then on the 依申请公开工作台
 * approver.market sends a 补正 notice, zhangsan completes the request, the officer consults a third party (the clock
 * pauses) and proposes an extension, head.market (a second person) approves it, the officer answers 部分公开 with
 * its required fields, and zhangsan finds the 答复书. At the end the supervisor opens the request's supervision
 * timeline and sees every step and the paused days (issue 24 acceptance), also at 375 px. Last the officer registers
 * a request received by post (receipt day, a 科研机构 applicant) and records a 行政复议 and a 行政诉讼 against the
 * answered request, updating the review's outcome once decided. Then zhangsan withdraws a request of his own (撤回,
 * after the confirmation), and a 主动公开 item formed more than 20 working days ago and still unpublished shows on the
 * supervisor's dashboard (主动公开 card, 红牌), the matters list and its timeline (also at 375 px). Last an answer with
 * a 信息处理费 sends a 收费通知 first: zhangsan pays online (after a confirmation), the officer records a payment made
 * at the counter, and registers a withdrawal zhangsan sent on paper with its scan (375 px).
 * Screenshots: test-artifacts/web/disclosure-requests-*.png.
 */
import { chinaCalendar } from '@hall/calendar';
import { samplePdf } from '@hall/storage';
import {
  describeBrowser,
  eventually,
  hallApi,
  haveBrowser,
  loginAs,
  overflow,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
} from './support/browser.js';

const WANTED = '2026年第三季度校园食堂食品安全抽检结果';
/** The request's 申请编号, as the applicant's list shows it. */
let requestNo = '';

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
      const no = row.getByText(/^330100-SCJG\/\d{4}-YSQ-\d{5}$/);
      await no.waitFor();
      requestNo = (await no.textContent()) ?? '';
      await row.getByText(/答复期限 \d{4}-\d{2}-\d{2}/).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    });
    await step(page, 'filed-phone', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await row.getByText('办理中', { exact: true }).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    });
  }, 240_000);

  it('walks the request through 补正, consultation, extension by the head and a 部分公开 answer', async () => {
    const officer = await loginAs(bh, 'approver.market', '/disclosure/requests/work');
    const row = officer.locator('.disclosure-request-row').filter({ hasText: WANTED });
    const dialog = officer.getByRole('dialog');
    await step(officer, 'work-correction', async () => {
      await row.getByRole('button', { name: '补正告知' }).click();
      await dialog.getByRole('button', { name: '确定' }).click();
      await dialog.getByText('请填写需要补正的事项').waitFor();
      await dialog.getByLabel('需要补正的事项').fill('请写明所需抽检结果涉及的学校范围');
      expect(await unlabelledControls(officer)).toEqual([]);
      await dialog.getByRole('button', { name: '确定' }).click();
      await row.getByText('待补正', { exact: true }).waitFor();
      await row.getByRole('button', { name: '补正告知书' }).waitFor();
    });

    const applicant = await loginAs(bh, 'zhangsan', '/me/disclosure-requests');
    const mine = applicant.locator('.ant-list-item').filter({ hasText: WANTED });
    await step(applicant, 'corrected', async () => {
      await mine.getByText('请写明所需抽检结果涉及的学校范围', { exact: false }).waitFor();
      await mine.getByRole('button', { name: '提交补正' }).click();
      const fix = applicant.getByRole('dialog');
      await fix.getByLabel('所需政府信息的描述').fill(`${WANTED}（上城区中小学）`);
      await fix.getByRole('button', { name: '提交补正' }).click();
      await mine.getByText('办理中', { exact: true }).waitFor();
    });

    await step(officer, 'work-consulting', async () => {
      await officer.reload();
      await row.getByRole('button', { name: '征求第三方意见' }).click();
      await dialog.getByLabel('第三方').fill('杭州某食品配送有限公司');
      await dialog.getByLabel('征求意见的事项').fill('抽检结果涉及该公司商业信息，是否同意公开');
      await dialog.getByRole('button', { name: '确定' }).click();
      await row.getByText('征求第三方意见中', { exact: true }).waitFor();
      await row.getByRole('button', { name: '结束征求意见' }).click();
      await dialog.getByLabel('第三方意见').click();
      await officer.getByTitle('不同意公开').click();
      await dialog.getByRole('button', { name: '确定' }).click();
      await row.getByText('办理中', { exact: true }).waitFor();
      await row.getByRole('button', { name: '申请延期答复' }).click();
      await dialog.getByLabel('理由').fill('需要对信息进行区分处理');
      await dialog.getByRole('button', { name: '确定' }).click();
      await row.getByText('延期20个工作日待审批').waitFor();
      expect(await row.getByRole('button', { name: '同意延期', exact: true }).count()).toBe(0); // the proposer cannot decide
    });

    const head = await loginAs(bh, 'head.market', '/disclosure/requests/work');
    const headRow = head.locator('.disclosure-request-row').filter({ hasText: WANTED });
    await step(head, 'extension-approved', async () => {
      await headRow.getByRole('button', { name: '同意延期', exact: true }).click();
      await headRow.getByText('已延期20个工作日').waitFor();
      await headRow.getByRole('button', { name: '延期答复告知书' }).waitFor();
    });

    await step(officer, 'answer-form', async () => {
      await officer.reload();
      await row.getByRole('button', { name: '答复', exact: true }).click();
      await dialog.getByLabel('答复类型').click();
      await officer.getByTitle('部分公开').click();
      await dialog.getByRole('button', { name: '确定' }).click();
      await dialog.getByText('请填写法律依据').waitFor();
      await dialog.getByLabel('提供的政府信息').fill('上城区中小学食堂抽检结果汇总表');
      await dialog.getByLabel('不予公开的部分').fill('配送企业的供货价格');
      await dialog.getByLabel('理由').fill('涉及商业秘密，第三方不同意公开');
      await dialog.getByLabel('法律依据').fill('《中华人民共和国政府信息公开条例》第十五条');
      expect(await unlabelledControls(officer)).toEqual([]);
    });
    await step(officer, 'answered', async () => {
      await dialog.getByRole('button', { name: '确定' }).click();
      await row.getByText('已答复', { exact: true }).waitFor();
      await row.getByText('答复结果：部分公开').waitFor();
      await row.getByRole('button', { name: '答复书' }).waitFor();
    });

    await step(applicant, 'applicant-answer', async () => {
      await applicant.reload();
      await mine.getByText('已答复', { exact: true }).waitFor();
      await mine.getByRole('button', { name: '答复书' }).waitFor();
    });

    // Supervision (电子监察): the request's timeline shows every step and the paused days. Every pause of this
    // journey lies within today, so each touched one working day if today is one (supervision's calendar).
    const today = chinaCalendar.isWorkingDay(new Date()) ? 1 : 0;
    const supervisor = await loginAs(bh, 'supervisor', '/supervision/matters');
    await step(supervisor, 'supervision-list', async () => {
      await supervisor.getByRole('heading', { level: 1, name: '依申请公开与咨询投诉监察' }).waitFor();
      await supervisor.getByTestId('matter-summary').getByText('政府信息公开申请').first().waitFor();
      // The list puts running clocks first, the most urgent first, so a request answered today sits behind the demo
      // year's answered ones: open its timeline by its number (what a request's link in the list or an alert opens).
      // The events reach supervision through the outbox: reload until the answer is projected.
      await supervisor.goto(`${bh.hall.url}/supervision/matters/view?no=${encodeURIComponent(requestNo)}`);
      const answered = supervisor
        .getByTestId('matter-steps')
        .getByText('作出答复（停止计时）', { exact: true });
      for (let i = 0; i < 20 && (await answered.count()) === 0; i++) {
        await supervisor.waitForTimeout(500);
        await supervisor.reload();
      }
    });
    await step(supervisor, 'supervision-timeline', async () => {
      await supervisor.getByRole('heading', { level: 1, name: `申请与诉求时间轴 · ${requestNo}` }).waitFor();
      const steps = supervisor.getByTestId('matter-steps');
      for (const label of [
        '收到政府信息公开申请（开始计时）',
        '一次性告知补正（停止计时）',
        '申请人已补正（自收到补正之日重新计时）',
        '征求第三方意见（暂停计时）',
        '第三方意见征求结束（恢复计时）',
        '延期答复（经负责人同意）',
        '作出答复（停止计时）',
      ])
        await steps.getByText(label, { exact: true }).waitFor();
      expect(await steps.getByText(`暂停 ${today} 个工作日`).count()).toBe(2);
      const pauses = supervisor.getByTestId('matter-pauses');
      await pauses.getByText(/^补正：.*，\d+ 个工作日$/).waitFor();
      await pauses.getByText(/^征求第三方意见：.*，\d+ 个工作日$/).waitFor();
      await supervisor
        .getByTestId('matter-paused-days')
        .getByText(`${2 * today} 个工作日`)
        .waitFor();
      const clock = supervisor.getByTestId('matter-clock');
      await clock.getByText('已答复', { exact: true }).waitFor();
      await clock.getByText('部分公开', { exact: true }).waitFor();
      await clock.getByText('20 个工作日', { exact: true }).waitFor(); // the extension
      expect(await overflow(supervisor)).toBeLessThanOrEqual(0);
    });
    await step(supervisor, 'supervision-timeline-phone', async () => {
      await supervisor.setViewportSize({ width: 375, height: 812 });
      await supervisor.getByTestId('matter-steps').getByText('作出答复（停止计时）').waitFor();
      expect(await overflow(supervisor)).toBeLessThanOrEqual(0);
    });
  }, 360_000);

  it('registers a request received by post (receipt day, organisation type) and records remedies against the answered one', async () => {
    const officer = await loginAs(bh, 'approver.market', '/disclosure/requests/work');
    const dialog = officer.getByRole('dialog');
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const LETTER = '2026年农产品质量安全例行监测方案（信函申请）';
    await step(officer, 'window-intake-form', async () => {
      await officer.getByRole('button', { name: '登记纸质申请' }).click();
      await dialog.getByRole('button', { name: '登记申请' }).click();
      await dialog.getByText('请填写申请人姓名或名称').waitFor();
      await dialog.getByText('居民身份证号码格式或校验位不正确').waitFor();
      await dialog.getByText('请填写所需政府信息的描述').waitFor();
      // by post: the day the agency signed for it is the day of receipt (art. 31 (二)), required
      await dialog.getByText('邮寄（信函）', { exact: true }).click();
      await dialog.getByText('邮寄提交的，以本机关签收之日为收到申请之日').waitFor();
      await dialog.getByRole('button', { name: '登记申请' }).click();
      await dialog.getByText('请填写收到申请之日').waitFor();
      await dialog.getByLabel('收到申请之日').fill(day(-1));
      await dialog.getByText('法人或其他组织', { exact: true }).click();
      await dialog.getByLabel('申请人姓名或名称').fill('浙江省示例农业科学研究院');
      await dialog.getByLabel('统一社会信用代码').fill('12330000MB0700009D');
      await dialog.getByRole('button', { name: '登记申请' }).click();
      await dialog.getByText('统一社会信用代码格式或校验位不正确').waitFor();
      await dialog.getByText('请选择法人或其他组织类型').waitFor();
      await dialog.getByLabel('统一社会信用代码').fill('12330000MB0700009C');
      await dialog.getByLabel('法人或其他组织类型').click();
      await officer.getByTitle('科研机构').click();
      await dialog.getByLabel('所需政府信息的描述').fill(LETTER);
      expect(await unlabelledControls(officer)).toEqual([]);
    });
    const letterRow = officer.locator('.disclosure-request-row').filter({ hasText: LETTER });
    await step(officer, 'window-intake-registered', async () => {
      await dialog.getByRole('button', { name: '登记申请' }).click();
      await officer.getByText(/申请已登记，编号 330100-SCJG\/\d{4}-YSQ-\d{5}/).waitFor();
      await letterRow.getByText('办理中', { exact: true }).waitFor();
      await letterRow
        .getByText(/浙江省示例农业科学研究院（12330000MB0700009C） · 科研机构 · 邮寄申请/)
        .waitFor();
      await letterRow.getByText(`收到申请日期 ${day(-1)}`, { exact: false }).waitFor(); // the signed-for day
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
    });

    // Remedies against the request answered above (部分公开): a 行政复议 still pending, then decided 纠错; a 行政诉讼.
    const row = officer.locator('.disclosure-request-row').filter({ hasText: WANTED });
    const remedies = row.locator('.disclosure-remedies');
    await step(officer, 'remedy-form', async () => {
      await remedies.getByText('尚无行政复议或行政诉讼记录').waitFor();
      await remedies.getByRole('button', { name: '登记行政复议或行政诉讼' }).click();
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.getByText('请填写申请（起诉）日期').waitFor();
      await dialog.getByLabel('申请（起诉）日期').fill(day(0));
      expect(await unlabelledControls(officer)).toEqual([]);
      await dialog.getByRole('button', { name: '保存' }).click();
      await remedies.getByText(`行政复议 · ${day(0)}提起 · 尚未审结`).waitFor();
    });
    await step(officer, 'remedy-decided', async () => {
      await remedies.getByRole('button', { name: '更新结果' }).click();
      await dialog.getByText('纠错', { exact: true }).click();
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.getByText('已审结的，请填写决定（裁判）日期').waitFor();
      await dialog.getByLabel('决定（裁判）日期').fill(day(-3));
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.getByText('决定日期不能早于申请日期').waitFor();
      await dialog.getByLabel('决定（裁判）日期').fill(day(0));
      await dialog.getByRole('button', { name: '保存' }).click();
      await remedies.getByText(`行政复议 · ${day(0)}提起 · 纠错 · ${day(0)}审结`).waitFor();
      await remedies.getByRole('button', { name: '登记行政复议或行政诉讼' }).click();
      await dialog.getByText('行政诉讼', { exact: true }).click();
      await dialog.getByLabel('申请（起诉）日期').fill(day(0));
      await dialog.getByText('维持', { exact: true }).click();
      await dialog.getByLabel('决定（裁判）日期').fill(day(0));
      await dialog.getByRole('button', { name: '保存' }).click();
      await remedies.getByText(`行政诉讼 · ${day(0)}提起 · 维持 · ${day(0)}审结`).waitFor();
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
    });
    await step(officer, 'remedy-phone', async () => {
      await officer.setViewportSize({ width: 375, height: 812 });
      await remedies.getByText(`行政诉讼 · ${day(0)}提起 · 维持 · ${day(0)}审结`).waitFor();
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
      await officer.getByRole('button', { name: '登记纸质申请' }).click();
      await dialog.getByLabel('申请人姓名或名称').waitFor();
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
      await dialog.getByRole('button', { name: '取消' }).click();
    });
  }, 300_000);
  it('lets the applicant withdraw a request after confirming; an overdue unpublished 主动公开 item is on the supervision dashboard', async () => {
    const page = await loginAs(bh, 'zhangsan', '/me/disclosure-requests');
    const TO_WITHDRAW = '2026年本市网络餐饮服务第三方平台抽查名单（拟撤回）';
    const row = page.locator('.ant-list-item').filter({ hasText: TO_WITHDRAW });
    await step(page, 'withdraw-confirm', async () => {
      await page.getByLabel('受理机关').click();
      await page.getByTitle('市场监督管理局').click();
      await page.getByLabel('所需政府信息的描述').fill(TO_WITHDRAW);
      await page.getByText('网上获取', { exact: true }).click();
      await page.getByRole('button', { name: '提交申请' }).click();
      await row.getByText('办理中', { exact: true }).waitFor();
      await row.getByRole('button', { name: '撤回申请' }).click();
      const confirm = page.getByRole('dialog');
      await confirm.getByText('撤回后，本机关将不再处理申请').waitFor();
      // cancelling changes nothing
      await confirm.getByRole('button', { name: '取消' }).click();
      await row.getByText('办理中', { exact: true }).waitFor();
      await row.getByRole('button', { name: '撤回申请' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确定撤回' }).click();
      await row.getByText('已终止', { exact: true }).waitFor();
      await row.getByText('您已撤回该申请，本机关不再处理。').waitFor();
      expect(await row.getByRole('button', { name: '撤回申请' }).count()).toBe(0);
    });
    await step(page, 'withdrawn-phone', async () => {
      await page.setViewportSize({ width: 375, height: 812 });
      await row.getByText('您已撤回该申请，本机关不再处理。').waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    });

    // An item formed 60 days ago (more than 20 working days in any season), drafted and never published.
    const { ok } = hallApi(() => bh.hall.url);
    const formed = new Date(Date.now() - 60 * 86_400_000).toLocaleDateString('sv-SE', {
      timeZone: 'Asia/Shanghai',
    });
    const item = await ok<{ indexNo: string }>('approver.market', 'POST', '/api/disclosure/items', {
      title: '特种设备安全监督检查情况通报（逾期未公开）',
      body: '全市特种设备监督检查情况。',
      writtenOn: formed,
      topic: '特种设备',
      openCategory: 'execution',
      keyArea: 'work-safety',
    });
    await eventually('the item on supervision', async () => {
      const page = await ok<{ items: { matterNo: string }[] }>(
        'supervisor',
        'GET',
        '/api/supervision/matters?kind=disclosure-item&level=red',
      );
      return page.items.some((m) => m.matterNo === item.indexNo) ? true : undefined;
    });
    const supervisor = await loginAs(bh, 'supervisor', '/supervision');
    await step(supervisor, 'dashboard-item-card', async () => {
      const card = supervisor
        .getByTestId('matters-panel')
        .locator('.ant-card')
        .filter({ hasText: '主动公开' });
      await card.waitFor();
      const red = card
        .locator('.ant-statistic')
        .filter({ hasText: '红牌' })
        .locator('.ant-statistic-content-value');
      expect(Number(await red.textContent())).toBeGreaterThanOrEqual(1);
    });
    await step(supervisor, 'matters-item-list', async () => {
      await supervisor.goto(`${bh.hall.url}/supervision/matters?kind=disclosure-item&level=red`);
      const line = supervisor.getByTestId('matter-table').getByText(item.indexNo);
      await line.waitFor();
      await line.click();
      await supervisor
        .getByRole('heading', { level: 1, name: `申请与诉求时间轴 · ${item.indexNo}` })
        .waitFor();
      await supervisor
        .getByTestId('matter-steps')
        .getByText('政府信息形成（起草，自成文日期开始计时）')
        .waitFor();
      await supervisor.getByText('主动公开政府信息').first().waitFor();
      await supervisor.getByText('红牌').first().waitFor();
    });
    await step(supervisor, 'matters-item-phone', async () => {
      await supervisor.setViewportSize({ width: 375, height: 812 });
      await supervisor
        .getByTestId('matter-steps')
        .getByText('政府信息形成（起草，自成文日期开始计时）')
        .waitFor();
      expect(await overflow(supervisor)).toBeLessThanOrEqual(0);
    });
  }, 300_000);
  it('records the posting of a paper answer in the workbench (寄送) and shows it to the applicant', async () => {
    const { ok } = hallApi(() => bh.hall.url);
    const POSTED = '2026年本市电梯维护保养单位名录（纸质邮寄）';
    const filed = await ok<{ id: string; requestNo: string }>(
      'zhangsan',
      'POST',
      '/api/disclosure/requests',
      {
        agency: 'market-regulation',
        description: POSTED,
        deliveryForm: 'paper',
        deliveryWay: 'post',
        postalAddress: '杭州市西湖区文三路100号',
      },
    );
    await ok('approver.market', 'POST', `/api/disclosure/requests/${filed.id}/answer`, {
      type: 'granted',
      informationProvided: '电梯维护保养单位名录（纸质，共5页）',
    });
    const officer = await loginAs(bh, 'approver.market', '/disclosure/requests/work');
    const row = officer.locator('.disclosure-request-row').filter({ hasText: POSTED });
    const dialog = officer.getByRole('dialog');
    await step(officer, 'delivery-form', async () => {
      await row.getByTestId('disclosure-delivery').getByText('尚未登记送达').waitFor();
      await row.getByRole('button', { name: '登记寄送' }).click();
      await dialog.getByLabel('寄出日期').waitFor();
      await dialog.getByLabel('快递单号').fill('单号');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.getByText('快递单号为6至40位字母、数字或短横线').waitFor();
      expect(await unlabelledControls(officer)).toEqual([]);
    });
    await step(officer, 'delivery-recorded', async () => {
      await dialog.getByLabel('快递单号').fill('EA123456789CN');
      await dialog.getByRole('button', { name: '保存' }).click();
      await row.getByText(/已寄送：中国邮政EMS，单号 EA123456789CN（\d{4}-\d{2}-\d{2}寄出）/).waitFor();
      await row.getByRole('button', { name: '更正送达记录' }).waitFor();
    });
    await step(officer, 'delivery-phone', async () => {
      await officer.setViewportSize({ width: 375, height: 812 });
      await row.getByText(/单号 EA123456789CN/).waitFor();
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
    });
    const applicant = await loginAs(bh, 'zhangsan', '/me/disclosure-requests');
    await step(applicant, 'delivery-applicant', async () => {
      const mine = applicant.locator('.ant-list-item').filter({ hasText: POSTED });
      await mine.getByText(/已寄送：中国邮政EMS，单号 EA123456789CN/).waitFor();
    });
  }, 240_000);

  it('sends a 收费通知 with the answer; the applicant pays online, the officer records a payment; a paper withdrawal', async () => {
    const { ok } = hallApi(() => bh.hall.url);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const file = (description: string) =>
      ok<{ id: string; requestNo: string }>('zhangsan', 'POST', '/api/disclosure/requests', {
        agency: 'market-regulation',
        description,
        deliveryForm: 'electronic',
        deliveryWay: 'online',
      });
    // unique per run: the hall is shared (no global counts, no other run's rows)
    const run = Date.now().toString(36);
    const PAID_ONLINE = `2026年全市农贸市场快检原始记录（需缴费 ${run}）`;
    const PAID_AT_COUNTER = `2026年全市餐饮单位量化分级原始档案（窗口缴费 ${run}）`;
    const ON_PAPER = `2026年某区市场监管行政处罚案卷目录（书面撤回 ${run}）`;
    await file(PAID_ONLINE);
    const counter = await file(PAID_AT_COUNTER);
    await file(ON_PAPER);
    await ok('approver.market', 'POST', `/api/disclosure/requests/${counter.id}/answer`, {
      type: 'granted',
      informationProvided: '量化分级原始档案复印件',
      fee: { method: 'per-page', pages: 45 },
    });

    const officer = await loginAs(bh, 'approver.market', '/disclosure/requests/work');
    const dialog = officer.getByRole('dialog');
    const row = officer.locator('.disclosure-request-row').filter({ hasText: PAID_ONLINE });
    await step(officer, 'fee-answer-form', async () => {
      await row.getByRole('button', { name: '答复', exact: true }).click();
      await dialog.getByLabel('提供的政府信息').fill('农贸市场快检原始记录复印件');
      await dialog.getByLabel('信息处理费').click();
      await officer.getByTitle('按量计收').click();
      await dialog.getByText('产生信息处理费的，提交后先向申请人发出收费通知').waitFor();
      await dialog.getByLabel('页数').fill('40');
      expect(await unlabelledControls(officer)).toEqual([]);
    });
    await step(officer, 'fee-notice-sent', async () => {
      await dialog.getByRole('button', { name: '确定' }).click();
      await row.getByText('待缴纳信息处理费', { exact: true }).waitFor();
      await row.getByText(/收费通知：100 元，缴费期限 \d{4}-\d{2}-\d{2}/).waitFor();
      await row.getByRole('button', { name: '收费通知', exact: true }).waitFor();
      expect(await row.getByRole('button', { name: '答复书' }).count()).toBe(0);
    });

    const applicant = await loginAs(bh, 'zhangsan', '/me/disclosure-requests');
    const mine = applicant.locator('.ant-list-item').filter({ hasText: PAID_ONLINE });
    await step(applicant, 'fee-notice-applicant', async () => {
      await mine.getByText('待缴纳信息处理费', { exact: true }).waitFor();
      await mine.getByText(/收费通知：应缴纳信息处理费 100 元，请于 \d{4}-\d{2}-\d{2} 前缴纳/).waitFor();
      await mine.getByRole('button', { name: '收费通知', exact: true }).waitFor();
      await mine.getByRole('button', { name: '网上缴费' }).click();
      const confirm = applicant.getByRole('dialog');
      await confirm.getByText(/应缴纳信息处理费 100 元/).waitFor();
      await confirm.getByRole('button', { name: '取消' }).click(); // cancelling changes nothing
      await mine.getByText('待缴纳信息处理费', { exact: true }).waitFor();
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
    });
    await step(applicant, 'fee-paid-applicant', async () => {
      await mine.getByRole('button', { name: '网上缴费' }).click();
      await applicant.getByRole('dialog').getByRole('button', { name: '确认缴费' }).click();
      await mine.getByText('已答复', { exact: true }).waitFor();
      await mine.getByText(`信息处理费 100 元已于 ${today} 缴纳`, { exact: false }).waitFor();
      await mine.getByRole('button', { name: '答复书' }).waitFor();
    });
    await step(applicant, 'fee-paid-phone', async () => {
      await applicant.setViewportSize({ width: 375, height: 812 });
      await mine.getByText(`信息处理费 100 元已于 ${today} 缴纳`, { exact: false }).waitFor();
      expect(await overflow(applicant)).toBeLessThanOrEqual(0);
    });

    const counterRow = officer.locator('.disclosure-request-row').filter({ hasText: PAID_AT_COUNTER });
    await step(officer, 'fee-record-payment', async () => {
      await officer.reload();
      await counterRow.getByText(/收费通知：150 元/).waitFor();
      await counterRow.getByRole('button', { name: '登记缴费' }).click();
      await dialog.getByLabel('缴费凭证号/票据号').fill('票据');
      await dialog.getByRole('button', { name: '确定' }).click();
      await dialog.getByText('请填写4–40位字母、数字或“-”').waitFor();
      expect(await unlabelledControls(officer)).toEqual([]);
      await dialog.getByLabel('缴费凭证号/票据号').fill('FS2026-00123');
      await dialog.getByRole('button', { name: '确定' }).click();
      await counterRow.getByText('已答复', { exact: true }).waitFor();
      await counterRow.getByRole('button', { name: '答复书' }).waitFor();
    });

    const paperRow = officer.locator('.disclosure-request-row').filter({ hasText: ON_PAPER });
    await step(officer, 'paper-withdrawal-form', async () => {
      await paperRow.getByRole('button', { name: '登记书面撤回' }).click();
      await dialog.getByLabel('收到书面撤回申请日期').waitFor();
      await dialog.getByLabel('备注（选填）').fill('申请人来信撤回');
      await dialog.locator('input[type=file]').setInputFiles({
        name: '撤回申请.pdf',
        mimeType: 'application/pdf',
        buffer: samplePdf('书面撤回申请'),
      });
      expect(await unlabelledControls(officer)).toEqual([]);
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
    });
    await step(officer, 'paper-withdrawn', async () => {
      await dialog.getByRole('button', { name: '确定' }).click();
      await paperRow.getByText('已终止', { exact: true }).waitFor();
      await paperRow.getByText(`书面撤回：${today} 收到 · 申请人来信撤回`, { exact: false }).waitFor();
      await paperRow.getByRole('button', { name: '撤回申请扫描件' }).waitFor();
      expect(await paperRow.getByRole('button', { name: '登记书面撤回' }).count()).toBe(0);
    });
    await step(officer, 'paper-withdrawn-phone', async () => {
      await officer.setViewportSize({ width: 375, height: 812 });
      await paperRow.getByText(`书面撤回：${today} 收到`, { exact: false }).waitFor();
      expect(await overflow(officer)).toBeLessThanOrEqual(0);
    });
    await step(applicant, 'paper-withdrawn-applicant', async () => {
      await applicant.reload();
      await applicant
        .locator('.ant-list-item')
        .filter({ hasText: ON_PAPER })
        .getByText(`已收到您的书面撤回申请（${today}），本机关不再处理。`)
        .waitFor();
    });
  }, 300_000);
});
