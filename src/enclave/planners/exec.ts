/**
 * Plans a command for the door: which simple commands it runs (a shell line is parsed), what each
 * of them is after unwrapping, which files its redirects touch, whether it names secret files, and
 * how it will be confined. Everything questionable becomes a decision the door combines with the
 * policy's: deny beats ask_user beats allow.
 */
import { homedir } from 'node:os';
import {
  CoworkError,
  type PolicyDecision,
  type PolicyRequest,
  type ReasonCode,
  type RiskTag,
} from '../../contracts/index.js';
import { homePaths } from '../../store/index.js';
import { clip } from '../audit/redact.js';
import { runCommand } from '../brokers/exec.js';
import { grantConfinement, pathMatchers, presentGrants } from '../exec/grant-confinement.js';
import { bwrapAvailable, type SandboxSpec } from '../exec/linux-bwrap.js';
import { CommandJudgement } from '../exec/plan-command.js';
import { analyzeShell, type Word } from '../exec/shell-parser.js';
import type { OperationArgs } from '../operations/table.js';
import type { ResolvedPath } from '../paths/resolve.js';
import type { CallContext, Plan, PlanContext } from '../plan.js';
import { doorDecision } from '../policy/decisions.js';

const isSecret = (p: string) => pathMatchers(homedir()).isSecret(p);
const SANDBOX_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp/home',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
};

/** An argv element: passed to the program as it is (no shell sees it). */
const literalWord = (text: string): Word => ({ text, value: text, tilde: null, pattern: false });

/** What a command line amounts to for the policy: its requests and structural decisions. */
export interface CommandPlan {
  cwd: ResolvedPath;
  requests: PolicyRequest[];
  extra: PolicyDecision[];
  argv: string[];
  display: string;
}

/**
 * Analyses a command (argv, or a shell line parsed into its simple commands) for the door; `action`
 * is `exec` for a command that runs to its end, `pty.spawn` for one in a terminal.
 */
export async function planCommand(
  x: PlanContext,
  args: { argv?: string[] | undefined; command?: string | undefined; cwd?: string | undefined },
  ctx: CallContext,
  action: 'exec' | 'pty.spawn' = 'exec',
): Promise<CommandPlan> {
  const cwd = x.resolve(args.cwd ?? ctx.cwd ?? '.', ctx);
  if (!cwd.exists) throw new CoworkError('RESOURCE_NOT_FOUND', `${cwd.real} does not exist.`);
  const extra: PolicyDecision[] = [];
  const structural = (
    decision: 'deny' | 'ask_user',
    reasonCode: ReasonCode,
    reason: string,
    tags: RiskTag[] = ['exec'],
  ) =>
    extra.push(
      doorDecision(x.policy.hash, {
        decision,
        reasonCode,
        ruleId: 'exec.structure',
        reason,
        riskTags: tags,
        riskScore: decision === 'deny' ? 70 : 55,
      }),
    );

  const requests: PolicyRequest[] = [];
  const judgement = new CommandJudgement({
    x,
    ctx,
    action,
    cwd: cwd.real,
    home: SANDBOX_ENV.HOME,
    isSecret,
    structural,
    requests,
  });
  if (args.argv) {
    if (args.argv.length === 0) throw new CoworkError('INVALID_ARGUMENTS', 'The command is empty.');
    judgement.judge({
      words: args.argv.map(literalWord),
      assignments: [],
      redirects: [],
      text: args.argv.join(' '),
    });
  } else {
    const analysis = await analyzeShell(args.command!);
    for (const f of analysis.forbidden)
      structural(
        'deny',
        'SHELL_CONSTRUCT',
        `${f.construct} is not allowed (${f.text}); run the parts as separate commands.`,
      );
    for (const e of analysis.evaluated)
      structural('ask_user', 'SHELL_CONSTRUCT', `bash evaluates this as code — ${e.construct}: ${e.text}`);
    if (analysis.commands.length === 0 && analysis.forbidden.length === 0 && analysis.evaluated.length === 0)
      throw new CoworkError('INVALID_ARGUMENTS', 'The command is empty.');
    for (const c of analysis.commands) judgement.judge(c);
  }
  if (requests.length === 0 && extra.length === 0)
    throw new CoworkError('INVALID_ARGUMENTS', 'No command to run.');

  const argv = args.argv ?? shellArgv(args.command!, action);
  const display = args.argv ? args.argv.join(' ') : args.command!;
  if (requests.length === 0) requests.push({ action, path: cwd.real, argv: [], sessionId: ctx.sessionId });
  return { cwd, requests, extra, argv, display };
}

