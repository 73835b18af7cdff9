import { History, Redo2, RotateCcw, Undo2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { undoRequest } from '../components/undo-confirm';
import { current, redoStep, rpc, runs, runsOf, toast } from '../state/cowork';
import { useStore } from '../state/store';
import type { RpcResult } from '../state/types';

type Checkpoint = RpcResult<'checkpoints.undo'>;

/**
 * Every file change of the session's runs: undo a step, revert a run (each confirmed first, with
 * what will change), redo an undone step, continue from a step.
 */
export function CheckpointsPanel() {
  const all = useStore(runs);
  const { sessionId } = useStore(current);
  const list = runsOf(all, sessionId);
  const [byRun, setByRun] = useState<Record<string, Checkpoint[]>>({});
  // An undo adds an entry to its run's timeline, so the item count says when to load again.
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
  const fork = async (runId: string, checkpointId: number) => {
    try {
      const branch = await rpc.call('runs.fork', { runId, checkpointId });
      current.set((cur) => ({ ...cur, sessionId: branch.sessionId }));
      toast('Continuing from here.');
    } catch (err) {
      toast((err as Error).message, 'error');
    }
  };
  if (list.length === 0)
    return (
      <p className="muted">No changes yet. Files the agent changes are listed here, each one undoable.</p>
    );
  return (
    <div className="checkpoints">
      {list.map((r) => {
        const steps = byRun[r.info.id] ?? [];
        const left = steps.some((c) => !c.undone);
        return (
          <section key={r.info.id}>
            <header>
              <strong title={r.info.prompt}>{r.info.prompt}</strong>
              {left && (
                <button type="button" onClick={() => undoRequest.set({ how: 'revert', runId: r.info.id })}>
                  <RotateCcw aria-hidden="true" size={14} /> Revert run…
                </button>
              )}
            </header>
            {steps.length === 0 && <p className="muted">No file changes.</p>}
            <ol>
              {steps.map((c) => (
                <li key={c.id} className={c.undone ? 'undone' : ''}>
                  <span>
                    {c.action.replace('fs.', '')} {c.paths.map((p) => p.split('/').pop()).join(', ')}
                    {c.undone && <span className="sr-only"> (undone)</span>}
                  </span>
                  {c.undone ? (
                    <button
                      type="button"
                      onClick={() => void redoStep(c.id).catch((e: Error) => toast(e.message, 'error'))}
                    >
                      <Redo2 aria-hidden="true" size={14} /> Redo
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => undoRequest.set({ how: 'undo', checkpointId: c.id })}
                    >
                      <Undo2 aria-hidden="true" size={14} /> Undo…
                    </button>
                  )}
                  <button
                    type="button"
                    title="Restore the conversation to here"
                    onClick={() => void fork(r.info.id, c.id)}
                  >
                    <History aria-hidden="true" size={14} /> Restore here
                  </button>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
