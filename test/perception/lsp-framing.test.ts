/**
 * The pieces under the client: the base framing (messages split across chunks or sharing one,
 * strict about what is not a message) and a WorkspaceEdit read as per-file edits in stable order.
 */
import { describe, expect, it } from 'vitest';
import { encodeMessage, MessageReader } from '../../src/perception/lsp/message-framing.js';
import { fileEditsOf } from '../../src/perception/lsp/workspace-edit.js';

const range = (line: number, character: number, length: number) => ({
  start: { line, character },
  end: { line, character: character + length },
});

describe('the framing', () => {
  it('reads messages however the bytes are chunked, non-ASCII bodies counted in bytes', () => {
    const bytes = Buffer.concat([encodeMessage({ a: 'é→𝄞' }), encodeMessage({ b: 2 }), encodeMessage([3])]);
    for (const size of [1, 2, 7, 64, bytes.length]) {
      const reader = new MessageReader();
      const got: unknown[] = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...reader.push(bytes.subarray(i, i + size)));
      expect(got, `chunks of ${size}`).toEqual([{ a: 'é→𝄞' }, { b: 2 }, [3]]);
    }
  });

  it('refuses a header without a length, an endless header, a body that is not JSON, a frame over the cap', () => {
    expect(() => new MessageReader().push(Buffer.from('Content-Type: x\r\n\r\n{}'))).toThrow(
      expect.objectContaining({ code: 'PARSE_ERROR' }),
    );
    expect(() => new MessageReader().push(Buffer.alloc(5000, 'a'))).toThrow(
      expect.objectContaining({ code: 'PARSE_ERROR' }),
    );
    expect(() => new MessageReader().push(Buffer.from('Content-Length: 3\r\n\r\n{x}'))).toThrow(
      expect.objectContaining({ code: 'PARSE_ERROR' }),
    );
    expect(() => new MessageReader(10).push(Buffer.from('Content-Length: 11\r\n\r\n'))).toThrow(
      expect.objectContaining({ code: 'FRAME_TOO_LARGE' }),
    );
  });
});

describe('a rename’s WorkspaceEdit', () => {
  it('becomes per-file edits by path then position, from `changes` or `documentChanges`', () => {
    const changes = {
      'file:///w/b.ts': [
        { range: range(4, 2, 3), newText: 'y' },
        { range: range(1, 0, 3), newText: 'y' },
      ],
      'file:///w/a.ts': [{ range: range(0, 9, 3), newText: 'y' }],
    };
    const expected = [
      {
        path: '/w/a.ts',
        edits: [{ range: { line: 1, column: 10, endLine: 1, endColumn: 13 }, newText: 'y' }],
      },
      {
        path: '/w/b.ts',
        edits: [
          { range: { line: 2, column: 1, endLine: 2, endColumn: 4 }, newText: 'y' },
          { range: { line: 5, column: 3, endLine: 5, endColumn: 6 }, newText: 'y' },
        ],
      },
    ];
    expect(fileEditsOf({ changes }, '/w')).toEqual(expected);
    const documentChanges = Object.entries(changes).map(([uri, edits]) => ({
      textDocument: { uri, version: null },
      edits,
    }));
    expect(fileEditsOf({ documentChanges }, '/w')).toEqual(expected);
    expect(fileEditsOf(null, '/w')).toEqual([]);
  });

  it('is refused whole for a file operation, an edit outside the root, or a malformed edit', () => {
    const bad = [
      { documentChanges: [{ kind: 'create', uri: 'file:///w/new.ts' }] },
      { changes: { 'file:///w2/a.ts': [{ range: range(0, 0, 1), newText: 'y' }] } },
      { changes: { 'https://x/a.ts': [{ range: range(0, 0, 1), newText: 'y' }] } },
      { changes: { 'file:///w/a.ts': [{ range: { start: { line: -1, character: 0 } }, newText: 'y' }] } },
      { changes: { 'file:///w/a.ts': [{ range: range(0, 0, 1) }] } },
      'edits',
    ];
    for (const answer of bad)
      expect(() => fileEditsOf(answer, '/w'), JSON.stringify(answer)).toThrow(
        expect.objectContaining({ code: 'INVALID_OUTPUT' }),
      );
  });
});
