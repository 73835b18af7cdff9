/**
 * Network fetch through the door: http(s) only, to hosts the policy lists. Redirects are not
 * followed here — each hop is a new request the policy must allow — and the body is capped.
 */
import { CoworkError, type PolicyRequest } from '../../contracts/index.js';
import type { OperationArgs } from '../operations/table.js';
import type { CallContext, Plan } from '../plan.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export function planFetch(args: OperationArgs<'net.fetch'>, ctx: CallContext): Plan {
  const url = new URL(args.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Only http and https URLs can be fetched, not ${url.protocol}`,
    );
  }
  if (url.username || url.password)
    throw new CoworkError('INVALID_ARGUMENTS', 'Credentials in URLs are not allowed.');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const request: PolicyRequest = { action: 'net.fetch', host: url.hostname, port, sessionId: ctx.sessionId };
  return {
    requests: [request],
    target: `${args.method} ${url.origin}${url.pathname}`,
    title: `${args.method} ${url.href}`,
    recheck: [],
    effect: async () => {
      let res: Response;
      try {
        res = await fetch(url, {
          method: args.method,
          headers: args.headers,
          ...(args.body === undefined ? {} : { body: args.body }),
          redirect: 'manual',
          signal: AbortSignal.timeout(args.timeoutMs),
        });
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        throw new CoworkError(
          timedOut ? 'TIMEOUT' : 'UNAVAILABLE',
          `Fetching ${url.origin} failed: ${(err as Error).message}`,
        );
      }
      const reader = res.body?.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      let truncated = false;
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = MAX_BODY_BYTES - size;
        chunks.push(value.subarray(0, Math.max(0, room)));
        size += value.length;
        if (size > MAX_BODY_BYTES) {
          truncated = true;
          await reader.cancel();
          break;
        }
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const location = res.headers.get('location');
      const meta = {
        status: res.status,
        contentType: res.headers.get('content-type'),
        truncated,
        ...(location ? { redirectTo: new URL(location, url).href } : {}),
      };
      return {
        content: [
          { type: 'text', text: JSON.stringify(meta) },
          { type: 'text', text: body },
        ],
      };
    },
  };
}
