/**
 * How fast this host's cores are, measured in the same run as the benches: machines of one kind differ (the same
 * hall bench gave 6.6–7.5 cases/s on one host and 10–11 on another), so a report carries its host's speed beside
 * its absolute figures. The reference is a fixed single-threaded workload of the kinds a case spends its CPU on
 * (JSON, hashing, string matching, small objects); its CPU time is the best of three, lower on a faster core.
 */
import { createHash } from 'node:crypto';

function referenceWork(): number {
  let check = 0;
  const rows = Array.from({ length: 2_000 }, (_, i) => ({
    no: `SC3301062026${String(i).padStart(6, '0')}`,
    status: i % 3 === 0 ? 'accepted' : 'submitted',
    formData: { entityName: `小馆 ${i}`, area: i * 1.5, tags: ['餐饮', '食品', String(i)] },
  }));
  for (let round = 0; round < 20; round++) {
    const text = JSON.stringify(rows);
    const back = JSON.parse(text) as typeof rows;
    check += back.length;
    check += createHash('sha256').update(text).digest()[0] ?? 0;
    for (const r of back) if (/^SC\d{12}0{2}\d{4}$/.test(r.no)) check++;
  }
  return check;
}

/** CPU ms of the reference workload on this host (best of three runs, after one warm-up). */
export function hostReferenceMs(): number {
  referenceWork();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    referenceWork();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}
