/** Small helpers shared by benchmarks: percentiles, a progress line, a results table. */
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

export function report(title: string, rows: Array<[string, string, string]>): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n== ${title}\n`);
  for (const [k, v, note] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${v.padStart(14)}  ${note}\n`);
}
