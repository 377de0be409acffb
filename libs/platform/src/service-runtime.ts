import type { Database } from '@hall/persistence';
import type { TracingHooks, Transport } from '@hall/messaging';
import type { ObjectStorage } from '@hall/storage';
import type { TokenVerifier } from '@hall/auth';
import type { LoggerService } from '@nestjs/common';
import type { HttpSecurityOptions } from './http-security.js';
import type { PiiKeyring } from './pii/pii-cipher.js';

/**
 * Everything that differs between the embedded hall and production, handed to a service at boot.
 * Business code sees only these interfaces; `apps/hall` builds embedded adapters (PGlite, in-process
 * transport, s3rver, dev identity provider) and each service's `main.ts` builds production ones from env.
 */
export interface ServiceRuntime {
  /** Service name: `catalog`, `intake`, `approval`, `licence`, `supervision`. */
  readonly name: string;
  readonly db: Database;
  readonly transport: Transport;
  readonly storage?: ObjectStorage;
  readonly tokenVerifier: TokenVerifier;
  readonly logger: LoggerService;
  readonly tracing?: TracingHooks;
  /** Absolute path of the service's `prisma/migrations` folder. */
  readonly migrationsDir: string;
  /** Outbox relay idle poll interval (ms). */
  readonly relayPollMs?: number;
  /** Days audit rows are kept before the retention purge (default and minimum 180). */
  readonly auditRetentionDays?: number;
  /** How often the audit chain head is logged as an anchor (default AUDIT_ANCHOR_INTERVAL_MS, 10 minutes). */
  readonly auditAnchorIntervalMs?: number;
  /** Group commit linger of audit appends (ms, default 0; see `AuditTrailOptions.lingerMs`). */
  readonly auditLingerMs?: number;
  /** False when the migrations were applied before start by the owner role (production); default true. */
  readonly migrate?: boolean;
  /** Seed demo data on first start (embedded mode). */
  readonly seedDemoData?: boolean;
  /** Trusted proxy hops and rate limits of the HTTP layer. Default: DEFAULT_HTTP_SECURITY (no trusted proxy). */
  readonly security?: HttpSecurityOptions;
  /** Keys of the encryption at rest of personal data (ID and phone numbers) and of their blind indexes. */
  readonly pii?: PiiKeyring;
}

export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');
