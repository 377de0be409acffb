// One Jest configuration for the whole monorepo (ESM, SWC transform with decorator metadata).
// Tiers by file name: *.spec.ts (small), *.int-spec.ts (real PostgreSQL / PGlite), *.e2e-spec.ts (HTTP).
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/deploy', '<rootDir>/tests'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/apps/web/'],
  moduleNameMapper: {
    '^@hall/app-([a-z]+)$': '<rootDir>/apps/$1/src/index.ts',
    '^@hall/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@hall/contracts/api$': '<rootDir>/libs/contracts/src/api.ts',
    '^@hall/contracts/limits$': '<rootDir>/libs/contracts/src/intake/material-limits.ts',
    '^@hall/contracts/constants$': '<rootDir>/libs/contracts/src/constants.ts',
    '^@hall/auth/dev$': '<rootDir>/libs/auth/src/dev.ts',
    '^@hall/platform/testing$': '<rootDir>/libs/platform/src/testing.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': swc,
    // ESM-only packages required from CommonJS ones (Jest supports require(esm) only on Node 24.9+).
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker that has grown past 2 GB after a test file is replaced: ESM test files each load their own module graph
  // (Prisma 7's query compiler included), and a long-lived worker once ran out of heap in CI.
  workerIdleMemoryLimit: '2GB',
};
