// Issue #7, crashes: the CLI `ntm-antt import incidents <file.csv>` killed with SIGKILL at random (seeded) moments.
// After every kill: the store opens, the file is either wholly imported or not at all, every earlier file is as it
// was, the read models resume from their checkpoints to the state of a fresh rebuild, and importing the file again
// completes it. NTM_ANTT_KILL_POINTS sets the kill points (default 50, 200 with NTM_ANTT_SLOW=1).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { importCsv } from '../../src/cli/csv-import.js';
import { runProjections } from '../../src/kernel/index.js';
import { Ledger, ledgerEvents } from '../../src/ledger.js';
import { READ_MODEL_PROJECTIONS } from '../../src/projections/read-models.js';
import { between, rng } from './fixtures/model.js';
import { ROOT, SEED, SLOW, canonical, envInt, figure, pool, spawnTs, tempDir, type Child } from './support.js';

const KILL_POINTS = envInt('NTM_ANTT_KILL_POINTS', SLOW ? 200 : 50);
const LANES = envInt('NTM_ANTT_CRASH_LANES', 6);
const ROWS = SLOW ? 1_000 : 300;
const tmp = tempDir('ntm-crash-import-');
afterAll(() => tmp.cleanup());

const HEADER = 'key,incident_id,locality_code,residential_area_code,occurred_on,reported_on,labels,severity,deaths,injuries,description';
// 14755 Phường Hàm Rồng, 14758 Phường Đông Thọ, 14824 Xã Quang Trung: open 2019-2025
const UNITS = ['14755', '14758', '14824'];
const LABELS = ['crime.social-order', 'crime.drug', 'traffic-accident', 'fire-explosion', 'social-evil.gambling', 'violation.other', 'mass-complaint'];

function csvFor(k: number): string {
  const r = rng(SEED * 13 + k);
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const month = String(between(r, 1, 12)).padStart(2, '0');
    const day = String(between(r, 1, 28)).padStart(2, '0');
    const labels = [...new Set([LABELS[between(r, 0, LABELS.length - 1)]!, LABELS[between(r, 0, LABELS.length - 1)]!])].join(';');
    const casualties = r() < 0.3 ? `${between(r, 0, 2)},${between(r, 0, 5)}` : ',';
    lines.push(`kp${k}-r${i},,${UNITS[i % UNITS.length]},,2024-${month}-${day},2024-${month}-${day},${labels},,${casualties},"kill point ${k}, row ${i}: ""quoted"", Đông Thọ"`);
  }
  return `${lines.join('\n')}\n`;
}

/** Imported rows per kill point, from the event ids `csv-incident-kp<k>-r<i>-0`. */
function importedByKillPoint(file: string): Map<number, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const ids = db.prepare("SELECT id FROM events WHERE id LIKE 'csv-incident-kp%'").pluck().all() as string[];
    const out = new Map<number, number>();
    for (const id of ids) {
      const k = Number(/^csv-incident-kp(\d+)-/.exec(id)![1]);
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    return out;
  } finally {
    db.close();
  }
}

function sqlProblems(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const [count, max] = db.prepare('SELECT COUNT(*), COALESCE(MAX(position), 0) FROM events').raw().get() as [number, number];
    if (count !== max) problems.push(`positions not gap-free: ${count} events, max position ${max}`);
    const bad = db.prepare('SELECT COUNT(*) FROM (SELECT e.stream_id FROM events e LEFT JOIN streams s USING (stream_id) GROUP BY e.stream_id HAVING COUNT(*) != MAX(e.version) OR MAX(s.version) != MAX(e.version))').pluck().get() as number;
    if (bad > 0) problems.push(`${bad} streams whose versions are not 1..n or disagree with the streams table`);
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    return problems;
  } finally {
    db.close();
  }
}

type Landing = 'before-import-transaction' | 'inside-import-transaction' | 'inside-read-model-save' | 'between-read-model-saves' | 'after-commit';
// between-read-model-saves: after the commit, with 0 to 4 of the 5 read models saved

function landingOf(child: Child): Landing {
  const m = child.markers.filter((x) => x !== '');
  if (!m.includes('TB')) return 'before-import-transaction';
  const last = m[m.length - 1];
  if (last === 'TB' || last === 'K') return 'inside-import-transaction';
  if (last === 'P+') return 'inside-read-model-save';
  if (last === 'KP') return 'between-read-model-saves';
  const saves = m.filter((x) => x === 'P-').length;
  return saves > 0 && saves < READ_MODEL_PROJECTIONS.length ? 'between-read-model-saves' : 'after-commit';
}

function importCli(db: string, csv: string, env: Record<string, string> = {}): Child {
  return spawnTs(join(ROOT, 'src/cli/main.ts'), ['--db', db, 'import', 'incidents', csv], { markers: true, env: { NTM_ANTT_ACTOR: 'crash-test', ...env } });
}

