/**
 * The person's view of what MCP servers offer besides tools: resources, templates, prompts,
 * completions, subscriptions. Each is a read through the door (`mcp.read`, actor `user`), the same
 * read the agent's tools make, audited the same way.
 */
import type { CallContext } from '../enclave/index.js';
import { mcpOffers, type ToolRegistry } from '../tools/index.js';
import type { RpcHandlers } from './rpc-router.js';

export type McpOfferMethods =
  | 'mcp.readResource'
  | 'mcp.getPrompt'
  | 'mcp.subscribeResource'
  | 'mcp.listResources'
  | 'mcp.listResourceTemplates'
  | 'mcp.listPrompts'
  | 'mcp.complete'
  | 'mcp.unsubscribeResource'
  | 'mcp.subscriptions';

/** A read the person asked for: never waits on an approval (a rule that asks answers with one). */
const PERSON: CallContext = { actor: 'user', sessionId: null, runId: null, wait: false };

export function mcpOfferHandlers(tools: ToolRegistry): Pick<RpcHandlers, McpOfferMethods> {
  const { answered } = mcpOffers;
  return {
    'mcp.listResources': async ({ name, cursor }) =>
      answered(mcpOffers.listResources(await tools.mcp(), name, cursor, PERSON)),
    'mcp.listResourceTemplates': async ({ name, cursor }) =>
      answered(mcpOffers.listResourceTemplates(await tools.mcp(), name, cursor, PERSON)),
    'mcp.listPrompts': async ({ name, cursor }) =>
      answered(mcpOffers.listPrompts(await tools.mcp(), name, cursor, PERSON)),
    'mcp.readResource': async ({ name, uri }) =>
      answered(mcpOffers.readResource(await tools.mcp(), name, uri, PERSON)),
    'mcp.getPrompt': async ({ name, prompt, arguments: args }) =>
      answered(mcpOffers.getPrompt(await tools.mcp(), name, prompt, args, PERSON)),
    'mcp.complete': async (params) => answered(mcpOffers.complete(await tools.mcp(), params, PERSON)),
    // Updates arrive as `mcp.resource_updated` events.
    'mcp.subscribeResource': async ({ name, uri }) => {
      await answered(mcpOffers.subscribe(await tools.mcp(), name, uri, PERSON));
      return { subscribed: true };
    },
    'mcp.unsubscribeResource': async ({ name, uri }) => ({
      unsubscribed: await mcpOffers.unsubscribe(await tools.mcp(), name, uri, PERSON),
    }),
    'mcp.subscriptions': async () => ({ subscriptions: (await tools.mcp()).subscriptions.list() }),
  };
}
