/**
 * Idempotent appends, shared by every adapter: a retry of an append whose
 * event ids are all stored, with the same content, returns the original
 * result; a reused id with other content is an {@link EventIdConflictError}.
 *
 * @module
 */
import { EventIdConflictError } from './errors.js';
import { jsonEqual } from './json.js';
import type { EncodedWrite } from './prepare-writes.js';
import type { AppendResult } from './store.js';

/** What an adapter found stored under one of the write's event ids. */
export interface StoredIdentity {
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly type: string;
  /** Stored payload, parsed. */
  readonly data: unknown;
  readonly recordedAt: string;
}

/**
 * Decides what an append whose ids (some or all) are already stored means.
 * `stored` holds, for each event of `write` in order, what is stored under its
 * id (`undefined` if nothing). Returns the original result when the whole
 * write is already stored unchanged, `undefined` when none of its ids is
 * stored, and throws {@link EventIdConflictError} otherwise.
 *
 * @example
 * ```ts
 * const original = resolveIdempotentRetry(write, write.events.map((e) => lookup(e.id)));
 * if (original) return original;
 * ```
 */
export function resolveIdempotentRetry(write: EncodedWrite, stored: ReadonlyArray<StoredIdentity | undefined>): AppendResult | undefined {
  const found = stored.filter((s) => s !== undefined).length;
  if (found === 0) return undefined;
  const events = write.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const s = stored[i];
    if (s === undefined) {
      const other = stored.find((x) => x !== undefined)!;
      throw new EventIdConflictError(
        other.id,
        `already stored at ${other.streamId}@${other.version}, but this batch also holds events that are not stored (${e.id}); a retry must resend exactly the original batch`,
      );
    }
    if (s.streamId !== write.streamId) {
      throw new EventIdConflictError(e.id, `already stored in stream ${s.streamId}, not ${write.streamId}`);
    }
    if (s.type !== e.type || !jsonEqual(s.data, e.data)) {
      throw new EventIdConflictError(e.id, `already stored at ${s.streamId}@${s.version} with different content (type ${s.type})`);
    }
    if (i > 0 && s.version !== stored[i - 1]!.version + 1) {
      throw new EventIdConflictError(e.id, `already stored at ${s.streamId}@${s.version}, but not in the order of this batch`);
    }
  }
  const first = stored[0]!;
  const last = stored[stored.length - 1]!;
  return { streamId: write.streamId, nextExpectedVersion: last.version, firstPosition: first.position, lastPosition: last.position, recordedAt: last.recordedAt };
}
