/**
 * `policy.check` in the door's terms: the person asks about a request (an action with a path, an
 * argv, a host…) and gets the decision of the operation call that request stands for, dry-run
 * through the same planner as a real call. This file only translates the question into that call.
 */
import { CoworkError, type PolicyCheckParams, type PolicyRequest } from '../contracts/index.js';
import { browserRequest, parseWebUrl } from './browser/browser-page.js';
import type { CallContext, Plan, PlanContext } from './plan.js';
import type { PtyOptions } from './planners/pty.js';

/** Actions whose plan, wherever they are planned, is exactly their one policy request. */
const REQUEST_ONLY_ACTIONS = new Set([
  'mcp.call',
  'mcp.read',
  'browser.navigate',
  'browser.act',
  'memory.remember',
]);

/** The operation call a `policy.check` stands for: `args` as given, or built from the shorthands. */
export function checkedCall(p: PolicyCheckParams): { name: string; args: unknown } {
  if (p.args !== undefined) return { name: p.action, args: p.args };
  const { action } = p;
  const cwd = p.cwd === undefined ? {} : { cwd: p.cwd };
  if (action === 'exec' || action === 'pty.spawn') {
    if (p.command !== undefined) return { name: action, args: { command: p.command, ...cwd } };
    if (p.argv !== undefined) return { name: action, args: { argv: p.argv, ...cwd } };
    return missing(action, '--argv JSON or --command LINE');
  }
  if (action === 'net.fetch' || action === 'browser.navigate' || action === 'browser.act') {
    if (p.host === undefined) return missing(action, '--host H');
    const host = p.host.includes(':') && !p.host.startsWith('[') ? `[${p.host}]` : p.host;
    const port = p.port === undefined ? '' : `:${p.port}`;
    return { name: action, args: { url: `${p.port === 80 ? 'http' : 'https'}://${host}${port}/` } };
  }
  if (action === 'mcp.call' || action === 'mcp.read') {
    if (p.server === undefined || p.tool === undefined) return missing(action, '--server S --tool T');
    return { name: action, args: { server: p.server, tool: p.tool } };
  }
  if (action === 'memory.remember') return { name: action, args: {} };
  if (action === 'fs.move') return missing(action, '--args \'{"from": …, "to": …}\'');
  if (action.startsWith('fs.')) {
    if (p.path === undefined) return missing(action, '--path P');
    const content = action === 'fs.write' || action === 'fs.append' ? { content: '' } : {};
    return { name: action, args: { path: p.path, ...content } };
  }
  return { name: action, args: {} };
}

function missing(action: string, what: string): never {
  throw new CoworkError('INVALID_ARGUMENTS', `Checking ${action} needs ${what} (or --args JSON).`);
}

/**
 * The plan of an operation another module plans (`pty.spawn`; `mcp.call`, `browser.*`,
 * `memory.remember`, whose plans are their one request), made as that module makes it, for a dry
 * run; undefined for the door's own operations. Throws what planning it throws.
 */
export async function plannedElsewhere(
  x: PlanContext,
  name: string,
  rawArgs: unknown,
  ctx: CallContext,
): Promise<Plan | undefined> {
  if (name === 'pty.spawn') {
    const { planPty } = await import('./planners/pty.js');
    return planPty(x, { cols: 80, rows: 24, ...(rawArgs as Partial<PtyOptions>) }, ctx, () => {});
  }
  if (!REQUEST_ONLY_ACTIONS.has(name)) return undefined;
  const request = requestOnlyCall(name, rawArgs, ctx.sessionId);
  return { requests: [request], target: name, title: name, recheck: [], effect: () => ({ content: [] }) };
}

/** The one request of a request-only action, from its arguments (as its own planner builds it). */
function requestOnlyCall(name: string, args: unknown, sessionId: string | null): PolicyRequest {
  const a = (args ?? {}) as Record<string, unknown>;
  if (name === 'mcp.call' || name === 'mcp.read') {
    if (typeof a.server !== 'string' || typeof a.tool !== 'string')
      throw new CoworkError('INVALID_ARGUMENTS', `${name} needs {server, tool}.`);
    return { action: name, mcp: { server: a.server, tool: a.tool }, sessionId };
  }
  if (name === 'browser.navigate' || name === 'browser.act')
    return browserRequest(name, parseWebUrl(String(a.url)), sessionId);
  return { action: name as PolicyRequest['action'], sessionId };
}
