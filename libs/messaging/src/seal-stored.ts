import { EventEnvelope, type EventContract } from '@hall/contracts';
import type { SqlRunner } from '@hall/persistence';
import type { PayloadCodec } from './payload-codec.js';

export interface SealStoredOptions {
  sql: SqlRunner;
  codec: PayloadCodec;
  /** The contract of a stored event; rows of a type the service does not know are left as they are. */
  contractOf: (type: string, version: number) => EventContract | undefined;
  /**
   * A PostgreSQL regular expression matching the text of a payload that may still hold personal data in clear (a
   * cheap filter: only matching rows are read and sealed; the codec decides).
   */
  candidate: string;
  batchSize?: number;
}

/**
 * Seals the payloads of `outbox` and `dead_letter` rows written before payloads were sealed (idempotent: a sealed
 * row is left as it is). Returns how many rows it rewrote. Consumers open both forms, so this may run while the
 * relay publishes: a row read before its rewrite goes out in clear once more, as it would have anyway.
 */
export async function sealStoredPayloads(
  options: SealStoredOptions,
): Promise<{ outbox: number; deadLetters: number }> {
  const { sql, codec, contractOf, candidate } = options;
  const batchSize = options.batchSize ?? 200;
  let outbox = 0;
  let deadLetters = 0;
  for (let after = '0'; ;) {
    const rows = await sql.query<{ seq: string; type: string; version: number; payload: unknown }>(
      `SELECT seq::text AS seq, type, version, payload FROM "outbox" WHERE seq > $1::bigint AND payload::text ~ $2 ORDER BY seq LIMIT $3`,
      [after, candidate, batchSize],
    );
    for (const row of rows) {
      const contract = contractOf(row.type, row.version);
      const payload: unknown = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
      if (!contract) continue;
      const sealed = JSON.stringify(codec.seal(contract, payload));
      if (sealed === JSON.stringify(payload)) continue;
      outbox += await sql.execute(`UPDATE "outbox" SET payload = $2::jsonb WHERE seq = $1::bigint`, [
        row.seq,
        sealed,
      ]);
    }
    if (rows.length < batchSize) break;
    after = rows.at(-1)?.seq ?? after;
  }
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows = await sql.query<{ id: string; value: string }>(
      `SELECT id::text AS id, value FROM "dead_letter" WHERE id > $1::uuid AND value ~ $2 ORDER BY id LIMIT $3`,
      [after, candidate, batchSize],
    );
    for (const row of rows) {
      const raw = safeJson(row.value);
      const envelope = EventEnvelope.safeParse(raw);
      const contract = envelope.success ? contractOf(envelope.data.type, envelope.data.version) : undefined;
      if (!envelope.success || !contract) continue;
      const sealed = codec.seal(contract, envelope.data.payload);
      if (JSON.stringify(sealed) === JSON.stringify(envelope.data.payload)) continue;
      // The message as it was, only its payload sealed.
      const value = JSON.stringify({ ...(raw as object), payload: sealed });
      deadLetters += await sql.execute(`UPDATE "dead_letter" SET value = $2 WHERE id = $1::uuid`, [
        row.id,
        value,
      ]);
    }
    if (rows.length < batchSize) break;
    after = rows.at(-1)?.id ?? after;
  }
  return { outbox, deadLetters };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
