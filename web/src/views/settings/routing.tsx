/**
 * Settings → Models → Routing: the default model and the routing rules (`routes.get`/`routes.set`).
 * Edits stay in the page until Save; the daemon checks them whole, and its refusal is shown here,
 * next to the rule and field it names. After a save the page shows what the daemon read back.
 */
import { useEffect, useRef, useState } from 'react';
import type { CoworkError } from '../../../../src/contracts/cowork-error';
import { FormError } from '../../components/form-error';
import { useRpc } from '../../rpc/use-rpc';
import { modelChoices, providers, rpc, toast } from '../../state/cowork';
import { useStore } from '../../state/store';
import type { RouteRule, RoutesConfig } from '../../state/types';

type Capability = NonNullable<RouteRule['match']['capability']>;
const CAPABILITIES: readonly Capability[] = ['tools', 'vision', 'long-context', 'streaming', 'embeddings'];

/** A rule as the form holds it: every field text, so a half-typed value is never lost. */
interface RuleDraft {
  id: string;
  priority: string;
  taskType: string;
  workerRole: string;
  capability: Capability | '';
  modelId: string;
  fallbacks: string;
}

/** Where the daemon said the problem is. */
interface Problem {
  message: string;
  rule?: number;
  field?: string;
}

const toDraft = (r: RouteRule): RuleDraft => ({
  id: r.id,
  priority: String(r.priority),
  taskType: r.match.taskType ?? '',
  workerRole: r.match.workerRole ?? '',
  capability: r.match.capability ?? '',
  modelId: r.modelId,
  fallbacks: r.fallbacks.join(', '),
});

/** Empty fields are left out (an empty match matches every task); the daemon validates the rest. */
const fromDraft = (d: RuleDraft): RouteRule => ({
  id: d.id.trim(),
  priority: d.priority.trim() === '' ? 0 : Number(d.priority),
  match: {
    ...(d.taskType.trim() ? { taskType: d.taskType.trim() } : {}),
    ...(d.workerRole.trim() ? { workerRole: d.workerRole.trim() } : {}),
    ...(d.capability ? { capability: d.capability } : {}),
  },
  modelId: d.modelId.trim(),
  fallbacks: d.fallbacks
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean),
});

/** The daemon's refusal, in the person's terms: "Rule 2, priority: …" rather than "rules.1.priority". */
function problemOf(err: Error): Problem {
  const details = (err as Partial<CoworkError>).details as
    | { rule?: number; field?: string; issues?: { path: string; message: string }[] }
    | undefined;
  const issue = details?.issues?.[0];
  if (!issue) return { message: err.message, ...details };
  const [top, index, field] = issue.path.split('.');
  if (top === 'rules' && index !== undefined && /^\d+$/.test(index)) {
    const rule = Number(index);
    return {
      message: `Rule ${rule + 1}${field ? `, ${field}` : ''}: ${issue.message}`,
      rule,
      ...(field ? { field } : {}),
    };
  }
  return { message: `${issue.path || 'Routes'}: ${issue.message}`, ...(top ? { field: top } : {}) };
}

function describe(r: RuleDraft): string {
  const match = [
    r.taskType && `task ${r.taskType}`,
    r.workerRole && `role ${r.workerRole}`,
    r.capability && `needs ${r.capability}`,
  ].filter(Boolean);
  const fallbacks = r.fallbacks.trim() ? `, then ${r.fallbacks}` : '';
  return `priority ${r.priority || 0} · ${match.length ? match.join(', ') : 'any task'} → ${r.modelId || '?'}${fallbacks}`;
}

