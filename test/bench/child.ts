/**
 * One benchmark run of one system in a fresh process (so that its peak RSS
 * is its own): prints one JSON line with events/s per operation.
 *   node --import tsx test/bench/child.ts <system> <n> <singles> <streamReads>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSystem, type SystemName } from './systems.js';
import { batches, workload } from './workload.js';

const [name, nArg, singlesArg, readsArg] = process.argv.slice(2) as [SystemName, string, string, string];
const n = Number(nArg);
const singles = Number(singlesArg);
const streamReads = Number(readsArg);
const events = workload(n);
const single = workload(singles, 7);
const grouped = batches(events);
const largest = [...events.reduce((m, e) => m.set(e.streamId, (m.get(e.streamId) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]!;
const dir = mkdtempSync(join(tmpdir(), 'ntm-bench-'));

const time = async (work: () => Promise<unknown>): Promise<number> => {
  const t = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t) / 1e9;
};

const ops: Record<string, number> = {};
{
  const s = await openSystem(name, join(dir, 'single.db'));
  ops['append-single'] = single.length / (await time(() => s.appendSingle(single)));
  await s.close();
}
const s = await openSystem(name, join(dir, 'batch.db'));
ops['append-batch'] = n / (await time(() => s.appendBatch(grouped)));
// reads are repeated (same data, same process) and the median pass is kept
const PASSES = 3;
const medianOf = async (work: () => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < PASSES; i++) times.push(await time(work));
  return times.sort((a, b) => a - b)[PASSES >> 1]!;
};
ops['read-all'] = n / (await medianOf(async () => {
  const counted = await s.readAll();
  if (counted !== n) throw new Error(`${name}: read ${counted} of ${n}`);
}));
ops['read-stream'] = (largest[1] * streamReads) / (await medianOf(async () => {
  for (let i = 0; i < streamReads; i++) if ((await s.readStream(largest[0])) !== largest[1]) throw new Error('short stream read');
}));
ops['rebuild'] = n / (await medianOf(async () => {
  const c = await s.rebuild();
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  if (total !== n) throw new Error(`${name}: rebuild counted ${total} of ${n}`);
}));
await s.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ system: name, ops, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
