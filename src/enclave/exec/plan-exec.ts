/**
 * Plans a command for the door: which simple commands it runs (a shell line is parsed), what each
 * of them is after unwrapping, which files its redirects touch, whether it names secret files, and
 * how it will be confined. Everything questionable becomes a decision the door combines with the
 * policy's: deny beats ask_user beats allow.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  CoworkError,
  type PolicyDecision,
  type PolicyRequest,
  type ReasonCode,
  type RiskTag,
} from '../../contracts/index.js';
import { clip } from '../audit/redact.js';
import type { OperationArgs } from '../operations.js';
import type { ResolvedPath } from '../paths/resolve.js';
import type { CallContext, Plan, PlanContext } from '../plan.js';
import { SECRET_PATHS } from '../policy/defaults.js';
import { compilePathGlob } from '../policy/matchers.js';
import { viewCommand } from './command-safety.js';
import { runCommand } from './exec-broker.js';
import { bwrapAvailable, type SandboxSpec } from './linux-bwrap.js';
import { findSecretFiles } from './secret-scan.js';
import { analyzeShell, type Redirect } from './shell-parser.js';

const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);
const SECRET_GLOBS = SECRET_PATHS.map((g) => compilePathGlob(g, homedir(), true));
const isSecret = (p: string) => SECRET_GLOBS.some((g) => g.test(p));
const SANDBOX_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp/home',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
};

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
    extra.push({
      decision,
      reasonCode,
      ruleId: 'exec.structure',
      reason,
      riskTags: tags,
      riskScore: decision === 'deny' ? 70 : 55,
      policyHash: x.policy.hash,
    });

  let commands: { argv: string[]; redirects: Redirect[]; dynamic: boolean }[];
  if (args.argv) {
    commands = [{ argv: args.argv, redirects: [], dynamic: false }];
  } else {
    const analysis = await analyzeShell(args.command!);
    for (const f of analysis.forbidden)
      structural(
        'deny',
        'SHELL_CONSTRUCT',
        `${f.construct} is not allowed (${f.text}); run the parts as separate commands.`,
      );
    commands = analysis.commands.map((c) => ({
      argv: c.argv,
      redirects: c.redirects,
      dynamic: c.dynamicWords.includes(0),
    }));
    if (commands.length === 0 && analysis.forbidden.length === 0)
      throw new CoworkError('INVALID_ARGUMENTS', 'The command is empty.');
  }

  const requests: PolicyRequest[] = [];
  let effectiveCwd = cwd.real;
  for (const c of commands) {
    if (c.argv.length === 0) continue;
    if (c.dynamic) {
      structural(
        'deny',
        'SHELL_CONSTRUCT',
        `The program name "${c.argv[0]}" is computed at run time; name it literally.`,
      );
      continue;
    }
    const view = viewCommand(c.argv);
    requests.push({ action, path: cwd.real, argv: view.argv, sessionId: ctx.sessionId });
    if (view.embedded)
      structural('ask_user', 'SHELL_CONSTRUCT', `${view.embedded}: ${clip(c.argv.join(' '), 200)}`);
    // Arguments that name secret files are refused even though the sandbox would also hide them.
    for (const arg of view.argv.slice(1)) {
      if (arg.startsWith('-') || arg.length > 4096) continue;
      const abs = arg.startsWith('/') ? arg : join(effectiveCwd, arg);
      if (isSecret(abs))
        structural('deny', 'SECRET_PATH', `The command names a secret file (${arg}).`, ['exec', 'secret']);
    }
    for (const r of c.redirects) {
      if (r.toDescriptor) continue;
      if (r.target === null) {
        structural(
          'deny',
          'SHELL_CONSTRUCT',
          'A redirect target is computed at run time; name the file literally.',
        );
        continue;
      }
      if (r.target === '/dev/null') continue;
      const target = x.resolve(r.target.startsWith('/') ? r.target : join(effectiveCwd, r.target), {
        ...ctx,
        cwd: effectiveCwd,
      });
      const write = WRITE_REDIRECTS.has(r.op) || r.op === '<>';
      requests.push(
        write
          ? {
              action: 'fs.write',
              path: target.real,
              overwrite: target.exists,
              agentCreated: x.agentCreated(target.real),
              sessionId: ctx.sessionId,
            }
          : { action: 'fs.read', path: target.real, sessionId: ctx.sessionId },
      );
    }
    if (view.argv[0] === 'cd' && view.argv[1] && !view.argv[1].startsWith('-')) {
      effectiveCwd = view.argv[1].startsWith('/') ? view.argv[1] : join(effectiveCwd, view.argv[1]);
    }
  }
  if (requests.length === 0 && extra.length === 0)
    throw new CoworkError('INVALID_ARGUMENTS', 'No command to run.');

  const argv = args.argv ?? ['/bin/bash', '-c', args.command!];
  const display = args.argv ? args.argv.join(' ') : args.command!;
  if (requests.length === 0) requests.push({ action, path: cwd.real, argv: [], sessionId: ctx.sessionId });
  return { cwd, requests, extra, argv, display };
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
        spoolDir: join(x.dataDir, 'spool'),
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

/** Grants as mounts; Cowork's data folder and secret files inside grants masked. */
export function sandboxSpec(x: PlanContext, cwd: string): SandboxSpec {
  const under = (p: string) => x.grants.some((g) => p === g.path || p.startsWith(`${g.path}/`));
  const maskDirs = [x.dataDir].filter(under);
  const maskFiles = x.grants.flatMap((g) =>
    findSecretFiles(g.path, SECRET_PATHS, isSecret).filter(
      (f) => !maskDirs.some((d) => f.startsWith(`${d}/`)),
    ),
  );
  return { grants: x.grants, cwd, maskDirs, maskFiles, env: SANDBOX_ENV };
}
