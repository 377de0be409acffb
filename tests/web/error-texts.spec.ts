// Every error code a service can answer has zh-CN words in the web (apps/web/src/components/error-texts.ts): the
// codes are collected from the services' sources — the `*ErrorCode` objects, the codes passed to AppError and
// its helpers, and the HTTP filter's status codes — so a new code without a text fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_TEXTS, ERROR_TEXTS_ZH, statusTextZh } from '../../apps/web/src/components/error-texts.js';
import { zhCN } from '../../apps/web/src/i18n/messages.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP_DIRS = new Set(['node_modules', 'test', 'generated', 'dist', 'web']);
const CODE = "'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : sources(p);
    return p.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(p) ? [p] : [];
  });
}

/** The codes a service can answer, each with a file that names it. */
function serviceCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const patterns = [
    // `XxxErrorCode = { Name: 'CODE', … } as const`
    /ErrorCode\s*=\s*\{([\s\S]*?)\}\s*as const/g,
    // `new AppError('CODE', …)`, `AppError.conflict('CODE', …)`, `unprocessable('CODE', …)`, `forbidden('CODE', …)`
    new RegExp(`(?:AppError(?:\\.\\w+)?|unprocessable|forbidden)\\(\\s*${CODE}`, 'g'),
    // `{ code: 'CODE', … }` (error bodies written directly, e.g. the HTTP filter, the auth guard)
    new RegExp(`\\bcode:\\s*${CODE}`, 'g'),
    // The HTTP filter's codes by status: `413: 'PAYLOAD_TOO_LARGE'`
    /STATUS_CODES[^=]*=\s*\{([\s\S]*?)\};/g,
  ];
  for (const file of [...sources(path.join(root, 'apps')), ...sources(path.join(root, 'libs'))]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        const found = m[1]?.includes("'")
          ? [...m[1].matchAll(new RegExp(CODE, 'g'))].map((c) => c[1])
          : [m[1]];
        for (const code of found) if (code) codes.set(code, path.relative(root, file));
      }
    }
  }
  return codes;
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('error texts (zh-CN)', () => {
  const codes = serviceCodes();

  it('finds the services’ codes (the collector still works)', () => {
    expect(codes.size).toBeGreaterThan(120);
    for (const code of [
      'VALIDATION_FAILED',
      'CASE_CLOSED',
      'LOCKED_ELEMENT',
      'PAYLOAD_TOO_LARGE',
      'ALERT_NOT_OPEN',
    ])
      expect(codes.has(code)).toBe(true);
  });

  it('every code has zh-CN words', () => {
    const missing = [...codes]
      .filter(([code]) => !(code in CODE_TEXTS) && !(code in ERROR_TEXTS_ZH))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('the words are Chinese, never the service’s English message', () => {
    const texts = [...Object.values(ERROR_TEXTS_ZH), ...Object.values(CODE_TEXTS).map((key) => zhCN[key])];
    for (const text of texts) expect(text).toMatch(CHINESE);
    for (const status of [400, 401, 403, 404, 409, 413, 418, 429, 500, 503])
      expect(statusTextZh(status)).toMatch(CHINESE);
  });
});
