import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineProjection, manualClock, projectionStatus, runProjection, runProjections, type StoredEvent } from '../../src/kernel/index.js';
import { contractEvents } from '../../src/testing/index.js';
import { adapters } from '../support/stores.js';

interface Counts {
  perStream: Record<string, number>;
  sum: number;
  order: number[];
}

const counts = (version = 1, failOn?: (e: StoredEvent) => boolean) =>
  defineProjection<Counts>({
    name: 'counts',
    version,
    handles: ['Noted'],
    initialState: () => ({ perStream: {}, sum: 0, order: [] }),
    apply(s, e) {
      s.perStream[e.streamId] = (s.perStream[e.streamId] ?? 0) + 1;
      // half-applied on purpose before a possible failure: the runner must not keep it
      s.sum += (e.data as { n: number }).n;
      if (failOn?.(e) === true) throw new Error(`cannot apply ${e.position}`);
      s.order.push(e.position);
    },
  });

function foldByHand(events: readonly StoredEvent[]): Counts {
  const s: Counts = { perStream: {}, sum: 0, order: [] };
  for (const e of events) {
    if (e.type !== 'Noted') continue;
    s.perStream[e.streamId] = (s.perStream[e.streamId] ?? 0) + 1;
    s.sum += (e.data as { n: number }).n;
    s.order.push(e.position);
  }
  return s;
}

async function all(store: { readAll(): AsyncIterable<StoredEvent> }): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

const T0 = Date.parse('2024-01-01T00:00:00Z');

