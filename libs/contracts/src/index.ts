export { defineEvent, EventEnvelope, EventHeaders, type EventContract, type PayloadOf } from './event-contract.js';
export { ALL_TOPICS, Topics, type Topic } from './topics.js';
export * from './catalog/catalog-codes.js';
export * from './catalog/implementation-snapshot.js';
export * from './catalog/implementation-published.event.js';
