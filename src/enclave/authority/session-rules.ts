/**
 * "Approve for this session": a narrow allow rule for exactly what was approved (this action on
 * this path, this command line, this host, this MCP tool), for this session only. Kept in SQLite
 * so a restarted daemon still knows what the person approved.
 */
import type { ParsedRule, PolicyRequest } from '../../contracts/index.js';
import type { Database } from '../../store/index.js';
import { type CompiledRule, compileRule } from '../policy/compile.js';

export class SessionRules {
  readonly #rules = new Map<string, CompiledRule[]>();

  constructor(
    private readonly db: Database,
    /** The person's home, for `~` in rules. */
    private readonly home: string,
  ) {
    const rows = db.prepare('SELECT session_id, rule FROM session_rules ORDER BY created_at').all() as {
      session_id: string;
      rule: string;
    }[];
    for (const row of rows) this.#keep(row.session_id, JSON.parse(row.rule) as ParsedRule);
  }

  /** The session's rules, if it has any. */
  for(sessionId: string | null | undefined): readonly CompiledRule[] | undefined {
    return sessionId ? this.#rules.get(sessionId) : undefined;
  }

  /** Adds the rule for an approved request; false when none can be made (a path that looks like a glob). */
  add(approvalId: string, sessionId: string, request: PolicyRequest): boolean {
    const rule = sessionRuleFor(approvalId, request);
    if (!rule) return false;
    this.db
      .prepare('INSERT OR REPLACE INTO session_rules (id, session_id, rule, created_at) VALUES (?, ?, ?, ?)')
      .run(rule.id, sessionId, JSON.stringify(rule), new Date().toISOString());
    this.#keep(sessionId, rule);
    return true;
  }

  #keep(sessionId: string, rule: ParsedRule): void {
    const compiled = compileRule(rule, 'session', sessionId, this.home);
    this.#rules.set(sessionId, [...(this.#rules.get(sessionId) ?? []), compiled]);
  }
}

/** The narrowest rule allowing exactly the approved request; none for paths that look like globs. */
function sessionRuleFor(approvalId: string, request: PolicyRequest): ParsedRule | undefined {
  const match: ParsedRule['match'] = {};
  if (request.path !== undefined) {
    if (/[*?]/.test(request.path)) return undefined;
    match.paths = [request.path];
  }
  if (request.argv) match.argv = [[...request.argv, '$']];
  if (request.host) match.hosts = [request.port ? `${request.host}:${request.port}` : request.host];
  if (request.mcp) {
    match.mcpServers = [request.mcp.server];
    match.mcpTools = [request.mcp.tool];
  }
  return {
    id: `session.${approvalId}`,
    action: request.action,
    match,
    decision: 'allow',
    reasonCode: 'SESSION_RULE',
    reason: 'Approved for this session',
  };
}
