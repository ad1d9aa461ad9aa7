// The main job, end to end: `npm run demo` on a fresh SQLite file, twice, then
// its HTML report in headless Chromium (no console errors, charts and map
// rendered, a screenshot saved for the README).
import type { DemoSummary } from '../../src/demo/run-demo.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { Ledger, LocalityHistory, buildReport, buildReportFrom, comparisonGroups, endOfDay, ledgerEvents, readModelsAsOf, renderReport, type ReadModels, type ReportModel, type StoredEvent } from '../../src/index.js';
import { referenceCountsAt } from '../support/reference-counts.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SCREENSHOT = fileURLToPath(new URL('../../docs/img/report.png', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ntm-demo-'));
const db = join(dir, 'demo.db');
const reports = join(dir, 'reports');

/** The JSON the demo prints: the library's own type (the e2e test reads it back from stdout). */
interface Summary {
  targets: DemoSummary['targets'];
  attainment: Array<{ set: string; indicator: string; year: number; asOf: string | null; eligible: number | null; recognised: number | null; computed: number | null }>;
  trends: DemoTrends;
  asFiled: { year: number; on: string; trends: DemoTrends };
}
type Tally = { total: number; met: number; notMet: number; noData: number; baselineMissing: number; baselineZero: number; notComparable: number };
interface DemoTrends {
  baselineYear: number;
  year: number;
  localities: number;
  alone: Tally;
  groups: Tally & { localities: number; minSize: number | null; maxSize: number | null };
  aloneSharePercent: number | null;
  missingFacts: number;
  provinceChangePercent: number | null;
}

const demo = (): Summary => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--db', db, '--reports', reports, '--json'], { encoding: 'utf8', timeout: 170_000 })) as Summary;
let first: Summary;
let second: Summary;
let eventsAfterFirst: StoredEvent[];
let eventsAfterSecond: StoredEvent[];

async function events(): Promise<StoredEvent[]> {
  const store = sqliteStore(db);
  const out: StoredEvent[] = [];
  for await (const e of store.readAll({ raw: true })) out.push(e);
  await store.close();
  return out;
}

