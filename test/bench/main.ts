/**
 * `npm run bench [-- --n 100000] [--runs 5] [--quick] [--json] [--no-national] [--no-queries]`
 *
 * With `NTM_ANTT_PG_URL` set, the PostgreSQL adapter and a raw node-postgres
 * reference on the same server are measured too (their own ratio columns).
 *
 * Runs the workload through the raw references and ntm-antt's adapters, each
 * run in a fresh child process, alternating systems (A B A B …), and reports
 * medians as ratios against the references measured in the same run. Then
 * the national scale: the full domain projections over about a million
 * events on ~10,000 communes, with peak memory, at two log sizes, and the
 * floor of that rebuild measured in the same run (raw SELECT + JSON.parse).
 * Last the query side (test/bench/queries.ts): the province report in
 * process and from the cold built CLI, as known now and as filed, against a
 * raw read of the same log; warm queries of an embedding application; and
 * per-province trends and reports on the national log, against the
 * two-thread floor measured above. Each is printed with its target (✓/✗).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Command } from 'commander';

const program = new Command('ntm-antt-bench')
  .option('--n <n>', 'events in the workload', (v) => Number(v), 100_000)
  .option('--runs <n>', 'runs per system (medians are reported)', (v) => Number(v), 5)
  .option('--quick', 'a small N for a fast check (under a minute)')
  .option('--json', 'end with one JSON line of the results')
  .option('--no-national', 'skip the national-scale rebuild (and the national queries)')
  .option('--no-queries', 'skip the query benchmark (reports, CLI, warm queries)')
  .option('--national-events <n>', 'events of the national log', (v) => Number(v), 1_000_000)
  .option('--query-provinces <n>', 'provinces of the national queries (all 63 by default; fewer for a quick check, no target then)', (v) => Number(v), 63);
program.parse();
const o = program.opts<{ n: number; runs: number; quick?: boolean; json?: boolean; national: boolean; queries: boolean; nationalEvents: number; queryProvinces: number }>();
const n = o.quick === true ? 20_000 : o.n;
const runs = o.quick === true ? 1 : o.runs;
const singles = o.quick === true ? 2_000 : 10_000;
const streamReads = o.quick === true ? 5 : 20;
const nationalEvents = o.quick === true ? 100_000 : o.nationalEvents;

type Op = 'append-single' | 'append-batch' | 'read-all' | 'read-stream' | 'rebuild';
const OPS: Op[] = ['append-single', 'append-batch', 'read-all', 'read-stream', 'rebuild'];
// the PostgreSQL adapter and its raw reference join when NTM_ANTT_PG_URL names a server
const withPostgres = (process.env['NTM_ANTT_PG_URL'] ?? '') !== '';
const SYSTEMS = ['raw-sqlite', 'sqlite', 'raw-memory', 'memory', ...(withPostgres ? (['raw-postgres', 'postgres'] as const) : [])] as const;
type System = (typeof SYSTEMS)[number];
interface ChildResult {
  system: string;
  ops: Record<Op, number>;
  maxRssMB: number;
}

const log = (m: string) => {
  if (o.json !== true) console.log(m);
  else process.stderr.write(`${m}\n`);
};
const child = (args: string[]): string => execFileSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

log(`workload: ${n} events over 600 skewed streams, ${singles} single appends, ${runs} run(s) per system, alternating${withPostgres ? '' : ' (PostgreSQL not measured: NTM_ANTT_PG_URL is not set)'}`);
const results: Record<string, ChildResult[]> = Object.fromEntries(SYSTEMS.map((s) => [s, []]));
for (let r = 0; r < runs; r++) {
  // alternate the order from run to run as well: A B A B …, then B A B A …
  const order: readonly System[] = r % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse();
  for (const s of order) {
    const out = JSON.parse(child(['test/bench/child.ts', s, String(n), String(singles), String(streamReads)]).trim().split('\n').pop()!) as ChildResult;
    results[s]!.push(out);
    log(`  run ${r + 1} ${s.padEnd(10)} ${OPS.map((op) => `${op} ${Math.round(out.ops[op])}`).join('  ')}  rss ${out.maxRssMB} MB`);
  }
}

const med = (s: string, op: Op) => median(results[s]!.map((x) => x.ops[op]));
const rss = (s: string) => median(results[s]!.map((x) => x.maxRssMB));
const ops = OPS.map((op) => ({
  op,
  raw: Math.round(med('raw-sqlite', op)),
  sqlite: Math.round(med('sqlite', op)),
  ratio: Math.round((med('sqlite', op) / med('raw-sqlite', op)) * 100) / 100,
  rawMemory: Math.round(med('raw-memory', op)),
  memory: Math.round(med('memory', op)),
  memoryRatio: Math.round((med('memory', op) / med('raw-memory', op)) * 100) / 100,
  ...(withPostgres
    ? {
        rawPostgres: Math.round(med('raw-postgres', op)),
        postgres: Math.round(med('postgres', op)),
        postgresRatio: Math.round((med('postgres', op) / med('raw-postgres', op)) * 100) / 100,
      }
    : {}),
}));

const pad = (x: string | number, w: number) => String(x).padStart(w);
log('');
log(`${'operation'.padEnd(14)}${pad('raw SQLite', 12)}${pad('ntm SQLite', 12)}${pad('ratio', 8)}${pad('raw memory', 13)}${pad('ntm memory', 12)}${pad('ratio', 8)}   (events/s, medians)`);
for (const x of ops) log(`${x.op.padEnd(14)}${pad(x.raw, 12)}${pad(x.sqlite, 12)}${pad(x.ratio.toFixed(2), 8)}${pad(x.rawMemory, 13)}${pad(x.memory, 12)}${pad(x.memoryRatio.toFixed(2), 8)}`);
if (withPostgres) {
  log('');
  log(`${'operation'.padEnd(14)}${pad('raw Postgres', 14)}${pad('ntm Postgres', 14)}${pad('ratio', 8)}   (events/s, medians; same server)`);
  for (const x of ops) log(`${x.op.padEnd(14)}${pad(x.rawPostgres ?? 0, 14)}${pad(x.postgres ?? 0, 14)}${pad((x.postgresRatio ?? 0).toFixed(2), 8)}`);
}
log(`peak RSS (MB): raw SQLite ${rss('raw-sqlite')}, ntm SQLite ${rss('sqlite')} (${(rss('sqlite') / rss('raw-sqlite')).toFixed(2)}×), raw memory ${rss('raw-memory')}, ntm memory ${rss('memory')}`);

let national: { events: number; rebuildSeconds: number; peakRssMB: number; sizes: unknown[]; floor: Floor } | null = null;
// the national logs the query section reads: the full one, and the half one for the flat-memory check
let nationalFiles: { full: string; half: string; twice: string } | null = null;
interface Floor {
  oneThreadSeconds: number;
  twoThreadsSeconds: number;
}
if (o.national) {
  log('');
  log('national scale: full domain projections (register, incident cube, recognitions, criteria, plans)');
  type National = { file: string; events: number; rebuildSeconds: number; peakRssMB: number; cells: number; workers: number };
  const sizes: Array<National & { label: string; incidents: number }> = [];
  const measure = (events: number, incidents: number, sequential: boolean): National => {
    const args = ['test/bench/national.ts', String(events), String(incidents), ...(sequential ? ['--sequential'] : [])];
    const once = (): National | { generated: string } => JSON.parse(child(args).trim().split('\n').pop()!) as National | { generated: string };
    let out = once();
    // the first run of a size generates its log (in its own process) and must be measured again
    if ('generated' in out) out = once();
    if (sequential) return out as National;
    // the reported figure: the median of three runs
    const all = [out as National, once() as National, once() as National].sort((a, b) => a.rebuildSeconds - b.rebuildSeconds);
    return all[1]!;
  };
  for (const [label, events, incidents, sequential] of [
    // memory flat in the log size: the same incidents (the same read model), the log once and twice (corrections)
    ['half log, one thread', Math.round(nationalEvents / 2), Math.round(nationalEvents / 2), true],
    ['same incidents, twice the log (corrections), one thread', nationalEvents, Math.round(nationalEvents / 2), true],
    ['full log, one thread', nationalEvents, nationalEvents, true],
    // the figure reported (median of three runs): the runner folding the later half in a worker thread
    ['full log, split', nationalEvents, nationalEvents, false],
  ] as const) {
    const r = measure(events, incidents, sequential);
    sizes.push({ label, incidents, ...r });
    log(`  ${label}: ${r.events} events (${incidents} incidents), ${r.workers === 0 ? 'no worker' : `${r.workers} worker thread(s)`}, rebuild ${r.rebuildSeconds.toFixed(2)} s, peak RSS ${r.peakRssMB} MB, ${r.cells} cube cells`);
  }
  const full = sizes[sizes.length - 1]!;
  // the floor, measured now on the same file: raw SELECT + JSON.parse, no fold
  const floor = JSON.parse(child(['test/bench/floor.ts', full.file]).trim().split('\n').pop()!) as Floor;
  log(`  floor (raw SELECT + JSON.parse of the full log, no fold): one thread ${floor.oneThreadSeconds.toFixed(2)} s, two threads ${floor.twoThreadsSeconds.toFixed(2)} s`);
  log(`  full log split / two-thread floor: ${(full.rebuildSeconds / floor.twoThreadsSeconds).toFixed(2)}×`);
  national = { events: full.events, rebuildSeconds: full.rebuildSeconds, peakRssMB: full.peakRssMB, sizes: sizes.map(({ file: _file, ...rest }) => rest), floor };
  // half: 500k incidents in a 500k log; twice: the same incidents in a log twice as long (every one corrected)
  nationalFiles = { full: full.file, half: sizes[0]!.file, twice: sizes[1]!.file };
}

interface WarmQueries {
  openMs: number;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  byKind: Record<string, { calls: number; p50Ms: number; p95Ms: number }>;
  /** Query kinds left out, with the reason (the standard is not published in the log). */
  skipped: Record<string, string>;
}
interface Queries {
  provinceEvents: number;
  provinceReportMs: number;
  provinceAsOfMs: number;
  provinceReport2024Ms: number;
  asOfRatio: number;
  cliColdMs: number | null;
  cliCold2024Ms: number | null;
  cliColdAsOfMs: number | null;
  warm: WarmQueries;
  warmNational: WarmQueries | null;
  nationalProvinces: number | null;
  trendsUnderAllMs: number | null;
  nationalReportMs: number | null;
  nationalReportFloorRatio: number | null;
  nationalPeakRssMB: number | null;
  nationalHalfPeakRssMB: number | null;
  /** The half log's incidents in a log twice as long: flat memory means about the half log's. */
  nationalTwicePeakRssMB: number | null;
  rawReadAllMs: number;
  rawReadAllProcessMs: number;
  openMs: number;
  notes: string[];
}
let queries: Queries | null = null;
if (o.queries) {
  const queryRuns = o.quick === true ? 1 : 3;
  const warmCalls = o.quick === true ? 200 : 1_000;
  const notes: string[] = [];
  const last = <T>(out: string): T => JSON.parse(out.trim().split('\n').pop()!) as T;
  log('');
  log(`queries: the province report, in process and from the cold CLI, warm queries${nationalFiles === null ? '' : ', national trends and reports'}; ${queryRuns} run(s), medians`);
  // the cold CLI runs the built package: build it from the sources of now
  try {
    execFileSync('npm', ['run', 'build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    notes.push('npm run build failed; the cold CLI ran what dist/ held');
    log(`  npm run build failed:\n${`${err.stdout ?? ''}${err.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n')}`);
  }
  const cli = existsSync('dist/src/cli/main.js');
  if (!cli) notes.push('no dist/src/cli/main.js: the cold CLI was not measured');

  const province = last<{ file: string; events: number }>(child(['test/bench/province-db.ts']));
  log(`  province database: ${province.events} events, ${province.file}`);
  const raw = last<{ processMs: number[]; readMs: number[] }>(child(['test/bench/queries.ts', 'raw', province.file, String(queryRuns)]));
  type Report = { openMs: number; buildMs: number; renderMs: number; reportMs: number };
  const plain: Report[] = [];
  // the as-of report (2024 as filed on 2025-01-20) is compared with the plain report of the same year
  const plain2024: Report[] = [];
  const asOf: Report[] = [];
  const cliPlain: number[] = [];
  const cliPlain2024: number[] = [];
  const cliAsOf: number[] = [];
  const kinds = [
    ['plain', '2025', plain],
    ['plain', '2024', plain2024],
    ['asof', '2024', asOf],
  ] as const;
  for (let r = 0; r < queryRuns; r++) {
    // alternating, as above: plain, plain 2024, as-of, then the reverse …
    for (const [which, year, into] of r % 2 === 0 ? kinds : [...kinds].reverse()) {
      const x = last<Report>(child(['test/bench/queries.ts', 'report', province.file, which, year]));
      into.push(x);
      log(`  run ${r + 1} report ${which.padEnd(5)} ${year}: open ${Math.round(x.openMs)} ms, build ${Math.round(x.buildMs)} ms, render ${Math.round(x.renderMs)} ms`);
    }
    if (cli) {
      cliPlain.push(...last<{ ms: number[] }>(child(['test/bench/queries.ts', 'cli', province.file, '1', '2025'])).ms);
      cliPlain2024.push(...last<{ ms: number[] }>(child(['test/bench/queries.ts', 'cli', province.file, '1', '2024'])).ms);
      cliAsOf.push(...last<{ ms: number[] }>(child(['test/bench/queries.ts', 'cli', province.file, '1', '2024', '2025-01-20'])).ms);
      log(`  run ${r + 1} cold CLI: plain 2025 ${Math.round(cliPlain[r]!)} ms, plain 2024 ${Math.round(cliPlain2024[r]!)} ms, 2024 as-of ${Math.round(cliAsOf[r]!)} ms`);
    }
  }
  const warm = last<WarmQueries>(child(['test/bench/queries.ts', 'warm', province.file, String(warmCalls), 'province']));
  log(`  warm (province): ${warm.calls} calls, p50 ${warm.p50Ms} ms, p95 ${warm.p95Ms} ms`);

  let warmNational: WarmQueries | null = null;
  type NationalQueries = { provinces: number; trendsUnderAllMs: number; nationalReportMs: number; provinceOptionHonoured: boolean; peakRssMB: number };
  let nat: NationalQueries | null = null;
  let half: NationalQueries | null = null;
  let twice: NationalQueries | null = null;
  if (nationalFiles !== null) {
    warmNational = last<WarmQueries>(child(['test/bench/queries.ts', 'warm', nationalFiles.full, String(warmCalls), 'national']));
    const skipped = Object.keys(warmNational.skipped);
    log(`  warm (national): ${warmNational.calls} calls, p50 ${warmNational.p50Ms} ms, p95 ${warmNational.p95Ms} ms${skipped.length === 0 ? '' : ` (${Object.keys(warmNational.byKind).join(', ')} only: ${skipped.join(', ')} left out, ${Object.values(warmNational.skipped)[0]})`}`);
    if (skipped.length > 0) notes.push(`warmNational measures ${Object.keys(warmNational.byKind).join(', ')} only: ${skipped.join(', ')} need commune-standard-2021:19.2, not published in the national log`);
    const provinces = o.queryProvinces === 63 ? [] : [String(o.queryProvinces)];
    nat = last<NationalQueries>(child(['test/bench/queries.ts', 'national', nationalFiles.full, ...provinces]));
    log(`  national: ${nat.provinces} provinces, trendsUnder ${(nat.trendsUnderAllMs / 1000).toFixed(2)} s, reports ${(nat.nationalReportMs / 1000).toFixed(2)} s, peak RSS ${nat.peakRssMB} MB`);
    if (!nat.provinceOptionHonoured) notes.push("buildReport ignored the 'province' option: every national report was the first province's");
    if (existsSync(nationalFiles.half)) {
      half = last<NationalQueries>(child(['test/bench/queries.ts', 'national', nationalFiles.half, ...provinces]));
      log(`  national, half log: trendsUnder ${(half.trendsUnderAllMs / 1000).toFixed(2)} s, reports ${(half.nationalReportMs / 1000).toFixed(2)} s, peak RSS ${half.peakRssMB} MB`);
    }
    if (existsSync(nationalFiles.twice)) {
      twice = last<NationalQueries>(child(['test/bench/queries.ts', 'national', nationalFiles.twice, ...provinces]));
      log(`  national, the half log's incidents in twice the log: trendsUnder ${(twice.trendsUnderAllMs / 1000).toFixed(2)} s, reports ${(twice.nationalReportMs / 1000).toFixed(2)} s, peak RSS ${twice.peakRssMB} MB`);
    }
  } else notes.push('national queries not measured (--no-national)');

  const mm = (xs: number[]) => Math.round(median(xs) * 10) / 10;
  const provinceReportMs = mm(plain.map((x) => x.reportMs));
  const provinceAsOfMs = mm(asOf.map((x) => x.reportMs));
  const provinceReport2024Ms = mm(plain2024.map((x) => x.reportMs));
  const floorMs = national === null ? null : national.floor.twoThreadsSeconds * 1000;
  queries = {
    provinceEvents: province.events,
    provinceReportMs,
    provinceAsOfMs,
    provinceReport2024Ms,
    asOfRatio: Math.round((provinceAsOfMs / provinceReport2024Ms) * 100) / 100,
    cliColdMs: cli ? mm(cliPlain) : null,
    cliCold2024Ms: cli ? mm(cliPlain2024) : null,
    cliColdAsOfMs: cli ? mm(cliAsOf) : null,
    warm,
    warmNational,
    nationalProvinces: nat?.provinces ?? null,
    trendsUnderAllMs: nat?.trendsUnderAllMs ?? null,
    nationalReportMs: nat?.nationalReportMs ?? null,
    nationalReportFloorRatio: nat === null || floorMs === null ? null : Math.round((nat.nationalReportMs / floorMs) * 100) / 100,
    nationalPeakRssMB: nat?.peakRssMB ?? null,
    nationalHalfPeakRssMB: half?.peakRssMB ?? null,
    nationalTwicePeakRssMB: twice?.peakRssMB ?? null,
    rawReadAllMs: mm(raw.readMs),
    rawReadAllProcessMs: mm(raw.processMs),
    openMs: mm(plain.map((x) => x.openMs)),
    notes,
  };

  const q = queries;
  const all63 = q.nationalProvinces === 63;
  const mark = (ok: boolean | null) => (ok === null ? '' : ok ? '✓' : '✗');
  const row = (what: string, value: string, target: string, ok: boolean | null) => log(`${what.padEnd(46)}${value.padStart(14)}   ${target.padEnd(22)}${mark(ok)}`);
  const ms = (x: number) => `${Math.round(x)} ms`;
  log('');
  log(`${'query'.padEnd(46)}${'measured'.padStart(14)}   target`);
  row('raw read of the province log (in process)', ms(q.rawReadAllMs), 'reference', null);
  row('raw read of the province log (process)', ms(q.rawReadAllProcessMs), 'reference', null);
  row('open the ledger (province)', ms(q.openMs), '', null);
  row('province report 2025 (build + 5 renders)', ms(q.provinceReportMs), '≤ 1000 ms', q.provinceReportMs <= 1000);
  row('province report 2024 (build + 5 renders)', ms(q.provinceReport2024Ms), '≤ 1000 ms', q.provinceReport2024Ms <= 1000);
  row('province report 2024 as of 2025-01-20', ms(q.provinceAsOfMs), `${q.asOfRatio.toFixed(2)}× 2024 ≤ 1.2×`, q.asOfRatio <= 1.2);
  if (q.cliColdMs !== null && q.cliColdAsOfMs !== null && q.cliCold2024Ms !== null) {
    row('cold CLI report 2025 (json)', ms(q.cliColdMs), '≤ 1500 ms', q.cliColdMs <= 1500);
    row('cold CLI report 2024 (json)', ms(q.cliCold2024Ms), '≤ 1500 ms', q.cliCold2024Ms <= 1500);
    row('cold CLI report 2024 as of 2025-01-20', ms(q.cliColdAsOfMs), `${(q.cliColdAsOfMs / q.cliCold2024Ms).toFixed(2)}× 2024 ≤ 1.2×`, q.cliColdAsOfMs / q.cliCold2024Ms <= 1.2);
  }
  row(`warm queries, province (p50 ${q.warm.p50Ms} ms) p95`, `${q.warm.p95Ms} ms`, '≤ 5 ms', q.warm.p95Ms <= 5);
  for (const [k, x] of Object.entries(q.warm.byKind)) row(`  ${k} (p50 ${x.p50Ms} ms) p95`, `${x.p95Ms} ms`, '', null);
  if (q.warmNational !== null) {
    row(`warm queries, national (p50 ${q.warmNational.p50Ms} ms) p95`, `${q.warmNational.p95Ms} ms`, '≤ 20 ms', q.warmNational.p95Ms <= 20);
    for (const [k, x] of Object.entries(q.warmNational.byKind)) row(`  ${k} (p50 ${x.p50Ms} ms) p95`, `${x.p95Ms} ms`, '', null);
  }
  if (q.trendsUnderAllMs !== null) row(`trendsUnder, ${q.nationalProvinces} provinces`, `${(q.trendsUnderAllMs / 1000).toFixed(2)} s`, all63 ? '≤ 10 s' : '(not all 63)', all63 ? q.trendsUnderAllMs <= 10_000 : null);
  if (q.nationalReportMs !== null && floorMs !== null && q.nationalReportFloorRatio !== null) {
    row(`national reports, ${q.nationalProvinces} provinces`, `${(q.nationalReportMs / 1000).toFixed(2)} s`, `${q.nationalReportFloorRatio.toFixed(2)}× floor ≤ 2×`, all63 ? q.nationalReportFloorRatio <= 2 : null);
    row('  two-thread floor of the national log', `${(floorMs / 1000).toFixed(2)} s`, 'reference', null);
  }
  if (q.nationalPeakRssMB !== null) {
    row('national queries peak RSS', `${q.nationalPeakRssMB} MB`, q.nationalHalfPeakRssMB === null ? '' : `half log ${q.nationalHalfPeakRssMB} MB (${(q.nationalPeakRssMB / q.nationalHalfPeakRssMB).toFixed(2)}×)`, null);
    if (q.nationalHalfPeakRssMB !== null && q.nationalTwicePeakRssMB !== null) {
      const r = q.nationalTwicePeakRssMB / q.nationalHalfPeakRssMB;
      row('  same incidents, twice the log', `${q.nationalTwicePeakRssMB} MB`, `${r.toFixed(2)}× half log ≤ 1.2×`, r <= 1.2);
    }
  }
  for (const note of notes) log(`note: ${note}`);
}

if (o.json === true) {
  console.log(JSON.stringify({ n, runs, ops, national, queries, postgres: withPostgres, peakRssMB: { raw: rss('raw-sqlite'), sqlite: rss('sqlite'), rawMemory: rss('raw-memory'), memory: rss('memory') } }));
}
