import { resolve } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';

export interface MemoryCommandOptions {
  home: string;
  hard: boolean;
  workspace?: string | undefined;
  json: boolean;
  wait: boolean;
}

/** Starts indexing; with --wait, shows progress until the job ends. */
function indexCommand(folder: string, o: MemoryCommandOptions): Promise<number> {
  return withDaemon(o.home, async (call) => {
    let job = await call('memory.index', { folder });
    if (!o.wait) {
      printJson(job);
      return 0;
    }
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      job = await call('memory.job', { id: job.id });
      if (process.stderr.isTTY) process.stderr.write(`\r${job.done}/${job.total} files`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    printJson(job);
    return job.status === 'done' ? 0 : 1;
  });
}

function searchCommand(text: string, o: MemoryCommandOptions): Promise<number> {
  return withDaemon(o.home, async (call) => {
    const result = await call('memory.search', { text });
    if (o.json) printJson(result);
    else {
      if (result.mode === 'keyword') process.stderr.write('(keyword search: no embedder is configured)\n');
      for (const h of result.hits)
        process.stdout.write(
          `${h.path}:${h.startLine}-${h.endLine}  ${h.score}\n  ${h.content.slice(0, 160).replaceAll('\n', ' ')}\n`,
        );
    }
    return 0;
  });
}

const USAGE =
  'cowork memory index PATH [--wait] | search "QUERY" [--json] | lessons list | lessons add "TEXT" [--hard] [--workspace DIR] | lessons remove ID';

/** `cowork memory lessons list|add|remove`: what the person has taught the agent. */
export async function memoryCommand(args: string[], o: MemoryCommandOptions): Promise<number> {
  const [area, sub, arg] = args;
  if (area === 'index' && sub) return indexCommand(resolve(sub), o);
  if (area === 'search' && sub) return searchCommand(sub, o);
  if (area !== 'lessons') return usage();
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      const { lessons } = await call('memory.lessons.list', {});
      if (o.json) printJson(lessons);
      else
        for (const l of lessons)
          process.stdout.write(
            `${l.id}  ${l.kind === 'hard' ? 'must  ' : 'prefer'}  ${l.workspace ?? '(everywhere)'}  ${l.text}\n`,
          );
      return 0;
    }
    if (sub === 'add' && arg) {
      const lesson = await call('memory.lessons.add', {
        text: arg,
        kind: o.hard ? 'hard' : 'soft',
        workspace: o.workspace ? resolve(o.workspace) : null,
      });
      printJson(lesson);
      const { rule } = await call('memory.lessons.policyRule', { id: lesson.id });
      if (rule)
        process.stderr.write(
          `This can be enforced by the policy instead of remembered: add this rule with "cowork policy" or the UI:\n${JSON.stringify(rule)}\n`,
        );
      return 0;
    }
    if (sub === 'remove' && arg) {
      const { removed } = await call('memory.lessons.remove', { id: arg });
      printJson({ removed });
      return removed ? 0 : 1;
    }
    return usage();
  });
}

function usage(): never {
  throw new CoworkError('INVALID_ARGUMENTS', `usage: ${USAGE}`);
}
