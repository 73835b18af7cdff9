import type { LogEvent } from '../contracts/index.js';
import type { EventLog } from '../store/index.js';

/** What a subscription needs from its connection: a way to send, and to wait for the socket to drain. */
export interface EventSink {
  send(event: LogEvent, subscriptionId: string): void;
  /** Several events in one message (a batched replay). */
  sendBatch(events: LogEvent[], subscriptionId: string): void;
  /** True while the socket's send buffer is above its high-water mark. */
  congested(): boolean;
  /** Runs `fn` once the send buffer has drained below its low-water mark. */
  whenDrained(fn: () => void): void;
}

const PAGE = 256;

/**
 * Delivers every event after a sequence, exactly once and in order: first a replay from the
 * store, then live events. When the client reads slowly, the subscription stops sending and
 * later resumes from the store at its cursor — memory stays bounded by the socket's high-water
 * mark, however far behind the client is. A batched subscription replays a page per message.
 */
export class EventSubscription {
  #cursor: number;
  /** True until start() and while reading from the store; live events wait for the pump. */
  #catchingUp = true;
  #waitingForDrain = false;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(
    readonly id: string,
    after: number,
    private readonly log: EventLog,
    private readonly sink: EventSink,
    private readonly typePrefixes: readonly string[] | undefined,
    private readonly batch = false,
  ) {
    this.#cursor = after;
    this.#unsubscribe = log.subscribe((event) => this.#onAppended(event));
  }

  /** Starts the replay; call after the subscribe result was sent, so it arrives first. */
  start(): void {
    this.#pump();
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
  }

  #onAppended(event: LogEvent): void {
    if (this.#closed || event.sequence <= this.#cursor) return;
    if (this.#catchingUp || this.#waitingForDrain) return; // the pump will read it from the store
    if (event.sequence !== this.#cursor + 1 || this.sink.congested()) {
      this.#pump();
      return;
    }
    this.#deliver(event);
  }

  #pump(): void {
    if (this.#closed || this.#waitingForDrain) return;
    this.#catchingUp = true;
    while (!this.#closed) {
      if (this.sink.congested()) {
        this.#waitingForDrain = true;
        this.sink.whenDrained(() => {
          this.#waitingForDrain = false;
          this.#pump();
        });
        return;
      }
      const page = this.log.readAfter(this.#cursor, PAGE);
      if (this.batch) this.#deliverPage(page);
      else for (const event of page) this.#deliver(event);
      if (page.length < PAGE) break;
    }
    this.#catchingUp = false;
  }

  #deliver(event: LogEvent): void {
    this.#cursor = event.sequence;
    if (this.#matches(event.type)) this.sink.send(event, this.id);
  }

  #deliverPage(page: LogEvent[]): void {
    const last = page.at(-1);
    if (!last) return;
    this.#cursor = last.sequence;
    const events = page.filter((e) => this.#matches(e.type));
    if (events.length > 0) this.sink.sendBatch(events, this.id);
  }

  #matches(type: string): boolean {
    return this.typePrefixes === undefined || this.typePrefixes.some((p) => type.startsWith(p));
  }
}
