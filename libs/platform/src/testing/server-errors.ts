/**
 * The last errors logged by services started with `startServiceForTest` without a logger of their own (which stay
 * silent otherwise). A contract check that gets a 5xx quotes the one with its correlation id, so a failure on a
 * loaded CI machine says why the server failed instead of only that it did.
 */
const recent: string[] = [];
const KEEP = 50;

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function recordServerError(...args: unknown[]): void {
  recent.push(args.map(describe).join(' '));
  if (recent.length > KEEP) recent.shift();
}

/** Logged errors that mention `needle` (a correlation id), newest last; all kept ones without a needle. */
export function serverErrors(needle?: string): string[] {
  return needle ? recent.filter((line) => line.includes(needle)) : [...recent];
}
