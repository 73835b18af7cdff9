/**
 * What the sandbox hides or freezes inside the grants it mounts, for every sandboxed process
 * (commands, terminals, MCP stdio servers): secret files masked, files that run code later bound
 * read-only in read-write grants, Cowork's data folder masked by its real path (bwrapArgs).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { CoworkError } from '../../contracts/index.js';
import { PROTECTED_FILES, SECRET_PATHS } from '../policy/defaults.js';
import { type Grant, isWithin } from '../policy/evaluate.js';
import { compilePathGlob, matchesAnyGlob } from '../policy/matchers.js';
import { CONTENT_CANDIDATE_GLOBS } from '../policy/secret-content.js';
import { listGrantFiles } from './grant-files.js';
import { runLaterPathsAmong } from './run-later-scan.js';
import { secretFilesAmong } from './secret-scan.js';

export interface GrantConfinement {
  maskDirs: string[];
  maskFiles: string[];
  readOnlyPaths: string[];
}

const compiled = new Map<string, { isSecret: (p: string) => boolean; isRunLater: (p: string) => boolean }>();
/** The policy's secret and protected-file globs for the person's home (compiled once per home). */
export function pathMatchers(home: string) {
  let m = compiled.get(home);
  if (!m) {
    const test = (globs: readonly string[]) => {
      const c = globs.map((g) => compilePathGlob(g, home, true, true));
      return (p: string) => matchesAnyGlob(c, p);
    };
    m = { isSecret: test(SECRET_PATHS), isRunLater: test(PROTECTED_FILES) };
    compiled.set(home, m);
  }
  return m;
}

/**
 * The grants a sandbox can mount now: a granted folder deleted (or unmounted) since it was granted
 * has nothing to mount or scan, and bwrap and ripgrep would refuse the whole sandbox over it, so
 * every command would fail because of one folder it does not need.
 */
export function presentGrants(grants: readonly Grant[]): Grant[] {
  return grants.filter((g) => existsSync(g.path));
}

export function grantConfinement(
  grants: readonly Grant[],
  dataDir: string,
  home = homedir(),
): GrantConfinement {
  // bwrapArgs masks the data folder at its real path (maskedDirs); what the scans found inside it
  // is left out here.
  const maskDirs = [dataDir];
  const outsideData = (f: string) => !isWithin(f, dataDir);
  const scans = grants.map((g) => scanGrant(g, home));
  return {
    maskDirs,
    maskFiles: scans.flatMap((s) => s.secrets.filter(outsideData)),
    readOnlyPaths: scans.flatMap((s) => s.runLater.filter(outsideData)),
  };
}

/**
 * The secret files inside folders of Cowork's own given to one process (ownMounts: an MCP server's
 * package in the cache), masked like those in grants. Scanned for secrets only: nothing outside
 * the process runs their files later.
 */
export function ownMountSecrets(mounts: readonly Grant[], home = homedir()): string[] {
  return mounts.flatMap((m) => scanGrant({ path: m.path, mode: 'ro' }, home).secrets);
}

const CACHE_MS = 2000;
const scanned = new Map<string, { at: number; secrets: string[]; runLater: string[] }>();

/**
 * One listing of the grant serves both scans (secrets in every grant, run-later paths in a
 * read-write one). Cached briefly per folder, mode and home: a burst of commands walks it once.
 */
function scanGrant(g: Grant, home: string): { secrets: string[]; runLater: string[] } {
  const key = `${g.mode}\0${home}\0${g.path}`;
  const hit = scanned.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit;
  const { isSecret, isRunLater } = pathMatchers(home);
  const writable = g.mode === 'rw';
  const globs = [...SECRET_PATHS, ...CONTENT_CANDIDATE_GLOBS, ...(writable ? PROTECTED_FILES : [])];
  const { files, complete } = listGrantFiles(g.path, globs);
  // Without a complete listing the run-later paths are not known: refuse rather than leave them writable.
  if (writable && !complete)
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      'Cannot list the run-later files of the grants (ripgrep failed).',
    );
  const scan = {
    at: Date.now(),
    secrets: secretFilesAmong(g.path, files, isSecret),
    runLater: writable ? runLaterPathsAmong(g.path, files, isRunLater) : [],
  };
  scanned.set(key, scan);
  return scan;
}

/** Forgets the cached scans (tests that add files right after a command). */
export function forgetGrantScans(): void {
  scanned.clear();
}
