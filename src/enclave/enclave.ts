/**
 * The enclave: the single door (door.ts) and what it decides with (authority/), put together, and
 * the entry points other modules use. Each entry point that acts on the machine plans its call and
 * sends it through the door; none acts on its own.
 */

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import {
  CoworkError,
  type ErrorInfo,
  type McpServerReview,
  type PolicyCheckParams,
  type PolicyDecision,
  type ToolResult,
  toErrorInfo,
} from '../contracts/index.js';
import {
  type Database,
  type EventLog,
  homePaths,
  type Logger,
  sha256,
  writeFileAtomic,
} from '../store/index.js';
import { ApprovalStore } from './approvals.js';
import { AuditLog } from './audit/audit-log.js';
import { redactValue } from './audit/redact.js';
import { AuditSigner, type KeyStore } from './audit/signing.js';
import { AgentFiles } from './authority/agent-files.js';
import { Authority, type AuthorityChange } from './authority/authority.js';
import type { GrantStore, ListedGrant, RunGrantHold } from './authority/grant-store.js';
import { followPolicyFile } from './authority/policy-file-watch.js';
import type { BrowserBroker } from './brokers/browser.js';
import * as fsBroker from './brokers/fs.js';
import type { SandboxedProcess } from './brokers/process.js';
import type { BrowserPage } from './browser/browser-page.js';
import { CheckpointImages } from './checkpoint-images.js';
import { Door, type ExternalPlan } from './door.js';
import { FileSetJournal, recoverFileSets } from './file-sets/file-set-journal.js';
import { type FileSetChange, type FileSetWords, planFileSet } from './file-sets/plan-file-set.js';
import {
  type LanguageServerName,
  type LanguageServerStart,
  LanguageServers,
  type StartedLanguageServer,
} from './language-servers.js';
import { failedResult } from './local-tools.js';
import { askAboutMcp, type McpQuestion } from './mcp-questions.js';
import type { EgressProxy } from './net/egress-proxy.js';
import { completeFolder } from './paths/complete-folder.js';
import { type ResolvedPath, resolveSafePath } from './paths/resolve.js';
import type { CallContext, EditNote, FileImage, Plan, PlanContext } from './plan.js';
import { planBytesRead, planFileOperation, planStreamWrite, type StreamWriteWords } from './planners/fs.js';
import type { PtyOptions, PtyProcess } from './planners/pty.js';
import { planWatch } from './planners/watch.js';
import type { CompiledPolicy } from './policy/compile.js';
import { doorDecision } from './policy/decisions.js';
import { evaluate, grantFor } from './policy/evaluate.js';
import { checkedCall } from './policy-check.js';
import { ServerProcesses, type ServerProcessInput } from './server-processes.js';
import { sweepOrphanTemps } from './temp-sweep.js';
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

export class Enclave {
  readonly audit: AuditLog;
  readonly approvals: ApprovalStore;
  readonly #authority: Authority;
  readonly #door: Door;
  readonly #images: CheckpointImages;
  readonly #servers: ServerProcesses;
  readonly #languageServers: LanguageServers;
  readonly #agentFiles: AgentFiles;
  readonly #fileSets: FileSetJournal;
  #egress: EgressProxy | undefined;
  #stopPolicyWatch: (() => void) | undefined;
  #browser: BrowserBroker | undefined;
  /** Cowork's data folder, symlinks resolved once at start: what every decision and sandbox hides. */
  readonly #dataDir: string;

