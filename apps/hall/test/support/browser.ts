/**
 * Shared set-up of the browser specs (web-*.e2e-spec.ts): the web build, the embedded hall and Chromium
 * (playwright-core driving Debian's /usr/bin/chromium or CHROMIUM_PATH), sign-in through the realm's login page,
 * screenshots per step (FAILED-… for a failing one) in test-artifacts/web, accessibility and layout probes, and the
 * API helpers the specs make their test data with.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleFormData, type ApplicationForm, type FormField } from '@hall/contracts';
import { samplePdf } from '@hall/storage';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startEmbeddedHall, type EmbeddedHall } from '../../src/embedded-hall.js';
import { seriousA11yViolations, visibleTextProblems } from './screen-checks.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const artifacts = path.join(root, 'test-artifacts', 'web');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = existsSync(chromiumPath);
if (!haveBrowser && process.env.CI)
  throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
/** `describe` when Chromium is there, `describe.skip` otherwise (CI without Chromium fails above instead). */
export const describeBrowser = haveBrowser ? describe : describe.skip;

/** What the browser specs need of a hall: its URL (an embedded hall in this process, or one already running). */
export type HallUnderTest = Pick<EmbeddedHall, 'url'>;

export interface BrowserHall {
  hall: HallUnderTest;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the web app when stale (or serves `opts.webRoot`, a build of the caller's), starts the embedded hall on a
 * free port and launches headless Chromium. With
 * `HALL_URL` set (e.g. `HALL_URL=http://127.0.0.1:3000` after `npm start` on a fresh clone), the specs drive that
 * running hall instead: nothing is built or started here, and nothing is stopped afterwards.
 */
export async function startBrowserHall(opts: { webRoot?: string } = {}): Promise<BrowserHall> {
  mkdirSync(artifacts, { recursive: true });
  const external = process.env.HALL_URL?.replace(/\/+$/, '');
  let hall: HallUnderTest;
  let stopHall: () => Promise<void>;
  if (external) {
    // A shared hall busy with the previous spec's work may miss one request: ask for up to a minute.
    let ready: Response | undefined;
    for (let attempt = 0; ready === undefined && attempt < 30; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 2000));
      ready = await fetch(`${external}/api/catalog/health`, { signal: AbortSignal.timeout(10_000) }).catch(
        () => undefined,
      );
    }
    if (ready === undefined)
      throw new Error(`HALL_URL=${external}: nothing answers there (start it with npm start)`);
    hall = { url: external };
    stopHall = async () => undefined;
  } else if (opts.webRoot) {
    // A web build made by the caller (web-load: the production bundle).
    const embedded = await startEmbeddedHall({ port: 0, logLevel: 'silent', webRoot: opts.webRoot });
    hall = embedded;
    stopHall = () => embedded.close();
  } else {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts/nx.mjs'), 'run', 'web:build'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
    const embedded = await startEmbeddedHall({ port: 0, logLevel: 'silent' });
    hall = embedded;
    stopHall = () => embedded.close();
  }
  const browser = await chromium.launch({
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
  return {
    hall,
    browser,
    async close() {
      await browser.close();
      await stopHall();
    },
  };
}

/**
 * A `step(page, name, fn)` that screenshots `<prefix>-NN-<name>.png` after `fn`, or `FAILED-<prefix>-NN-<name>.png`
 * when it throws (with the page's accessibility tree, `.aria.yml`, and its markup, `.html`), and then checks the screen it ends on (support/screen-checks.ts): no raw code, field path, regex,
 * UUID or English sentence in zh-CN text, no serious or critical axe violation. What a step finds is written to
 * `screen-checks-<prefix>.json` next to the screenshots and fails the step.
 */
export function stepper(
  prefix: string,
): (page: Page, name: string, fn: () => Promise<void>) => Promise<void> {
  let shot = 0;
  const findings: Record<string, { text: string[]; a11y: string[] }> = {};
  return async (page, name, fn) => {
    const id = `${prefix}-${String(++shot).padStart(2, '0')}-${name}`;
    const file = (failed: string) => path.join(artifacts, `${failed}${id}.png`);
    try {
      await fn();
      await page.screenshot({ path: file(''), fullPage: true });
    } catch (err) {
      await page.screenshot({ path: file('FAILED-'), fullPage: true }).catch(() => undefined);
      // What the locators saw: roles and accessible names (a name the screenshot cannot show), and the markup.
      const dump = async (suffix: string, read: () => Promise<string>) =>
        writeFileSync(path.join(artifacts, `FAILED-${id}.${suffix}`), await read().catch(String));
      await dump('aria.yml', () => page.locator('body').ariaSnapshot({ timeout: 5_000 }));
      await dump('html', () => page.content());
      throw err;
    }
    const found = { text: await visibleTextProblems(page), a11y: await seriousA11yViolations(page) };
    if (found.text.length + found.a11y.length === 0) return;
    findings[id] = found;
    writeFileSync(path.join(artifacts, `screen-checks-${prefix}.json`), JSON.stringify(findings, null, 2));
    if (process.env.SCREEN_CHECKS !== 'report')
      expect({ step: id, ...found }).toEqual({ step: id, text: [], a11y: [] });
  };
}

/** Visible form controls without a label (label element, aria-label, aria-labelledby or title). */
export function unlabelledControls(page: Page): Promise<string[]> {
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

/** document.scrollWidth beyond the viewport width (0 = no horizontal scroll). */
export function overflow(page: Page): Promise<number> {
  // After a viewport change the responsive components (antd's breakpoints via matchMedia) re-render a moment
  // later: read once the layout has settled (the same width over two animation frames, up to 5 s), so a slow
  // machine does not measure the wide layout squeezed into the narrow viewport. A real overflow stays and is read.
  return page.evaluate(async () => {
    const read = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const until = Date.now() + 5000;
    let last = read();
    for (;;) {
      await frame();
      await frame();
      const now = read();
      if ((now === last && now <= 0) || Date.now() > until) return now;
      if (now === last) await new Promise((r) => setTimeout(r, 100));
      last = now;
    }
  });
}

export interface LoginOptions {
  /** Default timeout of the page's actions (ms); 30 s unless told. */
  timeoutMs?: number;
}

/** A fresh browser context (own session storage) signed in as `username` (password demo) through the realm's login page, at `target`. */
export async function loginAs(
  bh: BrowserHall,
  username: string,
  target: string,
  opts: LoginOptions = {},
): Promise<Page> {
  const context = await bh.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    // No zoom/slide animations (the app honours the setting): a click never lands on a dialog still opening.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(opts.timeoutMs ?? 30_000);
  await page.goto(`${bh.hall.url}${target}`);
  await page.locator('header.app-header').getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/realms\/hall\/protocol\/openid-connect\/auth\?/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${bh.hall.url}${target}`);
  await page.getByTestId('user-area').waitFor();
  return page;
}

/** Reloads until `locator` shows (events travel through the outbox asynchronously). */
export async function reloadUntil(page: Page, locator: Locator, timeoutMs = 90_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (
      await locator
        .first()
        .isVisible()
        .catch(() => false)
    )
      return;
    if (Date.now() - start > timeoutMs) throw new Error(`not visible in time: ${locator.toString()}`);
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
}

/** Polls `fn` until it gives a value (not undefined). */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The demo users' API access (password grant of hall-cli, tokens cached per user). */
export function hallApi(hallUrl: () => string) {
  const tokens = new Map<string, string>();
  const token = async (username: string): Promise<string> => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await fetch(`${hallUrl()}/realms/hall/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'hall-cli',
        username,
        password: 'demo',
      }),
    });
    if (res.status !== 200) throw new Error(`token for ${username}: ${res.status}`);
    const t = ((await res.json()) as { access_token: string }).access_token;
    tokens.set(username, t);
    return t;
  };
  /** Any answer, with its status. */
  const api = async <T>(
    username: string,
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> => {
    const res = await fetch(`${hallUrl()}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(username)}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  /** A 2xx answer's body; throws with the answer otherwise. */
  const ok = async <T>(
    username: string,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> => {
    const res = await api<T>(username, method, url, body, headers);
    if (res.status < 200 || res.status > 299)
      throw new Error(`${method} ${url} as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { token, api, ok };
}

/** The 申请表 of an implementation, from intake's read model. */
export async function applicationFormOf(hall: HallUnderTest, code: string): Promise<ApplicationForm> {
  const res = await fetch(`${hall.url}/api/intake/implementations/${code}`);
  if (res.status !== 200) throw new Error(`intake does not know ${code}: ${res.status}`);
  return (
    ((await res.json()) as { snapshot: { applicationForm?: ApplicationForm } }).snapshot.applicationForm ?? {
      fields: [],
    }
  );
}

/**
 * Fills the wizard's 申请表 fields by their Chinese labels with `values` (fields prefilled from a real-name account —
 * name, ID number, phone — are not asked and skipped).
 */
export async function fillFormFields(
  page: Page,
  fields: readonly FormField[],
  values: Record<string, unknown>,
): Promise<void> {
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || (f.prefill !== undefined && ['name', 'idNumber', 'phone'].includes(f.prefill)))
      continue;
    const input = page.getByLabel(f.label, { exact: true });
    const text = typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
    switch (f.type) {
      case 'select':
      case 'multiselect':
        await input.click();
        for (const option of Array.isArray(v) ? v : [v]) {
          const exact = new RegExp(`^${String(option).replace(/[.*+?^${}()|[\]\\（）]/g, '.')}$`);
          await page
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: exact })
            .click();
        }
        await input.press('Escape');
        break;
      case 'boolean':
        if (v === true) await input.check();
        break;
      case 'date':
        await input.fill(text);
        await input.press('Enter');
        break;
      default:
        await input.fill(text);
    }
  }
}

