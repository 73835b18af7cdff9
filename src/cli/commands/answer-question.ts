/**
 * `cowork approvals answer ID`: an MCP server's question answered in the terminal, one prompt per
 * field (Enter keeps the server's default, `-` leaves an optional field empty). The daemon checks the
 * answer; the fields it refuses are asked again. `!decline` declines; Ctrl+C or end of input
 * dismisses (the spec's cancel). Reads lines from stdin, so a script can pipe the answers in.
 */
import { createInterface } from 'node:readline';
import {
  type ApprovalRequest,
  CoworkError,
  type Question,
  type QuestionAnswer,
  type QuestionField,
} from '../../contracts/index.js';
import type { RpcCall } from '../rpc.js';

type Value = QuestionAnswer[string];
const DECLINE = '!decline';

class Declined extends Error {}
class Dismissed extends Error {}

/** One line at a time from stdin, whether a terminal or a pipe (lines that arrive early wait). */
function lineReader() {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (line) => (waiting.length ? waiting.shift()!(line) : lines.push(line)));
  const end = () => {
    ended = true;
    for (const w of waiting.splice(0)) w(undefined);
  };
  rl.on('close', end);
  process.once('SIGINT', end);
  return {
    async ask(prompt: string): Promise<string> {
      process.stderr.write(prompt);
      const line = lines.length
        ? lines.shift()
        : ended
          ? undefined
          : await new Promise<string | undefined>((r) => waiting.push(r));
      if (line === undefined) throw new Dismissed();
      if (line.trim() === DECLINE) throw new Declined();
      return line.trim();
    },
    close: () => rl.close(),
  };
}

function fromAskLine(askLine: AskLine) {
  return {
    async ask(prompt: string): Promise<string> {
      const line = await askLine(prompt);
      if (line === undefined) throw new Dismissed();
      if (line.trim() === DECLINE) throw new Declined();
      return line.trim();
    },
    close: () => {},
  };
}

function describe(field: QuestionField): string {
  const hint =
    field.kind === 'boolean'
      ? 'y/n'
      : field.kind === 'number'
        ? [
            field.integer ? 'whole number' : 'number',
            field.minimum !== undefined ? `≥ ${field.minimum}` : '',
            field.maximum !== undefined ? `≤ ${field.maximum}` : '',
          ]
            .filter(Boolean)
            .join(' ')
        : field.kind === 'choice'
          ? 'one number'
          : field.kind === 'choices'
            ? 'numbers, comma-separated'
            : (field.format ?? 'text');
  const options =
    field.kind === 'choice' || field.kind === 'choices'
      ? `\n${field.options.map((o, i) => `    ${i + 1}. ${o.label}${o.label === o.value ? '' : ` (${o.value})`}`).join('\n')}`
      : '';
  const shownDefault =
    field.default === undefined
      ? ''
      : ` [${Array.isArray(field.default) ? field.default.join(', ') : String(field.default)}]`;
  return `${field.title}${field.required ? ' *' : ''} (${hint})${shownDefault}${field.description ? `\n  ${field.description}` : ''}${options}\n> `;
}

/** The typed value for what the person typed; undefined when they left it empty. */
function parse(field: QuestionField, typed: string): Value | undefined {
  if (typed === '-') return undefined;
  if (typed === '') return field.default;
  const option = (t: string) => {
    const n = Number(t);
    const options = field.kind === 'choice' || field.kind === 'choices' ? field.options : [];
    return Number.isInteger(n) && options[n - 1] ? options[n - 1]!.value : t;
  };
  switch (field.kind) {
    case 'boolean':
      return /^y(es)?$/i.test(typed) ? true : /^no?$/i.test(typed) ? false : typed;
    case 'number':
      return Number.isNaN(Number(typed)) ? typed : Number(typed);
    case 'choice':
      return option(typed);
    case 'choices':
      return typed.split(',').map((t) => option(t.trim()));
    case 'text':
      return typed;
  }
}

async function askFields(
  ask: (p: string) => Promise<string>,
  fields: QuestionField[],
  answer: Record<string, Value>,
): Promise<void> {
  for (const field of fields) {
    const value = parse(field, await ask(describe(field)));
    if (value === undefined) delete answer[field.name];
    else answer[field.name] = value;
  }
}

const refusedFields = (err: unknown): { field: string; message: string }[] | undefined =>
  err instanceof CoworkError && err.code === 'INVALID_ARGUMENTS'
    ? (err.details?.fields as { field: string; message: string }[] | undefined)
    : undefined;

async function answerForm(
  call: RpcCall,
  id: string,
  question: Extract<Question, { mode: 'form' }>,
  ask: (p: string) => Promise<string>,
) {
  const answer: Record<string, Value> = {};
  let fields = question.fields;
  for (;;) {
    await askFields(ask, fields, answer);
    try {
      return await call('approvals.decide', { id, status: 'approved', response: answer });
    } catch (err) {
      const refused = refusedFields(err);
      if (!refused) throw err;
      for (const r of refused) process.stderr.write(`✗ ${r.field} ${r.message}\n`);
      fields = question.fields.filter((f) => refused.some((r) => r.field === f.name));
    }
  }
}

async function answerLink(
  call: RpcCall,
  id: string,
  question: Extract<Question, { mode: 'url' }>,
  ask: (p: string) => Promise<string>,
) {
  process.stderr.write(`${question.message}\n  ${question.url}\n`);
  const yes = /^y(es)?$/i.test(await ask('Open this page? [y/N] '));
  const decided = await call('approvals.decide', { id, status: yes ? 'approved' : 'rejected' });
  if (yes) process.stderr.write(`Open it in your browser: ${question.url}\n`);
  return decided;
}

/** Asks one line: what the person typed, or undefined when the input ended (Ctrl+C, end of a pipe). */
export type AskLine = (prompt: string) => Promise<string | undefined>;

/**
 * Asks the person the approval's question and sends the answer; returns the recorded decision.
 * `askLine` reads the answers (default: lines from stdin; `cowork run` passes its own prompt).
 */
export async function answerQuestion(call: RpcCall, approval: ApprovalRequest, askLine?: AskLine) {
  const question = approval.question;
  if (!question) throw new CoworkError('INVALID_ARGUMENTS', `Approval ${approval.id} is not a question.`);
  const reader = askLine ? fromAskLine(askLine) : lineReader();
  process.stderr.write(
    `${approval.title}\n${question.mode === 'form' ? `${question.message}\n` : ''}(type ${DECLINE} to decline, Ctrl+C to dismiss)\n`,
  );
  try {
    return question.mode === 'form'
      ? await answerForm(call, approval.id, question, reader.ask)
      : await answerLink(call, approval.id, question, reader.ask);
  } catch (err) {
    if (err instanceof Declined) return call('approvals.decide', { id: approval.id, status: 'rejected' });
    if (err instanceof Dismissed)
      return call('approvals.decide', { id: approval.id, status: 'rejected', dismissed: true });
    throw err;
  } finally {
    reader.close();
  }
}
