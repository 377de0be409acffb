import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Small helpers shared by benchmarks: percentiles, a progress line, a results table, a results file. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? 0 };
}

let lastProgress = 0;
/** Redraws one progress line (at most ~10 times a second). */
export function progress(label: string, done: number, total: number): void {
  const now = Date.now();
  if (done < total && now - lastProgress < 100) return;
  lastProgress = now;
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
  process.stdout.write(`\r  ${label.padEnd(28)} [${bar}] ${pct}% (${done.toLocaleString()}/${total.toLocaleString()})`);
}

let results = '';
/** Prints a result line and keeps it for {@link saveResults} (progress lines are not kept). */
export function writeOut(text: string): void {
  results += text;
  process.stdout.write(text);
}

export function report(title: string, rows: Array<[string, string, string]>): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  writeOut(`\n== ${title}\n`);
  for (const [k, v, note] of rows) writeOut(`  ${k.padEnd(w)}  ${v.padStart(14)}  ${note}\n`);
}

/** Writes the results kept so far to `bench/results/<name>.txt` (with the date and machine) and starts afresh. */
export function saveResults(dir: string, name: string, header: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.txt`);
  writeFileSync(file, `${header}\n${results}`);
  results = '';
  return file;
}
