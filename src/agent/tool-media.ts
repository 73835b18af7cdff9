/**
 * The images and sounds of a tool result that may go to the model as themselves (when its provider
 * takes them: models/media-inputs.ts). Bounded, since they are kept in the run's journal and
 * conversation: at most 4 parts of at most 1.5 MB each; the rest stay described in the text.
 */
import type { ToolResult } from '../contracts/index.js';
import type { ToolMedia } from '../models/index.js';

const MAX_PARTS = 4;
const MAX_BASE64 = 2 * 1024 * 1024;

export function mediaOf(result: ToolResult): { media?: ToolMedia[] } {
  if (!result.success) return {};
  const media: ToolMedia[] = [];
  for (const c of result.content) {
    if ((c.type !== 'image' && c.type !== 'audio') || c.data.length > MAX_BASE64) continue;
    media.push({ kind: c.type, mimeType: c.mimeType, data: c.data });
    if (media.length === MAX_PARTS) break;
  }
  return media.length ? { media } : {};
}