/** Fills an implementation's whole 申请表 with its examples (填报样例), `overrides` replacing single values. */
export async function fillApplicationForm(
  page: Page,
  hall: HallUnderTest,
  code: string,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const form = await applicationFormOf(hall, code);
  await fillFormFields(page, form.fields, exampleFormData(form, overrides));
}

interface MaterialSpec {
  id: string;
  name: string;
  required: boolean;
  promiseAllowed: boolean;
}

/** An implementation once intake's read model knows it (the catalog publishes it when the hall starts). */
export async function implementationKnown(
  hallUrl: string,
  code: string,
): Promise<{ snapshot: { materials: MaterialSpec[]; applicationForm: ApplicationForm } }> {
  return eventually(`intake knows ${code}`, async () => {
    const res = await fetch(`${hallUrl}/api/intake/implementations/${code}`);
    return res.status === 200
      ? ((await res.json()) as { snapshot: { materials: MaterialSpec[]; applicationForm: ApplicationForm } })
      : undefined;
  });
}

/**
 * `username` applies for `code` over the API: a PDF upload per required material (a promise where allowed), the
 * 申请表 filled with example values and `values`. Returns the application number.
 */
export async function applyOverApi(
  hallUrl: string,
  username: string,
  code: string,
  values: Record<string, unknown>,
  /** More of the submission's body, e.g. `applicant` when a clerk applies for a walk-in person (代办). */
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { token, ok } = hallApi(() => hallUrl);
  const view = await implementationKnown(hallUrl, code);
  const materials = [];
  for (const m of view.snapshot.materials.filter((x) => x.required)) {
    if (m.promiseAllowed) {
      materials.push({ materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实。' });
      continue;
    }
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(samplePdf(m.id))], { type: 'application/pdf' }),
      `${m.id}.pdf`,
    );
    const res = await fetch(`${hallUrl}/api/intake/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(username)}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    materials.push({
      materialId: m.id,
      source: 'upload',
      fileIds: [((await res.json()) as { id: string }).id],
    });
  }
  const app = await ok<{ no: string }>(
    username,
    'POST',
    '/api/intake/applications',
    {
      implementationCode: code,
      formData: exampleFormData(view.snapshot.applicationForm, values),
      materials,
      ...extra,
    },
    { 'idempotency-key': `${username}-${code}-${Date.now()}-${Math.random()}` },
  );
  return app.no;
}
