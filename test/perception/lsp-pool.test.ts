/**
 * The pool behind the precise path: a question to a failed or missing server resolves to undefined
 * (the index answers instead), the server is replaced at a later question, and not more often than
 * its restart delay allows.
 */
import { spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CoworkError } from '../../src/contracts/index.js';
import { LanguageServerPool } from '../../src/perception/lsp/language-server-pool.js';
import type { LanguageServerProcess } from '../../src/perception/lsp/lsp-client.js';
import { fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { declaredSymbols, VENDORED_DIR } from './lsp-vendored.js';

const SERVER = fileURLToPath(
  new URL('../fixtures/perception/lsp-servers/hostile-server.mjs', import.meta.url),
);

function hostileStart(mode: string, root: string) {
  let starts = 0;
  const start = async (): Promise<LanguageServerProcess> => {
    starts++;
    const child = spawn(process.execPath, [SERVER, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
    return { child, kill: () => child.kill('SIGKILL'), root, initializationOptions: {} };
  };
  return { start, starts: () => starts };
}

describe('the language server pool', () => {
  it('falls back (undefined) when the server fails, and restarts it only after the delay', async () => {
    const root = tempDir('cowork-lsp-pool-');
    const file = join(root, 'a.ts');
    writeFileSync(file, 'export const a = 1;\n');
    const h = hostileStart('crash-on-request', root);
    const failures: string[] = [];
    const pool = new LanguageServerPool({
      start: h.start,
      readFile: (p) => readFile(p, 'utf8'),
      requestTimeoutMs: 1_000,
      restartAfterMs: 60_000,
      onFailure: (_folder, err) => failures.push((err as CoworkError).code),
    });
    expect(await pool.ask(root, (c) => c.definition(file, 1, 14))).toBeUndefined();
    expect(failures).toEqual(['UNAVAILABLE']);
    expect(await pool.ask(root, (c) => c.definition(file, 1, 14))).toBeUndefined();
    expect(h.starts()).toBe(1);
    await pool.close();
  });

  it('answers undefined when no server can start', async () => {
    const failures: string[] = [];
    const pool = new LanguageServerPool({
      start: async () => {
        throw new CoworkError('RUNTIME_MISSING', 'none here');
      },
      readFile: (p) => readFile(p, 'utf8'),
      onFailure: (_folder, err) => failures.push((err as CoworkError).code),
    });
    expect(await pool.ask('/nowhere', async () => 'asked')).toBeUndefined();
    expect(failures).toEqual(['RUNTIME_MISSING']);
  });

  it('replaces a real server that was killed, and answers again', async () => {
    const f = fixture('cowork-lsp-').withEnclave().withGrant('ro', {}).start();
    cpSync(VENDORED_DIR, f.folder, { recursive: true });
    const servers: LanguageServerProcess[] = [];
    const pool = new LanguageServerPool({
      start: async (folder) => {
        const s = await f.enclave.startLanguageServer({ language: 'typescript', folder, actor: 'agent' });
        servers.push(s);
        return s;
      },
      readFile: (p) => readFile(p, 'utf8'),
      restartAfterMs: 0,
    });
    const d = declaredSymbols().find((s) => s.name === 'isDraft')!;
    const ask = () => pool.ask(f.folder, (c) => c.references(join(f.folder, d.path), d.line, d.column));
    const first = await ask();
    expect(first?.length).toBeGreaterThan(1);
    servers[0]!.kill();
    await new Promise((r) => servers[0]!.child.once('close', r));
    expect(await ask()).toBeUndefined();
    expect(await ask()).toEqual(first);
    expect(servers).toHaveLength(2);
    await pool.close();
  }, 60_000);
});
