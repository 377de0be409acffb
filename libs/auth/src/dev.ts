// Development-only API of @hall/auth (`@hall/auth/dev`): the Keycloak-shaped dev identity provider of the embedded
// hall, its demo accounts and the token helpers scripts and tests sign in with. Production code (the services'
// src/, the libs) cannot import it: eslint's no-restricted-imports refuses `@hall/auth/dev` there.
export { DEMO_PASSWORD, demoAccounts, type DemoAccount } from './demo-accounts.data.js';
export { isAllowedRedirectUri, isAllowedWebOrigin, type DevClientConfig } from './dev-idp/dev-idp.clients.js';
export {
  isLoopbackAddress,
  limitConnectionsPerAddress,
  type ConnectionLimitOptions,
} from './dev-idp/connection-limit.js';
export {
  buildDevIdentityProvider,
  DEFAULT_ACCOUNT_BACKOFF,
  DEFAULT_LOGIN_RATE_LIMIT,
  type AccountBackoffOptions,
  devIdentityProviderPlugin,
  startDevIdentityProvider,
  type DevIdentityProviderOptions,
  type RunningDevIdentityProvider,
} from './dev-idp/dev-idp.server.js';
export {
  DEFAULT_REALM_FILE,
  loadRealmExport,
  parseRealmExport,
  type RealmDefinition,
} from './dev-idp/dev-idp.realm.js';
export {
  generateDevSigningKey,
  loadOrCreateDevSigningKey,
  type DevSigningKey,
} from './dev-idp/dev-idp.keys.js';
export {
  createPkcePair,
  fetchTokenWithPassword,
  loginWithAuthorizationCode,
  refreshTokens,
  TokenRequestError,
  tokenSetSchema,
  type BrowserLoginInput,
  type PasswordGrantInput,
  type TokenSet,
} from './dev-idp/dev-idp.client.js';
