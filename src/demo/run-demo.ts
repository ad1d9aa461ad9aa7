/**
 * The demo: a Thanh Hóa 2019-2025 ledger on embedded SQLite. Loads the real
 * units and their changes (each recorded on its effective date), the
 * built-in criteria, the Thanh Hóa plan and a seeded synthetic history, then
 * computes the report. Every event has a deterministic id, so a second run
 * appends nothing and gives the same numbers.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { manualClock, type EventStore } from '../kernel/index.js';
import { LocalityHistory, registerStreamId } from '../domain/locality/index.js';
import { builtInCriteriaStreams } from '../domain/criteria/index.js';
import { Ledger, ledgerEvents } from '../ledger.js';
import { thanhHoaRegisterEvents } from '../reference/thanh-hoa.js';
import { THANH_HOA_PLAN_ID, thanhHoaPlanCommands } from '../reference/thanh-hoa-plan.js';
import { buildReport } from '../report/build-report.js';
import type { ReportModel, ReportTally, ReportTrends } from '../report/report-model.js';
import { renderReport } from '../report/index.js';
import { syntheticHistory, type TimedCommand } from './synthetic-history.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** SQLite file (default `./ntm-antt-demo.db`). */
  readonly db?: string;
  /** Folder the reports are written to (default `./reports`). */
  readonly reportsDir?: string;
  /** Seed of the synthetic history (default 38). */
  readonly seed?: number;
  /** The report year (default 2025). */
  readonly year?: number;
  /** The "as filed" report: its year and filing date (default 2024 as filed on 2025-01-20). */
  readonly asFiled?: { readonly year: number; readonly on: string };
  /** Called with progress messages. */
  readonly log?: (message: string) => void;
}

/** The communes' verdicts against the baseline in one report of the demo. */
export interface DemoTrends {
  readonly baselineYear: number;
  readonly year: number;
  readonly localities: number;
  /** Communes assessed alone, by outcome. */
  readonly alone: ReportTally;
  /** Comparison groups by outcome, with the communes they hold. */
  readonly groups: ReportTally & { readonly localities: number; readonly minSize: number | null; readonly maxSize: number | null };
  /** Share of the communes assessed alone, in percent. */
  readonly aloneSharePercent: number | null;
  /** Facts that would split the groups. */
  readonly missingFacts: number;
  /** The province's own change against the baseline, in percent. */
  readonly provinceChangePercent: number | null;
}

/** The demo's summary (printed as JSON by `npm run demo -- --json`). */
export interface DemoSummary {
  readonly db: string;
  readonly year: number;
  readonly events: number;
  readonly appended: number;
  /**
   * The plan's targets: numbers (`value`, `target`, `gap` in percent or a count) and their display text
   * (`display`), never only the text.
   */
  readonly targets: ReadonlyArray<{
    readonly id: string;
    readonly description: string;
    readonly status: string;
    readonly value: { readonly percent: number | null; readonly numerator: number | null; readonly denominator: number | null } | null;
    readonly target: { readonly percent: number | null; readonly count: number | null };
    readonly gap: number | null;
    readonly display: { readonly value: string | null; readonly target: string };
  }>;
  readonly attainment: ReadonlyArray<{ readonly set: string; readonly indicator: string; readonly year: number; readonly asOf: string | null; readonly eligible: number | null; readonly recognised: number | null; readonly computed: number | null }>;
  /** The communes' 5 % verdicts of the main report. */
  readonly trends: DemoTrends;
  /** The same for the report as filed. */
  readonly asFiled: { readonly year: number; readonly on: string; readonly trends: DemoTrends };
  readonly reports: readonly string[];
}

interface Step {
  readonly at: string;
  readonly label: string;
  readonly run: (ledger: Ledger, store: EventStore) => Promise<void>;
  /** True when the step's events are already in the store (a day of the synthetic history). */
  readonly done?: (ledger: Ledger, store: EventStore) => Promise<boolean>;
}

