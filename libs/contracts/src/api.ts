/**
 * Browser-safe entry point (`@hall/contracts/api`): the HTTP contracts the web client imports — zod schemas and
 * their types only, no Node module. Services get the same schemas through the main entry (`@hall/contracts`).
 */
export * from './approval/approval-api.js';
export * from './licence/licence-api.js';
export * from './supervision/supervision-api.js';
export * from './supervision/matter-api.js';
export * from './disclosure/disclosure-api.js';
export * from './disclosure/disclosure-request-api.js';
export * from './disclosure/disclosure-report-api.js';
export * from './intake/intake-api.js';
export * from './intake/service-point-api.js';
export * from './intake/enquiry-api.js';
export * from './intake/appointment-api.js';
export * from './intake/material-limits.js';
export { ImplementationSnapshot, MaterialSpec } from './catalog/implementation-snapshot.js';
export { FormField } from './catalog/application-form.js';
export * from './catalog/catalog-api.js';
export * from './shared/catalog-codes.js';
