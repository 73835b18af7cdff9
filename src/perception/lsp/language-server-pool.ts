/**
 * One language server per folder, started on first use and kept while it works: a server that
 * failed (crashed, hung, sent garbage) is replaced at the next question, but not more often than
 * once per `restartAfterMs`, so a server that cannot start does not cost a start per query. A
 * question it cannot answer resolves to undefined — the caller answers from the symbol index
 * instead (the precise path is optional, never a dependency).
 */
import type { CoworkError } from '../../contracts/index.js';
import { LanguageServerClient, type LanguageServerProcess, type LspClientOptions } from './lsp-client.js';

export interface PoolOptions extends LspClientOptions {
  /** Starts a server on a folder (the daemon passes `Enclave.startLanguageServer`). */
  start(folder: string): Promise<LanguageServerProcess>;
  restartAfterMs?: number;
  /** Told of each failure, for the log: the precise path fell back to the index. */
  onFailure?(folder: string, error: CoworkError | Error): void;
}

interface Entry {
  client: Promise<LanguageServerClient | undefined>;
  failedAt?: number;
}

export class LanguageServerPool {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly opts: PoolOptions) {}

  /** `ask` with the folder's server; undefined when there is none or it failed meanwhile. */
  async ask<T>(folder: string, ask: (client: LanguageServerClient) => Promise<T>): Promise<T | undefined> {
    const client = await this.#client(folder);
    if (!client) return undefined;
    try {
      return await ask(client);
    } catch (err) {
      // A failed connection is replaced next time; an error answer (PROVIDER_ERROR) is not.
      if (client.failure) this.#failed(folder, client.failure);
      else this.opts.onFailure?.(folder, err as Error);
      return undefined;
    }
  }

  /** Files changed on disk: told to the folder's server, if one is running. */
  async filesChanged(folder: string, paths: readonly string[]): Promise<void> {
    const entry = this.#entries.get(folder);
    if (!entry || entry.failedAt !== undefined) return;
    await (await entry.client)?.filesChanged(paths).catch(() => undefined);
  }

  async close(): Promise<void> {
    const clients = [...this.#entries.values()].map((e) => e.client);
    this.#entries.clear();
    await Promise.all(clients.map(async (c) => (await c)?.shutdown()));
  }

  #client(folder: string): Promise<LanguageServerClient | undefined> {
    const entry = this.#entries.get(folder);
    const restartAfter = this.opts.restartAfterMs ?? 30_000;
    if (entry?.failedAt === undefined && entry) return entry.client;
    if (entry?.failedAt !== undefined && Date.now() - entry.failedAt < restartAfter)
      return Promise.resolve(undefined);
    const client = this.opts
      .start(folder)
      .then((server) => LanguageServerClient.start(server, this.opts))
      .catch((err: Error) => {
        this.#failed(folder, err);
        return undefined;
      });
    this.#entries.set(folder, { client });
    return client;
  }

  #failed(folder: string, error: CoworkError | Error): void {
    const entry = this.#entries.get(folder);
    if (entry && entry.failedAt === undefined) {
      entry.failedAt = Date.now();
      void entry.client.then((c) => c?.shutdown());
    }
    this.opts.onFailure?.(folder, error);
  }
}
