import { homedir } from 'node:os';
import {
  CoworkError,
  type Decision,
  issueLine,
  issueList,
  KNOWN_POLICY_VERSIONS,
  type ParsedPolicyFile,
  type ParsedRule,
  type PolicyExample,
  PolicyFile,
  type PolicyRequest,
  type ReasonCode,
} from '../../contracts/index.js';
import { sha256 } from '../../store/index.js';
import { canonicalJson } from './canonical-json.js';
import { DEFAULT_RULES, FALLBACK_DEFAULTS, LOCKED_DEFAULTS } from './defaults.js';
import {
  type CompiledMatcher,
  compileActionPattern,
  compileArgvPattern,
  compileFlagGroups,
  compileHostPattern,
  compilePathGlob,
  mayMatchPath,
} from './matchers.js';

export interface CompiledRule {
  id: string;
  decision: Decision;
  reasonCode: ReasonCode;
  reason: string;
  /** Where it came from; decides its tier (see evaluate.ts). */
  origin: 'session' | 'user' | 'locked' | 'default' | 'fallback';
  sessionId: string | null;
  actions: CompiledMatcher<string>[];
  /** Returns the specificity of the match, or -1 when the rule does not match. */
  match(request: PolicyRequest): number;
}

export interface CompiledPolicy {
  version: number;
  /** Set when the file's version is unknown: every request is then denied. */
  unknownVersion: boolean;
  rules: CompiledRule[];
  allowHosts: CompiledMatcher<{ host: string; port?: number | undefined }>[];
  hash: string;
  source: ParsedPolicyFile;
  /**
   * Cowork's own data folder(s), real paths resolved once at start: no operation reaches them,
   * whatever the grants and rules (see evaluate.ts). Not part of the hash: it is where the policy
   * lives, not what it says.
   */
  coworkData: readonly string[];
}

export interface CompileOptions {
  /** Real paths of Cowork's own data folder. */
  coworkData?: readonly string[];
}

/** A policy with no file: the built-in defaults only. */
export const EMPTY_POLICY_FILE: ParsedPolicyFile = {
  version: 1,
  network: { allowHosts: [] },
  sandbox: { allowUnsandboxed: false },
  disableDefaults: [],
  rules: [],
};

/**
 * Validates and compiles a policy, then checks every rule's inline examples. A policy whose
 * examples fail does not load: the error names the rule and the example.
 */
export function compilePolicy(
  input: unknown,
  home = homedir(),
  options: CompileOptions = {},
): CompiledPolicy {
  const parsed = PolicyFile.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Invalid policy: ${issue ? issueLine(issue, '(root)') : 'unreadable'}`,
      { issues: issueList(parsed.error, 20) },
    );
  }
  const file = parsed.data;
  const lockedDisabled = file.disableDefaults.filter((id) => LOCKED_DEFAULTS.has(id));
  if (lockedDisabled.length > 0) {
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Invalid policy: built-in rule "${lockedDisabled[0]}" cannot be disabled.`,
    );
  }
  const ids = new Set<string>();
  for (const rule of file.rules) {
    if (rule.id.startsWith('default.')) {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `Invalid policy: rule id "${rule.id}" is reserved for built-in rules.`,
      );
    }
    if (ids.has(rule.id))
      throw new CoworkError('INVALID_ARGUMENTS', `Invalid policy: duplicate rule id "${rule.id}".`);
    ids.add(rule.id);
  }

  const defaults = DEFAULT_RULES.filter((r) => !file.disableDefaults.includes(r.id));
  const rules = [
    ...file.rules.map((r) => compileRule(r, 'user', null, home)),
    ...defaults.map((r) => compileRule(r, defaultOrigin(r.id), null, home)),
  ];
  for (const [i, rule] of [...file.rules, ...defaults].entries()) checkExamples(rule, rules[i]!);

  let allowHosts: CompiledPolicy['allowHosts'];
  try {
    allowHosts = file.network.allowHosts.map((h) => compileHostPattern(h));
  } catch (err) {
    throw new CoworkError(
      'INVALID_ARGUMENTS',
      `Invalid policy: network.allowHosts: ${(err as Error).message}`,
    );
  }
  const unknownVersion = !(KNOWN_POLICY_VERSIONS as readonly number[]).includes(file.version);
  const hash = sha256(
    canonicalJson({ version: file.version, network: file.network, rules: [...file.rules, ...defaults] }),
  );
  const coworkData = options.coworkData ?? [];
  return { version: file.version, unknownVersion, rules, allowHosts, hash, source: file, coworkData };
}

function defaultOrigin(id: string): CompiledRule['origin'] {
  return LOCKED_DEFAULTS.has(id) ? 'locked' : FALLBACK_DEFAULTS.has(id) ? 'fallback' : 'default';
}

