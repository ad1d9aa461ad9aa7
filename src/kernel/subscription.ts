/**
 * Catch-up-then-live subscriptions, shared by every adapter.
 *
 * Delivery never comes from the notification itself: a notification only
 * wakes the loop, which then reads the store from the last delivered
 * position up to the head it observed. So an event appended while the
 * subscription switches from catch-up to live is read exactly once, in
 * order, whichever side of the switch it lands on.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import type { StoredEvent } from './event.js';
import type { ReadAllOptions, SubscribeOptions, Subscription, SubscriptionHandler } from './store.js';

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  readAll(options: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** The last position a subscriber may safely read up to. */
  headPosition(): Promise<number>;
  /**
   * Resolves when the head may have moved past `position` (immediately if it
   * already has), after a poll interval for stores shared across processes, or
   * when `signal` aborts.
   */
  waitForAppend(position: number, signal: AbortSignal): Promise<void>;
}

/**
 * In-process wake-ups for subscriptions: adapters call {@link AppendNotifier.notify}
 * after each commit; waiters resolve at once if the head already moved.
 *
 * @example
 * ```ts
 * const n = new AppendNotifier(0);
 * n.notify(5);
 * await n.wait(4, new AbortController().signal); // resolves immediately
 * ```
 */
export class AppendNotifier {
  private readonly emitter = new EventEmitter<{ appended: [number] }>();
  private latest: number;
  /** Milliseconds after which a waiter resolves anyway (to poll other processes' writes), or undefined for never. */
  private readonly pollMs: number | undefined;

  constructor(initialHead: number, pollMs?: number) {
    this.latest = initialHead;
    this.pollMs = pollMs;
  }

  /** Records that the log now reaches `position` and wakes waiters. */
  notify(position: number): void {
    if (position > this.latest) this.latest = position;
    this.emitter.emit('appended', this.latest);
  }

  /** See {@link SubscriptionSource.waitForAppend}. */
  wait(position: number, signal: AbortSignal): Promise<void> {
    if (this.latest > position || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        this.emitter.off('appended', onAppend);
        signal.removeEventListener('abort', done);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      const onAppend = (head: number): void => {
        if (head > position) done();
      };
      this.emitter.on('appended', onAppend);
      signal.addEventListener('abort', done, { once: true });
      if (this.pollMs !== undefined) timer = setTimeout(done, this.pollMs);
    });
  }
}

/** A subscription the store can stop on close. */
export interface ManagedSubscription extends Subscription {
  /** Stops without waiting (used by `close`). */
  stop(): void;
}

/**
 * Starts a subscription loop over `source`.
 *
 * @example
 * ```ts
 * const sub = startSubscription(source, (e) => console.log(e.position), { fromPosition: 1 });
 * await sub.caughtUp();
 * await sub.unsubscribe();
 * ```
 */
export function startSubscription(
  source: SubscriptionSource,
  handler: SubscriptionHandler,
  options: SubscribeOptions & { readonly batchSize?: number; readonly onStop?: () => void } = {},
): ManagedSubscription {
  const from = options.fromPosition ?? 1;
  if (!Number.isSafeInteger(from) || from < 1) throw new RangeError(`subscribe: fromPosition must be an integer >= 1, got ${String(from)}`);
  const abort = new AbortController();
  let position = from - 1;
  let stopped = false;
  let inHandler = false;
  const waiters: Array<{ target: number; resolve: () => void; reject: (e: unknown) => void }> = [];

  const settleWaiters = (error?: unknown): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (error !== undefined) w.reject(error);
      else if (position >= w.target || stopped) w.resolve();
      else continue;
      waiters.splice(i, 1);
    }
  };

  const readOptions = (fromPosition: number, toPosition: number): ReadAllOptions => {
    const o: { -readonly [K in keyof ReadAllOptions]: ReadAllOptions[K] } = { fromPosition, toPosition };
    if (options.types !== undefined) o.types = options.types;
    if (options.streamPrefix !== undefined) o.streamPrefix = options.streamPrefix;
    if (options.raw !== undefined) o.raw = options.raw;
    if (options.batchSize !== undefined) o.batchSize = options.batchSize;
    return o;
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      const head = await source.headPosition();
      if (stopped) break;
      if (head > position) {
        for await (const event of source.readAll(readOptions(position + 1, head))) {
          if (stopped) break;
          inHandler = true;
          try {
            await handler(event);
          } finally {
            inHandler = false;
          }
          position = event.position;
          settleWaiters();
        }
        if (stopped) break;
        position = head;
        settleWaiters();
      } else {
        await source.waitForAppend(position, abort.signal);
      }
    }
  };

  const done = loop().then(
    () => {
      stopped = true;
      settleWaiters();
      options.onStop?.();
    },
    (error: unknown) => {
      stopped = true;
      settleWaiters(error);
      options.onStop?.();
      options.onError?.(error);
      throw error;
    },
  );
  // The caller may never look at `done`; a failure is still reported through it and onError.
  done.catch(() => undefined);

  const stop = (): void => {
    stopped = true;
    abort.abort();
  };

  return {
    get position() {
      return position;
    },
    done,
    stop,
    async unsubscribe() {
      stop();
      if (!inHandler) await done.catch(() => undefined);
    },
    async caughtUp(target?: number) {
      const t = target ?? (await source.headPosition());
      if (position >= t) return;
      if (stopped) {
        await done;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        waiters.push({ target: t, resolve, reject });
        settleWaiters();
      });
    },
  };
}

/**
 * The live subscriptions of one store: starts each over the store's source
 * (forgetting it when it stops) and stops them all when the store closes.
 * Adapters keep one of these instead of their own bookkeeping.
 *
 * @example
 * ```ts
 * const subs = new SubscriptionSet({ readAll: (o) => store.readAll(o), headPosition: () => store.headPosition(), waitForAppend: (p, s) => notifier.wait(p, s) });
 * const sub = subs.start((e) => console.log(e.position));
 * await subs.stopAll(); // in close()
 * ```
 */
export class SubscriptionSet {
  private readonly live = new Set<ManagedSubscription>();

  constructor(private readonly source: SubscriptionSource) {}

  /** Starts a subscription (see `startSubscription`) and tracks it until it stops. */
  start(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const sub = startSubscription(this.source, handler, { ...options, onStop: () => this.live.delete(sub) });
    this.live.add(sub);
    return sub;
  }

  /** Stops every live subscription and waits for their loops to end (their errors are theirs). */
  async stopAll(): Promise<void> {
    for (const s of this.live) s.stop();
    await Promise.all([...this.live].map((s) => s.done.catch(() => undefined)));
  }
}
