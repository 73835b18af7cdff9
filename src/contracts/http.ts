import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeMs: z.number().nonnegative(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** The line `cowork start` prints when the daemon is ready. */
export const ReadyLine = z.object({ ready: z.literal(true), url: z.string().url(), pid: z.number().int() });
export type ReadyLine = z.infer<typeof ReadyLine>;

export const StatusReport = z.object({
  running: z.boolean(),
  pid: z.number().int().nullable(),
  url: z.string().nullable(),
  version: z.string().nullable(),
});
export type StatusReport = z.infer<typeof StatusReport>;

export const BootstrapCodeResponse = z.object({ url: z.string().url(), expiresAt: z.string().datetime() });

export const HttpErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `daemon.json` in the home, and `GET /api/daemon`: which instance serves this home. */
export const DaemonInfo = z.object({
  pid: z.number().int(),
  port: z.number().int(),
  url: z.string(),
  version: z.string(),
  instanceId: z.string(),
  startedAt: z.string().datetime(),
});
export type DaemonInfo = z.infer<typeof DaemonInfo>;
