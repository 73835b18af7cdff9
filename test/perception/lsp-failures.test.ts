/**
 * A language server is an untrusted program: one that crashes, never answers, sends garbage or a
 * frame over the limit, answers with errors or proposes edits outside its folder gives the client a
 * stable error code, at once or at the request's deadline — never a hang — and the process is ended.
 * And one asking for its settings is answered from the ones its start gave (pyright's, say).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LanguageServerClient, type LanguageServerProcess } from '../../src/perception/lsp/lsp-client.js';
import { tempDir } from '../helpers/temp-dir.js';

const SERVER = fileURLToPath(
  new URL('../fixtures/perception/lsp-servers/hostile-server.mjs', import.meta.url),
);

function hostile(mode: string, settings?: Record<string, unknown>) {
  const root = tempDir('cowork-lsp-hostile-');
  const file = join(root, 'a.ts');
  writeFileSync(file, 'export const a = 1;\n');
  const child = spawn(process.execPath, [SERVER, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  let killed = false;
  const server: LanguageServerProcess = {
    child,
    kill: () => {
      killed = true;
      child.kill('SIGKILL');
    },
    root,
    initializationOptions: {},
    ...(settings ? { settings } : {}),
  };
  const start = (initializeTimeoutMs = 2_000) =>
    LanguageServerClient.start(server, {
      readFile: async () => 'export const a = 1;\n',
      initializeTimeoutMs,
      requestTimeoutMs: 500,
    });
  return { start, file, child, wasKilled: () => killed };
}

describe('a language server that misbehaves', () => {
  it('crashing at start: UNAVAILABLE, with what it said on stderr', async () => {
    const s = hostile('crash-at-start');
    await expect(s.start()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('giving up'),
    });
  });

  it('never answering initialize: TIMEOUT at the deadline, and the process killed', async () => {
    const s = hostile('silent');
    const t0 = Date.now();
    await expect(s.start(300)).rejects.toMatchObject({ code: 'TIMEOUT', details: { method: 'initialize' } });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(s.wasKilled()).toBe(true);
  });

  it('crashing on a request: that request and every later one fail UNAVAILABLE', async () => {
    const s = hostile('crash-on-request');
    const client = await s.start();
    await expect(client.definition(s.file, 1, 14)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { exitCode: 7 },
    });
    await expect(client.references(s.file, 1, 14)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(client.failure?.code).toBe('UNAVAILABLE');
  });

  it('sending bytes that are not a message: PARSE_ERROR, and the process killed', async () => {
    const s = hostile('garbage');
    const client = await s.start();
    await expect(client.references(s.file, 1, 14)).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expect(s.wasKilled()).toBe(true);
  });

  it('announcing a frame over the limit: FRAME_TOO_LARGE before any of it is buffered', async () => {
    const s = hostile('huge-frame');
    const client = await s.start();
    await expect(client.definition(s.file, 1, 14)).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE' });
  });

  it('answering with an error: PROVIDER_ERROR for that request, the server still usable', async () => {
    const s = hostile('error-reply');
    const client = await s.start();
    await expect(client.definition(s.file, 1, 14)).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      details: { method: 'textDocument/definition', lspCode: -32603 },
    });
    expect(client.failure).toBeUndefined();
    await client.shutdown();
    expect(s.wasKilled()).toBe(true);
  });

  it('proposing a rename edit outside its folder: the whole rename refused', async () => {
    const s = hostile('edits-outside');
    const client = await s.start();
    await expect(client.rename(s.file, 1, 14, 'b')).rejects.toMatchObject({ code: 'INVALID_OUTPUT' });
    await client.shutdown();
  });
});

describe('a language server asking for its settings', () => {
  it('is answered from its settings by section, dotted or nested, null for one it has not', async () => {
    const analysis = { diagnosticMode: 'openFilesOnly', typeCheckingMode: 'off' };
    const s = hostile('echo-settings', { python: { analysis }, pyright: { disableOrganizeImports: true } });
    const client = await s.start();
    try {
      let reply: unknown = 'no reply yet';
      for (let i = 0; i < 50 && reply === 'no reply yet'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const [file] = await client.rename(s.file, 1, 14, 'b');
        reply = JSON.parse(file!.edits[0]!.newText);
      }
      expect(reply).toEqual([analysis, { analysis }, { disableOrganizeImports: true }, null, null]);
    } finally {
      await client.shutdown();
    }
  });
});
