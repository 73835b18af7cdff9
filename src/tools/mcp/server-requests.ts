/**
 * A server's requests to Cowork as its client: use the person's model (sampling) and ask the person
 * (elicitation). Both go to the person first, as approvals.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { Enclave } from '../../enclave/index.js';
import type { Sampler } from '../sampler.js';
import { askElicitation } from './elicitation.js';

export function answerServerRequests(
  name: string,
  client: Client,
  enclave: Enclave,
  sampler: Sampler | undefined,
): void {
  if (sampler) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      const { messages, systemPrompt, maxTokens } = request.params;
      const texts = messages.map((m) => ({
        role: m.role,
        text:
          'text' in m.content && typeof m.content.text === 'string'
            ? m.content.text
            : `[${String((m.content as { type?: string }).type)}]`,
      }));
      const answer = await enclave.askPerson({
        server: name,
        what: 'sampling',
        title: `MCP server ${name} wants to use your model`,
        detail: [
          systemPrompt ? `System: ${systemPrompt}` : '',
          ...texts.map((t) => `${t.role}: ${t.text}`),
          `Up to ${maxTokens} tokens.`,
        ]
          .filter(Boolean)
          .join('\n')
          .slice(0, 20_000),
      });
      if (answer.status !== 'approved')
        throw new McpError(
          ErrorCode.InvalidRequest,
          `The person declined: ${answer.reason ?? answer.status}`,
        );
      const out = await sampler({
        server: name,
        ...(systemPrompt ? { systemPrompt } : {}),
        messages: texts,
        maxTokens,
      });
      return {
        role: 'assistant',
        content: { type: 'text', text: out.text },
        model: out.model,
        stopReason: 'endTurn',
      };
    });
  }
  client.setRequestHandler(ElicitRequestSchema, (request) => askElicitation(name, enclave, request.params));
}
