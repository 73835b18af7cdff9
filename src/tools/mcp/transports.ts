/**
 * How Cowork reaches one configured server: a stdio program started in the sandbox through the
 * enclave, or an HTTP endpoint (Streamable HTTP, or the older HTTP+SSE), with OAuth when offered.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../../contracts/index.js';
import type { Enclave } from '../../enclave/index.js';
import type { Logger } from '../../store/index.js';
import type { McpOAuth } from './oauth.js';
import { SandboxedStdioTransport } from './sandboxed-stdio-transport.js';

export interface TransportParts {
  enclave: Enclave;
  logger: Logger;
  oauth: McpOAuth | undefined;
  /** The server sent the person to its sign-in page. */
  onSignIn(url: string): void;
}

export async function openTransport(config: McpServerConfig, parts: TransportParts): Promise<Transport> {
  if (config.transport !== 'stdio') {
    const options = httpOptions(config, parts);
    return config.transport === 'http'
      ? new StreamableHTTPClientTransport(new URL(config.url!), options)
      : new SSEClientTransport(new URL(config.url!), options);
  }
  const proc = await parts.enclave.startServerProcess({
    name: config.name,
    argv: [config.command!, ...config.args],
    grants: config.grants,
    hosts: config.hosts,
    env: config.env,
  });
  return new SandboxedStdioTransport(proc, (line) =>
    parts.logger.log('info', 'mcp stderr', { module: 'mcp', server: config.name, line }),
  );
}

/** OAuth when offered, and static headers (an API key) with every request: the store revealed their values for this start. */
function httpOptions(config: McpServerConfig, parts: TransportParts) {
  const authProvider = parts.oauth?.provider(config.name, parts.onSignIn);
  const requestInit = Object.keys(config.headers).length ? { requestInit: { headers: config.headers } } : {};
  return { ...requestInit, ...(authProvider ? { authProvider } : {}) };
}

/**
 * The spec's backwards compatibility: a server that answers the initialize POST of Streamable HTTP
 * with a 4xx (404, 405: it has no such endpoint) may be an older HTTP+SSE server, so the same URL is
 * tried with SSE. A sign-in (401, 403) is not a refusal of the transport.
 */
function refusedStreamableHttp(err: unknown): boolean {
  if (!(err instanceof StreamableHTTPError) || err.code === undefined) return false;
  return err.code >= 400 && err.code < 500 && err.code !== 401 && err.code !== 403;
}

/**
 * Connects `client` over `transport`; an `http` server that refuses Streamable HTTP is connected
 * again over SSE. Returns the transport that is connected.
 */
export async function connectClient(
  client: Client,
  transport: Transport,
  config: McpServerConfig,
  parts: TransportParts,
  timeout: number,
): Promise<Transport> {
  try {
    await client.connect(transport, { timeout });
    return transport;
  } catch (err) {
    if (config.transport !== 'http' || !refusedStreamableHttp(err)) throw err;
    await client.close().catch(() => {});
    await transport.close().catch(() => {});
    const sse = new SSEClientTransport(new URL(config.url!), httpOptions(config, parts));
    parts.logger.log('info', 'mcp server refused Streamable HTTP; using SSE', {
      module: 'mcp',
      server: config.name,
      status: (err as StreamableHTTPError).code,
    });
    await client.connect(sse, { timeout });
    return sse;
  }
}
