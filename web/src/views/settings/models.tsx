/**
 * Settings → Models: the model providers (find local servers, add, test, remove), then the routing
 * once there is something to route to. A provider named by a failed run's "Open model settings" is
 * shown first and marked.
 */
import { useEffect, useRef, useState } from 'react';
import { FormError } from '../../components/form-error';
import { useRpc } from '../../rpc/use-rpc';
import { focusedProvider, providers, refresh, rpc, toast } from '../../state/cowork';
import { useStore } from '../../state/store';
import type { RpcParamsInput, RpcResult } from '../../state/types';
import { Routing } from './routing';
import './models.css';

type Kind = RpcParamsInput<'providers.add'>['kind'];
type Draft = { id: string; kind: Kind; baseUrl: string; model: string; key: string };

const EMPTY: Draft = { id: '', kind: 'openai-compatible', baseUrl: '', model: '', key: '' };

async function addProvider(form: Draft): Promise<void> {
  await rpc.call('providers.add', {
    id: form.id,
    kind: form.kind,
    ...(form.baseUrl ? { baseUrl: form.baseUrl } : {}),
    models: form.model ? [{ id: form.model }] : [],
    ...(form.model ? { defaultModel: form.model } : {}),
  });
  if (form.key) await rpc.call('providers.setKey', { id: form.id, key: form.key });
  await refresh();
}

/** The provider a failed run pointed at: scrolled to and focused once, then marked until left. */
function useFocusedProvider() {
  const focused = useStore(focusedProvider);
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!focused) return;
    row.current?.scrollIntoView({ block: 'center' });
    row.current?.focus();
    return () => focusedProvider.set(null);
  }, [focused]);
  return { focused, row };
}

export function Models() {
  const list = useStore(providers);
  const { focused, row } = useFocusedProvider();
  const page = useRpc();
  const adding = useRpc('form');
  const [form, setForm] = useState(EMPTY);
  const [found, setFound] = useState<RpcResult<'providers.detect'>['servers'] | null>(null);
  const test = (id: string, model: string | undefined) => {
    if (!model) return toast('Give the provider a model first.', 'error');
    void page.run(rpc.call('providers.probe', { id, model }), (r) =>
      toast(`${id}/${model}: ${r.supportsTools ? 'can call tools' : 'cannot call tools'} (${r.detail})`),
    );
  };
  return (
    <section>
      <h2>Models</h2>
      <ul className="rows">
        {list.map((p) => (
          <li
            key={p.id}
            {...(p.id === focused
              ? {
                  ref: row,
                  tabIndex: -1,
                  className: 'focused',
                  'aria-current': true,
                  'data-testid': 'focused-provider',
                }
              : {})}
          >
            <strong>{p.id}</strong>{' '}
            <span className="muted">
              {p.kind} {p.baseUrl ?? ''} · {p.models.map((m) => m.id).join(', ')}
            </span>
            <button type="button" onClick={() => test(p.id, p.defaultModel ?? p.models[0]?.id)}>
              Test
            </button>
            <button
              type="button"
              onClick={() => void page.run(rpc.call('providers.remove', { id: p.id }), refresh)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {list.length === 0 && (
        <p className="muted" data-testid="no-providers">
          No model yet. Find one running on this computer, or add a cloud provider with its key below.
        </p>
      )}
      <p>
        <button
          type="button"
          className={list.length === 0 ? 'primary' : ''}
          onClick={() => void page.run(rpc.call('providers.detect', {}), (r) => setFound(r.servers))}
        >
          Find local model servers
        </button>{' '}
        {found?.length === 0 && (
          <span className="muted">
            None running (Ollama, LM Studio, llama.cpp, vLLM on their usual ports).
          </span>
        )}
        {found?.map((s) => (
          <button
            key={s.baseUrl}
            type="button"
            className="link"
            onClick={() =>
              setForm({
                ...form,
                id: s.name,
                kind: 'openai-compatible',
                baseUrl: s.baseUrl,
                model: s.models[0] ?? '',
              })
            }
          >
            {s.name} ({s.models.length} models){' '}
          </button>
        ))}
      </p>
      <h3>Add a provider</h3>
      <form
        className="grid"
        onSubmit={(e) => {
          e.preventDefault();
          void adding.run(addProvider(form), () => setForm({ ...form, id: '', model: '', key: '' }));
        }}
      >
        <label>
          Name{' '}
          <input
            value={form.id}
            onChange={(e) => setForm({ ...form, id: e.target.value })}
            required
            pattern="[a-z0-9][a-z0-9_\-]*"
          />
        </label>
        <label>
          Kind
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}>
            <option value="openai-compatible">OpenAI-compatible (Ollama, LM Studio, vLLM…)</option>
            <option value="openai">OpenAI</option>
            <option value="anthropic">Anthropic</option>
            <option value="gemini">Google Gemini</option>
          </select>
        </label>
        <label>
          Base URL{' '}
          <input
            value={form.baseUrl}
            onChange={(e) => setForm({ ...form, baseUrl: e.target.value })}
            placeholder={
              form.kind === 'openai-compatible' ? 'http://127.0.0.1:11434/v1' : "the provider's own"
            }
          />
        </label>
        <label>
          Model <input value={form.model} onChange={(e) => setForm({ ...form, model: e.target.value })} />
        </label>
        <label>
          Key{' '}
          <input
            type="password"
            autoComplete="off"
            value={form.key}
            onChange={(e) => setForm({ ...form, key: e.target.value })}
            placeholder="kept by the daemon, never shown again"
          />
        </label>
        <button type="submit" className="primary">
          Add model
        </button>
      </form>
      {adding.error && <FormError>{adding.error.message}</FormError>}
      {list.length > 0 ? (
        <Routing />
      ) : (
        <p className="muted" data-testid="routing-later">
          Routing (which model takes which kind of task) appears here once a model is added.
        </p>
      )}
    </section>
  );
}
