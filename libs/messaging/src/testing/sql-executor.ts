import type { SqlRunner } from '@hall/persistence';
import type { RawExecutor, TransactionRunner } from '../raw-executor.js';

/** Prisma-shaped raw executor over a SqlRunner, so messaging tests run without a generated client. */
export function rawExecutor(sql: SqlRunner): RawExecutor {
  return {
    $executeRawUnsafe: (q, ...v) => sql.execute(q, v),
    $queryRawUnsafe: async <T>(q: string, ...v: unknown[]) => (await sql.query(q, v)) as T,
  };
}

export function transactionRunner(sql: SqlRunner): TransactionRunner<RawExecutor> {
  return (fn) => sql.transaction((tx) => fn(rawExecutor(tx)));
}

export const messagingFixtureMigrations = new URL('./migrations', import.meta.url).pathname;
