// Test-only API of @hall/platform (`@hall/platform/testing`): a service booted for Supertest with its own database
// and dev identity provider, and the contract check the contract tests share. Production code cannot import it:
// eslint's no-restricted-imports refuses `@hall/platform/testing` outside tests.
export { binaryParser, startServiceForTest, type ServiceHarness } from './testing/service-harness.js';
export { checkContract } from './testing/contract-check.js';
export { serverErrors } from './testing/server-errors.js';
export {
  demoRestaurantItem,
  eventually,
  hallHttpClient,
  type HallHttpClient,
  type Json,
} from './testing/hall-http-client.js';
