/**
 * Notes through the daemon: the folder is the person's choice (inside a read-write grant only),
 * and note.create / note.append / note.list write and read there through the door, each written
 * note recorded as an artifact, each step audited as the file operation it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEnvelope } from '../../src/contracts/index.js';
import { sha256 } from '../../src/store/index.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let f: DaemonFixture;
let c: RpcClient;
let notes: string;

beforeAll(async () => {
  f = await fixture('cowork-notes-')
    .withDaemon()
    .withGrant('rw', { 'notes/.keep': '' })
    .withGrant('ro', {}, 'ro')
    .withFolder('outside')
    .start();
  c = f.client;
  notes = join(f.folder, 'notes');
});

const call = (name: string, args: Record<string, unknown>) =>
  c.result('tools.call', { name: `builtin:${name}`, arguments: args, wait: false });
/** A call that asks first: approved once, then retried with its approval (as the UI does). */
async function approved(name: string, args: Record<string, unknown>) {
  const asked = await call(name, args);
  expect(asked.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
  const approvalId = String(asked.error?.details?.['approvalId']);
  await c.result('approvals.decide', { id: approvalId, status: 'approved' });
  return c.result('tools.call', { name: `builtin:${name}`, arguments: args, wait: false, approvalId });
}
const answer = (r: { content: { type: string; text?: string }[] }) => JSON.parse(r.content[0]!.text!);

describe('notes', () => {
  it('says so when no folder is chosen', async () => {
    expect(await c.result('notes.folder', {})).toEqual({ folder: null });
    const r = await call('note.create', { title: 'x', body: 'y' });
    expect(r.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'No notes folder is chosen: choose one in Settings → Notes.',
    });
  });

  it('refuses a folder outside the read-write grants', async () => {
    for (const folder of [f.folders['outside']!, f.folders['ro']!]) {
      await expect(c.result('notes.setFolder', { folder })).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
    }
    expect(await c.result('notes.folder', {})).toEqual({ folder: null });
  });

  it('creates, appends to and lists notes in the chosen folder, as artifacts, audited', async () => {
    expect(await c.result('notes.setFolder', { folder: notes })).toEqual({ folder: notes });
    expect(await c.result('notes.folder', {})).toEqual({ folder: notes });

    const first = await call('note.create', {
      title: 'Meeting notes: Q3',
      body: 'We agreed on **three** things.',
    });
    expect(first.success, JSON.stringify(first.error)).toBe(true);
    const made = answer(first);
    expect(made.path).toBe(join(notes, 'meeting-notes-q3.md'));
    expect(readFileSync(made.path, 'utf8')).toBe('# Meeting notes: Q3\n\nWe agreed on **three** things.\n');
    // The same title again gets a file of its own.
    const second = answer(await call('note.create', { title: 'Meeting notes: Q3', body: '' }));
    expect(second.path).toBe(join(notes, 'meeting-notes-q3-2.md'));

    // Changing a file the agent did not make asks (here the file was made by tools.call, not a run).
    const appended = await approved('note.append', {
      note: 'Meeting notes: Q3',
      text: 'Follow-up: send the deck.',
    });
    expect(appended.success, JSON.stringify(appended.error)).toBe(true);
    const after = readFileSync(made.path);
    expect(after.toString()).toBe(
      '# Meeting notes: Q3\n\nWe agreed on **three** things.\n\nFollow-up: send the deck.\n',
    );
    expect(answer(appended).sha256).toBe(sha256(after));

    const missing = await call('note.append', { note: 'nope.md', text: 'x' });
    expect(missing.error?.code).toBe('RESOURCE_NOT_FOUND');
    expect(existsSync(join(notes, 'nope.md'))).toBe(false);

    const listed = answer(await call('note.list', { limit: 10 }));
    expect(listed.folder).toBe(notes);
    expect(listed.notes.map((n: { name: string; title: string }) => [n.name, n.title]).sort()).toEqual([
      ['meeting-notes-q3-2.md', 'Meeting notes: Q3'],
      ['meeting-notes-q3.md', 'Meeting notes: Q3'],
    ]);

    const { artifacts } = await c.result('artifacts.list', {});
    expect(artifacts.filter((a) => a.kind === 'note').map((a) => [a.tool, a.path, a.sha256])).toEqual(
      expect.arrayContaining([
        ['note.create', made.path, made.sha256],
        ['note.append', made.path, sha256(after)],
      ]),
    );
    const audit = (await c.result('audit.read', { after: 0 })).entries as AuditEnvelope[];
    const results = audit.filter((e) => e.phase === 'result' && e.target?.startsWith(notes));
    expect(new Set(results.map((e) => e.action))).toEqual(
      new Set(['fs.list', 'fs.write', 'fs.append', 'fs.read']),
    );
  });

  it('can be unset', async () => {
    expect(await c.result('notes.setFolder', { folder: null })).toEqual({ folder: null });
    expect((await call('note.list', {})).error?.code).toBe('UNAVAILABLE');
  });
});
