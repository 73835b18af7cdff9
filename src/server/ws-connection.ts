import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { WebSocket } from 'ws';
import type { AgentRunner, CheckpointStore } from '../agent/index.js';
import {
  type ClientEventType,
  CoworkError,
  type ErrorInfo,
  type JsonRpcResponse,
  type LogEvent,
  type RpcResult,
} from '../contracts/index.js';
import type { DocumentService, NotesFolder } from '../documents/index.js';
import type { Enclave } from '../enclave/index.js';
import type { LessonStore, MemoryService, PersonaStore, ProposalStore } from '../memory/index.js';
import type { ProviderStore, Router } from '../models/index.js';
import type { CodeIndexes } from '../perception/index.js';
import type { SessionManager } from '../sessions/index.js';
import {
  diskAlarm,
  diskFullError,
  diskFullMessage,
  type EventLog,
  isDiskFull,
  type LogHub,
  type SecretStore,
} from '../store/index.js';
import type { ToolRegistry } from '../tools/index.js';
import type { Workforces } from '../workforce/index.js';
import { agentHandlers } from './agent-handlers.js';
import type { DataControl } from './data-control.js';
import { dataHandlers } from './data-handlers.js';
import { documentHandlers } from './document-handlers.js';
import { enclaveHandlers } from './enclave-handlers.js';
import { type EventSink, EventSubscription } from './event-subscription.js';
import { LogSubscription } from './log-subscription.js';
import { memoryHandlers } from './memory-handlers.js';
import { perceptionHandlers } from './perception-handlers.js';
import { errorResponse, handleFrame, type RpcHandlers } from './rpc-router.js';
import { sessionHandlers, TerminalChannels } from './session-handlers.js';
import { workforceHandlers } from './workforce-handlers.js';

/** Frames above this get a FRAME_TOO_LARGE reply; the socket's hard cap (maxPayload) is higher. */
export const SOFT_FRAME_LIMIT = 1024 * 1024;
/** Above this much unsent data, subscriptions pause and resume from the store later. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
/** A client that lets this much reply data pile up is not reading at all: drop it. */
const ABUSE_LIMIT = 64 * 1024 * 1024;
const MAX_SUBSCRIPTIONS = 32;

export interface ConnectionContext {
  enclave: Enclave;
  tools: ToolRegistry;
  runner: AgentRunner;
  workforces: Workforces;
  providers: ProviderStore;
  router: Router;
  checkpoints: CheckpointStore;
  secrets: SecretStore;
  lessons: LessonStore;
  proposals: ProposalStore;
  personas: PersonaStore;
  memory: MemoryService;
  codeIndexes: CodeIndexes | undefined;
  documents: DocumentService;
  notes: NotesFolder;
  sessions: SessionManager;
  log: EventLog;
  logger: LogHub;
  /** The data folder (where a full disk stops SQLite). */
  home: string;
  data: DataControl;
  /** Asks the daemon to stop (it replies first). */
  requestStop: () => void;
  version: string;
  startedAt: number;
}

