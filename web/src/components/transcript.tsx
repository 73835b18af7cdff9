import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useLayoutEffect, useMemo, useRef } from 'react';
import type { RunView } from '../state/cowork';
import type { ApprovalRequest, TimelineItem } from '../state/types';
import { ApprovalCard } from './approval-card';
import { TimelineEntry } from './timeline';

type Row =
  | { key: string; kind: 'item'; item: TimelineItem }
  | { key: string; kind: 'approval'; approval: ApprovalRequest; first: boolean };

/** A first guess at a row's height, before it is measured: close guesses keep the scrollbar calm. */
function estimate(row: Row): number {
  if (row.kind === 'approval') return 220;
  switch (row.item.kind) {
    case 'tool':
      return 44;
    case 'note':
      return 44;
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
    for (const item of r.items) rows.push({ key: item.id, kind: 'item', item });
    pending
      .filter((a) => a.runId === r.info.id)
      .forEach((approval, i) => {
        rows.push({ key: `approval:${approval.id}`, kind: 'approval', approval, first: i === 0 });
      });
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
                <TimelineEntry item={row.item} />
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
