/**
 * The precise path, where there is one: a language server per folder (LanguageServerPool), asked
 * about a file of a language it serves. Every question may come back undefined — no server for the
 * language, none installed, or it failed — and the caller answers from the index instead.
 */
import { extname } from 'node:path';
import type { CallContext, Enclave } from '../../enclave/index.js';
import { LanguageServerPool } from '../lsp/language-server-pool.js';
import type { LanguageServerClient, LanguageServerProcess } from '../lsp/lsp-client.js';

/** The files typescript-language-server answers about (TypeScript and JavaScript, with JSX). */
const TYPESCRIPT = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** Files the server reads (to open them, to quote a line) are read whole up to this size. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface PreciseServers {
  /** Whether a server for these files is installed. */
  available(): boolean;
  start(folder: string): Promise<LanguageServerProcess>;
  /** A file's text (what the server is shown, where a line is quoted from). */
  readFile(path: string): Promise<string>;
  requestTimeoutMs?: number;
  onFailure?(folder: string, error: Error): void;
}

export class PreciseCode {
  readonly #pool: LanguageServerPool;

  constructor(private readonly servers: PreciseServers) {
    this.#pool = new LanguageServerPool({
      name: 'typescript-language-server',
      start: (folder) => servers.start(folder),
      readFile: (path) => servers.readFile(path),
      ...(servers.requestTimeoutMs ? { requestTimeoutMs: servers.requestTimeoutMs } : {}),
      ...(servers.onFailure ? { onFailure: servers.onFailure } : {}),
    });
  }

  /** Whether a question about `path` goes to a language server at all. */
  serves(path: string): boolean {
    return TYPESCRIPT.has(extname(path)) && this.servers.available();
  }

  /** The folder's server's answer about `path`; undefined when there is none (the index answers). */
  ask<T>(
    folder: string,
    path: string,
    q: (client: LanguageServerClient) => Promise<T>,
  ): Promise<T | undefined> {
    return this.serves(path) ? this.#pool.ask(folder, q) : Promise.resolve(undefined);
  }

  readFile(path: string): Promise<string> {
    return this.servers.readFile(path);
  }

  /** Files changed on disk: a running server is shown them as they are now. */
  filesChanged(folder: string, paths: readonly string[]): Promise<void> {
    return this.#pool.filesChanged(folder, paths);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

const SYSTEM: CallContext = { actor: 'system', sessionId: null, runId: null, wait: false };

/** The daemon's precise path: servers started by the enclave (sandboxed, read-only), files read through the door. */
export function enclavePreciseCode(enclave: Enclave): PreciseCode {
  return new PreciseCode({
    available: () => enclave.languageServerAvailable('typescript'),
    start: (folder) => enclave.startLanguageServer({ language: 'typescript', folder, actor: 'system' }),
    readFile: async (path) => (await enclave.readBytes(path, SYSTEM, MAX_FILE_BYTES)).data.toString('utf8'),
  });
}
