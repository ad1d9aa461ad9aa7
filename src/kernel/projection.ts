/**
 * Projections and their runner.
 *
 * A projection is a pure, deterministic fold `{ name, version, handles,
 * initialState, apply }` over the global log. The runner folds from the saved
 * checkpoint, persists `{state, checkpoint}` atomically, rebuilds from zero
 * when the projection's version changes, computes any projection "as known
 * at" a past time, and stops at an event whose handler throws, without moving
 * the checkpoint past it.
 *
 * @module
 */
import { isoTime, systemClock, toEpochMs, type Clock } from './clock.js';
import { isNtmAnttError } from './errors.js';
import type { StoredEvent } from './event.js';
import { deepFreeze } from './json.js';
import type { Projection } from './projection-definition.js';
import type { ClaimedRange, RangeFolder, RangeFoldRequest, RangeFoldResult } from './range-folder.js';

export { defineProjection, type Projection } from './projection-definition.js';
import type { EventStore, ProjectionRecord, ProjectionStatus } from './store.js';

function loadState<S>(p: Projection<S, StoredEvent>, saved: unknown): S {
  return p.codec === undefined ? (saved as S) : p.codec.decode(saved);
}

function saveState<S>(p: Projection<S, StoredEvent>, state: S): unknown {
  return p.codec === undefined ? state : p.codec.encode(state);
}

/** Options of {@link runProjections}. */
export interface RunOptions {
  /** Compute the state as known at this time (fold up to `positionAt(asOf)`); nothing is persisted. */
  readonly asOf?: Date | string | number;
  /** Fold up to this position at most; nothing is persisted. */
  readonly toPosition?: number;
  /** Ignore any saved state and fold from zero (and persist the result unless asOf/toPosition is set). */
  readonly rebuild?: boolean;
  /** Persist after every this many events (at batch ends) as well as at the end. Default: only at the end. */
  readonly checkpointEvery?: number;
  /** Rows per read. */
  readonly batchSize?: number;
  /** Clock for `updatedAt`/`failedAt`. */
  readonly clock?: Clock;
  /** Called after each persisted checkpoint, e.g. to drive a progress bar. */
  readonly onProgress?: (progress: { readonly position: number; readonly head: number }) => void;
  /** Freeze the returned states (default true). */
  readonly freeze?: boolean;
  /**
   * Folds later parts of the log elsewhere (worker threads) for projections
   * that declare `merge`, while this thread folds the first part and the
   * other projections; used when at least `parallel.minSpan` positions are
   * to be folded. If a part fails, those projections are folded here instead.
   */
  readonly parallel?: RangeFolder;
}

/** What one projection's run produced. */
export interface ProjectionRunResult<S> {
  readonly name: string;
  readonly version: number;
  /** The read model (frozen unless `freeze: false`). */
  readonly state: S;
  /** Position of the last event folded in (or passed over). */
  readonly checkpoint: number;
  readonly status: ProjectionStatus;
  /** Events applied by this run. */
  readonly applied: number;
  /** True when the run started from the initial state. */
  readonly rebuilt: boolean;
  /** True when the result was saved. */
  readonly persisted: boolean;
}

interface Slot {
  readonly p: Projection<unknown, StoredEvent>;
  state: unknown;
  checkpoint: number;
  applied: number;
  rebuilt: boolean;
  failure: { position: number; event: StoredEvent; error: unknown } | undefined;
}

const OK: ProjectionStatus = Object.freeze({ kind: 'ok' });

/**
 * Runs one projection. See {@link runProjections}.
 *
 * @example
 * ```ts
 * const now = await runProjection(store, counts);
 * const filed = await runProjection(store, counts, { asOf: '2023-12-15T00:00:00Z' });
 * ```
 */
export async function runProjection<S>(store: EventStore, projection: Projection<S, any>, options: RunOptions = {}): Promise<ProjectionRunResult<S>> {
  const [r] = await runProjections(store, [projection], options);
  return r as ProjectionRunResult<S>;
}

