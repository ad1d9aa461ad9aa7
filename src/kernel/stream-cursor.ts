/**
 * Where a paged `readStream` stands, for adapters: which versions to ask for
 * next and how many, from the read's bounds and what each page returned.
 *
 * @module
 */
import type { ReadStreamBounds } from './read-options.js';

/** One page to fetch: versions from `from` toward `to` (both inclusive; `from > to` when backward), at most `limit` rows. */
export interface StreamPage {
  readonly from: number;
  readonly to: number;
  readonly limit: number;
}

/**
 * Pages through one stream's versions, forward or backward, up to the read's
 * limit. An adapter asks for the next {@link StreamPage}, fetches the rows
 * whose versions lie between its `from` and `to` in the read's direction (at
 * most `limit`), and reports them with {@link StreamCursor.advance}. A page
 * shorter than asked for ends the read.
 *
 * @example
 * ```ts
 * const cursor = new StreamCursor(validateReadStreamOptions('s', { direction: 'backward', limit: 3 }));
 * cursor.page(100); // { from: 9007199254740991, to: 1, limit: 3 }
 * cursor.advance(3, 10);
 * cursor.page(100); // undefined: the limit is reached
 * ```
 */
export class StreamCursor {
  readonly backward: boolean;
  private next: number;
  private readonly bound: number;
  private remaining: number;
  private asked = 0;
  private done = false;

  /**
   * `clamp`: the stream's version when the read starts, when known. A
   * backward read then starts there at most; `to` also ends a forward read
   * there (a read of a snapshot).
   */
  constructor(bounds: ReadStreamBounds, clamp: { readonly backwardFrom?: number; readonly forwardTo?: number } = {}) {
    this.backward = bounds.backward;
    this.remaining = bounds.limit;
    if (bounds.backward) {
      const from = bounds.from ?? Number.MAX_SAFE_INTEGER;
      this.next = clamp.backwardFrom === undefined ? from : Math.min(from, clamp.backwardFrom);
      this.bound = Math.max(bounds.to ?? 1, 1);
    } else {
      this.next = Math.max(bounds.from ?? 1, 1);
      const to = bounds.to ?? Number.MAX_SAFE_INTEGER;
      this.bound = clamp.forwardTo === undefined ? to : Math.min(to, clamp.forwardTo);
    }
  }

  /** The next page to fetch, of at most `batchSize` rows, or `undefined` when the read is over. */
  page(batchSize: number): StreamPage | undefined {
    if (this.done || this.remaining <= 0 || (this.backward ? this.next < this.bound : this.next > this.bound)) return undefined;
    this.asked = Math.min(this.remaining, batchSize);
    return { from: this.next, to: this.bound, limit: this.asked };
  }

  /** Records the page just fetched: `count` rows, the last of them at `lastVersion`. */
  advance(count: number, lastVersion: number | undefined): void {
    this.remaining -= count;
    if (count < this.asked || lastVersion === undefined) this.done = true;
    else this.next = this.backward ? lastVersion - 1 : lastVersion + 1;
  }
}
