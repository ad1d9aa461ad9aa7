/**
 * `sqliteRangeFolder`: real worker threads folding parts of a SQLite file,
 * merged by the runner, give exactly the read models of a sequential rebuild.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteRangeFolder, sqliteStore } from '../../adapters/sqlite/index.js';
import { Ledger, READ_MODEL_BUNDLE, READ_MODEL_PROJECTIONS, forEachCell, ledgerEvents, runProjections, type IncidentCubeState, type LedgerCommand, type RangeFolder, type RangeFoldResult } from '../../src/index.js';

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

/** Wraps a folder to keep what its parts returned. */
function watched(folder: RangeFolder, seen: RangeFoldResult[]): RangeFolder {
  return { ...folder, foldRange: async (r) => { const x = await folder.foldRange(r); seen.push(x); return x; } };
}

describe('sqliteRangeFolder', () => {
  it('worker threads fold the later parts; the merged read models equal a sequential rebuild, and are saved', async () => {
    const file = await ledgerFile('parts.db');
    const store = sqliteStore(file, { events: ledgerEvents });
    const sequential = normalised(await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false }));
    const seen: RangeFoldResult[] = [];
    const parallel = watched(sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 2, minSpan: 1 }), seen);
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

  it('a module without the bundle makes the parts fail with a reason; the run folds them here and is still right', async () => {
    const file = await ledgerFile('fallback.db');
    const bad = join(dir, 'not-a-bundle.mjs');
    writeFileSync(bad, 'export const nothing = 1;\n');
    const store = sqliteStore(file, { events: ledgerEvents });
    const sequential = normalised(await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false }));
    const seen: RangeFoldResult[] = [];
    const result = await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false, parallel: watched(sqliteRangeFolder({ file, module: pathToFileURL(bad), minSpan: 1, workers: 1 }), seen) });
    expect(seen).toEqual([{ ok: false, error: { code: 'invalid_bundle', message: `${pathToFileURL(bad).href} has no export default of the form { projections, events? }` } }]);
    expect(normalised(result)).toEqual(sequential);
    await store.close();
  }, 120_000);

  it('the ledger rebuild takes a folder', async () => {
    const file = await ledgerFile('ledger.db');
    const ledger = await Ledger.open(sqliteStore(file, { events: ledgerEvents }));
    const before = await ledger.readModels();
    const seen: RangeFoldResult[] = [];
    const { events } = await ledger.rebuild({ parallel: watched(sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 1, minSpan: 1 }), seen) });
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
