import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../src/contracts/index.js';
import type { ReplayScript } from '../../src/gym/scripted-model/script.js';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import {
  languageModel,
  type ModelChunk,
  PromptRedactor,
  streamTurn,
  type TurnRequest,
} from '../../src/models/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (kind: ProviderConfig['kind'], baseUrl: string): ProviderConfig => ({
  id: kind,
  kind,
  baseUrl,
  authRef: null,
  models: [],
  timeouts: { connectMs: 5000, requestMs: 30_000 },
  retries: { max: 2, baseDelayMs: 10 },
});

async function collect(
  kind: ProviderConfig['kind'],
  script: ReplayScript,
  request: TurnRequest,
  onRetry?: () => void,
) {
  server = await startReplayServer(script);
  const model = await languageModel(provider(kind, `${server.url}/v1`), 'replay-model', 'test-key');
  const chunks: ModelChunk[] = [];
  for await (const c of streamTurn(model, request, {
    retries: 2,
    baseDelayMs: 10,
    ...(onRetry ? { onRetry } : {}),
  }))
    chunks.push(c);
  return chunks;
}

const ask: TurnRequest = {
  messages: [
    { role: 'system', text: 'You are Cowork.' },
    { role: 'user', text: 'Read notes.txt' },
  ],
  tools: [
    {
      name: 'fs_read',
      description: 'Read a file',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  ],
};

const textOf = (chunks: ModelChunk[]) =>
  chunks
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('');

describe.each(['openai', 'anthropic', 'openai-compatible'] as const)(
  '%s adapter against the replay server',
  (kind) => {
    it('streams text and usage', async () => {
      const chunks = await collect(
        kind,
        {
          turns: [
            {
              expect: { contains: ['Read notes.txt'] },
              reply: { text: 'Hello from the replay model.' },
              usage: { input: 12, output: 7 },
            },
          ],
        },
        ask,
      );
      expect(textOf(chunks)).toBe('Hello from the replay model.');
      expect(chunks).toContainEqual({ type: 'usage', tokensIn: 12, tokensOut: 7 });
      expect(chunks.at(-1)).toMatchObject({ type: 'done' });
      expect(server!.requests[0]!.failure).toBeUndefined();
    });

    it('streams tool calls with parsed arguments', async () => {
      const chunks = await collect(
        kind,
        {
          turns: [
            {
              reply: {
                text: 'Let me look.',
                toolCalls: [{ id: 'c1', name: 'fs_read', arguments: { path: 'notes.txt' } }],
              },
            },
          ],
        },
        ask,
      );
      expect(chunks).toContainEqual({
        type: 'tool-call',
        call: { id: 'c1', name: 'fs_read', arguments: { path: 'notes.txt' } },
      });
      expect(JSON.stringify(server!.requests[0]!.body)).toContain('fs_read'); // the tool was offered
    });

    it('retries a 429 and then succeeds', async () => {
      let retries = 0;
      const chunks = await collect(
        kind,
        { turns: [{ status: 429 }, { reply: { text: 'ok now' } }] },
        ask,
        () => retries++,
      );
      expect(retries).toBe(1);
      expect(textOf(chunks)).toBe('ok now');
    });
  },
);

describe('errors', () => {
  it('gives up after the configured retries with a clear error', async () => {
    const chunks = await collect(
      'openai',
      { turns: [{ status: 503 }, { status: 503 }, { status: 503 }] },
      ask,
    );
    expect(chunks).toEqual([expect.objectContaining({ type: 'error', code: 'PROVIDER_ERROR' })]);
  });

  it('does not retry a request the provider rejects as invalid', async () => {
    const chunks = await collect(
      'anthropic',
      { turns: [{ status: 400 }, { reply: { text: 'never' } }] },
      ask,
    );
    expect(chunks).toEqual([expect.objectContaining({ type: 'error', retryable: false })]);
    expect(server!.remaining()).toBe(1);
  });
});

describe('redaction before send', () => {
  const key = 'sk-ant-api03-REALSECRETvalue0123456789abcdefghij';
  const env = 'DATABASE_PASSWORD=hunter2hunter2';

  it('replaces secrets with stable placeholders and restores them in tool arguments', async () => {
    const redactor = new PromptRedactor();
    const { request, redactions } = redactor.redactRequest({
      messages: [{ role: 'user', text: `The key is ${key} and the .env says:\n${env}\nAgain: ${key}` }],
    });
    expect(redactions.map((r) => r.kind).sort()).toEqual(['anthropic-key', 'anthropic-key', 'assignment']);
    const sent = JSON.stringify(request);
    expect(sent).not.toContain('REALSECRET');
    expect(sent).not.toContain('hunter2');
    const placeholder = /\[\[SECRET_1:anthropic-key\]\]/;
    expect(sent.match(new RegExp(placeholder.source, 'g'))).toHaveLength(2); // stable: same secret, same placeholder

    server = await startReplayServer({
      turns: [
        {
          expect: { lacks: ['REALSECRET', 'hunter2'], contains: ['[[SECRET_1:anthropic-key]]'] },
          reply: {
            toolCalls: [
              {
                name: 'fs_write',
                arguments: {
                  path: '.env',
                  content: 'KEY=[[SECRET_1:anthropic-key]]\nDATABASE_PASSWORD=[[SECRET_2:assignment]]',
                },
              },
            ],
          },
        },
      ],
    });
    const model = await languageModel(provider('anthropic', `${server.url}/v1`), 'replay-model', 'k');
    const calls = [];
    for await (const c of streamTurn(model, request, { retries: 0, baseDelayMs: 1 }))
      if (c.type === 'tool-call') calls.push(c.call);
    expect(server.requests[0]!.failure).toBeUndefined();
    expect(redactor.restore(calls[0]!.arguments)).toEqual({ path: '.env', content: `KEY=${key}\n${env}` });
  });
});

describe('npm run replay-llm', () => {
  it('serves a script from the command line', async () => {
    const { spawn } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = tempDir('cowork-replay-');
    const file = join(dir, 'script.json');
    writeFileSync(file, JSON.stringify({ models: ['m1'], turns: [{ reply: { text: 'hi' } }] }));
    const child = spawn(process.execPath, [
      join(import.meta.dirname, '..', '..', 'dist', 'replay-llm.mjs'),
      '--script',
      file,
    ]);
    try {
      const line = await new Promise<string>((resolve) =>
        child.stdout.once('data', (d) => resolve(String(d))),
      );
      const ready = JSON.parse(line) as { url: string };
      const models = (await (await fetch(`${ready.url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).toEqual(['m1']);
    } finally {
      child.kill();
    }
  });
});

describe('local servers and capabilities', () => {
  it('detects a running OpenAI-compatible or Ollama server and lists its models', async () => {
    const { detectLocalServers } = await import('../../src/models/index.js');
    server = await startReplayServer({ models: ['llama3.2', 'qwen2.5-coder'], turns: [] });
    const found = await detectLocalServers([
      { name: 'ollama', baseUrl: `${server.url}/v1`, ollama: true },
      { name: 'lmstudio', baseUrl: `${server.url}/v1` },
      { name: 'nothing-here', baseUrl: 'http://127.0.0.1:9/v1' },
    ]);
    expect(found).toEqual([
      { name: 'ollama', baseUrl: `${server.url}/v1`, models: ['llama3.2', 'qwen2.5-coder'] },
      { name: 'lmstudio', baseUrl: `${server.url}/v1`, models: ['llama3.2', 'qwen2.5-coder'] },
    ]);
  });

  it('probes whether a model calls tools', async () => {
    const { probeCapabilities } = await import('../../src/models/index.js');
    server = await startReplayServer({
      turns: [{ reply: { toolCalls: [{ name: 'ping', arguments: {} }] } }],
    });
    expect(
      await probeCapabilities(provider('openai-compatible', `${server.url}/v1`), 'm', undefined),
    ).toMatchObject({ supportsTools: true, supportsStreaming: true });
    await server.close();
    server = await startReplayServer({ turns: [{ reply: { text: 'I cannot do that.' } }] });
    expect(
      await probeCapabilities(provider('openai-compatible', `${server.url}/v1`), 'm', undefined),
    ).toMatchObject({ supportsTools: false });
  });

  it('says a model cannot call tools when its server answers so (Ollama’s 400), without failing', async () => {
    const { createServer } = await import('node:http');
    const ollama = createServer((_req, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: { message: 'registry.ollama.ai/library/gemma:2b does not support tools' },
        }),
      ),
    );
    await new Promise<void>((resolve) => ollama.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = ollama.address() as { port: number };
      const { probeCapabilities } = await import('../../src/models/index.js');
      expect(
        await probeCapabilities(
          provider('openai-compatible', `http://127.0.0.1:${port}/v1`),
          'gemma:2b',
          undefined,
        ),
      ).toMatchObject({ supportsTools: false, detail: expect.stringContaining('does not support tools') });
    } finally {
      await new Promise((resolve) => ollama.close(resolve));
    }
  });
});

describe('timeouts and cancel', () => {
  it('fails a turn that takes longer than the request timeout, as TIMEOUT', async () => {
    server = await startReplayServer({
      turns: [{ reply: { text: 'slow slow slow slow slow slow' }, chunkDelayMs: 500 }],
    });
    const model = await languageModel(provider('openai-compatible', `${server.url}/v1`), 'm', undefined);
    const chunks: ModelChunk[] = [];
    for await (const c of streamTurn(model, ask, { retries: 0, baseDelayMs: 1, timeoutMs: 300 }))
      chunks.push(c);
    expect(chunks.at(-1)).toMatchObject({ type: 'error', code: 'TIMEOUT' });
  });

  it('stops a turn when cancelled, as CANCELLED', async () => {
    server = await startReplayServer({
      turns: [{ reply: { text: 'slow slow slow slow slow slow' }, chunkDelayMs: 300 }],
    });
    const model = await languageModel(provider('anthropic', `${server.url}/v1`), 'm', 'k');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const chunks: ModelChunk[] = [];
    for await (const c of streamTurn(model, ask, { retries: 0, baseDelayMs: 1, signal: controller.signal }))
      chunks.push(c);
    expect(chunks.at(-1)).toMatchObject({ type: 'error', code: 'CANCELLED' });
  });
});

describe("the person's own redaction patterns", () => {
  it('redacts what they add, and rejects a malformed list', async () => {
    const { customPatterns } = await import('../../src/models/index.js');
    const redactor = new PromptRedactor(customPatterns([{ kind: 'employee-id', pattern: 'EMP-[0-9]{6}' }]));
    const { request, redactions } = redactor.redactRequest({
      messages: [{ role: 'user', text: 'Badge EMP-123456 please' }],
    });
    expect(JSON.stringify(request)).not.toContain('EMP-123456');
    expect(redactions).toEqual([{ kind: 'employee-id', where: 'message 0 (user)' }]);
    expect(redactor.restore('[[SECRET_1:employee-id]]')).toBe('EMP-123456');
    expect(() => customPatterns({ not: 'a list' })).toThrow(/list/);
    expect(() => customPatterns([{ kind: 'Bad Kind', pattern: 'x' }])).toThrow(/entry 0/);
  });
});
