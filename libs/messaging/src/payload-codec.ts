import type { EventContract } from '@hall/contracts';

/**
 * Seals what must not be kept or carried in clear (personal data) in an event payload, and opens it again.
 *
 * - `seal` gets the payload after the contract validated it, at staging: its result is what the outbox row holds,
 *   what the relay publishes and so what the broker and every dead letter keep.
 * - `open` gets the payload as received (sealed, or plaintext from a producer without a codec or a row staged before
 *   it) and returns the plaintext the contract then parses. It throws when the payload cannot be opened (e.g. a key
 *   the service does not hold): the consumer dead-letters the message as it is, still sealed, for a replay later.
 *
 * The codec must not touch what routes a message (type, version, key): those stay outside the payload.
 */
export interface PayloadCodec {
  seal(contract: EventContract, payload: unknown): unknown;
  open(contract: EventContract, payload: unknown): unknown;
}
