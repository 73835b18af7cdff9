import '@xterm/xterm/css/xterm.css';
import '../components/panel-empty.css';
import '../components/spin.css';
import './panels.css';
import { Terminal } from '@xterm/xterm';
import { LoaderCircle, Plus, SquareTerminal } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { ApprovalCard } from '../components/approval-card';
import { isTerminalOpen } from '../state/approval-place';
import { approvals, current, rpc, sessions, toast } from '../state/cowork';
import { useStore } from '../state/store';
import type { ApprovalRequest, WorkspaceSession } from '../state/types';

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

/** One character cell of the terminal's font, measured: columns that fit the panel, never more. */
function cellSize(): { width: number; height: number } {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return { width: 8.4, height: 17 };
  ctx.font = `13px ${FONT}`;
  return { width: Math.max(6, ctx.measureText('W'.repeat(20)).width / 20), height: Math.ceil(13 * 1.2) + 1 };
}

/**
 * A terminal session in xterm.js: output arrives as binary frames written straight into the
 * terminal (never through React state), keys go out as terminal.write. Reattaches after a reconnect.
 */
function TerminalView({ session }: { session: WorkspaceSession }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const term = new Terminal({
      fontSize: 13,
      fontFamily: FONT,
      cursorBlink: true,
      scrollback: 10_000,
      convertEol: false,
    });
    const cell = cellSize();
    term.open(host.current!);
    let channel = -1;
    const early: Uint8Array[] = [];
    const offBinary = rpc.onBinary((ch, data) => {
      if (channel < 0) early.push(data.slice());
      else if (ch === channel) term.write(data);
    });
    const attach = () => {
      channel = -1;
      term.reset();
      void rpc.call('terminal.attach', { id: session.id }).then(({ channel: ch }) => {
        channel = ch;
        for (const d of early.splice(0)) term.write(d);
      });
    };
    const offOpen = rpc.onOpen(attach);
    const input = term.onData((data) => {
      void rpc
        .call('terminal.write', { id: session.id, data })
        .catch((err: Error) => toast(err.message, 'error'));
    });
    const fit = () => {
      const el = host.current;
      if (!el) return;
      // The host's padding and xterm's scrollbar are not room for columns.
      const cols = Math.max(20, Math.floor((el.clientWidth - 8 - 14) / cell.width));
      const rows = Math.max(5, Math.floor((el.clientHeight - 8) / cell.height));
      term.resize(cols, rows);
      void rpc.call('terminal.resize', { id: session.id, cols, rows }).catch(() => {});
    };
    const observer = new ResizeObserver(fit);
    observer.observe(host.current!);
    return () => {
      observer.disconnect();
      input.dispose();
      offOpen();
      offBinary();
      void rpc.call('terminal.detach', { id: session.id }).catch(() => {});
      term.dispose();
    };
  }, [session.id]);
  return <div className="xterm-host" ref={host} data-testid="terminal" />;
}

/** The person's own "New terminal" while it is being opened: its approval (if the policy asks) is here. */
function Opening({ folder, asked }: { folder: string | null; asked: ApprovalRequest[] }) {
  return (
    <div className="terminal-opening" data-testid="terminal-opening">
      {asked.length > 0 ? (
        <>
          <p className="muted">The policy asks before opening a terminal. Answer here:</p>
          {asked.map((a) => (
            <ApprovalCard key={a.id} approval={a} autoFocus />
          ))}
        </>
      ) : (
        <p className="muted">
          <LoaderCircle className="spin" aria-hidden="true" size={14} /> Opening a terminal
          {folder ? ` in ${folder}` : ''}…
        </p>
      )}
    </div>
  );
}

export function TerminalPanel() {
  const all = useStore(sessions).filter((s) => s.kind === 'terminal');
  const { folder } = useStore(current);
  const [active, setActive] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  // Asked before this page opened it too (a reload while it waited): still waiting, so still shown.
  const asked = useStore(approvals).filter(isTerminalOpen);
  const shown = all.find((s) => s.id === active) ?? all.filter((s) => s.status !== 'closed').at(-1);
  const open = async () => {
    if (!folder) return toast('Grant a folder first.', 'error');
    setOpening(folder);
    try {
      const s = await rpc.call('terminal.open', { cwd: folder });
      setActive(s.id);
    } catch (err) {
      toast((err as Error).message, 'error');
    } finally {
      setOpening(null);
    }
  };
  return (
    <div className="terminal-panel">
      <div className="panel-bar">
        {all.length > 0 && (
          <label className="panel-pick">
            <span>Terminal</span>
            <select value={shown?.id ?? ''} onChange={(e) => setActive(e.target.value)}>
              {all.map((s) => (
                <option
                  key={s.id}
                  value={s.id}
                >{`${s.title ?? 'terminal'} (${s.controller === 'user' ? 'you' : 'agent'}${s.status === 'closed' ? ', ended' : ''})`}</option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => void open()} disabled={opening !== null}>
          <Plus aria-hidden="true" size={14} /> New terminal
        </button>
        {shown && shown.status !== 'closed' && (
          <button
            type="button"
            onClick={() =>
              void rpc.call('sessions.control', {
                id: shown.id,
                controller: shown.controller === 'user' ? 'agent' : 'user',
              })
            }
          >
            {shown.controller === 'user' ? 'Hand back to agent' : 'Take control'}
          </button>
        )}
      </div>
      {opening !== null || asked.length > 0 ? (
        <Opening folder={opening} asked={asked} />
      ) : shown ? (
        <TerminalView key={shown.id} session={shown} />
      ) : (
        <div className="panel-empty" data-testid="terminal-empty">
          <SquareTerminal aria-hidden="true" size={28} />
          <p>No terminal open.</p>
          <p className="muted">
            {folder
              ? `New terminal opens a shell in ${folder}, inside the sandbox. The agent's terminals show here too.`
              : 'Grant a folder first: a terminal opens in one.'}
          </p>
        </div>
      )}
    </div>
  );
}
