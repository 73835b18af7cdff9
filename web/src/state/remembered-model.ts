/**
 * The model picker's choice, remembered across loads. A remembered model is not kept silently when
 * it cannot work: one no longer set up, or one whose provider failed a run started since it was
 * chosen, falls back to auto (routes, default) with a notice saying why.
 */
import { useEffect, useState } from 'react';
import { modelChoices, providers, type RunView, ready, runs, toast } from './cowork';
import { useStore } from './store';

/** The picker's first choice: no model named, so the daemon's routes and default model decide. */
export const AUTO_MODEL = 'auto';
const KEY = 'cowork.model';

interface Choice {
  model: string;
  /** When it was chosen (ms since the epoch): only runs started since then speak against it. */
  at: number;
}

function load(): Choice {
  const raw = localStorage.getItem(KEY);
  if (!raw) return { model: AUTO_MODEL, at: 0 };
  try {
    const { model, at } = JSON.parse(raw) as Partial<Choice>;
    if (typeof model === 'string' && typeof at === 'number') return { model, at };
  } catch {
    // an older build kept the bare model name
  }
  return { model: raw, at: 0 };
}

/** A run started with `choice` since it was chosen that failed on that model's provider. */
function failedSince(all: Map<string, RunView>, { model, at }: Choice): RunView | undefined {
  return [...all.values()]
    .filter((r) => r.failure && `${r.failure.id}/${r.failure.model}` === model)
    .find((r) => Date.parse(r.info.createdAt) >= at);
}

export function useRememberedModel(): [string, (model: string) => void] {
  const [choice, setChoice] = useState(load);
  const isReady = useStore(ready);
  const models = modelChoices(useStore(providers));
  const all = useStore(runs);
  const choose = (model: string) => setChoice({ model, at: Date.now() });
  useEffect(() => {
    localStorage.setItem(KEY, JSON.stringify(choice));
  }, [choice]);
  useEffect(() => {
    const { model } = choice;
    const toAuto = () => setChoice({ model: AUTO_MODEL, at: Date.now() });
    // (once the providers are known: a remembered model is not dropped while they load)
    if (model === AUTO_MODEL || !isReady) return;
    if (!models.includes(model)) {
      toast(`${model} is no longer set up, so Cowork picks the model (auto).`);
      return toAuto();
    }
    const failed = failedSince(all, choice);
    if (failed) {
      toast(`${model} failed last time, so the next message uses auto (Cowork picks the model).`, 'error');
      toAuto();
    }
  }, [choice, isReady, models, all]);
  return [choice.model, choose];
}
