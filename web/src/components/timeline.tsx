import { Check, Hand, LoaderCircle, Undo2, X } from 'lucide-react';
import { useState } from 'react';
import { current, panel } from '../state/cowork';
import { openFile } from '../state/files';
import type { PlanStep, TimelineItem } from '../state/types';

/** Tool paths may be relative to the session's folder. */
function resolvePath(path: string): string {
  const folder = current.get().folder;
  return path.startsWith('/') || !folder ? path : `${folder}/${path}`;
}

import { ArtifactCard } from './artifact-card';
import { DiffText } from './diff';
import { FileChanges } from './file-changes';
import { Markdown } from './markdown';
import './spin.css';
import './timeline.css';

const TOOL_LABELS: Record<string, string> = {
  'builtin:fs.read': 'Read',
  'builtin:fs.write': 'Write',
  'builtin:fs.edit': 'Edit',
  'builtin:fs.list': 'List',
  'builtin:fs.delete': 'Delete',
  'builtin:fs.move': 'Move',
  'builtin:exec': 'Run',
  'builtin:net.fetch': 'Fetch',
  'builtin:fs.search': 'Search',
  update_plan: 'Plan',
};

function target(args: Record<string, unknown>): string {
  const v =
    args['path'] ??
    args['command'] ??
    (Array.isArray(args['argv']) ? (args['argv'] as string[]).join(' ') : undefined) ??
    args['url'] ??
    args['query'] ??
    args['input'];
  return typeof v === 'string' ? v : '';
}

/** What the card shows when opened: an edit as a diff, a command with its output, else the arguments. */
function Details({ item }: { item: Extract<TimelineItem, { kind: 'tool' }> }) {
  const edits = item.args['edits'];
  const content = item.args['content'];
  return (
    <div className="tool-details">
      {Array.isArray(edits) ? (
        <DiffText
          text={(edits as { oldText: string; newText: string }[])
            .map(
              (e) =>
                `${e.oldText
                  .split('\n')
                  .map((l) => `-${l}`)
                  .join('\n')}\n${e.newText
                  .split('\n')
                  .map((l) => `+${l}`)
                  .join('\n')}`,
            )
            .join('\n')}
        />
      ) : typeof content === 'string' ? (
        <DiffText
          text={content
            .split('\n')
            .map((l) => `+${l}`)
            .join('\n')}
        />
      ) : (
        <pre>{JSON.stringify(item.args, null, 2)}</pre>
      )}
      {item.error && (
        <p className="error">
          {item.error.code}: {item.error.message}
        </p>
      )}
      {item.preview && <pre className="output">{item.preview}</pre>}
    </div>
  );
}

/** "12 ms", "1.4 s", "2m 05s": the call's own time (the door leaves out any wait for the person). */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

const STATUS_ICON = { running: LoaderCircle, ok: Check, error: X } as const;

/** A running card's last progress report: "3/5 · indexing", or an ellipsis before any. */
function progressText(p: Extract<TimelineItem, { kind: 'tool' }>['progress']): string {
  if (!p) return '…';
  const amount = p.total ? `${p.progress}/${p.total}` : String(p.progress);
  return p.message ? `${amount} · ${p.message}` : amount;
}

/** Cards the person opened: kept here, since a card scrolled out of the transcript is unmounted. */
const openCards = new Set<string>();

function StatusIcon({ status }: { status: keyof typeof STATUS_ICON }) {
  const Icon = STATUS_ICON[status];
  return (
    <span className={`tool-status ${status}`} role="img" aria-label={status}>
      <Icon aria-hidden="true" size={14} className={status === 'running' ? 'spin' : undefined} />
    </span>
  );
}

