import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('architecture rules', () => {
  it('fail on a layering violation, an internal import, and child_process outside the enclave', () => {
    // A scratch file inside src/ so the real rule set judges it; always removed.
    const file = join(root, 'src', 'store', '__violation_probe__.ts');
    writeFileSync(
      file,
      "import '../server/index.js';\nimport '../server/auth.js';\nimport { spawn } from 'node:child_process';\nexport { spawn };\n",
    );
    try {
      const r = run(join(root, 'node_modules', '.bin', 'depcruise'), [
        'src/store',
        '--config',
        '.dependency-cruiser.cjs',
      ]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain('layering-store');
      expect(r.out).toContain('public-api-only');
      expect(r.out).toContain('single-door-processes');
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('fail when a module outside the enclave and store reaches for the file system', () => {
    const file = join(root, 'src', 'contracts', '__fs_probe__.ts');
    writeFileSync(file, "import { writeFileSync } from 'node:fs';\nexport const w = writeFileSync;\n");
    try {
      const r = run(join(root, 'node_modules', '.bin', 'depcruise'), [
        'src/contracts',
        '--config',
        '.dependency-cruiser.cjs',
      ]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain('single-door-files');
      const lint = run(join(root, 'node_modules', '.bin', 'biome'), ['lint', file]);
      expect(lint.code).not.toBe(0);
      expect(lint.out).toContain('noRestrictedImports');
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('schemas/', () => {
  it('are reported as drifted when a file no longer matches the zod source', () => {
    const dir = tempDir('cowork-schemas-');
    cpSync(join(root, 'schemas'), dir, { recursive: true });
    expect(run(process.execPath, ['scripts/schemas.mjs', '--check', '--dir', dir]).code).toBe(0);
    writeFileSync(join(dir, 'policy-decision.json'), '{"stale": true}\n');
    const r = run(process.execPath, ['scripts/schemas.mjs', '--check', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('policy-decision.json: differs from the zod source');
  });
});
