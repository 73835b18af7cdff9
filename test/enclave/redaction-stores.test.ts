/**
 * Redaction by effect: commands carrying secrets go through the door (they ask; nobody answers),
 * then the raw bytes of every store are searched — the SQLite file and its WAL, the audit export,
 * the data export archive. Not one secret may appear anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homePaths, prepareExport } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

const alnum = (n: number, seed: number) =>
  Array.from(
    { length: n },
    (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[(i * 7 + seed) % 62],
  ).join('');

const GHP = `ghp_${alnum(36, 3)}`;
const NPM = `npm_${alnum(36, 11)}`;
const PASSWORD = 'hunter2-Xq9';
const BASIC = Buffer.from(`bob:${PASSWORD}`).toString('base64');
/** What must never be found: the tokens, and the tails a cut would leave. */
const NEEDLES = [GHP, GHP.slice(4, 30), GHP.slice(-12), NPM.slice(4), PASSWORD, BASIC.slice(0, 12)];

async function dataExportBytes(s: Sandbox): Promise<Buffer> {
  const prepared = await prepareExport(homePaths(s.data), s.db, 'test');
  const chunks: Buffer[] = [];
  for await (const c of prepared.stream()) chunks.push(c as Buffer);
  return gunzipSync(Buffer.concat(chunks));
}

function expectNoSecret(where: string, bytes: Buffer) {
  for (const needle of NEEDLES) expect(bytes.includes(needle), `${where} holds ${needle}`).toBe(false);
}

let s: Sandbox;
beforeEach(() => {
  s = makeSandbox();
});
afterEach(() => s.close());

describe('secrets typed in commands are stored nowhere', () => {
  it('audit log, approvals, events, the WAL, the audit export and the data export', async () => {
    const commands = [
      `curl -H 'Authorization: token ${GHP}' https://api.github.com/user`,
      `curl -u bob:${PASSWORD} https://example.com/private`,
      `curl -H 'Authorization: Basic ${BASIC}' https://example.com/x`,
      `npm config set //registry.npmjs.org/:_authToken ${NPM} && curl https://registry.npmjs.org/`,
      // the token straddles the 2,000-character cut of the audit target
      `curl https://example.com/${'a'.repeat(2000 - 'curl https://example.com/'.length - 20)} ${GHP}`,
    ];
    for (const command of commands) {
      const r = await s.call('exec', { command }, { wait: false });
      expect(r.error?.code, command.slice(0, 60)).toBe('PERMISSION_ESCALATION_REQUIRED');
    }
    // an argv call, where the password is its own word
    const argv = await s.call(
      'exec',
      { argv: ['curl', '-u', `bob:${PASSWORD}`, 'https://x.org'] },
      { wait: false },
    );
    expect(argv.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    // what the agent runner records of a tool call (same event log as the door's)
    s.events.append({
      type: 'run.tool_call',
      sessionId: 's1',
      payload: { runId: 'r1', callId: 'c1', tool: 'exec', arguments: { command: commands[0] } },
    });

    expect(s.enclave.approvals.listPending().length).toBe(commands.length + 1);
    const audit = join(s.root, 'audit.jsonl');
    s.enclave.audit.exportTo(audit);
    expectNoSecret('audit export', readFileSync(audit));
    expectNoSecret('data export', await dataExportBytes(s));
    const db = homePaths(s.data).database;
    expectNoSecret('cowork.db-wal', existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`) : Buffer.alloc(0));
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    expectNoSecret('cowork.db', readFileSync(db));
    // … and the record still says what was asked
    const targets = [...s.enclave.audit.entriesAfter(0)].map((e) => e.target).join('\n');
    expect(targets).toContain('Authorization: token [REDACTED:');
    expect(targets).toContain('curl -u bob:[REDACTED:user-password]');
  });
});