/** One WebSocket client: JSON-RPC in, responses and event notifications out. */
export class WsConnection implements EventSink {
  readonly #subscriptions = new Map<string, EventSubscription>();
  readonly #logSubscriptions = new Map<string, LogSubscription>();
  readonly #drainWaiters: (() => void)[] = [];
  readonly #handlers: RpcHandlers;
  readonly #terminals = new TerminalChannels({
    sendBinary: (data) => this.#sendBinary(data),
    congested: () => this.congested(),
    whenDrained: (fn) => this.whenDrained(fn),
  });

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: ConnectionContext,
  ) {
    this.#handlers = this.#createHandlers();
    ws.on('message', (data, isBinary) => void this.#onMessage(data as Buffer, isBinary));
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  close(): void {
    this.#terminals.closeAll();
    for (const sub of this.#logSubscriptions.values()) sub.close();
    this.#logSubscriptions.clear();
    for (const sub of this.#subscriptions.values()) sub.close();
    this.#subscriptions.clear();
    this.#drainWaiters.length = 0;
  }

  // ---- EventSink ----

  send(event: LogEvent, subscriptionId: string): void {
    this.#write({ jsonrpc: '2.0', method: 'events.event', params: { subscriptionId, event } });
  }

  sendBatch(events: LogEvent[], subscriptionId: string): void {
    this.#write({ jsonrpc: '2.0', method: 'events.batch', params: { subscriptionId, events } });
  }

  congested(): boolean {
    return this.ws.bufferedAmount > HIGH_WATER;
  }

  whenDrained(fn: () => void): void {
    if (!this.congested()) fn();
    else this.#drainWaiters.push(fn);
  }

  // ---- internals ----

  async #onMessage(data: Buffer, isBinary: boolean): Promise<void> {
    const after: (() => void)[] = [];
    const sent: (() => void)[] = [];
    let reply: JsonRpcResponse | JsonRpcResponse[] | undefined;
    if (isBinary) {
      reply = errorResponse(
        null,
        'INVALID_REQUEST',
        'Binary frames are not accepted; send JSON-RPC as text.',
      );
    } else if (data.length > SOFT_FRAME_LIMIT) {
      reply = errorResponse(null, 'FRAME_TOO_LARGE', `Frame exceeds ${SOFT_FRAME_LIMIT} bytes.`);
    } else {
      reply = await handleFrame(
        data.toString('utf8'),
        this.#handlers,
        { afterReply: (fn) => after.push(fn), afterSent: (fn) => sent.push(fn) },
        (err) => this.#unexpected(err),
      );
    }
    const whenSent = () => {
      for (const fn of sent) fn();
    };
    if (reply !== undefined) this.#write(reply, whenSent);
    else whenSent();
    for (const fn of after) fn();
  }

  /**
   * A handler's error without a stable code: a full disk (SQLite's or the OS's) is DISK_FULL naming
   * the data folder when the error names no path; anything else is a bug, logged, never shown.
   */
  #unexpected(err: unknown): ErrorInfo {
    if (isDiskFull(err)) {
      const path = (err as { path?: unknown }).path;
      return diskFullError(typeof path === 'string' ? dirname(path) : this.ctx.home).toInfo();
    }
    this.ctx.logger.log('error', 'rpc handler failed', { error: String(err) });
    return { code: 'INTERNAL', message: 'Internal error.' };
  }

  /** `onSent` runs once the frame was handed to the OS, or at once when it cannot be sent. */
  #write(message: unknown, onSent?: () => void): void {
    if (this.ws.readyState !== this.ws.OPEN) {
      onSent?.();
      return;
    }
    if (this.ws.bufferedAmount > ABUSE_LIMIT) {
      this.ctx.logger.log('warn', 'closing a client that does not read its replies');
      this.ws.close(1008, 'client is not reading');
      onSent?.();
      return;
    }
    this.ws.send(JSON.stringify(message), () => {
      this.#afterFlush();
      onSent?.();
    });
  }

  #sendBinary(data: Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > ABUSE_LIMIT) {
      this.ws.close(1008, 'client is not reading');
      return;
    }
    this.ws.send(data, { binary: true }, () => this.#afterFlush());
  }

  #afterFlush(): void {
    if (this.#drainWaiters.length === 0 || this.ws.bufferedAmount > LOW_WATER) return;
    const waiters = this.#drainWaiters.splice(0);
    for (const fn of waiters) fn();
  }

  #createHandlers(): RpcHandlers {
    const { log, version, startedAt } = this.ctx;
    return {
      ...enclaveHandlers(this.ctx.enclave, this.ctx.tools, this.ctx.log),
      ...agentHandlers(
        this.ctx.runner,
        this.ctx.providers,
        this.ctx.enclave,
        this.ctx.checkpoints,
        this.ctx.secrets,
        this.ctx.router,
        log,
        this.ctx.logger,
        this.ctx.workforces,
      ),
      ...memoryHandlers(this.ctx.memory, this.ctx),
      ...perceptionHandlers(this.ctx.codeIndexes, this.ctx.enclave),
      ...documentHandlers(this.ctx.documents, this.ctx.notes),
      ...sessionHandlers(this.ctx.sessions, this.#terminals),
      ...dataHandlers(this.ctx.data, this.ws, this.ctx.requestStop),
      ...workforceHandlers(this.ctx.workforces, this.ctx.enclave),
      'system.ping': () => ({ pong: true }),
      'system.info': () => ({
        version,
        pid: process.pid,
        uptimeMs: Date.now() - startedAt,
        headSequence: log.head(),
        diskFull: diskFullStatus(),
      }),
      'events.subscribe': ({ after, types, batch }, scope) => {
        if (this.#subscriptions.size >= MAX_SUBSCRIPTIONS) {
          throw new CoworkError('CONFLICT', `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection.`);
        }
        const id = randomUUID();
        const sub = new EventSubscription(id, after, log, this, types, batch);
        this.#subscriptions.set(id, sub);
        scope.afterReply(() => sub.start());
        return { subscriptionId: id, head: log.head() };
      },
      'events.unsubscribe': ({ subscriptionId }) => {
        const sub = this.#subscriptions.get(subscriptionId);
        sub?.close();
        return { unsubscribed: this.#subscriptions.delete(subscriptionId) };
      },
      'logs.subscribe': ({ after, levels, modules }, scope) => {
        if (this.#logSubscriptions.size >= MAX_SUBSCRIPTIONS)
          throw new CoworkError('CONFLICT', `At most ${MAX_SUBSCRIPTIONS} log subscriptions per connection.`);
        const id = randomUUID();
        const sink = {
          notify: (method: string, params: unknown) => this.#write({ jsonrpc: '2.0', method, params }),
          congested: () => this.congested(),
        };
        const sub = new LogSubscription(id, this.ctx.logger, sink, { levels, modules });
        this.#logSubscriptions.set(id, sub);
        scope.afterReply(() => sub.start(after));
        return { subscriptionId: id };
      },
      'logs.unsubscribe': ({ subscriptionId }) => {
        this.#logSubscriptions.get(subscriptionId)?.close();
        return { unsubscribed: this.#logSubscriptions.delete(subscriptionId) };
      },
      'events.publish': ({ type, sessionId, payload }) => {
        // EventsPublishParams admits only `client.*` types (checked before this handler runs).
        const event = log.append({ type: type as ClientEventType, sessionId: sessionId ?? null, payload });
        return { sequence: event.sequence };
      },
    };
  }
}

/** The first folder the daemon could not write to for lack of space, said as the UI shows it. */
function diskFullStatus(): RpcResult<'system.info'>['diskFull'] {
  const first = diskAlarm.current()[0];
  return first ? { ...first, message: diskFullMessage(first.folder, first.freeBytes) } : null;
}
