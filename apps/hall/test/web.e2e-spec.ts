/**
 * The web app in a real browser (playwright-core driving Debian's Chromium) against the embedded hall started
 * in-process: home → search 食品经营 → guide (PDF link) → login as zhangsan through the dev identity provider's
 * login page (authorization code + PKCE) → name and role in the header, role-based navigation → phone width
 * (375 px) without horizontal overflow → progress query and logout. Every step saves a screenshot under
 * test-artifacts/web/; a failing step saves FAILED-<step>.png.
 *
 * Lives in apps/hall because it starts the hall (apps/web may not import apps). Needs /usr/bin/chromium
 * (`apt-get install -y chromium`, done by .ci/run) or CHROMIUM_PATH; without it the suite is skipped, except
 * under CI where it fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmbeddedHall, type EmbeddedHall } from '../src/embedded-hall.js';
import { applyOverApi, hallApi } from './support/browser.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = path.join(root, 'test-artifacts', 'web');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(chromiumPath);
if (!haveBrowser && process.env.CI)
  throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
if (!haveBrowser) process.stderr.write(`web e2e skipped: no Chromium at ${chromiumPath}\n`);
const describeBrowser = haveBrowser ? describe : describe.skip;

let hall: EmbeddedHall;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shot = 0;

/** One step of the journey: its screenshot when it passes, FAILED-<name>.png when it does not. */
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const file = (prefix: string) =>
    path.join(artifacts, `${prefix}${String(++shot).padStart(2, '0')}-${name}.png`);
  try {
    await fn();
    await page.screenshot({ path: file(''), fullPage: true });
  } catch (err) {
    await page.screenshot({ path: file('FAILED-'), fullPage: true }).catch(() => undefined);
    throw err;
  }
}

/** Form controls without an accessible label (label element, aria-label, aria-labelledby or title). */
async function unlabelledControls(): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
        'input, select, textarea',
      ),
    ]
      .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0)
      .filter(
        (el) =>
          !el.labels?.length &&
          !el.getAttribute('aria-label') &&
          !el.getAttribute('aria-labelledby') &&
          !el.title,
      )
      .map((el) => el.outerHTML.slice(0, 160)),
  );
}

/**
 * Visible texts under `px` pixels in the main content (or the whole body): each element with text of its own,
 * as「tag size text」.
 */
async function textsSmallerThan(px: number, scope: 'main' | 'body' = 'main'): Promise<string[]> {
  return page.evaluate(
    ([limit, where]) => {
      const rootEl = where === 'main' ? document.getElementById('main') : document.body;
      if (!rootEl) return ['no root'];
      const out: string[] = [];
      for (const el of Array.from(rootEl.querySelectorAll<HTMLElement>('*'))) {
        const own = Array.from(el.childNodes).some(
          (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
        );
        if (!own || el.closest('.sr-only, [aria-hidden=true]')) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < limit)
          out.push(`${el.tagName.toLowerCase()}.${el.className} ${size} ${el.innerText.slice(0, 30)}`);
      }
      return out;
    },
    [px, scope] as const,
  );
}

async function horizontalOverflow(): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const header = () => page.locator('header.app-header');

beforeAll(async () => {
  if (!haveBrowser) return;
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/nx.mjs'), 'run', 'web:build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  hall = await startEmbeddedHall({ port: 0, logLevel: 'silent' });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    // No zoom/slide animations (the app honours the setting): a click never lands on a dialog still opening.
    reducedMotion: 'reduce',
  });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await hall?.close();
});

