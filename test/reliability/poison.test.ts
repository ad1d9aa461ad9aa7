// Issue #7, poison events: a projection handler that throws on one event stops that projection at that position,
// with a visible status (projectionStatus); its checkpoint never passes the event; the other projections go on; after
// a fix (an upcaster added to the event definition, or a fixed handler of the same version) it resumes from its
// checkpoint and reaches the state of a fresh rebuild — through runProjections and through LiveProjections.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import {
  LiveProjections,
  NtmAnttError,
  defineEvent,
  defineProjection,
  eventRegistry,
  projectionStatus,
  runProjection,
  runProjections,
  type EventRegistry,
  type EventStore,
  type Projection,
  type StoredEvent,
} from '../../src/kernel/index.js';
import { liveReadModels, readModelsAsOf } from '../../src/projections/read-models.js';
import { figure, tempDir } from './support.js';

const tmp = tempDir('ntm-poison-');
afterAll(() => tmp.cleanup());
let files = 0;

/** Version 1 of `Counted` let strings through (an earlier, laxer writer). */
const CountedV1 = z.strictObject({ n: z.union([z.number(), z.string()]) });
const v1Registry = eventRegistry([defineEvent('Counted', CountedV1)]);
/** The fix by upcaster: version 2 holds numbers only; stored version-1 payloads are converted on read. */
const v2Registry = eventRegistry([
  defineEvent('Counted', z.strictObject({ n: z.number() }), { version: 2, upcasters: [{ from: 1, schema: CountedV1, up: (d: { n: number | string }) => ({ n: typeof d.n === 'string' ? Number(d.n) : d.n }) }] }),
]);

interface Total {
  total: number;
  count: number;
}

/** Throws on a payload whose `n` is not a number: the poison. */
const total = defineProjection<Total>({
  name: 'total',
  version: 1,
  handles: ['Counted'],
  initialState: () => ({ total: 0, count: 0 }),
  apply(s, e) {
    const n = (e.data as { n: unknown }).n;
    if (typeof n !== 'number') throw new Error(`n is not a number: ${JSON.stringify(n)}`);
    s.total += n;
    s.count++;
  },
});
/** The fix by code: the same projection, same name and version, that reads numeric strings. */
const totalFixed = defineProjection<Total>({ ...total, apply: (s, e) => void ((s.total += Number((e.data as { n: unknown }).n)), s.count++) });
const count = defineProjection<{ count: number }>({ name: 'count', version: 1, handles: ['Counted'], initialState: () => ({ count: 0 }), apply: (s) => void s.count++ });
const last = defineProjection<{ last: unknown }>({ name: 'last', version: 1, handles: ['Counted'], initialState: () => ({ last: null }), apply: (s, e) => void (s.last = (e.data as { n: unknown }).n) });

const POISON = 25;

/** A file whose log has 60 `Counted` events, the 25th with `n: "7"`. */
async function poisonedLog(): Promise<string> {
  const file = join(tmp.dir, `poison-${++files}.db`);
  const store = sqliteStore(file, { events: v1Registry });
  for (let i = 1; i <= 60; i++) await store.append(`c-${i % 4}`, [{ type: 'Counted', id: `c-${i}`, data: { n: i === POISON ? '7' : i } }]);
  await store.close();
  return file;
}

async function appendMore(store: EventStore, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await store.append(`c-${i % 4}`, [{ type: 'Counted', id: `c-${i}`, data: { n: i } }]);
}

/** The state of `p` folded over positions 1..to with nothing saved. */
async function foldTo<S>(store: EventStore, p: Projection<S, StoredEvent>, to: number): Promise<S> {
  return (await runProjection(store, p, { rebuild: true, toPosition: to })).state;
}

function open(file: string, registry: EventRegistry): EventStore {
  return sqliteStore(file, { events: registry });
}

