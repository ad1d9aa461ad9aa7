/**
 * The runner's split path: projections that declare `merge` are folded in
 * parts by a range folder and merged; the result equals one sequential fold,
 * whatever the split, and a failing part falls back to folding here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineProjection, foldRange, runProjections, type EventStore, type RangeFolder, type RangeFoldRequest, type StoredEvent } from '../../src/kernel/index.js';
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
