import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { approvals, current, type RunView, runs, runsOf } from '../state/cowork';
import { useStore } from '../state/store';

/** How many announcements stay in the region (older ones were read already). */
const KEEP = 4;
const MAX_CHARS = 300;

const clip = (text: string) => (text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text);

/**
 * What a screen reader hears of a session, as it happens: each agent message once it is whole (the
 * transcript itself streams token by token and is not live), each run's end, and each approval the
 * person is asked for. What was there before the page or the session was opened is not read.
 */
function newAnnouncements(list: RunView[], pendingTitles: Map<string, string>, told: Set<string>): string[] {
  const out: string[] = [];
  const tell = (key: string, text: string) => {
    if (told.has(key)) return;
    told.add(key);
    out.push(text);
  };
  for (const r of list) {
    r.items.forEach((item, i) => {
      const whole = i < r.items.length - 1 || r.info.status !== 'running';
      if (item.kind === 'assistant' && whole && item.text.trim()) tell(item.id, `Cowork: ${clip(item.text)}`);
      else if (item.kind === 'note')
        tell(
          item.id,
          item.tone === 'done'
            ? `Run done: ${clip(item.text)}`
            : item.tone === 'error'
              ? `Run failed: ${clip(item.text)}`
              : item.text,
        );
    });
  }
  for (const [id, title] of pendingTitles) tell(`approval:${id}`, `Waiting for your approval: ${title}`);
  return out;
}

export function Announcer() {
  const { sessionId } = useStore(current);
  const list = runsOf(useStore(runs), sessionId);
  const pending = useStore(approvals);
  const told = useRef<Set<string> | null>(null);
  const shownSession = useRef<string | null | undefined>(undefined);
  const [said, setSaid] = useState<{ key: number; text: string }[]>([]);
  const counter = useRef(0);
  useEffect(() => {
    const titles = new Map(
      pending.filter((a) => list.some((r) => r.info.id === a.runId)).map((a) => [a.id, a.title]),
    );
    told.current ??= new Set();
    // The finished runs of a session just opened are history: remembered as told, not read out.
    if (shownSession.current !== sessionId) {
      shownSession.current = sessionId;
      newAnnouncements(
        list.filter((r) => r.info.status !== 'running'),
        new Map(),
        told.current,
      );
    }
    const fresh = newAnnouncements(list, titles, told.current);
    if (fresh.length)
      setSaid((old) => [...old, ...fresh.map((text) => ({ key: ++counter.current, text }))].slice(-KEEP));
  }, [list, pending, sessionId]);
  // The region lives in a closed shadow root: it is for assistive technology, which reads it from
  // the accessibility tree; the page's own text (find, copy, a test's getByText) keeps each message
  // once, in the transcript.
  const host = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    if (host.current && !root) setRoot(host.current.attachShadow({ mode: 'closed' }));
  }, [root]);
  return (
    <div ref={host} className="sr-only">
      {root &&
        createPortal(
          <div role="log" aria-live="polite" aria-label="Run updates">
            {said.map((s) => (
              <p key={s.key}>{s.text}</p>
            ))}
          </div>,
          root,
        )}
    </div>
  );
}