for (const adapter of adapters) {
  describe(`projection runner on ${adapter.name}`, () => {
    it('property: the state as of t equals the fold over exactly the events recorded at or before t', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              stream: fc.constantFrom('a', 'b', 'c'),
              n: fc.integer({ min: -5, max: 50 }),
              other: fc.boolean(),
              step: fc.integer({ min: -120_000, max: 600_000 }),
            }),
            { maxLength: 40 },
          ),
          fc.integer({ min: -60_000, max: 40 * 600_000 }),
          fc.boolean(),
          async (history, cutOffset, warm) => {
            const clock = manualClock(T0);
            const store = adapter.open({ clock, events: contractEvents });
            try {
              for (const h of history) {
                clock.advance(h.step);
                await store.append(h.stream, [h.other ? { type: 'Counted', data: { total: h.n, unit: 'case' } } : { type: 'Noted', data: { n: h.n } }]);
                // sometimes persist a checkpoint in the middle, so as-of runs meet saved states
                if (warm && h.n % 7 === 0) await runProjection(store, counts());
              }
              const t = new Date(T0 + cutOffset).toISOString();
              const expected = foldByHand((await all(store)).filter((e) => e.recordedAt <= t));
              const asOf = await runProjection(store, counts(), { asOf: t });
              expect(asOf.state).toEqual(expected);
              expect(asOf.persisted).toBe(false);
              const now = await runProjection(store, counts());
              expect(now.state).toEqual(foldByHand(await all(store)));
            } finally {
              await store.close();
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    it('continues from its checkpoint, and persists state with checkpoint', async () => {
      const store = adapter.open({ events: contractEvents });
      await store.append('a', [
        { type: 'Noted', data: { n: 1 } },
        { type: 'Noted', data: { n: 2 } },
      ]);
      const first = await runProjection(store, counts());
      expect(first).toMatchObject({ checkpoint: 2, applied: 2, rebuilt: true, persisted: true, status: { kind: 'ok' } });
      await store.append('b', [{ type: 'Counted', data: { total: 1, unit: 'case' } }, { type: 'Noted', data: { n: 10 } }]);
      const second = await runProjection(store, counts());
      expect(second).toMatchObject({ checkpoint: 4, applied: 1, rebuilt: false });
      expect(second.state).toEqual({ perStream: { a: 2, b: 1 }, sum: 13, order: [1, 2, 4] });
      const saved = await store.projections.load('counts');
      expect(saved).toMatchObject({ version: 1, checkpoint: 4, state: second.state });
      expect(Object.isFrozen(second.state)).toBe(true);
      await store.close();
    });

    it('rebuilds from zero when the projection version changes', async () => {
      const store = adapter.open({ events: contractEvents });
      await store.append('a', [{ type: 'Noted', data: { n: 5 } }]);
      await runProjection(store, counts(1));
      // tamper with the saved state: a rebuild must not start from it
      const saved = (await store.projections.load('counts'))!;
      await store.projections.save({ ...saved, state: { perStream: { zzz: 99 }, sum: 99, order: [] } });
      const same = await runProjection(store, counts(1));
      expect(same.state.sum).toBe(99);
      const v2 = await runProjection(store, counts(2));
      expect(v2).toMatchObject({ rebuilt: true, checkpoint: 1, version: 2 });
      expect(v2.state).toEqual({ perStream: { a: 1 }, sum: 5, order: [1] });
      expect((await store.projections.load('counts'))!.version).toBe(2);
      await store.close();
    });

    it('a throwing handler leaves the checkpoint before the failing event, says so, and resumes after a fix', async () => {
      const store = adapter.open({ events: contractEvents });
      for (let n = 1; n <= 6; n++) await store.append(n % 2 === 0 ? 'a' : 'b', [{ type: 'Noted', data: { n } }]);
      const poison = (e: StoredEvent) => (e.data as { n: number }).n === 4;
      const other = defineProjection<number>({ name: 'other', version: 1, handles: ['Noted'], initialState: () => 0, apply: (s) => s + 1 });
      const [failed, ok] = await runProjections(store, [counts(1, poison), other], { checkpointEvery: 1 });
      expect(failed!.checkpoint).toBe(3);
      expect(failed!.status).toMatchObject({ kind: 'failed', position: 4, eventType: 'Noted', error: { code: 'projection_handler_failed', message: 'cannot apply 4' } });
      // the half-applied event is not in the state
      expect(failed!.state).toEqual({ perStream: { a: 1, b: 2 }, sum: 6, order: [1, 2, 3] });
      expect(ok).toMatchObject({ checkpoint: 6, state: 6, status: { kind: 'ok' } });
      const status = await projectionStatus(store, 'counts');
      expect(status).toMatchObject({ checkpoint: 3, status: { kind: 'failed', position: 4 } });
      // still failing: stays put
      const again = await runProjection(store, counts(1, poison));
      expect(again.checkpoint).toBe(3);
      // fixed (same version): resumes and equals a fresh rebuild
      const fixed = await runProjection(store, counts(1));
      expect(fixed).toMatchObject({ checkpoint: 6, status: { kind: 'ok' }, rebuilt: false });
      const fresh = await runProjection(store, counts(1), { rebuild: true });
      expect(fixed.state).toEqual(fresh.state);
      await store.close();
    });

    it('an as-of run never persists and never moves the saved checkpoint', async () => {
      const clock = manualClock(T0);
      const store = adapter.open({ clock, events: contractEvents });
      await store.append('a', [{ type: 'Noted', data: { n: 1 } }]);
      clock.advance(1000);
      await store.append('a', [{ type: 'Noted', data: { n: 2 } }]);
      await runProjection(store, counts());
      const before = await store.projections.load('counts');
      const past = await runProjection(store, counts(), { asOf: T0 });
      expect(past.state.sum).toBe(1);
      expect(await store.projections.load('counts')).toEqual(before);
      await store.close();
    });

    it('reports progress at each persisted checkpoint', async () => {
      const store = adapter.open({ events: contractEvents });
      for (let n = 1; n <= 5; n++) await store.append('a', [{ type: 'Noted', data: { n } }]);
      const seen: number[] = [];
      await runProjection(store, counts(), { checkpointEvery: 2, onProgress: (p) => seen.push(p.position) });
      expect(seen).toEqual([2, 4]);
      await store.close();
    });
  });
}
