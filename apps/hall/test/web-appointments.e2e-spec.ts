/**
 * 预约办理 in a real browser (playwright-core + Debian's Chromium) against the embedded hall: 张三 opens the guide of
 * 娱乐场所经营许可 (上城区, 是否支持预约办理: 是), books a slot at 上城区政务服务中心 from the guide's 办理网点 (the first
 * day with a free slot: today when it still has one, else the next working day), sees it in 我的预约 (booking and list
 * at 375 px: no horizontal scroll; every control labelled); clerk.shangcheng sees it on the window's queue for that
 * day; 张三 cancels it. Self-contained: it touches only its own booking (an earlier run's booking of 张三 for the item
 * is cancelled first) and counts nothing global. Screenshots: test-artifacts/web/appointments-*.png.
 */
import {
  describeBrowser,
  eventually,
  hallApi,
  haveBrowser,
  loginAs as login,
  overflow,
  startBrowserHall,
  stepper,
  unlabelledControls,
  type BrowserHall,
  type HallUnderTest,
} from './support/browser.js';

let bh: BrowserHall;
let hall: HallUnderTest;
const step = stepper('appointments');
const { ok: api } = hallApi(() => hall.url);
const loginAs = (username: string, target: string) => login(bh, username, target, { timeoutMs: 90_000 });
let code = '';
let itemName = '';

interface Booking {
  id: string;
  status: string;
  implementationCode: string;
  date: string;
  start: string;
  end: string;
  createdAt: string;
  cancellable: boolean;
}

const mine = () => api<Booking[]>('zhangsan', 'GET', '/api/intake/appointments/mine');

beforeAll(async () => {
  if (!haveBrowser) return;
  bh = await startBrowserHall();
  hall = bh.hall;
  const search = await fetch(
    `${hall.url}/api/catalog/implementations?q=${encodeURIComponent('娱乐场所经营许可')}&region=330102`,
  );
  const found = (await search.json()) as {
    items: Array<{ implementationCode: string; regionCode: string; name: string }>;
  };
  const item = found.items.find((i) => i.regionCode === '330102' && i.name.includes('娱乐场所经营许可'));
  if (!item) throw new Error('no 娱乐场所经营许可 implementation in 330102');
  code = item.implementationCode;
  itemName = item.name;
  await eventually(`intake knows ${code}`, async () =>
    (await fetch(`${hall.url}/api/intake/implementations/${code}`)).status === 200 ? true : undefined,
  );
  // Only this test's own data: a booking 张三 left for the item (an earlier run) is cancelled.
  for (const b of await mine())
    if (b.implementationCode === code && b.cancellable)
      await api('zhangsan', 'POST', `/api/intake/appointments/${b.id}/cancel`);
}, 600_000);

afterAll(async () => {
  await bh?.close();
});

describeBrowser('web appointments: book from the guide, 我的预约, the window’s day list, cancel', () => {
  it('a citizen books from the guide, sees it in 我的预约; the clerk sees it; the citizen cancels', async () => {
    const citizen = await loginAs('zhangsan', `/items/${code}`);
    await step(citizen, 'guide', async () => {
      const point = citizen
        .getByTestId('service-points')
        .getByTestId('service-point')
        .filter({ hasText: '上城区政务服务中心' });
      await point.getByTestId('book-appointment').click();
      await citizen.waitForURL(/\/appointments\/book\?/);
    });
    let booked: Booking | undefined;
    await step(citizen, 'book', async () => {
      await citizen.getByRole('heading', { name: '预约办理' }).waitFor();
      const days = citizen.getByTestId('appointment-days');
      await days.locator('.ant-radio-button-wrapper').first().waitFor();
      const slot = citizen
        .getByTestId('appointment-slots')
        .locator('.ant-radio-button-wrapper:not(.ant-radio-button-wrapper-disabled)')
        .first();
      await slot.click();
      expect(await unlabelledControls(citizen)).toEqual([]);
      // On a phone: the days and slots wrap, nothing scrolls sideways.
      await citizen.setViewportSize({ width: 375, height: 812 });
      await citizen.getByTestId('appointment-confirm').waitFor();
      expect(await overflow(citizen)).toBeLessThanOrEqual(0);
      await citizen.getByTestId('appointment-confirm').click();
      const dialog = citizen.locator('.ant-modal-confirm');
      await dialog.getByText('上城区政务服务中心').waitFor();
      await dialog.getByRole('button', { name: '确认预约' }).click();
      await citizen.waitForURL(/\/me\/appointments$/);
      booked = (await mine()).find((b) => b.implementationCode === code && b.status === 'booked');
      expect(booked).toBeDefined();
    });
    const b = booked as Booking;
    const row = citizen
      .getByTestId('appointment-row')
      .filter({ hasText: `${b.date.slice(5)} ` })
      .filter({ hasText: `${b.start}-${b.end}` })
      .first();
    await step(citizen, 'mine', async () => {
      await row.getByText('已预约').waitFor();
      await row.getByText('上城区政务服务中心').waitFor();
      await row.getByRole('button', { name: '取消预约' }).waitFor();
      expect(await overflow(citizen)).toBeLessThanOrEqual(0);
    });

    // The window's queue for the booked day (today, or the next working day when today has no free slot left).
    const clerk = await loginAs('clerk.shangcheng', `/desk?apptDate=${b.date}`);
    await step(clerk, 'clerk-day', async () => {
      const panel = clerk.getByTestId('appointment-day');
      const entry = panel
        .getByTestId('appointment-day-row')
        .filter({ hasText: '张三' })
        .filter({ hasText: `${b.start}-${b.end}` });
      await entry.first().waitFor();
      expect(await entry.first().innerText()).toContain(itemName.slice(0, 6));
    });
    await clerk.context().close();
    // Another district's window does not see it.
    const other = await api<{ items: Array<{ id: string }> }>(
      'clerk.xihu',
      'GET',
      `/api/intake/appointments/day?date=${b.date}`,
    );
    expect(other.items.map((i) => i.id)).not.toContain(b.id);

    await step(citizen, 'cancel', async () => {
      await row.getByRole('button', { name: '取消预约' }).click();
      await citizen.locator('.ant-popconfirm').getByRole('button', { name: '取消预约' }).click();
      await row.getByText('已取消').waitFor();
    });
    expect((await mine()).find((x) => x.id === b.id)?.status).toBe('cancelled');
    await citizen.context().close();
  }, 600_000);
});
