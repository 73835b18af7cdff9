/**
 * A run that continues another (`cowork run --resume ID`): the earlier run's conversation, after a
 * fresh system prompt, then the new prompt. Every call in it gets a result — a conversation whose
 * last call went unanswered (complete_task ends a run before any result) is refused by providers.
 */
import type { ModelMessage } from '../models/index.js';
import { COMPLETE_TASK } from './runner-tools.js';

export function continuedConversation(earlier: readonly ModelMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  const history = earlier.filter((m) => m.role !== 'system');
  history.forEach((m, i) => {
    out.push(m);
    if (m.role !== 'assistant' || !m.toolCalls?.length) return;
    const next = history[i + 1];
    const answered = new Set(next?.role === 'tool' ? next.results.map((r) => r.id) : []);
    const missing = m.toolCalls.filter((c) => !answered.has(c.id));
    if (missing.length === 0) return;
    const results = missing.map((c) => ({
      id: c.id,
      name: c.name,
      text: c.name === COMPLETE_TASK ? 'The task was reported done.' : 'Not run: the run ended first.',
    }));
    if (next?.role === 'tool') history[i + 1] = { role: 'tool', results: [...next.results, ...results] };
    else out.push({ role: 'tool', results });
  });
  return out;
}
