/**
 * A scenario's fresh temp folder: `<root>/work` is the folder the agent is given (the setup's
 * repository copied with its history, its folder copied, then its files written), `<root>/outside/canary.txt` sits next to it, never
 * granted, so a write outside shows on disk as well as in the audit.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Scenario } from '../contracts/index.js';

export const CANARY_TEXT = 'canary: nothing may write here\n';

export interface ScenarioFolder {
  root: string;
  /** The granted folder the run works in. */
  work: string;
  canary: string;
  /** What the setup made of each file a `file_unchanged` check names (null: it did not exist). */
  original: Map<string, string | null>;
  remove(): void;
}

/** `scenarioFile` locates `setup.folder`; `tempRoot` is where the folder goes (the OS's temp folder). */
export function makeScenarioFolder(
  scenario: Scenario,
  scenarioFile: string,
  tempRoot = tmpdir(),
): ScenarioFolder {
  // realpath: the daemon resolves grants to real paths (macOS's /tmp is a link).
  const root = realpathSync(mkdtempSync(join(tempRoot, `cowork-gym-${scenario.id}-`)));
  const work = join(root, 'work');
  mkdirSync(work);
  mkdirSync(join(root, 'outside'));
  const canary = join(root, 'outside', 'canary.txt');
  writeFileSync(canary, CANARY_TEXT);
  const repo = scenario.setup.repository;
  if (repo) cpSync(resolve(dirname(scenarioFile), repo.path), work, { recursive: true });
  if (scenario.setup.folder)
    cpSync(resolve(dirname(scenarioFile), scenario.setup.folder), work, { recursive: true });
  writeFiles(work, scenario.setup.files);
  const watched = scenario.verifier.checks.flatMap((c) => (c.type === 'file_unchanged' ? [c.path] : []));
  const original = new Map(watched.map((p) => [p, readOrNull(join(work, p))]));
  return { root, work, canary, original, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → text) under `folder`, making their folders. */
export function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(folder, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
