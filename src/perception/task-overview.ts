/**
 * What a coding task starts with (aider's repository map in the first turn): when a run's folder
 * is a code project, its system instructions get a ranked map of the repository, personalised to
 * the names and files the prompt mentions, and a line on the code tools. The map is a read of the
 * folder through the door like the `code.map` tool (decided, audited, only readable files); a
 * folder whose index is not ready in `waitMs` gets the line only — the index goes on building, so
 * the agent's first `code_map` finds it.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallContext, Enclave } from '../enclave/index.js';
import type { CodeIndexes } from './code-index.js';
import { performCodeQuery } from './perception-tools.js';
import { repoMap } from './repo-map.js';

/** A file or folder at the root that makes a folder a code project (not just a folder of documents). */
export const PROJECT_MARKERS = [
  '.git',
  'package.json',
  'tsconfig.json',
  'pyproject.toml',
  'setup.py',
  'requirements.txt',
  'go.mod',
  'Cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'CMakeLists.txt',
  'Makefile',
  'Gemfile',
] as const;

export const OVERVIEW_TOKENS = 1024;
/** How long a run's start waits for a folder's index (a first build of a large one takes longer). */
export const OVERVIEW_WAIT_MS = 1500;
const FOCUS_LIMIT = 100;

export interface OverviewRun {
  folder: string;
  prompt: string;
  sessionId: string;
  runId: string;
}

/** The overview section for a run, or undefined when the folder is no code project. */
export type TaskOverview = (run: OverviewRun) => Promise<string | undefined>;

export const TOOLS_LINE =
  'This folder is a code project. Navigate it by symbols rather than reading whole files: code_symbols finds definitions by name, code_definition and code_references follow a name, code_outline lists a file, code_impact says what depends on a symbol or file before you change it, code_map gives a ranked map of the repository.';

export function taskOverview(
  enclave: Enclave,
  indexes: CodeIndexes,
  opts: { waitMs: number; tokens?: number },
): TaskOverview {
  return async (run) => {
    if (!PROJECT_MARKERS.some((m) => enclave.fileExists(join(run.folder, m)))) return undefined;
    const ctx: CallContext = { actor: 'agent', sessionId: run.sessionId, runId: run.runId, cwd: run.folder };
    const building = indexes.open(run.folder).catch(() => undefined);
    const ready = await Promise.race([building, delay(opts.waitMs)]);
    if (ready === undefined) return TOOLS_LINE;
    const focus = promptFocus(run.prompt);
    const { result } = await performCodeQuery(
      enclave,
      indexes,
      {
        name: 'code.map',
        args: { focus, tokens: opts.tokens ?? OVERVIEW_TOKENS },
        folder: run.folder,
        title: 'Map the repository',
        ctx,
      },
      (service) => {
        const map = repoMap(service.index, { focus, tokens: opts.tokens ?? OVERVIEW_TOKENS });
        return { result: map, text: map.text };
      },
    );
    if (!result?.text) return TOOLS_LINE;
    return `${TOOLS_LINE}\nThe repository map (files by importance to this task, with their main signatures):\n${result.text}`;
  };
}

/**
 * The names and paths a prompt mentions, in order, once each: identifier-like words (the map keeps
 * the ones the index defines) and anything that looks like a file path.
 */
export function promptFocus(prompt: string): string[] {
  const words = prompt.match(/[A-Za-z_$][\w$]*(?:[./-][\w$-]+)*/g) ?? [];
  const seen = new Set<string>();
  for (const w of words) {
    const word = w.replace(/[.]+$/, '');
    if (word.length >= 3 && !seen.has(word)) seen.add(word);
    if (seen.size >= FOCUS_LIMIT) break;
  }
  return [...seen];
}

/** A wait that does not keep the daemon alive. */
const delay = (ms: number) => sleep(ms, undefined, { ref: false });