/**
 * Runs several projections in one pass over the log.
 *
 * - Without `asOf`/`toPosition`: each continues from its saved checkpoint (or
 *   rebuilds when its version changed or none is saved), folds to the head,
 *   and saves `{state, checkpoint, status}` atomically.
 * - With `asOf`: folds up to `positionAt(asOf)`; the 2023 report "as filed on
 *   2023-12-15" and "2023 as corrected today" are this call with two cut-offs.
 * - A handler that throws stops that projection at the failing event: its
 *   state and checkpoint are those of the event before, its status is
 *   `failed` with the position, event and error; the others go on. The next
 *   run retries from there.
 *
 * @example
 * ```ts
 * const [counts, trends] = await runProjections(store, [countsProjection, trendsProjection]);
 * if (counts.status.kind === 'failed') console.error(counts.status.error.message);
 * ```
 */
export async function runProjections(
  store: EventStore,
  projections: ReadonlyArray<Projection<any, any>>,
  options: RunOptions = {},
): Promise<Array<ProjectionRunResult<unknown>>> {
  const clock = options.clock ?? systemClock;
  const ephemeral = options.asOf !== undefined || options.toPosition !== undefined;
  const names = new Set<string>();
  for (const p of projections) {
    if (names.has(p.name)) throw new RangeError(`runProjections: projection ${p.name} given twice`);
    names.add(p.name);
  }

  let cutoff = await store.headPosition();
  if (options.asOf !== undefined) cutoff = Math.min(cutoff, await store.positionAt(toEpochMs(options.asOf)));
  if (options.toPosition !== undefined) cutoff = Math.min(cutoff, options.toPosition);

  const slots: Slot[] = [];
  for (const p of projections as ReadonlyArray<Projection<unknown, StoredEvent>>) {
    const saved = options.rebuild === true ? undefined : await store.projections.load(p.name);
    const usable = saved !== undefined && saved.version === p.version && saved.checkpoint <= cutoff;
    const state = usable ? loadState(p, saved.state) : p.initialState();
    const checkpoint = usable ? saved.checkpoint : 0;
    slots.push({ p, state, checkpoint, applied: 0, rebuilt: !usable, failure: undefined });
  }

  const onBatchEnd = (active: Slot[]) => async (position: number) => {
    if (ephemeral) return;
    for (const s of active) if (s.failure === undefined && position > s.checkpoint) s.checkpoint = position;
    await persist(store, slots, clock, false);
    options.onProgress?.({ position, head: cutoff });
  };

  const split = splittable(slots, cutoff, options.parallel);
  if (split === undefined) await fold(store, slots, cutoff, options, onBatchEnd(slots));
  else if (options.parallel!.foldClaimed !== undefined) await foldClaimedParts(store, slots, split, cutoff, options, onBatchEnd);
  else await foldStaticParts(store, slots, split, cutoff, options, onBatchEnd);
  for (const s of slots) if (s.failure === undefined) s.checkpoint = cutoff;
  // A failed projection's working state may hold half of the failing event: refold it cleanly.
  for (const s of slots) if (s.failure !== undefined) await refoldBeforeFailure(store, s, options);
  if (!ephemeral) await persist(store, slots, clock, true);

  const freeze = options.freeze ?? true;
  return slots.map((s) => ({
    name: s.p.name,
    version: s.p.version,
    state: freeze ? deepFreeze(s.state) : s.state,
    checkpoint: s.checkpoint,
    status: statusOf(s, clock),
    applied: s.applied,
    rebuilt: s.rebuilt,
    persisted: !ephemeral,
  }));
}

/** What a run may split: the mergeable slots that start where the fold starts, and the span to fold. */
interface Splittable {
  readonly slots: Slot[];
  readonly from: number;
  readonly span: number;
  readonly folder: RangeFolder;
}

function splittable(slots: Slot[], cutoff: number, folder: RangeFolder | undefined): Splittable | undefined {
  if (folder === undefined || !(folder.concurrency >= 1)) return undefined;
  const from = Math.min(...slots.map((s) => s.checkpoint));
  const mergeable = slots.filter((s) => s.p.merge !== undefined && s.checkpoint === from);
  const span = cutoff - from;
  if (mergeable.length === 0 || span < (folder.minSpan ?? DEFAULT_MIN_SPAN)) return undefined;
  return { slots: mergeable, from, span, folder };
}

