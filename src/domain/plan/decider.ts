/**
 * The plan decider (stream `plan-<planId>`): adopts a plan, sets and revises
 * its targets against the standards catalogue and the metric definitions,
 * and records the follow-up (tasks, obstacles, inspections, findings,
 * reports, reviews).
 *
 * @module
 */
import { DomainRuleError, jsonEqual, type Decider } from '../../kernel/index.js';
import type { StandardCatalogue } from '../criteria/standard.js';
import type { MetricDefinition } from '../incident/labels.js';
import type { LocalityHistory } from '../locality/locality-history.js';
import type { IsoDate } from '../shared/values.js';
import { PlanCommand } from './commands.js';
import type { PlanEventBody } from './events.js';
import { compact, fieldOf, parseCommand } from '../shared/parse-command.js';
import { evolvePlan, reportPeriodDates, type PlanState } from './plan-state.js';
import type { PlanTarget } from './targets.js';

/**
 * The stable codes of the plan rules.
 *
 * - `plan_exists` / `plan_not_found`: the plan is already adopted / not adopted.
 * - `baseline_year_after_plan`: a baseline year (of the plan or of a target) after the plan's first year.
 * - `date_outside_plan`: a plan adopted after its own period, or a report on a year outside the plan's years.
 * - `date_before_adoption`: plan activity (revision, task, obstacle, inspection, finding, report, review) dated before the plan's adoption.
 * - `locality_not_found_on_date`: (with a register) a locality named did not exist on the day.
 * - `locality_not_province`: (with a register) the plan's province is not a province on the adoption day.
 * - `target_exists` / `target_not_found`: the target id is taken / unknown.
 * - `unknown_standard`: a share target on a standard the catalogue does not know.
 * - `standard_population_mismatch`: a commune standard counted over districts, or the reverse.
 * - `unknown_metric`: a reduction target on a metric not defined.
 * - `target_before_plan_period` / `target_after_plan_period`: a target's deadline (or years) before the plan's first year / after its last.
 * - `target_kind_changed`: a revision changes the kind of target.
 * - `revision_out_of_order`: a revision effective before the target's last revision.
 * - `no_change`: a revision equal to the current target.
 * - `task_exists` / `task_not_found` / `task_already_completed`.
 * - `deadline_before_assignment`: a task due before it is assigned.
 * - `completed_before_assigned`: a task completed before it was assigned.
 * - `obstacle_exists` / `obstacle_not_found` / `obstacle_already_resolved`.
 * - `resolved_before_raised`: an obstacle resolved before it was raised.
 * - `inspection_exists` / `finding_exists` / `report_exists` / `review_exists`: the id is taken.
 * - `duplicate_report`: a report for the same period from the same sender to the same recipient was already filed.
 * - `report_before_period`: a report filed before its period begins.
 * - `final_review_exists`: a second final review (tổng kết).
 *
 * @example
 * ```ts
 * PLAN_ERROR_CODES.includes('duplicate_report'); // true
 * ```
 */
export const PLAN_ERROR_CODES = [
  'plan_exists',
  'plan_not_found',
  'baseline_year_after_plan',
  'date_outside_plan',
  'date_before_adoption',
  'locality_not_found_on_date',
  'locality_not_province',
  'target_exists',
  'target_not_found',
  'unknown_standard',
  'standard_population_mismatch',
  'unknown_metric',
  'target_before_plan_period',
  'target_after_plan_period',
  'target_kind_changed',
  'revision_out_of_order',
  'no_change',
  'task_exists',
  'task_not_found',
  'task_already_completed',
  'deadline_before_assignment',
  'completed_before_assigned',
  'obstacle_exists',
  'obstacle_not_found',
  'obstacle_already_resolved',
  'resolved_before_raised',
  'inspection_exists',
  'finding_exists',
  'report_exists',
  'duplicate_report',
  'report_before_period',
  'review_exists',
  'final_review_exists',
] as const;
/** A stable code of a plan rule. */
export type PlanErrorCode = (typeof PLAN_ERROR_CODES)[number];

/** What the plan decider needs. */
export interface PlanDeciderDeps {
  readonly standards: StandardCatalogue;
  /** The metrics targets may name (usually `BUILT_IN_METRICS` plus a province's own). */
  readonly metrics: readonly MetricDefinition[];
  /** When given, the province and the localities named by inspections and findings are checked against it. */
  readonly localities?: LocalityHistory;
}

/** The plan decider's type: state `null` until the plan is adopted. */
export type PlanDecider = Decider<PlanCommand, PlanEventBody, PlanState | null>;

function rule(code: PlanErrorCode, message: string, details: Record<string, unknown>): DomainRuleError {
  return new DomainRuleError(code, message, details);
}

