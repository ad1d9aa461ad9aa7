// `ntm-antt lineage …` and `ntm-antt import lineage`: list the facts that keep localities in comparison
// groups, record them with their evidence, all or nothing, idempotently.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINEAGE_CSV } from '../../src/cli/csv-import.js';
import { cli, fingerprint, jsonError } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ntm-lineage-'));
const base = join(dir, 'base.db');
let copies = 0;
const freshDb = (): string => {
  const f = join(dir, `db-${++copies}.db`);
  copyFileSync(base, f);
  return f;
};
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content, 'utf8');
  return p;
};

beforeAll(async () => {
  expect((await cli(['--db', base, 'init'])).code).toBe(0);
  const load = await cli(['--db', base, 'load-units']);
  expect(load.code, load.stderr).toBe(0);
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('ntm-antt lineage', { timeout: 120_000 }, () => {
  it('missing lists every fact that keeps communes in groups, in Vietnamese or English, and writes a template to fill in', async () => {
    const db = freshDb();
    const template = join(dir, `template-${copies}.csv`);
    const en = await cli(['--db', db, 'lineage', 'missing', '--year', '2024', '--template', template]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/^7 missing facts \(2024 against 2019\):/);
    expect(en.stdout).toContain('Receiver of Xã Thanh Xuân (14893), dissolved on 2019-12-01 by 786/NQ-UBTVQH14, not identified');
    expect(en.stdout).toContain('Shares not known: part of Xã Thúy Sơn (15070) moved to Thị Trấn Ngọc Lặc (15061)');
    const vi = await cli(['--db', db, 'lineage', 'missing', '--year', '2024', '--lang', 'vi']);
    expect(vi.stdout).toContain('Chưa xác định đơn vị tiếp nhận Xã Thanh Xuân (14893), giải thể từ ngày 01/12/2019 theo 786/NQ-UBTVQH14');
    const rows = readFileSync(template, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe(LINEAGE_CSV.columns.join(','));
    expect(rows).toHaveLength(8);
    expect(rows.some((r) => r.startsWith(',receiver,14893,2019-12-01,,'))).toBe(true);
    // a part transfer's shares: the unit itself and the one it gave to, as AllocateShares wants them
    expect(rows.some((r) => r.startsWith(',shares,15070,2019-12-01,15070;15061,,'))).toBe(true);
    // the district level has no group in 2024, and 2025 adds the shares of the reform's divided units
    const y2025 = await cli(['--db', db, 'lineage', 'missing', '--year', '2025']);
    expect(y2025.stdout).toContain('Shares not known: parts of Xã Thanh Tân (16273) taken by each of: Xã Công Chính (16369), Xã Thanh Kỳ (16273)');
  });

  it('import lineage records a filled-in template; the fact leaves the missing list; re-importing adds nothing', async () => {
    const db = freshDb();
    const csv = file(
      `filled-${copies}.csv`,
      `${LINEAGE_CSV.columns.join(',')}\r\n` +
        'tx,receiver,14893,2019-12-01,14890,,,documented,https://example.vn/phu-xuan,"Theo đó, sáp nhập toàn bộ diện tích và dân số của xã Thanh Xuân vào xã Phú Xuân.",,\r\n' +
        'tt,shares,16273,2025-07-01,16369;16273,1/4;3/4,,secondary,Đề án sắp xếp 2025 (thử),,chia theo dân số,\r\n' +
        'ts,shares,15070,2019-12-01,15070;15061,9/10;1/10,,secondary,Thử,,,\r\n',
    );
    const r = await cli(['--db', db, 'import', 'lineage', csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 imported, 0 already present (3 rows, 3 events appended)');
    const again = await cli(['--db', db, 'import', 'lineage', csv]);
    expect(again.stdout).toContain('0 imported, 3 already present');
    const missing = await cli(['--db', db, 'lineage', 'missing', '--year', '2024']);
    expect(missing.stdout).toMatch(/^5 missing facts/);
    expect(missing.stdout).not.toContain('14893');
    expect(missing.stdout).not.toContain('Xã Thúy Sơn (15070)');
    const m2025 = await cli(['--db', db, 'lineage', 'missing', '--year', '2025']);
    expect(m2025.stdout).not.toContain('Xã Thanh Tân (16273)');
  });

  it('a file with bad rows is rejected whole, every problem named by line and column, and the database is unchanged', async () => {
    const db = freshDb();
    const before = await fingerprint(db);
    const csv = file(
      `bad-${copies}.csv`,
      `${LINEAGE_CSV.columns.join(',')}\r\n` +
        'a,receiver,14893,2019-12-01,14890,,,documented,https://example.vn,q,,\r\n' +
        'b,receiver,99999,2019-12-01,14890,,,documented,https://example.vn,q,,786/NQ-UBTVQH14\r\n' +
        'c,shares,16273,2025-07-01,16369;16273,1/4;1/4,,secondary,x,,,\r\n' +
        'd,receiver,14827,2019-12-01,14821,,,documented,x,,,\r\n' +
        'e,merge,14893,2019-12-01,14890,,,unknown,,,,\r\n',
    );
    const r = await cli(['--db', db, '--json-errors', 'import', 'lineage', csv]);
    expect(r.code).toBe(3);
    const e = jsonError(r);
    const at = (line: number) => e.problems.filter((p) => p.line === line).map((p) => `${p.field}:${p.code}`);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['code:dissolution_not_found']);
    expect(at(4)).toEqual(['shares:split_allocation_invalid']);
    expect(at(5)).toEqual(['code:receiver_already_identified']);
    expect(at(6)).toEqual(expect.arrayContaining(['fact:invalid_fact']));
    expect(await fingerprint(db)).toEqual(before);
  });

  it('a JSON file with the same keys imports the same way, its problems pointing at the line of each entry', async () => {
    const db = freshDb();
    const json = file(
      `facts-${copies}.json`,
      JSON.stringify(
        [
          { key: 'tx', fact: 'receiver', code: '14893', date: '2019-12-01', receivers: ['14890'], evidence: 'secondary', source: 'https://example.vn', caveat: 'test' },
          { key: 'x', fact: 'receiver', code: '15193', date: '2019-12-01', receivers: ['15187', '15190'], shares: ['1/2', '1/2'], evidence: 'secondary', source: 'https://example.vn' },
        ],
        null,
        2,
      ),
    );
    const ok = await cli(['--db', db, 'import', 'lineage', json]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 imported');
    const bad = file(`bad-${copies}.json`, '[\n  { "fact": "receiver", "code": "14893", "date": "2019-12-01", "receivers": "14890", "evidence": "documented", "colour": "red" }\n]\n');
    const r = await cli(['--db', freshDb(), '--json-errors', 'import', 'lineage', bad]);
    expect(r.code).toBe(3);
    expect(jsonError(r).problems).toEqual([expect.objectContaining({ line: 2, field: 'colour', code: 'unknown_column' })]);
  });

  it('receiver, shares and part record one fact each, with the evidence required and checked', async () => {
    const db = freshDb();
    const one = await cli(['--db', db, 'lineage', 'receiver', '--code', '16054', '--date', '2019-12-01', '--receiver', '16012', '--evidence', 'secondary', '--source', 'https://example.vn', '--caveat', 'test']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe('IdentifyReceiver 16054 (2019-12-01): 1 event recorded in locality-register-38.\n');
    const noEvidence = await cli(['--db', db, 'lineage', 'receiver', '--code', '16060', '--date', '2019-12-01', '--receiver', '16012']);
    expect(noEvidence.code).toBe(2);
    expect(noEvidence.stderr).toContain("required option '--evidence <level>' not specified");
    const badLevel = await cli(['--db', db, 'lineage', 'receiver', '--code', '16060', '--date', '2019-12-01', '--receiver', '16012', '--evidence', 'unknown']);
    expect(badLevel.code).toBe(2);
    const shares = await cli(['--db', db, '--json-errors', 'lineage', 'shares', '--code', '15637', '--date', '2025-07-01', '--share', 'x', '--evidence', 'secondary']);
    expect(shares.code).toBe(2);
    expect(jsonError(shares).code).toBe('bad_share');
    const part = await cli(['--db', db, 'lineage', 'part', '--code', '15070', '--to', '15061', '--date', '2019-12-01', '--evidence', 'documented', '--source', 'x']);
    expect(part.code).toBe(5);
    expect(part.stderr).toContain('part_transfer_exists');
  });
});