/** Compiles one rule. Session rules (from "approve for this session") use this too. */
export function compileRule(
  rule: ParsedRule,
  origin: CompiledRule['origin'],
  sessionId: string | null,
  home = homedir(),
): CompiledRule {
  const where = `rule "${rule.id}"`;
  const compileAll = <T>(items: readonly T[] | undefined, fn: (t: T) => CompiledMatcher<never>) => {
    try {
      return items?.map(fn);
    } catch (err) {
      throw new CoworkError('INVALID_ARGUMENTS', `Invalid policy: ${where}: ${(err as Error).message}`);
    }
  };
  const m = rule.match;
  const builtIn = origin === 'default' || origin === 'locked' || origin === 'fallback';
  const paths = compileAll(m.paths, (g) => compilePathGlob(g, home, rule.decision !== 'allow', builtIn)) as
    | CompiledMatcher<string>[]
    | undefined;
  const argv = compileAll(m.argv, compileArgvPattern) as CompiledMatcher<readonly string[]>[] | undefined;
  const flags = m.flags ? compileFlagGroups(m.flags) : undefined;
  const hosts = compileAll(m.hosts, compileHostPattern) as
    | CompiledMatcher<{ host: string; port?: number | undefined }>[]
    | undefined;
  const servers = compileAll(m.mcpServers, compileActionPattern) as CompiledMatcher<string>[] | undefined;
  const tools = compileAll(m.mcpTools, compileActionPattern) as CompiledMatcher<string>[] | undefined;
  const actions = (Array.isArray(rule.action) ? rule.action : [rule.action]).map(compileActionPattern);

  /** Best specificity among the matchers of one kind, or -1 if none matches; 0 if the kind is absent. */
  const best = <T>(matchers: CompiledMatcher<T>[] | undefined, value: T | undefined): number => {
    if (!matchers) return 0;
    if (value === undefined) return -1;
    let score = -1;
    for (const mm of matchers) if (mm.specificity > score && mm.test(value)) score = mm.specificity;
    return score;
  };

  /**
   * `best` for path globs: a glob whose literal characters the path lacks is skipped before its
   * regular expression runs (or is even built), which is nearly every glob of the long built-in lists.
   */
  const bestPath = (path: string | undefined): number => {
    if (!paths) return 0;
    if (path === undefined) return -1;
    const lower = path.toLowerCase();
    let score = -1;
    for (const mm of paths)
      if (mm.specificity > score && mayMatchPath(mm, lower) && mm.test(path)) score = mm.specificity;
    return score;
  };

  return {
    id: rule.id,
    decision: rule.decision,
    reasonCode: rule.reasonCode,
    reason: rule.reason,
    origin,
    sessionId,
    actions,
    match(request) {
      if (this.sessionId !== null && request.sessionId !== this.sessionId) return -1;
      const action = best(actions, request.action);
      if (action < 0) return -1;
      if (m.minCount !== undefined && (request.count ?? 1) < m.minCount) return -1;
      if (m.overwrite !== undefined && (request.overwrite ?? false) !== m.overwrite) return -1;
      if (m.agentCreated !== undefined && (request.agentCreated ?? false) !== m.agentCreated) return -1;
      const scores = [
        bestPath(request.path),
        best(argv, request.argv),
        best(flags && [flags], request.argv),
        best(hosts, request.host === undefined ? undefined : { host: request.host, port: request.port }),
        best(servers, request.mcp?.server),
        best(tools, request.mcp?.tool),
      ];
      if (scores.some((s) => s < 0)) return -1;
      const facts =
        (m.minCount ? 5 : 0) + (m.overwrite !== undefined ? 5 : 0) + (m.agentCreated !== undefined ? 5 : 0);
      return scores.reduce((a, b) => a + b, 0) + action + facts;
    },
  };
}

function checkExamples(rule: ParsedRule, compiled: CompiledRule): void {
  const defaultAction = (Array.isArray(rule.action) ? rule.action : [rule.action]).find(
    (a) => !a.includes('*'),
  );
  const toRequest = (ex: PolicyExample): PolicyRequest => {
    const { action, ...rest } = ex;
    return { action: action ?? defaultAction ?? 'fs.read', ...rest };
  };
  const check = (kind: 'match' | 'not_match', list: PolicyExample[]) => {
    list.forEach((ex, i) => {
      const matched = compiled.match(toRequest(ex)) >= 0;
      if (matched !== (kind === 'match')) {
        throw new CoworkError(
          'INVALID_ARGUMENTS',
          `Invalid policy: rule "${rule.id}" example ${kind}[${i}] ${JSON.stringify(ex)} ${kind === 'match' ? 'does not match the rule' : 'matches the rule but must not'}.`,
          { ruleId: rule.id, example: ex, kind, index: i },
        );
      }
    });
  };
  check('match', rule.examples?.match ?? []);
  check('not_match', rule.examples?.not_match ?? []);
}
