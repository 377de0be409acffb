/**
 * The one check of a deployment's service environment, shared by docker-compose.yml (deploy/compose.spec.ts) and the
 * Kubernetes manifests (deploy/k8s/k8s.spec.ts): given the variables a deployment gives a service — literal values,
 * and references to secrets whose values only the operator knows — it
 * - requires every variable of {@link REQUIRED_SERVICE_ENV} (plus the service's own, e.g. licence's key);
 * - refuses variables no service reads (a typo would silently fall back to a default);
 * - runs the service's real configuration schemas on it (platform's ServiceEnvSchema, with storage where the
 *   service's definition says so, the PII keyring, the catalog's and licence's own settings), with a valid sample
 *   standing in for each secret: what the service would refuse at boot fails here.
 */
import {
  ServiceEnvSchema,
  ServiceWithStorageEnvSchema,
  ConfigError,
  parseConfig,
  piiKeyringFromEnv,
  PII_ENV,
} from '@hall/platform';
import { approvalService } from '@hall/app-approval';
import { catalogService } from '@hall/app-catalog';
import { intakeService } from '@hall/app-intake';
import { licenceService } from '@hall/app-licence';
import { supervisionService } from '@hall/app-supervision';
import { disclosureService } from '@hall/app-disclosure';
import { CatalogEnvSchema, catalogConfigFromEnv } from '../apps/catalog/src/catalog.config.js';
import { LicenceEnvSchema, licenceConfigFromEnv } from '../apps/licence/src/licence.config.js';
import { REQUIRED_SERVICE_ENV, type HallService } from './compose.contract.js';

/** A variable whose value comes from a secret the operator provides (compose `${VAR:?…}`, Kubernetes secretKeyRef). */
export interface SecretReference {
  secret: string;
}
export type EnvValue = string | SecretReference;

const definitions = {
  catalog: catalogService,
  intake: intakeService,
  approval: approvalService,
  licence: licenceService,
  supervision: supervisionService,
  disclosure: disclosureService,
} as const;

/** Variables a service requires beyond the shared contract (production: NODE_ENV=production). */
export const SERVICE_SPECIFIC_ENV: Record<HallService, readonly string[]> = {
  catalog: [],
  intake: [],
  approval: [],
  licence: ['LICENCE_KEK', 'LICENCE_VERIFY_URL'],
  supervision: [],
  disclosure: [],
};

/** Every variable some part of a service reads (config schemas, PII keyring, telemetry), plus SERVICE (the image). */
export function knownVariables(service: HallService): Set<string> {
  const known = new Set<string>([
    ...Object.keys(ServiceEnvSchema.shape),
    ...Object.values(PII_ENV),
    'OTEL_SERVICE_NAME',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_SDK_DISABLED',
    'OTEL_TRACES_SAMPLER_ARG',
    'SERVICE',
  ]);
  if (service === 'catalog') for (const k of Object.keys(CatalogEnvSchema.shape)) known.add(k);
  if (service === 'licence') for (const k of Object.keys(LicenceEnvSchema.shape)) known.add(k);
  return known;
}

/** A value that passes the variable's validation, standing in for a secret's. */
function sampleSecret(variable: string): string {
  const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
  switch (variable) {
    case PII_ENV.keys:
      return `k1:${key(1)}`;
    case PII_ENV.blindIndexKey:
      return key(2);
    case 'LICENCE_KEK':
      return key(3);
    case 'DATABASE_URL':
    case 'MIGRATION_DATABASE_URL':
      return 'postgresql://user:password@postgres.example:5432/db';
    default:
      return 'secret-sample';
  }
}

/** What is wrong with `env` as the environment of `service` (empty: it would start). */
export function serviceEnvironmentProblems(service: HallService, env: Record<string, EnvValue>): string[] {
  const problems: string[] = [];
  const required = [...REQUIRED_SERVICE_ENV, ...SERVICE_SPECIFIC_ENV[service]];
  for (const variable of required) {
    const value = env[variable];
    if (value === undefined || value === '') problems.push(`${variable}: missing`);
  }
  const known = knownVariables(service);
  for (const variable of Object.keys(env))
    if (!known.has(variable)) problems.push(`${variable}: no service reads it`);

  const concrete: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    concrete[variable] = typeof value === 'string' ? value : sampleSecret(variable);
  }
  const checks: Array<() => unknown> = [
    () =>
      parseConfig(
        definitions[service].usesStorage ? ServiceWithStorageEnvSchema : ServiceEnvSchema,
        concrete,
      ),
    () => piiKeyringFromEnv(concrete),
  ];
  if (service === 'catalog') checks.push(() => catalogConfigFromEnv(concrete));
  if (service === 'licence') checks.push(() => licenceConfigFromEnv(concrete));
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const issue of err.issues) problems.push(`${issue.variable}: ${issue.message}`);
    }
  }
  return [...new Set(problems)];
}