describeBrowser('web app in Chromium', () => {
  it('home → search 食品经营 → guide with materials and a PDF download', async () => {
    await step('home', async () => {
      await page.goto(`${hall.url}/`);
      await page.getByRole('heading', { level: 1, name: /一网通办/ }).waitFor();
      await page.getByRole('tab', { name: '个人办事' }).waitFor();
      await page.getByRole('link', { name: '市场监督管理局' }).waitFor();
      expect(await unlabelledControls()).toEqual([]);
    });
    await step('hot-search', async () => {
      // 热门搜索 from the catalog: 营业执照 names no item, its synonyms do.
      await page.locator('.hero-hot').getByRole('link', { name: '营业执照' }).click();
      await page.waitForURL(/\/search\?q=/);
      await page.getByText(/共找到 \d+ 个事项/).waitFor();
      await page.getByText('已同时按“营业执照”的常用说法查找').waitFor();
      expect(await page.locator('.result-name').allInnerTexts()).toContain('企业设立登记');
    });
    await step('did-you-mean', async () => {
      await page.goto(`${hall.url}/search?q=${encodeURIComponent('食品许可经营')}`);
      await page.getByText('没有找到相关事项').waitFor();
      const suggestion = page.getByTestId('did-you-mean').getByRole('link').first();
      const name = await suggestion.innerText();
      expect(name).toMatch(/^食品经营许可/);
      await suggestion.click();
      await page.getByText(/共找到 \d+ 个事项/).waitFor();
      expect(await page.locator('.result-name').allInnerTexts()).toContain(name);
      await page.goto(`${hall.url}/`);
      await page.getByRole('heading', { level: 1, name: /一网通办/ }).waitFor();
    });
    await step('search', async () => {
      const box = page.getByLabel('搜索办事事项');
      await box.fill('食品经营');
      await box.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      await page.getByText(/共找到 \d+ 个事项/).waitFor();
      const names = await page.locator('.result-name').allInnerTexts();
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.includes('食品经营'))).toBe(true);
      expect(await unlabelledControls()).toEqual([]);
    });
    await step('search-filtered', async () => {
      // The region cascader (province → city → county) over the catalog's regions.
      await page.getByLabel('行政区划').click();
      await page.locator('li.ant-cascader-menu-item[title="浙江省"]').hover();
      await page.locator('li.ant-cascader-menu-item[title="杭州市"]').hover();
      await page.locator('li.ant-cascader-menu-item[title="杭州市上城区"]').click();
      await page.waitForURL(/region=330102/);
      await page.getByText(/共找到 \d+ 个事项/).waitFor();
      // The district's own bodies and the levels above it (杭州市, 浙江省); never another district. The list is
      // replaced when the filtered answer arrives, so read it until it settles (the old list may still show).
      const inDistrict = (b: string) => /上城区|杭州市$|浙江省$/.test(b.trim());
      let bodies: string[] = [];
      for (let i = 0; i < 100; i++) {
        bodies = await page.locator('.result-body').allInnerTexts();
        if (bodies.length > 0 && bodies.every(inDistrict)) break;
        await page.waitForTimeout(200);
      }
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies.filter((b) => !inDistrict(b))).toEqual([]);
    });
    await step('guide', async () => {
      await page.getByRole('link', { name: '食品经营许可（新办）' }).first().click();
      await page.waitForURL(/\/items\//);
      // The heading reads 办事指南 until the item arrives: wait for the item's name rather than reading it once.
      await page.getByRole('heading', { level: 1, name: '食品经营许可（新办）', exact: true }).waitFor();
      for (const section of [
        '申请材料',
        '办理流程',
        '收费标准',
        '中介服务',
        '办理地点和时间',
        '咨询与投诉',
        '常见问题',
      ]) {
        await page.getByRole('heading', { name: section, exact: true }).waitFor();
      }
      await page.getByText('食品经营许可申请书').waitFor();
      const pdf = await page.getByRole('link', { name: '下载办事指南（PDF）' }).getAttribute('href');
      expect(pdf).toMatch(/\/guide\.pdf$/);
      const res = await page.request.get(`${hall.url}${pdf ?? ''}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain('application/pdf');
    });
  });

  it('logs in as zhangsan through the realm login page and shows the name, role and role navigation', async () => {
    const guideUrl = page.url();
    await step('login-page', async () => {
      // A visitor sees 在线办理 on an online item; it signs in and comes back to the wizard.
      await page.getByRole('button', { name: '在线办理' }).click();
      await page.waitForURL(/\/realms\/hall\/protocol\/openid-connect\/auth\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('client_id')).toBe('hall-web');
      await page.getByLabel('用户名').fill('zhangsan');
      await page.getByLabel('密码').fill('demo');
    });
    await step('logged-in', async () => {
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/apply\/[0-9A-Z]+$/);
      await page.goto(guideUrl);
      await header().getByTestId('user-area').getByText('张三').first().waitFor();
      await header().getByText('个人中心', { exact: true }).first().waitFor();
      // The guide offers applying online to an applicant.
      await page.getByRole('button', { name: '在线办理' }).waitFor();
    });
    await step('role-navigation', async () => {
      await page.goto(`${hall.url}/me/applications`);
      await page.getByRole('heading', { name: '我的办件' }).waitFor();
      await page.goto(`${hall.url}/desk`);
      await page.getByText('无权访问').waitFor();
      await header().getByText('张三').waitFor();
    });
    await step('notification-centre', async () => {
      // The bell in the header and the 通知中心 page read the same inbox (intake's /notifications).
      await header().getByTestId('notification-bell').click();
      await page.waitForURL(`${hall.url}/me/notifications`);
      await page.getByRole('heading', { level: 1, name: '通知中心' }).waitFor();
      const summary = await page.getByTestId('notif-summary').innerText();
      const unread = /共 (\d+) 条，未读 (\d+) 条/.exec(summary)?.[2];
      expect(unread).toBeDefined();
      await header()
        .locator(`[data-testid="notification-bell"][data-unread="${unread ?? ''}"]`)
        .waitFor();
    });
  });

  it('适老化 长辈版 (≥ 18 px on the guide), breadcrumbs, and 我的办件 with steps, due date and filters at 1366 and 375 px', async () => {
    const FOOD_NEW = '11330102007796929X4010010010001';
    const guidePath = `/items/${FOOD_NEW}`;
    // zhangsan has two applications of 食品经营许可（新办）; the window accepted the first one.
    const accepted = await applyOverApi(hall.url, 'zhangsan', FOOD_NEW, { entityName: '张三小馆' });
    const waiting = await applyOverApi(hall.url, 'zhangsan', FOOD_NEW, { entityName: '张三面馆' });
    await hallApi(() => hall.url).ok(
      'clerk.shangcheng',
      'POST',
      `/api/intake/applications/${accepted}/accept`,
      {},
    );
    const crumbs = () => page.getByTestId('breadcrumbs').locator('li').allInnerTexts();
    const row = (no: string) => page.locator(`.application-row[data-no="${no}"]`);
    const rowNos = () =>
      page.locator('.application-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-no')));
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);

    await page.setViewportSize({ width: 1366, height: 900 });
    await step('guide-standard-sizes', async () => {
      await page.goto(`${hall.url}${guidePath}`);
      await page.getByRole('heading', { name: '申请材料', exact: true }).waitFor();
      expect(await crumbs()).toEqual(['首页', '办事指南', '事项详情']);
      // Standard version: no text on the guide under 14 px (the material tags were 12 px).
      expect(await textsSmallerThan(14)).toEqual([]);
    });
    await step('guide-elder', async () => {
      await header().getByRole('button', { name: '长辈版' }).click();
      await header().getByRole('button', { name: '标准版' }).waitFor();
      expect(await textsSmallerThan(16, 'body')).toEqual([]);
      // Body text 18 px: the material facts, the paragraphs and the application button.
      const sizes = await page
        .locator('#main :is(.material-facts dd, .plain-card-body p, .ant-steps-item-title)')
        .evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
      expect(sizes.length).toBeGreaterThan(5);
      expect(sizes.filter((px) => px < 18)).toEqual([]);
      const apply = page.getByRole('button', { name: '在线办理' });
      expect(await apply.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(48);
    });
    await step('my-applications-elder', async () => {
      await page.goto(`${hall.url}/me/applications`);
      await row(accepted).waitFor();
      expect(await crumbs()).toEqual(['首页', '我的办件']);
      // Still 长辈版 after the navigation.
      await header().getByRole('button', { name: '标准版' }).waitFor();
      expect(await textsSmallerThan(16, 'body')).toEqual([]);
      // Steps: the accepted one is at 审批 with its due date, the waiting one at 受理 (due once accepted).
      await row(accepted).locator('[data-testid=application-steps][data-current="2"]').waitFor();
      await row(accepted)
        .getByTestId('due-by')
        .getByText(/应办结日期：\d{4}\/\d{2}\/\d{2}/)
        .waitFor();
      await row(accepted)
        .getByText(/承诺办结时限：\d+ 个工作日/)
        .waitFor();
      await row(waiting).locator('[data-testid=application-steps][data-current="1"]').waitFor();
      await row(waiting).getByText('受理后起算').waitFor();
      await row(waiting).getByText(`办件编号：${waiting}`).waitFor();
    });
    await step('my-applications-filter', async () => {
      await page.getByLabel('事项名称或办件编号').fill(waiting);
      await page.getByLabel('事项名称或办件编号').press('Enter');
      await page.waitForURL(/[?&]q=/);
      await row(accepted).waitFor({ state: 'detached' });
      await row(waiting).waitFor();
      expect(await rowNos()).toEqual([waiting]);
      await page.goto(
        `${hall.url}/me/applications?q=${encodeURIComponent('食品经营许可')}&from=${today}&to=${today}`,
      );
      await row(accepted).waitFor();
      expect(await rowNos()).toEqual(expect.arrayContaining([accepted, waiting]));
      await page.getByLabel('开始日期').fill(tomorrow);
      await page.waitForURL(new RegExp(`from=${tomorrow}`));
      await page.getByText('暂无办件').waitFor();
      expect(await page.locator('.application-row').count()).toBe(0);
      // A start after the end dropped the end (the service refuses a reversed range).
      expect(new URL(page.url()).searchParams.get('to')).toBeNull();
      expect(await page.getByLabel('结束日期').inputValue()).toBe('');
    });
    await step('my-application-detail', async () => {
      await page.goto(`${hall.url}/me/applications`);
      await row(accepted).getByRole('link').first().click();
      await page.waitForURL(new RegExp(`/me/applications/${accepted}$`));
      // The detail's own facts (the list stays on screen while the detail's chunk loads).
      await page.getByTestId('application-no').getByText(accepted).waitFor();
      await page.getByTestId('due-by').waitFor();
      expect(await crumbs()).toEqual(['首页', '我的办件', '办件详情']);
      await page.locator('[data-testid=application-steps][data-current="2"]').waitFor();
    });
    await page.setViewportSize({ width: 375, height: 812 });
    await step('phone-elder', async () => {
      await page.goto(`${hall.url}${guidePath}`);
      await page.getByRole('heading', { name: '申请材料', exact: true }).waitFor();
      expect(await crumbs()).toEqual(['首页', '办事指南', '事项详情']);
      expect(await textsSmallerThan(16, 'body')).toEqual([]);
      expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
      await page.goto(`${hall.url}/me/applications`);
      await row(accepted).getByTestId('due-by').waitFor();
      await row(accepted).locator('[data-testid=application-steps][data-current="2"]').waitFor();
      expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
      // The switch sits in the phone menu: back to the standard version.
      await page.getByRole('button', { name: '菜单' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '标准版' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '长辈版' }).waitFor();
      await page.keyboard.press('Escape');
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);
    });
  });

  it('fits a 375 px wide phone screen without horizontal overflow', async () => {
    const guidePath = '/items/11330102007796929X4010010010001';
    await page.setViewportSize({ width: 375, height: 812 });
    for (const [name, target, ready] of [
      ['phone-home', '/', () => page.getByLabel('搜索办事事项').waitFor()],
      [
        'phone-search',
        `/search?q=${encodeURIComponent('食品经营')}`,
        () => page.getByText(/共找到 \d+ 个事项/).waitFor(),
      ],
      [
        'phone-guide',
        guidePath,
        () => page.getByRole('heading', { name: '申请材料', exact: true }).waitFor(),
      ],
      ['phone-progress', '/progress', () => page.getByLabel('办件编号').waitFor()],
      ['phone-verify', '/verify', () => page.getByRole('textbox', { name: /证照标识/ }).waitFor()],
      [
        'phone-decisions',
        '/decisions',
        () => page.getByRole('heading', { level: 1, name: '行政许可决定公示（双公示）' }).waitFor(),
      ],
    ] as const) {
      await step(name, async () => {
        await page.goto(`${hall.url}${target}`);
        await ready();
        expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
        expect(await unlabelledControls()).toEqual([]);
      });
    }
    await step('phone-menu', async () => {
      await page.getByRole('button', { name: '菜单' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByRole('link', { name: '我的办件' }).waitFor();
      await page.waitForFunction(() => document.getAnimations().length === 0);
      await drawer.getByText('张三').waitFor();
      await drawer.getByRole('link', { name: '进度查询' }).waitFor();
      await drawer.getByRole('link', { name: '双公示' }).waitFor();
      expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
      await page.keyboard.press('Escape');
    });
  });

  it('answers a progress query with a result or a friendly message, and logs out', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await step('progress', async () => {
      await page.goto(`${hall.url}/progress`);
      await page.getByLabel('办件编号').fill('3301022026112200001X');
      await page.getByLabel('查询码').fill('ABCD-EFGH');
      await page.getByRole('button', { name: '查询' }).click();
      // Until the intake service answers this route: "service not available yet"; after: "not found".
      const answer = page.locator('.result-area [role=alert], .result-area .ant-result-title');
      await answer.first().waitFor();
      expect((await answer.first().innerText()).trim()).not.toBe('');
      expect(await page.locator('.result-area').innerText()).not.toMatch(/Cannot GET/);
    });
    await step('english', async () => {
      await header().getByRole('button', { name: '切换为英文界面' }).click();
      await header().getByRole('link', { name: 'Service guides' }).waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en-US');
      await page.getByRole('heading', { level: 1, name: 'Track an application', exact: true }).waitFor();
      // The English strings are a chunk of their own; a stored choice loads them before the first render.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Track an application', exact: true }).waitFor();
      expect(await page.locator('main').innerText()).not.toMatch(/进度查询|办件编号/);
      await header().getByRole('button', { name: 'Switch to Chinese' }).click();
      await header().getByRole('link', { name: '办事指南' }).waitFor();
    });
    await step('logged-out', async () => {
      await header().getByRole('button', { name: '退出' }).click();
      await page.waitForURL(`${hall.url}/`);
      await header().getByRole('button', { name: '登录', exact: true }).waitFor();
      await header().getByText('张三').first().waitFor({ state: 'detached' });
    });
  });
});
