/**
 * The person's view of what MCP servers offer besides tools: resources, templates, prompts,
 * completions, subscriptions. Each is a read through the door (`mcp.read`, actor `user`), the same
 * read the agent's tools make, audited the same way.
 */
import type { CallContext } from '../enclave/index.js';
import { loadMcpOffers, type ToolRegistry } from '../tools/index.js';
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

type Offers = Awaited<ReturnType<typeof loadMcpOffers>>;
type Mcp = Awaited<ReturnType<ToolRegistry['mcp']>>;

export function mcpOfferHandlers(tools: ToolRegistry): Pick<RpcHandlers, McpOfferMethods> {
  /** Runs `ask` with the offers module and the MCP manager, both loaded on first use. */
  const withOffers = async <T>(ask: (o: Offers, mcp: Mcp) => Promise<T>): Promise<T> =>
    ask(await loadMcpOffers(), await tools.mcp());
  return {
    'mcp.listResources': async ({ name, cursor }) =>
      withOffers((o, mcp) => o.answered(o.listResources(mcp, name, cursor, PERSON))),
    'mcp.listResourceTemplates': async ({ name, cursor }) =>
      withOffers((o, mcp) => o.answered(o.listResourceTemplates(mcp, name, cursor, PERSON))),
    'mcp.listPrompts': async ({ name, cursor }) =>
      withOffers((o, mcp) => o.answered(o.listPrompts(mcp, name, cursor, PERSON))),
    'mcp.readResource': async ({ name, uri }) =>
      withOffers((o, mcp) => o.answered(o.readResource(mcp, name, uri, PERSON))),
    'mcp.getPrompt': async ({ name, prompt, arguments: args }) =>
      withOffers((o, mcp) => o.answered(o.getPrompt(mcp, name, prompt, args, PERSON))),
    'mcp.complete': async (params) => withOffers((o, mcp) => o.answered(o.complete(mcp, params, PERSON))),
    // Updates arrive as `mcp.resource_updated` events.
    'mcp.subscribeResource': async ({ name, uri }) => {
      await withOffers((o, mcp) => o.answered(o.subscribe(mcp, name, uri, PERSON)));
      return { subscribed: true };
    },
    'mcp.unsubscribeResource': async ({ name, uri }) => ({
      unsubscribed: await withOffers((o, mcp) => o.unsubscribe(mcp, name, uri, PERSON)),
    }),
    'mcp.subscriptions': async () => ({ subscriptions: (await tools.mcp()).subscriptions.list() }),
  };
}
