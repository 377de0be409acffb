// Typed ESLint (flat config) + Nx module boundaries. Boundaries are enforced from project tags:
//   type:app      (services, web)  → libs only, never another app
//   type:runtime  (apps/hall)      → may compose the service apps (it is the embedded composition root)
//   type:contracts                 → imports nothing of ours
//   scope:web                      → never a backend lib (scope:server); .ts and .tsx alike
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.base.json' })],
    },
    rules: {
      // No import cycle between files (folder cycles inside a project: scripts/check-structure.mjs, also in `npm run lint`).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // main.ts files import platform dynamically so OpenTelemetry starts before Nest loads.
          checkDynamicDependenciesExceptions: ['platform'],
          // The embedded runtime composes the services; everywhere else `@hall/app-*` is banned below.
          allow: [
            '@hall/app-catalog',
            '@hall/app-intake',
            '@hall/app-approval',
            '@hall/app-licence',
            '@hall/app-supervision',
            '@hall/app-disclosure',
          ],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:app', 'type:lib', 'type:contracts'],
            },
            { sourceTag: 'scope:web', notDependOnLibsWithTags: ['scope:server'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@hall/app-*'], message: 'apps never import apps (only apps/hall composes services)' },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Dev and test code sit behind their own entry points (`@hall/auth/dev`: the dev identity provider and demo
    // accounts; `@hall/platform/testing`: the service harness and contract check). Production code cannot reach
    // them, by alias or by a relative path into their folders.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'apps/hall/**',
      'libs/auth/src/dev.ts',
      'libs/auth/src/dev-idp/**',
      'libs/platform/src/testing.ts',
      'libs/platform/src/testing/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@hall/app-*'], message: 'apps never import apps (only apps/hall composes services)' },
            {
              group: ['@hall/auth/dev', '**/dev-idp/*'],
              message: 'dev-only (dev identity provider, demo accounts): production code cannot import it',
            },
            {
              group: ['@hall/platform/testing', '**/testing/*'],
              message: 'test-only (service harness, contract check): production code cannot import it',
            },
          ],
        },
      ],
    },
  },
  {
    // The web app runs in the browser (scope:web: never a scope:server lib, see depConstraints above).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^(useAsync|usePagedList)$' }],
    },
  },
  {
    // apps/hall composes the services; the cross-service suites (tests/) boot them the same way, and the deployment
    // checks (deploy/) read each service's definition (does it keep documents?) to check its environment.
    files: ['apps/hall/**/*.ts', 'tests/**/*.ts', 'deploy/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Cross-service suites (tests/security, tests/resilience) boot the services like apps/hall does.
    files: ['tests/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests: Jest matchers return `any` by design.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.conformance.ts',
      '**/testing/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        module: 'writable',
        require: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  prettier,
);
