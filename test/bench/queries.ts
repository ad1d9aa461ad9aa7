/**
 * The query side of the bench: what a province (or the nation) waits for
 * when it asks the ledger a question, measured in a child process of its own
 * per mode so that each figure is a fresh process's (caches, JIT, memory).
 * The in-process modes load the built package (`dist/`, what an application
 * imports), or the sources when it is not built.
 * `test/bench/main.ts` runs the modes, takes medians and prints the targets.
 * Every mode prints one JSON line.
 *
 *   node --import tsx test/bench/queries.ts raw <db> <runs>
 *     The reference (floor) of a province read: plain `node` (no TypeScript
 *     loader, like the built CLI) with raw better-sqlite3
 *     `SELECT position, type, data FROM events ORDER BY position` (`.raw()`)
 *     and `JSON.parse` of every payload. Each run is a new process, timed
 *     from here around `execFileSync` (process start included) and inside
 *     (open + SELECT + parse). → { processMs: [], readMs: [], events }
 *   … report <db> plain|asof [<year>]
 *     In-process: `Ledger.open` (its ms alone: the saved read models loaded
 *     and brought up to date), then `buildReport` for the year (plain: 2025
 *     by default) or for the year as filed on 2025-01-20 (asof: 2024 by
 *     default; a filter of today's read models, plus today's figures for the
 *     differences) followed by
 *     `renderReport` in html, md, csv, json (vi) and html (en), the five
 *     files the demo writes. → { openMs, buildMs, renderMs, reportMs, bytes }
 *   … cli <db> <runs> <year> [<as-of>]
 *     The cold CLI of the built package (`node dist/src/cli/main.js --db <db>
 *     report --year … --format json --out <tmp>`), a new process per run,
 *     wall clock from here. → { ms: [] }
 *   … warm <db> <calls> province|national [<seed>]
 *     An embedding application: one process, the ledger opened once, one
 *     warm-up call of each query kind, then <calls> calls each a seeded
 *     (mulberry32) random choice of `trend` (a commune of the year's
 *     hierarchy), `attainmentRate` (commune-standard-2021:19.2; on the
 *     national log for a random province) and `attainment` (a random 'xa'),
 *     years 2020-2025; each call timed. A kind whose standard is not
 *     published in the log (NotFoundError at warm-up, the national log has
 *     no criteria) is left out and named in `skipped`.
 *     → { calls, p50Ms, p95Ms, byKind: { kind: { calls, p50Ms, p95Ms } }, skipped }
 *   … national <db> [<provinces>]
 *     On the national log (read models saved by the rebuild of main.ts): one
 *     process opens the ledger, then `trendsUnder` (communes, 2024) of every
 *     province, then for every province `buildReport` (2024, `province`)
 *     and `renderReport(model, 'json', 'vi')`; with the process's peak RSS.
 *     <provinces> limits the count (for a quick check of the mode).
 *     → { openMs, provinces, trendsUnderAllMs, nationalReportMs, provinceOptionHonoured, peakRssMB }
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { BuildReportOptions, Ledger as LedgerType, ReportFormat } from '../../src/index.js';

// What an embedding application runs: the built package (main.ts builds it first); the sources when there is none.
const built = existsSync(new URL('../../dist/src/index.js', import.meta.url));
const lib = (await import(built ? '../../dist/src/index.js' : '../../src/index.js')) as typeof import('../../src/index.js');
const { sqliteStore } = (await import(built ? '../../dist/adapters/sqlite/index.js' : '../../adapters/sqlite/index.js')) as typeof import('../../adapters/sqlite/index.js');
const { Ledger, NotFoundError, buildReport, ledgerEvents, renderReport } = lib;
import { mulberry32 } from '../../src/demo/mulberry32.js';

const [mode, file, ...rest] = process.argv.slice(2);
if (mode === undefined || file === undefined) throw new Error('usage: queries.ts raw|report|cli|warm|national <db> …');
const out = (x: unknown) => process.stdout.write(JSON.stringify(x) + '\n');
const round = (ms: number) => Math.round(ms * 100) / 100;
const STANDARD = 'commune-standard-2021:19.2';

/** Nearest-rank percentile of a list of times. */
function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

async function open(db: string): Promise<{ ledger: LedgerType; openMs: number }> {
  const t = performance.now();
  const ledger = await Ledger.open(sqliteStore(db, { events: ledgerEvents }));
  return { ledger, openMs: performance.now() - t };
}

// plain JavaScript (CommonJS for `node -e`), so that the process starts like the built CLI, without tsx
const RAW_READ = `
  const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
  const t = performance.now();
  const db = new Database(process.argv[1], { readonly: true });
  const rows = db.prepare('SELECT position, type, data FROM events ORDER BY position').raw().all();
  let n = 0;
  for (const r of rows) if (JSON.parse(r[2]) !== null) n++;
  db.close();
  process.stdout.write(JSON.stringify({ readMs: performance.now() - t, events: n }));
`;

