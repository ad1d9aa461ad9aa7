import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../adapters/memory/index.js';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import {
  Ledger,
  READ_MODEL_PROJECTIONS,
  addDays,
  ledgerEvents,
  manualClock,
  periodOf,
  runProjections,
  foldRange,
  forEachCell,
  incidentCubeProjection,
  readModelsAsOf,
  type EventStore,
  type IncidentCubeState,
  type LedgerCommand,
  type RunOptions,
  type ReadModels,
  type StoredEvent,
} from '../../src/index.js';
import { attainment, attainmentOutcome } from '../../src/projections/attainment.js';
import { baselineComparison, baselineTallyUnder, metricById, trend, trendsUnder, yearOnYearOutcome } from '../../src/projections/trends.js';

const LABELS = [['crime.social-order'], ['crime.drug'], ['crime.social-order', 'social-evil.gambling'], ['traffic-accident'], ['mass-complaint']] as const;
const base = { legalBasis: 'test' };

/** A random history: a small register that changes over 2019-2024, and incidents recorded against the units of their day. */
const historyArb = fc.record({
  ops: fc.array(fc.record({ kind: fc.nat({ max: 5 }), a: fc.nat(), b: fc.nat(), day: fc.integer({ min: 30, max: 400 }) }), { maxLength: 6 }),
  incidents: fc.array(fc.record({ day: fc.integer({ min: 0, max: 6 * 365 - 1 }), pick: fc.nat(), labels: fc.nat({ max: LABELS.length - 1 }), fix: fc.nat({ max: 9 }), deaths: fc.nat({ max: 2 }) }), { maxLength: 60 }),
});

type History = { ops: Array<{ kind: number; a: number; b: number; day: number }>; incidents: Array<{ day: number; pick: number; labels: number; fix: number; deaths: number }> };

/** Records a random history through the ledger (every command validated). */
async function record(ledger: Ledger, h: History): Promise<void> {
  const on = (effectiveDate: string) => ({ ...base, effectiveDate });
  const setup: LedgerCommand[] = [
    { type: 'EstablishLocality', code: 'P', name: 'Tỉnh P', kind: 'province', ...on('2019-01-01') },
    { type: 'EstablishLocality', code: 'D1', name: 'Huyện 1', kind: 'huyen', parentCode: 'P', ...on('2019-01-01') },
    { type: 'EstablishLocality', code: 'D2', name: 'Huyện 2', kind: 'huyen', parentCode: 'P', ...on('2019-01-01') },
    ...['C1', 'C2', 'C3', 'C4', 'C5', 'C6'].map((code, i): LedgerCommand => ({ type: 'EstablishLocality', code, name: `Xã ${code}`, kind: i === 5 ? 'phuong' : 'xa', parentCode: i < 3 ? 'D1' : 'D2', ...on('2019-01-01') })),
  ];
  await ledger.executeAll(setup);
  let date = '2019-01-01';
  let fresh = 10;
  for (const o of h.ops) {
    date = addDays(date, o.day);
    if (date > '2024-12-31') break;
    const hier = await ledger.hierarchyAt(date);
    const communes = hier.ofLevel('commune').map((u) => u.code);
    const districts = hier.ofLevel('district').map((u) => u.code);
    const c1 = communes[o.a % communes.length];
    const others = communes.filter((c) => c !== c1);
    if (c1 === undefined) continue;
    const parent = hier.units.get(c1)!.parentCode!;
    const cmd: LedgerCommand | undefined =
      o.kind === 0 && others.length > 0
        ? { type: 'MergeLocalities', target: c1, sources: [others[o.b % others.length]!], ...on(date) }
        : o.kind === 1 && districts.length > 1
          ? { type: 'TransferLocality', code: c1, parentCode: districts.filter((d) => d !== parent)[o.b % (districts.length - 1)]!, ...on(date) }
          : o.kind === 2
            ? { type: 'SplitLocality', source: c1, targets: [{ code: c1, allocation: { numerator: 1, denominator: 3 } }, { code: `N${fresh}`, allocation: { numerator: 2, denominator: 3 }, establish: { name: `Xã N${fresh++}`, kind: 'xa', parentCode: parent } }], ...on(date) }
            : o.kind === 3
              ? { type: 'SplitLocality', source: c1, targets: [{ code: c1 }, { code: `N${fresh}`, establish: { name: `Xã N${fresh++}`, kind: 'xa', parentCode: parent } }], ...on(date) }
              : o.kind === 4 && hier.children(parent).length > 1
                ? { type: 'DissolveLocality', code: c1, ...on(date) }
                : undefined;
    if (cmd !== undefined) await ledger.execute(cmd);
  }
  const commands: LedgerCommand[] = [];
  const followUps: LedgerCommand[] = [];
  let n = 0;
  for (const i of h.incidents) {
    const day = addDays('2019-01-01', i.day);
    const communes = (await ledger.hierarchyAt(day)).ofLevel('commune').map((u) => u.code);
    const id = `inc-${n++}`;
    commands.push({ type: 'RecordIncident', incidentId: id, localityCode: communes[i.pick % communes.length]!, occurredOn: day, reportedOn: addDays(day, i.fix % 3), labels: [...LABELS[i.labels]!], casualties: { deaths: i.deaths, injuries: 0 } });
    if (i.fix === 7) followUps.push({ type: 'RetractIncident', incidentId: id, reason: 'recorded in error' });
    if (i.fix === 8) followUps.push({ type: 'ReclassifyIncident', incidentId: id, labels: ['crime.economic'], reason: 'reclassified' });
  }
  if (commands.length > 0) await ledger.executeAll(commands);
  if (followUps.length > 0) await ledger.executeAll(followUps);
}

