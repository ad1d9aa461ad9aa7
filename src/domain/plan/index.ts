/**
 * Plans: a province's plan (kế hoạch), its targets and follow-up; events,
 * commands, the decider and the pure fold projections build on.
 *
 * @module
 */
export { PlanTarget, ReductionVsBaselineTarget, ShareRecognisedTarget, YearOnYearReductionTarget } from './targets.js';
export {
  BilingualText,
  BilingualTitle,
  InspectionHeld,
  ObstacleRaised,
  ObstacleResolved,
  PlanAdopted,
  PlanPeriod,
  REPORT_RECIPIENTS,
  ReportFiled,
  ReportPeriod,
  ReviewHeld,
  SUPERVISORS,
  SupervisionFindingRecorded,
  TargetRevised,
  TargetSet,
  TaskAssigned,
  TaskCompleted,
  planEventDefinitions,
  planStreamId,
} from './events.js';
export type { PlanEvent, PlanEventBody } from './events.js';
export {
  AdoptPlan,
  AssignTask,
  CompleteTask,
  FileReport,
  PlanCommand,
  RaiseObstacle,
  RecordInspection,
  RecordReview,
  RecordSupervisionFinding,
  ResolveObstacle,
  ReviseTarget,
  SetTarget,
} from './commands.js';
export { evolvePlan, planState, reportPeriodDates, targetInForce } from './plan-state.js';
export type { PlanFinding, PlanInspection, PlanObstacle, PlanReport, PlanReview, PlanState, PlanTargetState, PlanTask, TargetRevision } from './plan-state.js';
export { PLAN_ERROR_CODES, planDecider } from './decider.js';
export type { PlanDecider, PlanDeciderDeps, PlanErrorCode } from './decider.js';