type BatchEnd = (active: Slot[]) => (position: number) => Promise<void>;

/**
 * Splits the span into equal parts decided up front: the folder folds the
 * later ones while this thread folds the first part of everything, then the
 * rest of the log for the projections that cannot be split.
 */
async function foldStaticParts(store: EventStore, slots: Slot[], split: Splittable, cutoff: number, options: RunOptions, onBatchEnd: BatchEnd): Promise<void> {
  const count = Math.floor(split.folder.concurrency) + 1;
  const ends = Array.from({ length: count }, (_, i) => (i === count - 1 ? cutoff : split.from + Math.floor((split.span * (i + 1)) / count)));
  const names = split.slots.map((s) => s.p.name);
  const ranges: RangeFoldRequest[] = ends.slice(1).map((end, i) => ({ projections: names, fromPosition: ends[i]! + 1, toPosition: end }));
  const parts = ranges.map((r) => guard(() => split.folder.foldRange(r)));
  await foldFirstPart(store, slots, split, ends[0]!, cutoff, options, onBatchEnd, undefined);
  await mergeParts(store, split.slots, await Promise.all(parts), cutoff, options, onBatchEnd);
}

/**
 * This thread folds from the start at once; each part, when its folder is
 * ready, claims an equal share of what this thread has not folded yet
 * (taken from the end), and this thread stops before it.
 */
async function foldClaimedParts(store: EventStore, slots: Slot[], split: Splittable, cutoff: number, options: RunOptions, onBatchEnd: BatchEnd): Promise<void> {
  const count = Math.floor(split.folder.concurrency);
  const smallest = Math.max(1, Math.floor((split.folder.minSpan ?? DEFAULT_MIN_SPAN) / (count + 1)));
  const names = split.slots.map((s) => s.p.name);
  const control: FoldControl = { stopAt: cutoff, position: split.from, yieldEvery: YIELD_EVERY };
  const claims: Array<{ asked: boolean; range: ClaimedRange | undefined }> = Array.from({ length: count }, () => ({ asked: false, range: undefined }));
  const closing = new AbortController();
  const close = () => closing.abort();
  /** A part has claimed, or settled without claiming: it no longer waits for a share. */
  const answered = (c: (typeof claims)[number]) => {
    c.asked = true;
    if (claims.every((x) => x.asked)) control.yieldEvery = 0;
  };
  const claimer = (c: (typeof claims)[number]) => (): ClaimedRange | undefined => {
    if (c.asked) return c.range;
    answered(c);
    // this part and those still to come share what is left equally with this thread; a share smaller than
    // the parts of a split decided up front is not worth a part's start-up, its merge and its cold code
    const waiting = claims.filter((x) => !x.asked).length;
    const take = closing.signal.aborted ? 0 : Math.floor((control.stopAt - control.position) / (waiting + 2));
    if (take < smallest) return undefined;
    c.range = { fromPosition: control.stopAt - take + 1, toPosition: control.stopAt };
    control.stopAt -= take;
    return c.range;
  };
  const parts = claims.map((c) =>
    guard(() => split.folder.foldClaimed!({ projections: names, claim: claimer(c), signal: closing.signal })).then((r) => {
      if (!c.asked) answered(c);
      return r;
    }),
  );
  try {
    await foldFirstPart(store, slots, split, cutoff, cutoff, options, onBatchEnd, control, close);
  } finally {
    // also when the fold throws: no part may claim for a run that is over
    close();
  }
  // parts that claimed nothing before this thread finished are not waited for (they will be told to skip)
  const taken = claims.flatMap((c, i) => (c.range === undefined ? [] : [{ range: c.range, result: parts[i]! }])).sort((a, b) => a.range.fromPosition - b.range.fromPosition);
  await mergeParts(store, split.slots, await Promise.all(taken.map((t) => t.result)), cutoff, options, onBatchEnd);
}

/**
 * Folds every slot up to `end` (or where `control` stops it), then the rest
 * of the log for the slots that cannot be split.
 */
