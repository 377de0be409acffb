export { defineEvent, EventEnvelope, EventHeaders, type EventContract, type PayloadOf } from './event-contract.js';
export { ALL_TOPICS, Topics, type Topic } from './topics.js';
export {
  ImplementationPublished,
  ImplementationPublishedPayload,
} from './catalog/implementation-published.event.js';
