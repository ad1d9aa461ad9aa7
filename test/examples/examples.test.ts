// Every example in examples/ runs, and prints what its header promises. The examples import the package
// by its public names (ntm-antt, ntm-antt/sqlite), as an application does: they run the built dist/, which
// is built again first when a source is newer than it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/** The newest modification time of the .ts files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  const built = 'dist/src/index.js';
  if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest('src'), newest('adapters'))) execFileSync('npm', ['run', 'build'], { stdio: 'ignore', timeout: 300_000 });
}, 300_000);

const run = (file: string, ...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', `examples/${file}`, ...args], { encoding: 'utf8', timeout: 120_000 });

const expectations: Record<string, (out: string) => void> = {
  'quickstart.ts': (out) => {
    expect(out).toContain('Xã An: 5 in 2024 against 6 in 2019 (-16.67 %) → met');
    expect(out).toContain('baseline rebased from: Xã An (4) + Xã Bình (2)');
  },
  'units-at.ts': (out) => {
    expect(JSON.parse(out)).toEqual({ date: '2022-12-31', districts: { huyen: 23, 'thi-xa': 2, 'thanh-pho': 2 }, communes: { xa: 469, phuong: 60, 'thi-tran': 30 } });
  },
  'custom-criteria.ts': (out) => {
    expect(out).toContain('9.1 for Thanh Hóa before: defined, verified=false');
    expect(out).toMatch(/9\.1 for Thanh Hóa after: provincial-override/);
    expect(out).toContain('9.1 for another province: defined');
    expect(out).toMatch(/Hoằng Hóa 2024 under the override: (met|not_met|no_data)/);
  },
  'as-of.ts': (out) => {
    expect(out).toContain('as filed on 2024-01-15: 2; as corrected today: 1');
  },
  'http-service.ts': (out) => {
    expect(out).toContain('GET /hierarchy?date=2022-12-31 → 200 {"date":"2022-12-31","communes":559,"districts":27}');
    expect(out).toMatch(/GET \/rate\?standard=commune-standard-2021:19\.2&year=2022 → 200 \{"eligible":469,/);
    expect(out).toMatch(/GET \/trend\?locality=99999&year=2024 → 404 .*"code":"not_found"/);
  },
};

describe('examples', () => {
  it('every example file has an expectation here', () => {
    expect(readdirSync('examples').filter((f) => f.endsWith('.ts')).sort()).toEqual(Object.keys(expectations).sort());
  });
  for (const [file, check] of Object.entries(expectations)) {
    it(`examples/${file} runs`, () => check(run(file, ...(file === 'units-at.ts' ? ['2022-12-31'] : []))), 120_000);
  }
});
