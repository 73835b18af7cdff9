/**
 * `cowork run --resume ID`: the earlier conversation a new run carries on. Every call in it has a
 * result (providers refuse a conversation with an unanswered call), and its system prompt is not
 * carried (the new run has its own).
 */
import { expect, it } from 'vitest';
import { continuedConversation } from '../../src/agent/continued-conversation.js';
import type { ModelMessage } from '../../src/models/index.js';

const call = (id: string, name: string) => ({ id, name, arguments: {} });

it('answers the calls a run ended on, and drops the old system prompt', () => {
  const earlier: ModelMessage[] = [
    { role: 'system', text: 'old system prompt' },
    { role: 'user', text: 'Write a greeting' },
    { role: 'assistant', text: 'Writing it.', toolCalls: [call('a', 'fs_write'), call('b', 'fs_read')] },
    { role: 'tool', results: [{ id: 'a', name: 'fs_write', text: 'created hello.txt' }] },
    { role: 'assistant', toolCalls: [call('c', 'complete_task')] },
  ];
  expect(continuedConversation(earlier)).toEqual([
    { role: 'user', text: 'Write a greeting' },
    earlier[2],
    {
      role: 'tool',
      results: [
        { id: 'a', name: 'fs_write', text: 'created hello.txt' },
        { id: 'b', name: 'fs_read', text: 'Not run: the run ended first.' },
      ],
    },
    earlier[4],
    { role: 'tool', results: [{ id: 'c', name: 'complete_task', text: 'The task was reported done.' }] },
  ]);
});