async function foldFirstPart(
  store: EventStore,
  slots: Slot[],
  split: Splittable,
  end: number,
  cutoff: number,
  options: RunOptions,
  onBatchEnd: BatchEnd,
  control: FoldControl | undefined,
  closed?: () => void,
): Promise<void> {
  await fold(store, slots, end, options, onBatchEnd(slots), control);
  closed?.();
  const firstEnd = control === undefined ? end : control.stopAt;
  for (const s of slots) if (s.failure === undefined && s.checkpoint < firstEnd) s.checkpoint = firstEnd;
  const rest = slots.filter((s) => !split.slots.includes(s));
  await fold(store, rest, cutoff, options, onBatchEnd(rest));
}

/** Merges the parts' states in order into the slots; if any part failed, folds the rest of the log here instead. */
async function mergeParts(store: EventStore, splitSlots: Slot[], results: RangeFoldResult[], cutoff: number, options: RunOptions, onBatchEnd: BatchEnd): Promise<void> {
  const merged = splitSlots.filter((s) => s.failure === undefined);
  if (!results.every((r) => r.ok)) {
    await fold(store, merged, cutoff, options, onBatchEnd(merged));
    return;
  }
  for (const s of merged) {
    for (const r of results) {
      if (!r.ok) continue;
      const saved = r.states[s.p.name];
      s.state = s.p.mergeSaved !== undefined ? s.p.mergeSaved(s.state, saved) : s.p.merge!(s.state, loadState(s.p, saved));
      s.applied += r.applied[s.p.name] ?? 0;
    }
  }
}

/** A folder's promise that never rejects. */
function guard(start: () => Promise<RangeFoldResult>): Promise<RangeFoldResult> {
  const failed = (e: unknown): RangeFoldResult => ({ ok: false, error: { code: 'range_fold_failed', message: String(e) } });
  try {
    return start().catch(failed);
  } catch (e) {
    return Promise.resolve(failed(e));
  }
}

/**
 * Lets another part stop this thread's fold: `stopAt` may be lowered while
 * it runs (never below `position`, the last position folded); every
 * `yieldEvery` events (when > 0) the fold lets the event loop turn so that
 * a ready part's claim is heard.
 */
interface FoldControl {
  stopAt: number;
  position: number;
  yieldEvery: number;
}

/** Fewest positions for a split, unless the folder says otherwise. */
const DEFAULT_MIN_SPAN = 100_000;

/** Events between two turns of the event loop while parts may still claim. */
const YIELD_EVERY = 2_000;

/** Resolves on the next turn of the event loop (after pending I/O callbacks, such as a worker's message). */
const nextTurn: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((resolve) => setImmediate(resolve)) : () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Folds projections from their initial states over one position range and
 * returns their saved forms: what a range folder's worker runs. Never throws
 * for a failing handler (the result says `ok: false`).
 *
 * @example
 * ```ts
 * const part = await foldRange(store, [incidentCubeProjection], { projections: ['incident-cube'], fromPosition: 500_001, toPosition: 1_000_000 });
 * if (part.ok) console.log(part.applied['incident-cube']);
 * ```
 */
export async function foldRange(store: EventStore, projections: ReadonlyArray<Projection<any, any>>, request: RangeFoldRequest, options: { readonly batchSize?: number } = {}): Promise<RangeFoldResult> {
  const wanted = new Set(request.projections);
  const missing = request.projections.filter((n) => !projections.some((p) => p.name === n));
  if (missing.length > 0) return { ok: false, error: { code: 'unknown_projection', message: `no projection named ${missing.join(', ')}` } };
  const slots: Slot[] = (projections as ReadonlyArray<Projection<unknown, StoredEvent>>)
    .filter((p) => wanted.has(p.name))
    .map((p) => ({ p, state: p.initialState(), checkpoint: request.fromPosition - 1, applied: 0, rebuilt: true, failure: undefined }));
  try {
    await fold(store, slots, request.toPosition, options, async () => undefined);
  } catch (e) {
    return { ok: false, error: { code: isNtmAnttError(e) ? e.code : 'range_fold_failed', message: e instanceof Error ? e.message : String(e) } };
  }
  const failed = slots.find((s) => s.failure !== undefined);
  if (failed !== undefined) {
    const f = failed.failure!;
    return { ok: false, error: { code: 'projection_handler_failed', message: `${failed.p.name} failed at position ${f.position}: ${f.error instanceof Error ? f.error.message : String(f.error)}` } };
  }
  return { ok: true, states: Object.fromEntries(slots.map((s) => [s.p.name, saveState(s.p, s.state)])), applied: Object.fromEntries(slots.map((s) => [s.p.name, s.applied])) };
}

