export { AppError } from '@hall/errors';
export { ConfigError, httpSecurityFromEnv, HttpSecurityEnvSchema, type HttpSecurityEnv, parseConfig, ServiceEnvSchema, ServiceWithStorageEnvSchema, type ServiceEnv } from './config.js';
export { HttpErrorFilter, toErrorBody, type ErrorBody } from './http-exception.filter.js';
export { HealthController } from './health.controller.js';
export { SERVICE_RUNTIME, type ServiceRuntime } from './service-runtime.js';
export { ServiceMessaging } from './service-messaging.js';
export { PlatformModule } from './platform.module.js';
export { createServiceApp, type ServiceAppOptions } from './bootstrap.js';
export { ApiZodBody, ApiZodQuery, ApiZodResponse, parseInput } from './zod-http.js';
export { telemetryTracing } from './tracing-hooks.js';
export { runStandaloneService, runtimeFromEnv } from './standalone.js';
export { type ServiceDefinition } from './service-definition.js';
export { binaryParser, startServiceForTest, type ServiceHarness } from './testing/service-harness.js';
export { ServiceStore, type TransactionalClient } from './service-store.js';
export {
  DEFAULT_HTTP_SECURITY,
  RateLimited,
  RateLimitedError,
  registerHttpSecurity,
  trustProxySetting,
  type HttpSecurityOptions,
  type RateLimitBucket,
} from './http-security.js';
