/**
 * Summarises `.cpuprofile` files written by `node --cpu-prof`: self time per
 * function, largest first, one table per profile (one per thread).
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/national.ts 1000000 1000000 --sequential
 *   npx tsx test/bench/profile-summary.ts /tmp/prof [top=20]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

const [dir, topArg] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: tsx test/bench/profile-summary.ts <dir with .cpuprofile files> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 20);
for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')).sort()) {
  const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`\n${f}: ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}
