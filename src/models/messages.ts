/** Cowork's own, narrow view of a conversation and of what a model streams back. */

export interface ToolCallRequest {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** An image or a sound a tool returned (base64), for models that can take it as itself. */
export interface ToolMedia {
  kind: MediaKind;
  mimeType: string;
  data: string;
}
export type MediaKind = 'image' | 'audio';

export interface ToolResultMessage {
  id: string;
  name: string;
  /** Always complete on its own: media are described in it too. */
  text: string;
  isError?: boolean;
  media?: ToolMedia[];
}

export type ModelMessage =
  | { role: 'system'; text: string }
  | { role: 'user'; text: string }
  | { role: 'assistant'; text?: string; toolCalls?: ToolCallRequest[] }
  | { role: 'tool'; results: ToolResultMessage[] };

export interface ModelTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface TurnRequest {
  messages: ModelMessage[];
  tools?: ModelTool[];
  /** The media this model reads in tool results (see media-inputs.ts); others stay text. */
  mediaInputs?: readonly MediaKind[];
  maxOutputTokens?: number;
  temperature?: number;
}

/** What a turn streams: text as it comes, whole tool calls, usage, then done — or an error. */
export type ModelChunk =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; call: ToolCallRequest }
  | { type: 'usage'; tokensIn: number; tokensOut: number }
  | { type: 'done'; finishReason: string }
  | {
      type: 'error';
      code: 'RATE_LIMITED' | 'PROVIDER_ERROR' | 'TIMEOUT' | 'CANCELLED';
      message: string;
      retryable: boolean;
      /** The HTTP status the provider answered with, when it answered at all. */
      status?: number;
    };
