/**
 * A small Language Server Protocol client for code perception's precise path: it opens the
 * documents it asks about, and answers definitions, references and renames in Cowork's terms
 * (CodeLocation, per-file edits). The server is a sandboxed process started by the enclave
 * (`Enclave.startLanguageServer`); it sees its folder read-only, so a rename comes back as edits to
 * apply through the door, never as changes on disk. Places outside the server's root (the
 * standard library's declarations, say) are left out of every answer.
 */
import { extname } from 'node:path';
import type { CodeLocation } from '../../contracts/index.js';
import { isWithin } from '../../enclave/index.js';
import { JsonRpcConnection, type ServerProcess } from './json-rpc-connection.js';
import { type LspLocation, locationsOf, pathOfUri, toLspPosition, toUri } from './lsp-locations.js';
import { type FileEdits, fileEditsOf } from './workspace-edit.js';

export interface LanguageServerProcess extends ServerProcess {
  /** The folder's real path: the workspace root, and the bound of every answer. */
  root: string;
  initializationOptions: Record<string, unknown>;
  /** Its settings, by section: what `workspace/configuration` is answered with (else null). */
  settings?: Record<string, unknown>;
}

export interface LspClientOptions {
  /** The text of a file under the root (what `didOpen` sends, and where a location's line is read). */
  readFile(path: string): Promise<string>;
  /** For messages: `typescript-language-server`. */
  name?: string;
  /** Milliseconds: the start (the server loads the project), and each request after it. */
  initializeTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const LANGUAGE_IDS: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
};

export class LanguageServerClient {
  readonly #opened = new Map<string, Promise<void>>();
  readonly #lines = new Map<string, Promise<string[]>>();
  /** The version of each document the server has been shown. */
  readonly #versions = new Map<string, number>();

  private constructor(
    private readonly rpc: JsonRpcConnection,
    private readonly root: string,
    private readonly opts: LspClientOptions,
  ) {}

  /** Speaks `initialize`/`initialized` to a started server; fails (and ends it) if it cannot. */
  static async start(server: LanguageServerProcess, opts: LspClientOptions): Promise<LanguageServerClient> {
    const name = opts.name ?? 'the language server';
    const rpc = new JsonRpcConnection(server, name, (method, params) =>
      answerServer(method, params, server.settings ?? {}),
    );
    const client = new LanguageServerClient(rpc, server.root, opts);
    try {
      await rpc.request('initialize', initializeParams(server), opts.initializeTimeoutMs ?? 60_000);
    } catch (err) {
      rpc.close();
      throw err;
    }
    rpc.notify('initialized', {});
    return client;
  }

  /** Why the server is gone, once it is (crashed, hung, sent garbage, or was shut down). */
  get failure() {
    return this.rpc.failure;
  }

  async definition(path: string, line: number, column: number): Promise<CodeLocation[]> {
    return this.#locations('textDocument/definition', path, line, column, {});
  }

