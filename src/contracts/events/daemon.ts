/** What the daemon itself records (src/server): start and stop, local models found, routes changed. */
import * as z from 'zod/mini';
import { RoutesConfig } from '../routing.js';
import { ProvidersDetectResult } from '../rpc/providers.js';
import { payload } from './payload.js';

const pid = z.int().check(z.positive());

/** Built when first asked for (see eventPayloads in index.ts). */
export const daemonEvents = () => ({
  'daemon.started': payload('The daemon is up.', { version: z.string(), pid }),
  'daemon.stopped': payload('The daemon stopped cleanly (the last event before it exits).', { pid }),
  'models.local_detected': payload(
    'Model servers found running on this machine at start (what providers.detect answers).',
    ProvidersDetectResult.shape,
  ),
  'routes.changed': RoutesConfig.check(z.describe('The routing settings, as they are now.')),
});
