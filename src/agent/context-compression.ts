/**
 * Near 80% of the model's context window, older turns are folded into a short note: the system
 * prompt, the task and the latest turns stay as they were.
 */
import type { RecordedPlan } from '../contracts/index.js';
import type { ModelMessage } from '../models/index.js';

/** For a model whose context window its provider does not say. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;
/** Messages kept as they are when older ones are compressed. */
const KEEP_RECENT = 6;

export interface Compression {
  tokensBefore: number;
  tokensAfter: number;
  foldedMessages: number;
}

const estimate = (ms: ModelMessage[]) => Math.ceil(JSON.stringify(ms).length / 4);

/**
 * Folds older messages in place when they near `window` tokens; says what it did, or undefined when
 * nothing needed folding. `currentPlan` is asked only then: the folded turns may hold the
 * update_plan calls, so the note keeps the plan as it is now.
 */
export function compressContext(
  messages: ModelMessage[],
  window: number,
  currentPlan: () => RecordedPlan | undefined,
): Compression | undefined {
  const before = estimate(messages);
  if (before < window * 0.8 || messages.length <= KEEP_RECENT + 3) return undefined;
  // Keep whole exchanges: the kept tail must start at an assistant message, never at tool results.
  let cut = messages.length - KEEP_RECENT;
  while (cut > 2 && messages[cut]!.role !== 'assistant') cut--;
  if (cut <= 2) return undefined;
  const older = messages.slice(2, cut);
  const lines = older.flatMap((m) =>
    m.role === 'assistant'
      ? (m.toolCalls ?? []).map((c) => `- called ${c.name} ${JSON.stringify(c.arguments).slice(0, 120)}`)
      : m.role === 'tool'
        ? m.results.map((r) => `  → ${r.isError ? 'failed' : 'ok'}: ${r.text.split('\n')[0]!.slice(0, 120)}`)
        : [],
  );
  const plan = currentPlan();
  const planNote = plan
    ? `\nYour current plan:\n${plan.steps.map((p) => `- [${p.status}] ${p.step}`).join('\n')}`
    : '';
  messages.splice(2, cut - 2, {
    role: 'user',
    text: `[Earlier work, compressed to save context:\n${lines.join('\n')}${planNote}]`,
  });
  return { tokensBefore: before, tokensAfter: estimate(messages), foldedMessages: older.length };
}
