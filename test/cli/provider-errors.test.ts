/**
 * A dead provider never "works": `cowork provider probe` really calls the model and fails, with
 * who failed, why and what to do, for a server that refuses connections (a real closed port), a
 * refused key and an unknown model (the replay server answering 401 and 404); a run on a dead
 * provider says the same; every one of them is in daemon.log under module "models"; a URL without
 * a scheme is refused with the field named.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { freePort } from '../helpers/ports.js';

function modelsLog(f: DaemonFixture): Record<string, unknown>[] {
  return readFileSync(homePaths(f.home).daemonLog, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e['module'] === 'models');
}

let f: DaemonFixture;
let deadUrl: string;
beforeAll(async () => {
  f = await fixture('cowork-provider-errors-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([{ status: 401 }, { status: 404 }])
    .start();
  deadUrl = `http://127.0.0.1:${await freePort()}/v1`;
});

describe('cowork provider probe', () => {
  it('fails for a server that refuses connections, naming it, with a hint, exit 1, logged', async () => {
    const added = await cowork([
      ...['provider', 'add', 'dead', '--kind', 'openai-compatible', '--base-url', deadUrl],
      ...['--model', 'm', '--home', f.home],
    ]);
    expect(added.code).toBe(0);
    const probe = await cowork(['provider', 'probe', 'dead', '--model', 'm', '--home', f.home]);
    expect(probe.code).toBe(1);
    expect(probe.stdout).not.toContain('supportsTools');
    expect(probe.stderr).toContain(`dead (model m at ${deadUrl}) failed:`);
    expect(probe.stderr).toContain('ECONNREFUSED');
    expect(probe.stderr).toContain(`Is the server running at ${deadUrl}?`);
    expect(probe.stderr).toContain('(PROVIDER_ERROR)');
    expect(modelsLog(f)).toContainEqual(
      expect.objectContaining({
        msg: 'provider probe failed',
        provider: 'dead',
        model: 'm',
        baseUrl: deadUrl,
      }),
    );
  });

  it('fails for a refused key, then for an unknown model, each with its hint', async () => {
    const key = await cowork(['provider', 'probe', 'replay', '--model', 'm', '--home', f.home]);
    expect(key.code).toBe(1);
    expect(key.stderr).toContain('replay (model m at');
    expect(key.stderr).toContain('Check the key: cowork provider key replay < KEYFILE');
    const model = await cowork(['provider', 'probe', 'replay', '--model', 'nope', '--home', f.home]);
    expect(model.code).toBe(1);
    expect(model.stderr).toContain('Is "nope" a model this provider serves?');
    expect(f.models['replay']!.requests).toHaveLength(2);
    expect(modelsLog(f).filter((e) => e['provider'] === 'replay')).toHaveLength(2);
  });
});

describe('cowork provider add', () => {
  it('refuses a URL without a scheme, naming the field', async () => {
    const r = await cowork([
      ...['provider', 'add', 'ollama', '--kind', 'openai-compatible', '--base-url', 'localhost:11434'],
      ...['--model', 'm', '--home', f.home],
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'Invalid params for "providers.add": baseUrl: must start with http:// or https://',
    );
    expect(await f.client.result('providers.list', {})).not.toMatchObject({
      providers: expect.arrayContaining([expect.objectContaining({ id: 'ollama' })]),
    });
  });
});

describe('invalid params', () => {
  it('name the field and the problem for any method', async () => {
    const r = (await f.client.call('providers.probe', { id: 'replay', model: '' })) as {
      error?: { message: string; data?: unknown };
    };
    expect(r.error?.message).toMatch(/^Invalid params for "providers\.probe": model: .*>=1 characters?\.$/);
  });
});

describe('cowork run on a dead provider', () => {
  it('fails naming the provider and model, with the hint, in the run event and the output', async () => {
    await f.client.result('providers.add', {
      id: 'gone',
      kind: 'openai-compatible',
      baseUrl: deadUrl,
      models: [{ id: 'm' }],
      retries: { max: 0, baseDelayMs: 1 },
    });
    const r = await cowork(['run', 'hello', '--folder', f.folder, '--model', 'gone/m', '--home', f.home]);
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`PROVIDER_ERROR: gone (model m at ${deadUrl}) failed:`);
    expect(out).toContain(`Is the server running at ${deadUrl}?`);
    const { runs } = (await f.client.result('runs.list', {})) as {
      runs: { model: string; error?: string }[];
    };
    expect(runs.find((x) => x.model === 'gone/m')?.error).toContain(`Is the server running at ${deadUrl}?`);
    expect(modelsLog(f)).toContainEqual(
      expect.objectContaining({ msg: 'provider failed', provider: 'gone', code: 'PROVIDER_ERROR' }),
    );
  });
});
