/**
 * National scale: a generated log over ~10,000 communes (63 provinces of 10
 * districts of 16 communes), then a full rebuild of every read model.
 * Prints one JSON line: events, rebuild seconds, peak RSS, cube cells.
 *   node --import tsx test/bench/national.ts <events> <incidents> [--sequential]
 * The log is generated once per size into the OS temp folder and reused.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteRangeFolder, sqliteStore } from '../../adapters/sqlite/index.js';
import { READ_MODEL_BUNDLE, READ_MODEL_PROJECTIONS, cellCount, ledgerEvents, runProjections, type IncidentCubeState, type StreamWrite } from '../../src/index.js';
import { mulberry32 } from '../../src/demo/mulberry32.js';
import { builtInCriteriaStreams } from '../../src/domain/criteria/index.js';

const [eventsArg, incidentsArg, mode] = process.argv.slice(2);
const sequential = mode === '--sequential';
const workers = Math.max(1, availableParallelism() - 1);
const events = Number(eventsArg);
const incidents = Number(incidentsArg);
const PROVINCES = 63;
const DISTRICTS = 10;
const COMMUNES = 16;
const file = join(tmpdir(), `ntm-antt-national-${events}-${incidents}-v3.db`);


async function generate(): Promise<void> {
  const tmp = `${file}.partial`;
  rmSync(tmp, { force: true });
  const store = sqliteStore(tmp, { events: ledgerEvents });
  const rand = mulberry32(63);
  const communes: string[] = [];
  let written = 0;
  const base = { effectiveDate: '2019-01-01', legalBasis: 'national bench' };
  for (let p = 0; p < PROVINCES; p++) {
    const province = `P${p + 1}`;
    const register = [{ type: 'LocalityEstablished', data: { code: province, name: `Tỉnh ${p + 1}`, kind: 'province', ...base } }];
    for (let d = 0; d < DISTRICTS; d++) {
      const district = `${province}D${d + 1}`;
      register.push({ type: 'LocalityEstablished', data: { code: district, name: `Huyện ${d + 1}`, kind: 'huyen', parentCode: province, ...base } as never });
      for (let c = 0; c < COMMUNES; c++) {
        const code = `${district}C${c + 1}`;
        communes.push(code);
        register.push({ type: 'LocalityEstablished', data: { code, name: `Xã ${c + 1}`, kind: c === 0 ? 'phuong' : 'xa', parentCode: district, ...base } as never });
      }
    }
    // one merger per province in 2021: lineage is exercised at scale
    register.push({ type: 'LocalitiesMerged', data: { target: `${province}D1C2`, sources: [`${province}D1C3`], effectiveDate: '2021-01-01', legalBasis: 'national bench' } as never });
    await store.append(`locality-register-${province}`, register);
    written += register.length;
  }
  // the built-in criteria sets, so that attainment can be asked at national scale too
  for (const c of builtInCriteriaStreams()) {
    await store.append(c.streamId, c.events.map((e) => ({ type: e.type, data: e.data })));
    written += c.events.length;
  }
  const merged = new Set(Array.from({ length: PROVINCES }, (_, p) => `P${p + 1}D1C3`));
  const LABELS = [['crime.social-order'], ['crime.social-order', 'social-evil.gambling'], ['crime.drug'], ['social-evil.drugs'], ['traffic-accident'], ['mass-complaint'], ['prolonged-dispute'], ['violation.other']];
  const SEV = ['less-serious', 'serious', 'very-serious', 'especially-serious'];
  const facts: Array<{ localityCode: string; occurredOn: string; reportedOn: string; labels: string[]; severity?: string; casualties: { deaths: number; injuries: number } }> = [];
  const corrections = Math.max(0, events - written - incidents);
  let batch: StreamWrite[] = [];
  const flush = async () => {
    if (batch.length > 0) await store.appendMany(batch);
    batch = [];
  };
  for (let i = 0; i < incidents; i++) {
    const day = Math.floor(rand() * 2555);
    const occurredOn = new Date(Date.UTC(2019, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    let locality = communes[Math.floor(Math.pow(rand(), 1.6) * communes.length)]!;
    if (merged.has(locality) && occurredOn >= '2021-01-01') locality = locality.replace(/C3$/, 'C2');
    const labels = LABELS[Math.floor(rand() * LABELS.length)]!;
    const f = {
      localityCode: locality,
      occurredOn,
      reportedOn: new Date(Date.UTC(2019, 0, 1) + (day + Math.floor(rand() * 3)) * 86_400_000).toISOString().slice(0, 10),
      labels: [...labels],
      ...(labels[0]!.startsWith('crime') ? { severity: SEV[Math.floor(rand() * 4)]! } : {}),
      casualties: { deaths: rand() < 0.03 ? 1 : 0, injuries: Math.floor(rand() * 2) },
    };
    if (i < corrections) facts.push(f);
    batch.push({ streamId: `incident-n${i}`, events: [{ type: 'IncidentRecorded', data: { incidentId: `n${i}`, ...f }, id: `n-${i}` }] });
    if (batch.length >= 2000) await flush();
  }
  await flush();
  for (let i = 0; i < corrections; i++) {
    const previous = facts[i]!;
    batch.push({
      streamId: `incident-n${i}`,
      events: [{ type: 'IncidentReclassified', data: { incidentId: `n${i}`, labels: ['crime.economic'], reason: 'bench correction', previous }, id: `c-${i}` }],
    });
    if (batch.length >= 2000) await flush();
  }
  await flush();
  await store.close();
  renameSync(tmp, file);
  for (const ext of ['-wal', '-shm']) rmSync(`${tmp}${ext}`, { force: true });
}

if (!existsSync(file)) {
  // generated in a process of its own, so that the rebuild's peak memory is the rebuild's
  process.stderr.write(`  generating ${events} events into ${file} (once)…\n`);
  await generate();
  process.stdout.write(JSON.stringify({ generated: file }) + '\n');
  process.exit(0);
}
const store = sqliteStore(file, { events: ledgerEvents });
const head = await store.headPosition();
const t = process.hrtime.bigint();
const results = await runProjections(store, READ_MODEL_PROJECTIONS, {
  rebuild: true,
  freeze: false,
  batchSize: 5000,
  ...(sequential ? {} : { parallel: sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers }) }),
});
const seconds = Number(process.hrtime.bigint() - t) / 1e9;
const cube = results.find((r) => r.name === 'incident-cube')!.state as IncidentCubeState;
const cells = cellCount(cube);
await store.close();
process.stdout.write(JSON.stringify({ file, events: head, rebuildSeconds: Math.round(seconds * 100) / 100, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), cells, workers: sequential ? 0 : workers }) + '\n');
