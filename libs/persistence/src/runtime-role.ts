/**
 * The runtime database role (issue #10 §12). In production a service's tables belong to the owner role that runs
 * the migrations (`MIGRATION_DATABASE_URL`); the service itself connects as a separate login role
 * (`DATABASE_URL`) holding only data privileges. Not owning the tables, it cannot `ALTER TABLE … DISABLE TRIGGER`
 * (the audit log's append-only triggers stay on), `TRUNCATE`, `DROP` or change the schema; the triggers refuse its
 * `UPDATE`/`DELETE` of audit rows.
 */
import type { SqlRunner } from './database.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The statements that give `role` data privileges on every table and sequence of `public`, now and later. */
export function runtimeRoleGrants(role: string): string {
  if (!IDENTIFIER.test(role)) throw new Error(`runtime role must be a plain lower-case identifier: ${role}`);
  const r = `"${role}"`;
  return [
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`,
  ].join(';\n');
}

/** Grants `role` its data privileges, run by the owner after the migrations. */
export async function grantRuntimeRole(owner: SqlRunner, role: string): Promise<void> {
  await owner.exec(runtimeRoleGrants(role));
}
