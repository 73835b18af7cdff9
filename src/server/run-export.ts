/**
 * `runs.export`: one run as a Markdown transcript (to read, share, paste in an issue) or as
 * everything recorded of it (JSON: the run, its events, its changes). Built from the event log, so
 * it shows what every client saw.
 */
import type { EventPayload, LogEvent, RpcResult } from '../contracts/index.js';

type RunInfo = RpcResult<'runs.get'>;
type Change = RpcResult<'checkpoints.list'>['checkpoints'][number];
type Usage = RpcResult<'usage.summary'>;

/** Lines of a tool's result kept in the transcript. */
const RESULT_LINES = 20;

const fence = (text: string) => {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}\n${text}\n${ticks}`;
};

export function runMarkdown(
  run: RunInfo,
  events: readonly LogEvent[],
  changes: readonly Change[],
  usage: Usage,
) {
  const title = run.prompt.split('\n')[0]!.slice(0, 120);
  const out = [
    `# ${title}`,
    '',
    `- Run: \`${run.id}\` (session \`${run.sessionId}\`${run.origin ? `, from the ${run.origin.toUpperCase()}` : ''})`,
    `- Status: **${run.status}** · model ${run.model} · mode ${run.mode}`,
    `- Folder: \`${run.folder}\``,
    `- Started ${run.createdAt}, last change ${run.updatedAt}`,
    '',
    '## Prompt',
    '',
    run.prompt,
    '',
    '## Transcript',
    '',
  ];
  let text = '';
  const flush = () => {
    if (text.trim()) out.push(text.trim(), '');
    text = '';
  };
  for (const e of events) {
    if (e.type === 'run.text') {
      text += (e.payload as EventPayload<'run.text'>).delta;
      continue;
    }
    if (e.type === 'run.state' && (e.payload as EventPayload<'run.state'>).state !== 'thinking') flush();
    const line = eventLine(e);
    if (line === undefined) continue;
    flush();
    out.push(line, '');
  }
  flush();
  out.push('## Outcome', '', run.summary ?? run.error ?? run.status, '');
  const kept = changes.filter((c) => !c.undone);
  out.push('## Files changed', '');
  if (kept.length === 0) out.push('None.');
  for (const path of new Set(kept.flatMap((c) => c.paths))) out.push(`- \`${path}\``);
  if (changes.some((c) => c.undone))
    out.push('', `(${changes.filter((c) => c.undone).length} change(s) undone.)`);
  const cost = usage.costUsd === null ? '' : `, $${usage.costUsd.toFixed(4)}`;
  out.push(
    '',
    '## Usage',
    '',
    `${usage.calls} model calls, ${usage.tokensIn} tokens in, ${usage.tokensOut} out${cost}`,
    '',
  );
  return out.join('\n');
}

function eventLine(e: LogEvent): string | undefined {
  switch (e.type) {
    case 'run.tool_call': {
      const p = e.payload as EventPayload<'run.tool_call'>;
      return `**→ ${p.tool.replace(/^builtin:/, '')}** \`${JSON.stringify(p.arguments).slice(0, 300)}\``;
    }
    case 'run.tool_result': {
      const p = e.payload as EventPayload<'run.tool_result'>;
      if (!p.success) return `✗ ${p.error?.code ?? 'failed'}: ${p.error?.message ?? ''}`;
      const lines = p.preview.trimEnd().split('\n');
      if (lines.length === 1 && lines[0] === '') return undefined;
      const more = lines.length > RESULT_LINES ? `\n… ${lines.length - RESULT_LINES} more lines` : '';
      return fence(lines.slice(0, RESULT_LINES).join('\n') + more);
    }
    case 'approval.requested':
      return `> Asked the person: ${(e.payload as EventPayload<'approval.requested'>).approval.title}`;
    case 'approval.decided': {
      const { decision } = e.payload as EventPayload<'approval.decided'>;
      const word =
        decision.status === 'approved'
          ? 'Approved'
          : decision.status === 'expired'
            ? 'Not answered in time'
            : 'Denied';
      return `> ${word}${decision.reason ? `: ${decision.reason}` : ''}`;
    }
    case 'run.failed':
      return `**Failed:** ${(e.payload as EventPayload<'run.failed'>).error}`;
    case 'run.cancelled':
      return '**Cancelled.**';
    case 'run.interrupted':
      return '**Interrupted** (Cowork stopped).';
    case 'run.resumed':
      return '**Resumed.**';
    default:
      return undefined;
  }
}
