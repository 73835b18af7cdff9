/**
 * Routing settings over the API (`routes.get` / `routes.set`) against a real daemon: bad input is
 * refused whole with INVALID_ARGUMENTS naming the rule and field, and routes.json stays as it was;
 * a saved default model or rule serves the next run without a restart, and after one; the older
 * plain-list routes.json still works; a hostile client cannot hurt the daemon or the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import type { ReplayServer } from '../../src/gym/scripted-model/server.js';
import { homePaths } from '../../src/store/index.js';
import { cowork, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let f: DaemonFixture;
let home: string;
let file: string;
let d: TestDaemon;
let c: RpcClient;
let work: string;
let b: ReplayServer;

interface Routes {
  defaultModel: string | null;
  rules: {
    id: string;
    priority: number;
    match: Record<string, string>;
    modelId: string;
    fallbacks: string[];
  }[];
}

/** A rule written by an older version, in the plain-list format. */
const oldRule = { id: 'old', priority: 1, match: { taskType: 'review' }, modelId: 'a/m', fallbacks: [] };
const finishes = (by: string) =>
  Array.from({ length: 4 }, () => ({
    reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: `served by ${by}` } }] },
  }));

/** `client` becomes the test's client, hearing of runs. */
async function connect(client: RpcClient): Promise<void> {
  c = client;
  await c.result('events.subscribe', { after: 0, types: ['run.'] });
}

/** Starts a run naming no model; resolves with the run once it ended, and its routing event. */
async function runWithoutModel(model?: string) {
  const run = await c.result('runs.start', {
    prompt: 'Say hi',
    folder: work,
    ...(model ? { model } : {}),
  });
  await waitUntil(
    async () => ['completed', 'failed'].includes((await c.result('runs.get', { runId: run.id })).status),
    20_000,
  );
  const ended = await c.result('runs.get', {
    runId: run.id,
  });
  await waitUntil(() => c.events.some((e) => e.type === 'run.routing' && payloadOf(e).runId === run.id));
  const routing = c.events.find((e) => e.type === 'run.routing' && payloadOf(e).runId === run.id)!;
  return { run, ended, routing: payloadOf(routing) };
}
const payloadOf = (e: { payload: unknown }) => e.payload as Record<string, unknown>;

async function refusal(params: unknown) {
  const r = await c.call('routes.set', params);
  if (!('error' in r)) throw new Error(`accepted: ${JSON.stringify(params).slice(0, 200)}`);
  return r.error;
}

beforeAll(async () => {
  f = await fixture('cowork-routes-')
    .withDaemon({ homeFiles: { 'routes.json': JSON.stringify([oldRule]) } })
    .withGrant('rw')
    .withReplayModel({ models: ['m'], turns: finishes('a') }, { id: 'a' })
    .withReplayModel({ models: ['m'], turns: finishes('b') }, { id: 'b' })
    .start();
  ({ home, daemon: d, folder: work } = f);
  b = f.models['b']!;
  file = homePaths(home).routesFile;
  await connect(f.client);
});

