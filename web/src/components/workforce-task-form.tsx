/**
 * The two small forms the person changes the plan with while it runs: edit a task (title,
 * instructions, priority) and add one (title, instructions, what it depends on). Both are requests:
 * the daemon queues them and applies them at its next scheduler tick, never in the middle of a task.
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { request, type TaskView } from '../state/workforce';
import { FormError } from './form-error';

const NEXT_STEP = 'Applied at the next step, not mid-task.';

function useSubmit(run: () => Promise<void>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run();
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

/** Title and instructions, which both forms ask for. */
function TaskTextFields(props: {
  id: string;
  title: string;
  instructions: string;
  setTitle: (v: string) => void;
  setInstructions: (v: string) => void;
}) {
  const { id } = props;
  return (
    <>
      <label htmlFor={`${id}-title`}>Title</label>
      <input
        id={`${id}-title`}
        value={props.title}
        maxLength={200}
        required
        onChange={(e) => props.setTitle(e.target.value)}
      />
      <label htmlFor={`${id}-instructions`}>Instructions</label>
      <textarea
        id={`${id}-instructions`}
        value={props.instructions}
        rows={4}
        required
        onChange={(e) => props.setInstructions(e.target.value)}
      />
    </>
  );
}

/** When it applies, the error if any, and Cancel / the form's own submit. */
function FormFoot(props: {
  error: string | null;
  onCancel: () => void;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <p className="muted">{NEXT_STEP}</p>
      {props.error && <FormError>{props.error}</FormError>}
      <div className="wf-form-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={props.disabled}>
          {props.children}
        </button>
      </div>
    </>
  );
}

export function TaskEditForm({
  workforceId,
  task,
  onDone,
}: {
  workforceId: string;
  task: TaskView;
  onDone: () => void;
}) {
  const { spec } = task;
  const [title, setTitle] = useState(spec.title);
  const [instructions, setInstructions] = useState(spec.instructions);
  const [priority, setPriority] = useState(String(spec.priority));
  const id = useId();
  const changes = {
    ...(title.trim() !== spec.title ? { title: title.trim() } : {}),
    ...(instructions.trim() !== spec.instructions ? { instructions: instructions.trim() } : {}),
    ...(Number(priority) !== spec.priority ? { priority: Number(priority) } : {}),
  };
  const { busy, error, submit } = useSubmit(
    () => request('workforce.editTask', { id: workforceId, task: spec.id, changes }),
    onDone,
  );
  return (
    <form className="wf-form" aria-label={`Edit ${spec.title}`} onSubmit={(e) => void submit(e)}>
      <TaskTextFields
        id={id}
        title={title}
        instructions={instructions}
        setTitle={setTitle}
        setInstructions={setInstructions}
      />
      <label htmlFor={`${id}-priority`}>Priority (higher runs first)</label>
      <input
        id={`${id}-priority`}
        type="number"
        min={-1000}
        max={1000}
        step={1}
        value={priority}
        onChange={(e) => setPriority(e.target.value)}
      />
      <FormFoot error={error} onCancel={onDone} disabled={busy || Object.keys(changes).length === 0}>
        Save changes
      </FormFoot>
    </form>
  );
}

/** A task id from its title, unlike the ids in the plan ("Write the summary" → "write-the-summary"). */
export function newTaskId(title: string, taken: ReadonlySet<string>): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'task';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export function AddTaskForm({
  workforceId,
  tasks,
  onDone,
}: {
  workforceId: string;
  tasks: TaskView[];
  onDone: () => void;
}) {
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [dependsOn, setDependsOn] = useState<string[]>([]);
  const id = useId();
  const { busy, error, submit } = useSubmit(async () => {
    const taskId = newTaskId(title, new Set(tasks.map((t) => t.spec.id)));
    await request('workforce.addTask', {
      id: workforceId,
      task: { id: taskId, title: title.trim(), instructions: instructions.trim(), dependsOn },
    });
  }, onDone);
  return (
    <form className="wf-form" aria-label="Add a task" onSubmit={(e) => void submit(e)}>
      <TaskTextFields
        id={id}
        title={title}
        instructions={instructions}
        setTitle={setTitle}
        setInstructions={setInstructions}
      />
      {tasks.length > 0 && (
        <fieldset>
          <legend>Depends on</legend>
          {tasks.map((t) => (
            <label key={t.spec.id} className="wf-check">
              <input
                type="checkbox"
                checked={dependsOn.includes(t.spec.id)}
                onChange={(e) =>
                  setDependsOn((d) =>
                    e.target.checked ? [...d, t.spec.id] : d.filter((x) => x !== t.spec.id),
                  )
                }
              />
              {t.spec.title}
            </label>
          ))}
        </fieldset>
      )}
      <FormFoot error={error} onCancel={onDone} disabled={busy || !title.trim() || !instructions.trim()}>
        Add task
      </FormFoot>
    </form>
  );
}