describe('poison events', () => {
  it('runProjections: the throwing projection stops at the event, visibly; its checkpoint never passes it; the others go on; an upcaster fixes it', async () => {
    const file = await poisonedLog();
    const store = open(file, v1Registry);
    const [t, c, l] = await runProjections(store, [total, count, last]);
    expect(t!.status).toMatchObject({ kind: 'failed', position: POISON, eventId: `c-${POISON}`, eventType: 'Counted', error: { code: 'projection_handler_failed', message: 'n is not a number: "7"' } });
    expect(t!.checkpoint).toBe(POISON - 1);
    expect(t!.state).toEqual(await foldTo(store, total, POISON - 1));
    expect([c!.status.kind, c!.checkpoint, l!.checkpoint]).toEqual(['ok', 60, 60]);
    const status = await projectionStatus(store, 'total');
    expect(status).toMatchObject({ checkpoint: POISON - 1, status: { kind: 'failed', position: POISON } });
    figure(`poison: projectionStatus(store, 'total') = ${JSON.stringify(status)}`);

    // again, with frequent checkpoints and small reads, and after more appends: never past the poison
    for (const options of [{}, { checkpointEvery: 7, batchSize: 5 }, { checkpointEvery: 1, batchSize: 1 }]) {
      const [again, others] = await runProjections(store, [total, count], options);
      expect(again!.checkpoint).toBe(POISON - 1);
      expect(again!.status.kind).toBe('failed');
      expect(others!.checkpoint).toBe(await store.headPosition());
    }
    await appendMore(store, 61, 80);
    const [stillFailed, counted] = await runProjections(store, [total, count], { checkpointEvery: 3 });
    expect(stillFailed!.checkpoint).toBe(POISON - 1);
    expect(counted!.state).toEqual({ count: 80 });
    expect((await store.projections.load('total'))!.checkpoint).toBe(POISON - 1);
    expect((await store.projections.load('total'))!.state).toEqual(await foldTo(store, total, POISON - 1));
    await store.close();

    // the fix: an upcaster in the event definition; the projection resumes from its checkpoint
    const fixed = open(file, v2Registry);
    const resumed = await runProjection(fixed, total);
    expect(resumed.rebuilt).toBe(false);
    expect(resumed.status).toEqual({ kind: 'ok' });
    expect(resumed.checkpoint).toBe(80);
    const rebuilt = await runProjection(fixed, total, { rebuild: true, toPosition: 80 });
    expect(resumed.state).toEqual(rebuilt.state);
    expect(resumed.state).toEqual({ total: (80 * 81) / 2 - POISON + 7, count: 80 });
    expect(await projectionStatus(fixed, 'total')).toMatchObject({ checkpoint: 80, status: { kind: 'ok' } });
    await fixed.close();
  });

  it('runProjections: a fixed handler of the same version resumes from the checkpoint to the state of a fresh rebuild', async () => {
    const file = await poisonedLog();
    const store = open(file, v1Registry);
    await runProjections(store, [total, count], { checkpointEvery: 10 });
    expect((await projectionStatus(store, 'total'))!.checkpoint).toBe(POISON - 1);
    const resumed = await runProjection(store, totalFixed);
    expect(resumed.rebuilt).toBe(false);
    expect(resumed.status.kind).toBe('ok');
    expect(resumed.state).toEqual((await runProjection(store, totalFixed, { rebuild: true, toPosition: 60 })).state);
    expect(resumed.state).toEqual({ total: (60 * 61) / 2 - POISON + 7, count: 60 });
    await store.close();
  });

  it('LiveProjections: the poisoned projection stops with its status in the snapshot, the others stay live, persist() saves it failed; the fix resumes it', async () => {
    const file = await poisonedLog();
    const store = open(file, v1Registry);
    const live = new LiveProjections(store, [total, count, last]);
    const snap = await live.catchUp();
    expect(snap.position).toBe(60);
    expect(snap.status.get('total')).toMatchObject({ checkpoint: POISON - 1, status: { kind: 'failed', position: POISON, eventId: `c-${POISON}` } });
    expect(snap.state<Total>('total')).toEqual(await foldTo(store, total, POISON - 1));
    expect(snap.state<{ count: number }>('count')).toEqual({ count: 60 });
    await appendMore(store, 61, 70);
    const later = await live.catchUp();
    expect(later.status.get('total')!.checkpoint).toBe(POISON - 1);
    expect(later.state<{ count: number }>('count')).toEqual({ count: 70 });
    expect(later.state<{ last: unknown }>('last')).toEqual({ last: 70 });
    await live.persist();
    expect(await projectionStatus(store, 'total')).toMatchObject({ checkpoint: POISON - 1, status: { kind: 'failed', position: POISON } });
    expect((await store.projections.load('count'))!.checkpoint).toBe(70);
    await store.close();

    for (const [how, registry, projection] of [
      ['upcaster', v2Registry, total],
      ['fixed handler', v1Registry, totalFixed],
    ] as const) {
      const fixedStore = open(file, registry);
      const fixedLive = new LiveProjections(fixedStore, [projection, count, last]);
      const s = await fixedLive.catchUp();
      expect(s.status.get('total'), how).toMatchObject({ checkpoint: 70, status: { kind: 'ok' } });
      expect(s.state<Total>('total'), how).toEqual((await runProjection(fixedStore, projection, { rebuild: true, toPosition: 70 })).state);
      expect(s.state<Total>('total'), how).toEqual({ total: (70 * 71) / 2 - POISON + 7, count: 70 });
      await fixedStore.close();
    }
  });

  it('a poison at read time (an upcaster that throws): a typed upcast_failed naming the position; saved checkpoints stay before it; the fixed upcaster resumes', async () => {
    const file = await poisonedLog();
    const buggy = eventRegistry([
      defineEvent('Counted', z.strictObject({ n: z.number() }), {
        version: 2,
        upcasters: [
          {
            from: 1,
            schema: CountedV1,
            up: (d: { n: number | string }) => {
              if (typeof d.n === 'string') throw new Error('cannot convert a string yet');
              return d;
            },
          },
        ],
      }),
    ]);
    const store = open(file, buggy);
    const error = await runProjections(store, [total, count], { checkpointEvery: 5, batchSize: 4 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NtmAnttError);
    expect(error).toMatchObject({ code: 'upcast_failed', details: { position: POISON, eventId: `c-${POISON}` } });
    for (const name of ['total', 'count']) {
      const saved = await store.projections.load(name);
      if (saved !== undefined) expect(saved.checkpoint).toBeLessThan(POISON);
    }
    const liveError = await new LiveProjections(store, [count]).catchUp().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(liveError).toMatchObject({ code: 'upcast_failed' });
    await store.close();
    const fixed = open(file, v2Registry);
    const [t, c] = await runProjections(fixed, [total, count]);
    expect([t!.status.kind, c!.status.kind, t!.checkpoint]).toEqual(['ok', 'ok', 60]);
    expect(t!.state).toEqual((await runProjection(fixed, total, { rebuild: true, toPosition: 60 })).state);
    await fixed.close();
    figure(`poison at read time: ${(error as NtmAnttError).code} ${JSON.stringify((error as NtmAnttError).details)}; stops every projection of the run (the read fails), checkpoints stay before position ${POISON}`);
  });
  it('the read models refuse to answer while one of them stopped at a poison event: read_model_failed, naming it (was defect D9)', async () => {
    // a store without a registry lets a malformed incident through; the incident cube's handler throws on it
    const store = sqliteStore(join(tmp.dir, `read-models-${++files}.db`));
    await store.append('incident-bad', [{ type: 'IncidentRecorded', data: { incidentId: 'bad', localityCode: 'X' } }]);
    const expectFailed = (e: unknown) => {
      expect(e).toBeInstanceOf(NtmAnttError);
      expect((e as NtmAnttError).code).toBe('read_model_failed');
      expect((e as NtmAnttError).details).toMatchObject({ projection: 'incident-cube', position: 1, eventType: 'IncidentRecorded' });
      expect((e as Error).message).toMatch(/read model incident-cube stopped at position 1/);
    };
    expectFailed(await readModelsAsOf(store, Date.now() + 60_000).then(() => undefined, (e: unknown) => e));
    expectFailed(await liveReadModels(store).current().then(() => undefined, (e: unknown) => e));
    await store.close();
  });
});