const NOTES = [
  {
    vi: 'Đơn vị hành chính và các thay đổi là số liệu thật (Tổng cục Thống kê, Nghị quyết 786/NQ-UBTVQH14, 1686/NQ-UBTVQH15). Vụ việc, quyết định công nhận và hồ sơ theo dõi kế hoạch là số liệu mô phỏng (seed cố định), không phải số liệu thật.',
    en: 'Administrative units and their changes are real (GSO; resolutions 786/NQ-UBTVQH14, 1686/NQ-UBTVQH15). Incidents, recognitions and plan follow-up are synthetic (fixed seed), not real figures.',
  },
  {
    vi: 'Số và ngày của quyết định của UBND tỉnh ban hành kế hoạch chưa xác định được trong các nguồn đã tra cứu; kế hoạch được ghi với căn cứ là Quyết định 926/QĐ-TTg mà kế hoạch thực hiện.',
    en: "The number and date of the provincial decision adopting the plan could not be found in the sources consulted; the plan is recorded with its basis, decision 926/QĐ-TTg, which it implements.",
  },
  {
    vi: 'Các điều kiện đánh dấu [U] trong bộ tiêu chí chưa được kiểm chứng văn bản; kết quả "tính toán" dựa trên chúng.',
    en: 'Conditions marked [U] in the criteria were not verified against their text; the "computed" results rest on them.',
  },
];

async function hasEvent(store: EventStore, streamId: string, id: string): Promise<boolean> {
  for await (const e of store.readStream(streamId, { direction: 'backward', limit: 50 })) if (e.id === id) return true;
  for await (const e of store.readStream(streamId)) if (e.id === id) return true;
  return false;
}

