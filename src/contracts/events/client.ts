/** Events that clients publish themselves (`events.publish`). */
import * as z from 'zod/mini';

/** Any `client.<name>`: clients agree among themselves on what these mean. */
export type ClientEventType = `client.${string}`;

export const ClientEventPayload = z
  .unknown()
  .check(
    z.describe(
      'Payload of a client.* event: published by a client (events.publish), any JSON. The daemon stores and relays it without reading it.',
    ),
  );

export function isClientEventType(type: string): type is ClientEventType {
  return type.startsWith('client.');
}
