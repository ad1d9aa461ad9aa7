/**
 * `sqliteRangeFolder`: real worker threads folding parts of a SQLite file,
 * merged by the runner, give exactly the read models of a sequential rebuild.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sqliteRangeFolder, sqliteStore } from '../../adapters/sqlite/index.js';
import { Ledger, READ_MODEL_BUNDLE, READ_MODEL_PROJECTIONS, forEachCell, ledgerEvents, runProjections, type IncidentCubeState, type LedgerCommand, type RangeFolder, type RangeFoldResult, type ClaimedFoldRequest, type ClaimedRange, type EventStore } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ntm-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function normalised(results: ReadonlyArray<{ name: string; state: unknown }>) {
  return Object.fromEntries(
    results.map((r) => {
      if (r.name !== 'incident-cube') return [r.name, r.state];
      const cube = r.state as IncidentCubeState;
      const cells: string[] = [];
      forEachCell(cube, (commune, key, c, d, i) => cells.push(`${commune}|${key}|${c}|${d}|${i}`));
      return [r.name, { cells: cells.sort() }];
    }),
  );
}

/** A Thanh Hóa ledger file with 600 incidents, a fifth of them corrected later (in other parts of the log). */
async function ledgerFile(name: string): Promise<string> {
  const file = join(dir, name);
  const ledger = await Ledger.open(sqliteStore(file, { events: ledgerEvents }));
  await ledger.loadThanhHoaRegister();
  const communes = (await ledger.hierarchyAt('2023-06-30')).ofLevel('commune').map((u) => u.code);
  const record: LedgerCommand[] = [];
  const fix: LedgerCommand[] = [];
  for (let i = 0; i < 600; i++) {
    const day = `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    record.push({ type: 'RecordIncident', incidentId: `r${i}`, localityCode: communes[(i * 7) % communes.length]!, occurredOn: day, reportedOn: day, labels: [i % 3 === 0 ? 'crime.drug' : 'crime.social-order'], casualties: { deaths: i % 11 === 0 ? 1 : 0, injuries: i % 2 } });
    if (i % 5 === 0) fix.push(i % 10 === 0 ? { type: 'RetractIncident', incidentId: `r${i}`, reason: 'recorded twice' } : { type: 'ReclassifyIncident', incidentId: `r${i}`, labels: ['crime.economic'], reason: 'reclassified' });
  }
  await ledger.executeAll(record);
  await ledger.executeAll(fix);
  await ledger.close();
  return file;
}

/** A ledger file, a store on it, and its read models rebuilt on one thread (what every split rebuild must equal). */
async function rebuiltLedger(name: string) {
  const file = await ledgerFile(name);
  const store = sqliteStore(file, { events: ledgerEvents });
  const sequential = normalised(await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false }));
  return { file, store, sequential };
}

/** Wraps a folder to keep what its parts returned, and the ranges its parts claimed. */
function watched(folder: RangeFolder, seen: RangeFoldResult[], claimed: Array<ClaimedRange | undefined> = []): RangeFolder {
  const keep = (x: RangeFoldResult) => {
    seen.push(x);
    return x;
  };
  return {
    ...folder,
    foldRange: async (r) => keep(await folder.foldRange(r)),
    ...(folder.foldClaimed === undefined
      ? {}
      : {
          foldClaimed: async (r: ClaimedFoldRequest) => {
            const claim = () => {
              const range = r.claim();
              claimed.push(range);
              return range;
            };
            return keep(await folder.foldClaimed!({ projections: r.projections, signal: r.signal, claim }));
          },
        }),
  };
}

/** The store, whose reads stop after 100 events until `ready()` holds: workers get ready while the calling thread is mid-way. */
function pausing(store: EventStore, ready: () => boolean): EventStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'readAll') return Reflect.get(target, key, receiver) as unknown;
      return async function* (options: Parameters<EventStore['readAll']>[0]) {
        let n = 0;
        for await (const e of target.readAll(options)) {
          if (++n === 100) await vi.waitFor(() => expect(ready()).toBe(true), { timeout: 60_000, interval: 10 });
          yield e;
        }
      };
    },
  });
}

describe('sqliteRangeFolder', () => {
  it('worker threads fold the later parts decided up front; the merged read models equal a sequential rebuild, and are saved', async () => {
    const { file, store, sequential } = await rebuiltLedger('parts.db');
    const seen: RangeFoldResult[] = [];
    const parallel = watched(sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 2, minSpan: 1, claim: false }), seen);
    const result = await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false, parallel });
    expect(seen).toHaveLength(2);
    for (const r of seen) expect(r).toMatchObject({ ok: true });
    expect(seen.reduce((n, r) => n + (r.ok ? r.applied['incident-cube']! : 0), 0)).toBeGreaterThan(0);
    expect(normalised(result)).toEqual(sequential);
    // what was saved loads back to the same read models
    const reloaded = normalised(await runProjections(store, READ_MODEL_PROJECTIONS, { freeze: false }));
    expect(reloaded).toEqual(sequential);
    await store.close();
  }, 120_000);

  it('workers claim the later part of what is left when they are ready; the merged read models equal a sequential rebuild', async () => {
    const { file, store, sequential } = await rebuiltLedger('claimed.db');
    const head = await store.headPosition();
    const seen: RangeFoldResult[] = [];
    const claimed: Array<ClaimedRange | undefined> = [];
    const parallel = watched(sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 2, minSpan: 1 }), seen, claimed);
    const result = await runProjections(pausing(store, () => claimed.length === 2), READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false, batchSize: 50, parallel });
    // both workers claimed while the calling thread was at its 100th event: each took a range, the last ending at the head
    expect(claimed).toHaveLength(2);
    const ranges = claimed.map((r) => r!).sort((a, b) => a.fromPosition - b.fromPosition);
    expect(ranges[1]!.toPosition).toBe(head);
    expect(ranges[1]!.fromPosition).toBe(ranges[0]!.toPosition + 1);
    expect(seen).toHaveLength(2);
    for (const r of seen) expect(r).toMatchObject({ ok: true });
    expect(normalised(result)).toEqual(sequential);
    await store.close();
  }, 120_000);

  it('a worker not ready when the calling thread has folded everything is stopped, and claims nothing', async () => {
    const { file, store, sequential } = await rebuiltLedger('unclaimed.db');
    const seen: RangeFoldResult[] = [];
    const claimed: Array<ClaimedRange | undefined> = [];
    const result = await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false, parallel: watched(sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 1, minSpan: 1 }), seen, claimed) });
    expect(normalised(result)).toEqual(sequential);
    // the few thousand events here fold long before a worker has loaded its modules
    await vi.waitFor(() => expect(seen).toEqual([{ ok: true, states: {}, applied: {} }]));
    expect(claimed).toEqual([]);
    await store.close();
  }, 120_000);

  it('a module without the bundle makes the parts fail with a reason; the run folds them here and is still right', async () => {
    const { file, store, sequential } = await rebuiltLedger('fallback.db');
    const bad = join(dir, 'not-a-bundle.mjs');
    writeFileSync(bad, 'export const nothing = 1;\n');
    const seen: RangeFoldResult[] = [];
    const result = await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false, parallel: watched(sqliteRangeFolder({ file, module: pathToFileURL(bad), minSpan: 1, workers: 1, claim: false }), seen) });
    expect(seen).toEqual([{ ok: false, error: { code: 'invalid_bundle', message: `${pathToFileURL(bad).href} has no export default of the form { projections, events? }` } }]);
    expect(normalised(result)).toEqual(sequential);
    await store.close();
  }, 120_000);

  it('the ledger rebuild takes a folder', async () => {
    const file = await ledgerFile('ledger.db');
    const ledger = await Ledger.open(sqliteStore(file, { events: ledgerEvents }));
    const before = await ledger.readModels();
    const seen: RangeFoldResult[] = [];
    const { events } = await ledger.rebuild({ parallel: watched(sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 1, minSpan: 1, claim: false }), seen) });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ ok: true });
    expect(events).toBe(before.position);
    await ledger.close();
  }, 120_000);

  it('refuses an in-memory database, a relative module path and a bad worker count, saying which', () => {
    expect(() => sqliteRangeFolder({ file: ':memory:', module: READ_MODEL_BUNDLE })).toThrow(/in-memory database cannot be shared/);
    expect(() => sqliteRangeFolder({ file: 'x.db', module: './bundle.js' })).toThrow(/module must be a file URL or an absolute path, got \.\/bundle\.js/);
    expect(() => sqliteRangeFolder({ file: 'x.db', module: READ_MODEL_BUNDLE, workers: 0 })).toThrow(/workers must be an integer >= 1, got 0/);
  });
});
