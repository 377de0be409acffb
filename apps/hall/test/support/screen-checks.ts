/**
 * Checks every browser step runs on the screen it ends on (issue 23's acceptance):
 * - the visible text of a zh-CN screen holds no raw error code, field path, regex, UUID or English sentence;
 * - axe-core finds no serious or critical accessibility violation (WCAG 2 A/AA rules).
 * Text the user typed (inputs) and text a screen shows on purpose as a code (`code`, `kbd`, `[data-raw]`) are not
 * scanned.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Evaluated through the DevTools protocol rather than a <script> tag, which the hall's CSP (script-src 'self') refuses.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Problems in the visible text of a zh-CN screen, each as `<kind>: <snippet>`; none on other locales. */
export function visibleTextProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    if (!document.documentElement.lang.startsWith('zh')) return [];
    const patterns: [string, RegExp][] = [
      ['code', /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/],
      ['field path', /\b[a-z]+[A-Za-z]*\.[a-z]+[A-Z][A-Za-z]*\b/],
      ['regex', /\/\^|\$\/|\[0-9|\\d\{/],
      ['uuid', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
      ['english', /\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}\b/],
    ];
    const skip = 'script, style, code, kbd, pre, textarea, [data-raw], [aria-hidden="true"]';
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest(skip)) continue;
      if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      for (const [kind, pattern] of patterns) {
        const match = pattern.exec(text);
        if (match) found.add(`${kind}: ${text.slice(Math.max(0, match.index - 20), match.index + 60)}`);
      }
    }
    return [...found];
  });
}

/** Serious and critical axe-core violations of the screen, each as `<rule>: <help> (<first element>)`. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type AxeResult = {
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[]; any: { message: string }[] }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .slice(0, 3)
            .map((n) => `${String(n.target[0])}${n.any[0] ? ` — ${n.any[0].message}` : ''}`)
            .join('; ')})`,
      );
  });
}
