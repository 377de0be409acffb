/**
 * Browser-safe entry point (`@hall/contracts/api`): the HTTP contracts the web client imports — zod schemas and
 * their types only, no Node module. Services get the same schemas through the main entry (`@hall/contracts`).
 */
export * from './licence/licence-api.js';
export * from './catalog/catalog-api.js';
export * from './catalog/catalog-codes.js';