async function allEvents(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

/** Appends `events` stream by stream in an order given by `seed`, keeping each stream's own order. */
async function replayInterleaved(events: readonly StoredEvent[], target: EventStore, order: readonly number[]): Promise<void> {
  const byStream = new Map<string, StoredEvent[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const queues = [...byStream.values()];
  let k = 0;
  while (queues.some((q) => q.length > 0)) {
    const live = queues.filter((q) => q.length > 0);
    const q = live[(order[k++ % Math.max(1, order.length)] ?? 0) % live.length]!;
    const e = q.shift()!;
    await target.append(e.streamId, [{ type: e.type, data: e.data, id: e.id }]);
  }
}

/** The incident cube as sorted non-empty cells (its slot layout depends on the order keys first appeared). */
function cubeCells(cube: IncidentCubeState) {
  const cells: Array<[string, string, number, number, number]> = [];
  forEachCell(cube, (commune, key, c, d, i) => cells.push([commune, key, c, d, i]));
  const sorted = (m: Map<string, Map<string, number>>) => [...m].map(([k, v]) => [k, [...v].filter(([, n]) => n !== 0).sort()] as const).filter(([, v]) => v.length > 0).sort();
  return { cells: cells.sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)), resolved: sorted(cube.resolved) };
}

/** The read models without the log positions they keep for as-of (an interleaving changes positions, not meaning). */
function normalised(results: ReadonlyArray<{ name: string; state: unknown }>) {
  const withoutPositions = (name: string, state: unknown): unknown => {
    if (name === 'incident-cube') return cubeCells(state as IncidentCubeState);
    const { positions: _p, stamps: _s, journal: _j, ...rest } = state as Record<string, unknown>;
    return rest;
  };
  return Object.fromEntries(results.map((r) => [r.name, withoutPositions(r.name, r.state)]));
}

async function modelsOf(store: EventStore, options: RunOptions = {}) {
  return normalised(await runProjections(store, READ_MODEL_PROJECTIONS, { freeze: false, ...options }));
}

function everyCount(rm: ReadModels, at: string, year: number, metricId: string) {
  const c = rm.counts({ metric: metricById(metricId), period: periodOf('calendar-year', year), at });
  const h = rm.history.hierarchyAt(at);
  return { c, h };
}

