/**
 * Reading what a server answered: its failures become CoworkErrors with a code (never INTERNAL),
 * and answers reach clients only in the contract's shape.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type * as z from 'zod/mini';
import { CoworkError, issueList, McpServerVersion } from '../../contracts/index.js';
import { allPages } from './pages.js';

export function signInNeeded(name: string, signInUrl: string): CoworkError {
  return new CoworkError('UNAUTHENTICATED', `MCP server "${name}" needs you to sign in: open ${signInUrl}`, {
    signInUrl,
  });
}

/**
 * A server's answer in the contract's shape: only the fields the contract names reach a client, and
 * an answer that does not fit is refused with a code instead of passed on.
 */
export function checkedAnswer<S extends z.ZodMiniType>(
  schema: S,
  answer: unknown,
  server: string,
): z.infer<S> {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  throw new CoworkError('UNAVAILABLE', `MCP server "${server}" sent a malformed answer.`, {
    issues: issueList(parsed.error, 5),
  });
}

export function describeServer(version: unknown): z.infer<typeof McpServerVersion> | null {
  const parsed = McpServerVersion.safeParse(version);
  return parsed.success ? parsed.data : null;
}

/**
 * What a server answered, or a CoworkError saying it failed: a protocol error, a timeout or an
 * answer the SDK refused is the server's fault, and never an INTERNAL error of the daemon.
 */
export async function answerOf<T>(server: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof CoworkError) throw err;
    throw new CoworkError(
      'UNAVAILABLE',
      `MCP server "${server}" failed: ${(err as Error).message}`.slice(0, 2000),
    );
  }
}

/** Every page of the server's tools. */
const allTools = (client: Client) =>
  allPages(
    (cursor) => client.listTools(cursor === undefined ? {} : { cursor }),
    (answer) => answer.tools,
  );

/** A server that does not declare tools may still list them; one that cannot simply has none. */
export async function listTools(client: Client) {
  if (client.getServerCapabilities()?.tools) return allTools(client);
  try {
    return await allTools(client);
  } catch {
    return [];
  }
}

/** Every page of the server's resources (none when it does not offer them). */
export function listResources(client: Client) {
  if (!client.getServerCapabilities()?.resources) return Promise.resolve([]);
  return allPages(
    (cursor) => client.listResources(cursor === undefined ? {} : { cursor }),
    (answer) => answer.resources,
  );
}

/** Every page of the server's prompts (none when it does not offer them). */
export function listPrompts(client: Client) {
  if (!client.getServerCapabilities()?.prompts) return Promise.resolve([]);
  return allPages(
    (cursor) => client.listPrompts(cursor === undefined ? {} : { cursor }),
    (answer) => answer.prompts,
  );
}