describe('crashes (SIGKILL) during `ntm-antt import incidents`', { timeout: 600_000 }, () => {
  it(`${KILL_POINTS} kill points: each file wholly imported or not at all; read models resume to a fresh rebuild`, async () => {
    const started = Date.now();
    const base = join(tmp.dir, 'base.db');
    {
      const ledger = await Ledger.open(sqliteStore(base, { events: ledgerEvents }), { actor: 'crash-test' });
      await ledger.loadThanhHoaRegister();
      await ledger.publishBuiltInCriteria();
      await ledger.persist();
      await ledger.close();
    }

    // calibrate on a copy: how long an uninterrupted import takes, and when its transaction runs
    const calibrationDb = join(tmp.dir, 'calibration.db');
    copyFileSync(base, calibrationDb);
    const calibrationCsv = join(tmp.dir, 'calibration.csv');
    writeFileSync(calibrationCsv, csvFor(1_000_000));
    const t0 = Date.now();
    let txnAt = 0;
    let txnEnd = 0;
    const calibration = importCli(calibrationDb, calibrationCsv);
    calibration.onMarker((m) => {
      if (m === 'TB' && txnAt === 0) txnAt = Date.now() - t0;
      if (m === 'T-' && txnAt !== 0 && txnEnd === 0) txnEnd = Date.now() - t0;
    });
    const end = await calibration.exited;
    const runMs = Date.now() - t0;
    expect(end.code, end.stderr).toBe(0);
    expect(calibration.lines.join('\n')).toContain(`${ROWS} imported`);

    const lanes = Array.from({ length: Math.min(LANES, KILL_POINTS) }, (_, l) => l);
    const perLane = await pool(lanes, LANES, async (lane) => {
      const db = join(tmp.dir, `lane-${lane}.db`);
      copyFileSync(base, db);
      const expected = new Map<number, number>();
      const out: Array<{ landing: Landing; whole: boolean; reportedDone: boolean; verifyMs: number }> = [];
      for (let k = lane; k < KILL_POINTS; k += lanes.length) {
        const r = rng(SEED * 7 + k);
        const csv = join(tmp.dir, `kp-${k}.csv`);
        writeFileSync(csv, csvFor(k));
        // a third on a timer from outside; a third by the child itself between two statements of the import
        // transaction (each row's stream: one insert, one version update); a third by the child itself before one
        // of the five read-model saves that follow the commit
        const mode = k % 3;
        const env = mode === 1 ? { NTM_ANTT_SELF_KILL_AT: String(between(r, 1, 2 * ROWS)) } : mode === 2 ? { NTM_ANTT_SELF_KILL_AT_SAVE: String(between(r, 1, READ_MODEL_PROJECTIONS.length)) } : {};
        const child = importCli(db, csv, env);
        const timer = setTimeout(() => child.kill(), mode === 0 ? between(r, 0, Math.round(runMs * 1.1)) : 30_000);
        const exit = await child.exited;
        clearTimeout(timer);
        const reportedDone = child.lines.some((l) => l.includes(`${ROWS} imported`));
        if (exit.signal !== 'SIGKILL') expect(exit.code, exit.stderr).toBe(0);
        const where = exit.signal === 'SIGKILL' ? landingOf(child) : 'after-commit';
        const verifyStart = Date.now();

        // all or nothing, and every earlier file as it was
        const counts = importedByKillPoint(db);
        const now = counts.get(k) ?? 0;
        expect([0, ROWS], `kill point ${k} (${where}): ${now} of ${ROWS} rows present`).toContain(now);
        if (reportedDone) expect(now, `kill point ${k}: the CLI said it imported the file`).toBe(ROWS);
        for (const [earlier, n] of expected) expect(counts.get(earlier) ?? 0, `kill point ${earlier} after kill point ${k}`).toBe(n);
        expect(sqlProblems(db), `kill point ${k} (${where})`).toEqual([]);

        // read models: resume from the saved checkpoints = fresh rebuild
        const store = sqliteStore(db, { events: ledgerEvents });
        const head = await store.headPosition();
        const resumed = await runProjections(store, READ_MODEL_PROJECTIONS);
        const rebuilt = await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, toPosition: head });
        resumed.forEach((p, i) => {
          expect(p.checkpoint).toBe(head);
          // canonical JSON: the same comparison as toEqual for JSON states, without its cost on the register
          if (canonical(p.state) !== canonical(rebuilt[i]!.state)) expect(p.state, `kill point ${k}: read model ${p.name}`).toEqual(rebuilt[i]!.state);
        });
        // importing the file again completes it (or finds it complete)
        const ledger = await Ledger.open(store, { actor: 'crash-test' });
        const again = await importCsv(ledger, 'incidents', { file: csv, bytes: readFileSync(csv) });
        await ledger.close();
        expect(again.imported + again.alreadyPresent).toBe(ROWS);
        expect(again.imported).toBe(now === ROWS ? 0 : ROWS);
        expected.set(k, ROWS);
        out.push({ landing: where, whole: now === ROWS, reportedDone, verifyMs: Date.now() - verifyStart });
      }
      expect(sqlProblems(db)).toEqual([]);
      return out;
    });
    const stats = perLane.flat();
    expect(stats).toHaveLength(KILL_POINTS);
    const by = (l: Landing) => stats.filter((s) => s.landing === l).length;
    figure(
      `crash CSV import (CLI, ${ROWS} rows per file): ${KILL_POINTS} kill points (${LANES} lanes); an uninterrupted import takes ${runMs} ms, ` +
        `its transaction ${txnAt}-${txnEnd} ms after spawn; kills ${by('before-import-transaction')} before the transaction, ${by('inside-import-transaction')} inside it, ` +
        `${by('inside-read-model-save')} inside a read-model save, ${by('between-read-model-saves')} between read-model saves, ${by('after-commit')} after; ` +
        `files left whole ${stats.filter((s) => s.whole).length}, ` +
        `left empty ${stats.filter((s) => !s.whole).length}, partial 0; checks after the kills ${(stats.reduce((n, s) => n + s.verifyMs, 0) / 1000).toFixed(1)} s in all; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (KILL_POINTS >= 3) expect(by('inside-import-transaction')).toBeGreaterThan(0);
  });
});
