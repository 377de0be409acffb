import { APPROVAL_EVENTS } from './approval/case-events.js';
import {
  BaseItemConsistencyChecked,
  ImplementationPublished,
  ImplementationRetired,
} from './catalog/implementation-published.event.js';
import { DISCLOSURE_EVENTS } from './disclosure/disclosure-events.js';
import { DISCLOSURE_REQUEST_EVENTS } from './disclosure/disclosure-request-events.js';
import type { EventContract } from './event-contract.js';
import { INTAKE_EVENTS } from './intake/application-events.js';
import { ENQUIRY_EVENTS } from './intake/enquiry-events.js';
import { APPOINTMENT_EVENTS } from './intake/appointment-events.js';
import { LICENCE_EVENTS } from './licence/licence-events.js';
import { SUPERVISION_EVENTS } from './supervision/alert-events.js';

/** Every event contract of the hall (`personal-data.spec.ts` checks that none exported is missing). */
export const EVENT_CONTRACTS: readonly EventContract[] = [
  ImplementationPublished,
  ImplementationRetired,
  BaseItemConsistencyChecked,
  ...INTAKE_EVENTS,
  ...ENQUIRY_EVENTS,
  ...APPOINTMENT_EVENTS,
  ...APPROVAL_EVENTS,
  ...LICENCE_EVENTS,
  ...SUPERVISION_EVENTS,
  ...DISCLOSURE_EVENTS,
  ...DISCLOSURE_REQUEST_EVENTS,
];

/** The contract of an event type at a version, if the hall has one. */
export function eventContractOf(type: string, version: number): EventContract | undefined {
  return EVENT_CONTRACTS.find((c) => c.type === type && c.version === version);
}
