/**
 * Typed access to the parts of keycloak-connect (CommonJS, no typings for these files) that validate bearer
 * tokens offline: Config, GrantManager (with its key Rotation) and Token, from middleware/auth-utils.
 */
import { createRequire } from 'node:module';

export interface KcJwk {
  kid?: string;
  kty?: string;
  use?: string;
  alg?: string;
  [key: string]: unknown;
}

export interface KcToken {
  readonly token: string;
  readonly header: { kid?: string; alg?: string };
  readonly content: Record<string, unknown>;
  isExpired(): boolean;
}

export interface KcRotation {
  realmUrl: string;
  minTimeBetweenJwksRequests: number;
  jwks: KcJwk[];
  /** Seconds since the epoch of the last successful JWKS fetch (sic). */
  lastTimeRequesTime: number;
  retrieveJWKs(): Promise<{ keys?: KcJwk[] }>;
  getJWK(kid: string | undefined): Promise<string> | undefined;
}

export interface KcGrantManager {
  readonly realmUrl: string;
  readonly clientId: string;
  readonly bearerOnly: boolean;
  notBefore: number;
  rotation: KcRotation;
  validateToken(token: KcToken, expectedType: string): Promise<KcToken>;
}

export interface KcConfigInput {
  realm: string;
  clientId: string;
  authServerUrl: string;
  bearerOnly: boolean;
  verifyTokenAudience: boolean;
  minTimeBetweenJwksRequests: number;
}

export interface KcConfig {
  readonly realmUrl: string;
  readonly clientId: string;
  readonly bearerOnly: boolean;
}

type ConfigCtor = new (config: KcConfigInput) => KcConfig;
type GrantManagerCtor = new (config: KcConfig) => KcGrantManager;
type TokenCtor = new (token: string, clientId?: string) => KcToken;

const require = createRequire(import.meta.url);

export const KeycloakConfig = require('keycloak-connect/middleware/auth-utils/config.js') as ConfigCtor;
export const KeycloakGrantManager =
  require('keycloak-connect/middleware/auth-utils/grant-manager.js') as GrantManagerCtor;
export const KeycloakToken = require('keycloak-connect/middleware/auth-utils/token.js') as TokenCtor;
