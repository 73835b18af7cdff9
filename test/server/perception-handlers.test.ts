import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perceptionHandlers } from '../../src/server/perception-handlers.js';
import { fixture } from '../helpers/fixture/index.js';
import { FakeIndex, FakeIndexes } from '../perception/fake-index.js';

const scope = {} as never;

describe('the code.* methods', () => {
  it('answer from the folder’s index as the person’s read, audited, with the structured result', async () => {
    const f = fixture('cowork-code-rpc-')
      .withEnclave()
      .withGrant('ro', { 'a.ts': 'export function run() {}\n' })
      .start();
    const a = join(f.folder, 'a.ts');
    const indexes = new FakeIndexes({
      [f.folder]: new FakeIndex(f.folder, { symbols: [{ name: 'run', path: a, line: 1 }] }),
    });
    const h = perceptionHandlers(indexes, f.enclave);
    const found = await h['code.symbols']({ folder: f.folder, query: 'run', limit: 5 }, scope);
    expect(found.symbols.map((s) => [s.qualifiedName, s.path])).toEqual([['run', a]]);
    expect((await h['code.status']({ folder: f.folder }, scope)).state).toBe('ready');
    const outline = await h['code.outline']({ folder: f.folder, path: a }, scope);
    expect(outline.symbols).toHaveLength(1);
    const audit = [...f.enclave.audit.entriesAfter(0)].filter((e) => e.action === 'code.symbols');
    expect(audit.map((e) => [e.phase, e.decision, e.origin, e.target])).toEqual([
      ['decision', 'allow', 'person', f.folder],
      ['result', 'allow', 'person', f.folder],
    ]);
  });

  it('a folder outside the grants: PERMISSION_DENIED; no index in this build: UNAVAILABLE', async () => {
    const f = fixture('cowork-code-rpc-').withEnclave().withGrant('ro').withFolder('outside').start();
    const outside = f.folders['outside']!;
    const indexes = new FakeIndexes({ [outside]: new FakeIndex(outside, { symbols: [] }) });
    await expect(
      perceptionHandlers(indexes, f.enclave)['code.index']({ folder: outside }, scope),
    ).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(indexes.opened).toEqual([]);
    await expect(
      perceptionHandlers(undefined, f.enclave)['code.map'](
        { folder: f.folder, focus: [], tokens: 100 },
        scope,
      ),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
