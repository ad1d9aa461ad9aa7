/**
 * `npm run bench [-- --n 100000] [--runs 5] [--quick] [--json] [--no-national]`
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
 */
import { execFileSync } from 'node:child_process';
import { Command } from 'commander';

const program = new Command('ntm-antt-bench')
  .option('--n <n>', 'events in the workload', (v) => Number(v), 100_000)
  .option('--runs <n>', 'runs per system (medians are reported)', (v) => Number(v), 5)
  .option('--quick', 'a small N for a fast check (under a minute)')
  .option('--json', 'end with one JSON line of the results')
  .option('--no-national', 'skip the national-scale rebuild')
  .option('--national-events <n>', 'events of the national log', (v) => Number(v), 1_000_000);
program.parse();
const o = program.opts<{ n: number; runs: number; quick?: boolean; json?: boolean; national: boolean; nationalEvents: number }>();
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
}

if (o.json === true) {
  console.log(JSON.stringify({ n, runs, ops, national, postgres: withPostgres, peakRssMB: { raw: rss('raw-sqlite'), sqlite: rss('sqlite'), rawMemory: rss('raw-memory'), memory: rss('memory') } }));
}
