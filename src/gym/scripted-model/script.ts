/**
 * A replay script: the turns a fake model plays, in order, one per request. A turn may check the
 * request it gets (text it must contain or lack — e.g. that a secret was redacted), fail with an
 * HTTP status first (to exercise retries), and reply with text and/or tool calls.
 */
export interface ReplayTurn {
  expect?: { contains?: string[]; lacks?: string[]; model?: string };
  /** Answer this turn with an error status instead (the turn is consumed). */
  status?: number;
  reply?: { text?: string; toolCalls?: { id?: string; name: string; arguments: Record<string, unknown> }[] };
  /** Milliseconds between streamed chunks (for first-token and cancel tests). */
  chunkDelayMs?: number;
  usage?: { input: number; output: number };
  /**
   * Values taken from the request (regex → first group), usable in the reply's tool-call arguments
   * as "{{name}}": a scripted model can refer to an id a tool returned a turn before.
   */
  captures?: Record<string, string>;
  /**
   * Played only for a request whose body contains this text (a task id in a worker's system
   * prompt): concurrent conversations each get their own turns, in their own order.
   */
  match?: string;
}

export interface ReplayScript {
  turns: ReplayTurn[];
  /**
   * `requests` (default): one turn per request, in order. `conversation`: the turn is chosen by
   * the conversation in the request (the number of assistant messages in it), so a request cut off
   * by a kill is answered the same when the resumed run asks again. One run per server.
   */
  keyedBy?: 'requests' | 'conversation';
  /**
   * Turns by model name: a request for a model named here is answered from its own turns (the gym
   * gives each scenario its model, so concurrent scenarios on one server never share a script).
   * Other requests are answered from `turns`.
   */
  byModel?: Record<string, ReplayTurn[]>;
  /** Models the server lists (GET /v1/models, /api/tags); `byModel`'s names are added. */
  models?: string[];
  /** Answered on Ollama's POST /api/show, as `model_info["llama.context_length"]`. */
  contextLength?: number;
  /** Dimensions of the vectors the embeddings endpoints answer with (64). */
  embeddingDims?: number;
}

export function parseScript(json: unknown): ReplayScript {
  const s = json as ReplayScript;
  if (!s || !Array.isArray(s.turns)) throw new Error('a replay script is an object with a "turns" array');
  for (const [model, turns] of Object.entries(s.byModel ?? {}))
    if (!Array.isArray(turns)) throw new Error(`byModel["${model}"] must be an array of turns`);
  return s;
}
