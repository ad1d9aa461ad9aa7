/**
 * Plan events (stream `plan-<planId>`): a provincial plan (kế hoạch) is
 * adopted, gets targets (revised by later decisions), tasks with owners and
 * deadlines, obstacles that units escalate, inspections, supervision
 * findings, periodic reports and reviews (sơ kết, tổng kết).
 *
 * @module
 */
import { z } from 'zod';
import { defineEvent, type BodyOf, type EventOf } from '../../kernel/index.js';
import { Code, IsoDate, LegalBasis, Name, Text, Year } from '../shared/values.js';
import { PlanTarget } from './targets.js';

/** Non-empty free text. */
const NonBlankText = Text.refine((s) => s.trim() !== '', 'must not be empty');

/**
 * A title in Vietnamese with an optional English gloss.
 *
 * @example
 * ```ts
 * BilingualTitle.parse({ vi: 'Kế hoạch thực hiện Chương trình 926', en: 'Plan implementing programme 926' });
 * ```
 */
export const BilingualTitle = z.strictObject({ vi: Name, en: Name.optional() });

/**
 * A description in Vietnamese with an optional English gloss.
 *
 * @example
 * ```ts
 * BilingualText.parse({ vi: '99% số xã đạt chỉ tiêu 19.2', en: '99% of communes attain indicator 19.2' });
 * ```
 */
export const BilingualText = z.strictObject({ vi: NonBlankText, en: NonBlankText.optional() });

/**
 * A plan's years, `fromYear` to `toYear` inclusive.
 *
 * @example
 * ```ts
 * PlanPeriod.parse({ fromYear: 2022, toYear: 2025 });
 * ```
 */
export const PlanPeriod = z
  .strictObject({ fromYear: Year, toYear: Year })
  .refine((p) => p.toYear >= p.fromYear, { message: 'toYear must not be before fromYear', path: ['toYear'] });

/**
 * The period a report covers: a month (1–12), a quarter (1–4), a half-year (1–2) or a year (no number).
 *
 * @example
 * ```ts
 * ReportPeriod.parse({ kind: 'quarter', year: 2023, number: 3 });
 * ReportPeriod.safeParse({ kind: 'quarter', year: 2023, number: 5 }).success; // false
 * ```
 */
export const ReportPeriod = z
  .strictObject({ kind: z.enum(['month', 'quarter', 'half-year', 'year']), year: Year, number: z.number().int().optional() })
  .superRefine((p, ctx) => {
    const max = { month: 12, quarter: 4, 'half-year': 2, year: 0 }[p.kind];
    if (max === 0) {
      if (p.number !== undefined) ctx.addIssue({ code: 'custom', path: ['number'], message: 'a yearly report has no number' });
    } else if (p.number === undefined || p.number < 1 || p.number > max) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: `a ${p.kind} report needs a number from 1 to ${max}` });
    }
  });
/** The period a report covers. */
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/**
 * Who a report is sent to.
 *
 * @example
 * ```ts
 * REPORT_RECIPIENTS.includes('ministry-of-public-security'); // true
 * ```
 */
export const REPORT_RECIPIENTS = ['provincial-peoples-committee', 'ministry-of-public-security', 'other'] as const;
/**
 * Who records a supervision finding: the Fatherland Front, a mass organisation, the People's Council, or another body.
 *
 * @example
 * ```ts
 * SUPERVISORS.includes('fatherland-front'); // true
 * ```
 */
export const SUPERVISORS = ['fatherland-front', 'mass-organisation', 'people-council', 'other'] as const;

/**
 * A plan is adopted.
 *
 * @example
 * ```ts
 * PlanAdopted.create({
 *   planId: 'th-926-2022', title: { vi: 'Kế hoạch thực hiện Chương trình 926 tỉnh Thanh Hóa' }, legalBasis: '926/QĐ-TTg',
 *   issuer: 'UBND tỉnh Thanh Hóa', provinceCode: '38', period: { fromYear: 2022, toYear: 2025 }, baselineYear: 2019, adoptedOn: '2022-10-01',
 * });
 * ```
 */
export const PlanAdopted = defineEvent(
  'PlanAdopted',
  z.strictObject({
    planId: Code,
    title: BilingualTitle,
    legalBasis: LegalBasis,
    issuer: Name,
    provinceCode: Code,
    period: PlanPeriod,
    /** The default baseline year of the plan's reduction targets (2019 for 926). */
    baselineYear: Year,
    adoptedOn: IsoDate,
  }),
);

/**
 * A target is set.
 *
 * @example
 * ```ts
 * TargetSet.create({ planId: 'th-926-2022', targetId: 'communes-19-2', description: { vi: '99% số xã đạt 19.2' },
 *   target: { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' } });
 * ```
 */
export const TargetSet = defineEvent('TargetSet', z.strictObject({ planId: Code, targetId: Code, description: BilingualText, target: PlanTarget }));

/**
 * A target is revised from `effectiveDate` (same kind), by a legal instrument.
 *
 * @example
 * ```ts
 * TargetRevised.create({ planId: 'th-926-2022', targetId: 'districts-9-4', reason: 'district level abolished', legalBasis: '72/2025/QH15', effectiveDate: '2025-07-01',
 *   target: { kind: 'shareRecognised', standard: 'district-standard-2021:9.4', population: 'districts', minCount: 10, by: '2025-06-30' } });
 * ```
 */
export const TargetRevised = defineEvent(
  'TargetRevised',
  z.strictObject({ planId: Code, targetId: Code, target: PlanTarget, reason: NonBlankText, legalBasis: LegalBasis, effectiveDate: IsoDate }),
);

