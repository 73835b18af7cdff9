import { isAbsolute, resolve } from 'node:path';
import {
  type Decision,
  PolicyAction,
  type PolicyDecision,
  type PolicyRequest,
  type ReasonCode,
  type RiskTag,
} from '../../contracts/index.js';
import { actionTraits, changesFiles } from '../operations/actions.js';
import type { CompiledPolicy, CompiledRule } from './compile.js';
import { doorDecision, strictness } from './decisions.js';

export interface Grant {
  /** Real (symlink-free) absolute path of the granted folder. */
  path: string;
  mode: 'ro' | 'rw';
}

export interface EvaluationContext {
  grants: readonly Grant[];
  /** Narrow rules added by "approve for this session". */
  sessionRules?: readonly CompiledRule[];
}

const KNOWN_ACTIONS = new Set<string>(PolicyAction.options);

/** Whether `path` is `root` or lies inside it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * The Cowork data folder a request reaches, if any: its path (already resolved by the planner),
 * or for a command, an argument naming a path inside it (taken literally against the working
 * folder; a symlink to it is hidden by the sandbox, which masks the resolved folder).
 */
function coworkDataReached(policy: CompiledPolicy, request: PolicyRequest): string | undefined {
  if (policy.coworkData.length === 0) return undefined;
  const paths: string[] = request.path === undefined ? [] : [request.path];
  if ((request.action === 'exec' || request.action === 'pty.spawn') && request.argv) {
    const cwd = request.path ?? '/';
    for (const arg of request.argv.slice(1)) {
      // `--file=/x` and `-o/x` name paths too: look at what follows `=`, and at the word itself.
      for (const word of [arg, arg.slice(arg.indexOf('=') + 1)]) {
        if (word.length === 0 || word.length > 4096) continue;
        paths.push(isAbsolute(word) ? resolve(word) : resolve(cwd, word));
      }
    }
  }
  return policy.coworkData.find((root) => paths.some((p) => isWithin(p, root)));
}

/** The grant that contains `path` (the deepest one when grants nest), if any. */
export function grantFor(path: string, grants: readonly Grant[]): Grant | undefined {
  let found: Grant | undefined;
  for (const g of grants) {
    const inside = isWithin(path, g.path);
    if (inside && (!found || g.path.length > found.path.length)) found = g;
  }
  return found;
}

const TIERS: readonly (readonly CompiledRule['origin'][])[] = [
  ['locked', 'session', 'user'],
  ['default'],
  ['fallback'],
];

/**
 * Decides a request. Order, documented in docs/security.md:
 * 1. unknown action or policy version → deny;
 * 1b. any path (or command argument) inside Cowork's own data folder → deny (`COWORK_DATA`);
 * 2. file actions (and a command's working folder) must lie inside a grant, writes in a read-write one;
 * 3. rules vote in tiers — (a) locked protections, session rules and the person's rules,
 *    (b) built-in defaults, (c) built-in fallbacks. The first tier with a matching rule decides:
 *    deny beats ask_user beats allow, and among rules of the winning decision the most specific
 *    one decides (ties: first listed);
 * 4. nothing matched → deny.
 */
