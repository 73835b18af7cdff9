/**
 * `cowork runs list | show ID | resume ID | cancel ID | revert ID [--yes] | export ID [--format
 * md|json] [--out FILE]`: the runs the daemon keeps, from the CLI and the UI alike. ID is a run's id
 * or the start of one (as `runs list` shows it), when only one run starts so.
 */
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { CoworkError, type RunInfo } from '../../contracts/index.js';
import { usageError } from '../command-table.js';
import { findRun } from '../find-run.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';
import { printTable, shortTime } from '../table.js';
import { followRun, subscribeToRunEvents } from './run.js';

export interface RunsCommandOptions {
  home: string;
  json: boolean;
  yes: boolean;
  format?: string | undefined;
  out?: string | undefined;
}

/** The short form of a run's id that `runs list` shows (any unique start works). */
const SHORT_ID = 8;

export async function runsCommand(
  sub: string | undefined,
  typed: string | undefined,
  o: RunsCommandOptions,
): Promise<number> {
  if (sub === 'list') return withDaemon(o.home, (call) => list(call, o.json));
  if (!typed || !['show', 'resume', 'cancel', 'revert', 'export'].includes(sub ?? ''))
    throw usageError('runs');
  if (sub === 'export' && o.format !== undefined && o.format !== 'md' && o.format !== 'json')
    throw new CoworkError('INVALID_ARGUMENTS', '--format must be md or json');
  return withDaemon(o.home, async (call, onEvent) => {
    const run = await findRun(call, typed);
    if (sub === 'show') return show(call, run, o.json);
    if (sub === 'cancel') {
      const { cancelled } = await call('runs.cancel', { runId: run.id });
      if (o.json) printJson({ cancelled });
      else
        process.stdout.write(
          cancelled ? `cancelled ${run.id}\n` : `${run.id} is ${run.status}: nothing to cancel\n`,
        );
      return cancelled ? 0 : 1;
    }
    if (sub === 'revert') return revert(call, run, o);
    if (sub === 'export') return exportRun(call, run, o);
    // resume: the daemon goes on from the last saved turn; this terminal follows it as `cowork run` does.
    const backlog = await subscribeToRunEvents(call, onEvent);
    await call('runs.resume', { runId: run.id });
    return followRun(call, onEvent, backlog, run.id, { json: o.json, folder: run.folder });
  });
}

async function list(call: RpcCall, json: boolean): Promise<number> {
  const listed = await call('runs.list', {});
  if (json) {
    printJson(listed);
    return 0;
  }
  printTable(
    listed.runs,
    [
      { header: 'ID', value: (r) => r.id.slice(0, SHORT_ID) },
      { header: 'WHEN', value: (r) => shortTime(r.createdAt) },
      { header: 'FROM', value: (r) => r.origin ?? '' },
      { header: 'STATUS', value: (r) => r.status },
      { header: 'TITLE', value: (r) => r.prompt.split('\n')[0]! },
      { header: 'FOLDER', value: (r) => r.folder },
    ],
    'No runs yet: cowork run "PROMPT" --folder DIR',
  );
  return 0;
}

async function changedFiles(call: RpcCall, run: RunInfo): Promise<string[]> {
  const { checkpoints } = await call('checkpoints.list', { runId: run.id });
  return [...new Set(checkpoints.filter((c) => !c.undone).flatMap((c) => c.paths))];
}

async function show(call: RpcCall, run: RunInfo, json: boolean): Promise<number> {
  if (json) {
    printJson(run);
    return 0;
  }
  const [usage, files] = await Promise.all([
    call('usage.summary', { runId: run.id }),
    changedFiles(call, run),
  ]);
  const cost = usage.costUsd === null ? '' : `, $${usage.costUsd.toFixed(4)}`;
  const lines = [
    `run      ${run.id}${run.origin ? ` (from the ${run.origin.toUpperCase()})` : ''}`,
    `session  ${run.sessionId}`,
    `status   ${run.status}${run.error ? `: ${run.error}` : ''}`,
    `model    ${run.model} · mode ${run.mode} · ${run.turn} turns`,
    `folder   ${run.folder}`,
    `started  ${shortTime(run.createdAt)} · last change ${shortTime(run.updatedAt)}`,
    `usage    ${usage.tokensIn} tokens in, ${usage.tokensOut} out${cost}`,
    '',
    run.prompt,
  ];
  if (run.summary) lines.push('', `summary: ${run.summary}`);
  lines.push('', files.length === 0 ? 'No files changed.' : 'Files changed:');
  for (const f of files) lines.push(`  ${relative(run.folder, f) || f}`);
  if (files.length > 0) lines.push('', `undo: cowork runs revert ${run.id}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * Puts back every file the run changed. Shows which first and asks on a terminal, unless --yes;
 * without a terminal it needs --yes (exit 2), so a script never reverts by accident.
 */
async function revert(call: RpcCall, run: RunInfo, o: RunsCommandOptions): Promise<number> {
  const files = await changedFiles(call, run);
  if (files.length === 0) {
    process.stdout.write(`Run ${run.id} changed no files (or they are undone already): nothing to revert.\n`);
    return 0;
  }
  if (!o.yes) {
    const listing = files.map((f) => `  ${f}`).join('\n');
    if (!(process.stdin.isTTY && process.stderr.isTTY))
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `Reverting run ${run.id} puts back ${files.length} file(s):\n${listing}\nAdd --yes to revert without a terminal to confirm on.`,
      );
    const ask = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await ask
      .question(
        `Reverting run ${run.id} puts back these files as they were before it:\n${listing}\nRevert? [y/N] `,
      )
      .catch(() => '')
      .finally(() => ask.close());
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stderr.write('Nothing reverted.\n');
      return 3;
    }
  }
  const { undone } = await call('runs.revert', { runId: run.id });
  if (o.json) printJson({ undone });
  else {
    const paths = [...new Set(undone.flatMap((c) => c.paths))];
    process.stdout.write(`Reverted ${paths.length} file(s):\n${paths.map((p) => `  ${p}`).join('\n')}\n`);
  }
  return 0;
}

async function exportRun(call: RpcCall, run: RunInfo, o: RunsCommandOptions): Promise<number> {
  const format = o.format === 'json' ? 'json' : 'md';
  const exported = await call('runs.export', { runId: run.id, format });
  const text =
    exported.format === 'md'
      ? exported.markdown
      : `${JSON.stringify({ run: exported.run, events: exported.events, changes: exported.changes }, null, 2)}\n`;
  if (!o.out) {
    process.stdout.write(text);
    return 0;
  }
  const out = resolve(o.out);
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
  return 0;
}
