import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../adapters/memory/index.js';
import { ConcurrencyError, foldEvents, handle, immerEvolve, type EventStore, type NewEvent } from '../../src/kernel/index.js';
import { deciderSpec } from '../../src/testing/index.js';
import { counterDecider, counterEvents, type CounterEvent } from '../fixtures/counter-decider.js';

const inc = (by: number, seq = 0): CounterEvent => ({ type: 'Incremented', data: { by, writer: 't', seq } });

/** A store whose next `n` appends find that someone else wrote first. */
function racingStore(inner: EventStore, n: number): EventStore {
  let left = n;
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'append') {
        return async (streamId: string, events: readonly NewEvent[], options?: Parameters<EventStore['append']>[2]) => {
          if (left > 0) {
            left--;
            await target.append(streamId, [{ type: 'Incremented', data: { by: 100, writer: 'other', seq: -1 } }]);
          }
          return target.append(streamId, events, options);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

describe('deciders', () => {
  const spec = deciderSpec(counterDecider);

  it('given/when/then: a command on a fresh stream', () => {
    spec.given([]).when({ type: 'Increment', by: 2, writer: 't', seq: 0 }).then([inc(2)]);
  });

  it('given/when/then: a command that changes nothing', () => {
    spec.given([]).when({ type: 'Close', reason: 'empty' }).thenNothing();
  });

  it('given/when/then: a rejected command, by code and details', () => {
    spec
      .given([inc(3), { type: 'Closed', data: { reason: 'done' } }])
      .when({ type: 'Increment', by: 1, writer: 't', seq: 1 })
      .thenThrows('counter_closed', { value: 3 });
  });

  it('given/when/then fails when the events differ', () => {
    expect(() => spec.given([]).when({ type: 'Increment', by: 2, writer: 't', seq: 0 }).then([inc(3)])).toThrow();
    expect(() => spec.given([]).when({ type: 'Increment', by: 2, writer: 't', seq: 0 }).thenThrows('counter_closed')).toThrow(/expected the command to fail/);
  });

  it('handle() loads, decides and appends with the loaded version', async () => {
    const store = memoryStore({ events: counterEvents });
    const r1 = await handle(store, 'c', counterDecider, { type: 'Increment', by: 2, writer: 't', seq: 0 });
    expect(r1).toMatchObject({ attempts: 1, state: { value: 2 }, append: { nextExpectedVersion: 1 } });
    const r2 = await handle(store, 'c', counterDecider, { type: 'Increment', by: 5, writer: 't', seq: 1 });
    expect(r2.state.value).toBe(7);
    const none = await handle(store, 'empty', counterDecider, { type: 'Close', reason: 'x' });
    expect(none).toMatchObject({ events: [], append: undefined });
    expect(await store.headPosition()).toBe(2);
  });

  it('handle() retries on a conflict, deciding again on the fresh state', async () => {
    const inner = memoryStore({ events: counterEvents });
    const store = racingStore(inner, 2);
    const r = await handle(store, 'c', counterDecider, { type: 'Increment', by: 1, writer: 't', seq: 0 }, { maxRetries: 3 });
    expect(r.attempts).toBe(3);
    expect(r.state.value).toBe(201);
    expect(await inner.streamVersion('c')).toBe(3);
  });

  it('handle() gives up after maxRetries with the ConcurrencyError', async () => {
    const inner = memoryStore({ events: counterEvents });
    const store = racingStore(inner, 10);
    await expect(handle(store, 'c', counterDecider, { type: 'Increment', by: 1, writer: 't', seq: 0 }, { maxRetries: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await inner.streamVersion('c')).toBe(3); // only the racing writes
  });

  it('handle() passes metadata and deterministic ids, so a repeated command is idempotent', async () => {
    const store = memoryStore({ events: counterEvents });
    const opts = { eventId: () => 'row-17', metadata: { actor: 'import', source: { file: 'x.csv', row: 17 } } };
    await handle(store, 'c', counterDecider, { type: 'Increment', by: 1, writer: 't', seq: 0 }, opts);
    const events = [];
    for await (const e of store.readAll()) events.push(e);
    expect(events[0]).toMatchObject({ id: 'row-17', metadata: opts.metadata });
  });

  it('immerEvolve and foldEvents fold without mutating earlier states', () => {
    const evolve = immerEvolve<{ total: number; seen: number[] }, CounterEvent>((d, e) => {
      if (e.type === 'Incremented') {
        d.total += e.data.by;
        d.seen.push(e.data.seq);
      }
    });
    const decider = { initialState: { total: 0, seen: [] as number[] }, evolve, decide: () => [] };
    const s1 = foldEvents(decider, [inc(1, 1)]);
    const s2 = foldEvents(decider, [inc(2, 2)], s1);
    expect(s1).toEqual({ total: 1, seen: [1] });
    expect(s2).toEqual({ total: 3, seen: [1, 2] });
  });
});
