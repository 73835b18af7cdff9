/**
 * How Cowork reaches one configured server: a stdio program started in the sandbox through the
 * enclave, or an HTTP endpoint (Streamable HTTP, or the older HTTP+SSE), with OAuth when offered.
 */
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
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
    const authProvider = parts.oauth?.provider(config.name, parts.onSignIn);
    // Static headers (an API key) go with every request; the store revealed their values for this.
    const requestInit = Object.keys(config.headers).length
      ? { requestInit: { headers: config.headers } }
      : {};
    const options = { ...requestInit, ...(authProvider ? { authProvider } : {}) };
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
