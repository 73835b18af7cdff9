/**
 * What MCP servers offer besides tools, for the person's clients: their resources, resource
 * templates and prompts (one page at a time, as the server pages them), completions for prompt
 * arguments, and subscriptions to resources. Every one of these passes the door as `mcp.read`.
 */
import * as z from 'zod/mini';
import { Empty, maxStr, type RpcMethod, str } from './common.js';
import { McpResourceParams } from './tools.js';

const server = str(1, 64);
const cursor = z.optional(maxStr(4096));
const text = z.optional(z.string());

export const McpPageParams = z.strictObject({ name: server, cursor });

export const McpResourceInfo = z.object({
  uri: z.string(),
  name: z.string(),
  title: text,
  description: text,
  mimeType: text,
  size: z.optional(z.number()),
});
export const McpResourcesResult = z.object({
  resources: z.array(McpResourceInfo),
  /** Ask again with this for the next page; absent on the last one. */
  nextCursor: text,
});

export const McpResourceTemplateInfo = z.object({
  /** An RFC 6570 URI template (`file:///{path}`): filled in, it is a resource's URI. */
  uriTemplate: z.string(),
  name: z.string(),
  title: text,
  description: text,
  mimeType: text,
});
export const McpResourceTemplatesResult = z.object({
  resourceTemplates: z.array(McpResourceTemplateInfo),
  nextCursor: text,
});

export const McpPromptArgument = z.object({
  name: z.string(),
  title: text,
  description: text,
  required: z.optional(z.boolean()),
});
export const McpPromptInfo = z.object({
  name: z.string(),
  title: text,
  description: text,
  arguments: z.optional(z.array(McpPromptArgument)),
});
export const McpPromptsResult = z.object({ prompts: z.array(McpPromptInfo), nextCursor: text });

/** `completion/complete`: what the argument `argument.name` of a prompt or a template may be. */
export const McpCompleteParams = z.strictObject({
  name: server,
  ref: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('prompt'), name: str(1, 200) }),
    z.strictObject({ type: z.literal('resource'), uri: str(1, 4096) }),
  ]),
  argument: z.strictObject({ name: str(1, 200), value: maxStr(4096) }),
  /** Arguments already filled in, which the server may use to narrow the suggestions. */
  context: z.optional(z.record(z.string(), maxStr(4096))),
});
export const McpCompleteResult = z.object({
  /** At most 100 suggestions, best first. */
  values: z.array(z.string()),
  total: z.optional(z.number()),
  hasMore: z.optional(z.boolean()),
});

export const McpUnsubscribeResult = z.object({
  /** There was a subscription to forget. */
  unsubscribed: z.boolean(),
});
export const McpSubscriptionsResult = z.object({
  subscriptions: z.array(z.object({ server: z.string(), uri: z.string() })),
});

export const mcpOfferMethods = {
  'mcp.listResources': { params: McpPageParams, result: McpResourcesResult },
  'mcp.listResourceTemplates': { params: McpPageParams, result: McpResourceTemplatesResult },
  'mcp.listPrompts': { params: McpPageParams, result: McpPromptsResult },
  /** Suggestions for a prompt's (or a resource template's) argument, as the person types it. */
  'mcp.complete': { params: McpCompleteParams, result: McpCompleteResult },
  /** Stops `mcp.resource_updated` events for the resource, now and after restarts. */
  'mcp.unsubscribeResource': { params: McpResourceParams, result: McpUnsubscribeResult },
  /** The resources subscribed to (kept across restarts; renewed whenever a server connects). */
  'mcp.subscriptions': { params: Empty, result: McpSubscriptionsResult },
} as const satisfies Record<string, RpcMethod>;
