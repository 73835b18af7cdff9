/** What the MCP client records of its servers (src/tools/mcp): lifecycle, errors, change notices. */
import * as z from 'zod/mini';
import { payload } from './payload.js';

const server = z.string();

/** Built when first asked for (see eventPayloads in index.ts). */
export const mcpEvents = () => ({
  'mcp.started': payload('A server is connected; `version` is what it says it is.', {
    server,
    version: z.nullable(z.object({ name: z.string(), version: z.string() })),
  }),
  'mcp.stopped': payload('A server was stopped.', { server }),
  'mcp.error': payload('A server failed to start, stopped answering, or exited.', {
    server,
    message: z.string(),
  }),
  'mcp.tools_changed': payload('A server says its tools changed.', { server }),
  'mcp.resources_changed': payload('A server says its resource list changed.', { server }),
  'mcp.prompts_changed': payload('A server says its prompts changed.', { server }),
  'mcp.resource_updated': payload('A resource the person subscribed to changed.', {
    server,
    uri: z.string(),
  }),
  'mcp.progress': payload(
    "A tool call reported progress: `callId` is the run's tool call (or the `tools.call` callId).",
    {
      server,
      tool: z.string(),
      runId: z.nullable(z.string()),
      callId: z.nullable(z.string()),
      progress: z.number(),
      total: z.nullable(z.number()),
      message: z.nullable(z.string()),
    },
  ),
  'mcp.auth_required': payload('An HTTP server needs the person to sign in at `url`.', {
    server,
    url: z.string(),
  }),
  'mcp.signed_in': payload('The person signed in to an HTTP server.', { server }),
});
