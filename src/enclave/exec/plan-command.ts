/**
 * Judges the simple commands of a command line for the door: each becomes an `exec` (or
 * `pty.spawn`) request of its unwrapped argv, plus fs requests for the files it touches (redirect
 * targets, `time -o`, `sort -o`, `sed -i`, `mkdir`), plus structural decisions (ask / deny) for what
 * no rule should wave through: code bash evaluates, environment variables that change programs,
 * options that run code, git history rewrites and committed secrets, and paths outside the grants.
 *
 * The folder a command runs in is tracked as a set: `cd` may or may not happen (`a && cd x`, a
 * subshell, a branch), so relative paths are judged against every folder they can be relative to.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CoworkError, type PolicyRequest, type ReasonCode, type RiskTag } from '../../contracts/index.js';
import { clip } from '../audit/redact.js';
import type { CallContext, PlanContext } from '../plan.js';
import { grantFor } from '../policy/evaluate.js';
import { systemName, viewCommand } from './command-safety.js';
import { judgeEnvName } from './env-vars.js';
import { judgeGit } from './git-safety.js';
import { SYSTEM_READ_ONLY } from './linux-bwrap.js';
import type { SimpleCommand, Word } from './shell-parser.js';
import { judgeToolOptions } from './tool-options.js';

export type Structural = (
  decision: 'deny' | 'ask_user',
  reasonCode: ReasonCode,
  reason: string,
  tags?: RiskTag[],
) => void;

export interface CommandJudge {
  x: PlanContext;
  ctx: CallContext;
  action: 'exec' | 'pty.spawn';
  /** The folder the command line starts in (real path). */
  cwd: string;
  /** The home the command sees (`~`). */
  home: string;
  isSecret: (absolute: string) => boolean;
  structural: Structural;
  requests: PolicyRequest[];
}

const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);
/** Devices every program may name: they reach no file. */
const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdin|stdout|stderr|tty|u?random|fd\/[0-2])$/;
/**
 * System folders the sandbox mounts read-only so programs can run (but `/etc`, which holds the
 * host's configuration); naming a file there is fine. Every other path that exists outside the grants — `/etc`, `/root`, `/home`, `/proc`, `/sys`,
 * `/var`, the host's `/tmp` … — is an outside read and is denied. (A path that does not exist on the
 * host, such as a file the command makes in the sandbox's private `/tmp`, is left to the sandbox.)
 */
const SYSTEM_PREFIXES = SYSTEM_READ_ONLY.filter((dir) => dir !== '/etc');
const MAX_FOLDERS = 8;

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

export class CommandJudgement {
  /** The folders the next command may run in. */
  private cwds: string[];
  private cwdUnknown = false;

  constructor(private readonly j: CommandJudge) {
    this.cwds = [j.cwd];
  }

  judge(c: SimpleCommand): void {
    const standalone = c.words.length === 0;
    for (const a of c.assignments) {
      // a shell variable of the script's own (lowercase, not a proxy setting) changes no program
      const local = standalone && /^[a-z_][a-z0-9_]*$/.test(a.name) && !a.name.endsWith('_proxy');
      const reason = local ? null : judgeEnvName(a.name);
      if (reason) this.j.structural('ask_user', 'SHELL_CONSTRUCT', `${reason}: ${clip(a.text, 200)}`);
    }
    if (!standalone) this.command(c);
    for (const r of c.redirects) this.redirect(r.op, r.toDescriptor, r.target);
  }

