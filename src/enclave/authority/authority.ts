/**
 * What the door decides with: the policy in force (the person's file and the built-in rules), the
 * folders they granted, and the rules they approved for a session. Every change of authority is
 * reported to `onChange`, which audits it and tells the person's clients.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PolicyDecision, PolicyRequest } from '../../contracts/index.js';
import { type Database, writeFileAtomic } from '../../store/index.js';
import type { CallContext } from '../plan.js';
import { type CompiledPolicy, compilePolicy } from '../policy/compile.js';
import { evaluate, type Grant, isWithin } from '../policy/evaluate.js';
import { loadPolicyFile, parsePolicyText } from '../policy/load.js';
import { GrantStore, type ListedGrant, type RunGrantHold } from './grant-store.js';
import { SessionRules } from './session-rules.js';

export type AuthorityChange =
  | 'grants.add'
  | 'grants.remove'
  /** A grant for one run only: added as the run starts, dropped when it ends. */
  | 'grants.run-add'
  | 'grants.run-drop'
  | 'policy.set'
  | 'policy.reload'
  | 'policy.session-rule';

export interface AuthorityOptions {
  db: Database;
  policyFile: string;
  /** The person's home, for `~` in policies. */
  home: string;
  /** Cowork's data folder, its real path: hidden by every decision, even inside a grant. */
  dataDir: string;
  onChange(action: AuthorityChange, target: string, actor: CallContext['actor']): void;
}

export class Authority {
  readonly grants: GrantStore;
  readonly #sessionRules: SessionRules;
  #policy: CompiledPolicy;

  constructor(private readonly opts: AuthorityOptions) {
    this.grants = new GrantStore(opts.db);
    this.#sessionRules = new SessionRules(opts.db, opts.home);
    this.#policy = loadPolicyFile(opts.policyFile, opts.home, this.#compileOptions());
  }

  get policy(): CompiledPolicy {
    return this.#policy;
  }

  /** A request's decision under the policy, the live grants and the session's approved rules. */
  evaluate(request: PolicyRequest): PolicyDecision {
    const sessionRules = this.#sessionRules.for(request.sessionId);
    return evaluate(this.#policy, request, {
      grants: this.grants.list(),
      ...(sessionRules ? { sessionRules } : {}),
    });
  }

  /** The policy file's text, or null when only the built-in rules apply. */
  policyText(): string | null {
    return existsSync(this.opts.policyFile) ? readFileSync(this.opts.policyFile, 'utf8') : null;
  }

  /**
   * Replaces the policy file. The new text must compile — schema, patterns and every inline
   * example — before it is written; otherwise nothing changes.
   */
  setPolicyText(text: string, actor: CallContext['actor']): CompiledPolicy {
    const compiled = compilePolicy(parsePolicyText(text, 'policy'), this.opts.home, this.#compileOptions());
    writeFileAtomic(this.opts.policyFile, text, 0o600);
    this.#policy = compiled;
    this.opts.onChange('policy.set', `policy ${compiled.hash}`, actor);
    return compiled;
  }

  /**
   * Re-reads the policy file (`policy.reload`, or an edit the watcher saw) under the rule of
   * setPolicyText: it must compile, or the previous policy stays in force and the error is thrown.
   * A policy that differs from the one in force is reported like `policy.set`; the file Cowork
   * itself just wrote compiles to the same hash, so it is not reported twice.
   */
  reloadPolicy(actor: CallContext['actor']): CompiledPolicy {
    const compiled = loadPolicyFile(this.opts.policyFile, this.opts.home, this.#compileOptions());
    if (compiled.hash === this.#policy.hash) return this.#policy;
    this.#policy = compiled;
    this.opts.onChange('policy.reload', `policy ${compiled.hash}`, actor);
    return compiled;
  }

  /** "Approve for this session" (see session-rules.ts); audited. */
  addSessionRule(approvalId: string, sessionId: string, request: PolicyRequest): void {
    if (!this.#sessionRules.add(approvalId, sessionId, request)) return;
    this.opts.onChange(
      'policy.session-rule',
      `${sessionId}: ${request.action} ${request.path ?? request.argv?.join(' ') ?? request.host ?? ''}`,
      'user',
    );
  }

  /** The grants, each marked when Cowork's own data folder lies inside it (it stays hidden there). */
  grantList(): (ListedGrant & { containsCoworkData: boolean })[] {
    return this.grants.list().map((g) => ({ ...g, containsCoworkData: isWithin(this.opts.dataDir, g.path) }));
  }

  addGrant(path: string, mode: Grant['mode'], actor: CallContext['actor']): Grant {
    const grant = this.grants.add(path, mode);
    this.opts.onChange('grants.add', `${grant.path} (${mode})`, actor);
    return grant;
  }

  /**
   * A grant of `path` for the run being started (see RunGrantHold); audited once it is bound to
   * the run, before the run has done anything.
   */
  holdRunGrant(path: string, mode: Grant['mode'], actor: CallContext['actor']): RunGrantHold {
    const hold = this.grants.holdForRun(path, mode);
    return {
      grant: hold.grant,
      bind: (runId) => {
        hold.bind(runId);
        this.opts.onChange('grants.run-add', `${hold.grant.path} (${mode}) for run ${runId} only`, actor);
      },
      release: () => hold.release(),
    };
  }

  /** Ends the grants a run was given (it ended: `why`); each drop audited. */
  dropRunGrants(runId: string, why: string): void {
    for (const g of this.grants.dropRun(runId))
      this.opts.onChange('grants.run-drop', `${g.path} (${g.mode}): run ${runId} ${why}`, 'system');
  }

  removeGrant(path: string, actor: CallContext['actor']): boolean {
    const removed = this.grants.remove(path);
    if (removed) this.opts.onChange('grants.remove', path, actor);
    return removed;
  }

  #compileOptions() {
    return { coworkData: [this.opts.dataDir] };
  }
}
