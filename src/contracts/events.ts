import { z } from 'zod';

/** `domain.name`, lower-case domain; e.g. `run.started`, `client.note`. */
export const EventType = z
  .string()
  .min(3)
  .max(100)
  .regex(/^[a-z][a-z0-9]*(\.[a-z][A-Za-z0-9_-]*)+$/, 'event type must look like "domain.name"');

/** What a producer appends. The store assigns sequence and timestamp. */
export const EventInput = z.object({
  type: EventType,
  sessionId: z.string().max(200).nullable().default(null),
  payload: z.unknown(),
});
export type EventInput = z.input<typeof EventInput>;

/** A durable entry of the daemon's event log. Sequences strictly increase and are never reused. */
export const LogEvent = z.object({
  sequence: z.number().int().positive(),
  type: EventType,
  timestamp: z.string().datetime(),
  sessionId: z.string().nullable(),
  payload: z.unknown(),
});
export type LogEvent = z.infer<typeof LogEvent>;
