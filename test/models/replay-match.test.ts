/**
 * The replay model server serves several conversations at once: a turn with `match` is played only
 * for a request that contains its text (a task id in a worker's system prompt), so concurrent
 * workers are scripted deterministically whatever order their requests arrive in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';

let server: ReplayServer | undefined;
afterEach(() => server?.close());

async function ask(system: string): Promise<string> {
  const res = await fetch(`${server!.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'replay-model', messages: [{ role: 'system', content: system }] }),
  });
  const body = (await res.json()) as {
    choices?: { message: { content: string } }[];
    error?: { type: string };
  };
  return body.choices?.[0]?.message.content ?? `error: ${body.error?.type}`;
}

describe('replay turns matched to conversations', () => {
  it('gives each conversation its own turns in order, and unmatched turns to anyone', async () => {
    server = await startReplayServer({
      turns: [
        { match: 'task:alpha', reply: { text: 'alpha 1' } },
        { match: 'task:alpha', reply: { text: 'alpha 2' } },
        { match: 'task:beta', reply: { text: 'beta 1' } },
        { reply: { text: 'anyone' } },
      ],
    });
    expect(await ask('You work on task:beta.')).toBe('beta 1');
    expect(await ask('You work on task:alpha.')).toBe('alpha 1');
    expect(await ask('You work on task:beta.')).toBe('anyone');
    expect(await ask('You work on task:alpha.')).toBe('alpha 2');
    expect(await ask('You work on task:alpha.')).toBe('error: replay_exhausted');
    expect(server.remaining()).toBe(0);
  });
});

describe('replay turns by model name', () => {
  async function say(model: string, answers: number): Promise<string> {
    const messages = [
      { role: 'user', content: 'go' },
      ...Array.from({ length: answers }, () => [
        { role: 'assistant', content: 'earlier' },
        { role: 'user', content: 'more' },
      ]).flat(),
    ];
    const res = await fetch(`${server!.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages }),
    });
    const body = (await res.json()) as {
      choices?: { message: { content: string } }[];
      error?: { type: string };
    };
    return body.choices?.[0]?.message.content ?? `error: ${body.error?.type}`;
  }

  it('answers each model from its own script, by conversation; other models from `turns`', async () => {
    server = await startReplayServer({
      turns: [{ reply: { text: 'shared' } }],
      keyedBy: 'conversation',
      byModel: {
        'scenario-a': [{ reply: { text: 'a1' } }, { reply: { text: 'a2' } }],
        'scenario-b': [{ reply: { text: 'b1' } }],
      },
    });
    expect(await say('scenario-b', 0)).toBe('b1');
    expect(await say('scenario-a', 1)).toBe('a2');
    expect(await say('scenario-a', 0)).toBe('a1');
    expect(await say('scenario-a', 0)).toBe('a1'); // a retried request: the same answer
    expect(await say('scenario-b', 1)).toBe('error: replay_exhausted');
    expect(await say('something-else', 0)).toBe('shared');
    const listed = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(listed.data.map((m) => m.id)).toEqual(['replay-model', 'scenario-a', 'scenario-b']);
  });
});
