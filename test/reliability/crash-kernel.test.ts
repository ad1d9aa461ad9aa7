// Issue #7, crashes: child processes killed with SIGKILL at random (seeded) moments during batched appends,
// appendMany and projection checkpointing. After every kill the store must open, every acknowledged batch must be
// there and whole, no batch may be partly there, and projections must resume from their checkpoint to the state of
// a fresh rebuild. NTM_ANTT_KILL_POINTS sets the kill points per scenario (default 50, 200 with NTM_ANTT_SLOW=1).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { runProjection, type NewEvent } from '../../src/kernel/index.js';
import { reliabilityEvents } from './fixtures/events.js';
import { batchesOf, between, logProblems, reliabilityProjections, rng } from './fixtures/model.js';
import { FIXTURES, SEED, SLOW, collect, envInt, figure, pool, spawnTs, tempDir, type Child } from './support.js';

const KILL_POINTS = envInt('NTM_ANTT_KILL_POINTS', SLOW ? 200 : 50);
const LANES = envInt('NTM_ANTT_CRASH_LANES', 6);
const tmp = tempDir('ntm-crash-');
afterAll(() => tmp.cleanup());

/** Where the kill landed, from the child's last fd-3 marker. */
type Landing = 'inside-transaction' | 'between-statements' | 'waiting-for-lock' | 'inside-projection-save' | 'between-projection-saves' | 'between-writes' | 'before-first-write';

function landing(child: Child): Landing {
  const last = child.markers.filter((m) => m !== '').pop();
  if (last === undefined) return 'before-first-write';
  if (last === 'K') return 'between-statements';
  if (last === 'KP') return 'between-projection-saves';
  if (last === 'TB') return 'inside-transaction';
  if (last === 'T+') return 'waiting-for-lock';
  if (last === 'P+') return 'inside-projection-save';
  return 'between-writes';
}

/**
 * Kills the child at its kill point: after `delayMs` from `ready`, or on its n-th marker of a kind (whichever
 * first), unless it kills itself first (NTM_ANTT_SELF_KILL_AT, see fixtures/markers.ts).
 */
async function killAt(child: Child, plan: { delayMs: number; onMarker?: { marker: string; nth: number } }): Promise<void> {
  await child.waitForLine((l) => l === 'ready');
  if (plan.onMarker !== undefined) {
    let seen = 0;
    const { marker, nth } = plan.onMarker;
    const already = child.markers.filter((m) => m === marker).length;
    if (already >= nth) child.kill();
    else {
      seen = already;
      child.onMarker((m) => {
        if (m === marker && ++seen === nth) child.kill();
      });
    }
  }
  const timer = setTimeout(() => child.kill(), plan.delayMs);
  const end = await child.exited;
  clearTimeout(timer);
  if (end.signal !== 'SIGKILL') throw new Error(`the child ended by itself (${end.code ?? end.signal}) before its kill point: ${end.stderr.slice(-3000)}`);
}

/** Table-level checks with a plain connection: gap-free positions, streams table = events, integrity_check. */
function sqlChecks(file: string): { events: number; problems: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const [count, min, max] = db.prepare('SELECT COUNT(*), COALESCE(MIN(position), 1), COALESCE(MAX(position), 0) FROM events').raw().get() as [number, number, number];
    if (count !== max || min !== 1) problems.push(`positions not gap-free: ${count} events between ${min} and ${max}`);
    const streams = db
      .prepare('SELECT e.stream_id, COUNT(*), MAX(e.version), MIN(e.version), s.version FROM events e LEFT JOIN streams s ON s.stream_id = e.stream_id GROUP BY e.stream_id')
      .raw()
      .all() as Array<[string, number, number, number, number | null]>;
    for (const [id, n, maxV, minV, recorded] of streams) {
      if (n !== maxV || minV !== 1 || recorded !== maxV) problems.push(`stream ${id}: ${n} events, versions ${minV}..${maxV}, streams table says ${recorded}`);
    }
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    return { events: count, problems };
  } finally {
    db.close();
  }
}

interface WriterStats {
  readonly landing: Landing;
  readonly acked: number;
  readonly presentUnacked: number;
  readonly appendedEvents: number;
}