/**
 * The exec broker's stdout and stderr are sockets (libuv's stdio pipes), which `/dev/stdout` and
 * `/dev/stderr` cannot be reopened on (ENXIO): a line that names them runs with its output relayed
 * through real pipes, so `echo done > /dev/stderr` works. A terminal's output is a tty already.
 */
// A pipeline, not process substitutions: bash waits for every member of a pipeline, but `wait`
// waits for only one process substitution, and the sandbox's init kills the other when the line
// ends, losing its output (seen as a flaky empty stderr: 36 of 300 lines under load). stderr goes to
// the inner `cat >&2`, stdout through fd 3 to the outer `cat`; pipefail keeps the command's status.
const RELAY =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash line, not a template
  'set -o pipefail; { /bin/bash -c "$1" 2>&1 1>&3 3>&- | cat >&2 3>&-; exit "${PIPESTATUS[0]}"; } 3>&1 | cat';
function shellArgv(command: string, action: 'exec' | 'pty.spawn'): string[] {
  if (action === 'exec' && /\/dev\/(stdout|stderr|fd\/)|\/proc\/self\/fd/.test(command))
    return ['/bin/bash', '-c', RELAY, 'cowork-exec', command];
  return ['/bin/bash', '-c', command];
}

export async function planExec(x: PlanContext, args: OperationArgs<'exec'>, ctx: CallContext): Promise<Plan> {
  const { cwd, requests, extra, argv, display } = await planCommand(x, args, ctx);
  return {
    requests,
    extraDecisions: extra,
    target: `${clip(display, 2000)} (in ${cwd.real})`,
    title: `Run \`${clip(display, 300)}\` in ${cwd.real}`,
    detail: () => `Command:\n${display}\nFolder: ${cwd.real}`,
    recheck: [cwd],
    writes: false,
    effect: async () => {
      const sandbox = bwrapAvailable();
      const unsandboxed = !sandbox.ok && x.policy.source.sandbox.allowUnsandboxed;
      if (!sandbox.ok && !unsandboxed) {
        throw new CoworkError(
          'SANDBOX_UNAVAILABLE',
          `Commands run only inside the OS sandbox, which cannot start: ${sandbox.reason}.`,
        );
      }
      const spec = {
        ...sandboxSpec(x, cwd.real),
        proxySocket: unsandboxed ? undefined : await x.egressSocket(),
      };
      const out = await runCommand({
        argv,
        spec,
        sandboxed: !unsandboxed,
        spoolDir: homePaths(x.dataDir).spool,
        ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
      });
      const status = out.timedOut
        ? `timed out after ${Math.round(out.durationMs)} ms (process tree killed)`
        : `exit code ${out.exitCode ?? out.signal}`;
      const spoolNote = out.spoolPath
        ? `\n[output truncated: ${out.totalBytes} bytes in all; the rest is in ${out.spoolPath}]`
        : '';
      const content = [
        {
          type: 'text' as const,
          text: `${out.stdout}${out.stderr ? `\n[stderr]\n${out.stderr}` : ''}\n[${status}]${spoolNote}`,
        },
      ];
      const failed = out.timedOut || out.exitCode !== 0;
      return {
        content,
        sandboxed: out.sandboxed,
        outputSpoolRef: out.spoolPath,
        ...(failed
          ? {
              error: {
                code: out.timedOut ? ('TIMEOUT' as const) : ('INTERNAL' as const),
                message: `Command ${status}.`,
                details: { exitCode: out.exitCode },
              },
            }
          : {}),
      };
    },
  };
}

/**
 * Grants as mounts; Cowork's data folder and secret files inside grants masked. The data folder is
 * always handed over: bwrapArgs masks it by its real path wherever a grant or a system folder would
 * expose it (a grant reaching it through a symlink included), so no prefix test on the unresolved
 * path can skip the mask.
 */
export function sandboxSpec(x: PlanContext, cwd: string): SandboxSpec {
  const grants = presentGrants(x.grants);
  return {
    grants,
    cwd,
    ...grantConfinement(grants, x.dataDir, x.home),
    env: SANDBOX_ENV,
    runtimeDir: homePaths(x.dataDir).sandboxRuntime,
  };
}
