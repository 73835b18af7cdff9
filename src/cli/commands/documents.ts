/**
 * `cowork convert FILE` prints a document as Markdown, and `cowork artifacts list` the files runs
 * made. The conversion is the daemon's: the file is read through the enclave, so only granted
 * files convert, and the audit log has the read.
 */
import { resolve } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';
import { printTable, shortTime } from '../table.js';

export interface ConvertCommandOptions {
  home: string;
  json: boolean;
  member?: string | undefined;
  maxRows?: string | undefined;
  pages?: string | undefined;
}

export function convertCommand(args: string[], o: ConvertCommandOptions): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length) throw usageError('convert');
  const params = {
    path: resolve(file),
    ...(o.member ? { member: o.member } : {}),
    ...(o.maxRows ? { maxRows: positive(o.maxRows, '--max-rows') } : {}),
    ...(o.pages ? { pages: pageRange(o.pages) } : {}),
  };
  return withDaemon(o.home, async (call) => {
    const result = await call('documents.convert', params);
    if (o.json) printJson(result);
    else {
      process.stdout.write(result.markdown);
      for (const cut of result.cut) process.stderr.write(`(not shown: ${cut})\n`);
    }
    return 0;
  });
}

export function artifactsCommand(
  sub: string | undefined,
  o: { home: string; json: boolean; run?: string | undefined },
): Promise<number> {
  if (sub !== 'list') throw usageError('artifacts');
  return withDaemon(o.home, async (call) => {
    const { artifacts } = await call('artifacts.list', o.run ? { runId: o.run } : {});
    if (o.json) printJson({ artifacts });
    else
      printTable(
        artifacts,
        [
          { header: 'MADE', value: (a) => shortTime(a.createdAt) },
          { header: 'KIND', value: (a) => a.kind },
          { header: 'BYTES', value: (a) => String(a.bytes) },
          { header: 'TOOL', value: (a) => a.tool },
          { header: 'RUN', value: (a) => a.runId?.slice(0, 8) ?? '-' },
          { header: 'PATH', value: (a) => a.path },
        ],
        o.run
          ? 'That run made no files with the document tools.'
          : 'No run has made files with the document tools yet.',
      );
    return 0;
  });
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new CoworkError('INVALID_ARGUMENTS', `${flag} takes a whole number above 0.`);
  return n;
}

/** `3`, `3-7`: PDF pages, 1-based, inclusive. */
function pageRange(text: string): { from: number; to: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new CoworkError('INVALID_ARGUMENTS', '--pages takes a page or a range: 3, or 3-7.');
  const from = positive(m[1]!, '--pages');
  const to = m[2] ? positive(m[2], '--pages') : from;
  if (to < from) throw new CoworkError('INVALID_ARGUMENTS', '--pages: the range ends before it starts.');
  return { from, to };
}
