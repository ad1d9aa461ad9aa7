/**
 * A plan folded from its events: the plan, its targets (with revisions),
 * tasks, obstacles, inspections, supervision findings, reports and reviews,
 * in recorded order. Pure and JSON-serialisable; target-progress and
 * follow-up projections build on it.
 *
 * @module
 */
import type { IsoDate } from '../shared/values.js';
import type { PlanEventBody, ReportPeriod } from './events.js';
import type { PlanTarget } from './targets.js';

/** One revision of a target. */
export interface TargetRevision {
  readonly target: PlanTarget;
  readonly reason: string;
  readonly legalBasis: string;
  readonly effectiveDate: IsoDate;
}

/** A target of a plan, with its history. */
export interface PlanTargetState {
  readonly targetId: string;
  readonly description: { readonly vi: string; readonly en?: string };
  /** The target as first set (in force from the plan's adoption). */
  readonly initial: PlanTarget;
  /** The target as last revised (or as set). */
  readonly current: PlanTarget;
  /** Revisions in non-decreasing `effectiveDate` order. */
  readonly revisions: readonly TargetRevision[];
}

/** A task with its owner and deadline. */
export interface PlanTask {
  readonly taskId: string;
  readonly title: string;
  readonly owner: string;
  readonly deadline: IsoDate;
  readonly assignedOn: IsoDate;
  readonly completedOn?: IsoDate;
  readonly completionNote?: string;
}

/** A difficulty a unit escalated. */
export interface PlanObstacle {
  readonly obstacleId: string;
  readonly raisedBy: string;
  readonly raisedOn: IsoDate;
  readonly title: string;
  readonly description?: string;
  readonly resolvedOn?: IsoDate;
  readonly resolution?: string;
}

/** An inspection held. */
export interface PlanInspection {
  readonly inspectionId: string;
  readonly heldOn: IsoDate;
  readonly inspector: string;
  readonly localities: readonly string[];
  readonly findings?: string;
}

/** A supervision finding. */
export interface PlanFinding {
  readonly findingId: string;
  readonly by: 'fatherland-front' | 'mass-organisation' | 'people-council' | 'other';
  readonly recordedOn: IsoDate;
  readonly localityCode?: string;
  readonly finding: string;
}

/** A report filed. */
export interface PlanReport {
  readonly reportId: string;
  readonly period: ReportPeriod;
  readonly sender: string;
  readonly recipient: 'provincial-peoples-committee' | 'ministry-of-public-security' | 'other';
  readonly filedOn: IsoDate;
  readonly reference?: string;
}

/** A review held. */
export interface PlanReview {
  readonly reviewId: string;
  readonly kind: 'interim' | 'final';
  readonly heldOn: IsoDate;
  readonly title: string;
  readonly legalBasis?: string;
}

/** A plan as it currently stands. */
export interface PlanState {
  readonly planId: string;
  readonly title: { readonly vi: string; readonly en?: string };
  readonly legalBasis: string;
  readonly issuer: string;
  readonly provinceCode: string;
  readonly period: { readonly fromYear: number; readonly toYear: number };
  readonly baselineYear: number;
  readonly adoptedOn: IsoDate;
  readonly targets: readonly PlanTargetState[];
  readonly tasks: readonly PlanTask[];
  readonly obstacles: readonly PlanObstacle[];
  readonly inspections: readonly PlanInspection[];
  readonly findings: readonly PlanFinding[];
  readonly reports: readonly PlanReport[];
  readonly reviews: readonly PlanReview[];
}

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

function replace<T>(list: readonly T[], match: (t: T) => boolean, update: (t: T) => T): readonly T[] {
  return list.map((t) => (match(t) ? update(t) : t));
}

/**
 * Applies one plan event to a plan (`null` before it is adopted). Events
 * before `PlanAdopted`, a second adoption and updates of unknown items are
 * ignored (the decider never emits them).
 *
 * @example
 * ```ts
 * let plan: PlanState | null = null;
 * for (const e of events) plan = evolvePlan(plan, e);
 * ```
 */
