/**
 * What a tool call answered, as Cowork's content parts for the model and the tool card: text,
 * images and audio as they came, embedded resources as their text (binary ones by size), links as
 * links, each with the annotations the server gave it; structured content checked against the
 * tool's output schema and given as JSON text when the tool sent nothing else to read.
 */
import type { ValidateFunction } from 'ajv';
import type { ContentPart, ErrorInfo } from '../../contracts/index.js';
import { ContentAnnotations } from '../../contracts/index.js';

interface Block {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  description?: string;
  resource?: { uri: string; mimeType?: string; text?: string; blob?: string };
  annotations?: unknown;
}

/** The server's annotations when they fit the spec's shape; dropped otherwise. */
function annotationsOf(b: Block): { annotations?: ContentPart['annotations'] } {
  if (b.annotations === undefined) return {};
  const parsed = ContentAnnotations.safeParse(b.annotations);
  return parsed.success ? { annotations: parsed.data } : {};
}

const base64Bytes = (data: string) =>
  Math.floor((data.length * 3) / 4) - (data.match(/=+$/)?.[0].length ?? 0);

function part(b: Block): ContentPart {
  const notes = annotationsOf(b);
  switch (b.type) {
    case 'text':
      return { type: 'text', text: b.text ?? '', ...notes };
    case 'image':
    case 'audio':
      return {
        type: b.type,
        mimeType: b.mimeType ?? 'application/octet-stream',
        data: b.data ?? '',
        ...notes,
      };
    case 'resource': {
      const r = b.resource ?? { uri: '' };
      return {
        type: 'resource',
        uri: r.uri,
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
        ...(r.text !== undefined ? { text: r.text } : {}),
        ...(r.blob !== undefined ? { size: base64Bytes(r.blob) } : {}),
        ...notes,
      };
    }
    case 'resource_link':
      return {
        type: 'resource_link',
        uri: b.uri ?? '',
        name: b.name ?? b.uri ?? '',
        ...(b.description ? { description: b.description } : {}),
        ...(b.mimeType ? { mimeType: b.mimeType } : {}),
        ...notes,
      };
    default:
      return { type: 'text', text: `[${String(b.type).slice(0, 50)} content]` };
  }
}

export function toolContent(content: unknown): ContentPart[] {
  return ((content as Block[] | undefined) ?? []).map(part);
}

export interface ToolAnswer {
  content: ContentPart[];
  error?: ErrorInfo;
}

/**
 * A successful answer's structured content against the tool's output schema: a tool that declares
 * one must send it, matching; then the model reads it (as JSON) unless the tool also sent text.
 */
export function withStructured(
  label: string,
  content: ContentPart[],
  structured: unknown,
  validate: ValidateFunction | undefined,
  errorsText: (v: ValidateFunction) => string,
): ToolAnswer {
  if (validate) {
    const problem =
      structured === undefined
        ? `${label} declares an output schema but sent no structured content.`
        : validate(structured)
          ? undefined
          : `${label} answered outside its output schema: ${errorsText(validate)}`;
    if (problem) return { content, error: { code: 'INVALID_OUTPUT', message: problem.slice(0, 2000) } };
  }
  if (structured === undefined || content.some((p) => p.type === 'text')) return { content };
  return { content: [...content, { type: 'text', text: JSON.stringify(structured) }] };
}