beforeAll(async () => {
  first = demo();
  eventsAfterFirst = await events();
  second = demo();
  eventsAfterSecond = await events();
}, 400_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('writes the four report formats (and an English page), for the year and as filed', () => {
    const files = readdirSync(reports).sort();
    for (const ext of ['html', 'md', 'csv', 'json']) {
      expect(files).toContain(`bao-cao-antt-2025.${ext}`);
      expect(files).toContain(`bao-cao-antt-2024-nop-ngay-2025-01-20.${ext}`);
    }
    expect(files).toContain('bao-cao-antt-2025.en.html');
    for (const f of files) expect(statSync(join(reports, f)).size, f).toBeGreaterThan(1000);
  });

  it('prints the summary JSON with the documented fields; set ids name their scope', () => {
    for (const t of first.targets) expect(Object.keys(t).sort()).toEqual(['description', 'display', 'gap', 'id', 'status', 'target', 'value']);
    // numbers, not text: the 19.2 target's value is a share of eligible xã, and its target 99 %
    const t192 = first.targets.find((t) => t.id === 'commune-19.2')!;
    expect(t192.target).toEqual({ percent: 99, count: null });
    expect(typeof t192.value?.numerator).toBe('number');
    expect(typeof t192.value?.denominator).toBe('number');
    expect(t192.value!.percent).toBe(Math.round((t192.value!.numerator! / t192.value!.denominator!) * 10000) / 100);
    expect(t192.display.target).toBe('≥ 99 %');
    expect(first.targets.map((t) => t.id)).toEqual(['commune-19.2', 'commune-advanced-19.2', 'commune-model-antt', 'district-9.4', 'district-advanced-9.1', 'social-order-crime-5pct', 'year-on-year']);
    for (const a of first.attainment) expect(Object.keys(a).sort()).toEqual(['asOf', 'computed', 'eligible', 'indicator', 'recognised', 'set', 'year']);
    expect(new Set(first.attainment.map((a) => a.set))).toEqual(new Set(['commune-standard-2021', 'commune-advanced-2021', 'commune-model-2021', 'district-standard-2021', 'district-advanced-2021']));
    for (const t of [first.trends, first.asFiled.trends]) {
      expect(Object.keys(t).sort()).toEqual(['alone', 'aloneSharePercent', 'baselineYear', 'groups', 'localities', 'missingFacts', 'provinceChangePercent', 'year']);
      expect(t.baselineYear).toBe(2019);
      expect(t.alone.total + t.groups.localities).toBe(t.localities);
    }
    expect(first.asFiled).toMatchObject({ year: 2024, on: '2025-01-20' });
  });

  it('gives every commune its 5 % verdict, alone or in a named group, in the 2025 report and in the 2024 report as filed; prints the share assessed alone', () => {
    // the share alone rests on the register and lineage-evidence.json only (not on the synthetic incidents)
    expect([first.trends.localities, first.trends.alone.total, first.trends.aloneSharePercent]).toEqual([166, 123, 74.1]);
    expect([first.asFiled.trends.localities, first.asFiled.trends.alone.total, first.asFiled.trends.aloneSharePercent]).toEqual([558, 492, 88.17]);
    type Model = { trends: { verdicts: Array<{ code: string; outcome: string; group: string | null }>; groupList: Array<{ code: string; members: Array<{ code: string }>; outcome: string; whole: boolean; missing: number[] }>; missingFacts: Array<{ command: string | null }>; alone: Tally; province: { outcome: string } }; targets: Array<{ id: string; value: { vi: string } | null }> };
    for (const file of ['bao-cao-antt-2025.json', 'bao-cao-antt-2024-nop-ngay-2025-01-20.json']) {
      const m = JSON.parse(readFileSync(join(reports, file), 'utf8')) as Model;
      expect(m.trends.alone.notComparable, file).toBe(0);
      for (const v of m.trends.verdicts) expect(['met', 'not_met', 'baseline_zero', 'no_data', 'baseline_missing'], `${file} ${v.code}`).toContain(v.outcome);
      for (const g of m.trends.groupList) {
        expect(g.whole).toBe(false);
        expect(g.members.length).toBeGreaterThan(1);
        expect(g.missing.length).toBeGreaterThan(0);
        for (const member of g.members) expect(m.trends.verdicts.find((v) => v.code === member.code)).toMatchObject({ group: g.code, outcome: g.outcome });
      }
      expect(m.trends.missingFacts.every((f) => f.command === null || f.command.startsWith('ntm-antt lineage '))).toBe(true);
      expect(['met', 'not_met']).toContain(m.trends.province.outcome);
      expect(m.targets.find((t) => t.id === 'social-order-crime-5pct')?.value?.vi).toMatch(/xã đánh giá riêng đạt mức giảm.*nhóm.*; toàn tỉnh: [\d.]+ vụ năm 20\d\d so với [\d.]+ vụ năm 2019/);
    }
  });

  it('follows the real data in its denominators: 469 rural xã in 2022, 147 in 2025', () => {
    const row = (set: string, year: number) => first.attainment.find((a) => a.set === set && a.year === year)!;
    expect(row('commune-standard-2021', 2022).eligible).toBe(469);
    expect(row('commune-standard-2021', 2025).eligible).toBe(147);
    expect(row('commune-advanced-2021', 2025).eligible).toBe(147);
    expect(row('district-standard-2021', 2024).eligible).toBe(27);
    expect(row('district-standard-2021', 2025).eligible).toBeNull();
  });

  it('district targets report their last assessable year and why they stop', () => {
    const model = JSON.parse(readFileSync(join(reports, 'bao-cao-antt-2025.json'), 'utf8')) as { targets: Array<{ id: string; status: string; lastAssessableYear: number | null; reason: { vi: string; en: string } | null; value: { vi: string } | null }> };
    for (const id of ['district-9.4', 'district-advanced-9.1']) {
      const t = model.targets.find((x) => x.id === id)!;
      expect(t.status).toBe('not_assessable');
      expect(t.lastAssessableYear).toBe(2024);
      expect(t.reason?.en).toMatch(/abolished on 2025-07-01.*series stops at 2024/);
      expect(t.reason?.vi).toMatch(/Cấp huyện chấm dứt hoạt động từ 01\/07\/2025/);
      expect(t.value?.vi).toMatch(/\/27\)$/);
    }
  });

  it('has realistic magnitudes: 1,300–2,000 social-order crimes a year province-wide', () => {
    const model = JSON.parse(readFileSync(join(reports, 'bao-cao-antt-2025.json'), 'utf8')) as { crime: { series: Array<{ year: number; value: number | null }> } };
    expect(model.crime.series.map((p) => p.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    for (const p of model.crime.series) {
      expect(p.value, String(p.year)).toBeGreaterThanOrEqual(1200);
      expect(p.value, String(p.year)).toBeLessThanOrEqual(2000);
    }
  });

  it('a second run prints identical JSON and appends nothing', () => {
    expect(second).toEqual(first);
    expect(eventsAfterSecond.length).toBe(eventsAfterFirst.length);
    expect(new Set(eventsAfterSecond.map((e) => e.id)).size).toBe(eventsAfterSecond.length);
    expect(eventsAfterFirst.length).toBeGreaterThan(40_000);
  });

  it('the as-filed report differs from today where corrections came later', () => {
    const filed = JSON.parse(readFileSync(join(reports, 'bao-cao-antt-2024-nop-ngay-2025-01-20.json'), 'utf8')) as { meta: { asOf: string }; diff: Array<{ key: string; asFiled: unknown; today: unknown }> };
    expect(filed.meta.asOf).toBe('2025-01-20T16:59:59.999Z');
    expect(filed.diff.some((d) => JSON.stringify(d.asFiled) !== JSON.stringify(d.today))).toBe(true);
  });
});

