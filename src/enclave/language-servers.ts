/**
 * Language servers for code perception's precise path (definitions, references, rename): each a
 * long-running sandboxed process like an MCP stdio server, but started by Cowork itself for one
 * granted folder, which it sees read-only whatever the grant's mode (a rename's edits come back as
 * data and are applied, if ever, through the door). No network, no data folder of its own: its HOME
 * is the sandbox's private /tmp. Its program, read-only, is Cowork's own install of the server
 * (TypeScript, Python) or, for a server Cowork does not bundle (Go, Rust), the real one on PATH.
 * Every start, and every refusal, is audited.
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join } from 'node:path';
import { CoworkError, type PolicyDecision } from '../contracts/index.js';
import type { SandboxedProcess } from './brokers/process.js';
import { SYSTEM_READ_ONLY } from './exec/linux-bwrap.js';
import type { CallContext } from './plan.js';
import { doorDecision } from './policy/decisions.js';
import { type Grant, isWithin } from './policy/evaluate.js';

/** The languages a server is known for (the server is used only where it is installed). */
export type LanguageServerName = 'typescript' | 'python' | 'go' | 'rust';

export interface LanguageServerStart {
  language: LanguageServerName;
  /** The folder the server works on: inside a grant. */
  folder: string;
  actor: CallContext['actor'];
}

export interface StartedLanguageServer extends SandboxedProcess {
  /** The folder's real path: the server's root (and what its answers' paths are under). */
  root: string;
  /** What the client sends as `initializationOptions` (where the server's own helpers are). */
  initializationOptions: Record<string, unknown>;
  /** What the client answers `workspace/configuration` with, by section (`python.analysis`). */
  settings: Record<string, unknown>;
}

export interface LanguageServerParts {
  realDataDir: string;
  grants(): readonly Grant[];
  policyHash(): string;
  record(action: string, target: string, d: PolicyDecision, actor: CallContext['actor']): void;
}

interface Installed {
  argv: string[];
  /** The folders holding the program, mounted read-only. */
  program: Grant[];
  initializationOptions: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

const require = createRequire(import.meta.url);

/** A package's folder in Cowork's own install, or undefined when it is not installed. */
function packageDir(name: string): string | undefined {
  try {
    return dirname(realpathSync(require.resolve(`${name}/package.json`)));
  } catch {
    return undefined;
  }
}

/** Node's own install (mounted unless among the system folders every sandbox sees: nvm, say). */
function nodePrefix(): string {
  return dirname(dirname(realpathSync(process.execPath)));
}

/** Program folders mounted read-only, each once (the system's own folders every sandbox sees). */
function readOnly(...paths: string[]): Grant[] {
  return [...new Set(paths)]
    .filter((path) => !SYSTEM_READ_ONLY.some((dir) => isWithin(path, dir)))
    .map((path) => ({ path, mode: 'ro' as const }));
}

/**
 * A program found on PATH, by its real path; undefined when absent or when what is found is a
 * toolchain proxy (rustup's `rust-analyzer` runs rustup, which needs ~/.rustup, not the server).
 */
export function programOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      const real = realpathSync(candidate);
      if (statSync(real).isFile() && basename(real) === name) return real;
    } catch {
      // not here: the next folder of PATH
    }
  }
  return undefined;
}

