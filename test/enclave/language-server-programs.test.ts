/**
 * A language server Cowork does not bundle (gopls, rust-analyzer) counts as installed only when
 * PATH holds the real program: an executable file of that name (through links), not a toolchain
 * proxy of another name (rustup answers for `rust-analyzer` without the component installed), not
 * a file that cannot be run.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { programOnPath } from '../../src/enclave/language-servers.js';

describe('programOnPath', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function folders() {
    const root = mkdtempSync(join(tmpdir(), 'cowork-lsp-path-'));
    made.push(root);
    const bin = join(root, 'bin');
    const cargo = join(root, 'cargo-bin');
    const tools = join(root, 'tools');
    for (const dir of [bin, cargo, tools]) mkdirSync(dir);
    const program = (path: string, mode = 0o755) => {
      writeFileSync(path, '#!/bin/sh\n');
      chmodSync(path, mode);
    };
    return { bin, cargo, tools, program, path: [cargo, bin].join(delimiter) };
  }

  it('finds the real program, through a link of its own name, first on PATH first', () => {
    const d = folders();
    d.program(join(d.tools, 'gopls'));
    symlinkSync(join(d.tools, 'gopls'), join(d.bin, 'gopls'));
    expect(programOnPath('gopls', d.path)).toBe(join(d.tools, 'gopls'));
    d.program(join(d.cargo, 'gopls'));
    expect(programOnPath('gopls', d.path)).toBe(join(d.cargo, 'gopls'));
  });

  it('is undefined for a proxy of another name, a file that cannot run, or none', () => {
    const d = folders();
    d.program(join(d.tools, 'rustup'));
    symlinkSync(join(d.tools, 'rustup'), join(d.cargo, 'rust-analyzer'));
    expect(programOnPath('rust-analyzer', d.path)).toBeUndefined();
    d.program(join(d.bin, 'gopls'), 0o644);
    expect(programOnPath('gopls', d.path)).toBeUndefined();
    mkdirSync(join(d.bin, 'go'));
    expect(programOnPath('go', d.path)).toBeUndefined();
    expect(programOnPath('gopls', '')).toBeUndefined();
    // A real one behind the proxy, later on PATH, is the one found.
    d.program(join(d.bin, 'rust-analyzer'));
    expect(programOnPath('rust-analyzer', d.path)).toBe(join(d.bin, 'rust-analyzer'));
  });
});
