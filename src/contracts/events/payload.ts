import * as z from 'zod/mini';

/**
 * An event's payload: exactly these fields (a producer that adds one must say so here first), and
 * a description that becomes the JSON Schema's.
 */
export function payload<S extends z.core.$ZodLooseShape>(description: string, shape: S) {
  return z.strictObject(shape).check(z.describe(description));
}

/** The payload of an event a run appends: its id, then `shape`. */
export function runPayload<S extends z.core.$ZodLooseShape>(description: string, shape: S) {
  return payload(description, { runId: z.string(), ...shape });
}