/**
 * Builds the plan decider. Use it with `handle(store, planStreamId(id), decider, command)`.
 *
 * @example
 * ```ts
 * const decider = planDecider({ standards, metrics: BUILT_IN_METRICS });
 * await handle(store, planStreamId('th-926-2022'), decider, {
 *   type: 'SetTarget', planId: 'th-926-2022', targetId: 'communes-19-2', description: { vi: '99% số xã đạt 19.2' },
 *   target: { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' },
 * });
 * ```
 */
export function planDecider(deps: PlanDeciderDeps): PlanDecider {
  const { standards, metrics, localities } = deps;
  const metricIds = new Set(metrics.map((m) => m.id));

  const checkLocality = (planId: string, code: string, date: IsoDate, what: string): void => {
    if (localities !== undefined && !localities.isOpen(code, date)) {
      throw rule('locality_not_found_on_date', `plan ${planId}: ${what} ${code} did not exist on ${date}`, { planId, localityCode: code, date });
    }
  };

  const checkNotBeforeAdoption = (plan: PlanState, date: IsoDate, field: string): void => {
    if (date < plan.adoptedOn) {
      throw rule('date_before_adoption', `plan ${plan.planId}: ${field} ${date} is before the plan was adopted on ${plan.adoptedOn}`, { planId: plan.planId, field, date, adoptedOn: plan.adoptedOn });
    }
  };

  const checkTarget = (plan: PlanState, targetId: string, t: PlanTarget): void => {
    const where = `plan ${plan.planId}: target ${targetId}`;
    const start = `${plan.period.fromYear}-01-01`;
    const end = `${plan.period.toYear}-12-31`;
    const base = { planId: plan.planId, targetId };
    const checkBy = (by: IsoDate): void => {
      if (by < start) throw rule('target_before_plan_period', `${where}: due ${by}, before the plan's period starts (${start})`, { ...base, by, start });
      if (by > end) throw rule('target_after_plan_period', `${where}: due ${by}, after the plan's period ends (${end})`, { ...base, by, end });
    };
    switch (t.kind) {
      case 'shareRecognised': {
        const info = standards.standard(t.standard);
        if (info === undefined) throw rule('unknown_standard', `${where}: unknown standard ${t.standard}`, { ...base, standard: t.standard });
        const expected = info.scope === 'commune' ? 'rural-communes' : info.scope === 'district' ? 'districts' : undefined;
        if (expected !== t.population) {
          throw rule('standard_population_mismatch', `${where}: ${t.standard} is a ${info.scope} standard and cannot be counted over ${t.population}`, {
            ...base,
            standard: t.standard,
            scope: info.scope,
            population: t.population,
          });
        }
        checkBy(t.by);
        return;
      }
      case 'reductionVsBaseline': {
        if (!metricIds.has(t.metric)) throw rule('unknown_metric', `${where}: unknown metric ${t.metric}`, { ...base, metrics: [t.metric] });
        if (t.baselineYear > plan.period.fromYear) {
          throw rule('baseline_year_after_plan', `${where}: baseline year ${t.baselineYear} is after the plan's first year ${plan.period.fromYear}`, { ...base, baselineYear: t.baselineYear });
        }
        checkBy(t.by);
        return;
      }
      case 'yearOnYearReduction': {
        const unknown = t.metrics.filter((m) => !metricIds.has(m));
        if (unknown.length > 0) throw rule('unknown_metric', `${where}: unknown metric${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`, { ...base, metrics: unknown });
        if (t.fromYear < plan.period.fromYear) {
          throw rule('target_before_plan_period', `${where}: from ${t.fromYear}, before the plan's first year ${plan.period.fromYear}`, { ...base, fromYear: t.fromYear });
        }
        if (t.toYear > plan.period.toYear) {
          throw rule('target_after_plan_period', `${where}: to ${t.toYear}, after the plan's last year ${plan.period.toYear}`, { ...base, toYear: t.toYear });
        }
        return;
      }
    }
  };

  return {
    initialState: null,
    evolve: evolvePlan,
    decide(command, state) {
      const c = parseCommand(PlanCommand, command, `plan ${fieldOf(command, 'planId')}`);
      const planId = c.planId;
      if (c.type === 'AdoptPlan') {
        if (state !== null) throw rule('plan_exists', `plan ${planId}: already adopted on ${state.adoptedOn}`, { planId });
        if (c.baselineYear > c.period.fromYear) {
          throw rule('baseline_year_after_plan', `plan ${planId}: baseline year ${c.baselineYear} is after the plan's first year ${c.period.fromYear}`, { planId, baselineYear: c.baselineYear });
        }
        if (c.adoptedOn > `${c.period.toYear}-12-31`) {
          throw rule('date_outside_plan', `plan ${planId}: adopted on ${c.adoptedOn}, after its period ended (${c.period.toYear})`, { planId, field: 'adoptedOn', date: c.adoptedOn });
        }
        if (localities !== undefined) {
          const unit = localities.at(c.provinceCode, c.adoptedOn);
          if (unit === undefined) checkLocality(planId, c.provinceCode, c.adoptedOn, 'province');
          else if (unit.kind !== 'province') {
            throw rule('locality_not_province', `plan ${planId}: ${c.provinceCode} is a ${unit.kind}, not a province`, { planId, provinceCode: c.provinceCode, kind: unit.kind });
          }
        }
        const { type: _t, ...data } = c;
        return [{ type: 'PlanAdopted', data: { ...data, title: compact(c.title) } }];
      }
      if (state === null) throw rule('plan_not_found', `plan ${planId}: not adopted`, { planId });
      const plan = state;
      switch (c.type) {
        case 'SetTarget': {
          if (plan.targets.some((t) => t.targetId === c.targetId)) throw rule('target_exists', `plan ${planId}: target ${c.targetId} already set`, { planId, targetId: c.targetId });
          checkTarget(plan, c.targetId, c.target);
          const { type: _t, ...data } = c;
          return [{ type: 'TargetSet', data: { ...data, description: compact(c.description), target: compact(c.target) } }];
        }
        case 'ReviseTarget': {
          const t = plan.targets.find((x) => x.targetId === c.targetId);
          if (t === undefined) throw rule('target_not_found', `plan ${planId}: no target ${c.targetId}`, { planId, targetId: c.targetId });
          if (c.target.kind !== t.current.kind) {
            throw rule('target_kind_changed', `plan ${planId}: target ${c.targetId} is a ${t.current.kind} target; set a new target instead of revising it into a ${c.target.kind}`, {
              planId,
              targetId: c.targetId,
              from: t.current.kind,
              to: c.target.kind,
            });
          }
          checkNotBeforeAdoption(plan, c.effectiveDate, 'effectiveDate');
          const lastRevision = t.revisions[t.revisions.length - 1];
          if (lastRevision !== undefined && c.effectiveDate < lastRevision.effectiveDate) {
            throw rule('revision_out_of_order', `plan ${planId}: target ${c.targetId} was last revised from ${lastRevision.effectiveDate}; a revision cannot take effect earlier (${c.effectiveDate})`, {
              planId,
              targetId: c.targetId,
              effectiveDate: c.effectiveDate,
              lastEffectiveDate: lastRevision.effectiveDate,
            });
          }
          const target = compact(c.target);
          if (jsonEqual(target, compact(t.current))) throw rule('no_change', `plan ${planId}: the revision of target ${c.targetId} changes nothing`, { planId, targetId: c.targetId });
          checkTarget(plan, c.targetId, target);
          const { type: _t, ...data } = c;
          return [{ type: 'TargetRevised', data: { ...data, target } }];
        }
        case 'AssignTask': {
          if (plan.tasks.some((t) => t.taskId === c.taskId)) throw rule('task_exists', `plan ${planId}: task ${c.taskId} already assigned`, { planId, taskId: c.taskId });
          checkNotBeforeAdoption(plan, c.assignedOn, 'assignedOn');
          if (c.deadline < c.assignedOn) {
            throw rule('deadline_before_assignment', `plan ${planId}: task ${c.taskId} due ${c.deadline}, before it is assigned on ${c.assignedOn}`, { planId, taskId: c.taskId, deadline: c.deadline, assignedOn: c.assignedOn });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'TaskAssigned', data }];
        }
        case 'CompleteTask': {
          const t = plan.tasks.find((x) => x.taskId === c.taskId);
          if (t === undefined) throw rule('task_not_found', `plan ${planId}: no task ${c.taskId}`, { planId, taskId: c.taskId });
          if (t.completedOn !== undefined) throw rule('task_already_completed', `plan ${planId}: task ${c.taskId} completed on ${t.completedOn}`, { planId, taskId: c.taskId, completedOn: t.completedOn });
          if (c.completedOn < t.assignedOn) {
            throw rule('completed_before_assigned', `plan ${planId}: task ${c.taskId} completed on ${c.completedOn}, before it was assigned on ${t.assignedOn}`, {
              planId,
              taskId: c.taskId,
              completedOn: c.completedOn,
              assignedOn: t.assignedOn,
            });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'TaskCompleted', data: compact(data) }];
        }
        case 'RaiseObstacle': {
          if (plan.obstacles.some((o) => o.obstacleId === c.obstacleId)) throw rule('obstacle_exists', `plan ${planId}: obstacle ${c.obstacleId} already raised`, { planId, obstacleId: c.obstacleId });
          checkNotBeforeAdoption(plan, c.raisedOn, 'raisedOn');
          const { type: _t, ...data } = c;
          return [{ type: 'ObstacleRaised', data: compact(data) }];
        }
        case 'ResolveObstacle': {
          const o = plan.obstacles.find((x) => x.obstacleId === c.obstacleId);
          if (o === undefined) throw rule('obstacle_not_found', `plan ${planId}: no obstacle ${c.obstacleId}`, { planId, obstacleId: c.obstacleId });
          if (o.resolvedOn !== undefined) throw rule('obstacle_already_resolved', `plan ${planId}: obstacle ${c.obstacleId} resolved on ${o.resolvedOn}`, { planId, obstacleId: c.obstacleId, resolvedOn: o.resolvedOn });
          if (c.resolvedOn < o.raisedOn) {
            throw rule('resolved_before_raised', `plan ${planId}: obstacle ${c.obstacleId} resolved on ${c.resolvedOn}, before it was raised on ${o.raisedOn}`, {
              planId,
              obstacleId: c.obstacleId,
              resolvedOn: c.resolvedOn,
              raisedOn: o.raisedOn,
            });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'ObstacleResolved', data }];
        }
        case 'RecordInspection': {
          if (plan.inspections.some((i) => i.inspectionId === c.inspectionId)) {
            throw rule('inspection_exists', `plan ${planId}: inspection ${c.inspectionId} already recorded`, { planId, inspectionId: c.inspectionId });
          }
          checkNotBeforeAdoption(plan, c.heldOn, 'heldOn');
          for (const code of c.localities) checkLocality(planId, code, c.heldOn, `inspection ${c.inspectionId}: locality`);
          const { type: _t, ...data } = c;
          return [{ type: 'InspectionHeld', data: compact(data) }];
        }
        case 'RecordSupervisionFinding': {
          if (plan.findings.some((f) => f.findingId === c.findingId)) throw rule('finding_exists', `plan ${planId}: finding ${c.findingId} already recorded`, { planId, findingId: c.findingId });
          checkNotBeforeAdoption(plan, c.recordedOn, 'recordedOn');
          if (c.localityCode !== undefined) checkLocality(planId, c.localityCode, c.recordedOn, `finding ${c.findingId}: locality`);
          const { type: _t, ...data } = c;
          return [{ type: 'SupervisionFindingRecorded', data: compact(data) }];
        }
        case 'FileReport': {
          if (plan.reports.some((r) => r.reportId === c.reportId)) throw rule('report_exists', `plan ${planId}: report ${c.reportId} already filed`, { planId, reportId: c.reportId });
          const p = c.period;
          const label = `${p.kind} ${p.year}${p.number === undefined ? '' : `/${p.number}`}`;
          if (p.year < plan.period.fromYear || p.year > plan.period.toYear) {
            throw rule('date_outside_plan', `plan ${planId}: report ${c.reportId} covers ${label}, outside the plan's years ${plan.period.fromYear}–${plan.period.toYear}`, {
              planId,
              reportId: c.reportId,
              field: 'period',
              year: p.year,
            });
          }
          checkNotBeforeAdoption(plan, c.filedOn, 'filedOn');
          const { from } = reportPeriodDates(p);
          if (c.filedOn < from) {
            throw rule('report_before_period', `plan ${planId}: report ${c.reportId} on ${label} filed on ${c.filedOn}, before the period begins (${from})`, { planId, reportId: c.reportId, filedOn: c.filedOn, periodStart: from });
          }
          const dup = plan.reports.find((r) => r.sender === c.sender && r.recipient === c.recipient && r.period.kind === p.kind && r.period.year === p.year && r.period.number === p.number);
          if (dup !== undefined) {
            throw rule('duplicate_report', `plan ${planId}: ${c.sender} already filed the ${label} report to ${c.recipient} (report ${dup.reportId})`, {
              planId,
              reportId: c.reportId,
              duplicateOf: dup.reportId,
            });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'ReportFiled', data: compact({ ...data, period: compact(p) }) }];
        }
        case 'RecordReview': {
          if (plan.reviews.some((r) => r.reviewId === c.reviewId)) throw rule('review_exists', `plan ${planId}: review ${c.reviewId} already recorded`, { planId, reviewId: c.reviewId });
          checkNotBeforeAdoption(plan, c.heldOn, 'heldOn');
          const final = plan.reviews.find((r) => r.kind === 'final');
          if (c.kind === 'final' && final !== undefined) {
            throw rule('final_review_exists', `plan ${planId}: the final review was held on ${final.heldOn} (review ${final.reviewId})`, { planId, reviewId: c.reviewId, finalReview: final.reviewId });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'ReviewHeld', data: compact(data) }];
        }
      }
    },
  };
}
