/**
 * First run, in the chat's place: 1. a model (a local server found on this machine, one click; or a
 * cloud key, checked by a real call whose refusal is shown in the provider's words), 2. a first
 * folder (completed as it is typed), 3. a sample task, which lands in the composer. The step shown
 * follows what is set up (a model added in Settings counts); every step can be skipped, and so can
 * the whole; finishing or skipping is remembered (state/first-run.ts).
 */
import { Check, Cloud, Cpu, FolderOpen, RefreshCw, Sparkles } from 'lucide-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { FolderInput } from '../components/folder-input';
import { FormError } from '../components/form-error';
import { useRpc } from '../rpc/use-rpc';
import { current, grants, providers, refresh, rpc } from '../state/cowork';
import { finishOnboarding } from '../state/first-run';
import { useStore } from '../state/store';
import type { RpcParamsInput, RpcResult } from '../state/types';
import { fillComposer } from './chat';
import type { SettingsPage } from './settings';
import './onboarding.css';

type Kind = RpcParamsInput<'providers.add'>['kind'];
type Server = RpcResult<'providers.detect'>['servers'][number];
type Step = 1 | 2 | 3;

const STEPS: [Step, string][] = [
  [1, 'Model'],
  [2, 'Folder'],
  [3, 'First task'],
];

/** Cloud providers, with a model to start from (the person may name another). */
const CLOUD: Record<Kind, { label: string; model: string }> = {
  anthropic: { label: 'Anthropic', model: 'claude-sonnet-4-0' },
  openai: { label: 'OpenAI', model: 'gpt-4.1' },
  gemini: { label: 'Google Gemini', model: 'gemini-2.5-flash' },
  'openai-compatible': { label: 'Other, OpenAI-compatible', model: '' },
};

const SAMPLES = [
  {
    title: 'Explain this folder',
    prompt: 'Look around this folder and tell me what it is for and how it is organised.',
  },
  {
    title: 'Find the loose ends',
    prompt: 'Find TODOs, FIXMEs and unfinished work in this folder and list them by file.',
  },
  {
    title: 'Write a README',
    prompt: 'Write a short README.md for this folder: what it is, how to use it. Ask before writing.',
  },
];

export function Onboarding({ openSettings }: { openSettings: (page: SettingsPage) => void }) {
  const hasModel = useStore(providers).length > 0;
  const hasFolder = useStore(grants).length > 0;
  const [skipped, setSkipped] = useState<Step>(1);
  const step: Step = Math.max(skipped, !hasModel ? 1 : !hasFolder ? 2 : 3) as Step;
  const done = (s: Step) => (s === 1 ? hasModel : s === 2 ? hasFolder : false);
  const body = useStepFocus(step);
  return (
    <main className="onboarding" aria-labelledby="onboarding-title" data-testid="onboarding" ref={body}>
      <div className="onboarding-inner">
        <header>
          <div>
            <h1 id="onboarding-title">Set up Cowork</h1>
            <p className="muted">A model, a folder, a first task: about a minute.</p>
          </div>
          {step < 3 && (
            <button type="button" className="link" onClick={finishOnboarding}>
              Skip setup
            </button>
          )}
        </header>
        <ol className="onboarding-steps" aria-label="Steps">
          {STEPS.map(([s, label]) => (
            <li
              key={s}
              className={s === step ? 'current' : done(s) ? 'done' : ''}
              {...(s === step ? { 'aria-current': 'step' as const } : {})}
            >
              <span className="step-dot" aria-hidden>
                {done(s) ? <Check size={14} /> : s}
              </span>
              {label}
              {done(s) && <span className="sr-only"> (done)</span>}
            </li>
          ))}
        </ol>
        {step === 1 && <ModelStep onSkip={() => setSkipped(2)} />}
        {step === 2 && <FolderStep onSkip={() => setSkipped(3)} />}
        {step === 3 && <TaskStep hasModel={hasModel} hasFolder={hasFolder} openSettings={openSettings} />}
      </div>
    </main>
  );
}

/**
 * When the step moves on, the button that moved it is gone: focus goes to the next step's first
 * field (or sample task) instead of falling to the page.
 */
function useStepFocus(step: Step) {
  const body = useRef<HTMLElement>(null);
  const shown = useRef(step);
  useEffect(() => {
    if (shown.current === step) return;
    shown.current = step;
    body.current?.querySelector<HTMLElement>('.onboarding-card input, .onboarding-samples button')?.focus();
  }, [step]);
  return body;
}