describe('routes over the API', () => {
  it('reads the older plain-list routes.json', async () => {
    expect(await c.result('routes.get', {})).toEqual({ defaultModel: null, rules: [oldRule] });
  });

  it('refuses bad routes with INVALID_ARGUMENTS naming the rule and field, and leaves routes.json as it was', async () => {
    const before = readFileSync(file, 'utf8');
    const rule = (over: Partial<Routes['rules'][number]>) => ({ ...oldRule, id: 'x', ...over });
    const cases: [unknown, RegExp, Record<string, unknown>][] = [
      [
        { defaultModel: null, rules: [oldRule, rule({ modelId: 'nope/m' })] },
        /Rule 2 \("x"\), model: no provider named "nope"/,
        { rule: 1, field: 'modelId' },
      ],
      [
        { defaultModel: null, rules: [oldRule, rule({ id: 'old' })] },
        /Rule 2 \("old"\).*already used by rule 1/,
        { rule: 1, field: 'id' },
      ],
      [
        { defaultModel: null, rules: [rule({ fallbacks: ['b/m', 'a'] })] },
        /Rule 1 \("x"\), fallback 2: "a" is not of the form provider\/model/,
        { rule: 0, field: 'fallbacks' },
      ],
      [
        { defaultModel: 'a/', rules: [] },
        /Default model: "a\/" is not of the form/,
        { field: 'defaultModel' },
      ],
      [
        { defaultModel: 'gone/m', rules: [] },
        /Default model: no provider named "gone"/,
        { field: 'defaultModel' },
      ],
    ];
    for (const [params, message, details] of cases) {
      const error = await refusal(params);
      expect(error.data.code).toBe('INVALID_ARGUMENTS');
      expect(error.message).toMatch(message);
      expect(error.data.details).toEqual(details);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await c.result('routes.get', {})).toEqual({ defaultModel: null, rules: [oldRule] });
  });

  it('a hostile client sending huge or malformed routes gets INVALID_ARGUMENTS; the daemon and the file are unharmed', async () => {
    const before = readFileSync(file, 'utf8');
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...oldRule, id: `r${i}` }));
    const malformed: unknown[] = [
      { defaultModel: null, rules: many },
      { defaultModel: null, rules: [{ ...oldRule, id: 'x'.repeat(200_000) }] },
      { defaultModel: null, rules: [{ ...oldRule, fallbacks: Array(50).fill('a/m') }] },
      { defaultModel: null, rules: 'all of them' },
      { defaultModel: null },
      { rules: [] },
      { defaultModel: 42, rules: [] },
      { defaultModel: null, rules: [{ ...oldRule, priority: '1' }] },
      { defaultModel: null, rules: [{ ...oldRule, priority: 1.5 }] },
      { defaultModel: null, rules: [{ ...oldRule, priority: 1e300 }] },
      { defaultModel: null, rules: [{ ...oldRule, match: { capability: 'telepathy' } }] },
      { defaultModel: null, rules: [{ ...oldRule, match: [] }] },
      { defaultModel: null, rules: [null] },
      { defaultModel: null, rules: [], extra: true },
      [oldRule],
    ];
    for (const params of malformed) {
      expect((await refusal(params)).data.code, JSON.stringify(params).slice(0, 120)).toBe(
        'INVALID_ARGUMENTS',
      );
    }
    // Over the frame limit: refused before parsing (so the reply has no id), the connection stays usable.
    const huge = { defaultModel: null, rules: [{ ...oldRule, id: 'y'.repeat(2 << 20) }] };
    c.ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'huge', method: 'routes.set', params: huge }));
    const tooLarge = (m: unknown) => JSON.stringify(m).includes('"FRAME_TOO_LARGE"');
    await waitUntil(() => c.raw.some(tooLarge));
    expect(await c.result('system.ping', {})).toEqual({ pong: true });
    expect(readFileSync(file, 'utf8')).toBe(before);
    // A `__proto__` key reaches nothing: what is saved is exactly the routes, and no object changed.
    const sneaky =
      '{"defaultModel":null,"rules":[{"__proto__":{"modelId":"evil/x"},"id":"old","priority":1,"match":{"taskType":"review"},"modelId":"a/m","fallbacks":[]}],"__proto__":{"polluted":true}}';
    expect(await c.result('routes.set', JSON.parse(sneaky))).toEqual({
      defaultModel: null,
      rules: [oldRule],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ defaultModel: null, rules: [oldRule] });
  });

  it('a saved default model, then a saved rule, serve the next run without a restart', async () => {
    const withDefault = { defaultModel: 'a/m', rules: [oldRule] };
    expect(await c.result('routes.set', withDefault)).toEqual(withDefault);
    const first = await runWithoutModel();
    expect(first.run.model).toBe('a/m');
    expect(first.ended).toMatchObject({ status: 'completed', summary: 'served by a' });
    expect(first.routing).toMatchObject({ modelId: 'a/m', ruleId: null, reason: 'the default model' });

    const agentsOnB = {
      id: 'agents-on-b',
      priority: 5,
      match: { taskType: 'agent' },
      modelId: 'b/m',
      fallbacks: ['a/m'],
    };
    // Saved in the person's order; matched highest priority first.
    const withRule = { defaultModel: 'a/m', rules: [oldRule, agentsOnB] };
    expect(await c.result('routes.set', withRule)).toEqual(withRule);
    const second = await runWithoutModel();
    expect(second.run.model).toBe('b/m');
    expect(second.ended).toMatchObject({ status: 'completed', summary: 'served by b' });
    expect(second.routing).toMatchObject({ modelId: 'b/m', ruleId: 'agents-on-b' });

    // A model the person names still wins over every rule.
    const named = await runWithoutModel('a/m');
    expect(named.ended).toMatchObject({ status: 'completed', summary: 'served by a' });
    expect(named.routing).toMatchObject({ ruleId: null, reason: 'chosen for this run' });

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(withRule);
  });

  it('saved routes survive a daemon restart', async () => {
    const saved = await c.result('routes.get', {});
    const restarted = await f.restart();
    d = restarted.daemon;
    await connect(restarted.client);
    expect(await c.result('routes.get', {})).toEqual(saved);
    const run = await runWithoutModel();
    expect(run.ended).toMatchObject({ status: 'completed', summary: 'served by b' });
    expect(run.routing).toMatchObject({ ruleId: 'agents-on-b' });
  });

  it('a provider the routes name cannot be removed until they let go of it; each save is announced', async () => {
    const removal = async (id: string) => {
      const r = await c.call('providers.remove', { id });
      return 'error' in r ? r.error : undefined;
    };
    const ids = async () => (await c.result('providers.list', {})).providers;
    expect(await removal('b')).toMatchObject({
      data: { code: 'CONFLICT', details: { uses: ['rule "agents-on-b"'] } },
    });
    expect((await removal('a'))?.data.details).toEqual({
      uses: ['the default model', 'rule "old"', 'rule "agents-on-b"'],
    });
    expect((await ids()).map((p) => p.id)).toEqual(['a', 'b']);

    // Another window watching: it hears of the change, with the routes as saved.
    const watcher = await RpcClient.withToken(d.wsUrl, d.token);
    const head = (await watcher.result('system.info', {})).headSequence;
    await watcher.result('events.subscribe', { after: head, types: ['routes.'] });
    const withoutB = { defaultModel: 'a/m', rules: [oldRule] };
    await c.result('routes.set', withoutB);
    await watcher.waitForEvents(1);
    expect(watcher.events).toMatchObject([{ type: 'routes.changed', payload: withoutB }]);
    await watcher.close();

    expect(await removal('b')).toBeUndefined();
    expect((await ids()).map((p) => p.id)).toEqual(['a']);
    await c.result('providers.add', replayProvider('b', b.url)); // for the tests after this one
  });

  it('a broken routes.json does not stop the daemon, and saving sets it aside instead of losing it', async () => {
    const restarted = await f.restart({ whileStopped: () => writeFileSync(file, '[{"id": "half-written",') });
    d = restarted.daemon;
    await connect(restarted.client);
    expect(await c.result('routes.get', {})).toEqual({ defaultModel: null, rules: [] });
    const fresh = { defaultModel: 'b/m', rules: [] };
    expect(await c.result('routes.set', fresh)).toEqual(fresh);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fresh);
    expect(existsSync(`${file}.broken`)).toBe(true);
    expect(readFileSync(`${file}.broken`, 'utf8')).toBe('[{"id": "half-written",');
  });

  it('cowork routes set FILE takes either form of routes.json; a refusal exits non-zero and names the rule', async () => {
    const plain = join(work, 'plain-routes.json');
    writeFileSync(plain, JSON.stringify([oldRule]));
    const set = await cowork(['routes', 'set', plain, '--home', home]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ defaultModel: null, rules: [oldRule] });

    const bad = join(work, 'bad-routes.json');
    writeFileSync(bad, JSON.stringify({ defaultModel: 'a/m', rules: [{ ...oldRule, modelId: 'nope/m' }] }));
    const refused = await cowork(['routes', 'set', bad, '--home', home]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Rule 1 \("old"\), model: no provider named "nope"/);

    const list = await cowork(['routes', 'list', '--json', '--home', home]);
    expect(JSON.parse(list.stdout)).toEqual({ defaultModel: null, rules: [oldRule] });
  });
});
