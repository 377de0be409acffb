export {
  openDatabase,
  TRANSACTION_LIMITS,
  type Database,
  type DatabaseConfig,
  type SqlRunner,
} from './database.js';
export {
  applyMigrations,
  checksumOf,
  MigrationError,
  readMigrations,
  type ApplyResult,
  type MigrationFile,
} from './migrations.js';
export {
  createTestDatabase,
  isPostgresAvailable,
  testDatabaseKinds,
  TEST_PG_ADMIN_URL,
  type TestDatabase,
} from './test-database.js';
export { grantRuntimeRole, runtimeRoleGrants } from './runtime-role.js';