switch (mode) {
  case 'raw': {
    const runs = Number(rest[0] ?? 3);
    const processMs: number[] = [];
    const readMs: number[] = [];
    let events = 0;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      const res = JSON.parse(execFileSync(process.execPath, ['-e', RAW_READ, file], { encoding: 'utf8', maxBuffer: 16 << 20 })) as { readMs: number; events: number };
      processMs.push(round(performance.now() - t));
      readMs.push(round(res.readMs));
      events = res.events;
    }
    out({ processMs, readMs, events });
    break;
  }

  case 'report': {
    const asOf = rest[0] === 'asof';
    const year = Number(rest[1] ?? (asOf ? 2024 : 2025));
    const { ledger, openMs } = await open(file);
    const options: BuildReportOptions = asOf ? { year, asOf: '2025-01-20' } : { year };
    const t = performance.now();
    const model = await buildReport(ledger, options);
    const built = performance.now();
    let bytes = 0;
    for (const f of ['html', 'md', 'csv', 'json'] as const satisfies readonly ReportFormat[]) bytes += renderReport(model, f, 'vi').text.length;
    bytes += renderReport(model, 'html', 'en').text.length;
    const end = performance.now();
    await ledger.close();
    out({ openMs: round(openMs), buildMs: round(built - t), renderMs: round(end - built), reportMs: round(end - t), bytes });
    break;
  }

  case 'cli': {
    const runs = Number(rest[0] ?? 3);
    const year = rest[1] ?? '2025';
    const asOf = rest[2];
    const dir = mkdtempSync(join(tmpdir(), 'ntm-antt-bench-cli-'));
    const ms: number[] = [];
    try {
      for (let r = 0; r < runs; r++) {
        const args = ['dist/src/cli/main.js', '--db', file, 'report', '--year', year, ...(asOf === undefined ? [] : ['--as-of', asOf]), '--format', 'json', '--out', join(dir, `report-${r}.json`)];
        const t = performance.now();
        execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
        ms.push(round(performance.now() - t));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    out({ ms });
    break;
  }

  case 'warm': {
    const calls = Number(rest[0] ?? 1000);
    const national = rest[1] === 'national';
    const rand = mulberry32(Number(rest[2] ?? 2025));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const { ledger, openMs } = await open(file);
    const years = [2020, 2021, 2022, 2023, 2024, 2025];
    // the population of each year, outside the timed calls
    const communes = new Map<number, string[]>();
    const xa = new Map<number, string[]>();
    const provinces = new Map<number, string[]>();
    for (const y of years) {
      const h = await ledger.hierarchyAt(`${y}-12-31`);
      const level = h.ofLevel('commune');
      communes.set(y, level.map((u) => u.code));
      xa.set(y, level.filter((u) => u.kind === 'xa').map((u) => u.code));
      provinces.set(y, h.ofLevel('province').map((u) => u.code));
    }
    type Kind = 'trend' | 'attainmentRate' | 'attainment';
    const call: Record<Kind, (year: number) => Promise<unknown>> = {
      trend: (year) => ledger.trend({ locality: pick(communes.get(year)!), year }),
      attainmentRate: (year) => ledger.attainmentRate({ standard: STANDARD, year, ...(national ? { province: pick(provinces.get(year)!) } : {}) }),
      attainment: (year) => ledger.attainment({ locality: pick(xa.get(year)!), standard: STANDARD, year }),
    };
    // the warm-up: one call of each kind, which also tells whether the log publishes the standard
    const kinds: Kind[] = [];
    const skipped: Record<string, string> = {};
    for (const k of ['trend', 'attainmentRate', 'attainment'] as const) {
      try {
        await call[k](2024);
        kinds.push(k);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        skipped[k] = e.message;
      }
    }
    const times: number[] = [];
    const byKind = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
    for (let i = 0; i < calls; i++) {
      const k = pick(kinds);
      const year = pick(years);
      const t = performance.now();
      await call[k](year);
      const ms = performance.now() - t;
      times.push(ms);
      byKind.get(k)!.push(ms);
    }
    await ledger.close();
    out({
      openMs: round(openMs),
      calls,
      p50Ms: round(percentile(times, 0.5)),
      p95Ms: round(percentile(times, 0.95)),
      byKind: Object.fromEntries([...byKind].map(([k, xs]) => [k, { calls: xs.length, p50Ms: round(percentile(xs, 0.5)), p95Ms: round(percentile(xs, 0.95)) }])),
      skipped,
    });
    break;
  }

  case 'national': {
    const { ledger, openMs } = await open(file);
    const all = (await ledger.hierarchyAt('2024-12-31')).ofLevel('province').map((u) => u.code);
    const provinces = all.slice(0, rest[0] === undefined ? all.length : Number(rest[0]));
    let t = performance.now();
    for (const locality of provinces) await ledger.trendsUnder({ locality, level: 'commune', year: 2024 });
    const trendsUnderAllMs = performance.now() - t;
    // `province` is being added to BuildReportOptions; typed here so that this compiles with and without it
    let honoured = 0;
    t = performance.now();
    for (const province of provinces) {
      const options: BuildReportOptions & { readonly province?: string } = { year: 2024, province };
      const model = await buildReport(ledger, options);
      renderReport(model, 'json', 'vi');
      if (model.meta.province.code === province) honoured++;
    }
    const nationalReportMs = performance.now() - t;
    await ledger.close();
    out({
      openMs: round(openMs),
      provinces: provinces.length,
      trendsUnderAllMs: round(trendsUnderAllMs),
      nationalReportMs: round(nationalReportMs),
      // false: the report of every province was the first province's (the option is not there yet)
      provinceOptionHonoured: honoured === provinces.length,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    });
    break;
  }

  default:
    throw new Error(`queries.ts: unknown mode ${mode}`);
}
