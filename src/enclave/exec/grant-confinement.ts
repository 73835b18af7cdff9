/**
 * What the sandbox hides or freezes inside the grants it mounts, for every sandboxed process
 * (commands, terminals, MCP stdio servers): secret files masked, files that run code later bound
 * read-only in read-write grants, Cowork's data folder masked by its real path (bwrapArgs).
 */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { PROTECTED_FILES, SECRET_PATHS } from '../policy/defaults.js';
import type { Grant } from '../policy/evaluate.js';
import { compilePathGlob, matchesAnyGlob } from '../policy/matchers.js';
import { findRunLaterPaths } from './run-later-scan.js';
import { findSecretFiles } from './secret-scan.js';

export interface GrantConfinement {
  maskDirs: string[];
  maskFiles: string[];
  readOnlyPaths: string[];
}

const compiled = new Map<string, { isSecret: (p: string) => boolean; isRunLater: (p: string) => boolean }>();
/** The policy's secret and protected-file globs for the person's home (compiled once per home). */
function matchers(home: string) {
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

export function grantConfinement(
  grants: readonly Grant[],
  dataDir: string,
  home = homedir(),
): GrantConfinement {
  const maskDirs = dataDirs(dataDir);
  const outsideData = (f: string) => !maskDirs.some((d) => f === d || f.startsWith(`${d}/`));
  const { isSecret, isRunLater } = matchers(home);
  const maskFiles = grants.flatMap((g) =>
    findSecretFiles(g.path, SECRET_PATHS, isSecret).filter(outsideData),
  );
  const readOnlyPaths = grants
    .filter((g) => g.mode === 'rw')
    .flatMap((g) => findRunLaterPaths(g.path, PROTECTED_FILES, isRunLater).filter(outsideData));
  return { maskDirs, maskFiles, readOnlyPaths };
}

/** The data folder as given and resolved (the same folder when no symlink is involved). */
function dataDirs(dataDir: string): string[] {
  try {
    const real = realpathSync.native(dataDir);
    return real === dataDir ? [dataDir] : [dataDir, real];
  } catch {
    return [dataDir];
  }
}