async function fold(
  store: EventStore,
  slots: Slot[],
  cutoff: number,
  options: RunOptions,
  onBatchEnd: (position: number) => Promise<void>,
  control?: FoldControl,
): Promise<void> {
  const from = Math.min(...slots.map((s) => s.checkpoint)) + 1;
  if (slots.length === 0 || from > cutoff) return;
  const byType = new Map<string, Slot[]>();
  for (const s of slots) for (const t of s.p.handles) {
    const list = byType.get(t);
    if (list === undefined) byType.set(t, [s]);
    else list.push(s);
  }
  const readOptions = { fromPosition: from, toPosition: cutoff, types: [...byType.keys()], lean: true, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) };
  const every = options.checkpointEvery;
  let sinceSave = 0;
  let sinceTurn = 0;
  let lastPosition = from - 1;
  for await (const event of store.readAll(readOptions)) {
    if (control !== undefined && event.position > control.stopAt) break;
    const targets = byType.get(event.type);
    if (targets !== undefined) {
      for (const s of targets) {
        if (s.failure !== undefined || event.position <= s.checkpoint) continue;
        try {
          const next = s.p.apply(s.state, event);
          if (next !== undefined) s.state = next;
          s.applied++;
        } catch (error) {
          s.failure = { position: event.position, event, error };
          s.checkpoint = event.position - 1;
        }
      }
    }
    lastPosition = event.position;
    // before any await: a claim heard while a checkpoint is saved must not take this event again
    if (control !== undefined) control.position = lastPosition;
    if (every !== undefined && ++sinceSave >= every) {
      sinceSave = 0;
      await onBatchEnd(lastPosition);
    }
    if (control !== undefined && control.yieldEvery > 0 && ++sinceTurn >= control.yieldEvery) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
}

async function refoldBeforeFailure(store: EventStore, s: Slot, options: RunOptions): Promise<void> {
  const failure = s.failure!;
  const target = failure.position - 1;
  // Start again from the last saved state (intermediate checkpoints included) or from zero.
  const saved = options.rebuild === true ? undefined : await store.projections.load(s.p.name);
  const usable = saved !== undefined && saved.version === s.p.version && saved.checkpoint <= target;
  const clean: Slot = { p: s.p, state: usable ? loadState(s.p, saved.state) : s.p.initialState(), checkpoint: usable ? saved.checkpoint : 0, failure: undefined, applied: 0, rebuilt: s.rebuilt };
  if (target > clean.checkpoint) {
    await fold(store, [clean], target, options.batchSize === undefined ? {} : { batchSize: options.batchSize }, async () => undefined);
  }
  s.state = clean.state;
  s.checkpoint = target;
}

function statusOf(s: Slot, clock: Clock): ProjectionStatus {
  if (s.failure === undefined) return OK;
  const err = s.failure.error;
  return {
    kind: 'failed',
    position: s.failure.position,
    eventId: s.failure.event.id,
    eventType: s.failure.event.type,
    error: {
      code: isNtmAnttError(err) ? err.code : 'projection_handler_failed',
      message: err instanceof Error ? err.message : String(err),
    },
    failedAt: isoTime(clock.now()),
  };
}

async function persist(store: EventStore, slots: Slot[], clock: Clock, final: boolean): Promise<void> {
  const updatedAt = isoTime(clock.now());
  for (const s of slots) {
    if (!final && s.failure !== undefined) continue;
    const record: ProjectionRecord = { name: s.p.name, version: s.p.version, checkpoint: s.checkpoint, state: saveState(s.p, s.state), status: statusOf(s, clock), updatedAt };
    await store.projections.save(record);
  }
}