export function evaluate(
  policy: CompiledPolicy,
  request: PolicyRequest,
  ctx: EvaluationContext,
): PolicyDecision {
  const tags = riskTags(request);
  const decide = (
    decision: Decision,
    reasonCode: ReasonCode,
    ruleId: string | null,
    reason: string,
  ): PolicyDecision => {
    const extra: RiskTag[] =
      reasonCode === 'OUTSIDE_GRANT'
        ? ['outside-grant']
        : reasonCode === 'SECRET_PATH' || reasonCode === 'COWORK_DATA'
          ? ['secret']
          : [];
    const allTags = [...new Set([...tags, ...extra])];
    const riskScore = scoreOf(request.action, allTags);
    return doorDecision(policy.hash, { decision, reasonCode, ruleId, reason, riskTags: allTags, riskScore });
  };

  if (!KNOWN_ACTIONS.has(request.action)) {
    return decide('deny', 'UNKNOWN_ACTION', null, `Unknown action "${request.action}" is denied.`);
  }
  if (policy.unknownVersion) {
    return decide(
      'deny',
      'UNKNOWN_POLICY_VERSION',
      null,
      `Policy version ${policy.version} is not understood; everything is denied.`,
    );
  }

  // Cowork's own data (API token, secret store, database, policy) is never reachable: a locked
  // rule above every grant and every rule of the person's.
  const data = coworkDataReached(policy, request);
  if (data !== undefined && !request.action.startsWith('net.') && !request.action.startsWith('browser.')) {
    return decide(
      'deny',
      'COWORK_DATA',
      'default.cowork-data',
      `${data} is Cowork's own data folder; no operation reaches it.`,
    );
  }

  const needsGrant =
    request.action.startsWith('fs.') || request.action === 'exec' || request.action === 'pty.spawn';
  if (needsGrant) {
    if (request.path === undefined) return decide('deny', 'INVALID_INPUT', null, 'No path given.');
    const grant = grantFor(request.path, ctx.grants);
    if (!grant)
      return decide('deny', 'OUTSIDE_GRANT', null, `${request.path} is outside every granted folder.`);
    if (grant.mode === 'ro' && changesFiles(request.action)) {
      return decide('deny', 'READ_ONLY_GRANT', null, `${grant.path} is granted read-only.`);
    }
  }

  const all = [...(ctx.sessionRules ?? []), ...policy.rules];
  let winner: { rule: CompiledRule; score: number } | undefined;
  for (const tier of TIERS) {
    for (const rule of all) {
      if (!tier.includes(rule.origin)) continue;
      const score = rule.match(request);
      if (score < 0) continue;
      if (
        !winner ||
        strictness(rule.decision, winner.rule.decision) > 0 ||
        (rule.decision === winner.rule.decision && score > winner.score)
      ) {
        winner = { rule, score };
      }
    }
    if (winner) break;
  }

  // Listed hosts are an allow rule of their own.
  if (
    (request.action === 'net.fetch' || request.action === 'browser.navigate') &&
    request.host !== undefined
  ) {
    const host = { host: request.host, port: request.port };
    const hit = policy.allowHosts.find((h) => h.test(host));
    if (hit && (!winner || winner.rule.decision === 'allow')) {
      return winner
        ? decide('allow', winner.rule.reasonCode, winner.rule.id, winner.rule.reason)
        : decide(
            'allow',
            'HOST_ALLOWED',
            'network.allowHosts',
            `${request.host} is a listed host (${hit.source}).`,
          );
    }
  }

  if (winner) return decide(winner.rule.decision, winner.rule.reasonCode, winner.rule.id, winner.rule.reason);
  return decide(
    'deny',
    fallbackReason(request.action),
    null,
    'No rule allows this; Cowork denies by default.',
  );
}

function fallbackReason(action: string): ReasonCode {
  if (action === 'net.fetch' || action === 'browser.navigate') return 'HOST_NOT_ALLOWED';
  if (action === 'exec' || action === 'pty.spawn') return 'COMMAND_NOT_ALLOWED';
  if (action === 'mcp.call' || action === 'mcp.read') return 'MCP_TOOL_NOT_ALLOWED';
  return 'NO_MATCHING_RULE';
}

function riskTags(request: PolicyRequest): RiskTag[] {
  const tags: RiskTag[] = [];
  if (request.action === 'fs.delete') tags.push('delete');
  if (request.overwrite) tags.push('overwrite');
  if (request.action.startsWith('net.') || request.action.startsWith('browser.')) tags.push('network');
  if (request.action === 'exec' || request.action === 'pty.spawn') tags.push('exec');
  if ((request.count ?? 1) >= 20) tags.push('batch');
  return tags;
}

function scoreOf(action: string, tags: readonly RiskTag[]): number {
  let score = actionTraits(action)?.risk ?? 50;
  if (tags.includes('overwrite')) score += 15;
  if (tags.includes('batch')) score += 20;
  if (tags.includes('outside-grant')) score += 30;
  if (tags.includes('secret')) score += 40;
  return Math.min(100, score);
}
