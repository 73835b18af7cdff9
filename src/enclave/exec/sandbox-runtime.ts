/**
 * Files the sandbox launcher needs on the host: the seccomp program bwrap loads (`--seccomp 3`
 * reads it from fd 3, opened by the launcher), an empty read-only regular file that is bound over
 * secret files, and the sandbox's git config and attributes (git-attributes.ts). They live in Cowork's data folder (`run/sandbox/`, 0700), which no grant can reach
 * (a locked rule for `fs.*`, a tmpfs mask in every sandbox), and are rewritten once per daemon
 * process, so whatever was left there before is never trusted.
 *
 * Why an empty *regular* file and not /dev/null: a device bound onto a `nodev` mount cannot be
 * opened (EACCES), so ripgrep stopped with an error and `git diff` failed "cannot hash .env".
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_PATHS } from '../policy/defaults.js';
import { sandboxGitConfig, secretAttributes } from './git-attributes.js';
import { hostArch, seccompFilterBytes } from './seccomp-filter.js';

export interface SandboxRuntimeFiles {
  seccompFilter: string;
  emptyFile: string;
  /** Bound at SANDBOX_GITCONFIG / SANDBOX_GITATTRIBUTES (git-attributes.ts). */
  gitConfig: string;
  gitAttributes: string;
}

const prepared = new Map<string, SandboxRuntimeFiles>();

export function sandboxRuntimeFiles(runtimeDir: string): SandboxRuntimeFiles {
  const hit = prepared.get(runtimeDir);
  if (hit) return hit;
  const arch = hostArch();
  if (!arch) throw new Error(`no seccomp syscall table for ${process.arch}`);
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  chmodSync(runtimeDir, 0o700);
  const files = {
    seccompFilter: writeReadOnly(runtimeDir, 'seccomp.bpf', seccompFilterBytes(arch)),
    emptyFile: writeReadOnly(runtimeDir, 'empty', Buffer.alloc(0)),
    gitConfig: writeReadOnly(runtimeDir, 'gitconfig', Buffer.from(sandboxGitConfig())),
    gitAttributes: writeReadOnly(runtimeDir, 'gitattributes', Buffer.from(secretAttributes(SECRET_PATHS))),
  };
  prepared.set(runtimeDir, files);
  return files;
}

/** Temp file then rename: a reader never sees a half-written filter. */
function writeReadOnly(dir: string, name: string, data: Buffer): string {
  const target = join(dir, name);
  const tmp = join(dir, `.${name}.${randomBytes(6).toString('hex')}`);
  writeFileSync(tmp, data, { mode: 0o444, flag: 'wx' });
  renameSync(tmp, target);
  return target;
}
