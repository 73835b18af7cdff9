import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PER_FILE_BYTES,
  projectInstructionsSection,
  TOTAL_FILE_BYTES,
} from '../../src/agent/project-instructions.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

const done = { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] } };
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

describe("the project's instruction files (AGENTS.md, CLAUDE.md, .goosehints)", () => {
  it('reaches the model from the folder up to the grant root, nearest first, never above the grant', async () => {
    const f = await fixture('cowork-instr-')
      .withDaemon()
      // Granted too, but above the root of the run's own grant: the walk stops at that root.
      .withGrant('ro', { 'AGENTS.md': 'ABOVE-THE-GRANT: never read me' }, 'outer')
      .withFolder('elsewhere', { 'AGENTS.md': 'NOT-GRANTED' })
      .withGrant(
        'rw',
        {
          'AGENTS.md': 'ROOT-RULE: run npm test before finishing',
          'CLAUDE.md': `HIDDEN-RULE\n${KEY}`,
          'pkg/AGENTS.md': 'NEAR-RULE: tabs, not spaces',
          'pkg/.goosehints': 'GOOSE-HINT: the API lives in api/',
        },
        'outer/repo',
      )
      .withReplayModel([
        {
          expect: {
            contains: ['NEAR-RULE: tabs, not spaces', 'GOOSE-HINT', 'ROOT-RULE', 'nearer one wins'],
            lacks: ['ABOVE-THE-GRANT', 'HIDDEN-RULE'],
          },
          ...done,
        },
      ])
      .start();
    const repo = f.folders['outer/repo']!;
    const folder = join(repo, 'pkg');
    const run = await f.client.result('runs.start', { prompt: 'hi', folder, model: 'replay/m' });
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: run.id })).status !== 'running',
      20_000,
    );
    expect(f.model.requests.map((r) => r.failure ?? 'ok')).toEqual(['ok']);
    expect((await f.client.result('runs.get', { runId: run.id })).status).toBe('completed');
    const sent = JSON.stringify(f.model.requests[0]!.body);
    expect(sent.indexOf('NEAR-RULE')).toBeLessThan(sent.indexOf('ROOT-RULE'));

    const { files } = await f.client.result('runs.instructions', { folder });
    expect(files.map((x) => x.path)).toEqual([
      join(folder, 'AGENTS.md'),
      join(folder, '.goosehints'),
      join(repo, 'AGENTS.md'),
    ]);
    expect(files[0]).toEqual({
      path: join(folder, 'AGENTS.md'),
      bytes: Buffer.byteLength('NEAR-RULE: tabs, not spaces'),
      cut: false,
    });
    // Not granted at all: nothing is read.
    expect((await f.client.result('runs.instructions', { folder: f.folders.elsewhere! })).files).toEqual([]);
  });

  it('skips a file whose read the policy would ask about, without raising an approval', async () => {
    const f = await fixture('cowork-instr-ask-')
      .withDaemon()
      .withGrant('rw', { 'AGENTS.md': 'SHOWN-RULE', '.goosehints': 'ASKED-HINT' })
      .withReplayModel([{ expect: { contains: ['SHOWN-RULE'], lacks: ['ASKED-HINT'] }, ...done }])
      .start();
    await f.client.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: ask-hints, action: fs.read, match: { paths: ["**/.goosehints"] }, decision: ask_user, reason: hints are private }\n',
    });
    const run = await f.client.result('runs.start', { prompt: 'hi', folder: f.folder, model: 'replay/m' });
    await waitUntil(
      async () => (await f.client.result('runs.get', { runId: run.id })).status !== 'running',
      20_000,
    );
    expect(f.model.requests.map((r) => r.failure ?? 'ok')).toEqual(['ok']);
    const { files } = await f.client.result('runs.instructions', { folder: f.folder });
    expect(files.map((x) => x.path)).toEqual([join(f.folder, 'AGENTS.md')]);
    expect((await f.client.result('approvals.list', {})).approvals).toEqual([]);
  });

  it('cuts each file at 8 KB and all of them at 16 KB, and says so', () => {
    const files = ['a', 'b', 'c'].map((n) => ({ path: `/p/${n}/AGENTS.md`, text: n.repeat(10_000) }));
    const { text, used } = projectInstructionsSection(files);
    expect(used.map((u) => [u.label, u.cut])).toEqual([
      ['/p/a/AGENTS.md', true],
      ['/p/b/AGENTS.md', true],
    ]);
    expect(used[0]!.bytes).toBeLessThanOrEqual(PER_FILE_BYTES + 20);
    expect(used.reduce((n, u) => n + u.bytes, 0)).toBeLessThanOrEqual(TOTAL_FILE_BYTES + 40);
    expect(text).toContain('… [cut]');
    expect(text).not.toContain('/p/c/');
    expect(projectInstructionsSection([]).text).toBe('');
  });
});
