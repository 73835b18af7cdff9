/**
 * The images and sounds of a tool result that may go to the model as themselves (when its provider
 * takes them: models/media-inputs.ts). Bounded, since they are kept in the run's journal and
 * conversation and sent again each turn: at most 4 parts, 2 MB of base64 in all; the rest stay
 * described in the text.
 */
import type { ToolResult } from '../contracts/index.js';
import type { ToolMedia } from '../models/index.js';

const MAX_PARTS = 4;
const MAX_BASE64 = 2 * 1024 * 1024;

export function mediaOf(result: ToolResult): { media?: ToolMedia[] } {
  if (!result.success) return {};
  const media: ToolMedia[] = [];
  let left = MAX_BASE64;
  for (const c of result.content) {
    if ((c.type !== 'image' && c.type !== 'audio') || c.data.length > left) continue;
    media.push({ kind: c.type, mimeType: c.mimeType, data: c.data });
    left -= c.data.length;
    if (media.length === MAX_PARTS) break;
  }
  return media.length ? { media } : {};
}
