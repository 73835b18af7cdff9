/**
 * The files the agent created: changing one of those needs no approval (the policy's
 * `agentCreated` matcher), changing any other file the person has does.
 */
import type { Database } from '../../store/index.js';

export class AgentFiles {
  readonly #has;
  readonly #add;

  constructor(db: Database) {
    this.#has = db.prepare('SELECT 1 FROM agent_files WHERE path = ?');
    this.#add = db.prepare(
      'INSERT OR IGNORE INTO agent_files (path, session_id, created_at) VALUES (?, ?, ?)',
    );
  }

  has(path: string): boolean {
    return this.#has.get(path) !== undefined;
  }

  add(path: string, sessionId: string | null): void {
    this.#add.run(path, sessionId, new Date().toISOString());
  }
}
