/**
 * The embedded hall as a child process for the crash-window tests (issue #10 §1): all five services on PostgreSQL
 * (one database per service, URLs in HALL_PG_URLS), the in-process transport, s3rver and the identity provider's
 * key under HALL_DATA_DIR, on a fixed PORT, so that a restarted process is the same hall.
 *
 * With HALL_CRASH_POINT and HALL_CRASH_TYPE set, the process kills itself with a real SIGKILL (no handler, no
 * cleanup, connections cut) the first time an event of that type reaches the chosen point:
 *  - `before-publish`: the producer committed, the relay claimed the row and is about to hand it to the transport;
 *  - `after-publish`: every consumer has committed its effect, the relay has not yet marked the row as published;
 *  - `mid-consume`:   the consumer group HALL_CRASH_GROUP's handler has written its effect inside the consumer's
 *                      transaction (inbox row included), which has not committed yet.
 * It writes HALL_CRASH_MARKER first (what it was doing), and never crashes when the marker exists, so the restarted
 * process runs normally. Prints `READY <url>` when it serves.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { InProcessTransport, type TransportMessage } from '@hall/messaging';
import { messagingOf } from '@hall/platform';
import { openDatabase } from '@hall/persistence';
import { startEmbeddedHall } from '../../../apps/hall/src/embedded-hall.js';

const urls = JSON.parse(process.env.HALL_PG_URLS ?? '{}') as Record<string, string>;
const point = process.env.HALL_CRASH_POINT;
const type = process.env.HALL_CRASH_TYPE;
const marker = process.env.HALL_CRASH_MARKER ?? '';
const armed = point !== undefined && type !== undefined && marker !== '' && !existsSync(marker);

function die(where: string): never {
  writeFileSync(marker, `${where}\n`);
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

const typeOf = (m: TransportMessage): string | undefined => m.headers['event-type'];

class CrashingTransport extends InProcessTransport {
  override async publish(messages: readonly TransportMessage[]): Promise<void> {
    const hit = armed && messages.some((m) => typeOf(m) === type);
    if (hit && point === 'before-publish') die(`before-publish ${type}`);
    await super.publish(messages);
    if (hit && point === 'after-publish') die(`after-publish ${type}`);
  }
}

const hall = await startEmbeddedHall({
  port: Number(process.env.PORT),
  dataDir: process.env.HALL_DATA_DIR,
  logLevel: 'silent',
  transport: new CrashingTransport(),
  openServiceDatabase: async (service) => {
    const url = urls[service];
    if (!url) throw new Error(`HALL_PG_URLS has no database for ${service}`);
    return openDatabase({ kind: 'pg', url });
  },
});
if (armed && point === 'mid-consume') {
  const group = process.env.HALL_CRASH_GROUP ?? '';
  const runtime = hall.services.get(group)?.runtime;
  const consumer = runtime ? messagingOf(runtime)?.consumer : undefined;
  // Fault injection reaches into the consumer's handler table: the handler runs inside the consumer's transaction,
  // so dying when it returns leaves its writes (and the inbox row) uncommitted.
  type Registration = { handle: (...a: unknown[]) => Promise<void> };
  const registrations = (consumer as unknown as { registrations?: Map<string, Registration> } | undefined)
    ?.registrations;
  const entries: Array<[string, Registration]> = registrations ? [...registrations] : [];
  const reg = entries.find(([id]) => id.startsWith(`${type}@`))?.[1];
  if (!reg) throw new Error(`no ${group} consumer for ${type}`);
  const handle = reg.handle;
  reg.handle = async (...args: unknown[]) => {
    await handle(...args);
    die(`mid-consume ${group} ${type}`);
  };
}
process.stdout.write(`READY ${hall.url}\n`);
process.on('SIGTERM', () => {
  // Not a skipped test: the crash-test child process leaves after a clean SIGTERM shutdown.
  void hall.close().then(() => process.exit(0));
});
