/**
 * The docs are the product's front door: every relative link in README.md and docs/ must point at a file or folder
 * that exists (anchors and web addresses are not checked here), and every HTTP route the services serve is mentioned
 * in docs/ as `METHOD /path` (path parameters under any name, `:id` or `{id}`; the routes every service has may be
 * written once with `<service>`). The routes come from `tests/security/route-matrix.json`, which the route-inventory
 * suite keeps equal to the routes Nest registers and to each service's OpenAPI document.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** `[text](target)` and `![alt](target)` outside code spans; the target without its `#anchor`. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((t) => t !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => decodeURIComponent(t.split('#')[0] ?? ''));
}

/** True when `METHOD /path` appears in the text, path parameters written `:any` or `{any}`, not followed by more path. */
function mentions(text: string, route: string): boolean {
  const escaped = route
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:[A-Za-z0-9]+/g, '(?::[A-Za-z0-9]+|\\{[A-Za-z0-9]+\\})');
  return new RegExp(`${escaped}(?![A-Za-z0-9/_.-])`).test(text);
}

describe('documentation links', () => {
  const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];

  it('finds the README and the docs folder', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))(
    '%s links only to files that exist',
    (_name, file) => {
      const missing = relativeLinks(readFileSync(file, 'utf8')).filter(
        (target) => !existsSync(path.resolve(path.dirname(file), target)),
      );
      expect(missing).toEqual([]);
    },
  );

  it('mentions every route of the OpenAPI documents', () => {
    const matrix = JSON.parse(
      readFileSync(path.join(root, 'tests/security/route-matrix.json'), 'utf8'),
    ) as Record<string, Record<string, unknown>>;
    const docs = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    const routes = Object.entries(matrix).flatMap(([service, byRoute]) =>
      Object.keys(byRoute).map((route) => ({ service, route })),
    );
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes.filter(
      ({ service, route }) =>
        !mentions(docs, route) && !mentions(docs, route.replace(`/api/${service}/`, '/api/<service>/')),
    );
    expect(missing.map((r) => r.route)).toEqual([]);
  });

  it('keeps the README a front door (about 200 lines at most)', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(220);
  });
});