  private command(c: SimpleCommand) {
    const { structural } = this.j;
    const program = c.words[0]!;
    if (program.value === null || program.pattern || (program.tilde && program.tilde.prefix !== '~')) {
      structural(
        'deny',
        'SHELL_CONSTRUCT',
        `The program name "${program.text}" is computed at run time; name it literally.`,
      );
      return;
    }
    const argv = c.words.map((w) => this.expand(w, this.cwds[0]!) ?? w.text);
    const view = viewCommand(argv);
    const offset = argv.length - view.argv.length;
    for (const name of view.env) {
      const reason = judgeEnvName(name);
      if (reason) structural('ask_user', 'SHELL_CONSTRUCT', `${reason}: ${clip(c.text, 200)}`);
    }
    for (const w of view.writes) this.fileOption(w, true);
    this.j.requests.push({
      action: this.j.action,
      path: this.j.cwd,
      argv: view.argv,
      sessionId: this.j.ctx.sessionId,
    });
    if (view.embedded) structural('ask_user', 'SHELL_CONSTRUCT', `${view.embedded}: ${clip(c.text, 200)}`);
    const name = systemName(view.argv[0]!);
    const notPaths = new Set<number>();
    if (name === null) this.pathArg(view.argv[0]!, c.words[offset]!);
    else this.builtin(name, view.argv, c.text, notPaths, offset);
    for (let i = 1; i < view.argv.length; i++) {
      if (notPaths.has(i)) continue;
      const arg = view.argv[i]!;
      const word = c.words[offset + i]!;
      if (arg.startsWith('-')) {
        const eq = arg.indexOf('=');
        if (eq > 0 && word.value !== null) this.pathLike(arg.slice(eq + 1));
        continue;
      }
      this.pathArg(arg, word);
    }
  }

  /** Builtins with code-like arguments, programs with option tables, git, and `cd`. */
  private builtin(name: string, argv: string[], text: string, notPaths: Set<number>, offset: number) {
    const { structural } = this.j;
    const args = argv.slice(1);
    const ask = (reason: string) =>
      structural('ask_user', 'SHELL_CONSTRUCT', `${reason}: ${clip(text, 200)}`);
    switch (name) {
      case 'printf':
        if (args.some((a) => /^-v/.test(a)))
          ask('printf -v assigns to a variable (array subscripts run code)');
        break;
      case 'read':
        if (!readTargetsArePlain(args)) ask('read into an array or a subscript runs code');
        break;
      case 'test':
      case '[':
        if (args.includes('-v') || args.includes('-R')) ask('test -v evaluates a subscript');
        break;
      case 'set':
        if (args.some((a) => /^-[A-Za-z]*[ak]/.test(a) || a === 'allexport' || a === 'keyword'))
          ask('set -a / -k exports every later assignment');
        break;
      case 'cd':
        return this.cd(args, offset);
      case 'git':
        for (const f of judgeGit(
          args,
          (p) => this.isRepoSecret(p),
          (p) => this.exists(p),
        )) {
          const code: ReasonCode =
            f.kind === 'history'
              ? 'DESTRUCTIVE_OPERATION'
              : f.kind === 'code'
                ? 'SHELL_CONSTRUCT'
                : 'SECRET_PATH';
          structural(
            f.decision,
            code,
            `${f.reason}: ${clip(text, 200)}`,
            f.kind === 'code' || f.kind === 'history' ? ['exec'] : ['exec', 'secret'],
          );
        }
        break;
    }
    const tool = judgeToolOptions(name, args);
    if (!tool) return;
    for (const reason of tool.ask) ask(reason);
    for (const i of tool.notPaths) notPaths.add(i + 1);
    for (const w of tool.writes) this.fileOption(w, true);
    for (const r of tool.reads) this.fileOption(r, false);
    for (const d of tool.mkdirs) this.mkdir(d);
  }