  /** Every reference, the declaration included, as the index counts it. */
  async references(path: string, line: number, column: number): Promise<CodeLocation[]> {
    return this.#locations('textDocument/references', path, line, column, {
      context: { includeDeclaration: true },
    });
  }

  /**
   * Shows the server these files (each once): a folder without a project file (tsconfig.json)
   * is a project per open file, and a server answers references and renames from the projects
   * it has open — so the files that may use a name are shown before it is asked about them.
   */
  async show(paths: readonly string[]): Promise<void> {
    await Promise.all(
      paths.filter((p) => isWithin(p, this.root)).map((p) => this.#open(p).catch(() => undefined)),
    );
  }

  /** The edits renaming the symbol at the position everywhere: returned, not applied. */
  async rename(path: string, line: number, column: number, newName: string): Promise<FileEdits[]> {
    await this.#open(path);
    const answer = await this.#request('textDocument/rename', {
      textDocument: { uri: toUri(path) },
      position: toLspPosition(line, column),
      newName,
    });
    return fileEditsOf(answer, this.root);
  }

  /**
   * Files changed on disk (the folder watcher's events): the server is shown their new text, a
   * deleted one is closed, so later answers are about the files as they are, whether or not the
   * server watches the folder itself.
   */
  async filesChanged(paths: readonly string[]): Promise<void> {
    for (const path of paths) if (isWithin(path, this.root)) await this.#sync(path);
  }

  /** `shutdown` then `exit`; the process is ended in any case. */
  async shutdown(): Promise<void> {
    try {
      if (!this.rpc.failure) {
        await this.rpc.request('shutdown', null, 5_000);
        this.rpc.notify('exit', null);
      }
    } catch {
      // a server that will not shut down is killed below all the same
    } finally {
      this.rpc.close();
    }
  }

  async #locations(
    method: string,
    path: string,
    line: number,
    column: number,
    extra: Record<string, unknown>,
  ): Promise<CodeLocation[]> {
    await this.#open(path);
    const answer = await this.#request(method, {
      textDocument: { uri: toUri(path) },
      position: toLspPosition(line, column),
      ...extra,
    });
    const places = locationsOf(answer)
      .map((l) => ({ l, path: pathOfUri(l.uri) }))
      .filter(
        (p): p is { l: LspLocation; path: string } => p.path !== undefined && isWithin(p.path, this.root),
      );
    const out = await Promise.all(places.map(({ l, path }) => this.#located(path, l)));
    return out.sort(byPlace).filter((x, i, all) => i === 0 || byPlace(all[i - 1]!, x) !== 0);
  }

  async #located(path: string, l: LspLocation): Promise<CodeLocation> {
    const lines = await this.#linesOf(path);
    return {
      path,
      line: l.range.start.line + 1,
      column: l.range.start.character + 1,
      lineText: (lines[l.range.start.line] ?? '').trim(),
    };
  }

  #request(method: string, params: unknown): Promise<unknown> {
    return this.rpc.request(method, params, this.opts.requestTimeoutMs ?? 30_000);
  }

  #linesOf(path: string): Promise<string[]> {
    let lines = this.#lines.get(path);
    if (!lines) {
      lines = this.opts.readFile(path).then((text) => text.split(/\r?\n/));
      this.#lines.set(path, lines);
    }
    return lines;
  }

  /** Sends the document once: the server answers about what it has been shown. */
  #open(path: string): Promise<void> {
    let opened = this.#opened.get(path);
    if (!opened) {
      opened = this.opts.readFile(path).then((text) => {
        this.#versions.set(path, 1);
        this.rpc.notify('textDocument/didOpen', {
          textDocument: {
            uri: toUri(path),
            languageId: LANGUAGE_IDS[extname(path)] ?? 'plaintext',
            version: 1,
            text,
          },
        });
      });
      // A file that could not be read is tried again next time, not remembered as a failure.
      opened.catch(() => this.#opened.delete(path));
      this.#opened.set(path, opened);
    }
    return opened;
  }

  /** One changed file: its new text to the server (which answers from what it was shown). */
  async #sync(path: string): Promise<void> {
    this.#lines.delete(path);
    const version = this.#versions.get(path);
    if (version === undefined) {
      this.#opened.delete(path);
      await this.#open(path).catch(() => undefined);
      return;
    }
    let text: string;
    try {
      text = await this.opts.readFile(path);
    } catch {
      this.rpc.notify('textDocument/didClose', { textDocument: { uri: toUri(path) } });
      this.#versions.delete(path);
      this.#opened.delete(path);
      return;
    }
    this.#versions.set(path, version + 1);
    this.rpc.notify('textDocument/didChange', {
      textDocument: { uri: toUri(path), version: version + 1 },
      contentChanges: [{ text }],
    });
  }
}

function initializeParams(server: LanguageServerProcess) {
  return {
    // Not ours: the server runs in its own PID namespace, where our pid is some other process or
    // none, and a server watching it would exit at once. Its stdin closing is the signal instead.
    processId: null,
    clientInfo: { name: 'cowork' },
    rootUri: toUri(server.root),
    workspaceFolders: [{ uri: toUri(server.root), name: 'workspace' }],
    initializationOptions: server.initializationOptions,
    capabilities: {
      workspace: { workspaceEdit: { documentChanges: true }, configuration: true, workspaceFolders: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        definition: { linkSupport: false },
        references: {},
        rename: { prepareSupport: false },
      },
    },
  };
}

/** The few requests a server makes of its client: its settings, registrations, progress. */
function answerServer(method: string, params: unknown, settings: Record<string, unknown>): unknown {
  if (method === 'workspace/configuration') {
    const items = (params as { items?: { section?: unknown }[] } | null)?.items;
    return Array.isArray(items) ? items.map((item) => settingsSection(settings, item?.section)) : [];
  }
  if (method === 'client/registerCapability' || method === 'client/unregisterCapability') return null;
  if (method === 'window/workDoneProgress/create' || method === 'window/showMessageRequest') return null;
  if (method === 'workspace/workspaceFolders') return [];
  return undefined;
}

/** A section of the settings (`python.analysis`: as given, else nested under `python`), or null. */
function settingsSection(settings: Record<string, unknown>, section: unknown): unknown {
  if (typeof section !== 'string') return null;
  if (Object.hasOwn(settings, section)) return settings[section];
  let at: unknown = settings;
  for (const key of section.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function byPlace(a: CodeLocation, b: CodeLocation): number {
  return (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.column - b.column;
}
