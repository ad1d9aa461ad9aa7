// Imports every package entry point from the built output (dist/) the way a
// user would, by package name, and exercises each one once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');
const loaded = {};
for (const entry of entries) {
  const specifier = entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`;
  const target = pkg.exports[entry];
  assert.equal(Object.keys(target)[0], 'types', `${specifier}: "types" must come first in the exports map`);
  const mod = await import(specifier);
  assert.ok(Object.keys(mod).length > 0, `${specifier} exports nothing`);
  loaded[entry] = mod;
  console.log(`ok ${specifier} (${Object.keys(mod).length} exports)`);
}

const { memoryStore } = loaded['./memory'];
const { sqliteStore } = loaded['./sqlite'];
const { runProjection, runProjections, defineProjection } = loaded['.'];
for (const store of [memoryStore(), sqliteStore(':memory:')]) {
  await store.append('smoke-1', [{ type: 'Smoke', data: { n: 1 } }], { expectedVersion: 'no_stream' });
  const p = defineProjection({ name: 'smoke', version: 1, handles: ['Smoke'], initialState: () => ({ n: 0 }), apply: (s, e) => void (s.n += e.data.n) });
  const r = await runProjection(store, p);
  assert.equal(r.state.n, 1);
  await store.close();
  console.log(`ok ${store.adapter} store round trip`);
}

// A split rebuild from the built output: the worker threads load dist/'s .js worker script (tests run
// it from source under tsx). Both ways of splitting; the result must equal a sequential rebuild.
{
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { sqliteRangeFolder } = loaded['./sqlite'];
  const { READ_MODEL_BUNDLE, READ_MODEL_PROJECTIONS, ledgerEvents, forEachCell, Ledger } = loaded['.'];
  const dir = mkdtempSync(join(tmpdir(), 'ntm-smoke-'));
  try {
    const file = join(dir, 'split.db');
    const ledger = await Ledger.open(sqliteStore(file, { events: ledgerEvents }));
    await ledger.loadThanhHoaRegister();
    const communes = (await ledger.hierarchyAt('2023-06-30')).ofLevel('commune').map((u) => u.code);
    await ledger.executeAll(
      Array.from({ length: 3000 }, (_, i) => ({ type: 'RecordIncident', incidentId: `s${i}`, localityCode: communes[i % communes.length], occurredOn: '2023-05-02', reportedOn: '2023-05-03', labels: ['crime.social-order'] })),
    );
    await ledger.close();
    const cells = (results) => {
      const out = [];
      forEachCell(results.find((r) => r.name === 'incident-cube').state, (commune, key, c) => out.push(`${commune}|${key}|${c}`));
      return out.sort();
    };
    const store = sqliteStore(file, { events: ledgerEvents });
    const sequential = cells(await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false }));
    for (const claim of [false, true]) {
      const parts = [];
      const folder = sqliteRangeFolder({ file, module: READ_MODEL_BUNDLE, workers: 1, minSpan: 1, claim });
      const watched = { ...folder, foldRange: async (r) => { const x = await folder.foldRange(r); parts.push(x); return x; } };
      const split = cells(await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, freeze: false, parallel: claim ? folder : watched }));
      assert.deepEqual(split, sequential);
      if (!claim) assert.equal(parts.length === 1 && parts[0].ok && parts[0].applied['incident-cube'] > 0, true, `the worker folded its part: ${JSON.stringify(parts)}`);
    }
    await store.close();
    console.log(`ok split rebuild with worker threads from the built package (${sequential.length} cells)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The command-line tool from the built output, as `npx ntm-antt` runs it.
import { execFileSync } from 'node:child_process';
const bin = new URL(`../${pkg.bin['ntm-antt'].replace(/^\.\//, '')}`, import.meta.url);
const help = execFileSync(process.execPath, [bin.pathname, '--help'], { encoding: 'utf8' });
assert.match(help, /import/);
assert.match(help, /report/);
console.log('ok ntm-antt --help (built bin)');