describe('the query layer: every report of the demo equals the reference path', () => {
  // The reference path is the code before issue #15: as-of read models refolded from the log, a fresh register
  // history (no shared caches), and the eager count that scans the whole cube. Answers may be shared within
  // one report on both paths (each question is pure); only how they are computed differs.
  const reference = (rm: ReadModels, asOf: string | null): ReadModels => {
    const history = LocalityHistory.from(rm.register.events);
    const memos = new Map<string, unknown>();
    const memo = <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    };
    return {
      ...rm,
      asOf,
      history,
      counts: (q) => memo(`counts|${JSON.stringify([q.metric, q.period, q.at])}`, () => referenceCountsAt(rm.incidents, history, q)),
      comparisonGroups: (q) => memo(`groups|${JSON.stringify(q)}`, () => comparisonGroups(history, q)),
      memo,
    };
  };
  const render = (m: ReportModel): string[] => (['html', 'md', 'csv', 'json'] as const).flatMap((f) => (['vi', 'en'] as const).map((lang) => renderReport(m, f, lang).text));

  it('plain reports of 2020–2025 and reports as filed on three dates, in every format and language', async () => {
    const store = sqliteStore(db, { events: ledgerEvents });
    try {
      const ledger = await Ledger.open(store);
      const options = { generatedAt: '2026-01-05T08:00:00.000Z' };
      const refToday = reference(await readModelsAsOf(store, '9999-12-31T00:00:00Z'), null);
      const cases: Array<{ year: number; asOf?: string }> = [2020, 2021, 2022, 2023, 2024, 2025].map((year) => ({ year }));
      cases.push({ year: 2023, asOf: '2024-01-15' }, { year: 2024, asOf: '2025-01-20' }, { year: 2025, asOf: '2025-07-15' });
      let compared = 0;
      for (const c of cases) {
        const fast = await buildReport(ledger, { ...options, ...c });
        const rm = c.asOf === undefined ? refToday : reference(await readModelsAsOf(store, endOfDay(c.asOf)), endOfDay(c.asOf));
        const slow = buildReportFrom(rm, { ...options, year: c.year }, refToday);
        expect(fast.diff === null).toBe(c.asOf === undefined);
        if (c.asOf !== undefined) {
          // today's side of the differences is asked lean (values only): it equals the full report's figures, which a
          // report "as of" the end of time files as its own
          const full = await buildReport(ledger, { ...options, year: c.year, asOf: '9999-12-31' });
          expect(fast.diff!.map((d) => [d.key, d.today])).toEqual(full.diff!.map((d) => [d.key, d.asFiled]));
        }
        const [a, b] = [render(fast), render(slow)];
        for (let i = 0; i < a.length; i++) expect(a[i], `${c.year}${c.asOf === undefined ? '' : ` as of ${c.asOf}`}, rendering ${i}`).toBe(b[i]);
        compared += a.length;
      }
      expect(compared).toBe(cases.length * 8);
    } finally {
      await store.close();
    }
  }, 300_000);
});

if (!HAVE_CHROMIUM) console.warn(`demo report e2e skipped: headless Chromium not found at ${CHROMIUM}: install Debian's chromium package (CI's .ci/run installs it)`);

describe.skipIf(!HAVE_CHROMIUM)('the demo HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(reports, 'bao-cao-antt-2025.html')).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads without console errors, page errors or network requests', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:'))).toEqual([]);
  });

  it('renders the attainment and crime charts and the district map', async () => {
    for (const chart of ['attainment', 'crime', 'map']) {
      const svg = page.locator(`svg[data-chart="${chart}"]`);
      expect(await svg.count(), chart).toBe(1);
      expect(await svg.isVisible(), chart).toBe(true);
      const box = await svg.boundingBox();
      expect(box?.width ?? 0, chart).toBeGreaterThan(300);
      expect(box?.height ?? 0, chart).toBeGreaterThan(100);
    }
    const paths = page.locator('svg[data-chart="map"] path[data-code]');
    expect(await paths.count()).toBe(26);
    const fills = await paths.evaluateAll((els) => els.map((e) => e.getAttribute('fill') ?? ''));
    expect(fills.every((f) => /^#[0-9a-f]{6}$/.test(f))).toBe(true);
    expect(new Set(fills).size).toBeGreaterThan(2);
  });

  it('shows every target with its status, in Vietnamese', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('section#targets tbody tr').count()).toBe(first.targets.length);
    expect(await page.locator('section#targets tbody .badge.not_assessable').count()).toBe(2);
  });

  it('saves a screenshot of the first part of the report used in the README (docs/img/report.png)', async () => {
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    // the head of the page (title, targets, attainment, crime): the whole report with every group is too long for an image
    const width = page.viewportSize()?.width ?? 1200;
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width, height: 3200 } });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });
});
