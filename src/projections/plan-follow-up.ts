/**
 * Plan follow-up: disputes and complaints arising against those settled at
 * the grassroots (share and trend), periodic reports filed and missing,
 * reviews and inspections held, supervision findings, open obstacles with
 * their age, and overdue tasks by owner.
 *
 * @module
 */
import type { PlanObstacle, PlanReport, PlanReview, PlanState, PlanTask } from '../domain/plan/index.js';
import { reportPeriodDates } from '../domain/plan/index.js';
import { addDays, type IsoDate } from '../domain/shared/values.js';
import { NotFoundError, getOwn } from '../kernel/index.js';
import { halfMonthBounds } from './incident-cube.js';
import type { ReadModels } from './read-models.js';

/** A reporting obligation: a period kind and a recipient. */
export interface ReportObligation {
  readonly kind: 'month' | 'quarter' | 'half-year' | 'year';
  readonly recipient: PlanReport['recipient'];
}

/**
 * The default reporting schedule [P]: quarterly, six-monthly and yearly
 * reports to the provincial People's Committee and to the Ministry of Public
 * Security (the pattern of QĐ 1944/QĐ-TTg). A plan with another schedule
 * passes its own.
 *
 * @example
 * ```ts
 * planFollowUp(rm, { planId, date: '2024-12-31', schedule: DEFAULT_REPORT_SCHEDULE.filter((o) => o.kind === 'year') });
 * ```
 */
export const DEFAULT_REPORT_SCHEDULE: readonly ReportObligation[] = Object.freeze(
  (['quarter', 'half-year', 'year'] as const).flatMap((kind) => (['provincial-peoples-committee', 'ministry-of-public-security'] as const).map((recipient) => ({ kind, recipient }))),
);

/** A follow-up query. */
export interface FollowUpQuery {
  readonly planId: string;
  /** The day the follow-up is made on (default: today, UTC). */
  readonly date?: IsoDate;
  readonly schedule?: readonly ReportObligation[];
  /** Days after a period's end before its report is missing (default 15). */
  readonly graceDays?: number;
}

/** One year of disputes and complaints. */
export interface DisputeYear {
  readonly year: number;
  /** Mass complaints and prolonged disputes that arose in the year (up to the follow-up date, by half-month). */
  readonly arising: number;
  /** Resolutions at the grassroots recorded in the year. */
  readonly settledAtGrassroots: number;
  /** settled ÷ arising in percent (display; may exceed 100 when earlier disputes are settled). */
  readonly sharePercent: number | null;
  /** Change of `arising` against the previous year, in percent. */
  readonly arisingChangePercent: number | null;
}

/** The follow-up of a plan. */
export interface PlanFollowUp {
  readonly planId: string;
  readonly date: IsoDate;
  readonly disputes: readonly DisputeYear[];
  readonly reports: {
    readonly filed: readonly PlanReport[];
    readonly missing: ReadonlyArray<{ readonly period: string; readonly kind: ReportObligation['kind']; readonly recipient: string; readonly dueBy: IsoDate; readonly daysLate: number }>;
  };
  readonly reviews: { readonly held: readonly PlanReview[]; readonly interimHeld: boolean; readonly finalHeld: boolean };
  readonly inspections: { readonly count: number; readonly localities: number };
  readonly findings: Readonly<Record<string, number>>;
  readonly obstacles: { readonly open: ReadonlyArray<PlanObstacle & { readonly ageDays: number }>; readonly resolved: number };
  readonly tasks: {
    readonly open: number;
    readonly completed: number;
    readonly completedLate: number;
    readonly overdueByOwner: ReadonlyArray<{ readonly owner: string; readonly tasks: ReadonlyArray<PlanTask & { readonly daysOverdue: number }> }>;
  };
}

const days = (from: IsoDate, to: IsoDate): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function periodsOf(kind: ReportObligation['kind'], fromYear: number, toYear: number): Array<{ year: number; number: number; key: string }> {
  const per = { month: 12, quarter: 4, 'half-year': 2, year: 1 }[kind];
  const out: Array<{ year: number; number: number; key: string }> = [];
  for (let y = fromYear; y <= toYear; y++) for (let n = 1; n <= per; n++) out.push({ year: y, number: n, key: kind === 'year' ? `${y}` : `${y}-${kind === 'month' ? 'M' : kind === 'quarter' ? 'Q' : 'H'}${n}` });
  return out;
}

const DISPUTE_LABELS = ['mass-complaint', 'prolonged-dispute'];

/**
 * Disputes arising and settled per year up to `date`. The incident read model
 * knows half-months, so a year is counted up to the last half-month that ends
 * on or before `date`.
 */
