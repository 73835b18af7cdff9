/** What a tool call answered, as Cowork's content parts for the model and the tool card. */
import type { ToolResult } from '../../contracts/index.js';

export function toolContent(content: unknown): ToolResult['content'] {
  return ((content as { type: string; text?: string; data?: string; mimeType?: string }[]) ?? []).map((c) =>
    c.type === 'text'
      ? { type: 'text' as const, text: c.text ?? '' }
      : c.type === 'image'
        ? {
            type: 'image' as const,
            mimeType: c.mimeType ?? 'application/octet-stream',
            data: c.data ?? '',
          }
        : { type: 'text' as const, text: JSON.stringify(c) },
  );
}
