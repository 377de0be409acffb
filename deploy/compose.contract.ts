/**
 * The deployment's configuration contract: the services docker-compose.yml runs and the environment each of
 * them receives. deploy/compose.spec.ts checks docker-compose.yml against it; the services' own zod config
 * schemas are to be cross-checked against {@link REQUIRED_SERVICE_ENV} (import it from here: importing the
 * spec file would register its tests a second time).
 */
export const HALL_SERVICES = ['catalog', 'intake', 'approval', 'licence', 'supervision'] as const;
export type HallService = (typeof HALL_SERVICES)[number];

/** Every variable each service gets in production; a missing required one stops the service at boot. */
export const REQUIRED_SERVICE_ENV = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'DB',
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'TRANSPORT',
  'KAFKA_BROKERS',
  'AUTH_SERVER_URL',
  'AUTH_REALM',
  'AUTH_CLIENT_ID',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'LOG_LEVEL',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_REGION',
  'PII_ENCRYPTION_KEYS',
  'PII_BLIND_INDEX_KEY',
] as const;
export type RequiredServiceEnv = (typeof REQUIRED_SERVICE_ENV)[number];

/** The path each service answers its container health probe on. */
export const healthPath = (service: HallService): string => `/api/${service}/health`;
