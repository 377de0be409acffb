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
export {
  countyOf,
  isRegionCode,
  normalizeRegionCode,
  regionCovers,
  regionLevel,
  regionPrefix,
  type RegionLevel,
} from './identity/region-scope.js';
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
export {
  HALL_API_CLIENT_ID,
  HALL_CLI_CLIENT_ID,
  HALL_CLIENT_IDS,
  HALL_REALM,
  HALL_WEB_CLIENT_ID,
  WEB_CALLBACK_PATH,
} from './identity/hall-clients.js';
