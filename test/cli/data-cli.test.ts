import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { cowork, isAlive, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

let d: TestDaemon;
beforeAll(async () => {
  ({ daemon: d } = await fixture().withDaemon().start());
});

describe('cowork data', () => {
  it('info names the data folder', async () => {
    const r = await cowork(['data', 'info', '--json', '--home', d.home]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ home: d.home });
    const text = await cowork(['data', 'info', '--home', d.home]);
    expect(text.stdout).toContain(`Cowork's data is in ${d.home}`);
  });

  it('backups lists the backups, backup takes one now, restore refuses while the daemon runs', async () => {
    const made = await cowork(['data', 'backup', '--home', d.home]);
    expect(made.code).toBe(0);
    const { name } = JSON.parse(made.stdout) as { name: string };
    const listed = await cowork(['data', 'backups', '--json', '--home', d.home]);
    const { backups } = JSON.parse(listed.stdout) as { backups: { name: string; events: number }[] };
    expect(backups[0]).toMatchObject({ name, events: expect.any(Number) });
    const text = await cowork(['data', 'backups', '--home', d.home]);
    expect(text.stdout).toMatch(new RegExp(`events?  ${name}`));

    const refused = await cowork(['data', 'restore', '--home', d.home]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stop it first.*ALREADY_RUNNING/);
    expect(readdirSync(d.home).filter((n) => n.startsWith('cowork.db.'))).toEqual([]);
  });

  it('delete asks for --yes and then deletes everything and stops the daemon', async () => {
    const refused = await cowork(['data', 'delete', '--home', d.home]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect(isAlive(d.pid)).toBe(true);
    expect(existsSync(homePaths(d.home).database)).toBe(true);

    const done = await cowork(['data', 'delete', '--yes', '--home', d.home]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ home: d.home, stopped: true });
    expect(isAlive(d.pid)).toBe(false);
    expect(readdirSync(d.home)).toEqual([]);
    const status = await cowork(['status', '--json', '--home', d.home]);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false });
  });
});
