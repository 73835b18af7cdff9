import * as z from 'zod/mini';
import { type RpcMethod, str } from './common.js';

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export const LogsSubscribeParams = z.strictObject({
  after: z._default(z.int().check(z.nonnegative()), 0),
  levels: z.optional(z.array(LogLevel).check(z.maxLength(4))),
  modules: z.optional(z.array(str(1, 50)).check(z.maxLength(20))),
});
export const LogsSubscribeResult = z.object({ subscriptionId: z.string() });
export const LogsUnsubscribeParams = z.strictObject({ subscriptionId: str(1, 100) });
export const LogsUnsubscribeResult = z.object({ unsubscribed: z.boolean() });

export const LogEntry = z.object({
  seq: z.number(),
  time: z.string(),
  level: LogLevel,
  module: z.string(),
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
/** Log entries for a `logs.subscribe` subscription, gathered over ~16 ms. */
export const LogsBatchNotification = z.object({
  subscriptionId: z.string(),
  entries: z.array(LogEntry),
  /** Entries left out because the client was not reading fast enough. */
  dropped: z.number(),
});

export const logsMethods = {
  /** Streams the daemon's (redacted) log as `logs.batch` notifications, starting with the recent entries. */
  'logs.subscribe': { params: LogsSubscribeParams, result: LogsSubscribeResult },
  'logs.unsubscribe': { params: LogsUnsubscribeParams, result: LogsUnsubscribeResult },
} as const satisfies Record<string, RpcMethod>;

export const logsNotifications = { 'logs.batch': LogsBatchNotification } as const;
