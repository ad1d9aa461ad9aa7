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
const { runProjection, defineProjection } = loaded['.'];
for (const store of [memoryStore(), sqliteStore(':memory:')]) {
  await store.append('smoke-1', [{ type: 'Smoke', data: { n: 1 } }], { expectedVersion: 'no_stream' });
  const p = defineProjection({ name: 'smoke', version: 1, handles: ['Smoke'], initialState: () => ({ n: 0 }), apply: (s, e) => void (s.n += e.data.n) });
  const r = await runProjection(store, p);
  assert.equal(r.state.n, 1);
  await store.close();
  console.log(`ok ${store.adapter} store round trip`);
}

// The command-line tool from the built output, as `npx ntm-antt` runs it.
import { execFileSync } from 'node:child_process';
const bin = new URL(`../${pkg.bin['ntm-antt'].replace(/^\.\//, '')}`, import.meta.url);
const help = execFileSync(process.execPath, [bin.pathname, '--help'], { encoding: 'utf8' });
assert.match(help, /import/);
assert.match(help, /report/);
console.log('ok ntm-antt --help (built bin)');
