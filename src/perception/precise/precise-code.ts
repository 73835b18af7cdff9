/**
 * The precise path, where there is one: a language server per language per folder (a
 * LanguageServerPool per language), asked about a file of the language it serves. Every question
 * may come back undefined — no server for the language, none installed, or it failed — and the
 * caller answers from the index instead.
 */
import { extname } from 'node:path';
import type { CallContext, Enclave, LanguageServerName } from '../../enclave/index.js';
import { LanguageServerPool } from '../lsp/language-server-pool.js';
import type { LanguageServerClient, LanguageServerProcess } from '../lsp/lsp-client.js';

/** Each language's server: the files it answers about, and its name in messages. */
const SERVED: Record<LanguageServerName, { extensions: readonly string[]; server: string }> = {
  typescript: {
    extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
    server: 'typescript-language-server',
  },
  python: { extensions: ['.py', '.pyi'], server: 'pyright' },
  go: { extensions: ['.go'], server: 'gopls' },
  rust: { extensions: ['.rs'], server: 'rust-analyzer' },
};

const LANGUAGE_OF_EXTENSION = new Map(
  Object.entries(SERVED).flatMap(([language, s]) =>
    s.extensions.map((ext) => [ext, language as LanguageServerName] as const),
  ),
);

/** Files the server reads (to open them, to quote a line) are read whole up to this size. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface PreciseServers {
  /** Whether a server for this language is installed. */
  available(language: LanguageServerName): boolean;
  start(language: LanguageServerName, folder: string): Promise<LanguageServerProcess>;
  /** A file's text (what the server is shown, where a line is quoted from). */
  readFile(path: string): Promise<string>;
  requestTimeoutMs?: number;
  onFailure?(folder: string, error: Error): void;
}

export class PreciseCode {
  readonly #pools = new Map<LanguageServerName, LanguageServerPool>();

  constructor(private readonly servers: PreciseServers) {}

  /** The language whose server answers about `path`, when one is installed. */
  languageOf(path: string): LanguageServerName | undefined {
    const language = LANGUAGE_OF_EXTENSION.get(extname(path));
    return language && this.servers.available(language) ? language : undefined;
  }

  /** Whether a question about `path` goes to a language server at all. */
  serves(path: string): boolean {
    return this.languageOf(path) !== undefined;
  }

  /** The folder's server's answer about `path`; undefined when there is none (the index answers). */
  ask<T>(
    folder: string,
    path: string,
    q: (client: LanguageServerClient) => Promise<T>,
  ): Promise<T | undefined> {
    const language = this.languageOf(path);
    return language ? this.#pool(language).ask(folder, q) : Promise.resolve(undefined);
  }

  readFile(path: string): Promise<string> {
    return this.servers.readFile(path);
  }

  /** Files changed on disk: each running server of the folder is shown those of its language. */
  async filesChanged(folder: string, paths: readonly string[]): Promise<void> {
    await Promise.all(
      [...this.#pools].map(([language, pool]) => {
        const extensions = SERVED[language].extensions;
        const its = paths.filter((p) => extensions.includes(extname(p)));
        return its.length ? pool.filesChanged(folder, its) : undefined;
      }),
    );
  }

  close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    return Promise.all(pools.map((p) => p.close())).then(() => undefined);
  }

  #pool(language: LanguageServerName): LanguageServerPool {
    let pool = this.#pools.get(language);
    if (!pool) {
      const { servers } = this;
      pool = new LanguageServerPool({
        name: SERVED[language].server,
        start: (folder) => servers.start(language, folder),
        readFile: (path) => servers.readFile(path),
        ...(servers.requestTimeoutMs ? { requestTimeoutMs: servers.requestTimeoutMs } : {}),
        ...(servers.onFailure ? { onFailure: servers.onFailure } : {}),
      });
      this.#pools.set(language, pool);
    }
    return pool;
  }
}

const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

/** The daemon's precise path: servers started by the enclave (sandboxed, read-only), files read through the door. */
export function enclavePreciseCode(enclave: Enclave): PreciseCode {
  return new PreciseCode({
    available: (language) => enclave.languageServerAvailable(language),
    start: (language, folder) => enclave.startLanguageServer({ language, folder, actor: 'system' }),
    readFile: async (path) => (await enclave.readBytes(path, SYSTEM, MAX_FILE_BYTES)).data.toString('utf8'),
  });
}
