/**
 * Document writes inside a real agent run (the replay model server plays the model): each write
 * is a checkpoint of the run and an artifact of it, and undoing the run's steps takes the new
 * document away and puts the edited one back, byte for byte.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SafeZip } from '../../src/documents/safe-zip.js';
import { build } from '../../src/documents/write/docx.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { runApprovingAll } from '../helpers/scripted-run.js';

let c: RpcClient;
let work: string;
let runId: string;
let contract: Buffer;

beforeAll(async () => {
  contract = Buffer.from(
    (
      await build({
        tool: 'docx.create',
        args: {
          path: 'contract.docx',
          blocks: [{ type: 'paragraph', text: 'Between Acme and the Client.' }],
        },
        images: {},
      })
    ).bytes,
  );
  const f = await fixture('cowork-write-run-')
    .withDaemon()
    .withGrant('rw', { 'contract.docx': contract })
    .withReplayModel([
      {
        reply: {
          toolCalls: [
            {
              id: 'd1',
              name: 'docx_create',
              arguments: { path: 'report.docx', markdown: '# Report\n\nAll is well.' },
            },
          ],
        },
      },
      {
        reply: {
          toolCalls: [
            {
              id: 'r1',
              name: 'docx_replaceText',
              arguments: { path: 'contract.docx', replacements: [{ find: 'Acme', replace: 'Globex' }] },
            },
          ],
        },
      },
      {
        reply: {
          toolCalls: [{ id: 'done', name: 'complete_task', arguments: { summary: 'wrote the report' } }],
        },
      },
    ])
    .start();
  ({ client: c, folder: work } = f);
  runId = await runApprovingAll(c, 'Write the report', work);
});

describe('document writes in a run', () => {
  it('are checkpoints and artifacts of the run, undone byte for byte', async () => {
    expect((await c.result('runs.get', { runId })).status).toBe('completed');
    const report = join(work, 'report.docx');
    const edited = join(work, 'contract.docx');
    expect(new SafeZip(readFileSync(edited)).text('word/document.xml')).toContain(
      'Between Globex and the Client.',
    );

    const { artifacts } = await c.result('artifacts.list', { runId });
    expect(artifacts.map((a) => [a.tool, a.path, a.runId]).sort()).toEqual([
      ['docx.create', report, runId],
      ['docx.replaceText', edited, runId],
    ]);

    const { checkpoints } = await c.result('checkpoints.list', { runId });
    expect(checkpoints.map((cp) => cp.paths)).toEqual([[report], [edited]]);
    for (const cp of [...checkpoints].reverse()) await c.result('checkpoints.undo', { checkpointId: cp.id });
    expect(existsSync(report)).toBe(false);
    expect(readFileSync(edited).equals(contract)).toBe(true);
  });
});