/** The servers, by language: how each is found in Cowork's install (or on PATH) and started. */
const INSTALLS: Record<LanguageServerName, () => Installed | undefined> = {
  typescript: () => {
    const server = packageDir('typescript-language-server');
    const typescript = packageDir('typescript');
    if (!server || !typescript) return undefined;
    const cli = join(server, 'lib', 'cli.mjs');
    if (!existsSync(cli)) return undefined;
    return {
      argv: [process.execPath, cli, '--stdio'],
      program: readOnly(server, typescript, nodePrefix()),
      // Cowork's tsserver (the folder may have none), and no typings fetched: there is no network.
      // One semantic server: with a syntax server beside it, a request made while the project
      // loads is answered from the open file alone (a class with 1 reference instead of 8).
      initializationOptions: {
        tsserver: { path: join(typescript, 'lib', 'tsserver.js'), useSyntaxServer: 'never' },
        disableAutomaticTypingAcquisition: true,
      },
    };
  },
  python: () => {
    const pyright = packageDir('pyright');
    const cli = pyright && join(pyright, 'langserver.index.js');
    if (!pyright || !cli || !existsSync(cli)) return undefined;
    // pyright's own typeshed (in its package) for the standard library; no venv: the folder's own
    // modules and the system interpreter's search paths (read-only, in the sandbox) are what it
    // resolves. Analysis of open files only and no type checking: it is asked to navigate.
    const analysis = {
      autoSearchPaths: true,
      useLibraryCodeForTypes: true,
      diagnosticMode: 'openFilesOnly',
      typeCheckingMode: 'off',
      logLevel: 'Error',
    };
    return {
      argv: [process.execPath, cli, '--stdio'],
      program: readOnly(pyright, nodePrefix()),
      initializationOptions: {},
      settings: {
        python: { analysis },
        pyright: { disableOrganizeImports: true },
      },
    };
  },
  // Not bundled with Cowork: used where the person installed them (on PATH, a real program, not a
  // toolchain proxy), mounted read-only. Untested here (neither is installed on the build machine);
  // gopls also needs `go` (its GOROOT) to load packages, rust-analyzer works without cargo on
  // a folder's own files only.
  go: () => {
    const gopls = programOnPath('gopls');
    const go = programOnPath('go');
    if (!gopls || !go) return undefined;
    return {
      argv: [gopls, 'serve'],
      program: readOnly(dirname(gopls), dirname(dirname(go))),
      initializationOptions: {},
    };
  },
  rust: () => {
    const server = programOnPath('rust-analyzer');
    if (!server) return undefined;
    return { argv: [server], program: readOnly(dirname(server)), initializationOptions: {} };
  },
};

export class LanguageServers {
  constructor(private readonly parts: LanguageServerParts) {}

  /** Whether Cowork has this language's server installed. */
  available(language: LanguageServerName): boolean {
    return INSTALLS[language]() !== undefined;
  }

  async start(input: LanguageServerStart): Promise<StartedLanguageServer> {
    const target = `${input.language}: ${input.folder}`;
    const root = this.#rootOf(input, target);
    const installed = INSTALLS[input.language]();
    if (!installed)
      throw new CoworkError(
        'RUNTIME_MISSING',
        `No ${input.language} language server is installed; the symbol index answers instead.`,
        { language: input.language },
      );
    const { startSandboxedProcess } = await import('./brokers/process.js');
    const started = startSandboxedProcess({
      argv: installed.argv,
      grants: [{ path: root, mode: 'ro' }, ...installed.program],
      cwd: root,
      env: {},
      dataDir: this.parts.realDataDir,
    });
    this.parts.record('lsp.start', target, this.#decision('allow', root), input.actor);
    return {
      ...started,
      root,
      initializationOptions: installed.initializationOptions,
      settings: installed.settings ?? {},
    };
  }

  /** The folder's real path when a grant holds it; otherwise the refusal, audited. */
  #rootOf(input: LanguageServerStart, target: string): string {
    let root: string | undefined;
    try {
      root = realpathSync(input.folder);
    } catch {
      root = undefined;
    }
    const inside = root !== undefined && this.parts.grants().some((g) => isWithin(root, g.path));
    if (root !== undefined && inside && !isWithin(root, this.parts.realDataDir)) return root;
    this.parts.record('lsp.start', target, this.#decision('deny', input.folder), input.actor);
    throw new CoworkError(
      'PERMISSION_DENIED',
      `A language server starts only on a granted folder; ${input.folder} is not one.`,
      { folder: input.folder },
    );
  }

  #decision(decision: 'allow' | 'deny', folder: string): PolicyDecision {
    return doorDecision(this.parts.policyHash(), {
      decision,
      reasonCode: decision === 'allow' ? 'INSIDE_GRANT' : 'OUTSIDE_GRANT',
      ruleId: decision === 'allow' ? 'lsp:read-only' : null,
      reason:
        decision === 'allow'
          ? `A language server reads ${folder}, read-only, without network`
          : `${folder} is not inside a granted folder`,
      riskTags: ['exec'],
      riskScore: 20,
    });
  }
}
