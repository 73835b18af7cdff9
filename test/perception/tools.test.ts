import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/enclave/index.js';
import { toolResultText } from '../../src/enclave/index.js';
import { codeQueries, codeTools, performCodeQuery } from '../../src/perception/perception-tools.js';
import { fixture } from '../helpers/fixture/index.js';
import { FakeIndex, FakeIndexes } from './fake-index.js';

const files = {
  'src/router.ts': 'export class Router {\n  choose(task) {}\n}\n',
  'src/agent.ts': "import { Router } from './router';\nnew Router().choose(t);\n",
  '.envrc': 'export_token() { echo secret; }\n',
};

function setup() {
  const f = fixture('cowork-code-tools-')
    .withEnclave()
    .withGrant('ro', files)
    .withFolder('outside', { 'leak.ts': 'export function chooseLeak() {}\n' })
    .start();
  const at = (p: string) => join(f.folder, p);
  const leak = join(f.folders['outside']!, 'leak.ts');
  const index = new FakeIndex(f.folder, {
    symbols: [
      {
        name: 'Router',
        kind: 'class',
        path: at('src/router.ts'),
        line: 1,
        endLine: 3,
        signature: 'export class Router {',
      },
      {
        name: 'choose',
        kind: 'method',
        container: 'Router',
        path: at('src/router.ts'),
        line: 2,
        signature: 'choose(task)',
      },
      // What the index must never show: a secret file inside the grant, a file outside every grant.
      { name: 'export_token', path: at('.envrc'), line: 1, signature: 'export_token()' },
      { name: 'chooseLeak', path: leak, line: 1, signature: 'export function chooseLeak()' },
    ],
    references: [
      { name: 'choose', path: at('src/agent.ts'), line: 2, column: 14, lineText: 'new Router().choose(t);' },
      { name: 'choose', path: at('.envrc'), line: 1, column: 1, lineText: 'choose secret' },
      { name: 'choose', path: leak, line: 1, column: 1, lineText: 'choose leak' },
      { name: 'Router', path: at('src/agent.ts'), line: 1, column: 10 },
    ],
    imports: [[at('src/agent.ts'), at('src/router.ts')]],
  });
  const indexes = new FakeIndexes({ [f.folder]: index });
  const tools = Object.fromEntries(codeTools(indexes, f.enclave).map((t) => [t.spec.spec.name, t]));
  const ctx: CallContext = { actor: 'agent', sessionId: null, runId: null, cwd: f.folder };
  const audit = () =>
    [...f.enclave.audit.entriesAfter(0)]
      .filter((e) => e.action.startsWith('code.'))
      .map((e) => [e.action, e.phase, e.decision, e.target]);
  return { f, at, tools, ctx, audit, indexes };
}

describe('the code tools', () => {
  it('are read-only tools the model sees as code_*', () => {
    const { tools } = setup();
    expect(Object.keys(tools).sort()).toEqual([
      'code.definition',
      'code.impact',
      'code.map',
      'code.outline',
      'code.references',
      'code.symbols',
    ]);
    expect(tools['code.map']!.spec.spec.annotations?.readOnly).toBe(true);
    // What the model is given to call them with.
    const schema = tools['code.map']!.spec.spec.inputSchema as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual(['focus', 'path', 'tokens']);
  });

  it('answer as a read of the run’s folder through the door, audited', async () => {
    const { f, tools, ctx, audit } = setup();
    const r = await tools['code.symbols']!.call({ query: 'choose' }, ctx);
    expect(r.error).toBeNull();
    expect(toolResultText(r)).toBe('method Router.choose  src/router.ts:2  choose(task)');
    expect(audit()).toEqual([
      ['code.symbols', 'decision', 'allow', f.folder],
      ['code.symbols', 'result', 'allow', f.folder],
    ]);
  });

  it('never show a secret file or a file outside the grants', async () => {
    const { tools, ctx } = setup();
    const text = async (name: string, args: Record<string, unknown>) =>
      toolResultText(await tools[name]!.call(args, ctx));
    expect(await text('code.symbols', { query: 'export_token' })).toBe('No symbol matches "export_token".');
    expect(await text('code.symbols', { query: 'chooseLeak' })).toBe('No symbol matches "chooseLeak".');
    expect(await text('code.references', { symbol: 'choose' })).toBe(
      'src/agent.ts:2:14  new Router().choose(t);',
    );
    const map = await text('code.map', { tokens: 1000 });
    expect(map).toContain('src/router.ts:');
    expect(map).not.toMatch(/envrc|leak|export_token/);
  });

  it('definition, outline and impact name places relative to the folder, with the line', async () => {
    const { tools, ctx } = setup();
    const text = async (name: string, args: Record<string, unknown>) =>
      toolResultText(await tools[name]!.call(args, ctx));
    expect(await text('code.definition', { path: 'src/agent.ts', line: 2, column: 15 })).toBe(
      'src/router.ts:2:1  choose(task)',
    );
    expect(await text('code.outline', { path: 'src/router.ts' })).toBe(
      '1  export class Router {\n  2  choose(task)',
    );
    expect(await text('code.impact', { path: 'src/router.ts' })).toBe('Affects 1 file:\n  src/agent.ts');
  });

  it('refuse a call naming no target, and a folder outside the grants is denied by the door', async () => {
    const { f, tools, ctx, audit, indexes } = setup();
    const none = await tools['code.definition']!.call({}, ctx);
    expect(none.error?.code).toBe('INVALID_ARGUMENTS');
    const outside = await tools['code.outline']!.call({ path: join(f.folders['outside']!, 'leak.ts') }, ctx);
    expect(outside.error?.code).toBe('PERMISSION_DENIED');
    expect(audit()).toEqual([['code.outline', 'decision', 'deny', join(f.folders['outside']!, 'leak.ts')]]);
    expect(indexes.opened).toEqual([]);
  });

  it('give the RPC the structured answer', async () => {
    const { f, indexes } = setup();
    const person: CallContext = { actor: 'user', origin: 'person', sessionId: null, runId: null };
    const { tool, result } = await performCodeQuery(
      f.enclave,
      indexes,
      { name: 'code.impact', args: { symbol: 'Router' }, folder: f.folder, title: 'impact', ctx: person },
      codeQueries.impact({ symbol: 'Router' }),
    );
    expect(tool.error).toBeNull();
    expect(result).toEqual({ files: [join(f.folder, 'src/agent.ts')], symbols: [], cycles: [] });
  });
});
