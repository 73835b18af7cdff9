/**
 * Issue 16: an edited policy.yaml was not picked up until the daemon restarted. Now the file is
 * watched: an edit that compiles decides the next request (and is audited like policy.set), one
 * that does not leaves the policy in force and says why (a policy.refused event and the log).
 * Judged by effect: whether a canary file's bytes come back to a real read through the door.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { homePaths } from '../../src/store/index.js';
import { waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

const CANARY = 'canary bytes 7f3a';

let f: DaemonFixture;
let policyFile: string;
beforeAll(async () => {
  f = await fixture('cowork-policy-watch-').withDaemon().withGrant('rw', { 'canary.txt': CANARY }).start();
  policyFile = homePaths(f.home).policyFile;
  await f.client.result('events.subscribe', { after: 0, types: ['policy.'] });
});

const readCanary = (): Promise<ToolResult> =>
  f.client.result('tools.call', {
    name: 'fs.read',
    arguments: { path: join(f.folder, 'canary.txt') },
    wait: false,
  });
const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
const policyEvents = (type: string) => f.client.events.filter((e) => e.type === type);
const denyCanary = (id: string) =>
  `version: 1\nrules:\n  - id: ${id}\n    action: fs.read\n    match: { paths: ["**/canary.txt"] }\n    decision: deny\n    reason: the canary stays unread\n`;

describe('policy.yaml is watched', () => {
  it('a rule written to the file decides the next request, and the change is audited', async () => {
    const before = await readCanary();
    expect(before.success).toBe(true);
    expect(text(before)).toContain(CANARY);
    const { policyHash: oldHash } = await f.client.result('policy.get', {});

    writeFileSync(policyFile, denyCanary('no-canary'));
    await waitUntil(async () => policyEvents('policy.changed').length > 0, 10_000);
    const denied = await readCanary();
    expect(denied.success).toBe(false);
    expect(denied.error?.code).toBe('PERMISSION_DENIED');
    expect(JSON.stringify(denied)).not.toContain(CANARY);

    const { policyHash } = await f.client.result('policy.get', {});
    expect(policyHash).not.toBe(oldHash);
    expect(policyEvents('policy.changed')[0]?.payload).toEqual({
      action: 'policy.reload',
      target: `policy ${policyHash}`,
    });
    const { entries } = await f.client.result('audit.read', { after: 0, limit: 1000 });
    expect(
      entries.some(
        (e) => e.action === 'policy.reload' && e.target === `policy ${policyHash}` && e.actor === 'user',
      ),
    ).toBe(true);

    // Deleting the rule from the file lets the read through again.
    writeFileSync(policyFile, 'version: 1\nrules: []\n');
    await waitUntil(async () => policyEvents('policy.changed').length > 1, 10_000);
    expect(text(await readCanary())).toContain(CANARY);
  });

  it('a broken edit keeps the policy in force and says why, in an event and the log', async () => {
    writeFileSync(policyFile, denyCanary('no-canary-again'));
    await waitUntil(async () => policyEvents('policy.changed').length > 2, 10_000);
    const { policyHash } = await f.client.result('policy.get', {});
    expect((await readCanary()).error?.code).toBe('PERMISSION_DENIED');

    // A rule that would allow the read, but with a decision the language does not have.
    writeFileSync(policyFile, denyCanary('broken').replace('decision: deny', 'decision: maybe'));
    await waitUntil(async () => policyEvents('policy.refused').length > 0, 10_000);
    const refused = policyEvents('policy.refused')[0]!.payload as {
      file: string;
      message: string;
      policyHash: string;
    };
    expect(refused).toMatchObject({ file: policyFile, policyHash });
    expect(refused.message).toMatch(/decision/);
    expect((await f.client.result('policy.get', {})).policyHash).toBe(policyHash);
    const still = await readCanary();
    expect(still.error?.code).toBe('PERMISSION_DENIED');
    expect(JSON.stringify(still)).not.toContain(CANARY);
    await waitUntil(
      async () =>
        readFileSync(homePaths(f.home).daemonLog, 'utf8').includes('previous policy stays in force'),
      5_000,
    );

    // Not YAML at all: the same refusal.
    writeFileSync(policyFile, 'rules: [unclosed\n');
    await waitUntil(async () => policyEvents('policy.refused').length > 1, 10_000);
    expect((await readCanary()).error?.code).toBe('PERMISSION_DENIED');
  });

  it('policy.set writes the file the watcher reads: one change reported, not two', async () => {
    const changes = policyEvents('policy.changed').length;
    const { policyHash } = await f.client.result('policy.set', { text: 'version: 1\nrules: []\n' });
    // Two poll intervals and more: the watcher has seen the file Cowork wrote.
    await new Promise((r) => setTimeout(r, 1_000));
    const after = policyEvents('policy.changed').slice(changes);
    expect(after.map((e) => (e.payload as { action: string }).action)).toEqual(['policy.set']);
    expect((await f.client.result('policy.get', {})).policyHash).toBe(policyHash);
    expect(text(await readCanary())).toContain(CANARY);
  });
});
