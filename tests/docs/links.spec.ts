/**
 * The docs are the product's front door: every relative link in README.md and docs/ must point at a file or folder
 * that exists (anchors and web addresses are not checked here).
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

describe('documentation links', () => {
  const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];

  it('finds the README and the docs folder', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))('%s links only to files that exist', (_name, file) => {
    const missing = relativeLinks(readFileSync(file, 'utf8')).filter((target) => !existsSync(path.resolve(path.dirname(file), target)));
    expect(missing).toEqual([]);
  });

  it('keeps the README a front door (about 200 lines at most)', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(220);
  });
});
