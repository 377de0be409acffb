import { z } from 'zod';
import type { HttpSecurityOptions } from './http-security.js';

export class ConfigError extends Error {
  constructor(readonly issues: Array<{ variable: string; message: string }>) {
    super(`invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses environment variables with a zod schema; every bad or missing variable is named in the error. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(environment)',
      message: issue.message,
    })),
  );
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Trusted proxies and rate limits (every service; the embedded hall also applies them to its identity provider). */
const HttpSecurityEnvShape = {
  /** Reverse proxies in front of the service (nginx: 1); their X-Forwarded-For entries are trusted, no others. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per client IP per window on public lookups (progress query, licence verification). */
  RATE_LIMIT_PUBLIC_MAX: z.coerce.number().int().min(1).default(60),
  /**
   * Password attempts per client IP per window at the dev identity provider (embedded hall). Loose on purpose (one
   * office behind one NAT address); one account's password is guarded by the per-account back-off.
   */
  RATE_LIMIT_LOGIN_MAX: z.coerce.number().int().min(1).default(300),
  /** Requests per client IP per window on public documents rendered on request (the catalog's guide PDF). */
  RATE_LIMIT_RENDER_MAX: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
};
export const HttpSecurityEnvSchema = z.object(HttpSecurityEnvShape);
export type HttpSecurityEnv = z.infer<typeof HttpSecurityEnvSchema>;

/**
 * Variables every service reads. Adapters are chosen here (`DB`, `TRANSPORT`); the variables an adapter
 * needs are required only when that adapter is chosen.
 */
export const ServiceEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DB: z.enum(['pg', 'pglite'], { message: 'must be "pg" or "pglite"' }),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    /**
     * The owner's connection, for the migrations only; the service then runs as DATABASE_URL's role, which is
     * granted data privileges and owns nothing. Unset: DATABASE_URL's role migrates and runs (development).
     */
    MIGRATION_DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    PGLITE_DIR: optionalString,
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    DB_PREPARED_STATEMENTS: z.stringbool().default(true),
    TRANSPORT: z.enum(['kafka', 'inprocess'], { message: 'must be "kafka" or "inprocess"' }),
    KAFKA_BROKERS: optionalString,
    KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(6),
    AUTH_SERVER_URL: z.url({ message: 'must be the identity server base URL, e.g. http://keycloak:8080' }),
    AUTH_REALM: z.string().min(1).default('hall'),
    AUTH_CLIENT_ID: z.string().min(1).default('hall-api'),
    /** Clients (`azp`) whose access tokens are accepted, comma-separated. Default: hall-web,hall-cli. */
    AUTH_ALLOWED_CLIENTS: optionalString,
    S3_ENDPOINT: optionalString.pipe(z.url().optional()),
    S3_ACCESS_KEY: optionalString,
    S3_SECRET_KEY: optionalString,
    S3_REGION: z.string().min(1).default('us-east-1'),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url().optional()),
    OTEL_SERVICE_NAME: optionalString,
    /** Audit rows are kept this many days (≥ 180: 网络安全法 art. 21), then purged. */
    AUDIT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(180, { message: 'must be at least 180 (days)' })
      .default(180),
    ...HttpSecurityEnvShape,
  })
  .superRefine((env, ctx) => {
    if (env.DB === 'pg' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when DB=pg' });
    }
    if (env.TRANSPORT === 'kafka' && !env.KAFKA_BROKERS) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_BROKERS'],
        message: 'required when TRANSPORT=kafka (comma-separated host:port)',
      });
    }
  });
export type ServiceEnv = z.infer<typeof ServiceEnvSchema>;

/** The same schema, with object storage required (services that keep documents). */
export const ServiceWithStorageEnvSchema = ServiceEnvSchema.superRefine((env, ctx) => {
  for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const) {
    if (!env[name])
      ctx.addIssue({ code: 'custom', path: [name], message: 'required: this service stores documents' });
  }
});

/** The HTTP security settings (trusted proxies, rate limits) of a parsed environment. */
export function httpSecurityFromEnv(env: HttpSecurityEnv): HttpSecurityOptions {
  return {
    trustProxyHops: env.TRUST_PROXY_HOPS,
    publicLookupMax: env.RATE_LIMIT_PUBLIC_MAX,
    loginMax: env.RATE_LIMIT_LOGIN_MAX,
    publicRenderMax: env.RATE_LIMIT_RENDER_MAX,
    rateLimitWindowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
  };
}
