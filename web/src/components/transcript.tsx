import { useVirtualizer } from '@tanstack/react-virtual';
import { Hand } from 'lucide-react';
import { type ReactNode, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { revealApproval } from '../state/approval-place';
import type { RunView } from '../state/cowork';
import { useStore } from '../state/store';
import type { ApprovalRequest, TimelineItem } from '../state/types';
import { ApprovalCard } from './approval-card';
import { RunExport } from './run-export';
import { TimelineEntry } from './timeline';

type Row =
  | { key: string; kind: 'item'; item: TimelineItem; waiting?: boolean }
  | { key: string; kind: 'approval'; approval: ApprovalRequest; first: boolean }
  | { key: string; kind: 'export'; run: RunView['info'] };

/** A first guess at a row's height, before it is measured: close guesses keep the scrollbar calm. */
function estimate(row: Row): number {
  if (row.kind === 'approval') return 220;
  if (row.kind === 'export') return 32;
  switch (row.item.kind) {
    case 'tool':
      return 44;
    case 'note':
      return 44;
    case 'artifact':
      return 56;
    case 'undone':
      return 60 + 24 * row.item.files.length;
    case 'plan':
      return 60 + 24 * row.item.steps.length;
    default:
      return 40 + 20 * Math.ceil(row.item.text.length / 100);
  }
}

/** Every run's timeline in order, each followed by the approvals it waits for. */
function rowsOf(runs: RunView[], pending: ApprovalRequest[]): Row[] {
  const rows: Row[] = [];
  for (const r of runs) {
    // The one call running while the run waits on the person is the one their answer is for.
    const running = r.items.filter((it) => it.kind === 'tool' && it.status === 'running');
    const asking = running.length === 1 && pending.some((a) => a.runId === r.info.id) ? running[0]!.id : null;
    for (const item of r.items) rows.push({ key: item.id, kind: 'item', item, waiting: item.id === asking });
    pending
      .filter((a) => a.runId === r.info.id)
      .forEach((approval, i) => {
        rows.push({ key: `approval:${approval.id}`, kind: 'approval', approval, first: i === 0 });
      });
    // Offered once the run has ended: an export of a running run would be cut short.
    if (r.info.status !== 'running') rows.push({ key: `export:${r.info.id}`, kind: 'export', run: r.info });
  }
  return rows;
}

/**
 * The session's transcript, virtualised: only the rows on screen (and a few around) are in the page,
 * so a session of thousands of events renders and updates in constant time. Rows are measured as
 * they render (streaming text, an opened card). It stays pinned to the bottom while the person is
 * there, and stays put when they scroll up to read.
 */
export function Transcript({
  runs,
  pending,
  sessionKey,
  children,
}: {
  runs: RunView[];
  pending: ApprovalRequest[];
  /** Changes when another session is shown: the view goes back to the bottom. */
  sessionKey: string;
  /** Shown after the last row (the empty state, "Working…"). */
  children?: ReactNode;
}) {
  const rows = useMemo(() => rowsOf(runs, pending), [runs, pending]);
  const parent = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const list = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: (i) => estimate(rows[i]!),
    getItemKey: (i) => rows[i]!.key,
    overscan: 6,
  });
  const total = list.getTotalSize();
  useReveal(rows, list);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new session starts at its end
  useLayoutEffect(() => {
    pinned.current = true;
  }, [sessionKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the end whenever the content grows
  useLayoutEffect(() => {
    const el = parent.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [total, rows.length, children, sessionKey]);
  return (
    <div
      ref={parent}
      className="transcript"
      data-testid="transcript"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      <div style={{ height: total, position: 'relative' }}>
        {list.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={list.measureElement}
              className="transcript-row"
              style={{ transform: `translateY(${v.start}px)` }}
            >
              {row.kind === 'item' ? (
                <TimelineEntry item={row.item} waiting={row.waiting ?? false} />
              ) : row.kind === 'export' ? (
                <RunExport run={row.run} />
              ) : (
                <ApprovalCard approval={row.approval} autoFocus={row.first} />
              )}
            </div>
          );
        })}
      </div>
      {children}
    </div>
  );
}

/** Scrolls to the approval the Approvals panel points at, and puts the focus on its card. */
function useReveal(rows: Row[], list: { scrollToIndex(i: number, o: { align: 'center' }): void }) {
  const id = useStore(revealApproval);
  const index = id ? rows.findIndex((r) => r.key === `approval:${id}`) : -1;
  useEffect(() => {
    if (!id || index < 0) return;
    list.scrollToIndex(index, { align: 'center' });
    const t = setTimeout(() => {
      document.querySelector<HTMLElement>(`[data-approval-id="${CSS.escape(id)}"]`)?.focus();
      revealApproval.set(null);
    }, 50);
    return () => clearTimeout(t);
  }, [id, index, list]);
}

/**
 * Under the last row while a run goes: "Waiting for you" while it waits on an approval (at once:
 * the card is right above), else "Working…" once it has been quiet a while.
 */
export function RunStatus({ waiting, quiet }: { waiting: boolean; quiet: boolean }) {
  if (waiting)
    return (
      <div className="working waiting" data-testid="run-status">
        <Hand aria-hidden="true" size={15} /> Waiting for you: the run goes on once you answer above.
      </div>
    );
  return quiet ? (
    <div className="working" data-testid="run-status">
      Working…
    </div>
  ) : null;
}
