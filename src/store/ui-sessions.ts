import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { sha256 } from './hash.js';

/**
 * Browser sessions created by the one-time bootstrap link. Only a hash of each cookie value is
 * stored, so a copy of the database does not log anyone in.
 */
export class UiSessionStore {
  readonly #insert: Statement<[string, string, string]>;
  readonly #find: Statement<[string]>;
  readonly #touch: Statement<[string, string]>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO ui_sessions (token_hash, created_at, last_seen_at) VALUES (?, ?, ?)',
    );
    this.#find = db.prepare('SELECT token_hash FROM ui_sessions WHERE token_hash = ?');
    this.#touch = db.prepare('UPDATE ui_sessions SET last_seen_at = ? WHERE token_hash = ?');
  }

  /** Creates a session and returns the secret cookie value. */
  create(): string {
    const secret = randomBytes(32).toString('base64url');
    const now = new Date().toISOString();
    this.#insert.run(hashSecret(secret), now, now);
    return secret;
  }

  isValid(secret: string): boolean {
    if (secret.length < 16 || secret.length > 200) return false;
    const hash = hashSecret(secret);
    if (!this.#find.get(hash)) return false;
    this.#touch.run(new Date().toISOString(), hash);
    return true;
  }
}

function hashSecret(secret: string): string {
  return sha256(secret);
}
