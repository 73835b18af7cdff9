/** A model turn for an MCP server's sampling request: the messages in, the text and model out. */
export type Sampler = (request: {
  server: string;
  systemPrompt?: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
  maxTokens: number;
}) => Promise<{ text: string; model: string }>;
