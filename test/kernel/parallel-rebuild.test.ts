/**
 * The runner's split path: projections that declare `merge` are folded in
 * parts by a range folder and merged; the result equals one sequential fold,
 * whatever the split (parts decided up front or claimed when ready), and a
 * failing part falls back to folding here.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { defineProjection, foldRange, manualClock, runProjections, type ClaimedRange, type EventStore, type RangeFolder, type RangeFoldRequest, type RangeFoldResult, type StoredEvent } from '../../src/kernel/index.js';
import { contractEvents } from '../../src/testing/index.js';
import { adapters } from '../support/stores.js';

interface Sums {
  perStream: Record<string, number>;
  sum: number;
}

/** Splittable: sums add up. `failOn` makes the handler throw on some events. */
const sums = (failOn?: (e: StoredEvent) => boolean) =>
  defineProjection<Sums>({
    name: 'sums',
    version: 1,
    handles: ['Noted'],
    initialState: () => ({ perStream: {}, sum: 0 }),
    apply(s, e) {
      if (failOn?.(e) === true) throw new Error(`cannot apply ${e.position}`);
      s.perStream[e.streamId] = (s.perStream[e.streamId] ?? 0) + 1;
      s.sum += (e.data as { n: number }).n;
    },
    merge(a, b) {
      for (const [k, v] of Object.entries(b.perStream)) a.perStream[k] = (a.perStream[k] ?? 0) + v;
      a.sum += b.sum;
      return a;
    },
  });

/** Not splittable: the order of events matters. */
const order = defineProjection<number[]>({ name: 'order', version: 1, handles: ['Noted', 'Counted'], initialState: () => [], apply: (s, e) => void s.push(e.position) });

/** A folder that folds parts in this process, recording what it was asked. */
function inProcess(store: EventStore, projections: Parameters<typeof foldRange>[1], concurrency: number, asked: RangeFoldRequest[] = [], fail?: (r: RangeFoldRequest) => boolean): RangeFolder {
  return {
    concurrency,
    minSpan: 1,
    foldRange: async (r) => {
      asked.push(r);
      if (fail?.(r) === true) return { ok: false, error: { code: 'worker_failed', message: 'simulated crash' } };
      return foldRange(store, projections, r);
    },
  };
}

/** Resolves after `n` turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** How one claimed part behaves: turns before it is ready, and whether it fails before or after claiming. */
interface PartPlan {
  readonly readyAfter: number;
  readonly fail: 'no' | 'before-claim' | 'after-claim';
}

/** What a claimed part did: the range it got (undefined: nothing, or never asked), whether it was told to stop. */
interface PartLog {
  asked: boolean;
  range: ClaimedRange | undefined;
  aborted: boolean;
  /** The last position this thread had folded when the part claimed. */
  foldedHere: number;
}

/** The last position a {@link slow} store handed to the runner. */
const progress = { position: 0 };

/**
 * A folder whose parts claim their range after some turns of the event loop
 * (as a worker does once loaded) and fold it in this process.
 */
function claiming(store: EventStore, projections: Parameters<typeof foldRange>[1], plans: readonly PartPlan[], logs: PartLog[] = [], minSpan = 1): RangeFolder {
  let next = 0;
  return {
    concurrency: plans.length,
    minSpan,
    foldRange: () => Promise.reject(new Error('a claiming folder is not asked for fixed parts')),
    foldClaimed: async (r) => {
      const plan = plans[next++]!;
      const log: PartLog = { asked: false, range: undefined, aborted: false, foldedHere: 0 };
      logs.push(log);
      r.signal.addEventListener('abort', () => void (log.aborted = true));
      await turns(plan.readyAfter);
      if (plan.fail === 'before-claim') return { ok: false, error: { code: 'worker_failed', message: 'failed while loading' } };
      log.asked = true;
      log.foldedHere = progress.position;
      log.range = r.claim();
      if (log.range === undefined) return { ok: true, states: {}, applied: {} };
      if (plan.fail === 'after-claim') return { ok: false, error: { code: 'worker_failed', message: 'crashed while folding' } };
      return foldRange(store, projections, { projections: r.projections, ...log.range });
    },
  };
}

/** The store, its checkpoint saves taking a turn of the event loop each (as a networked database's do). */
function slowSaves(store: EventStore): EventStore {
  const states = store.projections;
  const projections: EventStore['projections'] = new Proxy(states, {
    get(target, key, receiver) {
      if (key !== 'save') return (Reflect.get(target, key, receiver) as (...a: unknown[]) => unknown).bind(target);
      return async (record: Parameters<EventStore['projections']['save']>[0]) => {
        await turns(1);
        return target.save(record);
      };
    },
  });
  return new Proxy(store, { get: (target, key, receiver) => (key === 'projections' ? projections : (Reflect.get(target, key, receiver) as unknown)) });
}