function Card({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <section className="onboarding-card" aria-label={title}>
      <h2>
        {icon}
        {title}
      </h2>
      {children}
    </section>
  );
}

function ModelStep({ onSkip }: { onSkip: () => void }) {
  // One primary action: a server found here, else the key.
  const [foundHere, setFoundHere] = useState(false);
  return (
    <>
      <p className="onboarding-lead">Choose the model Cowork thinks with.</p>
      <LocalServers onFound={setFoundHere} />
      <CloudKey primary={!foundHere} />
      <SkipStep onSkip={onSkip} />
    </>
  );
}

/** Model servers running on this machine (`providers.detect`, as `cowork provider detect`), one click each. */
function LocalServers({ onFound }: { onFound: (any: boolean) => void }) {
  const [found, setFound] = useState<Server[] | null>(null);
  useEffect(() => onFound((found?.length ?? 0) > 0), [found, onFound]);
  const [other, setOther] = useState('');
  const looking = useRpc('form');
  const adding = useRpc('form');
  const detect = (baseUrl?: string) =>
    void looking.run(
      rpc.call('providers.detect', baseUrl ? { candidates: [{ name: 'local', baseUrl }] } : {}),
      (r) =>
        setFound((old) => [
          ...(baseUrl ? (old ?? []).filter((s) => s.baseUrl !== baseUrl) : []),
          ...r.servers,
        ]),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: look once, when the step opens
  useEffect(() => detect(), []);
  /** The model picked per server (its first, unless the person picks another). */
  const [picked, setPicked] = useState<Record<string, string>>({});
  const use = (s: Server) =>
    void adding.run(
      rpc.call('providers.add', {
        id: s.name,
        kind: 'openai-compatible',
        baseUrl: s.baseUrl,
        models: s.models.map((id) => ({ id })),
        defaultModel: picked[s.baseUrl] ?? s.models[0]!,
      }),
      refresh,
    );
  return (
    <Card icon={<Cpu size={18} aria-hidden />} title="On this computer">
      {found === null && <p className="muted">Looking for Ollama, LM Studio, llama.cpp and vLLM…</p>}
      {found?.length === 0 && (
        <p className="muted" data-testid="no-local-server">
          No model server is running here. Start one (for example <code>ollama serve</code>), then look again.
        </p>
      )}
      {found && found.length > 0 && (
        <ul className="onboarding-found" aria-label="Model servers found">
          {found.map((s) => (
            <li key={s.baseUrl}>
              <span>
                <strong>{s.name}</strong>{' '}
                <span className="muted">
                  {s.baseUrl} ·{' '}
                  {s.models.length === 0
                    ? 'no models yet (ollama pull qwen3, for one)'
                    : s.models.length === 1
                      ? s.models[0]
                      : `${s.models.length} models`}
                </span>
              </span>
              {s.models.length > 1 && (
                <select
                  aria-label={`Model on ${s.name}`}
                  value={picked[s.baseUrl] ?? s.models[0]}
                  onChange={(e) => setPicked({ ...picked, [s.baseUrl]: e.target.value })}
                >
                  {s.models.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              )}
              <button
                type="button"
                className="primary"
                disabled={s.models.length === 0 || adding.busy}
                onClick={() => use(s)}
              >
                Use {s.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="onboarding-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (other.trim()) detect(other.trim());
        }}
      >
        <label className="grow">
          <span className="sr-only">Server address</span>
          <input
            value={other}
            onChange={(e) => setOther(e.target.value)}
            placeholder="Another address, e.g. http://192.168.1.20:11434/v1"
            aria-label="Server address"
          />
        </label>
        <button type="submit" disabled={looking.busy}>
          <RefreshCw size={14} aria-hidden /> Look again
        </button>
      </form>
      {looking.error && <FormError>{looking.error.message}</FormError>}
      {adding.error && <FormError>{adding.error.message}</FormError>}
    </Card>
  );
}

/** A cloud provider by its key: added, then checked by a real call; refused, it is removed again. */
function CloudKey({ primary }: { primary: boolean }) {
  const [kind, setKind] = useState<Kind>('anthropic');
  const [key, setKey] = useState('');
  const [model, setModel] = useState(CLOUD.anthropic.model);
  const [baseUrl, setBaseUrl] = useState('');
  const checking = useRpc('form');
  const id = kind === 'openai-compatible' ? 'cloud' : kind;
  const check = async () => {
    const existed = providers.get().some((p) => p.id === id);
    await rpc.call('providers.add', {
      id,
      kind,
      ...(kind === 'openai-compatible' ? { baseUrl } : {}),
      models: [{ id: model }],
      defaultModel: model,
    });
    try {
      await rpc.call('providers.setKey', { id, key });
      await rpc.call('providers.probe', { id, model });
    } catch (err) {
      // A key that does not work is not kept as if it did (a provider set up before is left alone).
      if (!existed) await rpc.call('providers.remove', { id }).catch(() => {});
      throw err;
    }
  };
  return (
    <Card icon={<Cloud size={18} aria-hidden />} title="With a cloud key">
      <form
        className="onboarding-form two"
        onSubmit={(e) => {
          e.preventDefault();
          void checking.run(check(), refresh);
        }}
      >
        <label>
          Provider
          <select
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              setModel(CLOUD[k].model);
            }}
          >
            {Object.entries(CLOUD).map(([k, c]) => (
              <option key={k} value={k}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model
          <input value={model} onChange={(e) => setModel(e.target.value)} required />
        </label>
        {kind === 'openai-compatible' && (
          <label className="wide">
            Base URL
            <input
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder="https://openrouter.ai/api/v1"
              required
            />
          </label>
        )}
        <label className="wide">
          API key
          <input
            type="password"
            autoComplete="off"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="Kept by the daemon, never shown again"
            required
          />
        </label>
        <button type="submit" className={primary ? 'primary wide' : 'wide'} disabled={checking.busy}>
          {checking.busy ? 'Checking…' : 'Check key and add'}
        </button>
      </form>
      {checking.error && <FormError>{checking.error.message}</FormError>}
    </Card>
  );
}

function FolderStep({ onSkip }: { onSkip: () => void }) {
  const [path, setPath] = useState('');
  const [write, setWrite] = useState(true);
  const granting = useRpc('form');
  return (
    <>
      <p className="onboarding-lead">
        Cowork works only inside folders you grant, and asks before changing anything.
      </p>
      <Card icon={<FolderOpen size={18} aria-hidden />} title="Your first folder">
        <form
          className="onboarding-form"
          onSubmit={(e) => {
            e.preventDefault();
            const folder = path.replace(/\/+$/, '') || path;
            void granting.run(
              rpc.call('grants.add', { path: folder, mode: write ? 'rw' : 'ro' }),
              async () => {
                current.set({ sessionId: null, folder });
                await refresh();
              },
            );
          }}
        >
          <FolderInput
            value={path}
            onChange={setPath}
            label="Folder to grant"
            placeholder="/home/you/projects/site (Tab completes)"
          />
          <label className="check">
            <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} /> Cowork may
            edit files here (it still asks first)
          </label>
          <button type="submit" className="primary" disabled={!path.trim() || granting.busy}>
            Grant access
          </button>
        </form>
        {granting.error && <FormError>{granting.error.message}</FormError>}
      </Card>
      <SkipStep onSkip={onSkip} />
    </>
  );
}

function TaskStep({
  hasModel,
  hasFolder,
  openSettings,
}: {
  hasModel: boolean;
  hasFolder: boolean;
  openSettings: (page: SettingsPage) => void;
}) {
  const start = (prompt: string) => {
    fillComposer(prompt);
    finishOnboarding();
  };
  return (
    <>
      <p className="onboarding-lead">
        {hasModel && hasFolder
          ? 'Ready. Pick a task to try: it goes into the message box for you to send.'
          : `Still missing: ${[!hasModel && 'a model', !hasFolder && 'a folder'].filter(Boolean).join(' and ')}.`}
      </p>
      {!(hasModel && hasFolder) && (
        <p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              finishOnboarding();
              openSettings(hasModel ? 'folders' : 'models');
            }}
          >
            {hasModel ? 'Grant a folder' : 'Add a model'} in Settings
          </button>
        </p>
      )}
      <ul className="onboarding-samples" aria-label="Sample tasks">
        {SAMPLES.map((s) => (
          <li key={s.title}>
            <button type="button" onClick={() => start(s.prompt)}>
              <Sparkles size={16} aria-hidden />
              <strong>{s.title}</strong>
              <span className="muted">{s.prompt}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="onboarding-skip">
        <button type="button" className="link" onClick={finishOnboarding}>
          Start with an empty chat
        </button>
      </p>
    </>
  );
}

function SkipStep({ onSkip }: { onSkip: () => void }) {
  return (
    <p className="onboarding-skip">
      <button type="button" className="link" onClick={onSkip}>
        Skip this step
      </button>
    </p>
  );
}
