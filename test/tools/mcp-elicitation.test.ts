/**
 * Elicitation against the real server-everything: the form the person sees is built from the
 * server's requested schema, a wrong answer is refused by the daemon and can be fixed, and what the
 * server receives (its own "Raw result" echo) is exactly what was submitted, or decline / cancel.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest, RpcParamsInput, ToolResult } from '../../src/contracts/index.js';
import { CLI, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING, nodeServer } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let c: RpcClient;
let home: string;

const call = (name: string, args: Record<string, unknown>) =>
  c.result('tools.call', { name, arguments: args, wait: false });
/** What the server says it received: server-everything echoes the raw elicitation result. */
const received = (r: ToolResult) => {
  const text = r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  return JSON.parse(text.slice(text.indexOf('Raw result:') + 'Raw result:'.length));
};

async function nextQuestion(): Promise<ApprovalRequest> {
  let found: ApprovalRequest | undefined;
  await waitUntil(async () => {
    const { approvals } = await c.result('approvals.list', {});
    found = approvals.find((a) => a.question && !answered.has(a.id));
    return found !== undefined;
  }, 20_000);
  return found!;
}
/** Questions decided (or being decided): the next one is another. */
const answered = new Set<string>();
const decide = (id: string, answer: Omit<RpcParamsInput<'approvals.decide'>, 'id'>) => {
  answered.add(id);
  return c.result('approvals.decide', { id, ...answer });
};

beforeAll(async () => {
  ({ client: c, home } = await fixture('cowork-elicit-').withDaemon().start());
  await c.result('mcp.add', nodeServer('everything', EVERYTHING, 'stdio'));
  await c.result('mcp.enable', { name: 'everything', enabled: true });
  await c.result('policy.set', {
    text: 'version: 1\nrules:\n  - { id: everything-ok, action: mcp.call, match: { mcpServers: [everything] }, decision: allow, reason: trusted }\n',
  });
});

describe('elicitation', () => {
  it("turns the server's schema into a form, refuses a wrong answer, and sends exactly the fixed one", async () => {
    const pending = call('mcp:everything:trigger-elicitation-request', {});
    const approval = await nextQuestion();
    const question = approval.question;
    if (question?.mode !== 'form') throw new Error('expected a form');
    const field = (name: string) => question.fields.find((f) => f.name === name);
    expect(field('name')).toMatchObject({ kind: 'text', required: true, title: 'String' });
    expect(field('email')).toMatchObject({ kind: 'text', format: 'email', required: false });
    expect(field('integer')).toMatchObject({
      kind: 'number',
      integer: true,
      minimum: 1,
      maximum: 100,
      default: 42,
    });
    expect(field('check')).toMatchObject({ kind: 'boolean' });
    expect(field('titledSingleSelectEnum')).toMatchObject({
      kind: 'choice',
      options: [
        { value: 'hero-1', label: 'Superman' },
        { value: 'hero-2', label: 'Green Lantern' },
        { value: 'hero-3', label: 'Wonder Woman' },
      ],
    });
    expect(field('legacyTitledEnum')).toMatchObject({
      kind: 'choice',
      options: expect.arrayContaining([{ value: 'pet-2', label: 'Dogs' }]),
    });
    expect(field('untitledMultipleSelectEnum')).toMatchObject({ kind: 'choices', minItems: 1, maxItems: 3 });

    const wrong = await c.call('approvals.decide', {
      id: approval.id,
      status: 'approved',
      response: { email: 'not-an-address', integer: 500, untitledMultipleSelectEnum: ['Kazoo'] },
    });
    const refused = 'error' in wrong ? wrong.error.data : undefined;
    expect(refused?.code).toBe('INVALID_ARGUMENTS');
    const fields = ((refused?.details?.fields ?? []) as { field: string }[]).map((f) => f.field);
    expect(fields.sort()).toEqual(['email', 'integer', 'name', 'untitledMultipleSelectEnum']);
    // Still open: the person fixes it.
    expect((await c.result('approvals.list', {})).approvals.map((a) => a.id)).toContain(approval.id);

    const answer = {
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      integer: 7,
      check: true,
      titledSingleSelectEnum: 'hero-3',
      untitledMultipleSelectEnum: ['Piano', 'Violin'],
    };
    await decide(approval.id, { status: 'approved', response: answer });
    const r = await pending;
    expect(r.success).toBe(true);
    expect(received(r)).toEqual({ action: 'accept', content: answer });
  });

  it('a refusal reaches the server as decline, a dismissal as cancel', async () => {
    const declined = call('mcp:everything:trigger-elicitation-request', {});
    await decide((await nextQuestion()).id, { status: 'rejected' });
    expect(received(await declined)).toEqual({ action: 'decline' });

    const dismissed = call('mcp:everything:trigger-elicitation-request', {});
    await decide((await nextQuestion()).id, { status: 'rejected', dismissed: true });
    expect(received(await dismissed)).toEqual({ action: 'cancel' });
  });

  it('a URL elicitation is a link the person consents to open', async () => {
    await waitUntil(async () => {
      const { tools } = await c.result('tools.list', {});
      return tools.some((t) => t.id === 'mcp:everything:trigger-url-elicitation');
    }, 10_000);
    const pending = call('mcp:everything:trigger-url-elicitation', {
      url: 'https://example.org/authorize?x=1',
      elicitationId: 'e-1',
    });
    const approval = await nextQuestion();
    expect(approval.question).toEqual({
      mode: 'url',
      server: 'everything',
      message: 'Please open the link to complete this action.',
      url: 'https://example.org/authorize?x=1',
      elicitationId: 'e-1',
    });
    expect(approval.title).toMatch(/open a page on example\.org/);
    await decide(approval.id, { status: 'approved' });
    expect(received(await pending)).toEqual({ action: 'accept' });
  });
});

