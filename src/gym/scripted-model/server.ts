/**
 * The replay model server: speaks the OpenAI Chat Completions and Anthropic Messages wire
 * protocols (JSON and SSE streaming, tool calls, usage) on loopback, from a script. Cowork's real
 * provider code talks to it in tests; `npm run replay-llm` runs it for driving the app without a key, and `cowork gym run --scripted` plays
 * each scenario's transcript through it (one model name per scenario, see `byModel`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplayScript, ReplayTurn } from './script.js';

export interface RecordedRequest {
  protocol: 'openai' | 'anthropic' | 'embeddings';
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** The turn's expectation that failed, if one did. */
  failure?: string;
}

export interface ReplayServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Turns not played yet. */
  remaining(): number;
  close(): Promise<void>;
}

/** How many model answers the request's conversation already holds (both wire protocols). */
function answersIn(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: string }[]) : [];
  return messages.filter((m) => m.role === 'assistant').length;
}

export async function startReplayServer(script: ReplayScript, port = 0): Promise<ReplayServer> {
  const turns = [...script.turns];
  const byModel = new Map(Object.entries(script.byModel ?? {}).map(([m, t]) => [m, [...t]]));
  const requests: RecordedRequest[] = [];
  const models = [...(script.models ?? ['replay-model']), ...byModel.keys()];

  const server: Server = createServer(async (req, res) => {
    try {
      await route(req, res);
    } catch (err) {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: String(err) } }));
    }
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      return json(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', owned_by: 'replay' })),
      });
    }
    if (req.method === 'GET' && path === '/api/tags')
      return json(res, 200, { models: models.map((name) => ({ name })) });
    if (req.method !== 'POST') return json(res, 404, { error: { message: 'not found' } });
    if (path === '/api/show') {
      if (!script.contextLength) return json(res, 404, { error: 'not ollama' });
      return json(res, 200, {
        model_info: { 'general.architecture': 'llama', 'llama.context_length': script.contextLength },
        capabilities: ['completion', 'tools'],
      });
    }
    const raw = await readBody(req);
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (path === '/api/embed' || path?.endsWith('/embeddings')) {
      requests.push({ protocol: 'embeddings', body, headers: req.headers });
      return embeddings(res, path, body);
    }
    const protocol = path?.endsWith('/messages')
      ? 'anthropic'
      : path?.endsWith('/chat/completions')
        ? 'openai'
        : undefined;
    if (!protocol) return json(res, 404, { error: { message: `no such endpoint ${path}` } });
    const record: RecordedRequest = { protocol, body, headers: req.headers };
    requests.push(record);
    const scripted = nextTurn(raw, body);
    const turn = scripted && withCaptures(scripted, raw);
    if (!turn) {
      record.failure = 'no turns left in the script';
      return json(res, 500, { error: { type: 'replay_exhausted', message: record.failure } });
    }
    const failure = checkExpectations(turn, body);
    if (failure) {
      record.failure = failure;
      return json(res, 400, { error: { type: 'replay_expectation_failed', message: failure } });
    }
    if (turn.status) {
      const headers: Record<string, string> = turn.status === 429 ? { 'retry-after': '0' } : {};
      return json(
        res,
        turn.status,
        { error: { type: 'replay_status', message: `scripted status ${turn.status}` } },
        headers,
      );
    }
    const stream = body.stream === true;
    if (protocol === 'openai')
      return stream ? streamOpenAI(res, turn, body) : json(res, 200, openAIResponse(turn, body));
    return stream ? streamAnthropic(res, turn, body) : json(res, 200, anthropicResponse(turn, body));
  }

  /** The turn for this request: the next one whose `match` (if any) the request contains. */
  function nextTurn(raw: string, body: Record<string, unknown>): ReplayTurn | undefined {
    const fits = (t: ReplayTurn) => t.match === undefined || raw.includes(t.match);
    const own = (typeof body.model === 'string' && byModel.get(body.model)) || turns;
    if (script.keyedBy === 'conversation') return own.filter(fits)[answersIn(body)];
    const i = own.findIndex(fits);
    return i < 0 ? undefined : own.splice(i, 1)[0];
  }

  /** Ollama's `/api/embed` and OpenAI's `/v1/embeddings`, answered with hashed bag-of-words vectors. */
  function embeddings(res: ServerResponse, path: string, body: Record<string, unknown>) {
    const input = typeof body['input'] === 'string' ? [body['input']] : (body['input'] as string[]);
    if (!Array.isArray(input) || typeof body['model'] !== 'string')
      return json(res, 400, { error: { message: 'model and input are required' } });
    if (!models.includes(body['model']))
      return json(res, 404, {
        error: { message: `model "${body['model']}" not found, try pulling it first` },
      });
    const vectors = input.map((text) => hashedEmbedding(text, script.embeddingDims ?? 64));
    if (path === '/api/embed') return json(res, 200, { model: body['model'], embeddings: vectors });
    return json(res, 200, {
      object: 'list',
      model: body['model'],
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: {
        prompt_tokens: input.join(' ').split(/\s+/).length,
        total_tokens: input.join(' ').split(/\s+/).length,
      },
    });
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    remaining: () => [...byModel.values()].reduce((n, t) => n + t.length, turns.length),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function checkExpectations(turn: ReplayTurn, body: Record<string, unknown>): string | undefined {
  const text = JSON.stringify(body);
  for (const s of turn.expect?.contains ?? [])
    if (!text.includes(s)) return `request should contain ${JSON.stringify(s)}`;
  for (const s of turn.expect?.lacks ?? [])
    if (text.includes(s)) return `request must not contain ${JSON.stringify(s)}`;
  if (turn.expect?.model && body.model !== turn.expect.model)
    return `model should be ${turn.expect.model}, got ${String(body.model)}`;
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}

/** Fills "{{name}}" tool-call arguments from the turn's captures, matched against the request. */
function withCaptures(turn: ReplayTurn, requestText: string): ReplayTurn {
  if (!turn.captures || !turn.reply?.toolCalls) return turn;
  const values: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(turn.captures)) {
    const m = new RegExp(pattern).exec(requestText);
    if (m?.[1] !== undefined) values[name] = m[1];
  }
  const fill = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? `{{${k}}}`)
      : Array.isArray(v)
        ? v.map(fill)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
          : v;
  return {
    ...turn,
    reply: {
      ...turn.reply,
      toolCalls: turn.reply.toolCalls.map((c) => ({
        ...c,
        arguments: fill(c.arguments) as Record<string, unknown>,
      })),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const usageOf = (turn: ReplayTurn) => turn.usage ?? { input: 10, output: 5 };
const callsOf = (turn: ReplayTurn) =>
  (turn.reply?.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i + 1}`,
    name: c.name,
    args: JSON.stringify(c.arguments),
  }));
/** Text is streamed in a few pieces, so clients really assemble deltas. */
const pieces = (text: string) => text.match(/.{1,8}/gs) ?? [];

// ---- OpenAI Chat Completions ------------------------------------------------------------------

function openAIResponse(turn: ReplayTurn, body: Record<string, unknown>) {
  const calls = callsOf(turn);
  const u = usageOf(turn);
  return {
    id: 'chatcmpl-replay',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.reply?.text ?? null,
          ...(calls.length
            ? {
                tool_calls: calls.map((c) => ({
                  id: c.id,
                  type: 'function',
                  function: { name: c.name, arguments: c.args },
                })),
              }
            : {}),
        },
        finish_reason: calls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
  };
}

async function streamOpenAI(res: ServerResponse, turn: ReplayTurn, body: Record<string, unknown>) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const base = {
    id: 'chatcmpl-replay',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
  };
  const send = (delta: unknown, finish: string | null = null, extra: Record<string, unknown> = {}) =>
    res.write(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
    );
  send({ role: 'assistant', content: '' });
  for (const piece of pieces(turn.reply?.text ?? '')) {
    if (turn.chunkDelayMs) await sleep(turn.chunkDelayMs);
    send({ content: piece });
  }
  const calls = callsOf(turn);
  calls.forEach((c, index) => {
    send({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] });
    for (const piece of pieces(c.args)) send({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  send({}, calls.length ? 'tool_calls' : 'stop');
  const u = usageOf(turn);
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
    res.write(
      `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } })}\n\n`,
    );
  }
  res.end('data: [DONE]\n\n');
}

// ---- Anthropic Messages -----------------------------------------------------------------------

function anthropicResponse(turn: ReplayTurn, body: Record<string, unknown>) {
  const calls = callsOf(turn);
  const u = usageOf(turn);
  return {
    id: 'msg_replay',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [
      ...(turn.reply?.text ? [{ type: 'text', text: turn.reply.text }] : []),
      ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: JSON.parse(c.args) })),
    ],
    stop_reason: calls.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: u.input, output_tokens: u.output },
  };
}

async function streamAnthropic(res: ServerResponse, turn: ReplayTurn, body: Record<string, unknown>) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const event = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const u = usageOf(turn);
  event('message_start', {
    message: {
      id: 'msg_replay',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: u.input, output_tokens: 1 },
    },
  });
  let index = 0;
  if (turn.reply?.text) {
    event('content_block_start', { index, content_block: { type: 'text', text: '' } });
    for (const piece of pieces(turn.reply.text)) {
      if (turn.chunkDelayMs) await sleep(turn.chunkDelayMs);
      event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
    }
    event('content_block_stop', { index });
    index++;
  }
  const calls = callsOf(turn);
  for (const c of calls) {
    event('content_block_start', {
      index,
      content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} },
    });
    for (const piece of pieces(c.args))
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
    event('content_block_stop', { index });
    index++;
  }
  event('message_delta', {
    delta: { stop_reason: calls.length ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: u.output },
  });
  event('message_stop', {});
  res.end();
}

/** A deterministic stand-in for an embedding model: each word adds ±1 to a hashed dimension. */
export function hashedEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 1) % dims]! += h & 1 ? 1 : -1;
  }
  return v;
}
