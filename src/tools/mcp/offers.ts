/**
 * What a server offers besides tools — resources, resource templates, prompts, completions and
 * resource subscriptions — each asked through the door (`mcp.read`, see McpManager.read), whoever
 * asks: the agent's tools and the person's RPCs are the same reads. Answers reach callers only in
 * the contract's shape; what a model reads of them is text with the server's words clipped.
 */

import type * as z from 'zod/mini';
import {
  type ContentPart,
  CoworkError,
  McpCompleteResult,
  McpGetPromptResult,
  McpPromptsResult,
  McpReadResourceResult,
  McpResourcesResult,
  McpResourceTemplatesResult,
  type RpcParams,
  type ToolResult,
} from '../../contracts/index.js';
import type { CallContext } from '../../enclave/index.js';
import { checkedAnswer } from './answers.js';
import type { McpManager, McpRead } from './mcp-manager.js';

/** Text from servers is untrusted and shown to models: descriptions short, contents bounded. */
const MAX_DESCRIPTION = 1024;
const MAX_CONTENT = 200_000;

const clip = (s: string | undefined, max = MAX_DESCRIPTION) =>
  s === undefined ? '' : s.length > max ? `${s.slice(0, max)}… [cut at ${max} characters]` : s;
const text = (t: string): ContentPart[] => [{ type: 'text', text: t }];
const more = (server: string, cursor: string | undefined) =>
  cursor ? `\nMore: ask again with {"server": "${server}", "cursor": ${JSON.stringify(cursor)}}.` : '';

/** The read's answer, or the door's refusal (or the server's failure) as a CoworkError. */
export async function answered<T>(read: Promise<{ result: ToolResult; answer?: T }>): Promise<T> {
  const { result, answer } = await read;
  if (result.success && answer !== undefined) return answer;
  const error = result.error ?? { code: 'INTERNAL' as const, message: 'The read did not answer.' };
  throw new CoworkError(error.code, error.message, error.details);
}

export function listResources(mcp: McpManager, server: string, cursor: string | undefined, ctx: CallContext) {
  return mcp.read(
    {
      server,
      method: 'resources/list',
      target: 'resources',
      ask: async (c) =>
        checkedAnswer(McpResourcesResult, await c.listResources(cursor ? { cursor } : {}), server),
      present: (a) =>
        text(
          `${a.resources.length === 0 ? 'No resources.' : a.resources.map((r) => `- ${r.uri}  ${r.title ?? r.name}${r.mimeType ? ` (${r.mimeType})` : ''}${r.description ? `: ${clip(r.description)}` : ''}`).join('\n')}${more(server, a.nextCursor)}`,
        ),
    },
    ctx,
  );
}

export function listResourceTemplates(
  mcp: McpManager,
  server: string,
  cursor: string | undefined,
  ctx: CallContext,
) {
  return mcp.read(
    {
      server,
      method: 'resources/templates/list',
      target: 'resource templates',
      ask: async (c) =>
        checkedAnswer(
          McpResourceTemplatesResult,
          await c.listResourceTemplates(cursor ? { cursor } : {}),
          server,
        ),
      present: (a) =>
        text(
          `${a.resourceTemplates.length === 0 ? 'No resource templates.' : a.resourceTemplates.map((t) => `- ${t.uriTemplate}  ${t.title ?? t.name}${t.description ? `: ${clip(t.description)}` : ''}`).join('\n')}${more(server, a.nextCursor)}`,
        ),
    },
    ctx,
  );
}

export function listPrompts(mcp: McpManager, server: string, cursor: string | undefined, ctx: CallContext) {
  return mcp.read(
    {
      server,
      method: 'prompts/list',
      target: 'prompts',
      ask: async (c) =>
        checkedAnswer(McpPromptsResult, await c.listPrompts(cursor ? { cursor } : {}), server),
      present: (a) =>
        text(
          `${a.prompts.length === 0 ? 'No prompts.' : a.prompts.map((p) => `- ${p.name}(${(p.arguments ?? []).map((x) => `${x.name}${x.required ? '' : '?'}`).join(', ')})${p.description ? `: ${clip(p.description)}` : ''}`).join('\n')}${more(server, a.nextCursor)}`,
        ),
    },
    ctx,
  );
}

/**
 * A resource's contents as a model reads them: text as text (each part named by its URI when there
 * are several), bytes described (never inlined).
 */
function resourceContent(contents: z.infer<typeof McpReadResourceResult>['contents']): ContentPart[] {
  return contents.map((c) =>
    'text' in c
      ? {
          type: 'text',
          text: `${contents.length > 1 ? `--- ${c.uri} ---\n` : ''}${clip(c.text, MAX_CONTENT)}`,
        }
      : {
          type: 'text',
          text: `[${c.uri}: ${Math.floor((c.blob.length * 3) / 4)} bytes of ${c.mimeType ?? 'binary data'}]`,
        },
  );
}

