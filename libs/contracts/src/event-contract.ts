import { z } from 'zod';

/**
 * One event type at one version: its topic, payload schema and partition key. Contracts are the only
 * shapes services share; consumers parse every payload with `payload` before use (never cast).
 */
export interface EventContract<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  /** Dotted name, e.g. `catalog.implementation.published`. Never renamed. */
  readonly type: TType;
  /** Payload version; a breaking change is a new contract with version + 1, published alongside the old. */
  readonly version: number;
  /** Topic the event travels on (see `Topics`). */
  readonly topic: string;
  readonly payload: TSchema;
  /** Partition key: events with the same key are delivered in order (the application number for cases). */
  readonly key: (payload: z.infer<TSchema>) => string;
  readonly description: string;
}

export type PayloadOf<C extends EventContract> = z.infer<C['payload']>;

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  contract: EventContract<TType, TSchema>,
): EventContract<TType, TSchema> {
  return Object.freeze(contract);
}

/** The envelope every event travels in (Kafka value; headers repeat id/type/version/traceparent). */
export const EventEnvelope = z.object({
  id: z.uuid().describe('Event id, unique; consumers record it to apply each event once'),
  type: z.string().min(1).describe('Event type, e.g. intake.application.accepted'),
  version: z.number().int().positive().describe('Payload version of the type'),
  key: z.string().min(1).describe('Partition key'),
  occurredAt: z.iso.datetime({ offset: true }).describe('When the state change committed (ISO 8601)'),
  source: z.string().min(1).describe('Producing service'),
  payload: z.unknown().describe('Type-specific payload; parse with the contract schema'),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** Kafka / transport header names. */
export const EventHeaders = {
  id: 'event-id',
  type: 'event-type',
  version: 'event-version',
  source: 'event-source',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;