async function writerScenario(mode: 'append' | 'appendMany'): Promise<void> {
  const started = Date.now();
  const salt = mode === 'append' ? 1 : 2;
  const lanes = Array.from({ length: Math.min(LANES, KILL_POINTS) }, (_, l) => l);
  const perLane = await pool(lanes, LANES, async (lane) => {
    const file = join(tmp.dir, `${mode}-lane-${lane}.db`);
    await sqliteStore(file, { events: reliabilityEvents }).close();
    const stats: WriterStats[] = [];
    const ackedAll = new Map<string, number>();
    for (let k = lane; k < KILL_POINTS; k += lanes.length) {
      const random = rng(SEED * 31 + salt * 1_000_003 + k);
      const before = sqlChecks(file).events;
      // a third of the kill points on a timer, a third on the n-th transaction body (from outside), a third by the
      // child itself between two statements of a transaction
      const strategy = k % 3;
      const selfKill = strategy === 2 ? { NTM_ANTT_SELF_KILL_AT: String(between(random, 1, 400)) } : undefined;
      const child = spawnTs(join(FIXTURES, 'crash-writer.ts'), [file, mode, String(k), String(SEED + k)], { markers: true, ...(selfKill === undefined ? {} : { env: selfKill }) });
      const plan = strategy === 0 ? { delayMs: between(random, 0, 150) } : strategy === 1 ? { delayMs: 3_000, onMarker: { marker: 'TB', nth: between(random, 1, 60) } } : { delayMs: 10_000 };
      await killAt(child, plan);
      const where = landing(child);

      // the store opens, and the log is sound
      const store = sqliteStore(file, { events: reliabilityEvents });
      const fresh = await collect(store, before + 1);
      await store.close();
      const table = sqlChecks(file);
      expect(table.problems, `kill point ${k} (${where})`).toEqual([]);
      expect(logProblems(fresh, { fromPosition: before + 1 }), `kill point ${k} (${where})`).toEqual([]);
      // every acknowledged batch is there, whole; at most the one in flight is there without an acknowledgement
      const present = batchesOf(fresh);
      const acked = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));
      for (const [, batch, size] of acked) {
        expect(present.get(batch!), `kill point ${k}: acknowledged batch ${batch}`).toBe(Number(size));
        ackedAll.set(batch!, Number(size));
      }
      const unacked = [...present.keys()].filter((b) => !acked.some((a) => a[1] === b));
      expect(unacked.length, `kill point ${k}: batches present without acknowledgement: ${unacked.join(', ')}`).toBeLessThanOrEqual(1);
      stats.push({ landing: where, acked: acked.length, presentUnacked: unacked.length, appendedEvents: fresh.length });
    }
    // the whole lane log at the end: sound, and every batch ever acknowledged still there
    const store = sqliteStore(file, { events: reliabilityEvents });
    const all = await collect(store, 1);
    await store.close();
    expect(logProblems(all)).toEqual([]);
    const present = batchesOf(all);
    for (const [batch, size] of ackedAll) expect(present.get(batch)).toBe(size);
    return stats;
  });
  const stats = perLane.flat();
  expect(stats).toHaveLength(KILL_POINTS);
  const by = (l: Landing) => stats.filter((s) => s.landing === l).length;
  figure(
    `crash ${mode}: ${KILL_POINTS} kill points (${LANES} lanes), ${by('inside-transaction')} inside a transaction (killed from outside), ` +
      `${by('between-statements')} between two statements of a transaction (self-kill), ${by('waiting-for-lock')} at BEGIN, ` +
      `${by('between-writes') + by('before-first-write')} between writes; ${stats.reduce((n, s) => n + s.acked, 0)} acknowledged batches all present and whole, ` +
      `${stats.reduce((n, s) => n + s.presentUnacked, 0)} committed-but-unacknowledged, ${stats.reduce((n, s) => n + s.appendedEvents, 0)} events; 0 partial batches; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // the kill points must really exercise the dangerous window
  if (KILL_POINTS >= 3) expect(by('inside-transaction') + by('between-statements')).toBeGreaterThan(0);
}

describe('crashes (SIGKILL) during writes and projection checkpoints', { timeout: 600_000 }, () => {
  it(`batched appends: ${KILL_POINTS} kill points; acknowledged batches present and whole, none partial`, async () => {
    await writerScenario('append');
  });

  it(`appendMany across streams: ${KILL_POINTS} kill points; each call all or nothing`, async () => {
    await writerScenario('appendMany');
  });

  it(`projection checkpointing (checkpointEvery): ${KILL_POINTS} kill points; checkpoints consistent, resume = fresh rebuild`, async () => {
    const started = Date.now();
    // one log, copied to each lane
    const seedFile = join(tmp.dir, 'projection-seed.db');
    const seedStore = sqliteStore(seedFile, { events: reliabilityEvents });
    const random = rng(SEED + 77);
    const TOTAL = SLOW ? 20_000 : 6_000;
    let written = 0;
    for (let b = 0; written < TOTAL; b++) {
      const size = between(random, 1, 30);
      const events: NewEvent[] = Array.from({ length: size }, (_, i) => ({ type: 'Marked', id: `seed-${b}-${i}`, data: { batch: `seed-${b}`, index: i, size, writer: `w${b % 5}`, pad: 'x'.repeat(between(random, 0, 200)) } }));
      await seedStore.append(`s-${b % 11}`, events);
      written += size;
    }
    const head = await seedStore.headPosition();
    await seedStore.close();

    // calibrate: how long does an uninterrupted run take?
    const calibrationFile = join(tmp.dir, 'projection-calibration.db');
    copyFileSync(seedFile, calibrationFile);
    const t0 = Date.now();
    // the fastest configuration the kill points use (fewest checkpoints, largest reads), so that no kill comes too late
    const calibration = spawnTs(join(FIXTURES, 'crash-projector.ts'), [calibrationFile, '-calibration', '60', '500']);
    await calibration.waitForLine((l) => l === 'ready');
    const t1 = Date.now();
    await calibration.waitForLine((l) => l.startsWith('done '));
    const runMs = Date.now() - t1;
    calibration.kill();
    await calibration.exited;
    const saves = calibration.lines.filter((l) => l.startsWith('cp ')).length;

    const lanes = Array.from({ length: Math.min(LANES, KILL_POINTS) }, (_, l) => l);
    const perLane = await pool(lanes, LANES, async (lane) => {
      const file = join(tmp.dir, `projection-lane-${lane}.db`);
      copyFileSync(seedFile, file);
      const out: Array<{ landing: Landing; saved: number; acked: number; finished: boolean }> = [];
      for (let k = lane; k < KILL_POINTS; k += lanes.length) {
        const r = rng(SEED * 17 + k);
        const suffix = `-kp${k}`;
        const every = between(r, 10, 60);
        const saves = Math.max(1, Math.floor(head / every) * 3 - 3);
        // a third on a timer, a third from outside on the n-th projection save, a third by the child itself before
        // its n-th save (so that one checkpoint's three saves are cut part-way)
        const strategy = k % 3;
        const env = strategy === 2 ? { NTM_ANTT_SELF_KILL_AT_SAVE: String(between(r, 1, saves)) } : undefined;
        const child = spawnTs(join(FIXTURES, 'crash-projector.ts'), [file, suffix, String(every), String(between(r, 50, 500))], { markers: true, ...(env === undefined ? {} : { env }) });
        const plan = strategy === 0 ? { delayMs: between(r, 0, Math.round(runMs * 0.7)) } : strategy === 1 ? { delayMs: 10_000, onMarker: { marker: 'P+', nth: between(r, 1, saves) } } : { delayMs: 10_000 };
        await killAt(child, plan);
        const where = landing(child);
        const finished = child.lines.some((l) => l.startsWith('done '));
        const acked = child.lines.filter((l) => l.startsWith('cp ')).map((l) => Number(l.slice(3)));
        const lastAck = acked.length === 0 ? 0 : Math.max(...acked);

        const store = sqliteStore(file, { events: reliabilityEvents });
        expect(await store.headPosition()).toBe(head);
        let saved = 0;
        for (const p of reliabilityProjections(suffix)) {
          const record = await store.projections.load(p.name);
          if (record === undefined) expect(lastAck, `kill point ${k}: ${p.name} acknowledged at ${lastAck} but not saved`).toBe(0);
          else {
            saved++;
            expect(record.status.kind).toBe('ok');
            expect(record.checkpoint, `kill point ${k}: ${p.name}`).toBeGreaterThanOrEqual(lastAck);
            // the saved state is exactly the fold up to the saved checkpoint
            const upTo = await runProjection(store, p, { rebuild: true, toPosition: record.checkpoint });
            expect(record.state, `kill point ${k}: ${p.name} state at checkpoint ${record.checkpoint}`).toEqual(upTo.state);
          }
          const resumed = await runProjection(store, p, { batchSize: 700 });
          const rebuilt = await runProjection(store, p, { rebuild: true, toPosition: head });
          expect(resumed.rebuilt).toBe(record === undefined);
          expect(resumed.checkpoint).toBe(head);
          expect(resumed.state, `kill point ${k}: ${p.name} resumed from ${record?.checkpoint ?? 0}`).toEqual(rebuilt.state);
        }
        await store.close();
        expect(sqlChecks(file).problems).toEqual([]);
        out.push({ landing: where, saved, acked: acked.length, finished });
      }
      return out;
    });
    const stats = perLane.flat();
    expect(stats).toHaveLength(KILL_POINTS);
    const by = (l: Landing) => stats.filter((s) => s.landing === l).length;
    figure(
      `crash projection checkpointing: ${KILL_POINTS} kill points over a ${head}-event log (an uninterrupted run: ${runMs} ms, ${saves} checkpoints; child start ${t1 - t0} ms), ` +
        `${by('inside-projection-save')} inside a projection save (from outside), ${by('between-projection-saves')} between the saves of one checkpoint (self-kill), ` +
        `${stats.filter((s) => s.saved === 0).length} before the first save, ${stats.filter((s) => s.finished).length} after the run had finished; ` +
        `${stats.reduce((n, s) => n + s.acked, 0)} acknowledged checkpoints; every saved state = fold to its checkpoint, every resume = fresh rebuild; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (KILL_POINTS >= 3) expect(by('inside-projection-save') + by('between-projection-saves')).toBeGreaterThan(0);
    expect(stats.filter((s) => s.finished).length).toBeLessThanOrEqual(Math.floor(KILL_POINTS / 3));
  });
});
