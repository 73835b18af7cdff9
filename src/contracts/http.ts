import * as z from 'zod/mini';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeMs: z.number().check(z.nonnegative()),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** The answer of `GET AUTH_STATUS_PATH` (see shared-values.ts). */
export const AuthStatus = z.object({ authenticated: z.boolean() });
export type AuthStatus = z.infer<typeof AuthStatus>;

/** The line `cowork start` prints when the daemon is ready. */
export const ReadyLine = z.object({ ready: z.literal(true), url: z.url(), pid: z.int() });
export type ReadyLine = z.infer<typeof ReadyLine>;

export const StatusReport = z.object({
  running: z.boolean(),
  pid: z.nullable(z.int()),
  url: z.nullable(z.string()),
  version: z.nullable(z.string()),
});
export type StatusReport = z.infer<typeof StatusReport>;

/** The export archive of the person's data (`GET`, authenticated like every /api/ route). */
export const DATA_EXPORT_PATH = '/api/data/export';

export const BootstrapCodeResponse = z.object({ url: z.url(), expiresAt: z.iso.datetime() });

export const HttpErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `daemon.json` in the home, and `GET /api/daemon`: which instance serves this home. */
export const DaemonInfo = z.object({
  pid: z.int(),
  port: z.int(),
  url: z.string(),
  version: z.string(),
  instanceId: z.string(),
  startedAt: z.iso.datetime(),
});
export type DaemonInfo = z.infer<typeof DaemonInfo>;
