/**
 * The single door. Every side effect on the person's machine is planned here (paths resolved,
 * facts gathered), decided (policy), recorded (audit, before anything happens), possibly put to
 * the person (approval), re-checked against the live grants, performed by a broker, and recorded
 * again with its outcome.
 */

import { chmodSync, existsSync, lstatSync, readFileSync, realpathSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as z from 'zod/mini';
import type { ParsedRule } from '../contracts/index.js';
import {
  CoworkError,
  type ErrorInfo,
  type PolicyCheckParams,
  type PolicyDecision,
  type PolicyRequest,
  type ToolResult,
} from '../contracts/index.js';
import { type Database, type EventLog, homePaths, writeFileAtomic } from '../store/index.js';
import { ApprovalStore } from './approvals.js';
import { AuditLog, sha256 } from './audit/audit-log.js';
import { clip, redactText, redactValue } from './audit/redact.js';
import { AuditSigner, type KeyStore } from './audit/signing.js';
import type { BrowserBroker } from './browser/browser-broker.js';
import type { BrowserPage } from './browser/browser-page.js';
import type { PtyOptions, PtyProcess } from './exec/plan-pty.js';
import type { SandboxedProcess } from './exec/process-broker.js';
import * as fsBroker from './fs-broker.js';
import { type FileOperation, planFileOperation, planStreamWrite } from './fs-plan.js';
import { GrantStore } from './grants.js';
import type { EgressProxy } from './net/egress-proxy.js';
import { type OperationArgs, operationArgs } from './operations.js';
import { completeFolder } from './paths/complete-folder.js';
import { type ResolvedPath, resolveSafePath } from './paths/resolve.js';
import type { CallContext, FileImage, Plan, PlanContext } from './plan.js';
import { canonicalJson } from './policy/canonical-json.js';
import { type CompiledPolicy, type CompiledRule, compilePolicy, compileRule } from './policy/compile.js';
import { evaluate, type Grant, grantFor, isWithin } from './policy/evaluate.js';
import { loadPolicyFile, parsePolicyText } from './policy/load.js';
import { checkedCall, REQUEST_ONLY_ACTIONS, requestOnlyCall } from './policy-check.js';
import type { FolderChange, FolderWatch } from './watch/folder-watcher.js';

export interface EnclaveOptions {
  db: Database;
  events: EventLog;
  /** Cowork's own data folder (trash lives here; never inside a grant). */
  dataDir: string;
  policyFile: string;
  /** The person's home, for `~` in policies. */
  userHome?: string;
  /**
   * The secret store holding the audit log's signing key (created on first use). Without it the
   * audit log is hash-chained but unsigned, and exports cannot be signed.
   */
  secrets?: KeyStore;
}

const RANK = { deny: 3, ask_user: 2, allow: 1 } as const;

export class Enclave {
  readonly grants: GrantStore;
  readonly audit: AuditLog;
  readonly approvals: ApprovalStore;
  #policy: CompiledPolicy;
  #egress: EgressProxy | undefined;
  #browser: BrowserBroker | undefined;
  #sessionRules: Map<string, CompiledRule[]>;
  readonly #serverProxies = new Map<string, EgressProxy>();
  readonly #agentFiles: { has: (p: string) => boolean; add: (p: string, s: string | null) => void };
  /** Cowork's data folder, symlinks resolved once at start: what every decision and sandbox hides. */
  readonly #dataDir: string;

  constructor(private readonly opts: EnclaveOptions) {
    const { db, events } = opts;
    this.#dataDir = realDataDir(opts.dataDir);
    // Everything the event log keeps (tool arguments, commands, approvals) is redacted first.
    events.setRedactor(redactValue);
    this.grants = new GrantStore(db);
    const { secrets } = opts;
    this.audit = new AuditLog(db, secrets ? () => loadSigner(secrets, opts.dataDir) : undefined);
    this.approvals = new ApprovalStore(db, ({ type, approval, decision, request }) => {
      events.append({ type, sessionId: approval.sessionId, payload: { approval, decision } });
      if (decision?.status === 'approved' && decision.scope === 'session' && request && approval.sessionId) {
        this.#addSessionRule(approval.id, approval.sessionId, request);
      }
    });
    this.#sessionRules = loadSessionRules(db, opts.userHome ?? homedir());
    this.#policy = loadPolicyFile(opts.policyFile, opts.userHome ?? homedir(), this.#compileOptions());
    const has = db.prepare('SELECT 1 FROM agent_files WHERE path = ?');
    const add = db.prepare(
      'INSERT OR IGNORE INTO agent_files (path, session_id, created_at) VALUES (?, ?, ?)',
    );
    this.#agentFiles = {
      has: (p) => has.get(p) !== undefined,
      add: (p, s) => add.run(p, s, new Date().toISOString()),
    };
  }

  #compileOptions() {
    return { coworkData: [this.#dataDir] };
  }

  /** The grants, each marked when Cowork's own data folder lies inside it (it stays hidden there). */
  grantList(): (Grant & { containsCoworkData: boolean })[] {
    return this.grants.list().map((g) => ({ ...g, containsCoworkData: isWithin(this.#dataDir, g.path) }));
  }

  get policy(): CompiledPolicy {
    return this.#policy;
  }

  /** The policy file's text, or null when only the built-in rules apply. */
  policyText(): string | null {
    return existsSync(this.opts.policyFile) ? readFileSync(this.opts.policyFile, 'utf8') : null;
  }

  /**
   * Replaces the policy file (from the UI's rules editor or the CLI). The new text must compile —
   * schema, patterns and every inline example — before it is written; otherwise nothing changes.
   */
  setPolicyText(text: string, actor: CallContext['actor'] = 'user'): CompiledPolicy {
    const compiled = compilePolicy(
      parsePolicyText(text, 'policy'),
      this.opts.userHome ?? homedir(),
      this.#compileOptions(),
    );
    writeFileAtomic(this.opts.policyFile, text, 0o600);
    this.#policy = compiled;
    this.#recordAuthorityChange('policy.set', `policy ${compiled.hash}`, actor);
    return compiled;
  }

  /** A file's current state (for checkpoints); files over 20 MB are recorded by size only. */
  currentImage(path: string): FileImage {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      return { kind: 'absent' };
    }
    if (stat.isDirectory()) return { kind: 'dir' };
    if (!stat.isFile()) return { kind: 'absent' };
    if (stat.size > MAX_IMAGE_BYTES) return { kind: 'too-large', size: stat.size };
    const resolved = resolveSafePath(path, '/', this.grants.list());
    const { data } = fsBroker.readFile(resolved, { maxBytes: MAX_IMAGE_BYTES });
    return { kind: 'file', data, mode: stat.mode & 0o7777 };
  }

  /**
   * Puts a path back into a recorded state (undo, revert). The person asked for it, so it is not put
   * to policy again, but it must still lie inside a read-write grant, and it is audited.
   */
  restoreImage(path: string, image: FileImage, trashPath?: string): void {
    const grant = grantFor(path, this.grants.list());
    if (grant?.mode !== 'rw')
      throw new CoworkError('PERMISSION_DENIED', `${path} is not inside a read-write grant.`);
    const target = resolveSafePath(path, '/', this.grants.list());
    const now = this.currentImage(path);
    if (image.kind === 'too-large')
      throw new CoworkError('CONFLICT', `${path} was too large to checkpoint; it cannot be restored.`);
    if (image.kind === 'absent') {
      if (now.kind !== 'absent') fsBroker.moveToTrash(target, homePaths(this.#dataDir).trash);
    } else if (image.kind === 'file') {
      if (now.kind === 'dir') throw new CoworkError('CONFLICT', `${path} is now a folder.`);
      let ancestor = dirname(target.real);
      while (!existsSync(ancestor)) ancestor = dirname(ancestor);
      fsBroker.makeDirectory(resolveSafePath(dirname(target.real), '/', this.grants.list()), ancestor);
      fsBroker.writeFile(resolveSafePath(path, '/', this.grants.list()), image.data);
      chmodSync(target.real, image.mode);
    } else if (now.kind === 'absent') {
      if (trashPath && existsSync(trashPath) && trashPath.startsWith(homePaths(this.#dataDir).trash)) {
        renameSync(trashPath, target.real);
      } else {
        let ancestor = dirname(target.real);
        while (!existsSync(ancestor)) ancestor = dirname(ancestor);
        fsBroker.makeDirectory(target, ancestor);
      }
    }
    this.#recordAuthorityChange('checkpoint.restore', path, 'user');
  }

  /** Re-reads the policy file; on error the previous policy stays in force and the error is thrown. */
  reloadPolicy(): CompiledPolicy {
    this.#policy = loadPolicyFile(
      this.opts.policyFile,
      this.opts.userHome ?? homedir(),
      this.#compileOptions(),
    );
    return this.#policy;
  }

  /**
   * "Approve for this session": a narrow allow rule for exactly what was approved (this action on
   * this path, this command line, this host, this MCP tool), for this session only. Audited.
   */
  #addSessionRule(approvalId: string, sessionId: string, request: PolicyRequest): void {
    const rule = sessionRuleFor(approvalId, request);
    if (!rule) return;
    this.opts.db
      .prepare('INSERT OR REPLACE INTO session_rules (id, session_id, rule, created_at) VALUES (?, ?, ?, ?)')
      .run(rule.id, sessionId, JSON.stringify(rule), new Date().toISOString());
    const compiled = compileRule(rule, 'session', sessionId, this.opts.userHome ?? homedir());
    this.#sessionRules.set(sessionId, [...(this.#sessionRules.get(sessionId) ?? []), compiled]);
    this.#recordAuthorityChange(
      'policy.session-rule',
      `${sessionId}: ${request.action} ${request.path ?? request.argv?.join(' ') ?? request.host ?? ''}`,
      'user',
    );
  }

  #evaluate(request: PolicyRequest): PolicyDecision {
    const sessionRules = request.sessionId ? this.#sessionRules.get(request.sessionId) : undefined;
    return evaluate(this.#policy, request, {
      grants: this.grants.list(),
      ...(sessionRules ? { sessionRules } : {}),
    });
  }

  /**
   * Puts a question from outside the door to the person (an MCP server asking to use the model, or
   * asking them for input): a durable approval like any other, its outcome audited.
   */
  async askPerson(input: {
    server: string;
    what: 'sampling' | 'elicitation';
    title: string;
    detail: string;
    timeoutMs?: number;
  }) {
    const decision: PolicyDecision = {
      decision: 'ask_user',
      reasonCode: 'MCP_TOOL_NOT_ALLOWED',
      ruleId: `mcp.${input.what}`,
      reason:
        input.what === 'sampling'
          ? `${input.server} asks to use your model`
          : `${input.server} asks you a question`,
      riskTags: input.what === 'sampling' ? ['network'] : [],
      riskScore: input.what === 'sampling' ? 40 : 10,
      policyHash: this.#policy.hash,
    };
    const request: PolicyRequest = { action: 'mcp.call', mcp: { server: input.server, tool: input.what } };
    const approval = this.approvals.create({
      kind: 'escalation',
      request,
      callKey: sha256(`${input.server}:${input.what}:${Date.now()}:${Math.random()}`),
      decision,
      title: input.title,
      detail: input.detail,
      ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
    });
    const answer = await this.approvals.wait(approval.id);
    this.#record(
      `mcp.${input.what}`,
      input.server,
      {
        ...decision,
        decision: answer.status === 'approved' ? 'allow' : 'deny',
        ruleId: `approval:${approval.id}`,
      },
      'mcp',
      { phase: 'decision', sandboxed: false },
    );
    return answer;
  }

  /** Grants a folder; recorded in the audit log and the event log like every change of authority. */
  addGrant(path: string, mode: 'ro' | 'rw', actor: CallContext['actor'] = 'user') {
    const grant = this.grants.add(path, mode);
    this.#recordAuthorityChange('grants.add', `${grant.path} (${mode})`, actor);
    return grant;
  }

  /** Folder paths starting with what the person typed, for the folder to grant (names only). */
  completeFolder(typed: string): Promise<string[]> {
    return completeFolder(typed, this.opts.userHome ?? homedir());
  }

  removeGrant(path: string, actor: CallContext['actor'] = 'user'): boolean {
    const removed = this.grants.remove(path);
    if (removed) this.#recordAuthorityChange('grants.remove', path, actor);
    return removed;
  }

  #recordAuthorityChange(action: string, target: string, actor: CallContext['actor']): void {
    const d: PolicyDecision = {
      decision: 'allow',
      reasonCode: 'USER_RULE',
      ruleId: null,
      reason: '',
      riskTags: [],
      riskScore: 0,
      policyHash: this.#policy.hash,
    };
    this.#record(action, target, d, actor, { phase: 'result', sandboxed: false });
    const type = action.startsWith('grants.')
      ? 'grants.changed'
      : action.startsWith('policy.')
        ? 'policy.changed'
        : 'checkpoint.restored';
    this.opts.events.append({
      type,
      payload: { action, target, ...(type === 'grants.changed' ? { grants: this.grantList() } : {}) },
    });
  }

  /**
   * Watches a folder for changes. Decided like listing it (and audited); afterwards only changes
   * to files the policy lets Cowork read are reported, and the watch ends by itself when the
   * folder's grant is removed.
   */
  async watch(
    path: string,
    ctx: CallContext,
    onChanges: (changes: FolderChange[]) => void,
    onError?: (err: Error) => void,
  ): Promise<FolderWatch> {
    let target: ResolvedPath;
    try {
      target = resolveSafePath(path, ctx.cwd ?? homedir(), this.grants.list());
    } catch (err) {
      throw err instanceof CoworkError ? err : new CoworkError('INVALID_ARGUMENTS', (err as Error).message);
    }
    let watch: FolderWatch | undefined;
    const result = await this.perform('fs.watch', { path: target.real }, ctx, {
      requests: [{ action: 'fs.list', path: target.real, sessionId: ctx.sessionId }],
      target: target.real,
      title: `Watch ${target.real} for changes`,
      recheck: [target],
      writes: false,
      effect: async () => {
        const { watchFolder } = await import('./watch/folder-watcher.js');
        watch = await watchFolder(target.real, {
          mayRead: (p) => this.readAllowed(p),
          stillGranted: () => grantFor(target.real, this.grants.list()) !== undefined,
          onChanges,
          ...(onError ? { onError } : {}),
        });
        return { content: [{ type: 'text', text: `Watching ${target.real}.` }] };
      },
    });
    if (!result.success || !watch)
      throw new CoworkError(
        result.error?.code ?? 'INTERNAL',
        result.error?.message ?? 'The folder cannot be watched.',
      );
    return watch;
  }

  /**
   * Starts a program in a pseudo-terminal (a terminal session): decided like the same command
   * (`pty.spawn`), approved if the policy asks, audited, sandboxed. Throws the refusal.
   */
  async spawnPty(opts: PtyOptions, ctx: CallContext): Promise<PtyProcess> {
    let started: PtyProcess | undefined;
    let plan: Plan;
    try {
      const { planPty } = await import('./exec/plan-pty.js');
      plan = await planPty(this.#planContext(), opts, ctx, (p) => {
        started = p;
      });
    } catch (err) {
      throw err instanceof CoworkError ? err : new CoworkError('INVALID_ARGUMENTS', (err as Error).message);
    }
    const result = await this.perform('pty.spawn', opts, ctx, plan);
    if (!result.success || !started)
      throw new CoworkError(
        result.error?.code ?? 'INTERNAL',
        result.error?.message ?? 'The terminal could not start.',
        result.error?.details,
      );
    return started;
  }

  /**
   * Types a command line into a terminal for the agent. An approved shell is not a blank cheque:
   * each line the agent types is decided like that command (`pty.spawn` requests from the same
   * shell-line analysis), audited, and approved if the policy asks — then sent with Enter.
   */
  async typeIntoTerminal(pty: PtyProcess, line: string, ctx: CallContext): Promise<ToolResult> {
    const { planCommand } = await import('./exec/plan-exec.js');
    let plan: Plan;
    try {
      const c = await planCommand(this.#planContext(), { command: line, cwd: pty.cwd }, ctx, 'pty.spawn');
      plan = {
        requests: c.requests,
        extraDecisions: c.extra,
        target: `terminal ${pty.pid}: ${clip(line, 2000)}`,
        title: `Type \`${clip(line, 300)}\` in the terminal (${c.cwd.real})`,
        detail: () => `Command:\n${line}\nTerminal started in: ${c.cwd.real}`,
        recheck: [c.cwd],
        writes: false,
        effect: () => {
          pty.write(`${line}\r`);
          return { content: [{ type: 'text', text: 'typed' }], sandboxed: pty.sandboxed };
        },
      };
    } catch (err) {
      const info = toErrorInfo(err);
      return {
        callId: 'pty.input',
        success: false,
        content: [],
        error: info,
        meta: { durationMs: 0, sandboxed: false, outputSpoolRef: null },
      };
    }
    return this.perform('pty.input', { line }, ctx, plan);
  }

  /**
   * A new browser session's page (its own cookies and storage). The browser's traffic goes through
   * an egress proxy admitting only hosts the policy allows; navigation and actions are decided here.
   */
  async openBrowser(): Promise<BrowserPage> {
    const { BrowserBroker } = await import('./browser/browser-broker.js');
    const { BrowserPage } = await import('./browser/browser-page.js');
    this.#browser ??= new BrowserBroker(this.opts.dataDir, {
      decideHost: (host, port) => this.#evaluate({ action: 'browser.navigate', host, port }),
      record: (d, target) =>
        this.#record('browser.connect', target, d, 'system', { phase: 'decision', sandboxed: false }),
    });
    const { page, context } = await this.#browser.newPage();
    return new BrowserPage(page, context, (name, args, ctx, plan) => this.perform(name, args, ctx, plan));
  }

  /**
   * Writes a file whose content arrives as a stream (an upload from the person's UI): planned,
   * decided, approved and audited as `fs.write` of that path; the broker then writes it atomically,
   * chunk by chunk. The source is read only once the write is allowed. Never throws.
   */
  writeStream(
    path: string,
    source: AsyncIterable<Uint8Array>,
    ctx: CallContext,
    limits: { size: number | undefined; maxBytes: number },
  ): Promise<ToolResult> {
    // The arguments an approval is bound to: this path, this many bytes, as an upload.
    const args = { path, stream: true, ...(limits.size === undefined ? {} : { size: limits.size }) };
    return this.perform('fs.write', args, ctx, () =>
      planStreamWrite(this.#planContext(), path, source, limits, ctx),
    );
  }

  /**
   * Runs one operation through the door and returns the tool result; never throws for bad input.
   * `external` is a plan made outside the normal planners — for a side effect the enclave cannot
   * perform itself (an MCP tool call), or made lazily (an upload) — and its arguments are not
   * checked against the operation's schema; it still goes through decision, audit, approval and
   * the result record here.
   */
  async perform(
    name: string,
    rawArgs: unknown,
    ctx: CallContext,
    external?: Plan | (() => Plan),
  ): Promise<ToolResult> {
    const started = performance.now();
    const callId = `${name}:${Date.now().toString(36)}`;
    const inputHash = sha256(canonicalJson(redactValue(rawArgs ?? null)));
    const record = (
      phase: 'decision' | 'result',
      d: PolicyDecision,
      target: string,
      extra: Partial<{ outputHash: string; durationMs: number; sandboxed: boolean }> = {},
    ) =>
      this.audit.append({
        phase,
        actor: ctx.actor,
        sessionId: ctx.sessionId,
        runId: ctx.runId,
        action: name,
        target,
        ...decisionFields(d),
        inputHash,
        outputHash: extra.outputHash ?? null,
        durationMs: extra.durationMs ?? null,
        sandboxed: extra.sandboxed ?? false,
      });
    const fail = (error: ErrorInfo): ToolResult => ({
      callId,
      success: false,
      content: [],
      error,
      meta: { durationMs: performance.now() - started, sandboxed: false, outputSpoolRef: null },
    });

    const planned = await this.#planAndDecide(name, rawArgs, ctx, external);
    if (planned.kind === 'refused') {
      record('decision', planned.decision, name);
      return fail(planned.error);
    }
    const { plan, decision } = planned;
    record('decision', decision, plan.target);

    if (decision.decision === 'deny') {
      return fail({ code: 'PERMISSION_DENIED', message: decision.reason, details: { decision } });
    }
    if (decision.decision === 'ask_user') {
      const callKey = sha256(canonicalJson({ name, args: rawArgs, target: plan.target }));
      const answer = await this.#askPerson(plan, decision, ctx, callKey);
      if (answer.kind === 'escalate') {
        return fail({
          code: 'PERMISSION_ESCALATION_REQUIRED',
          message: `Needs your approval: ${decision.reason}`,
          details: { approvalId: answer.approvalId, decision },
        });
      }
      const ruleId = `approval:${answer.approvalId}`;
      if (answer.kind === 'refused') {
        record('decision', { ...decision, decision: 'deny', ruleId, reason: answer.reason }, plan.target);
        return fail({
          code: 'PERMISSION_DENIED',
          message: `Not approved: ${answer.reason}`,
          details: { approvalId: answer.approvalId },
        });
      }
      record('decision', { ...decision, decision: 'allow', ruleId }, plan.target);
    }

    // Grants may have changed while the call waited: check them again right before acting.
    for (const r of plan.recheck) {
      const grant = grantFor(r.real, this.grants.list());
      const writes = plan.writes ?? (name !== 'fs.read' && name !== 'fs.list' && name !== 'fs.stat');
      if (!grant || (writes && grant.mode === 'ro')) {
        const d = this.#refusal('OUTSIDE_GRANT', `${r.real} is no longer inside a grant that allows this.`);
        record('decision', d, plan.target);
        return fail({ code: 'PERMISSION_DENIED', message: d.reason });
      }
    }

    const before =
      ctx.checkpoint && plan.touches?.length ? plan.touches.map((p) => this.currentImage(p)) : undefined;
    try {
      const {
        content,
        created,
        sandboxed = false,
        outputSpoolRef = null,
        error = null,
      } = await plan.effect();
      for (const p of created ?? []) if (ctx.actor === 'agent') this.#agentFiles.add(p, ctx.sessionId);
      if (before && ctx.checkpoint && error === null) {
        const trashPath = name === 'fs.delete' ? trashPathOf(content) : undefined;
        const changes = plan.touches!.map((path, i) => ({
          path,
          before: before[i]!,
          after: this.currentImage(path),
          ...(trashPath && before[i]!.kind === 'dir' ? { trashPath } : {}),
        }));
        ctx.checkpoint.record({ callId, action: name, changes });
      }
      const durationMs = performance.now() - started;
      record('result', { ...decision, decision: 'allow' }, plan.target, {
        outputHash: sha256(canonicalJson(content)),
        durationMs,
        sandboxed,
      });
      return {
        callId,
        success: error === null,
        content,
        error,
        meta: { durationMs, sandboxed, outputSpoolRef },
      };
    } catch (err) {
      const info = toErrorInfo(err);
      record('result', { ...decision, decision: 'allow' }, plan.target, {
        outputHash: sha256(canonicalJson(info)),
        durationMs: performance.now() - started,
      });
      return fail(info);
    }
  }

  /**
   * The door's first half, shared by `perform` and `dryRun`: the arguments checked against the
   * operation's schema, the plan made, and the decision combined from the plan's requests (policy,
   * with the session's rules) and the plan's own structural decisions. Nothing is recorded here.
   */
  async #planAndDecide(
    name: string,
    rawArgs: unknown,
    ctx: CallContext,
    external?: Plan | (() => Plan),
  ): Promise<
    | { kind: 'refused'; decision: PolicyDecision; error: ErrorInfo }
    | { kind: 'planned'; plan: Plan; decision: PolicyDecision }
  > {
    const schema = (operationArgs as Record<string, z.ZodMiniType>)[name];
    if (!schema && !external) {
      return {
        kind: 'refused',
        decision: { ...this.#refusal('INVALID_INPUT', 'unknown operation'), reasonCode: 'UNKNOWN_ACTION' },
        error: { code: 'INVALID_ARGUMENTS', message: `Unknown operation "${name}".` },
      };
    }
    const parsed = external ? { success: true as const, data: rawArgs } : schema!.safeParse(rawArgs);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 10)
        .map((i) => ({ path: i.path.join('.'), message: i.message }));
      return {
        kind: 'refused',
        decision: this.#refusal('INVALID_INPUT', 'invalid arguments'),
        error: { code: 'INVALID_ARGUMENTS', message: `Invalid arguments for ${name}.`, details: { issues } },
      };
    }
    let plan: Plan;
    try {
      plan =
        external === undefined
          ? await this.#makePlan(name, parsed.data, ctx)
          : typeof external === 'function'
            ? external()
            : external;
    } catch (err) {
      const error = toErrorInfo(err);
      const code = error.code === 'PERMISSION_DENIED' ? 'OUTSIDE_GRANT' : 'INVALID_INPUT';
      return { kind: 'refused', decision: this.#refusal(code, error.message), error };
    }
    return { kind: 'planned', plan, decision: this.#decidePlan(plan) };
  }

  /**
   * The decision the door would make for this call, reached the same way `perform` reaches it (the
   * same planner: paths resolved, the command parsed, hard links and facts checked), but nothing is
   * recorded, asked or done. `cowork policy check` is this. Operations that other modules plan
   * (`pty.spawn`; `mcp.call`, `browser.*`, `memory.remember`, whose plans are their one request) are
   * planned here as those modules plan them.
   */
  async dryRun(name: string, rawArgs: unknown, ctx: CallContext): Promise<PolicyDecision> {
    let external: Plan | undefined;
    if (name === 'pty.spawn') {
      const { planPty } = await import('./exec/plan-pty.js');
      const opts = { cols: 80, rows: 24, ...(rawArgs as Partial<PtyOptions>) };
      try {
        external = await planPty(this.#planContext(), opts, ctx, () => {});
      } catch (err) {
        const error = toErrorInfo(err);
        return this.#refusal(
          error.code === 'PERMISSION_DENIED' ? 'OUTSIDE_GRANT' : 'INVALID_INPUT',
          error.message,
        );
      }
    } else if (REQUEST_ONLY_ACTIONS.has(name)) {
      const request = requestOnlyCall(name, rawArgs, ctx.sessionId);
      external = {
        requests: [request],
        target: name,
        title: name,
        recheck: [],
        effect: () => ({ content: [] }),
      };
    }
    const planned = await this.#planAndDecide(name, rawArgs, ctx, external);
    return planned.decision;
  }

  /** `policy.check`: a request in the policy's terms (or an operation with its arguments), dry-run. */
  check(params: PolicyCheckParams): Promise<PolicyDecision> {
    const { name, args } = checkedCall(params);
    return this.dryRun(name, args, {
      actor: 'agent',
      sessionId: params.sessionId ?? null,
      runId: null,
      wait: false,
      ...(params.cwd === undefined ? {} : { cwd: params.cwd }),
    });
  }

  /**
   * Whether the door would let `path` be read now (a dry run of `fs.read`, synchronous): what a
   * folder watch reports and which memory hits are shown follow it.
   */
  readAllowed(path: string): boolean {
    try {
      const ctx: CallContext = { actor: 'system', sessionId: null, runId: null };
      const plan = planFileOperation(this.#planContext(), 'fs.read', { path, encoding: 'utf8' }, ctx);
      return this.#decidePlan(plan).decision === 'allow';
    } catch {
      return false; // gone, or not a safe path
    }
  }

  /** A plan's decision: its requests under the policy (with session rules) and its own decisions. */
  #decidePlan(plan: Plan): PolicyDecision {
    return this.#combine([...plan.requests.map((r) => this.#evaluate(r)), ...(plan.extraDecisions ?? [])]);
  }

  #refusal(code: 'INVALID_INPUT' | 'OUTSIDE_GRANT', message: string): PolicyDecision {
    return {
      decision: 'deny',
      reasonCode: code,
      ruleId: null,
      reason: message,
      riskTags: code === 'OUTSIDE_GRANT' ? ['outside-grant'] : [],
      riskScore: code === 'OUTSIDE_GRANT' ? 50 : 0,
      policyHash: this.#policy.hash,
    };
  }

  /** Closes the browser of browser sessions, if one was started. */
  async closeBrowser(): Promise<void> {
    await this.#browser?.close();
  }

  close(): void {
    void this.#browser?.close();
    this.#egress?.close();
    for (const p of this.#serverProxies.values()) p.close();
    this.approvals.close();
    this.audit.close();
  }

  #resolve(path: string, ctx: CallContext): ResolvedPath {
    const grants = this.grants.list();
    const cwd = ctx.cwd ?? (grants.length === 1 ? grants[0]!.path : undefined);
    if (cwd === undefined && !path.startsWith('/') && !path.startsWith('~')) {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        'Relative path without a working folder; give an absolute path.',
      );
    }
    return resolveSafePath(path, cwd ?? '/', grants);
  }

  async #makePlan(name: string, args: unknown, ctx: CallContext): Promise<Plan> {
    if (name === 'exec') {
      // Loaded on first use: commands pull in the shell parser and process spawning.
      const { planExec } = await import('./exec/plan-exec.js');
      return planExec(this.#planContext(), args as OperationArgs<'exec'>, ctx);
    }
    if (name === 'net.fetch') {
      const { planFetch } = await import('./net/fetch.js');
      return planFetch(args as OperationArgs<'net.fetch'>, ctx);
    }
    if (name === 'fs.search') {
      const { planSearch } = await import('./exec/plan-search.js');
      return planSearch(this.#planContext(), args as OperationArgs<'fs.search'>, ctx);
    }
    return planFileOperation(this.#planContext(), name as FileOperation, args as never, ctx);
  }

  #planContext(): PlanContext {
    return {
      policy: this.#policy,
      grants: this.grants.list(),
      dataDir: this.#dataDir,
      home: this.opts.userHome ?? homedir(),
      resolve: (path, ctx) => this.#resolve(path, ctx),
      agentCreated: (p) => this.#agentFiles.has(p),
      egressSocket: () => this.#egressSocket(),
    };
  }

  /**
   * Starts a long-running sandboxed process for an MCP stdio server the person configured: it sees
   * only the folders granted to that server (plus read-only paths its program needs) and reaches only
   * the hosts listed for it, through its own audited egress proxy.
   */
  async startServerProcess(input: {
    name: string;
    argv: string[];
    grants: readonly Grant[];
    hosts: readonly string[];
    env: Record<string, string>;
  }): Promise<SandboxedProcess> {
    const { programPaths, startSandboxedProcess } = await import('./exec/process-broker.js');
    const { compileHostPattern } = await import('./policy/matchers.js');
    const { socatAvailable } = await import('./exec/linux-bwrap.js');
    let proxySocket: string | undefined;
    if (input.hosts.length > 0 && socatAvailable()) {
      const { EgressProxy } = await import('./net/egress-proxy.js');
      const allowed = input.hosts.map((h) => compileHostPattern(h));
      const proxy = new EgressProxy(join(homePaths(this.opts.dataDir).run, `mcp-${input.name}.sock`), {
        decide: (host, port) => {
          const hit = allowed.find((h) => h.test({ host, port }));
          return {
            decision: hit ? 'allow' : 'deny',
            reasonCode: hit ? 'HOST_ALLOWED' : 'HOST_NOT_ALLOWED',
            ruleId: hit ? `mcp:${input.name}:hosts` : null,
            reason: hit ? `${host} is listed for ${input.name}` : `${host} is not listed for ${input.name}`,
            riskTags: ['network'],
            riskScore: 30,
            policyHash: this.#policy.hash,
          };
        },
        record: (d, target) => this.#record('net.connect', target, d, 'mcp'),
      });
      await proxy.start();
      this.#serverProxies.set(input.name, proxy);
      proxySocket = proxy.socketPath;
    }
    const grants = [...input.grants, ...programPaths(input.argv)];
    const started = startSandboxedProcess({
      argv: input.argv,
      grants,
      env: input.env,
      proxySocket,
      dataDir: this.#dataDir,
    });
    this.#record(
      'mcp.start',
      `${input.name}: ${clip(input.argv.join(' '), 500)}`,
      {
        decision: 'allow',
        reasonCode: 'USER_RULE',
        ruleId: `mcp:${input.name}`,
        reason: 'An MCP server the person configured',
        riskTags: ['exec'],
        riskScore: 40,
        policyHash: this.#policy.hash,
      },
      'user',
    );
    started.child.once('exit', () => {
      this.#serverProxies.get(input.name)?.close();
      this.#serverProxies.delete(input.name);
    });
    return started;
  }

  #record(
    action: string,
    target: string,
    d: PolicyDecision,
    actor: CallContext['actor'],
    how: { phase: 'decision' | 'result'; sandboxed: boolean } = { phase: 'decision', sandboxed: true },
  ): void {
    this.audit.append({
      ...how,
      actor,
      sessionId: null,
      runId: null,
      action,
      target,
      ...decisionFields(d),
      inputHash: null,
      outputHash: null,
      durationMs: null,
    });
  }

  /** Commands get network only when the policy lists hosts and socat can bridge to the proxy. */
  async #egressSocket(): Promise<string | undefined> {
    const { socatAvailable } = await import('./exec/linux-bwrap.js');
    if (this.#policy.allowHosts.length === 0 || !socatAvailable()) return undefined;
    const { EgressProxy } = await import('./net/egress-proxy.js');
    this.#egress ??= new EgressProxy(homePaths(this.opts.dataDir).egressSocket, {
      decide: (host, port) =>
        evaluate(this.#policy, { action: 'net.fetch', host, port }, { grants: this.grants.list() }),
      record: (d, target) => this.#record('net.connect', target, d, 'agent'),
    });
    await this.#egress.start();
    return this.#egress.socketPath;
  }

  #combine(decisions: PolicyDecision[]): PolicyDecision {
    return decisions.reduce((worst, d) =>
      RANK[d.decision] > RANK[worst.decision] ||
      (RANK[d.decision] === RANK[worst.decision] && d.riskScore > worst.riskScore)
        ? d
        : worst,
    );
  }

  async #askPerson(
    plan: Plan,
    decision: PolicyDecision,
    ctx: CallContext,
    callKey: string,
  ): Promise<
    | { kind: 'approved' | 'escalate'; approvalId: string }
    | { kind: 'refused'; approvalId: string; reason: string }
  > {
    const primary = plan.requests[0]!;
    const mode = ctx.autoApprove?.(decision, primary.action);
    if (mode) return { kind: 'approved', approvalId: mode };
    if (ctx.approvalId && this.approvals.consumeFor(ctx.approvalId, callKey)) {
      return { kind: 'approved', approvalId: ctx.approvalId };
    }
    const approval = this.approvals.create({
      request: primary,
      callKey,
      decision,
      title: plan.title,
      detail: [
        plan.title,
        `Rule: ${decision.ruleId ?? '(none)'} — ${decision.reason}`,
        `Risk: ${decision.riskScore}/100 ${decision.riskTags.join(', ')}`,
        safeDetail(plan),
      ]
        .filter(Boolean)
        .join('\n'),
      runId: ctx.runId,
      ...(ctx.approvalTimeoutMs === undefined ? {} : { timeoutMs: ctx.approvalTimeoutMs }),
    });
    if (ctx.wait === false) return { kind: 'escalate', approvalId: approval.id };
    const answer = await this.approvals.wait(approval.id);
    if (answer.status === 'approved') {
      this.approvals.consumeFor(approval.id, callKey);
      return { kind: 'approved', approvalId: approval.id };
    }
    return { kind: 'refused', approvalId: approval.id, reason: answer.reason ?? answer.status };
  }
}

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/**
 * The data folder's real path: a data folder reached through a symlink must be hidden where it
 * really is (the sandbox masks real paths; decisions see real paths).
 */