  constructor(private readonly opts: EnclaveOptions) {
    const { db, events } = opts;
    this.#dataDir = realDataDir(opts.dataDir);
    // Everything the event log keeps (tool arguments, commands, approvals) is redacted first.
    events.setRedactor(redactValue);
    const { secrets } = opts;
    this.audit = new AuditLog(db, secrets ? () => loadSigner(secrets, opts.dataDir) : undefined);
    this.approvals = new ApprovalStore(db, ({ type, approval, decision, request }) => {
      events.append({ type, sessionId: approval.sessionId, payload: { approval, decision } });
      if (decision?.status === 'approved' && decision.scope === 'session' && request && approval.sessionId) {
        this.#authority.addSessionRule(approval.id, approval.sessionId, request);
      }
    });
    this.#authority = new Authority({
      db,
      policyFile: opts.policyFile,
      home: this.#home,
      dataDir: this.#dataDir,
      onChange: (action, target, actor) => this.#recordAuthorityChange(action, target, actor),
    });
    this.#agentFiles = new AgentFiles(db);
    const grants = () => this.#authority.grants.list();
    this.#images = new CheckpointImages(grants, homePaths(this.#dataDir).trash, (path) =>
      this.#recordAuthorityChange('checkpoint.restore', path, 'user'),
    );
    this.#door = new Door({
      authority: this.#authority,
      audit: this.audit,
      approvals: this.approvals,
      agentFiles: this.#agentFiles,
      images: this.#images,
      planContext: () => this.#planContext(),
    });
    this.#servers = new ServerProcesses({
      dataDir: opts.dataDir,
      realDataDir: this.#dataDir,
      policyHash: () => this.#authority.policy.hash,
      record: (action, target, d, actor) => this.#door.record(action, target, d, actor),
    });
    this.#languageServers = new LanguageServers({
      realDataDir: this.#dataDir,
      grants,
      policyHash: () => this.#authority.policy.hash,
      record: (action, target, d, actor) => this.#door.record(action, target, d, actor),
    });
    this.#fileSets = new FileSetJournal(db);
    this.#recoverFileSets();
  }

  /**
   * Changes several files as one (a code rename's edits): decided as an `fs.write` of each,
   * approved once (bound to every file's bytes after, by SHA-256), checkpointed as one step (one
   * undo puts all of them back), journaled so that a kill midway is finished or undone at the next
   * start. A file no longer as the change was computed from refuses the whole set (CONFLICT,
   * `details.reason` `stale`). Never throws.
   */
  writeFileSet(
    name: string,
    args: Record<string, unknown>,
    files: readonly FileSetChange[],
    ctx: CallContext,
    words: FileSetWords,
  ): Promise<ToolResult> {
    const bound = {
      ...args,
      files: files.map((f) => ({ path: f.path, edits: f.edits, before: f.before, after: sha256(f.after) })),
    };
    return this.perform(name, bound, ctx, () =>
      planFileSet(this.#planContext(), this.#fileSets, files, ctx, words),
    );
  }

  /** A set of files a kill cut off midway: finished, or put back, before anything else runs. */
  #recoverFileSets(): void {
    const grants = () => this.#authority.grants.list();
    const resolved = (path: string) => resolveSafePath(path, '/', grants());
    const d = doorDecision(this.#authority.policy.hash, {
      decision: 'allow',
      reasonCode: 'INSIDE_GRANT',
      reason: 'A change of several files, approved before Cowork stopped midway, made whole',
    });
    recoverFileSets(this.#fileSets, {
      current: (path) => {
        const image = this.#images.current(path);
        return image.kind === 'file' ? image.data : undefined;
      },
      writable: (path) => grantFor(path, grants())?.mode === 'rw',
      write: (path, data, mode) => {
        fsBroker.writeFile(resolved(path), data, mode);
      },
      done: (path) => this.#door.record('fs.write', path, d, 'system', { phase: 'result', sandboxed: false }),
    });
  }

  #editNote: EditNote | undefined;

  /**
   * What an edit's approval adds above its diff (the code index: "Affects N files"). Set by the
   * daemon from a layer above the enclave; a note that fails is left out, never the approval.
   */
  setEditNote(note: EditNote | undefined): void {
    this.#editNote = note;
  }

  get #home(): string {
    return this.opts.userHome ?? homedir();
  }

  get grants(): GrantStore {
    return this.#authority.grants;
  }

  /** The grants, each marked when Cowork's own data folder lies inside it (it stays hidden there). */
  grantList(): (ListedGrant & { containsCoworkData: boolean })[] {
    return this.#authority.grantList();
  }

  get policy(): CompiledPolicy {
    return this.#authority.policy;
  }

  /** The policy file's text, or null when only the built-in rules apply. */
  policyText(): string | null {
    return this.#authority.policyText();
  }

  /** Replaces the policy file (from the UI's rules editor or the CLI); see Authority.setPolicyText. */
  setPolicyText(text: string, actor: CallContext['actor'] = 'user'): CompiledPolicy {
    return this.#authority.setPolicyText(text, actor);
  }

  /** Re-reads the policy file; on error the previous policy stays in force and the error is thrown. */
  reloadPolicy(actor: CallContext['actor'] = 'user'): CompiledPolicy {
    return this.#authority.reloadPolicy(actor);
  }

  /** Picks up edits of the policy file as they happen (see policy-file-watch.ts); stopped by close(). */
  watchPolicyFile(logger: Logger): void {
    this.#stopPolicyWatch ??= followPolicyFile({
      file: this.opts.policyFile,
      // The person's edit: the file is in Cowork's data folder, which every decision hides from the agent.
      reload: () => this.#authority.reloadPolicy('user'),
      policyHash: () => this.#authority.policy.hash,
      events: this.opts.events,
      logger,
    });
  }

  /** Grants a folder; recorded in the audit log and the event log like every change of authority. */
  addGrant(path: string, mode: 'ro' | 'rw', actor: CallContext['actor'] = 'user') {
    return this.#authority.addGrant(path, mode, actor);
  }

  /**
   * Grants a folder for the run about to start, and for that run only (`cowork run`'s "this run
   * only"): `bind` it to the run once started, `release` it if the run does not start. It ends
   * with the run (dropRunGrants) and is never stored, so no restart keeps it.
   */
  holdRunGrant(path: string, mode: 'ro' | 'rw', actor: CallContext['actor'] = 'user'): RunGrantHold {
    return this.#authority.holdRunGrant(path, mode, actor);
  }

  /** The run ended (`why`: completed, failed, cancelled): its grants end too, audited. */
  dropRunGrants(runId: string, why: string): void {
    this.#authority.dropRunGrants(runId, why);
  }

  removeGrant(path: string, actor: CallContext['actor'] = 'user'): boolean {
    return this.#authority.removeGrant(path, actor);
  }

  /** Folder paths starting with what the person typed, for the folder to grant (names only). */
  completeFolder(typed: string): Promise<string[]> {
    return completeFolder(typed, this.#home);
  }

  /** A file's current state (for checkpoints); files over 20 MB are recorded by size only. */
  currentImage(path: string): FileImage {
    return this.#images.current(path);
  }

  /** Puts a path back into a recorded state (undo, revert): inside a read-write grant, audited. */
  restoreImage(path: string, image: FileImage, trashPath?: string): { trashPath?: string } {
    return this.#images.restore(path, image, trashPath);
  }

  /**
   * Removes the temp files of atomic writes a kill left behind (see temp-sweep.ts) in the
   * read-write grants — all of them, or those of `folders` (a run's folder) — each removal
   * audited, as the person's folder changed. Cowork's data folder has its own sweep.
   */
  async sweepTempFiles(folders?: readonly string[]): Promise<string[]> {
    const grants = this.#authority.grants.list();
    const targets = folders
      ? folders.filter((f) => grantFor(f, grants)?.mode === 'rw')
      : grants.filter((g) => g.mode === 'rw').map((g) => g.path);
    const d = doorDecision(this.#authority.policy.hash, {
      decision: 'allow',
      reasonCode: 'INSIDE_GRANT',
      reason: "Cowork's own temp file, left by an atomic write that was cut off",
    });
    return sweepOrphanTemps(targets, [this.#dataDir], (path) =>
      this.#door.record('fs.delete', path, d, 'system', { phase: 'result', sandboxed: false }),
    );
  }

  /** Puts an MCP server's question (sampling, elicitation) to the person; see mcp-questions.ts. */
  askPerson(input: McpQuestion) {
    return askAboutMcp(
      this.approvals,
      this.#authority.policy.hash,
      this.#door.record.bind(this.#door),
      input,
    );
  }

  /**
   * Records a change the person made to configuration the enclave enforces but does not keep (an
   * MCP server's command, env, hosts, grants): `target` says what changed, its secrets masked.
   */
  recordConfigChange(action: `mcp.${string}`, target: string): void {
    const d = doorDecision(this.#authority.policy.hash, {
      decision: 'allow',
      reasonCode: 'USER_RULE',
      reason: 'The person changed the configuration',
    });
    this.#door.record(action, target, d, 'user', { phase: 'result', sandboxed: false });
  }

  #recordAuthorityChange(
    action: AuthorityChange | 'checkpoint.restore',
    target: string,
    actor: CallContext['actor'],
  ): void {
    const d = doorDecision(this.#authority.policy.hash, {
      decision: 'allow',
      reasonCode: 'USER_RULE',
      reason: '',
    });
    this.#door.record(action, target, d, actor, { phase: 'result', sandboxed: false });
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
      throw asCoworkError(err);
    }
    let watch: FolderWatch | undefined;
    const options = {
      mayRead: (p: string) => this.readAllowed(p),
      stillGranted: () => grantFor(target.real, this.grants.list()) !== undefined,
      onChanges,
      ...(onError ? { onError } : {}),
    };
    const plan = planWatch(target, ctx.sessionId, options, (w) => {
      watch = w;
    });
    const result = await this.perform('fs.watch', { path: target.real }, ctx, plan);
    if (!result.success || !watch) throw failureOf(result, 'The folder cannot be watched.');
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
      const { planPty } = await import('./planners/pty.js');
      plan = await planPty(this.#planContext(), opts, ctx, (p) => {
        started = p;
      });
    } catch (err) {
      throw asCoworkError(err);
    }
    const result = await this.perform('pty.spawn', opts, ctx, plan);
    if (!result.success || !started) throw failureOf(result, 'The terminal could not start.');
    return started;
  }

  /**
   * Types a command line into a terminal for the agent: decided like that command, audited, and
   * approved if the policy asks — then sent with Enter (see planTyping).
   */
  async typeIntoTerminal(pty: PtyProcess, line: string, ctx: CallContext): Promise<ToolResult> {
    const { planTyping } = await import('./planners/pty.js');
    let plan: Plan;
    try {
      plan = await planTyping(this.#planContext(), pty, line, ctx);
    } catch (err) {
      return failedResult('pty.input', toErrorInfo(err));
    }
    return this.perform('pty.input', { line }, ctx, plan);
  }

  /**
   * A new browser session's page (its own cookies and storage). The browser's traffic goes through
   * an egress proxy admitting only hosts the policy allows; navigation and actions are decided here.
   */
  async openBrowser(): Promise<BrowserPage> {
    const { BrowserBroker } = await import('./brokers/browser.js');
    const { BrowserPage } = await import('./browser/browser-page.js');
    this.#browser ??= new BrowserBroker(this.opts.dataDir, {
      decideHost: (host, port) => this.#authority.evaluate({ action: 'browser.navigate', host, port }),
      record: (d, target) =>
        this.#door.record('browser.connect', target, d, 'system', { phase: 'decision', sandboxed: false }),
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
   * A whole file's bytes (a document to convert, an image to embed), read through the door as
   * `fs.read` of that path: the same grants, secret rules, approvals and audit as any read.
   * Throws the refusal or failure (DOCUMENT_TOO_LARGE over `maxBytes`).
   */
  async readBytes(path: string, ctx: CallContext, maxBytes: number): Promise<{ data: Buffer; path: string }> {
    let read: { data: Buffer; path: string } | undefined;
    const result = await this.perform('fs.read', { path, encoding: 'base64' }, ctx, () =>
      planBytesRead(this.#planContext(), path, ctx, maxBytes, (data, real) => {
        read = { data, path: real };
      }),
    );
    if (!result.success || !read) throw failureOf(result, `${path} could not be read.`);
    return read;
  }

  /**
   * Writes bytes Cowork made (a document) to `path` as `fs.write` of that path: planned, decided,
   * approved (bound to the bytes' SHA-256), checkpointed and audited, then written atomically.
   * `basedOn`: the SHA-256 of the file the bytes were made from (an edit); if the file is no longer
   * that, nothing is written and the result is CONFLICT with `details.reason` `changed`.
   * Never throws.
   */
  writeBytes(
    path: string,
    bytes: Uint8Array,
    ctx: CallContext,
    words: StreamWriteWords,
    basedOn?: string,
  ): Promise<ToolResult> {
    const args = { path, bytes: bytes.length, sha256: sha256(bytes) };
    const source = (async function* () {
      yield bytes;
    })();
    return this.perform('fs.write', args, ctx, () =>
      planStreamWrite(
        this.#planContext(),
        path,
        source,
        { size: bytes.length, maxBytes: bytes.length },
        ctx,
        words,
        basedOn,
      ),
    );
  }

  /** Runs one operation through the door (see Door.perform); never throws for bad input. */
  perform(name: string, rawArgs: unknown, ctx: CallContext, external?: ExternalPlan): Promise<ToolResult> {
    return this.#door.perform(name, rawArgs, ctx, external);
  }

  /**
   * The decision the door would make for this call, with nothing recorded, asked or done (see
   * Door.dryRun). `cowork policy check` is this.
   */
  dryRun(name: string, rawArgs: unknown, ctx: CallContext): Promise<PolicyDecision> {
    return this.#door.dryRun(name, rawArgs, ctx);
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
      return this.#door.decide(plan).decision === 'allow';
    } catch {
      return false; // gone, or not a safe path
    }
  }

  /**
   * Whether a file is there, by the door's own path resolution (nothing read, nothing recorded):
   * the agent looks for optional files (AGENTS.md) without an audited failure for each one missing,
   * then reads the ones there through `perform`.
   */
  fileExists(path: string): boolean {
    try {
      return resolveSafePath(path, '/', this.grants.list()).exists;
    } catch {
      return false;
    }
  }

  /**
   * Starts a long-running sandboxed process for an MCP stdio server the person configured (see
   * server-processes.ts).
   */
  startServerProcess(input: ServerProcessInput): Promise<SandboxedProcess> {
    return this.#servers.start(input);
  }

  /** Starts a language server on a granted folder, read-only (see language-servers.ts). */
  startLanguageServer(input: LanguageServerStart): Promise<StartedLanguageServer> {
    return this.#languageServers.start(input);
  }

  /** Whether Cowork has this language's server installed (else the symbol index answers alone). */
  languageServerAvailable(language: LanguageServerName): boolean {
    return this.#languageServers.available(language);
  }

  /** A removed MCP server's own folder, moved to Cowork's trash (server-processes.ts). */
  retireServerData(name: string): string | undefined {
    return this.#servers.retireDataDir(name);
  }

  /** What enabling a stdio server consents to: its launch, its data folder, the grants offered. */
  serverReview(input: Pick<ServerProcessInput, 'name' | 'argv' | 'grants'>): McpServerReview {
    return this.#servers.review(input);
  }

  /** Closes the browser of browser sessions, if one was started. */
  async closeBrowser(): Promise<void> {
    await this.#browser?.close();
  }

  close(): void {
    this.#stopPolicyWatch?.();
    void this.#browser?.close();
    this.#egress?.close();
    this.#servers.close();
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

  #planContext(): PlanContext {
    return {
      policy: this.#authority.policy,
      grants: this.grants.list(),
      dataDir: this.#dataDir,
      home: this.#home,
      resolve: (path, ctx) => this.#resolve(path, ctx),
      agentCreated: (p) => this.#agentFiles.has(p),
      egressSocket: () => this.#egressSocket(),
      ...(this.#editNote ? { editNote: this.#editNote } : {}),
    };
  }

  /** Commands get network only when the policy lists hosts and socat can bridge to the proxy. */
  async #egressSocket(): Promise<string | undefined> {
    const { socatAvailable } = await import('./exec/linux-bwrap.js');
    if (this.policy.allowHosts.length === 0 || !socatAvailable()) return undefined;
    const { EgressProxy } = await import('./net/egress-proxy.js');
    this.#egress ??= new EgressProxy(homePaths(this.opts.dataDir).egressSocket, {
      decide: (host, port) =>
        evaluate(this.policy, { action: 'net.fetch', host, port }, { grants: this.grants.list() }),
      record: (d, target) => this.#door.record('net.connect', target, d, 'agent'),
    });
    await this.#egress.start();
    return this.#egress.socketPath;
  }
}

/** A planner's failure as the error an entry point throws (a system error keeps its message). */
function asCoworkError(err: unknown): CoworkError {
  return err instanceof CoworkError ? err : new CoworkError('INVALID_ARGUMENTS', (err as Error).message);
}

/** The error a failed call through the door stands for, to throw from an entry point. */
function failureOf(result: ToolResult, otherwise: string): CoworkError {
  const error: ErrorInfo = result.error ?? { code: 'INTERNAL', message: otherwise };
  return new CoworkError(error.code, error.message, error.details);
}

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
