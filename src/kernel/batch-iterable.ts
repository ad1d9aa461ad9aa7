/**
 * An `AsyncIterable` served from synchronous batches, for adapters whose
 * driver is synchronous (memory, better-sqlite3). Each `next()` returns an
 * already-resolved promise from the current batch; a new batch is fetched
 * only when the current one is used up. It costs a fraction of an async
 * generator per item (no generator frame, no extra promise per step).
 *
 * @module
 */

const DONE: Promise<IteratorResult<never>> = Promise.resolve({ value: undefined, done: true });

/**
 * Builds an async iterable from a batch source. `nextBatch` returns the next
 * raw items, or `undefined` when there are no more; `map` turns each raw item
 * into what is yielded, when it is reached. Either may throw: the error
 * rejects that `next()` call (items before it were delivered) and ends the
 * iteration.
 *
 * @example
 * ```ts
 * let page = 0;
 * const it = batchIterable(() => (page < 3 ? [page++ * 2, page * 2 - 1] : undefined));
 * for await (const x of it) console.log(x); // 0 1 2 3 4 5
 * ```
 */
export function batchIterable<R, T = R>(nextBatch: () => readonly R[] | undefined, map?: (raw: R) => T): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let batch: readonly R[] | undefined = [];
      let i = 0;
      let finished = false;
      return {
        next(): Promise<IteratorResult<T>> {
          if (finished) return DONE;
          while (batch !== undefined && i >= batch.length) {
            try {
              batch = nextBatch();
            } catch (error) {
              finished = true;
              return Promise.reject(error);
            }
            i = 0;
          }
          if (batch === undefined) {
            finished = true;
            return DONE;
          }
          const raw = batch[i++]!;
          if (map === undefined) return Promise.resolve({ value: raw as unknown as T, done: false });
          try {
            return Promise.resolve({ value: map(raw), done: false });
          } catch (error) {
            finished = true;
            return Promise.reject(error);
          }
        },
        return(): Promise<IteratorResult<T>> {
          finished = true;
          return DONE;
        },
      };
    },
  };
}
