/**
 * Recognises "the database is not reachable right now" in whatever shape it arrives: a `pg` error (SQLSTATE class
 * 08 connection exception, 57P01-57P03 shutdown / cannot connect now, 55000 not accepting connections, 3D000 database
 * gone), a socket error, a pool connect timeout, or Prisma's wrappers around those (P1001, P1002, P1017, P2024,
 * driver adapter errors). Such a failure is answered with 503 (retry later), not 500 (a bug).
 */
const SQLSTATES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '55000',
  '3D000',
  '53300',
]);
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const MESSAGES = [
  /Connection terminated/i,
  /terminating connection due to administrator command/i,
  /not currently accepting connections/i,
  /timeout exceeded when trying to connect/i,
  /Timed out fetching a new connection/i,
  /Can't reach database server/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): boolean => {
    if (e === null || typeof e !== 'object' || depth > 6 || seen.has(e)) return false;
    seen.add(e);
    const o = e as Record<string, unknown>;
    for (const field of ['code', 'originalCode', 'errorCode']) {
      const v = o[field];
      if (typeof v === 'string' && (SQLSTATES.has(v) || NODE_CODES.has(v) || PRISMA_CODES.has(v)))
        return true;
    }
    if (typeof o.kind === 'string' && ADAPTER_KINDS.has(o.kind)) return true;
    if (
      typeof o.kind === 'string' &&
      o.kind === 'postgres' &&
      typeof o.code === 'string' &&
      SQLSTATES.has(o.code)
    )
      return true;
    const message = typeof o.message === 'string' ? o.message : '';
    if (MESSAGES.some((re) => re.test(message))) return true;
    for (const key of ['cause', 'meta', 'driverAdapterError', 'error', 'originalError']) {
      if (visit(o[key], depth + 1)) return true;
    }
    return Array.isArray(o.errors) && o.errors.some((x) => visit(x, depth + 1));
  };
  return visit(err, 0);
}
