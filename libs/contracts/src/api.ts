/**
 * Browser-safe entry point (`@hall/contracts/api`): the HTTP contracts the web client imports — zod schemas and
 * their types only, no Node module. Services import the same schemas from `@hall/contracts`.
 */
export * from './licence/licence-api.js';
