/**
 * Commands of the plan decider, as strict zod schemas. Each carries the
 * payload of the event it leads to, plus its `type`.
 *
 * @module
 */
import { z } from 'zod';
import {
  InspectionHeld,
  ObstacleRaised,
  ObstacleResolved,
  PlanAdopted,
  ReportFiled,
  ReviewHeld,
  SupervisionFindingRecorded,
  TargetRevised,
  TargetSet,
  TaskAssigned,
  TaskCompleted,
} from './events.js';

/**
 * Adopt a plan (payload as `PlanAdopted`).
 *
 * @example
 * ```ts
 * AdoptPlan.parse({ type: 'AdoptPlan', planId: 'p', title: { vi: 'Kế hoạch' }, legalBasis: '926/QĐ-TTg', issuer: 'UBND tỉnh', provinceCode: '38', period: { fromYear: 2022, toYear: 2025 }, baselineYear: 2019, adoptedOn: '2022-10-01' });
 * ```
 */
export const AdoptPlan = z.strictObject({ type: z.literal('AdoptPlan'), ...PlanAdopted.schema.shape });
/** Adopt a plan. */
export type AdoptPlan = z.input<typeof AdoptPlan>;

/**
 * Set a target (payload as `TargetSet`).
 *
 * @example
 * ```ts
 * SetTarget.parse({ type: 'SetTarget', planId: 'p', targetId: 'crime-5', description: { vi: 'Giảm 5% so với 2019' }, target: { kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5, each: 'commune', by: '2025-12-31' } });
 * ```
 */
export const SetTarget = z.strictObject({ type: z.literal('SetTarget'), ...TargetSet.schema.shape });
/** Set a target. */
export type SetTarget = z.input<typeof SetTarget>;

/**
 * Revise a target (payload as `TargetRevised`).
 *
 * @example
 * ```ts
 * ReviseTarget.parse({ type: 'ReviseTarget', planId: 'p', targetId: 'crime-5', reason: 'province decision', legalBasis: '12/QĐ-UBND', effectiveDate: '2024-01-01', target: { kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 7, each: 'commune', by: '2025-12-31' } });
 * ```
 */
export const ReviseTarget = z.strictObject({ type: z.literal('ReviseTarget'), ...TargetRevised.schema.shape });
/** Revise a target. */
export type ReviseTarget = z.input<typeof ReviseTarget>;

/**
 * Assign a task (payload as `TaskAssigned`).
 *
 * @example
 * ```ts
 * AssignTask.parse({ type: 'AssignTask', planId: 'p', taskId: 't1', title: 'Hướng dẫn', owner: 'Công an tỉnh', deadline: '2022-12-31', assignedOn: '2022-10-01' });
 * ```
 */
export const AssignTask = z.strictObject({ type: z.literal('AssignTask'), ...TaskAssigned.schema.shape });
/** Assign a task. */
export type AssignTask = z.input<typeof AssignTask>;

/**
 * Complete a task (payload as `TaskCompleted`).
 *
 * @example
 * ```ts
 * CompleteTask.parse({ type: 'CompleteTask', planId: 'p', taskId: 't1', completedOn: '2022-12-15' });
 * ```
 */
export const CompleteTask = z.strictObject({ type: z.literal('CompleteTask'), ...TaskCompleted.schema.shape });
/** Complete a task. */
export type CompleteTask = z.input<typeof CompleteTask>;

/**
 * Raise an obstacle (payload as `ObstacleRaised`).
 *
 * @example
 * ```ts
 * RaiseObstacle.parse({ type: 'RaiseObstacle', planId: 'p', obstacleId: 'o1', raisedBy: '388', raisedOn: '2023-02-01', title: 'Thiếu kinh phí' });
 * ```
 */
export const RaiseObstacle = z.strictObject({ type: z.literal('RaiseObstacle'), ...ObstacleRaised.schema.shape });
/** Raise an obstacle. */
export type RaiseObstacle = z.input<typeof RaiseObstacle>;

/**
 * Resolve an obstacle (payload as `ObstacleResolved`).
 *
 * @example
 * ```ts
 * ResolveObstacle.parse({ type: 'ResolveObstacle', planId: 'p', obstacleId: 'o1', resolvedOn: '2023-04-01', resolution: 'Funded' });
 * ```
 */
export const ResolveObstacle = z.strictObject({ type: z.literal('ResolveObstacle'), ...ObstacleResolved.schema.shape });
/** Resolve an obstacle. */
export type ResolveObstacle = z.input<typeof ResolveObstacle>;

/**
 * Record an inspection (payload as `InspectionHeld`).
 *
 * @example
 * ```ts
 * RecordInspection.parse({ type: 'RecordInspection', planId: 'p', inspectionId: 'i1', heldOn: '2023-06-10', inspector: 'Công an tỉnh', localities: ['16000'] });
 * ```
 */
export const RecordInspection = z.strictObject({ type: z.literal('RecordInspection'), ...InspectionHeld.schema.shape });
/** Record an inspection. */
export type RecordInspection = z.input<typeof RecordInspection>;

/**
 * Record a supervision finding (payload as `SupervisionFindingRecorded`).
 *
 * @example
 * ```ts
 * RecordSupervisionFinding.parse({ type: 'RecordSupervisionFinding', planId: 'p', findingId: 'f1', by: 'people-council', recordedOn: '2023-09-01', finding: 'Chậm triển khai' });
 * ```
 */
export const RecordSupervisionFinding = z.strictObject({ type: z.literal('RecordSupervisionFinding'), ...SupervisionFindingRecorded.schema.shape });
/** Record a supervision finding. */
export type RecordSupervisionFinding = z.input<typeof RecordSupervisionFinding>;

/**
 * File a periodic report (payload as `ReportFiled`).
 *
 * @example
 * ```ts
 * FileReport.parse({ type: 'FileReport', planId: 'p', reportId: 'r1', period: { kind: 'year', year: 2023 }, sender: 'Công an tỉnh', recipient: 'provincial-peoples-committee', filedOn: '2023-12-20' });
 * ```
 */
export const FileReport = z.strictObject({ type: z.literal('FileReport'), ...ReportFiled.schema.shape });
/** File a periodic report. */
export type FileReport = z.input<typeof FileReport>;

/**
 * Record a review (payload as `ReviewHeld`).
 *
 * @example
 * ```ts
 * RecordReview.parse({ type: 'RecordReview', planId: 'p', reviewId: 'rv1', kind: 'final', heldOn: '2025-12-20', title: 'Tổng kết' });
 * ```
 */
export const RecordReview = z.strictObject({ type: z.literal('RecordReview'), ...ReviewHeld.schema.shape });
/** Record a review. */
export type RecordReview = z.input<typeof RecordReview>;

/**
 * Any plan command.
 *
 * @example
 * ```ts
 * PlanCommand.safeParse({ type: 'CompleteTask', planId: 'p', taskId: 't1', completedOn: '2022-13-01' }).success; // false
 * ```
 */
export const PlanCommand = z.discriminatedUnion('type', [
  AdoptPlan,
  SetTarget,
  ReviseTarget,
  AssignTask,
  CompleteTask,
  RaiseObstacle,
  ResolveObstacle,
  RecordInspection,
  RecordSupervisionFinding,
  FileReport,
  RecordReview,
]);
/** Any plan command. */
export type PlanCommand = z.input<typeof PlanCommand>;
