import { randomUUID } from 'node:crypto';
import { CoworkError, type Persona, PersonaInput, type PersonaPatch } from '../contracts/index.js';
import type { Database } from '../store/index.js';

interface PersonaRow {
  id: string;
  name: string;
  instructions: string;
  lesson_ids: string;
  created_at: string;
  updated_at: string;
}

/** Named ways of working (instructions and lessons) a run may be started with. */
export class PersonaStore {
  constructor(private readonly db: Database) {}

  add(input: PersonaInput): Persona {
    const p = parse(input);
    const now = new Date().toISOString();
    const persona: Persona = { id: randomUUID(), ...p, createdAt: now, updatedAt: now };
    this.#write('INSERT', persona);
    return persona;
  }

  update(id: string, patch: PersonaPatch): Persona {
    const { id: _id, createdAt, updatedAt: _u, ...current } = this.get(id);
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const persona: Persona = {
      id,
      ...parse({ ...current, ...given }),
      createdAt,
      updatedAt: new Date().toISOString(),
    };
    this.#write('UPDATE', persona);
    return persona;
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM personas WHERE id = ?').run(id).changes > 0;
  }

  get(id: string): Persona {
    const row = this.db.prepare('SELECT * FROM personas WHERE id = ?').get(id) as PersonaRow | undefined;
    if (!row) throw new CoworkError('RESOURCE_NOT_FOUND', `No persona with id ${id}.`);
    return fromRow(row);
  }

  /** By id or by name, as `runs.start`'s `persona` names it. */
  find(idOrName: string): Persona {
    const row = this.db.prepare('SELECT * FROM personas WHERE id = ? OR name = ?').get(idOrName, idOrName) as
      | PersonaRow
      | undefined;
    if (!row) throw new CoworkError('RESOURCE_NOT_FOUND', `No persona named ${idOrName}.`);
    return fromRow(row);
  }

  list(): Persona[] {
    return (this.db.prepare('SELECT * FROM personas ORDER BY name').all() as PersonaRow[]).map(fromRow);
  }

  #write(how: 'INSERT' | 'UPDATE', p: Persona): void {
    try {
      const args = [p.name, p.instructions, JSON.stringify(p.lessonIds), p.updatedAt];
      if (how === 'INSERT')
        this.db
          .prepare(
            'INSERT INTO personas (name, instructions, lesson_ids, updated_at, id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(...args, p.id, p.createdAt);
      else
        this.db
          .prepare(
            'UPDATE personas SET name = ?, instructions = ?, lesson_ids = ?, updated_at = ? WHERE id = ?',
          )
          .run(...args, p.id);
    } catch (err) {
      if (String(err).includes('UNIQUE'))
        throw new CoworkError('CONFLICT', `A persona named ${p.name} exists already.`);
      throw err;
    }
  }
}

function parse(input: PersonaInput) {
  const parsed = PersonaInput.safeParse(input);
  if (!parsed.success) throw new CoworkError('INVALID_ARGUMENTS', parsed.error.message);
  return parsed.data;
}

function fromRow(row: PersonaRow): Persona {
  return {
    id: row.id,
    name: row.name,
    instructions: row.instructions,
    lessonIds: JSON.parse(row.lesson_ids) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
