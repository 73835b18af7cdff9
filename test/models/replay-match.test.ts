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
