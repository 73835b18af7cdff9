import { useEffect, useState } from 'react';
import { rpc, toast } from '../state/cowork';
import type { RpcResult } from '../state/types';
import './personas.css';

type Persona = RpcResult<'memory.personas.add'>;
type Lesson = RpcResult<'memory.lessons.add'>;

/** Named ways of working: instructions and chosen lessons, picked for a run in the composer. */
export function Personas({ lessons }: { lessons: Lesson[] }) {
  const [personas, setPersonas] = useState<Persona[]>([]);
  const [name, setName] = useState('');
  const [instructions, setInstructions] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const load = () =>
    void rpc
      .call('memory.personas.list')
      .then((r) => setPersonas(r.personas))
      .catch(() => {});
  useEffect(load, []);
  const changed = () => {
    load();
    window.dispatchEvent(new Event('cowork:personas'));
  };
  const fail = (err: Error) => toast(err.message, 'error');
  return (
    <section className="personas" aria-label="Personas">
      <h3>Personas</h3>
      <ul className="lessons">
        {personas.map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong> <span className="muted">{p.instructions.slice(0, 80)}</span>{' '}
            <span className="muted">({p.lessonIds.length} lessons)</span>{' '}
            <button
              type="button"
              aria-label={`Delete persona ${p.name}`}
              onClick={() => void rpc.call('memory.personas.remove', { id: p.id }).then(changed, fail)}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          void rpc
            .call('memory.personas.add', { name: name.trim(), instructions, lessonIds: chosen })
            .then(() => {
              setName('');
              setInstructions('');
              setChosen([]);
              changed();
            }, fail);
        }}
      >
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Persona name"
          aria-label="Persona name"
        />
        <textarea
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
          placeholder="How this persona works (goes into the run's instructions)"
          aria-label="Persona instructions"
          rows={2}
        />
        {/* Offered once a persona is being made: the lessons are listed above already. */}
        {name.trim() !== '' && lessons.length > 0 && (
          <fieldset>
            <legend>Its lessons</legend>
            {lessons.map((l) => (
              <label key={l.id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(l.id)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, l.id] : chosen.filter((id) => id !== l.id))
                  }
                />{' '}
                {l.text}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit">Add persona</button>
      </form>
    </section>
  );
}
