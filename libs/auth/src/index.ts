// Public API of @hall/auth.
export { ALL_ROLES, isRole, Role, ROLE_LABELS } from './roles.js';
export {
  accessTokenClaimsSchema,
  currentUserFromClaims,
  hasAnyRole,
  personalClaimsSchema,
  type AccessTokenClaims,
  type PersonalClaims,
} from './current-user.js';
export {
  TokenVerificationError,
  TokenVerifier,
  tokenVerifierOptionsSchema,
  type AccessTokenVerifier,
  type TokenRejectReason,
  type TokenVerifierOptions,
} from './keycloak/token.verifier.js';
export {
  AUTH_ACCESS_METADATA,
  Authenticated,
  CurrentUser,
  Public,
  Roles,
  type RequestWithUser,
  type RouteAccess,
} from './nest/auth.decorators.js';
export { AuthErrorCode, AuthGuard, extractBearerToken } from './nest/auth.guard.js';
export { AuthModule, type AuthModuleOptions } from './nest/auth.module.js';
export { Department, DEPARTMENT_NAMES, DepartmentRole, Region, REGION_NAMES } from './identity/org-units.js';
export { isRegionCode, regionCovers, regionPrefix } from './identity/region-scope.js';
export {
  isValidOrganizationCode,
  isValidResidentIdNumber,
  isValidUscc,
  normalizeResidentIdNumber,
  organizationCodeCheckDigit,
  parseResidentIdNumber,
  residentIdCheckDigit,
  usccCheckDigit,
  zResidentIdNumber,
  zUscc,
  type ResidentIdInfo,
} from './identity/check-digits.js';
export { DEMO_PASSWORD, demoAccounts, type DemoAccount } from './demo-accounts.data.js';
export {
  HALL_API_CLIENT_ID,
  HALL_CLI_CLIENT_ID,
  HALL_CLIENT_IDS,
  HALL_REALM,
  HALL_WEB_CLIENT_ID,
  isAllowedRedirectUri,
  isAllowedWebOrigin,
  WEB_CALLBACK_PATH,
  type DevClientConfig,
} from './dev-idp/dev-idp.clients.js';
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