export function Routing() {
  const choices = modelChoices(useStore(providers));
  const [defaultModel, setDefaultModel] = useState('');
  const [rules, setRules] = useState<RuleDraft[]>([]);
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const page = useRpc();
  const saving = useRpc('form');
  const problem = saving.error && problemOf(saving.error);

  /** Edits not saved yet: a change made elsewhere does not overwrite them. */
  const dirty = useRef(false);
  const show = ({ defaultModel, rules }: RoutesConfig) => {
    setDefaultModel(defaultModel ?? '');
    setRules(rules.map(toDraft));
    dirty.current = false;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the page opens, then follow changes
  useEffect(() => {
    void page.run(rpc.call('routes.get'), show);
    // Saved from another window or `cowork routes set`: shown here too, unless edits are under way.
    return rpc.onEvent((e) => {
      if (e.type !== 'routes.changed' || e.sequence <= rpc.replayHead) return;
      if (!dirty.current) show(e.payload);
      else toast('The routing was changed elsewhere; saving here replaces that change.');
    });
  }, []);

  const edited = () => {
    dirty.current = true;
    setSaved(false);
  };
  const change = (next: RuleDraft[]) => {
    setRules(next);
    edited();
  };
  const update = (i: number, patch: Partial<RuleDraft>) =>
    change(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => {
    let n = rules.length + 1;
    while (rules.some((r) => r.id === `rule-${n}`)) n++;
    change([
      ...rules,
      {
        id: `rule-${n}`,
        priority: '0',
        taskType: 'agent',
        workerRole: '',
        capability: '',
        modelId: choices[0] ?? '',
        fallbacks: '',
      },
    ]);
    setEditing(rules.length);
  };
  const remove = (i: number) => {
    change(rules.filter((_, j) => j !== i));
    setEditing(null);
    saving.clear();
  };
  const save = () => {
    // Its own routes.changed event may come back before the reply: that one is no surprise.
    dirty.current = false;
    const saveAndReadBack = async () => {
      await rpc.call('routes.set', { defaultModel: defaultModel || null, rules: rules.map(fromDraft) });
      // What the daemon kept, read back: the page never shows a save that did not happen.
      return rpc.call('routes.get');
    };
    return saving.run(
      saveAndReadBack(),
      (kept) => {
        setEditing(null);
        show(kept);
        setSaved(true);
      },
      (err) => {
        dirty.current = true;
        setSaved(false);
        // The rule at fault opens, so its field can be fixed where the message points.
        const rule = problemOf(err).rule;
        if (rule !== undefined) setEditing(rule);
      },
    );
  };
  const invalid = (i: number, field: string) => problem?.rule === i && problem.field === field;
  // A saved model that is no longer offered (its provider went) still shows, so it can be changed.
  const defaultChoices =
    defaultModel && !choices.includes(defaultModel) ? [defaultModel, ...choices] : choices;

  return (
    <section aria-label="Routing">
      <h3>Routing</h3>
      <p className="muted">
        Which model serves a task that names none: the first matching rule (highest priority first), else the
        default model.
      </p>
      <label className="inline">
        Default model
        <select
          value={defaultModel}
          onChange={(e) => {
            setDefaultModel(e.target.value);
            edited();
          }}
          aria-invalid={problem?.field === 'defaultModel'}
        >
          <option value="">none (the first provider's model)</option>
          {defaultChoices.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <datalist id="model-choices">
        {choices.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <ul className="rows" data-testid="route-rules">
        {rules.length === 0 && <li className="muted">No rules: every task goes to the default model.</li>}
        {rules.map((r, i) =>
          editing === i ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place; ids change while typing
            <li key={i}>
              <RuleForm
                rule={r}
                invalid={(field) => invalid(i, field)}
                onChange={(patch) => update(i, patch)}
                onDone={() => setEditing(null)}
                onRemove={() => remove(i)}
              />
            </li>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <li key={i} className={problem?.rule === i ? 'error' : ''}>
              <strong>{r.id || '(no id)'}</strong> <span className="muted">{describe(r)}</span>
              <button type="button" onClick={() => setEditing(i)} aria-label={`Edit rule ${r.id}`}>
                Edit
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => remove(i)}
                aria-label={`Remove rule ${r.id}`}
              >
                Remove
              </button>
            </li>
          ),
        )}
      </ul>
      {problem && <FormError testId="routes-error">{problem.message}</FormError>}
      <p className="inline">
        <button type="button" onClick={add}>
          Add rule
        </button>
        <button type="button" className="primary" onClick={() => void save()}>
          Save routing
        </button>
        {saved && !problem && (
          <span className="muted" data-testid="routes-saved">
            Saved.
          </span>
        )}
      </p>
    </section>
  );
}

function RuleForm({
  rule,
  invalid,
  onChange,
  onDone,
  onRemove,
}: {
  rule: RuleDraft;
  invalid: (field: string) => boolean;
  onChange: (patch: Partial<RuleDraft>) => void;
  onDone: () => void;
  onRemove: () => void;
}) {
  const text = (field: keyof RuleDraft, label: string, extra: Record<string, string | boolean> = {}) => (
    <label>
      {label}
      <input
        value={rule[field]}
        onChange={(e) => onChange({ [field]: e.target.value })}
        aria-invalid={invalid(field)}
        {...extra}
      />
    </label>
  );
  return (
    <form
      className="grid"
      aria-label={`Rule ${rule.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        onDone();
      }}
    >
      {text('id', 'Rule id', { required: true })}
      {text('priority', 'Priority', { type: 'number', step: '1' })}
      {text('taskType', 'Task type', { placeholder: 'any (e.g. agent, mcp-sampling)' })}
      {text('workerRole', 'Worker role', { placeholder: 'any' })}
      <label>
        Capability
        <select
          value={rule.capability}
          onChange={(e) => onChange({ capability: e.target.value as Capability | '' })}
          aria-invalid={invalid('match')}
        >
          <option value="">any</option>
          {CAPABILITIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      {text('modelId', 'Rule model', { list: 'model-choices', placeholder: 'provider/model' })}
      {text('fallbacks', 'Fallbacks', { placeholder: 'provider/model, … (comma-separated)' })}
      <span className="inline">
        <button type="submit">Done</button>
        <button type="button" className="danger" onClick={onRemove}>
          Remove
        </button>
      </span>
    </form>
  );
}
