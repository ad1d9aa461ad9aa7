/**
 * The layers of the tree, as the architecture states them: the kernel knows
 * no domain, the domain does no I/O and knows no projection, projections know
 * no report, reference data know no ledger, adapters know only the kernel;
 * and no module imports itself back through others (no import cycles).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every relative import and re-export of a file (type-only ones too), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g)) out.push(relative(root, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
  return out;
}

const files = [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'adapters'))];
const graph = new Map(files.map((f) => [relative(root, f), importsOf(f)]));

/** The layer a path belongs to. */
function layerOf(path: string): string {
  const [top, second] = path.split('/');
  if (top === 'adapters') return 'adapters';
  return second !== undefined && !second.endsWith('.ts') ? second : 'root';
}

/** What each layer may import, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  kernel: [],
  domain: ['kernel'],
  projections: ['kernel', 'domain'],
  reference: ['kernel', 'domain'],
  adapters: ['kernel'],
};

describe('layers', () => {
  it('reads the imports of the whole tree (the check below is not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/projections/trends.ts')).toContain('src/domain/locality/index.ts');
  });

  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer} imports only ${allowed.length === 0 ? 'itself' : allowed.join(', ')}`, () => {
      const wrong: string[] = [];
      for (const [file, imports] of graph) {
        if (layerOf(file) !== layer) continue;
        for (const i of imports) if (layerOf(i) !== layer && !allowed.includes(layerOf(i))) wrong.push(`${file} → ${i}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of graph.get(f) ?? []) {
        if (!graph.has(g)) continue;
        if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].join(' → '));
        else if (state.get(g) === undefined) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (state.get(f) === undefined) visit(f);
    expect(cycles).toEqual([]);
  });
});