function disputesOf(rm: ReadModels, plan: PlanState, toYear: number, date: IsoDate): DisputeYear[] {
  const metric = { id: 'disputes', title: { vi: 'Khiếu kiện, tranh chấp', en: 'Complaints and disputes' }, labels: DISPUTE_LABELS, measure: 'cases' as const, dateBasis: 'occurred' as const };
  const out: DisputeYear[] = [];
  for (let y = plan.period.fromYear - 1; y <= toYear; y++) {
    const yearEnd = `${y}-12-31`;
    let to = yearEnd < date ? yearEnd : date;
    if (to < yearEnd) {
      // the last half-month end on or before `to`
      const day = Number(to.slice(8, 10));
      const lastOfMonth = halfMonthBounds(`${to.slice(0, 7)}-b`).to;
      to = to === lastOfMonth ? to : day >= 14 ? `${to.slice(0, 7)}-14` : addDays(`${to.slice(0, 7)}-01`, -1);
    }
    if (to < `${y}-01-01`) break;
    const c = rm.counts({ metric, period: { from: `${y}-01-01`, to }, at: to }).get(plan.provinceCode);
    const value = c === undefined ? undefined : c.kind === 'count' ? c.value : c.known;
    const arising = value === undefined ? 0 : Math.round(value.numerator / value.denominator);
    let settled = 0;
    for (const [commune, entries] of rm.incidents.resolved) {
      for (const [key, n] of entries) {
        const [half, labels] = key.split('|') as [string, string];
        if (!half.startsWith(`${y}-`)) continue;
        if (!labels.split(',').some((l) => DISPUTE_LABELS.includes(l))) continue;
        const day = halfMonthBounds(half).to;
        if (day > to) continue;
        const closed = rm.history.unit(commune)?.closedOn;
        const when = closed !== null && closed !== undefined && closed <= day ? addDays(closed, -1) : day;
        if (commune === plan.provinceCode || rm.history.ancestorsAt(commune, when).includes(plan.provinceCode)) settled += n;
      }
    }
    const prev = out[out.length - 1];
    out.push({
      year: y,
      arising,
      settledAtGrassroots: settled,
      sharePercent: arising === 0 ? null : Math.round((settled / arising) * 10000) / 100,
      arisingChangePercent: prev === undefined || prev.arising === 0 ? null : Math.round(((arising - prev.arising) / prev.arising) * 10000) / 100,
    });
  }
  return out.filter((d) => d.year >= plan.period.fromYear);
}

/**
 * The follow-up of a plan on a date.
 *
 * @throws NotFoundError for an unknown plan.
 * @example
 * ```ts
 * const f = planFollowUp(rm, { planId: 'th-antt-2022-2025', date: '2025-03-31' });
 * f.reports.missing.length; f.obstacles.open[0]?.ageDays; f.tasks.overdueByOwner;
 * ```
 */
export function planFollowUp(rm: ReadModels, query: FollowUpQuery): PlanFollowUp {
  const plan = getOwn(rm.plans.plans, query.planId);
  if (plan === undefined) throw new NotFoundError('plan', query.planId, `plan ${query.planId}: not adopted in this store`);
  const date = query.date ?? new Date().toISOString().slice(0, 10);
  const grace = query.graceDays ?? 15;
  const schedule = query.schedule ?? DEFAULT_REPORT_SCHEDULE;
  const lastYear = Math.min(plan.period.toYear, Number(date.slice(0, 4)));

  const missing: Array<{ period: string; kind: ReportObligation['kind']; recipient: string; dueBy: IsoDate; daysLate: number }> = [];
  for (const o of schedule) {
    for (const p of periodsOf(o.kind, plan.period.fromYear, lastYear)) {
      const { to } = reportPeriodDates({ kind: o.kind, year: p.year, number: p.number });
      if (to < plan.adoptedOn) continue;
      const dueBy = addDays(to, grace);
      if (dueBy >= date) continue;
      const filed = plan.reports.some((r) => r.recipient === o.recipient && r.period.kind === o.kind && r.period.year === p.year && (r.period.number ?? 1) === p.number && r.filedOn <= date);
      if (!filed) missing.push({ period: p.key, kind: o.kind, recipient: o.recipient, dueBy, daysLate: days(dueBy, date) });
    }
  }

  const openObstacles = plan.obstacles.filter((o) => o.raisedOn <= date && (o.resolvedOn === undefined || o.resolvedOn > date)).map((o) => ({ ...o, ageDays: days(o.raisedOn, date) }));
  const byOwner = new Map<string, Array<PlanTask & { daysOverdue: number }>>();
  let open = 0;
  let completed = 0;
  let completedLate = 0;
  for (const t of plan.tasks) {
    if (t.assignedOn > date) continue;
    const done = t.completedOn !== undefined && t.completedOn <= date;
    if (done) {
      completed++;
      if (t.completedOn! > t.deadline) completedLate++;
      continue;
    }
    open++;
    if (t.deadline < date) byOwner.set(t.owner, [...(byOwner.get(t.owner) ?? []), { ...t, daysOverdue: days(t.deadline, date) }]);
  }
  const findings: Record<string, number> = {};
  for (const f of plan.findings) if (f.recordedOn <= date) findings[f.by] = (findings[f.by] ?? 0) + 1;
  const reviews = plan.reviews.filter((r) => r.heldOn <= date);
  const inspections = plan.inspections.filter((i) => i.heldOn <= date);

  return {
    planId: plan.planId,
    date,
    disputes: disputesOf(rm, plan, lastYear, date),
    reports: { filed: plan.reports.filter((r) => r.filedOn <= date), missing },
    reviews: { held: reviews, interimHeld: reviews.some((r) => r.kind === 'interim'), finalHeld: reviews.some((r) => r.kind === 'final') },
    inspections: { count: inspections.length, localities: new Set(inspections.flatMap((i) => i.localities)).size },
    findings,
    obstacles: { open: openObstacles.sort((a, b) => b.ageDays - a.ageDays), resolved: plan.obstacles.filter((o) => o.resolvedOn !== undefined && o.resolvedOn <= date).length },
    tasks: {
      open,
      completed,
      completedLate,
      overdueByOwner: [...byOwner.entries()].map(([owner, tasks]) => ({ owner, tasks: tasks.sort((a, b) => b.daysOverdue - a.daysOverdue) })).sort((a, b) => b.tasks.length - a.tasks.length || a.owner.localeCompare(b.owner)),
    },
  };
}
