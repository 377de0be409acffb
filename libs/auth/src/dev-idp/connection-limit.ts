import type { Server } from 'node:net';

export interface ConnectionLimitOptions {
  /** Open connections allowed per remote address; one more is destroyed as soon as it is accepted. */
  readonly maxPerAddress: number;
  /** Addresses never counted (e.g. loopback, or the reverse proxy every request comes through). */
  readonly exempt?: (address: string) => boolean;
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 address. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Caps concurrent connections per client address on a Node server (HTTP or any `net.Server`): one client cannot
 * hold every socket (slow requests, idle keep-alive) while others behind other addresses are served. Counts
 * socket addresses, so behind a reverse proxy exempt the proxy and let it cap per client (nginx `limit_conn`).
 * Returns the live count per address (for tests and metrics).
 */
export function limitConnectionsPerAddress(
  server: Server,
  options: ConnectionLimitOptions,
): ReadonlyMap<string, number> {
  if (!Number.isInteger(options.maxPerAddress) || options.maxPerAddress < 1) {
    throw new Error(`maxPerAddress must be a positive integer, got ${options.maxPerAddress}`);
  }
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const raw = socket.remoteAddress;
    if (raw === undefined) return;
    const address = normalise(raw);
    if (options.exempt?.(address) === true) return;
    const count = open.get(address) ?? 0;
    if (count >= options.maxPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return open;
}

/** Loopback addresses (127.0.0.0/8, ::1). */
export function isLoopbackAddress(address: string): boolean {
  const a = normalise(address);
  return a === '::1' || a.startsWith('127.');
}