export function readResource(mcp: McpManager, server: string, uri: string, ctx: CallContext) {
  return mcp.read(
    {
      server,
      method: 'resources/read',
      target: uri,
      ask: async (c) => checkedAnswer(McpReadResourceResult, await c.readResource({ uri }), server),
      present: (a) => resourceContent(a.contents),
    },
    ctx,
  );
}

export function getPrompt(
  mcp: McpManager,
  server: string,
  name: string,
  args: Record<string, string>,
  ctx: CallContext,
) {
  return mcp.read(
    {
      server,
      method: 'prompts/get',
      target: `prompt ${name}`,
      ask: async (c) =>
        checkedAnswer(McpGetPromptResult, await c.getPrompt({ name, arguments: args }), server),
      present: (a) =>
        a.messages.flatMap(({ role, content }): ContentPart[] =>
          content.type === 'text'
            ? text(`${role}: ${clip(content.text, MAX_CONTENT)}`)
            : content.type === 'resource'
              ? [{ type: 'text', text: `${role}:` }, ...resourceContent([content.resource])]
              : content.type === 'resource_link'
                ? text(`${role}: [resource ${content.uri}]`)
                : text(`${role}: [${content.type}, ${content.mimeType}]`),
        ),
    },
    ctx,
  );
}

export function complete(mcp: McpManager, params: RpcParams<'mcp.complete'>, ctx: CallContext) {
  const { name: server, ref, argument, context } = params;
  const read: McpRead<z.infer<typeof McpCompleteResult>> = {
    server,
    method: 'completion/complete',
    target: `completions of ${argument.name} for ${ref.type === 'prompt' ? `prompt ${ref.name}` : ref.uri}`,
    ask: async (c) => {
      if (!c.getServerCapabilities()?.completions) return { values: [] };
      const answer = await c.complete({
        ref:
          ref.type === 'prompt'
            ? { type: 'ref/prompt', name: ref.name }
            : { type: 'ref/resource', uri: ref.uri },
        argument,
        ...(context ? { context: { arguments: context } } : {}),
      });
      return checkedAnswer(McpCompleteResult, answer.completion, server);
    },
    present: (a) => text(a.values.join('\n')),
  };
  return mcp.read(read, ctx);
}

/**
 * Asks the server to announce changes of `uri` (`mcp.resource_updated` events) and keeps the
 * subscription: it is renewed whenever the server is connected again (see renewSubscriptions).
 */
export function subscribe(mcp: McpManager, server: string, uri: string, ctx: CallContext) {
  return mcp.read(
    {
      server,
      method: 'resources/subscribe',
      target: uri,
      ask: async (c) => {
        await c.subscribeResource({ uri });
        mcp.subscriptions.add(server, uri);
        return true;
      },
      present: () => text(`Subscribed to ${uri}.`),
    },
    ctx,
  );
}

/**
 * Forgets the subscription, and tells the server when it runs (a server that is off or down has
 * nothing to stop sending). True when there was one.
 */
export async function unsubscribe(mcp: McpManager, server: string, uri: string, ctx: CallContext) {
  const had = mcp.subscriptions.remove(server, uri);
  if (!mcp.isConnected(server)) return had;
  await answered(
    mcp.read(
      {
        server,
        method: 'resources/unsubscribe',
        target: uri,
        ask: async (c) => {
          await c.unsubscribeResource({ uri });
          return true;
        },
        present: () => text(`Unsubscribed from ${uri}.`),
      },
      ctx,
    ),
  );
  return had;
}

const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

/**
 * Renews the kept subscriptions of every server that connects, through the door like the first
 * time (a policy that now denies it leaves it off, and says so in the audit log). On a daemon
 * start, the servers that have subscriptions are started for it.
 */
export function renewSubscriptions(mcp: McpManager, report: (server: string, message: string) => void): void {
  mcp.onConnected((server) => {
    for (const s of mcp.subscriptions.list(server))
      void subscribe(mcp, server, s.uri, SYSTEM)
        .then(({ result }) => {
          if (!result.success)
            report(server, `subscription to ${s.uri} not renewed: ${result.error?.message}`);
        })
        .catch((err: Error) => report(server, `subscription to ${s.uri} not renewed: ${err.message}`));
  });
  for (const server of new Set(mcp.subscriptions.list().map((s) => s.server)))
    if (mcp.store.get(server)?.enabled) void mcp.capabilities(server).catch(() => {});
}
