/** What the model sees of one tool result: the start of it, and how to page through the rest. */
import type { ContentPart, ToolResult } from '../contracts/index.js';

const bytesOf = (base64: string) => Math.floor((base64.length * 3) / 4);

/**
 * One content part as text the model reads: resources by their uri and text, links as links, and
 * media described by kind, type and size.
 */
export function partText(c: ContentPart): string {
  switch (c.type) {
    case 'text':
      return c.text;
    case 'image':
    case 'audio':
      return `[${c.type}: ${c.mimeType}, ${bytesOf(c.data)} bytes]`;
    case 'resource': {
      const head = `[resource ${c.uri}${c.mimeType ? ` (${c.mimeType})` : ''}]`;
      if (c.text !== undefined) return `${head}\n${c.text}`;
      return `${head} ${c.size ?? 0} bytes of binary content, not shown`;
    }
    case 'resource_link':
      return `[resource link ${c.uri}: ${c.name}${c.mimeType ? ` (${c.mimeType})` : ''}${c.description ? ` — ${c.description}` : ''}]`;
  }
}

/** The rest is left for paging (fs.read offset, read_output on the spool or blob). */
export const RESULT_CAP_BYTES = 64 * 1024;
export const RESULT_CAP_LINES = 200;

/**
 * At most 64 KB and 200 lines go back to the model; it is told how to see the rest. `keep` stores
 * the full text and returns the ref read_output takes.
 */
export function capForModel(
  result: ToolResult,
  keep: (full: string) => string,
): { text: string; truncated: boolean } {
  const body = result.content.map(partText).join('\n');
  const full = result.success
    ? body
    : `ERROR ${result.error?.code}: ${result.error?.message}${body ? `\n${body}` : ''}`;
  const lines = full.split('\n');
  let text = lines.slice(0, RESULT_CAP_LINES).join('\n');
  if (Buffer.byteLength(text) > RESULT_CAP_BYTES)
    text = Buffer.from(text).subarray(0, RESULT_CAP_BYTES).toString('utf8');
  const truncated = text.length < full.length;
  if (truncated || result.meta.outputSpoolRef) {
    const ref = keep(full);
    text += `\n[truncated: showed ${text.length} characters. Call read_output with ref "${ref}" and an offset to read the rest.]`;
  }
  return { text, truncated };
}
