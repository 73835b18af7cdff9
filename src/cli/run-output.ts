/**
 * What `cowork run` shows while a run goes: the agent's text on stdout; on stderr each tool call as
 * one line (`→ fs.edit notes.md`), its result or command output below it (short, indented), and
 * each approval's answer. Every line starts on a line of its own, across both streams, so piped
 * output (or `2>&1`) never runs together; a terminal gets the same lines, dimmed where they are
 * detail. With `--json` each event is one JSON line instead.
 */
import { isAbsolute, relative } from 'node:path';
import type { ApprovalDecision, ApprovalRequest, RunEvent } from '../contracts/index.js';
import { printJson } from './output.js';
import { truncate } from './table.js';

const DIM = '2';
const RED = '31';
const GREEN = '32';
const CYAN = '36';
/** Lines of a result shown under its call; the rest is counted. */
const RESULT_LINES = 6;

export interface RunOutputOptions {
  json: boolean;
  /** The run's folder: paths inside it are shown relative to it. */
  folder: string;
}

export class RunOutput {
  /** Whether the last thing written, on either stream, ended a line. */
  #atLineStart = true;
  /** An approval was just refused: the call's own "not approved" result would say it twice. */
  #refusalShown = false;
  readonly #colour: boolean;
  readonly #width: number | undefined;

  constructor(private readonly o: RunOutputOptions) {
    this.#colour = process.stderr.isTTY === true && !('NO_COLOR' in process.env);
    this.#width = process.stderr.isTTY ? process.stderr.columns || 80 : undefined;
  }

  event(e: RunEvent): void {
    if (this.o.json) printJson({ type: e.type, ...e.payload });
    else if (e.type === 'run.text') this.#text(e.payload.delta);
    // Each turn's text ends its line: the next turn's is not glued to it.
    else if (e.type === 'run.state') this.#endLine();
    else if (e.type === 'run.tool_call')
      this.#line(`${this.#paint(CYAN, '→')} ${callLine(e.payload.tool, e.payload.arguments, this.o.folder)}`);
    else if (e.type === 'run.tool_result') {
      const saidAlready = this.#refusalShown && e.payload.error?.code === 'PERMISSION_DENIED';
      this.#refusalShown = false;
      if (e.payload.success) this.#detail(e.payload.preview, e.payload.truncated);
      else if (!saidAlready) this.#line(`  ${this.#paint(RED, '✗')} ${e.payload.error?.message ?? 'failed'}`);
    } else if (e.type === 'run.retry')
      this.#line(`  … the model failed (${e.payload.error}); trying again (attempt ${e.payload.attempt})`);
    else if (e.type === 'run.tool_source_failed')
      this.#line(`! MCP server ${e.payload.server} is unavailable: ${e.payload.message}`);
    else if (e.type === 'run.completed') {
      this.#endLine();
      process.stdout.write(`${e.payload.summary}\n`);
    } else if (e.type === 'run.failed') this.#line(`run failed: ${e.payload.error}`);
    else if (e.type === 'run.cancelled') this.#line('run cancelled');
    else if (e.type === 'run.interrupted')
      this.#line(`run interrupted at turn ${e.payload.turn} (cowork runs resume ${e.payload.runId})`);
  }

  /** An approval of this run was answered: by the person, by a timeout, or refused for want of a terminal. */
  decided(approval: ApprovalRequest, decision: ApprovalDecision): void {
    this.#refusalShown = decision.status !== 'approved';
    if (this.o.json) printJson({ type: 'approval.decided', approval, decision });
    else if (decision.status === 'approved') this.#line(`  ${this.#paint(GREEN, '✓')} approved`);
    else if (decision.status === 'expired') this.#line(`  ${this.#paint(RED, '✗')} not answered in time`);
    else this.#line(`  ${this.#paint(RED, '✗')} denied${decision.reason ? `: ${decision.reason}` : ''}`);
  }

  /** A line of Cowork's own on stderr (a grant, the summary), at the start of a line. */
  note(text: string): void {
    if (!this.o.json) this.#line(text);
  }

  #text(delta: string): void {
    if (!delta) return;
    process.stdout.write(delta);
    this.#atLineStart = delta.endsWith('\n');
  }

  #endLine(): void {
    if (this.#atLineStart) return;
    process.stdout.write('\n');
    this.#atLineStart = true;
  }

  #line(text: string): void {
    this.#endLine();
    process.stderr.write(`${text}\n`);
  }

  /** A result's first lines, indented (dim on a terminal), and how many more there were. */
  #detail(preview: string, truncated: boolean): void {
    const lines = preview
      .replace(/\n?\[truncated: [^\]]*\]$/, '')
      .trimEnd()
      .split('\n');
    if (lines.length === 1 && lines[0] === '') return;
    const shown = lines.slice(0, RESULT_LINES).map((l) => {
      const line = `    ${l}`;
      return this.#width === undefined ? line : truncate(line, this.#width);
    });
    const more = lines.length - shown.length;
    if (more > 0 || truncated) shown.push(`    … ${more > 0 ? `${more} more lines` : 'more'}`);
    this.#line(this.#paint(DIM, shown.join('\n')));
  }

  /** Colour on a terminal that takes it (not piped, no NO_COLOR). */
  #paint(sgr: string, text: string): string {
    return this.#colour ? `\x1b[${sgr}m${text}\x1b[0m` : text;
  }
}

/** `fs.edit notes.md`, `exec npm test`, `net.fetch https://…`: the tool and what it acts on. */
export function callLine(tool: string, args: Record<string, unknown>, folder: string): string {
  const name = tool.replace(/^builtin:/, '');
  const shown = (p: unknown) => (typeof p === 'string' ? pathIn(folder, p) : undefined);
  const target =
    typeof args['from'] === 'string' && typeof args['to'] === 'string'
      ? `${shown(args['from'])} → ${shown(args['to'])}`
      : typeof args['command'] === 'string'
        ? args['command']
        : Array.isArray(args['argv'])
          ? args['argv'].join(' ')
          : typeof args['pattern'] === 'string'
            ? `${JSON.stringify(args['pattern'])}${args['path'] ? ` in ${shown(args['path'])}` : ''}`
            : (shown(args['path']) ??
              (typeof args['url'] === 'string' ? args['url'] : undefined) ??
              (typeof args['query'] === 'string' ? JSON.stringify(args['query']) : undefined));
  if (target !== undefined) return truncate(`${name} ${target}`.replace(/\s*\n\s*/g, ' '), 200);
  const json = JSON.stringify(args);
  return json === '{}' ? name : truncate(`${name} ${json}`, 120);
}

function pathIn(folder: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(folder, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