/**
 * The saved status of a projection, or `undefined` if it never ran.
 *
 * @example
 * ```ts
 * const st = await projectionStatus(store, 'incident-counts');
 * if (st?.status.kind === 'failed') console.log(`stopped at ${st.status.position}`);
 * ```
 */
export async function projectionStatus(
  store: EventStore,
  name: string,
): Promise<{ name: string; version: number; checkpoint: number; status: ProjectionStatus; updatedAt: string } | undefined> {
  const r = await store.projections.load(name);
  if (r === undefined) return undefined;
  return { name: r.name, version: r.version, checkpoint: r.checkpoint, status: r.status, updatedAt: r.updatedAt };
}

/** A consistent view of live projection states at one position. */
export interface ProjectionSnapshot {
  /** The log position every state includes (failed projections stop earlier: see `status`). */
  readonly position: number;
  /** The state of a projection, by name. Do not mutate it; it is valid until the next `catchUp`. */
  state<S>(name: string): S;
  /** Status of each projection. */
  readonly status: ReadonlyMap<string, { readonly checkpoint: number; readonly status: ProjectionStatus }>;
}

/**
 * Projections kept in memory and brought up to date on demand: the first
 * `catchUp` starts from the saved states (or rebuilds), later ones fold only
 * the events appended since. Nothing is saved until `persist()`. Calls are
 * serialised, so concurrent callers never see a half-applied batch.
 *
 * @example
 * ```ts
 * const live = new LiveProjections(store, [registerProjection, incidentCubeProjection]);
 * const snap = await live.catchUp();
 * snap.state<RegisterState>('register').events.length;
 * await live.persist(); // save states and checkpoints
 * ```
 */
export class LiveProjections {
  private slots: Slot[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private current: ProjectionSnapshot | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly store: EventStore,
    private readonly projections: ReadonlyArray<Projection<any, any>>,
    private readonly options: { readonly clock?: Clock; readonly batchSize?: number } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Folds every event appended since the last call; returns the snapshot at the new head. */
  catchUp(): Promise<ProjectionSnapshot> {
    return this.serial(async () => {
      if (this.slots === undefined) {
        const slots: Slot[] = [];
        for (const p of this.projections as ReadonlyArray<Projection<unknown, StoredEvent>>) {
          const saved = await this.store.projections.load(p.name);
          const usable = saved !== undefined && saved.version === p.version && saved.status.kind === 'ok';
          slots.push({ p, state: usable ? loadState(p, saved.state) : p.initialState(), checkpoint: usable ? saved.checkpoint : 0, applied: 0, rebuilt: !usable, failure: undefined });
        }
        this.slots = slots;
      }
      const head = await this.store.headPosition();
      const live = this.slots.filter((s) => s.failure === undefined);
      if (live.length > 0 && Math.min(...live.map((s) => s.checkpoint)) < head) {
        await fold(this.store, live, head, this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }, async () => undefined);
        for (const s of live) if (s.failure === undefined) s.checkpoint = head;
        for (const s of live) if (s.failure !== undefined) await refoldBeforeFailure(this.store, s, { rebuild: true });
        this.current = undefined;
      }
      if (this.current === undefined || this.current.position !== head) this.current = this.snapshotAt(head);
      return this.current;
    });
  }

  private snapshotAt(position: number): ProjectionSnapshot {
    const slots = this.slots!;
    const byName = new Map(slots.map((s) => [s.p.name, s]));
    const status = new Map(slots.map((s) => [s.p.name, { checkpoint: s.checkpoint, status: statusOf(s, this.clock) }]));
    return {
      position,
      status,
      state<S>(name: string): S {
        const s = byName.get(name);
        if (s === undefined) throw new RangeError(`no live projection named ${name}`);
        return s.state as S;
      },
    };
  }

  /** Saves every projection's state, checkpoint and status (each save atomic). */
  persist(): Promise<void> {
    return this.serial(async () => {
      if (this.slots !== undefined) await persist(this.store, this.slots, this.clock, true);
    });
  }
}