  private cd(args: string[], _offset: number) {
    const target = args.find((a) => !a.startsWith('-') || a === '-');
    if (target === undefined) return this.moveTo(this.j.home);
    if (target === '-' || /[$`*?[{]/.test(target)) {
      this.cwdUnknown = true;
      return;
    }
    this.moveTo(target);
  }

  private moveTo(target: string) {
    const next = new Set(this.cwds);
    for (const c of this.cwds) next.add(resolve(c, target));
    this.cwds = [...next];
    if (this.cwds.length > MAX_FOLDERS) this.cwdUnknown = true;
  }

  /** A word's value with its tilde expanded as bash does, in folder `cwd`; null if unknown. */
  private expand(w: Word, cwd: string): string | null {
    if (w.value === null) return null;
    if (!w.tilde) return w.value;
    const { prefix, at } = w.tilde;
    const home =
      prefix === '~'
        ? this.j.home
        : prefix === '~+'
          ? cwd
          : prefix === '~-'
            ? null
            : userHome(prefix.slice(1));
    if (home === null) return prefix === '~-' ? null : w.value; // `~-` before any cd is unknown; an unknown user stays literal
    return w.value.slice(0, at) + home + w.value.slice(at + prefix.length);
  }

  /** Relative paths, judged in every folder the command may run in. */
  private absolutes(p: string): string[] | null {
    if (p.startsWith('/')) return [p];
    if (this.cwdUnknown) return null;
    return this.cwds.map((c) => join(c, p));
  }

  private pathArg(arg: string, word: Word) {
    if (word.value === null) return; // computed: the sandbox confines it (only grants and system folders are mounted)
    if (word.pattern) return this.patternArg(word.text);
    if (word.tilde) {
      for (const cwd of this.cwds) {
        const v = this.expand(word, cwd);
        if (v === null)
          this.j.structural('ask_user', 'SHELL_CONSTRUCT', `${word.text} depends on the previous folder`);
        else this.pathLike(v, arg.length);
      }
      return;
    }
    this.pathLike(arg);
  }

  /** `cat /etc/sha*`: the folder before the first pattern character is judged as a path. */
  private patternArg(text: string) {
    if (/[{,]\s*(\/|~|\.\.)/.test(text))
      return this.j.structural(
        'ask_user',
        'SHELL_CONSTRUCT',
        `The brace expansion ${clip(text, 200)} can name other folders.`,
      );
    const first = text.search(/[*?[{]/);
    const dir = text.slice(0, Math.max(0, text.lastIndexOf('/', first)));
    if (dir) this.pathLike(dir.replace(/\\(.)/g, '$1'));
    else if (text.startsWith('/')) this.pathLike('/');
  }

  /** A literal argument that may name a file: secret → deny; existing and outside the grants → deny. */
  private pathLike(value: string, _len?: number) {
    if (value.length === 0 || value.length > 4096 || value.includes('\0')) return;
    const all = this.absolutes(value);
    if (!all) {
      if (value.includes('/') || value === '..')
        this.j.structural(
          'ask_user',
          'SHELL_CONSTRUCT',
          `The folder ${value} is relative to is computed at run time.`,
        );
      return;
    }
    for (const abs of all) {
      if (this.j.isSecret(abs))
        this.j.structural('deny', 'SECRET_PATH', `The command names a secret file (${value}).`, [
          'exec',
          'secret',
        ]);
      const outside = this.outside(abs);
      if (outside)
        this.j.structural(
          'deny',
          'OUTSIDE_GRANT',
          `The command names ${outside}, outside every granted folder.`,
          ['exec', 'outside-grant'],
        );
    }
  }

  /** The real path if `abs` exists outside the grants and the system folders; else null. */
  private outside(abs: string): string | null {
    if (HARMLESS_DEVICES.test(abs)) return null;
    const lexical = resolve(abs);
    if (grantFor(lexical, this.j.x.grants) === undefined && SYSTEM_PREFIXES.some((d) => under(lexical, d)))
      return null;
    let real: string;
    let exists: boolean;
    try {
      ({ real, exists } = this.j.x.resolve(lexical, this.j.ctx));
    } catch (err) {
      // /proc, /sys, /dev, symlink loops, dangling symlinks: never a harmless argument
      if (err instanceof CoworkError && err.code === 'PERMISSION_DENIED') return lexical;
      return null;
    }
    if (grantFor(real, this.j.x.grants)) return null;
    if (SYSTEM_PREFIXES.some((d) => under(real, d)) || HARMLESS_DEVICES.test(real)) return null;
    return exists ? real : null;
  }

  private exists(p: string): boolean {
    const all = this.absolutes(p);
    if (!all) return false;
    return all.some((abs) => {
      try {
        return this.j.x.resolve(abs, this.j.ctx).exists;
      } catch {
        return false;
      }
    });
  }

  /** A path inside the repository (as git names it) that is a secret. */
  private isRepoSecret(repoPath: string): boolean {
    return this.cwds.some((c) => this.j.isSecret(join(c, repoPath))) || this.j.isSecret(`/${repoPath}`);
  }

  private fileOption(value: string, write: boolean) {
    if (/[$`*?[{]/.test(value)) {
      this.j.structural(
        'deny',
        'SHELL_CONSTRUCT',
        `A file the command ${write ? 'writes' : 'reads'} is computed at run time (${clip(value, 200)}).`,
      );
      return;
    }
    this.file(value, write ? 'write' : 'read');
  }

  private mkdir(dir: string) {
    if (/[$`*?[{]/.test(dir)) return; // computed: confined by the sandbox to the read-write grants
    this.file(dir, 'mkdir');
  }

  private redirect(op: string, toDescriptor: boolean, target: Word | null) {
    if (toDescriptor) return;
    const { structural } = this.j;
    if (!target || target.value === null || target.pattern) {
      structural(
        'deny',
        'SHELL_CONSTRUCT',
        'A redirect target is computed at run time; name the file literally.',
      );
      return;
    }
    const mode = WRITE_REDIRECTS.has(op) || op === '<>' ? 'write' : 'read';
    for (const cwd of this.cwdUnknown ? [null] : this.cwds) {
      const v = cwd === null ? target.value : this.expand(target, cwd);
      if (v === null || (cwd === null && !v.startsWith('/'))) {
        structural(
          'deny',
          'SHELL_CONSTRUCT',
          `The redirect target ${target.text} depends on a folder computed at run time.`,
        );
        continue;
      }
      if (HARMLESS_DEVICES.test(v)) continue;
      this.file(v.startsWith('/') ? v : join(cwd!, v), mode);
    }
  }

  private file(value: string, mode: 'read' | 'write' | 'mkdir') {
    const all = this.absolutes(value);
    if (!all) {
      this.j.structural('deny', 'SHELL_CONSTRUCT', `${value} is relative to a folder computed at run time.`);
      return;
    }
    for (const abs of all) {
      if (HARMLESS_DEVICES.test(abs)) continue;
      const target = this.j.x.resolve(abs, this.j.ctx);
      const { sessionId } = this.j.ctx;
      this.j.requests.push(
        mode === 'write'
          ? {
              action: 'fs.write',
              path: target.real,
              overwrite: target.exists,
              agentCreated: this.j.x.agentCreated(target.real),
              sessionId,
            }
          : mode === 'mkdir'
            ? { action: 'fs.mkdir', path: target.real, sessionId }
            : { action: 'fs.read', path: target.real, sessionId },
      );
    }
  }
}

/** `read [-r] [-p prompt] NAME…`: plain names only (`-a`, `a[$(cmd)]` evaluate subscripts). */
function readTargetsArePlain(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (a.includes('a')) return false;
      if (/^-[dnNptui]$/.test(a)) i++;
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) return false;
  }
  return true;
}

let passwd: Map<string, string> | undefined;
/** `~user`: the home folder /etc/passwd gives (bash asks the same database). */
function userHome(user: string): string | null {
  if (!/^[A-Za-z0-9._-]+$/.test(user)) return null;
  if (!passwd) {
    passwd = new Map();
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const f = line.split(':');
        if (f.length >= 6) passwd.set(f[0]!, f[5]!);
      }
    } catch {
      // no passwd database: `~user` stays literal, as in bash
    }
  }
  return passwd.get(user) ?? null;
}
