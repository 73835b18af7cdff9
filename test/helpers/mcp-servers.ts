/** The MCP servers tests start: the real reference server, the fixture servers, and a free port. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** `@modelcontextprotocol/server-everything`: a real server (`stdio`, or `streamableHttp` with PORT). */
export const EVERYTHING = join(
  ROOT,
  'node_modules',
  '@modelcontextprotocol',
  'server-everything',
  'dist',
  'index.js',
);

/** A server of ours under test/fixtures (`mcp-reader-server`, `mcp-odd-server`, …). */
export const fixtureServer = (name: string) => join(ROOT, 'test', 'fixtures', `${name}.mjs`);

import { freePort } from './ports.js';

export { freePort };

/**
 * The fixture MCP server behind OAuth (test/fixtures/mcp-oauth-server.mjs) on a free port, once it
 * listens; stopped with the scope that started it.
 */
export async function startOAuthServer(): Promise<{ port: number; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [fixtureServer('mcp-oauth-server'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onCleanup(() => void child.kill());
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { port, url: `http://127.0.0.1:${port}/mcp` };
}

/** An MCP stdio server that this Node runs (a script and its arguments), as `mcp.add` takes it. */
export const nodeServer = (name: string, script: string, ...args: string[]) => ({
  name,
  transport: 'stdio' as const,
  command: process.execPath,
  args: [script, ...args],
});
