import '@xterm/xterm/css/xterm.css';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { current, rpc, sessions, toast } from '../state/cowork';
import { useStore } from '../state/store';
import type { WorkspaceSession } from '../state/types';

/**
 * A terminal session in xterm.js: output arrives as binary frames written straight into the
 * terminal (never through React state), keys go out as terminal.write. Reattaches after a reconnect.
 */
function TerminalView({ session }: { session: WorkspaceSession }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const term = new Terminal({ fontSize: 13, cursorBlink: true, scrollback: 10_000, convertEol: false });
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
      const cols = Math.max(20, Math.floor(el.clientWidth / 8.4));
      const rows = Math.max(5, Math.floor(el.clientHeight / 17));
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

export function TerminalPanel() {
  const all = useStore(sessions).filter((s) => s.kind === 'terminal');
  const { folder } = useStore(current);
  const [active, setActive] = useState<string | null>(null);
  const shown = all.find((s) => s.id === active) ?? all.filter((s) => s.status !== 'closed').at(-1);
  const open = async () => {
    if (!folder) return toast('Grant a folder first.', 'error');
    try {
      const s = await rpc.call('terminal.open', { cwd: folder });
      setActive(s.id);
    } catch (err) {
      toast((err as Error).message, 'error');
    }
  };
  return (
    <div className="terminal-panel">
      <div className="panel-bar">
        <select value={shown?.id ?? ''} onChange={(e) => setActive(e.target.value)} aria-label="Terminal">
          {all.map((s) => (
            <option
              key={s.id}
              value={s.id}
            >{`${s.title ?? 'terminal'} (${s.controller}${s.status === 'closed' ? ', ended' : ''})`}</option>
          ))}
        </select>
        <button type="button" onClick={() => void open()}>
          New terminal
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
      {shown ? <TerminalView key={shown.id} session={shown} /> : <p className="muted">No terminal yet.</p>}
    </div>
  );
}
