export { AppError } from '@hall/errors';
export {
  ConfigError,
  httpSecurityFromEnv,
  HttpSecurityEnvSchema,
  type HttpSecurityEnv,
  parseConfig,
  ServiceEnvSchema,
  ServiceWithStorageEnvSchema,
  type ServiceEnv,
} from './config.js';
export { HttpErrorFilter, toErrorBody, type ErrorBody } from './http-exception.filter.js';
export { HealthController } from './health.controller.js';
export { DeadLettersController } from './dead-letters.controller.js';
export { SERVICE_RUNTIME, type ServiceRuntime } from './service-runtime.js';
export { messagingOf, ServiceMessaging } from './service-messaging.js';
export { PlatformModule } from './platform.module.js';
export { createServiceApp, type ServiceAppOptions } from './bootstrap.js';
export {
  ApiZodBody,
  ApiZodQuery,
  ApiZodResponse,
  InputValidationError,
  parseInput,
  parseQuery,
  strictDeep,
  ZodBody,
  ZodParam,
  ZodQuery,
} from './zod-http.js';
export { telemetryTracing } from './tracing-hooks.js';
export { runStandaloneService, runtimeFromEnv } from './standalone.js';
export { type ServiceDefinition } from './service-definition.js';
export { ServiceStore, type TransactionalClient } from './service-store.js';
export { PeriodicTask, type PeriodicTaskOptions, type PeriodicTaskStats } from './periodic/periodic-task.js';
export {
  AUDIT_GENESIS_HASH,
  AUDIT_MIN_RETENTION_DAYS,
  AUDIT_PRISMA_MODEL,
  AUDIT_TRIGGERS_SQL,
  auditEntryHash,
  auditObjectCreated,
  AuditTrail,
  auditTrailOf,
  runInAuditScope,
  type AuditScope,
  type AuditEntry,
  type AuditQuery,
  type AuditRow,
  type AuditVerification,
} from './audit/audit-trail.js';
export { AuditRead, auditObjectOf, AuditInterceptor } from './audit/audit.interceptor.js';
export {
  DEFAULT_HTTP_SECURITY,
  RateLimited,
  RateLimitedError,
  registerHttpSecurity,
  trustProxySetting,
  type HttpSecurityOptions,
  type RateLimitBucket,
} from './http-security.js';
export {
  backfillPii,
  developmentPiiKeyring,
  isPiiCiphertext,
  normaliseIdNumber,
  normalisePhone,
  PII_CIPHERTEXT_PATTERN,
  PII_ENV,
  PiiCipher,
  piiCipherOf,
  PiiDecryptionError,
  piiKeyringFromEnv,
  piiPayloadCodec,
  revealPii,
  sealPii,
  withPiiEncryption,
  type PiiKeyring,
  type PiiKind,
  type PiiSchema,
} from './pii/index.js';
export {
  IDEMPOTENCY_KEY_REUSED,
  IDEMPOTENCY_STORE,
  IDEMPOTENT_REPLAYED_HEADER,
  Idempotent,
  IdempotencyInterceptor,
  IdempotencyKey,
  requestHashOf,
  type IdempotencyRecord,
  type IdempotencyScope,
  type IdempotencyStore,
  type IdempotentCall,
} from './idempotency/idempotent.js';
