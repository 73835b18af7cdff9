import { useEffect, useState } from 'react';
import { current, rpc, runs, runsOf, toast } from '../state/cowork';
import { useStore } from '../state/store';
import type { RpcResult } from '../state/types';

type Checkpoint = RpcResult<'checkpoints.undo'>;

/** Every file change of the session's runs: undo a step, revert a run, continue from a step. */
export function CheckpointsPanel() {
  const all = useStore(runs);
  const { sessionId } = useStore(current);
  const list = runsOf(all, sessionId);
  const [byRun, setByRun] = useState<Record<string, Checkpoint[]>>({});
  const version = list.map((r) => `${r.info.id}:${r.items.length}:${r.info.status}`).join(',');
  const load = () => {
    for (const r of list)
      void rpc
        .call('checkpoints.list', { runId: r.info.id })
        .then((c) => setByRun((prev) => ({ ...prev, [r.info.id]: c.checkpoints })))
        .catch(() => {});
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the runs change
  useEffect(load, [version]);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      toast(done);
    } catch (err) {
      toast((err as Error).message, 'error');
    }
    load();
  };
  if (list.length === 0) return <p className="muted">No changes yet.</p>;
  return (
    <div className="checkpoints">
      {list.map((r) => (
        <section key={r.info.id}>
          <header>
            <strong title={r.info.prompt}>{r.info.prompt.slice(0, 60)}</strong>
            <button
              type="button"
              onClick={() => void act(() => rpc.call('runs.revert', { runId: r.info.id }), 'Run reverted.')}
            >
              Revert run
            </button>
          </header>
          {(byRun[r.info.id] ?? []).length === 0 && <p className="muted">No file changes.</p>}
          <ol>
            {(byRun[r.info.id] ?? []).map((c) => (
              <li key={c.id} className={c.undone ? 'undone' : ''}>
                <span>
                  {c.action.replace('fs.', '')} {c.paths.map((p) => p.split('/').pop()).join(', ')}
                </span>
                {!c.undone && (
                  <button
                    type="button"
                    onClick={() =>
                      void act(() => rpc.call('checkpoints.undo', { checkpointId: c.id }), 'Step undone.')
                    }
                  >
                    Undo
                  </button>
                )}
                <button
                  type="button"
                  title="Restore the conversation to here"
                  onClick={() =>
                    void act(async () => {
                      const fork = await rpc.call('runs.fork', {
                        runId: r.info.id,
                        checkpointId: c.id,
                      });
                      current.set((cur) => ({ ...cur, sessionId: fork.sessionId }));
                    }, 'Continuing from here.')
                  }
                >
                  Restore here
                </button>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
