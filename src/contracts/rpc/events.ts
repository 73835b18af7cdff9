import * as z from 'zod/mini';
import { EventType, LogEvent } from '../events/envelope.js';
import { maxStr, type RpcMethod, str } from './common.js';

export const EventsSubscribeParams = z.strictObject({
  /** Deliver every event with a sequence greater than this (0 = from the beginning). */
  after: z.int().check(z.nonnegative()),
  /** Optional filter: only event types starting with one of these prefixes. */
  types: z.optional(z.array(str(1, 100)).check(z.maxLength(50))),
  /**
   * Replay the history in `events.batch` notifications (up to 256 events each) instead of one
   * `events.event` per event: far fewer frames for a client catching up on a long history.
   */
  batch: z.optional(z.boolean()),
});
export const EventsSubscribeResult = z.object({
  subscriptionId: z.string(),
  /** Head of the log when the subscription started; everything up to it is replayed first. */
  head: z.int().check(z.nonnegative()),
});

export const EventsUnsubscribeParams = z.strictObject({ subscriptionId: z.string() });
export const EventsUnsubscribeResult = z.object({ unsubscribed: z.boolean() });

/** Clients may publish only `client.*` events: server-owned event types cannot be forged. */
export const EventsPublishParams = z.strictObject({
  type: EventType.check(
    z.refine((t) => t.startsWith('client.'), 'clients may only publish "client.*" events'),
  ),
  sessionId: z.optional(z.nullable(maxStr(200))),
  payload: z.unknown(),
});
export const EventsPublishResult = z.object({ sequence: z.int().check(z.positive()) });

/** Server → client notification carrying one event of a subscription. */
export const EventsEventNotification = z.object({ subscriptionId: z.string(), event: LogEvent });
/** Server → client notification carrying several events of a subscription, in order (replay). */
export const EventsBatchNotification = z.object({ subscriptionId: z.string(), events: z.array(LogEvent) });

export const eventsMethods = {
  'events.subscribe': { params: EventsSubscribeParams, result: EventsSubscribeResult },
  'events.unsubscribe': { params: EventsUnsubscribeParams, result: EventsUnsubscribeResult },
  'events.publish': { params: EventsPublishParams, result: EventsPublishResult },
} as const satisfies Record<string, RpcMethod>;

export const eventsNotifications = {
  'events.event': EventsEventNotification,
  'events.batch': EventsBatchNotification,
} as const;
