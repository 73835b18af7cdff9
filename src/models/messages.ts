/** Cowork's own, narrow view of a conversation and of what a model streams back. */

export interface ToolCallRequest {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ModelMessage =
  | { role: 'system'; text: string }
  | { role: 'user'; text: string }
  | { role: 'assistant'; text?: string; toolCalls?: ToolCallRequest[] }
  | { role: 'tool'; results: { id: string; name: string; text: string; isError?: boolean }[] };

export interface ModelTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface TurnRequest {
  messages: ModelMessage[];
  tools?: ModelTool[];
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
    };