/** `cowork approvals answer ID` with `lines` typed in (then the end of input). */
function answerInCli(id: string, lines: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'approvals', 'answer', id, '--home', home]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

describe('URL elicitation required (-32042)', () => {
  it('asks the person to open the page; once they consent the call is made again', async () => {
    const pending = call('mcp:everything:trigger-url-elicitation', {
      url: 'https://example.org/sign',
      elicitationId: 'e-2',
      errorPath: true,
    });
    const prerequisite = await nextQuestion();
    expect(prerequisite.question).toMatchObject({ mode: 'url', url: 'https://modelcontextprotocol.io' });
    await decide(prerequisite.id, { status: 'approved' });
    // The retry is recognised by the server, which now asks for its own page (the request path).
    const page = await nextQuestion();
    expect(page.question).toMatchObject({
      mode: 'url',
      url: 'https://example.org/sign',
      elicitationId: 'e-2',
    });
    await decide(page.id, { status: 'approved' });
    const r = await pending;
    expect(r.success).toBe(true);
    expect(received(r)).toEqual({ action: 'accept' });
  });

  it('a declined page leaves the call refused, saying why', async () => {
    const pending = call('mcp:everything:trigger-url-elicitation', {
      url: 'https://example.org/other',
      elicitationId: 'e-3',
      errorPath: true,
    });
    await decide((await nextQuestion()).id, { status: 'rejected' });
    const r = await pending;
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    expect(r.error?.message).toMatch(/open https:\/\/modelcontextprotocol\.io first; you declined/);
  });
});

describe('elicitation in the CLI', () => {
  it('asks field by field, asks again for what the daemon refused, and sends exactly that', async () => {
    const pending = call('mcp:everything:trigger-elicitation-request', {});
    const approval = await nextQuestion();
    // In the server's order: name check firstLine email homepage birthdate integer number
    // untitledSingle untitledMultiple titledSingle titledMultiple legacy; then name and email again.
    const typed = ['', 'y', '', 'bad', '-', '-', '', '-', '3', '2,3', '2', '', '-', 'Ada', 'ada@example.org'];
    const cli = await answerInCli(approval.id, typed);
    expect(cli.stderr).toMatch(/✗ name is required/);
    expect(cli.stderr).toMatch(/✗ email must be a valid email/);
    expect(cli.code).toBe(0);
    expect(received(await pending)).toEqual({
      action: 'accept',
      content: {
        name: 'Ada',
        check: true,
        firstLine: 'It was a dark and stormy night.',
        email: 'ada@example.org',
        integer: 42,
        untitledSingleSelectEnum: 'Joey',
        untitledMultipleSelectEnum: ['Piano', 'Violin'],
        titledSingleSelectEnum: 'hero-2',
        titledMultipleSelectEnum: ['fish-1'],
      },
    });
  });

  it('"!decline" declines; the end of input dismisses (cancel)', async () => {
    const declined = call('mcp:everything:trigger-elicitation-request', {});
    expect((await answerInCli((await nextQuestion()).id, ['Ada', '!decline'])).code).toBe(1);
    expect(received(await declined)).toEqual({ action: 'decline' });
    const dismissed = call('mcp:everything:trigger-elicitation-request', {});
    await answerInCli((await nextQuestion()).id, ['Ada']);
    expect(received(await dismissed)).toEqual({ action: 'cancel' });
  });
});
