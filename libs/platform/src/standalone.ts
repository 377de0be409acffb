import path from 'node:path';
import { TokenVerifier } from '@hall/auth';
import { grantRuntimeRole, openDatabase } from '@hall/persistence';
import { InProcessTransport, KafkaTransport, type Transport } from '@hall/messaging';
import { ObjectStorage } from '@hall/storage';
import { createLogger, PinoNestLogger, shutdownTelemetry } from '@hall/telemetry';
import { ALL_TOPICS } from '@hall/contracts';
import { createServiceApp } from './bootstrap.js';
import {
  ConfigError,
  httpSecurityFromEnv,
  parseConfig,
  ServiceEnvSchema,
  ServiceWithStorageEnvSchema,
  type ServiceEnv,
} from './config.js';
import type { ServiceDefinition } from './service-definition.js';
import type { ServiceRuntime } from './service-runtime.js';
import { telemetryTracing } from './tracing-hooks.js';
import { piiKeyringFromEnv } from './pii/pii-cipher.js';

/** Builds production-style adapters from validated configuration. */
export async function runtimeFromEnv(
  name: string,
  env: ServiceEnv,
  appDir: string,
  /** Where the PII keys are read (PII_ENCRYPTION_KEYS, PII_BLIND_INDEX_KEY): required, no default. */
  piiEnv: Record<string, string | undefined> = process.env,
): Promise<ServiceRuntime> {
  const pii = piiKeyringFromEnv(piiEnv);
  const logger = new PinoNestLogger(createLogger({ service: name, level: env.LOG_LEVEL }));
  const migrationsDir = path.join(appDir, 'prisma', 'migrations');
  const separateOwner = env.DB === 'pg' && env.MIGRATION_DATABASE_URL !== undefined;
  if (separateOwner) {
    // Migrate as the owner, grant the runtime role its data privileges, then run as the runtime role.
    const owner = await openDatabase({
      kind: 'pg',
      url: env.MIGRATION_DATABASE_URL ?? '',
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      poolSize: 1,
    });
    try {
      await owner.migrate(migrationsDir);
      await grantRuntimeRole(owner.sql, decodeURIComponent(new URL(env.DATABASE_URL ?? '').username));
    } finally {
      await owner.close();
    }
  }
  const db = await openDatabase(
    env.DB === 'pg'
      ? {
          kind: 'pg',
          url: env.DATABASE_URL ?? '',
          connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
          preparedStatements: env.DB_PREPARED_STATEMENTS,
        }
      : { kind: 'pglite', dataDir: env.PGLITE_DIR },
  );
  const transport: Transport =
    env.TRANSPORT === 'kafka'
      ? new KafkaTransport({
          brokers: (env.KAFKA_BROKERS ?? '')
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean),
          clientId: `hall-${name}`,
          partitions: env.KAFKA_PARTITIONS,
          topics: ALL_TOPICS,
        })
      : new InProcessTransport();
  const storage =
    env.S3_ENDPOINT && env.S3_ACCESS_KEY && env.S3_SECRET_KEY
      ? new ObjectStorage({
          endpoint: env.S3_ENDPOINT,
          accessKey: env.S3_ACCESS_KEY,
          secretKey: env.S3_SECRET_KEY,
          region: env.S3_REGION,
        })
      : undefined;
  await storage?.ensureBuckets();
  const allowedClients = env.AUTH_ALLOWED_CLIENTS?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const tokenVerifier = new TokenVerifier({
    authServerUrl: env.AUTH_SERVER_URL,
    realm: env.AUTH_REALM,
    clientId: env.AUTH_CLIENT_ID,
    ...(allowedClients !== undefined && allowedClients.length > 0 && { allowedClients }),
  });
  return {
    name,
    db,
    transport,
    storage,
    tokenVerifier,
    logger,
    tracing: telemetryTracing,
    migrationsDir,
    migrate: !separateOwner,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    security: httpSecurityFromEnv(env),
    pii,
  };
}

/**
 * Runs one service on its own (`nx serve <service>` / a container): config validated first (a bad or
 * missing variable stops the process naming it), adapters from env, graceful SIGTERM (stop consuming,
 * drain the outbox relay, close the database).
 */
export async function runStandaloneService(opts: ServiceDefinition): Promise<void> {
  let env: ServiceEnv;
  try {
    env = parseConfig(opts.usesStorage ? ServiceWithStorageEnvSchema : ServiceEnvSchema);
    piiKeyringFromEnv(); // the PII keys have no default: refuse to start without them
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${opts.name}: ${err.message}\n`);
      process.exit(78); // not a test: EX_CONFIG, the process stops on bad configuration
    }
    throw err;
  }
  const runtime = await runtimeFromEnv(opts.name, env, opts.appDir);
  const app = await createServiceApp({
    runtime,
    module: opts.module(runtime),
    title: opts.title,
    description: opts.description,
    bodyLimit: opts.bodyLimit,
    rawBodyTypes: opts.rawBodyTypes,
  });
  await app.listen({ port: env.PORT, host: env.HOST });
  runtime.logger.log(`${opts.name} listening on ${env.HOST}:${env.PORT}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.log(`${opts.name}: ${signal}, shutting down`);
    await app.close();
    await runtime.transport.close();
    await runtime.db.close();
    await shutdownTelemetry();
    process.exit(0); // not a test: the end of a graceful SIGTERM shutdown
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