/** `waiting`: the call waits for the person's answer (the card below it): its time is not running. */
function ToolCard({ item, waiting }: { item: Extract<TimelineItem, { kind: 'tool' }>; waiting: boolean }) {
  const [open, setOpenState] = useState(() => openCards.has(item.id));
  const setOpen = (o: boolean) => {
    if (o) openCards.add(item.id);
    else openCards.delete(item.id);
    setOpenState(o);
  };
  const label = TOOL_LABELS[item.tool] ?? item.tool.replace(/^builtin:/, '');
  return (
    <div className={`tool-card ${item.status}`} data-testid="tool-card">
      <button type="button" className="tool-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        {waiting ? (
          <span className="tool-status waiting" role="img" aria-label="waiting for you">
            <Hand aria-hidden="true" size={14} />
          </span>
        ) : (
          <StatusIcon status={item.status} />
        )}
        <span className="tool-name">{label}</span>
        <span className="tool-target">{target(item.args)}</span>
        <span className="tool-time">
          {waiting
            ? 'waiting for you'
            : item.status === 'running'
              ? progressText(item.progress)
              : item.durationMs !== undefined
                ? duration(item.durationMs)
                : ''}
        </span>
      </button>
      {open && <Details item={item} />}
      {open && typeof item.args['path'] === 'string' && (
        <button
          type="button"
          className="link view-file"
          onClick={() => {
            // The file the agent is working on, in the Files panel, live.
            openFile.set({ path: resolvePath(item.args['path'] as string) });
            panel.set('files');
          }}
        >
          View the file live
        </button>
      )}
    </div>
  );
}

const STEP_TEXT: Record<PlanStep['status'], string> = {
  completed: 'done',
  in_progress: 'in progress',
  pending: 'to do',
};

/**
 * The agent's plan as a checklist, updated in place. Step text comes from the model: rendered as
 * text (React escapes it), never as HTML or markdown. Icons are decoration; each step's status is
 * also in words for screen readers.
 */
function PlanCard({ item }: { item: Extract<TimelineItem, { kind: 'plan' }> }) {
  const done = item.steps.filter((s) => s.status === 'completed').length;
  const count = `${done} of ${item.steps.length} done`;
  return (
    <section className="plan-card" data-testid="plan-card" aria-label={`Plan, ${count}`}>
      <div className="plan-head">
        <span className="plan-title">Plan</span>
        <span className="plan-count" data-testid="plan-count">
          {count}
        </span>
      </div>
      {item.explanation && <p className="plan-explanation">{item.explanation}</p>}
      <ol className="plan-steps" aria-label="Plan steps">
        {item.steps.map((s, i) => (
          // Steps have no ids and a plan is replaced whole, so the position is the key.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i} className={`plan-step ${s.status}`} data-status={s.status}>
            <span className="plan-icon" aria-hidden="true">
              {s.status === 'completed' && <Check size={12} />}
            </span>
            <span className="plan-text">{s.step}</span>
            <span className="sr-only">, {STEP_TEXT[s.status]}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const UNDONE_WHAT: Record<Extract<TimelineItem, { kind: 'undone' }>['how'], string> = {
  revert: 'You reverted this run',
  undo: 'You undid a change of this run',
  redo: 'You redid a change of this run',
};

/** The person's undo, revert or redo, where it happened in the conversation: the files it changed. */
function UndoneEntry({ item }: { item: Extract<TimelineItem, { kind: 'undone' }> }) {
  const n = item.files.length;
  const what = UNDONE_WHAT[item.how];
  return (
    <div className="note undone-entry" data-testid="undone-entry">
      <div className="undone-head">
        <Undo2 aria-hidden="true" size={15} />
        <span>
          {what}: {n} file{n === 1 ? '' : 's'} {item.how === 'redo' ? 'changed again' : 'put back'}.
        </span>
      </div>
      <FileChanges files={item.files} folder={current.get().folder} redo={item.how === 'redo'} />
    </div>
  );
}

/** One entry of a run's timeline: a message, a tool call's card, the plan or a closing note. */
export function TimelineEntry({ item, waiting = false }: { item: TimelineItem; waiting?: boolean }) {
  return item.kind === 'user' ? (
    <div className="msg user">{item.text}</div>
  ) : item.kind === 'assistant' ? (
    <div className="msg assistant">
      <Markdown text={item.text} />
    </div>
  ) : item.kind === 'tool' ? (
    <ToolCard item={item} waiting={waiting} />
  ) : item.kind === 'plan' ? (
    <PlanCard item={item} />
  ) : item.kind === 'undone' ? (
    <UndoneEntry item={item} />
  ) : item.kind === 'artifact' ? (
    <ArtifactCard artifact={item.artifact} />
  ) : (
    <div className={`note ${item.tone}`}>{item.text}</div>
  );
}