function realDataDir(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}

/** The audit key; its public half is written to the data folder so exports can be checked offline. */
function loadSigner(secrets: KeyStore, dataDir: string): AuditSigner {
  const signer = AuditSigner.load(secrets);
  const file = homePaths(dataDir).auditPublicKey;
  const line = `${signer.publicKey}\n`;
  if (!existsSync(file) || readFileSync(file, 'utf8') !== line) writeFileAtomic(file, line, 0o644);
  return signer;
}

/** The plan's detail (a diff…), capped; a failure to build it never blocks the approval itself. */
function safeDetail(plan: Plan): string {
  try {
    const text = plan.detail?.() ?? '';
    return text.length > 20_000 ? `${clip(text, 20_000)}\n[diff truncated]` : redactText(text);
  } catch {
    return '';
  }
}

/** The part of an audit envelope that is the decision itself. */
function decisionFields(d: PolicyDecision) {
  const { decision, ruleId, reasonCode, riskTags, riskScore, policyHash } = d;
  return { decision, ruleId, reasonCode, riskTags, riskScore, policyHash };
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

function loadSessionRules(db: Database, home: string): Map<string, CompiledRule[]> {
  const rules = new Map<string, CompiledRule[]>();
  for (const row of db.prepare('SELECT session_id, rule FROM session_rules ORDER BY created_at').all() as {
    session_id: string;
    rule: string;
  }[]) {
    const compiled = compileRule(JSON.parse(row.rule) as ParsedRule, 'session', row.session_id, home);
    rules.set(row.session_id, [...(rules.get(row.session_id) ?? []), compiled]);
  }
  return rules;
}

function trashPathOf(content: ToolResult['content']): string | undefined {
  const first = content[0];
  if (first?.type !== 'text') return undefined;
  try {
    return (JSON.parse(first.text) as { trashPath?: string }).trashPath;
  } catch {
    return undefined;
  }
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof CoworkError) return err.toInfo();
  const code = (err as NodeJS.ErrnoException)?.code;
  return { code: 'INTERNAL', message: code ? `System error ${code}.` : 'Internal error.' };
}
