/**
 * Every event the daemon's log carries: the envelope (`envelope.ts`), and per event type the schema
 * of its payload (`eventPayloads()`), in one file per domain that appends them. `EventLog.append`
 * takes only these (checked at compile time), clients narrow on `type` to read them, and
 * test/contracts/event-schemas.test.ts checks what a real daemon emits against them.
 */
import type * as z from 'zod/mini';
import { ClientEventPayload, type ClientEventType, isClientEventType } from './client.js';
import { daemonEvents } from './daemon.js';
import { enclaveEvents } from './enclave.js';
import { EventType as EventTypeForm, type LogEvent } from './envelope.js';
import { mcpEvents } from './mcp.js';
import { memoryEvents } from './memory.js';
import { runEvents } from './run.js';
import { sessionEvents } from './session.js';
import { workforceEvents } from './workforce.js';

export * from './client.js';
export * from './envelope.js';
export * from './plan.js';
export { PAUSED_BY_YOU, ProviderFailureInfo, Redaction } from './run.js';
export { FolderChange } from './session.js';

function buildEventPayloads() {
  return {
    ...runEvents(),
    ...sessionEvents(),
    ...enclaveEvents(),
    ...mcpEvents(),
    ...memoryEvents(),
    ...daemonEvents(),
    ...workforceEvents(),
  };
}

/** Event type → schema of its payload, for every event the daemon appends. */
export type EventPayloads = ReturnType<typeof buildEventPayloads>;
let eventPayloadSchemas: EventPayloads | undefined;

/**
 * The payload schemas, built on first use: producers are checked against them at compile time, so
 * the daemon itself never needs them, and its start does not pay for building ~50 schemas.
 */
export function eventPayloads(): EventPayloads {
  eventPayloadSchemas ??= buildEventPayloads();
  return eventPayloadSchemas;
}

/** The events the daemon appends (clients publish `client.*` ones besides). */
export type DaemonEventType = keyof EventPayloads;

/** What an event of `type` carries. */
export type EventPayload<T extends EventType> = T extends DaemonEventType
  ? z.infer<EventPayloads[T]>
  : unknown;

/** An event of one type, as the log returns it. */
export type EventOf<T extends EventType> = Omit<LogEvent, 'type' | 'payload'> & {
  type: T;
  payload: EventPayload<T>;
};

/** Any event of the log, discriminated by `type`. */
export type CoworkEvent = { [T in DaemonEventType]: EventOf<T> }[DaemonEventType] | EventOf<ClientEventType>;

/**
 * The event types that exist: what the daemon appends, and the `client.*` ones clients publish. The
 * schema of the same name checks only the form of a type (a type the store would accept).
 */
export type EventType = DaemonEventType | ClientEventType;
export const EventType = EventTypeForm;

/** What a producer appends, typed: `payload` is what events of `type` carry. */
export interface TypedEventInput<T extends EventType> {
  type: T;
  sessionId?: string | null;
  payload: EventPayload<T>;
}

/** Any one event a producer may append (an array of them may mix types). */
export type AnyEventInput = { [T in EventType]: TypedEventInput<T> }[EventType];

/** An event of a run: every `run.*` event carries the run's id. */
export type RunEvent = Extract<CoworkEvent, { type: `run.${string}` }>;

/** The schema an event's payload must satisfy, or undefined for a type nobody appends. */
export function eventPayloadSchema(type: string): z.ZodMiniType | undefined {
  const schemas = eventPayloads();
  if (Object.hasOwn(schemas, type)) return schemas[type as DaemonEventType];
  return isClientEventType(type) ? ClientEventPayload : undefined;
}
