export {
  defineEvent,
  EventEnvelope,
  EventHeaders,
  type EventContract,
  type PayloadOf,
} from './event-contract.js';
export { ALL_TOPICS, Topics, type Topic } from './topics.js';
export * from './shared/catalog-codes.js';
export * from './catalog/implementation-snapshot.js';
export * from './catalog/application-form.js';
export * from './licence/licence-fields.js';
export * from './licence/licence-type-codes.js';
export * from './catalog/implementation-published.event.js';
export * from './catalog/catalog-api.js';
export { strictDeep } from './shared/strict-deep.js';
export * from './shared/parties.js';
export * from './intake/application-events.js';
export * from './approval/case-events.js';
export * from './approval/approval-api.js';
export * from './licence/licence-events.js';
export * from './licence/licence-api.js';
export * from './intake/intake-api.js';
export * from './intake/service-point-api.js';
export * from './intake/enquiry-api.js';
export * from './intake/enquiry-events.js';
export * from './intake/appointment-api.js';
export * from './intake/appointment-events.js';
export * from './intake/material-limits.js';
export * from './supervision/alert-events.js';
export * from './supervision/calendar-events.js';
export * from './supervision/supervision-api.js';
export * from './supervision/matter-api.js';
export * from './disclosure/disclosure-api.js';
export * from './disclosure/disclosure-events.js';
export * from './disclosure/disclosure-request-api.js';
export * from './disclosure/disclosure-report-api.js';
export * from './disclosure/disclosure-request-events.js';
export { mapPersonalData, PERSONAL_DATA_FIELDS, type PersonalDataField } from './personal-data.js';
export { EVENT_CONTRACTS, eventContractOf } from './all-events.js';