/**
 * The store, read one event per turn of the event loop (so parts become ready
 * while this thread folds), its checkpoint saves slow too ({@link slowSaves});
 * {@link progress} says how far the runner got.
 */
function slow(store: EventStore): EventStore {
  progress.position = 0;
  return new Proxy(slowSaves(store), {
    get(target, key, receiver) {
      if (key !== 'readAll') return Reflect.get(target, key, receiver) as unknown;
      return async function* (options: Parameters<EventStore['readAll']>[0]) {
        for await (const e of target.readAll(options)) {
          await turns(1);
          progress.position = e.position;
          yield e;
        }
      };
    },
  });
}

async function fill(store: EventStore, ns: ReadonlyArray<{ stream: string; n: number; other: boolean }>): Promise<void> {
  for (const h of ns) await store.append(h.stream, [h.other ? { type: 'Counted', data: { total: h.n, unit: 'case' } } : { type: 'Noted', data: { n: h.n } }]);
}

const historyArb = fc.array(fc.record({ stream: fc.constantFrom('a', 'b', 'c'), n: fc.integer({ min: -5, max: 50 }), other: fc.boolean() }), { maxLength: 40 });

for (const adapter of adapters) {
  describe(`parallel rebuild on ${adapter.name}`, () => {
    it('property: folding in parts and merging equals one sequential fold, for any number of parts and cut-off', async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 5 }), fc.option(fc.nat({ max: 45 })), async (history, concurrency, toPosition) => {
          const store = adapter.open({ events: contractEvents });
          try {
            await fill(store, history);
            const cut = toPosition === null ? {} : { toPosition };
            const sequential = await runProjections(store, [sums(), order], { rebuild: true, freeze: false, ...cut });
            const asked: RangeFoldRequest[] = [];
            const parallel = await runProjections(store, [sums(), order], { rebuild: true, freeze: false, parallel: inProcess(store, [sums()], concurrency, asked), ...cut });
            expect(parallel.map((r) => [r.name, r.state, r.checkpoint, r.applied, r.status])).toEqual(sequential.map((r) => [r.name, r.state, r.checkpoint, r.applied, r.status]));
            // only the splittable projection went to the folder, in consecutive parts ending at the cut-off
            for (const r of asked) expect(r.projections).toEqual(['sums']);
            if (asked.length > 0) expect(asked[asked.length - 1]!.toPosition).toBe(sequential[0]!.checkpoint);
            for (let i = 1; i < asked.length; i++) expect(asked[i]!.fromPosition).toBe(asked[i - 1]!.toPosition + 1);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 60 },
      );
    });

    it('a part that fails is folded here instead, with the same result', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 30 }, (_, i) => ({ stream: `s${i % 4}`, n: i, other: i % 5 === 0 })));
      const asked: RangeFoldRequest[] = [];
      const [seq] = await runProjections(store, [sums()], { rebuild: true, freeze: false });
      const [par] = await runProjections(store, [sums()], { rebuild: true, freeze: false, parallel: inProcess(store, [sums()], 3, asked, (r) => r.fromPosition > 20) });
      expect(asked).toHaveLength(3);
      expect(par!.state).toEqual(seq!.state);
      expect(par!.applied).toBe(seq!.applied);
      // and it was saved with the head as checkpoint
      expect(await store.projections.load('sums')).toMatchObject({ checkpoint: 30, state: seq!.state });
      await store.close();
    });

    it('a handler that throws in a later part stops the projection at that event, as a sequential run does', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 30 }, (_, i) => ({ stream: 'a', n: i + 1, other: false })));
      const poison = (e: StoredEvent) => e.position === 25;
      const [seq] = await runProjections(store, [sums(poison)], { rebuild: true, freeze: false });
      const [par] = await runProjections(store, [sums(poison)], { rebuild: true, freeze: false, parallel: inProcess(store, [sums(poison)], 2) });
      expect(seq!.status).toMatchObject({ kind: 'failed', position: 25 });
      expect(par!.status).toMatchObject({ kind: 'failed', position: 25 });
      expect(par!.state).toEqual(seq!.state);
      expect(par!.checkpoint).toBe(24);
      await store.close();
    });

    it('foldRange says which projection it does not know, and reports a failing handler without throwing', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, [{ stream: 'a', n: 1, other: false }, { stream: 'a', n: 2, other: false }]);
      expect(await foldRange(store, [sums()], { projections: ['nope'], fromPosition: 1, toPosition: 2 })).toEqual({ ok: false, error: { code: 'unknown_projection', message: 'no projection named nope' } });
      const bad = await foldRange(store, [sums((e) => e.position === 2)], { projections: ['sums'], fromPosition: 1, toPosition: 2 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'projection_handler_failed', message: 'sums failed at position 2: cannot apply 2' } });
      expect(await foldRange(store, [sums()], { projections: ['sums'], fromPosition: 2, toPosition: 2 })).toEqual({ ok: true, states: { sums: { perStream: { a: 1 }, sum: 2 } }, applied: { sums: 1 } });
      await store.close();
    });

    it('property: parts that claim their range when ready give the result of one sequential fold, whatever their timing, failures and failing handlers', async () => {
      const planArb = fc.record({ readyAfter: fc.nat({ max: 60 }), fail: fc.constantFrom<PartPlan['fail']>('no', 'no', 'no', 'before-claim', 'after-claim') });
      await fc.assert(
        fc.asyncProperty(
          historyArb,
          fc.array(planArb, { minLength: 1, maxLength: 4 }),
          fc.option(fc.nat({ max: 45 })),
          fc.option(fc.integer({ min: 1, max: 45 })),
          fc.option(fc.integer({ min: 1, max: 4 })),
          fc.boolean(),
          async (history, plans, toPosition, poison, checkpointEvery, withOrder) => {
          const store = adapter.open({ events: contractEvents });
          try {
            await fill(store, history);
            const cut = toPosition === null ? {} : { toPosition };
            // checkpoints saved along the way (a claim may be heard while one is saved)
            const every = checkpointEvery === null ? {} : { checkpointEvery };
            // a handler may throw at one position, in this thread's range or in a part's
            const projection = () => sums(poison === null ? undefined : (e) => e.position === poison);
            // without `order`, this thread reads only the `Noted` events: the positions it folds have gaps
            const all = () => (withOrder ? [projection(), order] : [projection()]);
            const clock = manualClock('2026-01-01T00:00:00Z');
            const sequential = await runProjections(store, all(), { rebuild: true, freeze: false, clock, ...cut, ...every });
            const logs: PartLog[] = [];
            const parallel = await runProjections(slow(store), all(), { rebuild: true, freeze: false, clock, parallel: claiming(store, [projection()], plans, logs), ...cut, ...every });
            expect(parallel.map((r) => [r.name, r.state, r.checkpoint, r.applied, r.status])).toEqual(sequential.map((r) => [r.name, r.state, r.checkpoint, r.applied, r.status]));
            // the claimed ranges are consecutive and end at the cut-off
            const head = await store.headPosition();
            const ranges = logs.flatMap((l) => (l.range === undefined ? [] : [l.range])).sort((a, b) => a.fromPosition - b.fromPosition);
            if (ranges.length > 0) expect(ranges[ranges.length - 1]!.toPosition).toBe(toPosition === null ? head : Math.min(head, toPosition));
            for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.fromPosition).toBe(ranges[i - 1]!.toPosition + 1);
            for (const r of ranges) expect(r.toPosition).toBeGreaterThanOrEqual(r.fromPosition);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 80 },
      );
    });

    it('a claim heard while a checkpoint is saved starts after the event just folded', async () => {
      // given the projection's events at positions 1 and 10 of 12, saves that take a turn, a part ready on the second turn
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 12 }, (_, i) => ({ stream: 'a', n: 1, other: i !== 0 && i !== 9 })));
      const logs: PartLog[] = [];
      // when this thread folds 1, saves (turn 1), folds 10 and saves again (turn 2: the part claims)
      const [par] = await runProjections(slowSaves(store), [sums()], { rebuild: true, checkpointEvery: 1, parallel: claiming(store, [sums()], [{ readyAfter: 2, fail: 'no' }], logs) });
      // then the part gets half of 11–12, and 10 is counted once
      expect(logs[0]!.range).toEqual({ fromPosition: 12, toPosition: 12 });
      expect(par!.state).toEqual({ perStream: { a: 2 }, sum: 2 });
      await store.close();
    });

    it('a share smaller than the parts of a split decided up front is not handed over', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 40 }, (_, i) => ({ stream: 'a', n: i, other: false })));
      const [seq] = await runProjections(store, [sums()], { rebuild: true, freeze: false });
      // minSpan 20 with one part: parts of at least 10 positions
      for (const readyAfter of [8, 24]) {
        const logs: PartLog[] = [];
        const [par] = await runProjections(slow(store), [sums()], { rebuild: true, freeze: false, parallel: claiming(store, [sums()], [{ readyAfter, fail: 'no' }], logs, 20) });
        expect(par!.state).toEqual(seq!.state);
        const { foldedHere, range } = logs[0]!;
        const take = Math.floor((40 - foldedHere) / 2);
        if (take >= 10) expect(range).toEqual({ fromPosition: 40 - take + 1, toPosition: 40 });
        else expect(range).toBeUndefined();
        // ready early: a share; ready late: none
        expect(range === undefined).toBe(readyAfter === 24);
      }
      await store.close();
    });

    it('a part that fails before claiming leaves its share to the others; a run that fails stops taking claims', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 40 }, (_, i) => ({ stream: 'a', n: i, other: false })));
      const [seq] = await runProjections(store, [sums()], { rebuild: true, freeze: false });
      const logs: PartLog[] = [];
      const [par] = await runProjections(slow(store), [sums()], { rebuild: true, freeze: false, parallel: claiming(store, [sums()], [{ readyAfter: 0, fail: 'before-claim' }, { readyAfter: 10, fail: 'no' }], logs) });
      expect(par!.state).toEqual(seq!.state);
      const ready = logs[1]!;
      // the failed part no longer waits for a share: this one splits what is left with this thread, half and half
      const take = Math.floor((40 - ready.foldedHere) / 2);
      expect(ready.range).toEqual({ fromPosition: 40 - take + 1, toPosition: 40 });

      // the store fails at position 20; a part ready only after that is refused, and was told to stop
      const failing = new Proxy(store, {
        get(target, key, receiver) {
          if (key !== 'readAll') return Reflect.get(target, key, receiver) as unknown;
          return async function* (options: Parameters<EventStore['readAll']>[0]) {
            for await (const e of target.readAll(options)) {
              if (e.position === 20) throw new Error('disk gone');
              yield e;
            }
          };
        },
      });
      const late: PartLog[] = [];
      await expect(runProjections(failing, [sums()], { rebuild: true, parallel: claiming(store, [sums()], [{ readyAfter: 5, fail: 'no' }], late) })).rejects.toThrow('disk gone');
      await vi.waitFor(() => expect(late[0]).toMatchObject({ asked: true, range: undefined, aborted: true }));
      await store.close();
    });

    it('a part ready while this thread folds takes its share of what is left, from the end; a part not ready by the end is told to stop', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 40 }, (_, i) => ({ stream: `s${i % 3}`, n: i, other: false })));
      const logs: PartLog[] = [];
      const [seq] = await runProjections(store, [sums()], { rebuild: true, freeze: false });
      // the first part is ready after about 10 events are folded here; the second never before the end
      const [par] = await runProjections(slow(store), [sums()], { rebuild: true, freeze: false, parallel: claiming(store, [sums()], [{ readyAfter: 10, fail: 'no' }, { readyAfter: 10_000, fail: 'no' }], logs) });
      expect(par!.state).toEqual(seq!.state);
      const [first, second] = logs;
      expect(first!.foldedHere).toBeGreaterThan(0);
      expect(first!.foldedHere).toBeLessThan(20);
      // it shares what was left equally with this thread and the part not yet ready: it takes the last third
      const take = Math.floor((40 - first!.foldedHere) / 3);
      expect(first!.range).toEqual({ fromPosition: 40 - take + 1, toPosition: 40 });
      expect(second).toMatchObject({ asked: false, range: undefined, aborted: true });
      await store.close();
    });

    it('a part that never answers does not hold the run once this thread has folded everything', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, Array.from({ length: 10 }, (_, i) => ({ stream: 'a', n: i, other: false })));
      const hanging: RangeFolder = { concurrency: 1, minSpan: 1, foldRange: () => new Promise<RangeFoldResult>(() => undefined), foldClaimed: () => new Promise<RangeFoldResult>(() => undefined) };
      const [par] = await runProjections(store, [sums()], { rebuild: true, freeze: false, parallel: hanging });
      expect(par!.applied).toBe(10);
      expect(par!.checkpoint).toBe(10);
      await store.close();
    });

    it('a run too short for the folder is not split', async () => {
      const store = adapter.open({ events: contractEvents });
      await fill(store, [{ stream: 'a', n: 1, other: false }]);
      const asked: RangeFoldRequest[] = [];
      await runProjections(store, [sums()], { rebuild: true, parallel: { ...inProcess(store, [sums()], 2, asked), minSpan: 10 } });
      expect(asked).toEqual([]);
      await store.close();
    });
  });
}
