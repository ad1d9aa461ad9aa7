// Issue #7, concurrency: several processes on one SQLite file (created by whichever opens it first) append to
// overlapping streams with expected versions, with appendMany across streams under the same contention, while other
// processes read, subscribe and run projections. Acceptance: nothing lost, nothing duplicated, versions contiguous,
// positions gap-free, every subscriber saw every event once and in order, projections equal a fresh rebuild.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { runProjections } from '../../src/kernel/index.js';
import { reliabilityEvents } from './fixtures/events.js';
import { logProblems, reliabilityProjections } from './fixtures/model.js';
import { FIXTURES, SEED, SLOW, canonical, envInt, figure, readLog, spawnTs, tempDir, type Child } from './support.js';

const WRITERS = envInt('NTM_ANTT_WRITERS', SLOW ? 8 : 4);
const APPENDS = envInt('NTM_ANTT_APPENDS', SLOW ? 2_000 : 500);
const MANY_WRITERS = SLOW ? 4 : 2;
const MANY_CALLS = SLOW ? 1_000 : 200;
const READERS = 2;
const STREAMS = 8;
const tmp = tempDir('ntm-concurrency-');
afterAll(() => tmp.cleanup());

interface WriterReport {
  readonly writer: string;
  readonly batches: Array<[string, number]>;
  readonly conflicts: number;
  readonly ms: number;
}

async function jsonOf<T>(child: Child, what: string): Promise<T> {
  const end = await child.exited;
  if (end.code !== 0) throw new Error(`${what} exited with ${end.code ?? end.signal}: ${end.stderr.slice(-4000)}`);
  const last = child.lines.filter((l) => l.startsWith('{')).pop();
  if (last === undefined) throw new Error(`${what} printed no report; stderr: ${end.stderr.slice(-2000)}`);
  return JSON.parse(last) as T;
}

describe('several processes on one SQLite file', { timeout: 600_000 }, () => {
  it(`${WRITERS} writers × ${APPENDS} appends + ${MANY_WRITERS} appendMany writers × ${MANY_CALLS}, with ${READERS} readers, 2 subscribers and a projection runner`, async () => {
    const started = Date.now();
    const file = join(tmp.dir, 'shared.db'); // not created in advance: the children race to create and migrate it
    const children: Child[] = [];
    const start = (script: string, args: string[]): Child => {
      const c = spawnTs(join(FIXTURES, script), args);
      children.push(c);
      return c;
    };
    try {
      const early = start('conc-subscriber.ts', [file, 'early']);
      const readers = Array.from({ length: READERS }, (_, r) => start('conc-reader.ts', [file, `r${r}`, String(SEED + 100 + r)]));
      const projector = start('conc-projector.ts', [file, '-live']);
      const writers = [
        ...Array.from({ length: WRITERS }, (_, w) => start('conc-writer.ts', [file, 'append', `w${w}`, String(APPENDS), String(STREAMS), String(SEED + w)])),
        ...Array.from({ length: MANY_WRITERS }, (_, w) => start('conc-writer.ts', [file, 'appendMany', `m${w}`, String(MANY_CALLS), String(STREAMS), String(SEED + 50 + w)])),
      ];
      // a late subscriber: catch-up from position 1 while the others are still writing, then live
      await early.waitForLine((l) => l === 'ready');
      await sleep(1_500);
      const late = start('conc-subscriber.ts', [file, 'late']);

      const reports = await Promise.all(writers.map((w, i) => jsonOf<WriterReport>(w, `writer ${i}`)));
      const writersDone = Date.now();
      const control = sqliteStore(file, { events: reliabilityEvents });
      await control.append('control', [{ type: 'End', id: 'end', data: { reason: 'every writer has finished' } }], { expectedVersion: 'no_stream' });
      await control.close();

      const subscribers = await Promise.all([jsonOf<{ subscriber: string; ids: string[]; positions: number[] }>(early, 'early subscriber'), jsonOf<{ subscriber: string; ids: string[]; positions: number[] }>(late, 'late subscriber')]);
      const readerReports = await Promise.all(readers.map((r, i) => jsonOf<{ reader: string; passes: number; events: number; problems: string[] }>(r, `reader ${i}`)));
      const projectorReport = await jsonOf<{ runs: number; checkpoint: number; applied: number }>(projector, 'projector');

      // the log: gap-free positions, contiguous versions, unique ids, whole batches
      const log = await readLog(file, reliabilityEvents);
      expect(logProblems(log)).toEqual([]);
      const expectedEvents = reports.reduce((n, r) => n + r.batches.reduce((m, [, size]) => m + size, 0), 0) + 1;
      expect(log).toHaveLength(expectedEvents);
      // 0 lost, 0 duplicated: exactly the events the writers were told were appended
      const stored = new Map(log.filter((e) => e.type === 'Marked').map((e) => [e.id, e]));
      for (const r of reports) {
        for (const [batch, size] of r.batches) for (let i = 0; i < size; i++) expect(stored.has(`${batch}-${i}`), `${batch}-${i}`).toBe(true);
      }
      expect(stored.size).toBe(expectedEvents - 1);

      // every subscriber saw every event, once, in order
      const ids = log.map((e) => e.id);
      for (const s of subscribers) {
        expect(s.positions, `${s.subscriber} subscriber positions`).toEqual(log.map((e) => e.position));
        expect(s.ids, `${s.subscriber} subscriber ids`).toEqual(ids);
      }
      // readers never saw a gap, a hole or half a batch
      for (const r of readerReports) {
        expect(r.problems, `reader ${r.reader}`).toEqual([]);
        expect(r.passes).toBeGreaterThan(1);
      }
      // the projection runner that ran during the appends ends where a fresh rebuild ends
      const store = sqliteStore(file, { events: reliabilityEvents });
      const head = await store.headPosition();
      const projections = reliabilityProjections('-live');
      const rebuilt = await runProjections(store, projections, { rebuild: true, toPosition: head });
      for (const [i, p] of projections.entries()) {
        const saved = await store.projections.load(p.name);
        expect(saved?.checkpoint).toBe(head);
        expect(canonical(saved?.state), p.name).toBe(canonical(rebuilt[i]!.state));
      }
      await store.close();

      const appends = reports.reduce((n, r) => n + r.batches.length, 0);
      const conflicts = reports.reduce((n, r) => n + r.conflicts, 0);
      figure(
        `concurrency: ${children.length} processes on one new file (${WRITERS} append writers × ${APPENDS}, ${MANY_WRITERS} appendMany writers × ${MANY_CALLS} over ${STREAMS} shared streams, ` +
          `${READERS} readers, 2 subscribers, 1 projection runner); ${appends} appends, ${log.length} events, ${conflicts} expected-version conflicts retried; ` +
          `0 lost, 0 duplicated, versions contiguous, positions 1..${head} gap-free; readers checked ${readerReports.reduce((n, r) => n + r.passes, 0)} snapshots ` +
          `(${readerReports.reduce((n, r) => n + r.events, 0)} events); subscribers ${subscribers.map((s) => `${s.subscriber} ${s.ids.length}`).join(', ')} events, once each, in order; ` +
          `projection runner ${projectorReport.runs} runs = fresh rebuild; writers done in ${((writersDone - started) / 1000).toFixed(1)} s, all in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.kill();
    }
  });
});