/**
 * A task is assigned to an owner with a deadline.
 *
 * @example
 * ```ts
 * TaskAssigned.create({ planId: 'th-926-2022', taskId: 't1', title: 'Hướng dẫn đánh giá 19.2', owner: 'Công an tỉnh', deadline: '2022-12-31', assignedOn: '2022-10-01' });
 * ```
 */
export const TaskAssigned = defineEvent(
  'TaskAssigned',
  z.strictObject({ planId: Code, taskId: Code, title: Name, owner: Name, deadline: IsoDate, assignedOn: IsoDate }),
);

/**
 * A task is completed.
 *
 * @example
 * ```ts
 * TaskCompleted.create({ planId: 'th-926-2022', taskId: 't1', completedOn: '2022-12-15' });
 * ```
 */
export const TaskCompleted = defineEvent('TaskCompleted', z.strictObject({ planId: Code, taskId: Code, completedOn: IsoDate, note: Text.optional() }));

/**
 * A unit escalates a difficulty (khó khăn, vướng mắc).
 *
 * @example
 * ```ts
 * ObstacleRaised.create({ planId: 'th-926-2022', obstacleId: 'o1', raisedBy: '388', raisedOn: '2023-02-01', title: 'Thiếu kinh phí mô hình' });
 * ```
 */
export const ObstacleRaised = defineEvent(
  'ObstacleRaised',
  z.strictObject({ planId: Code, obstacleId: Code, raisedBy: Code, raisedOn: IsoDate, title: Name, description: Text.optional() }),
);

/**
 * An obstacle is resolved.
 *
 * @example
 * ```ts
 * ObstacleResolved.create({ planId: 'th-926-2022', obstacleId: 'o1', resolvedOn: '2023-04-01', resolution: 'Funded from the provincial budget' });
 * ```
 */
export const ObstacleResolved = defineEvent('ObstacleResolved', z.strictObject({ planId: Code, obstacleId: Code, resolvedOn: IsoDate, resolution: NonBlankText }));

/**
 * An inspection (kiểm tra) of some localities is held.
 *
 * @example
 * ```ts
 * InspectionHeld.create({ planId: 'th-926-2022', inspectionId: 'i1', heldOn: '2023-06-10', inspector: 'Công an tỉnh', localities: ['16000', '16001'] });
 * ```
 */
export const InspectionHeld = defineEvent(
  'InspectionHeld',
  z.strictObject({
    planId: Code,
    inspectionId: Code,
    heldOn: IsoDate,
    inspector: Name,
    localities: z
      .array(Code)
      .min(1)
      .superRefine((cs, ctx) => {
        cs.forEach((c, i) => {
          if (cs.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate locality ${c}` });
        });
      }),
    findings: Text.optional(),
  }),
);

/**
 * A supervising body (Fatherland Front, a mass organisation, the People's Council) records a finding.
 *
 * @example
 * ```ts
 * SupervisionFindingRecorded.create({ planId: 'th-926-2022', findingId: 'f1', by: 'fatherland-front', recordedOn: '2023-09-01', localityCode: '16000', finding: 'Mô hình tự quản hoạt động hình thức' });
 * ```
 */
export const SupervisionFindingRecorded = defineEvent(
  'SupervisionFindingRecorded',
  z.strictObject({ planId: Code, findingId: Code, by: z.enum(SUPERVISORS), recordedOn: IsoDate, localityCode: Code.optional(), finding: NonBlankText }),
);

/**
 * A periodic report is filed.
 *
 * @example
 * ```ts
 * ReportFiled.create({ planId: 'th-926-2022', reportId: 'r-2023-q3', period: { kind: 'quarter', year: 2023, number: 3 }, sender: 'Công an tỉnh', recipient: 'ministry-of-public-security', filedOn: '2023-10-05' });
 * ```
 */
export const ReportFiled = defineEvent(
  'ReportFiled',
  z.strictObject({ planId: Code, reportId: Code, period: ReportPeriod, sender: Name, recipient: z.enum(REPORT_RECIPIENTS), filedOn: IsoDate, reference: Text.max(200).optional() }),
);

/**
 * An interim (sơ kết) or final (tổng kết) review is held.
 *
 * @example
 * ```ts
 * ReviewHeld.create({ planId: 'th-926-2022', reviewId: 'rv1', kind: 'interim', heldOn: '2023-12-20', title: 'Sơ kết 01 năm thực hiện Kế hoạch' });
 * ```
 */
export const ReviewHeld = defineEvent(
  'ReviewHeld',
  z.strictObject({ planId: Code, reviewId: Code, kind: z.enum(['interim', 'final']), heldOn: IsoDate, title: Name, legalBasis: LegalBasis.optional() }),
);

/**
 * Every plan event definition.
 *
 * @example
 * ```ts
 * const registry = eventRegistry([...planEventDefinitions]);
 * ```
 */
export const planEventDefinitions = [
  PlanAdopted,
  TargetSet,
  TargetRevised,
  TaskAssigned,
  TaskCompleted,
  ObstacleRaised,
  ObstacleResolved,
  InspectionHeld,
  SupervisionFindingRecorded,
  ReportFiled,
  ReviewHeld,
] as const;

/** A stored plan event. */
export type PlanEvent = EventOf<(typeof planEventDefinitions)[number]>;
/** The `{type, data}` part of a plan event. */
export type PlanEventBody = BodyOf<PlanEvent>;

/**
 * The stream of one plan.
 *
 * @example
 * ```ts
 * planStreamId('th-926-2022'); // 'plan-th-926-2022'
 * ```
 */
export function planStreamId(planId: string): string {
  return `plan-${planId}`;
}
