import type { LogEntry, LogHub } from '../store/index.js';

/** Batches go out at most this often: a log flood is a few frames a second per client, not thousands. */
const BATCH_MS = 16;
/** Held for a client that is not reading; older ones are dropped and counted. */
const MAX_HELD = 5000;

export interface LogSink {
  notify(
    method: 'logs.batch',
    params: { subscriptionId: string; entries: LogEntry[]; dropped: number },
  ): void;
  congested(): boolean;
}

/** One client's view of the daemon log: the recent entries, then new ones in ~16 ms batches. */
export class LogSubscription {
  #held: LogEntry[] = [];
  #dropped = 0;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    readonly id: string,
    private readonly hub: LogHub,
    private readonly sink: LogSink,
    private readonly filter: { levels?: string[] | undefined; modules?: string[] | undefined },
  ) {}

  start(after: number): void {
    for (const e of this.hub.recent(after)) this.#add(e);
    this.#unsubscribe = this.hub.subscribe((e) => this.#add(e));
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#unsubscribe?.();
  }

  #add(entry: LogEntry): void {
    if (this.filter.levels && !this.filter.levels.includes(entry.level)) return;
    if (this.filter.modules && !this.filter.modules.includes(entry.module)) return;
    this.#held.push(entry);
    if (this.#held.length > MAX_HELD) {
      this.#held.shift();
      this.#dropped++;
    }
    this.#timer ??= setTimeout(() => this.#flush(), BATCH_MS);
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.sink.congested()) {
      this.#timer = setTimeout(() => this.#flush(), BATCH_MS * 4);
      return;
    }
    const entries = this.#held;
    this.#held = [];
    const dropped = this.#dropped;
    this.#dropped = 0;
    if (entries.length > 0 || dropped > 0)
      this.sink.notify('logs.batch', { subscriptionId: this.id, entries, dropped });
  }
}
