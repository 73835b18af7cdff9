import { resolve } from 'node:path';
import { CoworkError, type RpcParamsInput } from '../../contracts/index.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';
import { printTable } from '../table.js';
import { type LearningOptions, personasCommand, proposalsCommand } from './memory-learning.js';

export interface MemoryCommandOptions {
  home: string;
  hard: boolean;
  workspace?: string | undefined;
  json: boolean;
  wait: boolean;
  only?: string | undefined;
  baseUrl?: string | undefined;
  learning: LearningOptions;
}

/** Starts indexing; with --wait, shows progress until the job ends. */
function indexCommand(folder: string, o: MemoryCommandOptions): Promise<number> {
  return withDaemon(o.home, async (call) => {
    let job = await call('memory.index', { folder });
    if (!o.wait) {
      printJson(job);
      return 0;
    }
    while (job.status === 'running' || job.status === 'paused') {
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
    if (o.only !== undefined && o.only !== 'keyword' && o.only !== 'vector')
      throw new CoworkError('INVALID_ARGUMENTS', '--only must be keyword or vector');
    const result = await call('memory.search', { text, ...(o.only ? { only: o.only } : {}) });
    if (o.json) printJson(result);
    else {
      if (result.notice) process.stderr.write(`(${result.notice})\n`);
      for (const h of result.hits)
        process.stdout.write(
          `${h.locator ? `${h.path} (${h.locator})` : `${h.path}:${h.startLine}-${h.endLine}`}  ${h.score}\n  ${h.content.slice(0, 160).replaceAll('\n', ' ')}\n`,
        );
    }
    return 0;
  });
}

/** Shows the embedder, or switches to another (which re-indexes the folders in the background). */
function embedderCommand(args: string[], o: MemoryCommandOptions): Promise<number> {
  const [kind, model] = args;
  const apiKey = process.env['COWORK_EMBEDDER_API_KEY'];
  const config =
    kind === undefined
      ? undefined
      : kind === 'none'
        ? { kind }
        : kind === 'local' && model
          ? { kind, model }
          : kind === 'ollama' && model
            ? { kind, model, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}) }
            : kind === 'openai' && model && o.baseUrl
              ? { kind: 'openai-compatible', model, baseUrl: o.baseUrl, ...(apiKey ? { apiKey } : {}) }
              : usage();
  return withDaemon(o.home, async (call) => {
    const status = config
      ? await call('memory.embedder.set', config as RpcParamsInput<'memory.embedder.set'>)
      : await call('memory.embedder.get', {});
    if (o.json) printJson(status);
    else {
      process.stdout.write(`${status.state}  ${status.id ?? JSON.stringify(status.config)}`);
      process.stdout.write(status.dims ? `  ${status.dims} dimensions\n` : '\n');
      if (status.message) process.stderr.write(`${status.message}\n`);
    }
    return status.state === 'unavailable' ? 1 : 0;
  });
}

/** `cowork models list|pull NAME`: embedding models in Cowork's models folder. */
export function modelsCommand(args: string[], o: { home: string; json: boolean }): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'list' && !(sub === 'pull' && name)) throw usageError('models');
  return withDaemon(o.home, async (call) => {
    if (sub === 'pull') {
      process.stderr.write(`Downloading ${name}…\n`);
      const model = await call('models.pull', { name: name! });
      if (o.json) printJson(model);
      else process.stdout.write(`${model.name}  ${(model.bytes / 1e6).toFixed(1)} MB  ${model.path}\n`);
      return 0;
    }
    const { models } = await call('models.list', {});
    if (o.json) printJson(models);
    else
      printTable(
        models,
        [
          { header: 'NAME', value: (m) => m.name },
          { header: 'SIZE', value: (m) => `${(m.bytes / 1e6).toFixed(1)} MB` },
        ],
        'No models downloaded yet: cowork models pull NAME',
      );
    return 0;
  });
}

/** `cowork memory lessons|proposals|personas …`: what the person has taught the agent, and the rest of memory. */
export async function memoryCommand(args: string[], o: MemoryCommandOptions): Promise<number> {
  const [area, sub, arg] = args;
  if (area === 'index' && sub) return indexCommand(resolve(sub), o);
  if (area === 'search' && sub) return searchCommand(sub, o);
  if (area === 'embedder') return embedderCommand(args.slice(1), o);
  if (area === 'forget' && sub)
    return withDaemon(o.home, async (call) => {
      printJson(await call('memory.removeFolder', { folder: resolve(sub) }));
      return 0;
    });
  if (area === 'proposals') return withDaemon(o.home, (call) => proposalsCommand(call, sub, arg, o.learning));
  if (area === 'personas') return withDaemon(o.home, (call) => personasCommand(call, sub, arg, o.learning));
  if (area !== 'lessons') return usage();
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      const { lessons } = await call('memory.lessons.list', {});
      if (o.json) printJson(lessons);
      else
        printTable(
          lessons,
          [
            { header: 'ID', value: (l) => l.id },
            { header: 'KIND', value: (l) => (l.kind === 'hard' ? 'must' : 'prefer') },
            { header: 'WHERE', value: (l) => l.workspace ?? '(everywhere)' },
            { header: 'LESSON', value: (l) => l.text },
          ],
          'No lessons yet: cowork memory lessons add "TEXT"',
        );
      return 0;
    }
    if (sub === 'add' && arg) {
      const lesson = await call('memory.lessons.add', {
        text: arg,
        kind: o.hard ? 'hard' : 'soft',
        workspace: o.workspace ? resolve(o.workspace) : null,
      });
      if (o.json) printJson(lesson);
      else
        process.stdout.write(
          `added lesson ${lesson.id} (${lesson.kind === 'hard' ? 'must' : 'prefer'}, ${lesson.workspace ?? 'everywhere'}): ${lesson.text}\n`,
        );
      const { rule } = await call('memory.lessons.policyRule', { id: lesson.id });
      if (rule)
        process.stderr.write(
          `Enforced, not only remembered: rule ${rule.id} is now in your policy (removing the lesson removes it):\n${JSON.stringify(rule)}\n`,
        );
      return 0;
    }
    if (sub === 'remove' && arg) {
      const { removed } = await call('memory.lessons.remove', { id: arg });
      if (o.json) printJson({ removed });
      else process.stdout.write(removed ? `removed lesson ${arg}\n` : `no lesson ${arg}\n`);
      return removed ? 0 : 1;
    }
    return usage();
  });
}

function usage(): never {
  throw usageError('memory');
}
