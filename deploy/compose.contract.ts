/**
 * The deployment's configuration contract: the services a deployment runs and the environment each of them
 * receives. deploy/env-contract.ts checks an environment against it and against the services' own config schemas,
 * for docker-compose.yml (deploy/compose.spec.ts) and the Kubernetes manifests (deploy/k8s/k8s.spec.ts). Import it
 * from here: importing a spec file would register its tests a second time.
 */
export const HALL_SERVICES = [
  'catalog',
  'intake',
  'approval',
  'licence',
  'supervision',
  'disclosure',
] as const;
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
