/**
 * Roots: what a server may work in is what the person granted to that server, told to it as
 * file:// URIs (`roots/list`), and a fresh list announced when those grants change.
 */
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../contracts/index.js';

type Grants = McpServerConfig['grants'];

export function rootsOf(grants: Grants) {
  return grants.map((g) => ({
    uri: pathToFileURL(g.path).href,
    name: `${basename(g.path) || g.path}${g.mode === 'ro' ? ' (read-only)' : ''}`,
  }));
}

/** Answers `roots/list` with the server's grants as they are when it asks. */
export function answerRoots(client: Client, grants: () => Grants): void {
  client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: rootsOf(grants()) }));
}

/** Whether two configs of one server differ in nothing but its grants (and those do differ). */
export function onlyGrantsChanged(before: McpServerConfig, after: McpServerConfig): boolean {
  const { grants: a, ...restBefore } = before;
  const { grants: b, ...restAfter } = after;
  return JSON.stringify(a) !== JSON.stringify(b) && JSON.stringify(restBefore) === JSON.stringify(restAfter);
}
