/**
 * What the critic reads into a proposed lesson, one kind of event each. Pure: what an event means
 * depends only on it and on what the critic looks up for it (the run, the agent's write, the file
 * now), so a test can feed events and read proposals.
 */
import { basename } from 'node:path';
import { createTwoFilesPatch, diffLines } from 'diff';
import type { EventPayload, LogEvent, ProposalSource } from '../contracts/index.js';
import type { ProposalDraft } from './proposals.js';

/** What the critic looks up while reading an event. */
export interface CriticLookups {
  /** A run's prompt and folder; `continued` when it carries on an earlier run's conversation. */
  runOf(runId: string): { prompt: string; folder: string; continued: boolean } | undefined;
  /** The agent's last write of `path` before the event `before`, with what it wrote when known. */
  agentWrite(path: string, before: number): AgentWrite | undefined;
  /** The file's text as it is now, read through the enclave (undefined when it cannot be read). */
  readText(path: string): Promise<string | undefined>;
}

export interface AgentWrite {
  runId: string;
  sequence: number;
  timestamp: string;
  /** The whole text the agent wrote (an fs.write); undefined for an edit of part of it. */
  content: string | undefined;
}

/** A person's edit counts as a correction of the agent's when it comes this soon after it. */
export const EDIT_WINDOW_MS = 10 * 60_000;

/** One proposal and the key that makes it once-only. */
export interface Proposed {
  key: string;
  draft: ProposalDraft;
}

