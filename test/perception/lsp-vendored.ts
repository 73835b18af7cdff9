/**
 * The vendored project the precise path is measured on, started under a language server through
 * the enclave, and the symbols it is asked about: every exported declaration (function, class,
 * interface, type, enum, const, let) in its sources, found by a plain scan so the choice is
 * deterministic and independent of both the index and the server.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LanguageServerClient } from '../../src/perception/lsp/lsp-client.js';
import { fixture } from '../helpers/fixture/index.js';

export const VENDORED = 'immer@10.1.1';
export const VENDORED_DIR = fileURLToPath(
  new URL(`../fixtures/perception/vendored/${VENDORED}`, import.meta.url),
);
export const GOLDEN_FILE = fileURLToPath(new URL('./lsp-golden.json', import.meta.url));

export interface Declared {
  name: string;
  kind: string;
  /** Relative to the project's root, `/`-separated. */
  path: string;
  line: number;
  column: number;
}

const DECLARATION =
  /^export\s+(?:declare\s+)?(?:abstract\s+)?(function\*?|class|interface|type|(?:const\s+)?enum|const|let)\s+([A-Za-z_$][\w$]*)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'));
}

/** The project's exported declarations, by path then line. */
export function declaredSymbols(root = VENDORED_DIR): Declared[] {
  const out: Declared[] = [];
  for (const file of sourceFiles(join(root, 'src')).sort()) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = DECLARATION.exec(text);
        if (!m) return;
        const [, kind, name] = m as unknown as [string, string, string];
        out.push({
          name,
          kind: kind.replace('*', '').replace(/^const\s+/, ''),
          path: relative(root, file),
          line: i + 1,
          column: text.indexOf(name, m[0].length - name.length) + 1,
        });
      });
  }
  return out;
}

/** A granted copy of the project, with a TypeScript language server started on it by the enclave. */
export async function startOnVendored(mode: 'ro' | 'rw' = 'rw') {
  const f = fixture('cowork-lsp-').withEnclave().withGrant(mode, {}).start();
  cpSync(VENDORED_DIR, f.folder, { recursive: true });
  const server = await f.enclave.startLanguageServer({
    language: 'typescript',
    folder: f.folder,
    actor: 'agent',
  });
  const client = await LanguageServerClient.start(server, {
    name: 'typescript-language-server',
    readFile: (p) => readFile(p, 'utf8'),
  });
  return { f, server, client, root: server.root };
}