describe('projection properties over generated histories', () => {
  it('for counts, the sum of the children equals the parent, at any hierarchy date', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 0, max: 6 * 365 }), fc.integer({ min: 2019, max: 2024 }), fc.constantFrom('social-order-crime', 'all-crime', 'traffic-deaths'), async (h, atDay, year, metricId) => {
        const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }));
        await record(ledger, h as History);
        const rm = await ledger.readModels();
        const at = addDays('2019-01-01', atDay);
        const { c, h: hier } = everyCount(rm, at, year, metricId);
        for (const u of hier.units.values()) {
          if (u.level === 'commune') continue;
          const parent = c.get(u.code)!;
          const children = hier.children(u.code).map((code) => c.get(code)!);
          if (children.every((x) => x.kind === 'count')) {
            expect(parent.kind, `${u.code} on ${at}`).toBe('count');
            const sum = children.reduce((s, x) => s + (x.kind === 'count' ? x.value.numerator / x.value.denominator : 0), 0);
            if (parent.kind === 'count') expect(parent.value.numerator / parent.value.denominator).toBeCloseTo(sum, 9);
          }
          if (parent.kind === 'not_comparable') expect(children.some((x) => x.kind === 'not_comparable')).toBe(true);
        }
        await ledger.close();
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('counts and trends do not depend on how events of different streams interleave', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), async (h, order) => {
        const source = memoryStore({ events: ledgerEvents });
        const ledger = await Ledger.open(source);
        await record(ledger, h as History);
        const events = await allEvents(source);
        const shuffled = memoryStore({ events: ledgerEvents });
        await replayInterleaved(events, shuffled, order);
        expect(await modelsOf(shuffled)).toEqual(await modelsOf(source));
        const a = await ledger.readModels();
        const b = await (await Ledger.open(shuffled)).readModels();
        for (const at of ['2021-06-30', '2024-12-31']) {
          for (const code of a.history.hierarchyAt(at).units.keys()) {
            const ta = a.counts({ metric: metricById('social-order-crime'), period: periodOf('calendar-year', 2019), at }).get(code);
            const tb = b.counts({ metric: metricById('social-order-crime'), period: periodOf('calendar-year', 2019), at }).get(code);
            expect(tb).toEqual(ta);
          }
        }
        await ledger.close();
      }),
      {
        numRuns: 30,
        // found by CI: the reasons of a not-comparable count came in the order the incidents were folded in
        examples: [[{ ops: [{ kind: 0, a: 0, b: 0, day: 30 }, { kind: 2, a: 7, b: 0, day: 30 }, { kind: 3, a: 23, b: 0, day: 30 }], incidents: [{ day: 14, pick: 21, labels: 0, fix: 0, deaths: 0 }, { day: 0, pick: 1182794535, labels: 0, fix: 0, deaths: 0 }] } as never, [472524776]]],
      },
    );
  }, 120_000);

  it('rebuilding in parts (the incident cube folded in ranges and merged) equals one sequential rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 4 }), fc.option(fc.nat({ max: 120 })), async (h, parts, toPosition) => {
        const store = memoryStore({ events: ledgerEvents });
        const ledger = await Ledger.open(store);
        await record(ledger, h as History);
        const cut = toPosition === null ? {} : { toPosition };
        const parallel = { concurrency: parts, minSpan: 1, foldRange: (r: Parameters<typeof foldRange>[2]) => foldRange(store, READ_MODEL_PROJECTIONS, r) };
        expect(await modelsOf(store, { rebuild: true, parallel, ...cut })).toEqual(await modelsOf(store, { rebuild: true, ...cut }));
        await ledger.close();
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('the incident cube survives its codec through JSON (what is saved is what is loaded)', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (h) => {
        const store = memoryStore({ events: ledgerEvents });
        const ledger = await Ledger.open(store);
        await record(ledger, h as History);
        const [cube] = await runProjections(store, [incidentCubeProjection], { freeze: false });
        const codec = incidentCubeProjection.codec!;
        const state = cube!.state as IncidentCubeState;
        expect(cubeCells(codec.decode(JSON.parse(JSON.stringify(codec.encode(state)))))).toEqual(cubeCells(state));
        await ledger.close();
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('the saved cube writes each cell key once, and a state saved in another form is refused with a clear error', () => {
    const codec = incidentCubeProjection.codec!;
    const state: IncidentCubeState = { cells: new Map(), resolved: new Map() };
    const facts = { localityCode: 'a', occurredOn: '2024-01-03', reportedOn: '2024-01-20', labels: ['crime.social-order'] };
    for (const code of ['a', 'b', 'c']) incidentCubeProjection.apply(state, { type: 'IncidentRecorded', data: { ...facts, incidentId: code, localityCode: code } } as never);
    const saved = JSON.parse(JSON.stringify(codec.encode(state))) as { v: number; keys: string[]; cells: unknown[] };
    expect(saved.v).toBe(5);
    expect(saved.keys).toEqual(['2024-01-a|2024-01-b|crime.social-order||']);
    expect(saved.cells).toEqual(['a', [0, 1, 0, 0], 'b', [0, 1, 0, 0], 'c', [0, 1, 0, 0]]);
    expect(() => codec.decode({ v: 4, cells: [], resolved: [] })).toThrow(/v5 was expected, got v4/);
    expect(() => incidentCubeProjection.mergeSaved!(state, null)).toThrow(/v5 was expected, got null/);
  });

  it('the memory and SQLite adapters give identical read models', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (h) => {
        const clockA = manualClock('2026-01-01T00:00:00Z');
        const mem = memoryStore({ events: ledgerEvents, clock: clockA });
        const sql = sqliteStore(':memory:', { events: ledgerEvents, clock: manualClock('2026-01-01T00:00:00Z') });
        const la = await Ledger.open(mem);
        await record(la, h as History);
        // replay the same log into SQLite, event for event
        for (const e of await allEvents(mem)) await sql.append(e.streamId, [{ type: e.type, data: e.data, id: e.id, metadata: e.metadata }]);
        expect(await modelsOf(sql)).toEqual(await modelsOf(mem));
        const rmA = await la.readModels();
        const rmB = await (await Ledger.open(sql)).readModels();
        const at = '2024-12-31';
        for (const code of rmA.history.hierarchyAt(at).units.keys()) {
          expect(rmB.counts({ metric: metricById('all-crime'), period: periodOf('calendar-year', 2020), at }).get(code)).toEqual(rmA.counts({ metric: metricById('all-crime'), period: periodOf('calendar-year', 2020), at }).get(code));
        }
        await la.close();
        await sql.close();
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('as known at any past time, the read models filtered from today’s equal a refold of the log up to then', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.array(fc.nat({ max: 6000 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), async (h, gaps, cuts) => {
        const source = memoryStore({ events: ledgerEvents });
        await record(await Ledger.open(source), h as History);
        // replay one event per minute, with runs of filler attestations between them (long logs, corrections far from their incidents)
        const clock = manualClock('2025-01-01T00:00:00Z');
        const store = memoryStore({ events: ledgerEvents, clock });
        const events = await allEvents(source);
        let minute = 0;
        const tick = () => clock.set(new Date(Date.parse('2025-01-01T00:00:00Z') + 60_000 * minute++).toISOString());
        for (const [i, e] of events.entries()) {
          const gap = i % 7 === 0 ? (gaps[(i / 7) % gaps.length] ?? 0) : 0;
          if (gap > 0) {
            tick();
            await store.append(`filler-${i}`, Array.from({ length: gap }, (_, k) => ({ type: 'FactAttested', data: { localityCode: 'Z', fact: 'filler', year: 2020 + (k % 4), value: k % 2 === 0, attestedBy: 'test', attestedOn: '2024-01-01' } })));
          }
          tick();
          await store.append(e.streamId, [{ type: e.type, data: e.data, id: e.id }]);
        }
        const live = await (await Ledger.open(store)).readModels();
        for (const cut of cuts) {
          const asOf = new Date(Date.parse('2025-01-01T00:00:00Z') + 60_000 * (cut % (minute + 2)) + 30_000).toISOString();
          const view = await readModelsAsOf(store, asOf, live);
          const refold = await readModelsAsOf(store, asOf);
          expect(view.position).toBe(refold.position);
          const states = (rm: ReadModels) => ({ register: rm.register, incidents: cubeCells(rm.incidents), recognitions: rm.recognitions, criteria: rm.criteria, plans: rm.plans });
          expect(states(view)).toEqual(states(refold));
          for (const at of ['2020-06-30', '2024-12-31']) {
            for (const code of refold.history.hierarchyAt(at).units.keys()) {
              for (const year of [2019, 2023]) {
                const q = { metric: metricById('social-order-crime'), period: periodOf('calendar-year', year), at };
                expect(view.counts(q).get(code), `${code} ${year} on ${at} as of ${asOf}`).toEqual(refold.counts(q).get(code));
              }
            }
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 240_000);
  it('the lean answers of the targets (baseline tallies and comparisons, year-on-year and attainment outcomes) equal the full ones', async () => {
    const seen = { attainment: new Set<string>(), yoy: new Set<string>(), aloneMet: 0 };
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 0, max: 7 }), async (h, recognised) => {
        const store = memoryStore({ events: ledgerEvents });
        const ledger = await Ledger.open(store);
        await ledger.publishBuiltInCriteria();
        await record(ledger, h as History);
        // a few recognitions, so that attainment outcomes differ between communes
        const first = (await ledger.hierarchyAt('2022-12-20')).ofLevel('commune').filter((u) => u.kind === 'xa').slice(0, recognised % 4);
        for (const u of first) {
          await ledger.execute({ type: 'RecogniseStandard', recognitionId: `r-${u.code}`, localityCode: u.code, standard: 'commune-standard-2021:19.2', period: { fromYear: 2022, toYear: 2024 }, decision: { number: `${u.code}/QĐ-UBND`, date: '2022-12-20', authority: 'UBND huyện' } });
        }
        // and the facts the rules ask for, attested (true, and for the disciplinary one false) for some communes and years
        const facts = ['antt-outstanding-field', 'commune-police-proactive', 'commune-police-role-promoted', 'effective-antt-model', 'effective-movement-model', 'law-and-rules-implemented', 'q1-registration-residential', 'q1-resolution-plan-registration', 'reintegration-support', 'self-management-groups-active', 'social-evils-controlled', 'police-officer-disciplined', 'serious-accident-subjective-cause'];
        const attest: LedgerCommand[] = [];
        for (const year of [2022, 2024]) {
          for (const [i, u] of (await ledger.hierarchyAt(`${year}-11-20`)).ofLevel('commune').entries()) {
            if ((i + recognised) % 3 === 0) continue;
            for (const fact of facts) attest.push({ type: 'AttestFact', localityCode: u.code, fact, year, value: !fact.startsWith('police') && !fact.startsWith('serious'), attestedBy: 'Công an xã', attestedOn: `${year}-11-20` });
          }
        }
        if (attest.length > 0) await ledger.executeAll(attest);
        // two bundles: each lean answer is asked first on one, each full answer first on the other (no shared memo)
        const lean = await readModelsAsOf(store, '9999-12-31T00:00:00Z');
        const full = await readModelsAsOf(store, '9999-12-31T00:00:00Z');
        for (const year of [2020, 2022, 2024]) {
          const at = `${year}-12-31`;
          for (const level of ['commune', 'district'] as const) {
            const q = { locality: 'P', level, year, at };
            const t = baselineTallyUnder(lean, q);
            const s = trendsUnder(full, q);
            expect({ localities: t.localities, alone: t.alone, groups: t.groups }, `${level} ${year}`).toEqual({ localities: s.localities, alone: s.alone, groups: s.groups });
            seen.aloneMet += t.alone.met;
          }
          for (const u of full.history.hierarchyAt(at).units.values()) {
            if (u.level !== 'commune' && u.level !== 'district' && u.level !== 'province') continue;
            for (const metric of ['social-order-crime', 'traffic-accidents']) {
              const full1 = trend(full, { locality: u.code, metric, year, at });
              expect(baselineComparison(lean, { locality: u.code, metric, year, at }), `${u.code} ${metric} ${year}`).toEqual({ current: full1.current, vsBaseline: full1.vsBaseline });
              const o = yearOnYearOutcome(lean, { locality: u.code, metric, year, at });
              expect(o, `${u.code} ${metric} ${year}`).toBe(trend(full, { locality: u.code, metric, year, at }).yearOnYear.outcome);
              seen.yoy.add(o);
            }
            if (u.level !== 'commune') continue;
            for (const standard of ['commune-standard-2021:19.2', 'commune-advanced-2021:19.2', 'commune-model-2021:antt']) {
              const q = { locality: u.code, standard, year, at };
              const o = attainmentOutcome(lean, q);
              expect(o, `${u.code} ${standard} ${year}`).toBe(attainment(full, q).outcome);
              seen.attainment.add(o);
            }
          }
        }
      }),
      // one history that surely reaches every outcome counted below: Xã C1 falls (3 cases in 2019, 1 in each
      // later year), Xã C2 rises (1 in 2019, none in 2021, 3 in 2022)
      {
        numRuns: 25,
        examples: [
          [
            {
              ops: [],
              incidents: [
                ...[10, 20, 30, 400, 800, 1100, 1800].map((day) => ({ day, pick: 0, labels: 0, fix: 0, deaths: 0 })),
                ...[15, 1100, 1110, 1120].map((day) => ({ day, pick: 1, labels: 0, fix: 0, deaths: 0 })),
              ],
            },
            1,
          ],
        ],
      },
    );
    // the histories reached the outcomes that matter, not only no_data
    expect([...seen.attainment]).toEqual(expect.arrayContaining(['met', 'not_met']));
    expect([...seen.yoy]).toEqual(expect.arrayContaining(['met', 'not_met']));
    expect(seen.aloneMet).toBeGreaterThan(0);
  }, 240_000);
});