/** A sentence that states a standing rule (hard) or preference (soft). */
/** What may come before a rule: "No, …", "And …", "Please …". */
const LEAD = /^(?:(?:no|nope|wrong)[,.!:;]?\s+)?(?:(?:and|also|but|so)\s+)?(?:please\s+)?/i;
const RULE =
  /^(?:(?:no|nope|wrong)[,.!:;]?\s+)?(?:(?:and|also|but|so)\s+)?(?:please\s+)?(never|don'?t|do not|always|must|stop|avoid|use|prefer|keep|only)\b/i;
const HARD_WORDS = new Set(['never', "don't", 'dont', 'do not', 'always', 'must', 'stop', 'avoid', 'only']);

/** The rule a sentence states ("No, use tabs." → "Use tabs", soft), if it states one. */
export function ruleIn(sentence: string): { text: string; kind: 'hard' | 'soft' } | undefined {
  const s = sentence.trim().replace(/\s+/g, ' ');
  const m = s.match(RULE);
  if (!m || s.length < 6) return undefined;
  const body = s.replace(LEAD, '').replace(/[.!]+$/, '');
  const text = body.charAt(0).toUpperCase() + body.slice(1);
  return { text, kind: HARD_WORDS.has(m[1]!.toLowerCase()) ? 'hard' : 'soft' };
}

/** The rules a prompt states, sentence by sentence (a line is a sentence too). */
export function rulesIn(prompt: string): { text: string; kind: 'hard' | 'soft'; sentence: string }[] {
  return prompt
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((sentence) => ({ sentence: sentence.trim(), rule: ruleIn(sentence) }))
    .filter((x): x is { sentence: string; rule: { text: string; kind: 'hard' | 'soft' } } => !!x.rule)
    .map(({ sentence, rule }) => ({ ...rule, sentence }));
}

/** The proposals one event gives (none for most). */
export async function proposalsFrom(event: LogEvent, look: CriticLookups): Promise<Proposed[]> {
  switch (event.type) {
    case 'approval.decided':
      return fromDenial(event, event.payload as EventPayload<'approval.decided'>, look);
    case 'run.undone':
      return fromUndo(event, event.payload as EventPayload<'run.undone'>, look);
    case 'file.changed':
      return fromEdit(event, (event.payload as EventPayload<'file.changed'>).changes, look);
    case 'file.saved': {
      const { path } = event.payload as EventPayload<'file.saved'>;
      return fromEdit(event, [{ kind: 'modify', path, isDir: false }], look);
    }
    case 'run.started':
      return fromCorrection(event, event.payload as EventPayload<'run.started'>, look);
    default:
      return [];
  }
}

function draft(
  source: ProposalSource,
  event: LogEvent,
  fields: { text: string; kind: 'hard' | 'soft'; folder: string | null; runId: string | null; path?: string },
  evidence: { summary: string; detail: string },
  triggers: string[] = [],
): ProposalDraft {
  return {
    text: fields.text.slice(0, 2000),
    kind: fields.kind,
    scope: fields.folder === null ? 'global' : 'project',
    folder: fields.folder,
    triggers,
    evidence: {
      source,
      sequence: event.sequence,
      runId: fields.runId,
      path: fields.path ?? null,
      summary: evidence.summary.slice(0, 500),
      detail: evidence.detail.slice(0, 4000),
    },
  };
}

/** A refusal with a reason: the reason is the lesson ("never run rm -rf", "we use pnpm"). */
function fromDenial(event: LogEvent, p: EventPayload<'approval.decided'>, look: CriticLookups): Proposed[] {
  const reason = p.decision.reason?.trim();
  if (p.decision.status !== 'rejected' || p.decision.decidedBy !== 'user' || !reason || p.approval.question)
    return [];
  const rule = ruleIn(reason) ?? { text: reason, kind: 'soft' as const };
  const runId = p.approval.runId;
  return [
    {
      key: `denial:${p.approval.id}`,
      draft: draft(
        'denial',
        event,
        { ...rule, folder: runId ? (look.runOf(runId)?.folder ?? null) : null, runId },
        {
          summary: `You refused "${p.approval.title}"`,
          detail: `${p.approval.detail}\n\nYour reason: ${reason}`,
        },
      ),
    },
  ];
}

/** An undo or a revert: the change was not wanted; the lesson is to ask before one like it. */
function fromUndo(event: LogEvent, p: EventPayload<'run.undone'>, look: CriticLookups): Proposed[] {
  if (p.how === 'redo' || p.files.length === 0) return [];
  const run = look.runOf(p.runId);
  const names = [...new Set(p.files.map((f) => basename(f.path)))];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  const task = run ? ` for "${run.prompt.slice(0, 120)}"` : '';
  return [
    {
      key: `${p.how}:${event.sequence}`,
      draft: draft(
        p.how,
        event,
        { text: `Ask before changing ${shown}`, kind: 'soft', folder: run?.folder ?? null, runId: p.runId },
        {
          summary: `You ${p.how === 'undo' ? 'undid a step' : 'reverted the run'}${task}`,
          detail: p.files.map((f) => `${f.change} ${f.path} (+${f.added} −${f.removed})`).join('\n'),
        },
        names,
      ),
    },
  ];
}

/** The person's edit of a file the agent just wrote (seen by a folder watcher, or saved in the UI): their diff is the evidence, and the lesson's start. */
async function fromEdit(
  event: LogEvent,
  changes: EventPayload<'file.changed'>['changes'],
  look: CriticLookups,
): Promise<Proposed[]> {
  const out: Proposed[] = [];
  for (const change of changes) {
    if (change.kind !== 'modify' || change.isDir) continue;
    const wrote = look.agentWrite(change.path, event.sequence);
    if (!wrote || wrote.content === undefined) continue;
    if (Date.parse(event.timestamp) - Date.parse(wrote.timestamp) > EDIT_WINDOW_MS) continue;
    const now = await look.readText(change.path);
    if (now === undefined || now === wrote.content) continue; // the agent's own write, seen by the watcher
    const name = basename(change.path);
    const first = firstChange(wrote.content, now);
    const text = first
      ? `In ${name}, write "${first.added}" rather than "${first.removed}"`
      : `Follow the person's edit of ${name}`;
    out.push({
      key: `edit:${wrote.sequence}:${change.path}`,
      draft: draft(
        'edit',
        event,
        {
          text,
          kind: 'soft',
          folder: look.runOf(wrote.runId)?.folder ?? null,
          runId: wrote.runId,
          path: change.path,
        },
        {
          summary: `You edited ${name} right after the agent wrote it`,
          detail: createTwoFilesPatch(`${name} (agent)`, `${name} (you)`, wrote.content, now, '', '', {
            context: 2,
          }),
        },
        [name],
      ),
    });
  }
  return out;
}

/** The first line the person replaced, trimmed, to name the correction in words. */
function firstChange(before: string, after: string): { removed: string; added: string } | undefined {
  let removed: string | undefined;
  for (const part of diffLines(before, after)) {
    const line = part.value
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 120);
    if (part.removed && removed === undefined) removed = line ?? '';
    else if (part.added && removed !== undefined && line) return { removed, added: line };
  }
  return undefined;
}

/** "No, use tabs" in the prompt that continues a run: each rule it states is proposed. */
function fromCorrection(event: LogEvent, p: EventPayload<'run.started'>, look: CriticLookups): Proposed[] {
  const run = look.runOf(p.runId);
  if (!run?.continued) return [];
  return rulesIn(run.prompt).map((rule, i) => ({
    key: `correction:${p.runId}:${i}`,
    draft: draft(
      'correction',
      event,
      { text: rule.text, kind: rule.kind, folder: run.folder, runId: p.runId },
      { summary: 'You corrected the agent in chat', detail: rule.sentence },
    ),
  }));
}
