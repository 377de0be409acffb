/**
 * Test pages for the browser conformance suites: a tiny static site served by the test itself on loopback (the
 * port of `CONFORMANCE_WEB_ORIGIN`, else a free one), like a dev server. The client library comes from
 * node_modules.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ConformanceTarget } from './conformance-target.js';

const require = createRequire(import.meta.url);

export interface TestSite {
  /** `http://localhost:<port>` */
  readonly origin: string;
  /** Sets the files served: path → HTML (or JS when the path ends in .js); other paths 404. */
  serve(files: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const fixed = process.env.CONFORMANCE_WEB_ORIGIN ? new URL(process.env.CONFORMANCE_WEB_ORIGIN) : undefined;
  let files: Readonly<Record<string, string>> = {};
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files[path];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      })
      .end(body);
  });
  const port = fixed !== undefined ? Number(fixed.port || 80) : 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    origin: fixed?.origin ?? `http://localhost:${bound}`,
    serve: (next) => {
      files = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A package's file as text: its main module (`require.resolve`), or `file` inside the package. */
export function packageFile(pkg: string, file?: string): string {
  const resolved =
    file === undefined
      ? require.resolve(pkg)
      : path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
  return readFileSync(resolved, 'utf8');
}

/** Fills the realm's login form (the embedded provider's or Keycloak's) and waits to be back on the web origin. */
export async function signInOnLoginPage(page: Page, target: ConformanceTarget): Promise<void> {
  await page.waitForSelector('input[name=password]');
  await page.fill('input[name=username]', target.username);
  await page.fill('input[name=password]', target.password);
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(target.webOrigin)),
    page.click('form:has(input[name=password]) [type=submit]'),
  ]);
}

/** Records whether the page was ever shown the realm's login form (an authorization request answered with 200). */
export function watchLoginForm(page: Page, target: ConformanceTarget): { readonly shown: () => boolean } {
  let shown = false;
  page.on('response', (res) => {
    if (res.url().startsWith(`${target.issuer}/protocol/openid-connect/auth`) && res.status() === 200)
      shown = true;
  });
  return { shown: () => shown };
}
