import * as z from 'zod/mini';
import { Empty, type RpcMethod } from './common.js';

export const SystemPingParams = Empty;
export const SystemPingResult = z.object({ pong: z.literal(true) });

export const SystemInfoParams = Empty;
export const SystemInfoResult = z.object({
  version: z.string(),
  pid: z.int(),
  uptimeMs: z.number(),
  headSequence: z.int().check(z.nonnegative()),
  /**
   * A folder whose last write found the disk full (until a write there succeeds): the UI's status
   * bar shows it. Polled, not an event — on a full disk no event can be appended to say so.
   */
  diskFull: z.nullable(
    z.object({
      folder: z.string(),
      freeBytes: z.nullable(z.number()),
      since: z.string(),
      message: z.string(),
    }),
  ),
});

export const SecretsStatusResult = z.object({
  backend: z.enum(['keychain', 'encrypted-file']),
  warning: z.nullable(z.string()),
});

export const systemMethods = {
  'system.ping': { params: SystemPingParams, result: SystemPingResult },
  'system.info': { params: SystemInfoParams, result: SystemInfoResult },
  /** Where keys are kept: the OS keychain, or the encrypted file (with why, when it is the fallback). */
  'secrets.status': { params: Empty, result: SecretsStatusResult },
} as const satisfies Record<string, RpcMethod>;
