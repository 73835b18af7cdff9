import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { runScripted } from '../helpers/scripted-run.js';

let c: RpcClient;
let work: string;

beforeAll(async () => {
  ({ client: c, folder: work } = await fixture('cowork-personas-').withDaemon().withGrant('rw').start());
}, 60_000);

const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] };

describe('personas', () => {
  it('are kept, renamed and removed; a run started with one gets its instructions and lessons', async () => {
    const lesson = await c.result('memory.lessons.add', {
      text: 'Cite a source for every figure',
      kind: 'hard',
    });
    const editor = await c.result('memory.personas.add', {
      name: 'editor',
      instructions: 'You edit prose for a newspaper: short sentences.',
      lessonIds: [lesson.id],
    });
    await expect(c.result('memory.personas.add', { name: 'editor' })).rejects.toThrow(/exists already/);
    const renamed = await c.result('memory.personas.update', {
      id: editor.id,
      patch: { name: 'copy editor' },
    });
    expect(renamed).toMatchObject({ name: 'copy editor', lessonIds: [lesson.id] });
    expect((await c.result('memory.personas.list', {})).personas.map((p) => p.name)).toEqual(['copy editor']);

    // The task shares no word with the lesson: it comes from the persona, not from retrieval.
    const { info, model } = await runScripted(c, work, [{ reply: done }], {
      prompt: 'Tidy the intro paragraph',
    });
    expect(info.status).toBe('completed');
    expect(JSON.stringify(model.requests[0]?.body)).not.toContain('Cite a source');

    const withPersona = await runScriptedWithPersona('copy editor');
    const body = JSON.stringify(withPersona.requests[0]?.body);
    expect(body).toContain('You edit prose for a newspaper: short sentences.');
    expect(body).toContain('Cite a source for every figure');
    await expect(runScriptedWithPersona('nobody')).rejects.toThrow(/No persona named nobody/);
    expect((await c.result('memory.personas.remove', { id: editor.id })).removed).toBe(true);
  }, 60_000);
});

async function runScriptedWithPersona(persona: string) {
  const { startReplayServer } = await import('../../src/gym/scripted-model/server.js');
  const { replayProvider } = await import('../../src/gym/scripted-model/provider.js');
  const model = await startReplayServer({ turns: [{ reply: done }] });
  const id = `p${Math.random().toString(36).slice(2, 8)}`;
  await c.result('providers.add', replayProvider(id, model.url));
  try {
    const { id: runId } = await c.result('runs.start', {
      prompt: 'Tidy the intro paragraph',
      folder: work,
      model: `${id}/replay-model`,
      persona,
    });
    const { waitUntil } = await import('../helpers/daemon.js');
    await waitUntil(async () => (await c.result('runs.get', { runId })).status !== 'running', 20_000);
    return { requests: model.requests };
  } finally {
    await model.close();
  }
}
