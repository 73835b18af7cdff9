import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CodeRequest, codeRequest, codeText } from '../../src/cli/commands/code.js';

const here = resolve('.');

describe('cowork code: from the command line to a request', () => {
  it('def and refs take a name or FILE:LINE[:COL]; the folder is the current one unless --folder', () => {
    expect(codeRequest(['def', 'Router.choose'], {})).toEqual({
      method: 'code.definition',
      params: { folder: here, symbol: 'Router.choose' },
    });
    expect(codeRequest(['refs', 'src/a.ts:12:5'], { folder: '/x' })).toEqual({
      method: 'code.references',
      params: { folder: '/x', path: resolve('src/a.ts'), line: 12, column: 5 },
    });
    expect(codeRequest(['def', 'a.ts:3'], {}).params).toEqual({
      folder: here,
      path: resolve('a.ts'),
      line: 3,
    });
  });

  it('symbols checks --kind; map sends existing files as absolute paths and names as they are', () => {
    expect(codeRequest(['symbols', 'choose'], { kind: 'method', path: 'src' }).params).toEqual({
      folder: here,
      query: 'choose',
      kind: 'method',
      path: resolve('src'),
    });
    expect(() => codeRequest(['symbols', 'x'], { kind: 'gadget' })).toThrow(/--kind must be one of/);
    expect(codeRequest(['map', 'package.json', 'Router'], { tokens: '500' }).params).toEqual({
      folder: here,
      focus: [resolve('package.json'), 'Router'],
      tokens: 500,
    });
    expect(() => codeRequest(['map'], { tokens: 'lots' })).toThrow(/--tokens/);
    expect(codeRequest(['impact', 'package.json'], {}).params).toEqual({
      folder: here,
      path: resolve('package.json'),
    });
    expect(codeRequest(['impact', 'Router'], {}).params).toEqual({ folder: here, symbol: 'Router' });
  });

  it('a missing argument or an unknown subcommand is a usage error', () => {
    for (const args of [[], ['def'], ['refs'], ['outline'], ['symbols'], ['fly']])
      expect(() => codeRequest(args, {})).toThrow(/usage: cowork code/);
  });
});

describe('cowork code: what a person reads', () => {
  const request = (method: CodeRequest['method']) => ({ method, params: { folder: '/r' } }) as CodeRequest;
  it('places relative to the folder, one a line, and says when more were cut', () => {
    expect(
      codeText(request('code.references'), {
        references: [{ path: '/r/src/a.ts', line: 2, column: 3, lineText: '  go()', name: 'go' }],
        truncated: true,
        source: 'index',
      }),
    ).toBe('src/a.ts:2:3  go()\n(more not shown)');
    expect(
      codeText(request('code.impact'), {
        files: ['/r/b.ts', '/elsewhere/c.ts'],
        symbols: ['main'],
        cycles: [['/r/b.ts', '/r/c.ts']],
      }),
    ).toBe('affects 2 files\n  b.ts\n  /elsewhere/c.ts\nused in: main\nimport cycle: b.ts → c.ts');
  });
});
