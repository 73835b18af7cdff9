import { useEffect, useState } from 'react';
import { rpc } from '../state/cowork';
import { Store, useStore } from '../state/store';
import type { RpcResult } from '../state/types';

type Persona = RpcResult<'memory.personas.add'>;

/** The persona the composer's next runs start with (empty: none), kept while the page is open. */
export const chosenPersona = new Store<string>('');

/** Picks a persona for the runs the composer starts; shown only when there are personas. */
export function PersonaPicker() {
  const chosen = useStore(chosenPersona);
  const [personas, setPersonas] = useState<Persona[]>([]);
  useEffect(() => {
    const load = () =>
      void rpc
        .call('memory.personas.list')
        .then((r) => setPersonas(r.personas))
        .catch(() => {});
    load();
    // A persona made in the Memory panel appears here without a reload.
    window.addEventListener('cowork:personas', load);
    return () => window.removeEventListener('cowork:personas', load);
  }, []);
  if (personas.length === 0) return null;
  return (
    <select
      value={chosen}
      onChange={(e) => chosenPersona.set(e.target.value)}
      aria-label="Persona"
      title="Persona: its instructions and lessons go into the run's instructions"
    >
      <option value="">no persona</option>
      {personas.map((p) => (
        <option key={p.id} value={p.name}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
