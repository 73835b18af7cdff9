/** A run's events as the report's transcript: the text joined, each call, result, approval and the end. */
import type { LogEvent, TranscriptEntry } from '../contracts/index.js';

const MAX = 4000;
const cut = (s: string) => (s.length > MAX ? `${s.slice(0, MAX)}…` : s);

export function transcriptOf(prompt: string, events: LogEvent[]): TranscriptEntry[] {
  const out: TranscriptEntry[] = [{ kind: 'prompt', text: prompt }];
  for (const { type, payload } of events) {
    const p = payload as Record<string, unknown>;
    const last = out[out.length - 1]!;
    if (type === 'run.text') {
      if (last.kind === 'text') last.text = cut(last.text + String(p.delta));
      else out.push({ kind: 'text', text: String(p.delta) });
    } else if (type === 'run.tool_call')
      out.push({ kind: 'tool_call', text: cut(`${p.tool} ${JSON.stringify(p.arguments)}`) });
    else if (type === 'run.tool_result')
      out.push({ kind: 'tool_result', text: cut(`${p.success ? 'ok' : 'failed'}: ${String(p.preview)}`) });
    else if (type === 'approval.requested')
      out.push({ kind: 'approval', text: cut(`asked: ${approvalTitle(p)}`) });
    else if (type === 'approval.decided')
      out.push({ kind: 'approval', text: `answered: ${approvalStatus(p)}` });
    else if (type === 'run.completed') out.push({ kind: 'end', text: `completed: ${String(p.summary)}` });
    else if (type === 'run.failed' || type === 'run.cancelled')
      out.push({ kind: 'end', text: `${type.slice(4)}: ${String(p.error)}` });
  }
  return out;
}

function approvalTitle(p: Record<string, unknown>): string {
  const a = (p.approval ?? p) as { title?: unknown };
  return String(a.title ?? '');
}

function approvalStatus(p: Record<string, unknown>): string {
  const d = (p.decision ?? p) as { status?: unknown };
  return String(d.status ?? '');
}
