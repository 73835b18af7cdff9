/**
 * The resources the person subscribed to, per server, kept in Cowork's database: a server that
 * restarts (or a daemon that does) is asked again for each, so updates keep arriving.
 */
import type { Database } from '../../store/index.js';

export interface Subscription {
  server: string;
  uri: string;
}

export class SubscriptionStore {
  constructor(private readonly db: Database) {}

  add(server: string, uri: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO mcp_subscriptions (server, uri, created_at) VALUES (?, ?, ?)')
      .run(server, uri, new Date().toISOString());
  }

  remove(server: string, uri: string): boolean {
    return (
      this.db.prepare('DELETE FROM mcp_subscriptions WHERE server = ? AND uri = ?').run(server, uri).changes >
      0
    );
  }

  /** A removed server's subscriptions go with it. */
  forget(server: string): void {
    this.db.prepare('DELETE FROM mcp_subscriptions WHERE server = ?').run(server);
  }

  list(server?: string): Subscription[] {
    return (
      server === undefined
        ? this.db.prepare('SELECT server, uri FROM mcp_subscriptions ORDER BY server, uri').all()
        : this.db
            .prepare('SELECT server, uri FROM mcp_subscriptions WHERE server = ? ORDER BY uri')
            .all(server)
    ) as Subscription[];
  }
}