/**
 * Runs the demo end to end and writes the reports.
 *
 * @example
 * ```ts
 * const summary = await runDemo({ db: './ntm-antt-demo.db' });
 * summary.targets.map((t) => `${t.id}: ${t.value} / ${t.target} → ${t.status}`);
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const db = options.db ?? './ntm-antt-demo.db';
  const reportsDir = options.reportsDir ?? './reports';
  const year = options.year ?? 2025;
  const asFiled = options.asFiled ?? { year: 2024, on: '2025-01-20' };
  const log = options.log ?? (() => undefined);
  const clock = manualClock('2019-01-01T00:00:00Z');
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  const store = sqliteStore(db, { events: ledgerEvents, clock });
  try {
    const headBefore = await store.headPosition();
    const ledger = await Ledger.open(store, { actor: 'demo' });

    // The register, each change recorded on its effective date.
    const { events: register, ids: registerIds } = thanhHoaRegisterEvents();
    const history = LocalityHistory.from(register);
    const steps: Step[] = [];
    const byDate = new Map<string, number[]>();
    register.forEach((e, i) => {
      const d = (e.data as { effectiveDate: string }).effectiveDate;
      byDate.set(d, [...(byDate.get(d) ?? []), i]);
    });
    for (const [date, indexes] of byDate) {
      steps.push({
        at: `${date}T00:00:00.000Z`,
        label: `register ${date}`,
        run: async (_l, s) => {
          await s.append(registerStreamId('38'), indexes.map((i) => ({ type: register[i]!.type, data: register[i]!.data, id: registerIds[i]!, metadata: { actor: 'demo', source: { api: 'reference-data' } } })), { expectedVersion: 'any' });
        },
      });
    }
    steps.push({
      at: '2022-03-08T00:00:00.000Z',
      label: 'criteria',
      run: async (_l, s) => {
        for (const c of builtInCriteriaStreams()) await s.append(c.streamId, c.events.map((e, i) => ({ type: e.type, data: e.data, id: `ref-criteria-${c.setId}-${i}`, metadata: { actor: 'demo', source: { api: 'reference-data' } } })), { expectedVersion: 'any' });
      },
    });
    steps.push({
      at: '2022-10-01T08:00:00.000Z',
      label: 'plan',
      run: async (l, s) => {
        if (await hasEvent(s, `plan-${THANH_HOA_PLAN_ID}`, 'ref-plan-0-0')) return;
        await l.executeAll(thanhHoaPlanCommands(), { eventIds: (i, k) => `ref-plan-${i}-${k}` });
      },
    });

    // The synthetic history, one transaction per day.
    const timed = syntheticHistory({ history, ...(options.seed === undefined ? {} : { seed: options.seed }) });
    const days = new Map<string, TimedCommand[]>();
    for (const t of timed) {
      const day = t.at.slice(0, 10);
      let list = days.get(day);
      if (list === undefined) days.set(day, (list = []));
      list.push(t);
    }
    for (const [day, list] of days) {
      const done = async (l: Ledger, s: EventStore): Promise<boolean> => hasEvent(s, l.streamIdOf(list[0]!.command, await l.readModels()), `demo-${list[0]!.key}-0`);
      steps.push({
        at: list[0]!.at,
        label: `day ${day}`,
        done,
        run: async (l, s) => {
          if (await done(l, s)) return;
          await l.executeAll(
            list.map((t) => t.command),
            { eventIds: (i, k) => `demo-${list[i]!.key}-${k}` },
          );
        },
      });
    }
    steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let done = 0;
    // the steps run in order, one transaction each: when the last one is recorded, so is every other (a second run)
    const last = steps[steps.length - 1];
    const complete = last?.done !== undefined && (await last.done(ledger, store));
    for (const step of complete ? [] : steps) {
      clock.set(step.at);
      await step.run(ledger, store);
      if (++done % 500 === 0) log(`  ${done}/${steps.length} (${step.label})`);
    }
    clock.set('2026-01-05T08:00:00.000Z');
    await ledger.persist();
    const head = await store.headPosition();
    log(`ledger: ${head} events (${head - headBefore} appended)`);

    // Reports.
    mkdirSync(reportsDir, { recursive: true });
    const written: string[] = [];
    const write = (model: ReportModel, base: string) => {
      for (const format of ['html', 'md', 'csv', 'json'] as const) {
        const r = renderReport(model, format, 'vi');
        const file = join(reportsDir, `${base}.${r.extension}`);
        writeFileSync(file, r.text);
        written.push(file);
      }
      const en = renderReport(model, 'html', 'en');
      const file = join(reportsDir, `${base}.en.${en.extension}`);
      writeFileSync(file, en.text);
      written.push(file);
    };
    const generatedAt = '2026-01-05T08:00:00.000Z';
    const model = await buildReport(ledger, { year, planId: THANH_HOA_PLAN_ID, notes: NOTES, generatedAt });
    write(model, `bao-cao-antt-${year}`);
    const filed = await buildReport(ledger, { year: asFiled.year, asOf: asFiled.on, planId: THANH_HOA_PLAN_ID, notes: NOTES, generatedAt });
    // the targets' numbers, as the projection gives them (the report model holds their display text)
    const progress = await ledger.targetProgress({ planId: THANH_HOA_PLAN_ID, year });
    write(filed, `bao-cao-antt-${asFiled.year}-nop-ngay-${asFiled.on}`);
    log(`reports: ${written.length} files in ${reportsDir}`);

    return {
      db,
      year,
      events: head,
      appended: head - headBefore,
      targets: model.targets.map((t) => {
        const p = progress.find((x) => x.targetId === t.id);
        return {
          id: t.id,
          description: t.description.vi,
          status: t.status,
          value: p?.value == null ? null : { percent: p.value.percent, numerator: p.value.numerator, denominator: p.value.denominator },
          target: { percent: p?.targetValue.percent ?? null, count: p?.targetValue.count ?? null },
          gap: t.gap,
          display: { value: t.value?.vi ?? null, target: t.target },
        };
      }),
      attainment: model.attainment.map((a) => ({ set: a.set, indicator: a.indicator, year: a.year, asOf: a.asOf, eligible: a.eligible, recognised: a.recognised, computed: a.computed })),
      trends: demoTrends(model.trends),
      asFiled: { year: asFiled.year, on: asFiled.on, trends: demoTrends(filed.trends) },
      reports: written,
    };
  } finally {
    await store.close();
  }
}

function demoTrends(t: ReportTrends): DemoTrends {
  return {
    baselineYear: t.baselineYear,
    year: t.year,
    localities: t.localities,
    alone: t.alone,
    groups: t.groups,
    aloneSharePercent: t.aloneSharePercent,
    missingFacts: t.missingFacts.length,
    provinceChangePercent: t.province.changePercent,
  };
}
