// The `ntm-antt` command-line tool, run as a child process (`node --import tsx src/cli/main.ts`) on temporary databases.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INCIDENTS, INCIDENT_HEADER, RECOGNITION_HEADER, RECOGNITION_PHUONG, RECOGNITION_PHUONG_SAFE, RECOGNITION_XA, VALID_INCIDENTS } from './fixtures.js';
import { cli, fingerprint, jsonError, type CliRun } from './helpers.js';
import { FIXTURES, spawnTs } from '../reliability/support.js';

const dir = mkdtempSync(join(tmpdir(), 'ntm-cli-'));
const base = join(dir, 'base.db');
let baseEvents = 0;
let copies = 0;

/** A copy of the base database (register and criteria loaded), for one test. */
function freshDb(): string {
  const file = join(dir, `db-${++copies}.db`);
  copyFileSync(base, file);
  return file;
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, 'utf8');
  return path;
}

const NO_STACK = /^\s+at .+:\d+:\d+\)?$/m;

let firstInit: CliRun;
let firstLoad: CliRun;

beforeAll(async () => {
  firstInit = await cli(['--db', base, 'init']);
  expect(firstInit.code, firstInit.stderr).toBe(0);
  firstLoad = await cli(['--db', base, 'load-units']);
  expect(firstLoad.code, firstLoad.stderr).toBe(0);
  baseEvents = (await fingerprint(base)).events;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('ntm-antt', { timeout: 90_000 }, () => {
  it('--help on every command exits 0 and prints its usage, description and an example', async () => {
    const commands = [[], ['init'], ['load-units'], ['import'], ['import', 'incidents'], ['import', 'recognitions'], ['report'], ['rebuild'], ['import', 'lineage'], ['lineage'], ['lineage', 'missing'], ['lineage', 'receiver'], ['lineage', 'shares'], ['lineage', 'part']];
    const runs = await Promise.all(commands.map((c) => cli([...c, '--help'])));
    runs.forEach((run, i) => {
      const name = ['ntm-antt', ...commands[i]!].join(' ');
      expect(run.code, name).toBe(0);
      expect(run.stdout, name).toContain(`Usage: ${name}`);
      expect(run.stdout, name).toMatch(/Examples?:\n\s+\$ ntm-antt /);
      expect(run.stderr, name).toBe('');
    });
    expect(runs[0]!.stdout).toContain('Exit codes:');
    const viaHelpCommand = await cli(['help', 'import']);
    expect(viaHelpCommand.code).toBe(0);
    expect(viaHelpCommand.stdout).toContain('Usage: ntm-antt import');
    expect(runs[6]!.stdout).toMatch(/--year <year>[\s\S]*--as-of <date>[\s\S]*--format <format>[\s\S]*--lang <lang>[\s\S]*--out <path>[\s\S]*--plan <id>/);
  });

  it('init and load-units are idempotent: a second load-units appends 0 events', async () => {
    // the first runs are those of beforeAll, on the base database
    expect(firstInit.stdout).toContain(`Created database ${base}`);
    expect(firstInit.stdout).toMatch(/Built-in criteria: [1-9]\d* events appended/);
    expect(firstLoad.stdout).toMatch(/register: 1045 events appended/);

    const db = freshDb();
    const before = await fingerprint(db);
    const again = await cli(['--db', db, 'init']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already at schema version');
    expect(again.stdout).toContain('Built-in criteria: already published (0 events appended)');
    const reload = await cli(['--db', db, 'load-units']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stdout).toMatch(/register: 0 events appended/);
    expect((await fingerprint(db)).sha256).toBe(before.sha256);
    expect(before.events).toBe(baseEvents);
  });

  it('NTM_ANTT_DB names the database when --db is not given', async () => {
    const db = freshDb();
    const run = await cli(['load-units'], { env: { NTM_ANTT_DB: db } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 events appended/);
  });

  it('a CSV with bad rows is rejected whole (exit 3): every bad row is listed with its line and field, and the store is unchanged', async () => {
    const db = freshDb();
    const csv = file('bad-incidents.csv', BAD_INCIDENTS);
    const before = await fingerprint(db);

    const run = await cli(['--db', db, 'import', 'incidents', csv]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('rejected: 4 problems in 4 rows; nothing was imported (the store is unchanged)');
    expect(run.stderr).toMatch(/line 3, locality_code: .*16387 did not exist on 2023-03-04.*\[locality_not_found_on_date\]/);
    expect(run.stderr).toMatch(/line 4, occurred_on: "2019-02-30": Invalid ISO date/);
    expect(run.stderr).toMatch(/line 5, labels: "crime.other": must be a known label/);
    expect(run.stderr).toMatch(/line 6, key: key "ok-1" is already used on line 2 \[duplicate_key\]/);
    expect(run.stderr).not.toMatch(/^\s+line [27],/m);
    expect(run.stderr).not.toMatch(NO_STACK);

    const json = jsonError(await cli(['--db', db, '--json-errors', 'import', 'incidents', csv]));
    expect(json.exitCode).toBe(3);
    expect(json.problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [3, 'locality_code', 'locality_not_found_on_date'],
      [4, 'occurred_on', 'invalid_format'],
      [5, 'labels', 'invalid_format'],
      [6, 'key', 'duplicate_key'],
    ]);

    const after = await fingerprint(db);
    expect(after.sha256).toBe(before.sha256);
    expect(after.fileSha256).toBe(before.fileSha256);
  });

  it('an empty file, a file with a bad header, and a missing file are refused', async () => {
    const db = freshDb();
    const before = await fingerprint(db);
    const empty = await cli(['--db', db, 'import', 'incidents', file('empty.csv', '')]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/file: the file is empty: a header row is required \[empty_file\]/);

    const header = await cli(['--db', db, '--json-errors', 'import', 'incidents', file('bad-header.csv', 'key,locality_code,commune,occurred_on,labels\nk,14755,x,2024-01-01,fire-explosion\n')]);
    expect(header.code).toBe(3);
    expect(jsonError(header).problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [1, 'commune', 'unknown_column'],
      [1, 'reported_on', 'missing_column'],
    ]);

    const quotes = await cli(['--db', db, 'import', 'incidents', '--skip-invalid', file('bad-quotes.csv', `${INCIDENT_HEADER}\nq1,,14755,,2024-01-01,2024-01-01,fire-explosion,,,,"never closed\n`)]);
    expect(quotes.code).toBe(3);
    expect(quotes.stderr).toMatch(/line 2: a quoted value opened here is never closed/);

    const missing = await cli(['--db', db, 'import', 'incidents', join(dir, 'no-such.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*no-such\.csv: no such file/);
    expect((await fingerprint(db)).fileSha256).toBe(before.fileSha256);
  });

  it('--skip-invalid imports the good rows, lists the skipped ones and exits 0; a second run adds nothing', async () => {
    const db = freshDb();
    const csv = file('skip-incidents.csv', BAD_INCIDENTS);
    const run = await cli(['--db', db, 'import', 'incidents', csv, '--skip-invalid']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 imported, 0 already present, 4 skipped (invalid) (6 rows, 2 events appended)');
    expect(run.stderr).toContain('warning: ');
    for (const l of [3, 4, 5, 6]) expect(run.stderr).toMatch(new RegExp(`line ${l}, `));
    expect((await fingerprint(db)).events).toBe(baseEvents + 2);

    const again = await cli(['--db', db, 'import', 'incidents', csv, '--skip-invalid']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 imported, 2 already present, 4 skipped (invalid)');
    expect((await fingerprint(db)).events).toBe(baseEvents + 2);
  });

  it('re-importing the same valid file adds nothing; a changed row under an imported key is refused', async () => {
    const db = freshDb();
    const csv = file('valid-incidents.csv', VALID_INCIDENTS);
    const first = await cli(['--db', db, 'import', 'incidents', csv]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('3 imported, 0 already present (3 rows, 3 events appended)');
    const imported = await fingerprint(db);
    expect(imported.events).toBe(baseEvents + 3);

    const second = await cli(['--db', db, 'import', 'incidents', csv]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('0 imported, 3 already present');
    expect((await fingerprint(db)).sha256).toBe(imported.sha256);

    const changed = await cli(['--db', db, 'import', 'incidents', file('changed-incidents.csv', VALID_INCIDENTS.replace('serious,0,1', 'very-serious,0,1'))]);
    expect(changed.code).toBe(3);
    expect(changed.stderr).toMatch(/line 2, key: key "hr-2024-001" was imported before .* with different content.*\[key_reused\]/);
    expect((await fingerprint(db)).sha256).toBe(imported.sha256);
  });

  it('import recognitions validates each row against the unit on the decision date: a commune standard for a phường is refused', async () => {
    const db = freshDb();
    const before = await fingerprint(db);
    const bad = await cli(['--db', db, '--json-errors', 'import', 'recognitions', file('bad-recognitions.csv', [RECOGNITION_HEADER, RECOGNITION_XA, RECOGNITION_PHUONG, RECOGNITION_PHUONG_SAFE].join('\n'))]);
    expect(bad.code).toBe(3);
    const err = jsonError(bad);
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ line: 3, field: 'standard', code: 'standard_not_applicable' });
    expect(err.problems[0]!.message).toMatch(/applies to xa, but 14755 is a phuong/);
    expect((await fingerprint(db)).sha256).toBe(before.sha256);

    const csv = file('recognitions.csv', [RECOGNITION_HEADER, RECOGNITION_XA, RECOGNITION_PHUONG_SAFE].join('\n'));
    const good = await cli(['--db', db, 'import', 'recognitions', csv]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('2 imported, 0 already present');
    const again = await cli(['--db', db, 'import', 'recognitions', csv]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 imported, 2 already present');
    expect((await fingerprint(db)).events).toBe(baseEvents + 2);

    const overlap = await cli(['--db', db, 'import', 'recognitions', file('overlap.csv', [RECOGNITION_HEADER, RECOGNITION_XA.replace('qt-192-2024', 'qt-192-bis')].join('\n'))]);
    expect(overlap.code).toBe(3);
    expect(overlap.stderr).toMatch(/line 2, from_year: .*already holds commune-standard-2021:19\.2.*\[recognition_overlaps\]/);
  });

  it('exit code 4 names the database path: a directory that does not exist, a file that is not SQLite, a database never initialised', async () => {
    const inMissingDir = join(dir, 'no-such-dir', 'x.db');
    const a = await cli(['--db', inMissingDir, 'init']);
    expect(a.code).toBe(4);
    expect(a.stderr).toContain(inMissingDir);
    expect(a.stderr).not.toMatch(NO_STACK);

    const notSqlite = file('not-sqlite.db', 'this is not a database\n'.repeat(100));
    const b = await cli(['--db', notSqlite, 'init']);
    expect(b.code).toBe(4);
    expect(b.stderr).toContain(notSqlite);
    expect(b.stderr).toContain('not_a_database');
    const json = jsonError(await cli(['--db', notSqlite, '--json-errors', 'rebuild']));
    expect(json).toMatchObject({ exitCode: 4, code: 'not_a_database', details: { path: notSqlite } });

    const never = join(dir, 'never-initialised.db');
    const c = await cli(['--db', never, 'load-units']);
    expect(c.code).toBe(4);
    expect(c.stderr).toContain(never);
    expect(c.stderr).toContain('ntm-antt');
    expect(c.stderr).toContain('init');

    const debug = await cli(['--db', notSqlite, '--debug', 'rebuild']);
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(NO_STACK);
  });

  it('usage errors exit 2 with one readable block', async () => {
    const runs = await Promise.all([
      cli(['--no-such-option']),
      cli(['no-such-command']),
      cli(['import', 'incidents']),
      cli(['report', '--year', '20x4']),
      cli(['report', '--year', '2024', '--format', 'pdf']),
      cli(['report', '--year', '2024', '--as-of', '2024-02-30']),
      cli(['report']),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^ntm-antt: error: /);
      expect(run.stderr).not.toMatch(NO_STACK);
    }
    expect(runs[3]!.stderr).toContain('expected a four-digit year');
    expect(jsonError(await cli(['--json-errors', 'report', '--year', 'x']))).toMatchObject({ exitCode: 2, code: 'usage.invalidArgument' });
  });

  it('report renders the year as JSON on stdout or as HTML into --out (format from the extension); a bad --plan or --out exits 2', async () => {
    const db = freshDb();
    expect((await cli(['--db', db, 'import', 'incidents', file('report-incidents.csv', VALID_INCIDENTS)])).code).toBe(0);
    const before = await fingerprint(db);
    const out = join(dir, 'bao-cao-2024.html');
    const [json, html, plan, unwritable] = await Promise.all([
      cli(['--db', db, 'report', '--year', '2024', '--format', 'json']),
      cli(['--db', db, 'report', '--year', '2024', '--lang', 'en', '--out', out]),
      cli(['--db', db, 'report', '--year', '2024', '--plan', 'no-such-plan']),
      cli(['--db', db, 'report', '--year', '2024', '--out', join(dir, 'no-such-dir', 'r.md')]),
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toBe(`Wrote the 2024 report (html, en) to ${out}.\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/<html/i);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('no-such-plan');
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write --out .*r\.md/);
    expect((await fingerprint(db)).sha256).toBe(before.sha256);
  });

  it('report --out naming the database, its -wal file or another SQLite file is refused (exit 2) and the store is unchanged', async () => {
    const db = freshDb();
    expect((await cli(['--db', db, 'import', 'incidents', file('out-db-incidents.csv', VALID_INCIDENTS)])).code).toBe(0);
    const before = await fingerprint(db);
    const other = freshDb();
    const runs = await Promise.all([
      cli(['--db', db, 'report', '--year', '2024', '--format', 'html', '--out', db]),
      cli(['--db', db, 'report', '--year', '2024', '--format', 'html', '--out', `${db}-wal`]),
      cli(['--db', db, 'report', '--year', '2024', '--format', 'html', '--out', other]),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/--out .*(names the event store|is an SQLite database)/);
    }
    const after = await fingerprint(db);
    expect(after.sha256).toBe(before.sha256);
    expect(after.events).toBe(before.events);
    expect(readFileSync(other).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });

  it('report --out whose extension names another format is refused (exit 2) and nothing is written', async () => {
    const db = freshDb();
    const xlsx = join(dir, 'bao-cao.xlsx');
    const html = join(dir, 'bao-cao-md.html');
    const [noFormat, mismatch] = await Promise.all([
      cli(['--db', db, 'report', '--year', '2024', '--out', xlsx]),
      cli(['--db', db, 'report', '--year', '2024', '--format', 'md', '--out', html]),
    ]);
    expect(noFormat.code, noFormat.stderr).toBe(2);
    expect(noFormat.stderr).toContain('a report is not written as .xlsx; the formats are html, md, csv, json');
    expect(mismatch.code, mismatch.stderr).toBe(2);
    expect(mismatch.stderr).toContain('names a .html file, but --format is md');
    expect(existsSync(xlsx) || existsSync(html)).toBe(false);
  });

  it('an empty (0-byte) database file is no database: load-units refuses it and leaves it as it is; init makes it one', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const load = await cli(['--db', empty, 'load-units']);
    expect(load.code, load.stderr).toBe(4);
    expect(load.stderr).toContain('the file is empty (0 bytes), not a database; run ntm-antt --db');
    expect(readFileSync(empty).length).toBe(0);
    const init = await cli(['--db', empty, 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Created database');
    expect(init.stdout).toMatch(/Built-in criteria: \d+ events appended/);
    expect((await cli(['--db', empty, 'load-units'])).code).toBe(0);
  });

  it('a database held by another process: exit 4 after --busy-timeout, with advice the CLI can follow', async () => {
    const db = freshDb();
    const holder = spawnTs(join(FIXTURES, 'lock-holder.ts'), [db, 'wal']);
    await holder.waitForLine((l) => l === 'locked');
    try {
      const run = await cli(['--db', db, '--busy-timeout', '200', 'import', 'incidents', file('locked-incidents.csv', VALID_INCIDENTS)]);
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr).toContain('another process held the database for longer than the busy timeout (200 ms)');
      expect(run.stderr).toContain('wait longer with --busy-timeout <ms>');
      expect(run.stderr).not.toContain('busyTimeoutMs');
    } finally {
      holder.kill();
      await holder.exited;
    }
    expect((await cli(['--db', db, '--busy-timeout', 'soon', 'rebuild'])).code).toBe(2);
  });

  it('rebuild rebuilds every read model and reports the number of events', async () => {
    const db = freshDb();
    expect((await cli(['--db', db, 'import', 'incidents', file('rebuild-incidents.csv', VALID_INCIDENTS)])).code).toBe(0);
    const before = await fingerprint(db);
    const run = await cli(['--db', db, 'rebuild']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Rebuilt 5 read models \\(.*\\) from ${baseEvents + 3} events in [\\d.]+ s\\.\\n$`));
    expect(run.stdout).not.toContain('\u001b'); // no progress bar: stdout is not a terminal
    expect((await fingerprint(db)).sha256).toBe(before.sha256);
    const sequential = await cli(['--db', db, 'rebuild', '--workers', '0']);
    expect(sequential.code, sequential.stderr).toBe(0);
    const bad = await cli(['--db', db, 'rebuild', '--workers', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a number of worker threads from 0 to 99.');
  });
});