export function evolvePlan(state: PlanState | null, event: PlanEventBody): PlanState | null {
  if (event.type === 'PlanAdopted') {
    if (state !== null) return state;
    const d = event.data;
    return {
      planId: d.planId,
      title: { vi: d.title.vi, ...opt('en', d.title.en) },
      legalBasis: d.legalBasis,
      issuer: d.issuer,
      provinceCode: d.provinceCode,
      period: { fromYear: d.period.fromYear, toYear: d.period.toYear },
      baselineYear: d.baselineYear,
      adoptedOn: d.adoptedOn,
      targets: [],
      tasks: [],
      obstacles: [],
      inspections: [],
      findings: [],
      reports: [],
      reviews: [],
    };
  }
  if (state === null) return null;
  switch (event.type) {
    case 'TargetSet': {
      const d = event.data;
      if (state.targets.some((t) => t.targetId === d.targetId)) return state;
      const description = { vi: d.description.vi, ...opt('en', d.description.en) };
      return { ...state, targets: [...state.targets, { targetId: d.targetId, description, initial: d.target, current: d.target, revisions: [] }] };
    }
    case 'TargetRevised': {
      const d = event.data;
      const revision: TargetRevision = { target: d.target, reason: d.reason, legalBasis: d.legalBasis, effectiveDate: d.effectiveDate };
      return { ...state, targets: replace(state.targets, (t) => t.targetId === d.targetId, (t) => ({ ...t, current: d.target, revisions: [...t.revisions, revision] })) };
    }
    case 'TaskAssigned': {
      const d = event.data;
      if (state.tasks.some((t) => t.taskId === d.taskId)) return state;
      return { ...state, tasks: [...state.tasks, { taskId: d.taskId, title: d.title, owner: d.owner, deadline: d.deadline, assignedOn: d.assignedOn }] };
    }
    case 'TaskCompleted': {
      const d = event.data;
      return { ...state, tasks: replace(state.tasks, (t) => t.taskId === d.taskId, (t) => ({ ...t, completedOn: d.completedOn, ...opt('completionNote', d.note) })) };
    }
    case 'ObstacleRaised': {
      const d = event.data;
      if (state.obstacles.some((o) => o.obstacleId === d.obstacleId)) return state;
      const o: PlanObstacle = { obstacleId: d.obstacleId, raisedBy: d.raisedBy, raisedOn: d.raisedOn, title: d.title, ...opt('description', d.description) };
      return { ...state, obstacles: [...state.obstacles, o] };
    }
    case 'ObstacleResolved': {
      const d = event.data;
      return { ...state, obstacles: replace(state.obstacles, (o) => o.obstacleId === d.obstacleId, (o) => ({ ...o, resolvedOn: d.resolvedOn, resolution: d.resolution })) };
    }
    case 'InspectionHeld': {
      const d = event.data;
      const i: PlanInspection = { inspectionId: d.inspectionId, heldOn: d.heldOn, inspector: d.inspector, localities: [...d.localities], ...opt('findings', d.findings) };
      return { ...state, inspections: [...state.inspections, i] };
    }
    case 'SupervisionFindingRecorded': {
      const d = event.data;
      const f: PlanFinding = { findingId: d.findingId, by: d.by, recordedOn: d.recordedOn, ...opt('localityCode', d.localityCode), finding: d.finding };
      return { ...state, findings: [...state.findings, f] };
    }
    case 'ReportFiled': {
      const d = event.data;
      const period: ReportPeriod = { kind: d.period.kind, year: d.period.year, ...opt('number', d.period.number) };
      const r: PlanReport = { reportId: d.reportId, period, sender: d.sender, recipient: d.recipient, filedOn: d.filedOn, ...opt('reference', d.reference) };
      return { ...state, reports: [...state.reports, r] };
    }
    case 'ReviewHeld': {
      const d = event.data;
      const r: PlanReview = { reviewId: d.reviewId, kind: d.kind, heldOn: d.heldOn, title: d.title, ...opt('legalBasis', d.legalBasis) };
      return { ...state, reviews: [...state.reviews, r] };
    }
  }
}

/**
 * Folds a plan's events (in stream order) into the plan; `undefined` when it was never adopted.
 *
 * @example
 * ```ts
 * const plan = planState(events);
 * plan?.targets.map((t) => [t.targetId, t.current.kind]);
 * plan?.tasks.filter((t) => t.completedOn === undefined && t.deadline < '2024-01-01'); // overdue
 * ```
 */
export function planState(events: Iterable<PlanEventBody>): PlanState | undefined {
  let s: PlanState | null = null;
  for (const e of events) s = evolvePlan(s, e);
  return s ?? undefined;
}

/**
 * The target in force on `date`: the last revision effective on or before it, else the target as set.
 *
 * @example
 * ```ts
 * targetInForce(plan.targets[0]!, '2023-12-31'); // as set
 * targetInForce(plan.targets[0]!, '2025-07-01'); // as revised from 2025-07-01
 * ```
 */
export function targetInForce(target: PlanTargetState, date: IsoDate): PlanTarget {
  let t = target.initial;
  for (const r of target.revisions) if (r.effectiveDate <= date) t = r.target;
  return t;
}

/**
 * The first and last calendar day of a report period.
 *
 * @example
 * ```ts
 * reportPeriodDates({ kind: 'quarter', year: 2023, number: 3 }); // { from: '2023-07-01', to: '2023-09-30' }
 * ```
 */
export function reportPeriodDates(period: ReportPeriod): { readonly from: IsoDate; readonly to: IsoDate } {
  const months = { month: 1, quarter: 3, 'half-year': 6, year: 12 }[period.kind];
  const n = period.number ?? 1;
  const first = (n - 1) * months + 1;
  const last = first + months - 1;
  const pad = (m: number): string => String(m).padStart(2, '0');
  const lastDay = new Date(Date.UTC(period.year, last, 0)).getUTCDate();
  return { from: `${period.year}-${pad(first)}-01`, to: `${period.year}-${pad(last)}-${pad(lastDay)}` };
}
