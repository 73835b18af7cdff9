import * as z from 'zod/mini';

/** The form of an event type: `domain.name`, lower-case domain; e.g. `run.started`, `client.note`. */
export const EventType = z
  .string()
  .check(
    z.minLength(3),
    z.maxLength(100),
    z.regex(/^[a-z][a-z0-9]*(\.[a-z][A-Za-z0-9_-]*)+$/, 'event type must look like "domain.name"'),
  );

/** What a producer appends. The store assigns sequence and timestamp. */
export const EventInput = z.object({
  type: EventType,
  sessionId: z._default(z.nullable(z.string().check(z.maxLength(200))), null),
  payload: z.unknown(),
});
export type EventInput = z.input<typeof EventInput>;

/** A durable entry of the daemon's event log. Sequences strictly increase and are never reused. */
export const LogEvent = z.object({
  sequence: z.int().check(z.positive()),
  type: EventType,
  timestamp: z.iso.datetime(),
  sessionId: z.nullable(z.string()),
  payload: z.unknown(),
});
export type LogEvent = z.infer<typeof LogEvent>;
