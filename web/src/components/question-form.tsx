import { useState } from 'react';
import type { CoworkError } from '../../../src/contracts/cowork-error';
import type { Question, QuestionAnswer, QuestionField } from '../../../src/contracts/index';
import { rpc, toast } from '../state/cowork';

type Value = QuestionAnswer[string];
type Form = Extract<Question, { mode: 'form' }>;

/** What each field shows before the person types: the server's default, or empty. */
function initialValues(fields: QuestionField[]): Record<string, Value | undefined> {
  return Object.fromEntries(fields.map((f) => [f.name, f.default]));
}

/** The answer to send: fields left empty are left out (the daemon says which required one is missing). */
function answerOf(values: Record<string, Value | undefined>): QuestionAnswer {
  return Object.fromEntries(
    Object.entries(values).filter((e): e is [string, Value] => e[1] !== undefined && e[1] !== ''),
  );
}

const inputType = { email: 'email', uri: 'url', date: 'date', 'date-time': 'datetime-local' } as const;

function FieldInput({
  field,
  value,
  onChange,
}: {
  field: QuestionField;
  value: Value | undefined;
  onChange: (v: Value | undefined) => void;
}) {
  const id = `q-${field.name}`;
  switch (field.kind) {
    case 'boolean':
      return (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'number':
      return (
        <input
          id={id}
          type="number"
          step={field.integer ? 1 : 'any'}
          min={field.minimum}
          max={field.maximum}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'choice':
      return (
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'choices': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset id={id} className="choices" aria-label={field.title}>
          {field.options.map((o) => (
            <label key={o.value}>
              <input
                type="checkbox"
                checked={chosen.includes(o.value)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))
                }
              />
              {o.label}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'text':
      return (
        <input
          id={id}
          type={field.format ? inputType[field.format] : 'text'}
          minLength={field.minLength}
          maxLength={field.maxLength}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/**
 * A server's question as a form: one input per field of its schema. The daemon checks the answer;
 * what it refuses is shown beside the field it names, and the question stays open to fix it.
 * Send is the spec's accept, Decline its decline, Dismiss its cancel.
 */
export function QuestionForm({ approvalId, question }: { approvalId: string; question: Form }) {
  const [values, setValues] = useState(() => initialValues(question.fields));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Field names are the server's ("constructor" is one like any other).
  const problemOf = (name: string) => (Object.hasOwn(problems, name) ? problems[name] : undefined);

  const decide: Decide = async (answer) => {
    setBusy(true);
    try {
      await rpc.call('approvals.decide', {
        id: approvalId,
        ...answer,
        ...(answer.status === 'approved' ? { response: answerOf(values) } : {}),
      });
    } catch (err) {
      const fields = (err as Partial<CoworkError>).details?.fields as
        | { field: string; message: string }[]
        | undefined;
      setProblems(Object.fromEntries((fields ?? []).map((f) => [f.field, f.message])));
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form
      className="question-form"
      data-testid="question-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void decide({ status: 'approved' });
      }}
    >
      <p className="question-message">{question.message}</p>
      {question.fields.map((f) => (
        <div key={f.name} className={`question-field${problemOf(f.name) ? ' invalid' : ''}`}>
          <label htmlFor={`q-${f.name}`}>
            {f.title}
            {f.required && <abbr title="required"> *</abbr>}
          </label>
          <FieldInput
            field={f}
            value={values[f.name]}
            onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
          />
          {f.description && <small>{f.description}</small>}
          {problemOf(f.name) && (
            <small className="error" data-testid={`problem-${f.name}`}>
              {problemOf(f.name)}
            </small>
          )}
        </div>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Send answer
        </button>
        <DeclineOrDismiss busy={busy} decide={decide} />
      </div>
    </form>
  );
}

type Decide = (answer: { status: 'approved' | 'rejected'; dismissed?: boolean }) => Promise<void>;

/** Decline answers the server "no" (decline); Dismiss leaves without an answer (cancel). */
function DeclineOrDismiss({ busy, decide }: { busy: boolean; decide: Decide }) {
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={busy}
        onClick={() => void decide({ status: 'rejected' })}
      >
        Decline
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void decide({ status: 'rejected', dismissed: true })}
      >
        Dismiss
      </button>
    </>
  );
}

/** A server asks the person to open a page: the full address is shown; approving opens it. */
export function QuestionLink({
  approvalId,
  question,
}: {
  approvalId: string;
  question: Extract<Question, { mode: 'url' }>;
}) {
  const [busy, setBusy] = useState(false);
  const host = URL.canParse(question.url) ? new URL(question.url).host : question.url;
  const decide: Decide = async (answer) => {
    setBusy(true);
    try {
      await rpc.call('approvals.decide', { id: approvalId, ...answer });
      if (answer.status === 'approved') window.open(question.url, '_blank', 'noopener,noreferrer');
    } catch (err) {
      toast((err as Error).message, 'error');
      setBusy(false);
    }
  };
  return (
    <div className="question-link" data-testid="question-link">
      <p className="question-message">{question.message}</p>
      <p>
        Opens <strong>{host}</strong>: <code>{question.url}</code>
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void decide({ status: 'approved' })}
        >
          Open the page
        </button>
        <DeclineOrDismiss busy={busy} decide={decide} />
      </div>
    </div>
  );
}
