/** The OAuth clients of the `hall` realm (as in the realm export realm-hall.json, which Keycloak and the dev identity provider both load). */
export const HALL_REALM = 'hall';
/** The browser app: public client, authorization code flow with PKCE S256 required. */
export const HALL_WEB_CLIENT_ID = 'hall-web';
/** The services (bearer-only): the audience of access tokens. */
export const HALL_API_CLIENT_ID = 'hall-api';
/** DEV ONLY: public client allowed to use the password grant (scripts, tests, curl). */
export const HALL_CLI_CLIENT_ID = 'hall-cli';
/**
 * The clients whose access tokens the services accept (`azp`): the realm's login clients. A token the realm issued
 * to any other client (another application registered in the same realm) is refused even with the `hall-api`
 * audience. Configurable per service (`TokenVerifier` option `allowedClients`).
 */
export const HALL_CLIENT_IDS: readonly string[] = Object.freeze([HALL_WEB_CLIENT_ID, HALL_CLI_CLIENT_ID]);
/** The web app's sign-in callback (oidc-client-ts `redirect_uri`; silent renew uses the refresh token). */
export const WEB_CALLBACK_PATH = '/auth/callback';
