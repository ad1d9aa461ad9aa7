import { describe, expect, it } from 'vitest';
import { BUILT_IN_METRICS } from '../../../src/domain/incident/index.js';
import {
  PLAN_ERROR_CODES,
  PlanAdopted,
  planDecider,
  planState,
  planStreamId,
  reportPeriodDates,
  targetInForce,
  type PlanCommand,
  type PlanEventBody,
  type PlanTarget,
} from '../../../src/domain/plan/index.js';
import { formatPath, isValidationError, type ValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';
import { localities, standards } from '../recognition/fixtures.js';

const decider = planDecider({ standards, metrics: BUILT_IN_METRICS });
const spec = deciderSpec(decider);
const withRegister = deciderSpec(planDecider({ standards, metrics: BUILT_IN_METRICS, localities }));

const P = 'th-926-2022';
type Body<T extends PlanEventBody['type']> = Extract<PlanEventBody, { type: T }>['data'];
type Cmd<T extends PlanCommand['type']> = Extract<PlanCommand, { type: T }>;

const adoptedData: Body<'PlanAdopted'> = {
  planId: P,
  title: { vi: 'Kế hoạch thực hiện Chương trình 926 trên địa bàn tỉnh Thanh Hóa', en: 'Thanh Hóa plan implementing programme 926' },
  legalBasis: '926/QĐ-TTg',
  issuer: 'UBND tỉnh Thanh Hóa',
  provinceCode: '38',
  period: { fromYear: 2022, toYear: 2025 },
  baselineYear: 2019,
  adoptedOn: '2022-10-01',
};
const adopted: PlanEventBody = { type: 'PlanAdopted', data: adoptedData };
const adopt = (over: Partial<Cmd<'AdoptPlan'>> = {}): PlanCommand => ({ type: 'AdoptPlan', ...adoptedData, ...over });

const share99 = { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' } as const;
const cut5 = { kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5, each: 'commune', by: '2025-12-31' } as const;
const yoy = { kind: 'yearOnYearReduction', metrics: ['all-crime', 'social-evils', 'traffic-accidents'], scope: 'province', fromYear: 2022, toYear: 2025 } satisfies PlanTarget;

const setTarget = (targetId: string, target: Cmd<'SetTarget'>['target']): PlanCommand => ({ type: 'SetTarget', planId: P, targetId, description: { vi: `Mục tiêu ${targetId}` }, target });
const targetSet = (targetId: string, target: Body<'TargetSet'>['target']): PlanEventBody => ({ type: 'TargetSet', data: { planId: P, targetId, description: { vi: `Mục tiêu ${targetId}` }, target } });
const revise = (targetId: string, target: Cmd<'ReviseTarget'>['target'], effectiveDate = '2024-01-01'): PlanCommand => ({
  type: 'ReviseTarget',
  planId: P,
  targetId,
  target,
  reason: 'provincial decision',
  legalBasis: '12/QĐ-UBND',
  effectiveDate,
});
const revised = (targetId: string, target: Body<'TargetRevised'>['target'], effectiveDate = '2024-01-01'): PlanEventBody => ({
  type: 'TargetRevised',
  data: { planId: P, targetId, target, reason: 'provincial decision', legalBasis: '12/QĐ-UBND', effectiveDate },
});

const task = { planId: P, taskId: 't1', title: 'Hướng dẫn đánh giá chỉ tiêu 19.2', owner: 'Công an tỉnh', deadline: '2022-12-31', assignedOn: '2022-10-05' };
const taskAssigned: PlanEventBody = { type: 'TaskAssigned', data: task };
const taskCompleted: PlanEventBody = { type: 'TaskCompleted', data: { planId: P, taskId: 't1', completedOn: '2022-12-15' } };
const obstacle = { planId: P, obstacleId: 'o1', raisedBy: '380', raisedOn: '2023-02-01', title: 'Thiếu kinh phí xây dựng mô hình' };
const obstacleRaised: PlanEventBody = { type: 'ObstacleRaised', data: obstacle };
const obstacleResolved: PlanEventBody = { type: 'ObstacleResolved', data: { planId: P, obstacleId: 'o1', resolvedOn: '2023-04-01', resolution: 'Funded from the provincial budget' } };
const report = { planId: P, reportId: 'r-2023-q3', period: { kind: 'quarter', year: 2023, number: 3 }, sender: 'Công an tỉnh', recipient: 'ministry-of-public-security', filedOn: '2023-10-05' } as const;
const reportFiled: PlanEventBody = { type: 'ReportFiled', data: report };
const inspection = { planId: P, inspectionId: 'i1', heldOn: '2023-06-10', inspector: 'Công an tỉnh', localities: ['16000', '16001'] };
const finding = { planId: P, findingId: 'f1', by: 'fatherland-front', recordedOn: '2023-09-01', localityCode: '16000', finding: 'Mô hình tự quản hoạt động hình thức' } as const;
const finalReview: PlanEventBody = { type: 'ReviewHeld', data: { planId: P, reviewId: 'rv2', kind: 'final', heldOn: '2025-12-20', title: 'Tổng kết' } };

const covered = new Set<string>();
const rejects = (given: PlanEventBody[], command: PlanCommand, code: (typeof PLAN_ERROR_CODES)[number], details?: Record<string, unknown>, s = spec): void => {
  covered.add(code);
  s.given(given).when(command).thenThrows(code, details);
};

function validationErrorOf(command: unknown, given: PlanEventBody[] = [adopted]): ValidationError {
  try {
    let s = decider.initialState;
    for (const e of given) s = decider.evolve(s, e);
    decider.decide(command as PlanCommand, s);
  } catch (e) {
    if (isValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('plan decider: AdoptPlan', () => {
  it('adopts a plan', () => {
    spec.given([]).when(adopt()).then([adopted]);
    expect(PlanAdopted.schema.safeParse(adoptedData).success).toBe(true);
  });

  it('checks the province against the register when one is given', () => {
    withRegister.given([]).when(adopt()).then([adopted]);
    rejects([], adopt({ provinceCode: '380' }), 'locality_not_province', { kind: 'thanh-pho' }, withRegister);
    rejects([], adopt({ provinceCode: '40' }), 'locality_not_found_on_date', { localityCode: '40' }, withRegister);
  });

  it('refuses a second adoption: plan_exists', () => {
    rejects([adopted], adopt(), 'plan_exists');
  });

  it('refuses a baseline after the plan starts: baseline_year_after_plan', () => {
    rejects([], adopt({ baselineYear: 2023 }), 'baseline_year_after_plan');
    spec.given([]).when(adopt({ baselineYear: 2022 })).then([{ type: 'PlanAdopted', data: { ...adoptedData, baselineYear: 2022 } }]);
  });

  it('refuses an adoption after the plan period: date_outside_plan', () => {
    rejects([], adopt({ adoptedOn: '2026-01-01' }), 'date_outside_plan', { field: 'adoptedOn' });
  });

  it('lists every invalid field of the plan', () => {
    const e = validationErrorOf({ ...adopt(), period: { fromYear: 2025, toYear: 2022 }, adoptedOn: '2022-02-30', title: { vi: '' } }, []);
    expect(e.entity).toBe(`plan ${P}`);
    expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['adoptedOn', 'period.toYear', 'title.vi']);
  });
});

describe('plan decider: targets', () => {
  it('sets targets of each kind', () => {
    spec.given([adopted]).when(setTarget('communes-19-2', share99)).then([targetSet('communes-19-2', share99)]);
    spec.given([adopted]).when(setTarget('crime-5', cut5)).then([targetSet('crime-5', cut5)]);
    spec.given([adopted]).when(setTarget('yoy', yoy)).then([targetSet('yoy', yoy)]);
    const count = { kind: 'shareRecognised', standard: 'district-standard-2021:9.4', population: 'districts', minCount: 6, by: '2025-12-31' } as const;
    spec.given([adopted]).when(setTarget('districts-9-4', count)).then([targetSet('districts-9-4', count)]);
  });

  it('refuses commands on a plan not adopted: plan_not_found', () => {
    rejects([], setTarget('x', share99), 'plan_not_found');
  });

  it('refuses a target id already used: target_exists', () => {
    rejects([adopted, targetSet('crime-5', cut5)], setTarget('crime-5', share99), 'target_exists');
  });

  it('refuses an unknown standard: unknown_standard', () => {
    rejects([adopted], setTarget('x', { ...share99, standard: 'commune-model-2021:19.2' }), 'unknown_standard');
  });

  it('refuses a standard counted over the wrong population: standard_population_mismatch', () => {
    rejects([adopted], setTarget('x', { ...share99, population: 'districts' }), 'standard_population_mismatch', { scope: 'commune' });
    rejects([adopted], setTarget('x', { ...share99, standard: 'district-standard-2021:9.4' }), 'standard_population_mismatch');
    rejects([adopted], setTarget('x', { ...share99, standard: 'antt-safe-residential:art4' }), 'standard_population_mismatch');
  });

  it('refuses an unknown metric: unknown_metric', () => {
    rejects([adopted], setTarget('x', { ...cut5, metric: 'murders' }), 'unknown_metric', { metrics: ['murders'] });
    rejects([adopted], setTarget('x', { ...yoy, metrics: ['all-crime', 'fights', 'thefts'] }), 'unknown_metric', { metrics: ['fights', 'thefts'] });
  });

  it('refuses a target baseline after the plan starts: baseline_year_after_plan', () => {
    rejects([adopted], setTarget('x', { ...cut5, baselineYear: 2023 }), 'baseline_year_after_plan');
  });

  it('refuses deadlines outside the plan period: target_before_plan_period, target_after_plan_period', () => {
    rejects([adopted], setTarget('x', { ...share99, by: '2021-12-31' }), 'target_before_plan_period');
    rejects([adopted], setTarget('x', { ...yoy, fromYear: 2021 }), 'target_before_plan_period');
    rejects([adopted], setTarget('x', { ...cut5, by: '2026-01-01' }), 'target_after_plan_period');
    rejects([adopted], setTarget('x', { ...yoy, toYear: 2026 }), 'target_after_plan_period');
  });

  it('validates the target shape: exactly one of minPercent and minCount, toYear ≥ fromYear, known kind', () => {
    const both = validationErrorOf(setTarget('x', { ...share99, minCount: 5 }));
    expect(both.issues.map((i) => [formatPath(i.path), i.message])).toEqual([['target.minPercent', 'give exactly one of minPercent and minCount']]);
    const { minPercent: _p, ...neither } = share99;
    expect(validationErrorOf(setTarget('x', neither)).issues.map((i) => formatPath(i.path))).toEqual(['target.minPercent']);
    expect(validationErrorOf(setTarget('x', { ...yoy, fromYear: 2025, toYear: 2024 })).issues.map((i) => formatPath(i.path))).toEqual(['target.toYear']);
    expect(validationErrorOf(setTarget('x', { ...cut5, minPercent: 5.123, each: 'village' } as never)).issues.map((i) => formatPath(i.path)).sort()).toEqual(['target.each', 'target.minPercent']);
    expect(validationErrorOf(setTarget('x', { kind: 'zeroCrime' } as never)).issues.map((i) => formatPath(i.path))).toEqual(['target.kind']);
  });

  it('revises a target', () => {
    const revisedTarget = { ...cut5, minPercent: 7 };
    spec.given([adopted, targetSet('crime-5', cut5)]).when(revise('crime-5', revisedTarget)).then([revised('crime-5', revisedTarget)]);
  });

  it('refuses to revise an unknown target: target_not_found', () => {
    rejects([adopted], revise('crime-5', cut5), 'target_not_found');
  });

  it('refuses a revision into another kind: target_kind_changed', () => {
    rejects([adopted, targetSet('crime-5', cut5)], revise('crime-5', share99), 'target_kind_changed', { from: 'reductionVsBaseline', to: 'shareRecognised' });
  });

  it('refuses a revision equal to the current target: no_change', () => {
    rejects([adopted, targetSet('crime-5', cut5)], revise('crime-5', { ...cut5 }), 'no_change');
  });

  it('refuses a revision effective before the last one: revision_out_of_order', () => {
    rejects([adopted, targetSet('crime-5', cut5), revised('crime-5', { ...cut5, minPercent: 7 }, '2024-01-01')], revise('crime-5', { ...cut5, minPercent: 6 }, '2023-12-31'), 'revision_out_of_order');
  });

  it('refuses a revision effective before the plan: date_before_adoption', () => {
    rejects([adopted, targetSet('crime-5', cut5)], revise('crime-5', { ...cut5, minPercent: 7 }, '2022-09-30'), 'date_before_adoption', { field: 'effectiveDate' });
  });

  it('checks the revised target like a new one', () => {
    rejects([adopted, targetSet('crime-5', cut5)], revise('crime-5', { ...cut5, metric: 'murders' }), 'unknown_metric');
  });
});

describe('plan decider: tasks', () => {
  it('assigns and completes a task', () => {
    spec.given([adopted]).when({ type: 'AssignTask', ...task }).then([taskAssigned]);
    spec.given([adopted, taskAssigned]).when({ type: 'CompleteTask', planId: P, taskId: 't1', completedOn: '2022-12-15' }).then([taskCompleted]);
  });

  it('refuses a task id already used: task_exists', () => {
    rejects([adopted, taskAssigned], { type: 'AssignTask', ...task }, 'task_exists');
  });

  it('refuses a task assigned before the plan: date_before_adoption', () => {
    rejects([adopted], { type: 'AssignTask', ...task, assignedOn: '2022-09-30' }, 'date_before_adoption', { field: 'assignedOn' });
  });

  it('refuses a deadline before the assignment: deadline_before_assignment', () => {
    rejects([adopted], { type: 'AssignTask', ...task, deadline: '2022-10-04' }, 'deadline_before_assignment');
  });

  it('refuses to complete an unknown task: task_not_found', () => {
    rejects([adopted], { type: 'CompleteTask', planId: P, taskId: 't1', completedOn: '2022-12-15' }, 'task_not_found');
  });

  it('refuses to complete a task twice: task_already_completed', () => {
    rejects([adopted, taskAssigned, taskCompleted], { type: 'CompleteTask', planId: P, taskId: 't1', completedOn: '2022-12-20' }, 'task_already_completed');
  });

  it('refuses a completion before the assignment: completed_before_assigned', () => {
    rejects([adopted, taskAssigned], { type: 'CompleteTask', planId: P, taskId: 't1', completedOn: '2022-10-04' }, 'completed_before_assigned');
  });
});

describe('plan decider: obstacles', () => {
  it('raises and resolves an obstacle', () => {
    spec.given([adopted]).when({ type: 'RaiseObstacle', ...obstacle }).then([obstacleRaised]);
    spec.given([adopted, obstacleRaised]).when({ type: 'ResolveObstacle', planId: P, obstacleId: 'o1', resolvedOn: '2023-04-01', resolution: 'Funded from the provincial budget' }).then([obstacleResolved]);
  });

  it('refuses an obstacle id already used: obstacle_exists', () => {
    rejects([adopted, obstacleRaised], { type: 'RaiseObstacle', ...obstacle }, 'obstacle_exists');
  });

  it('refuses to resolve an unknown obstacle: obstacle_not_found', () => {
    rejects([adopted], { type: 'ResolveObstacle', planId: P, obstacleId: 'o1', resolvedOn: '2023-04-01', resolution: 'x' }, 'obstacle_not_found');
  });

  it('refuses to resolve twice: obstacle_already_resolved', () => {
    rejects([adopted, obstacleRaised, obstacleResolved], { type: 'ResolveObstacle', planId: P, obstacleId: 'o1', resolvedOn: '2023-05-01', resolution: 'x' }, 'obstacle_already_resolved');
  });

  it('refuses a resolution before the obstacle was raised: resolved_before_raised', () => {
    rejects([adopted, obstacleRaised], { type: 'ResolveObstacle', planId: P, obstacleId: 'o1', resolvedOn: '2023-01-31', resolution: 'x' }, 'resolved_before_raised');
  });
});

describe('plan decider: inspections and supervision findings', () => {
  it('records an inspection and a finding', () => {
    spec.given([adopted]).when({ type: 'RecordInspection', ...inspection }).then([{ type: 'InspectionHeld', data: inspection }]);
    spec.given([adopted]).when({ type: 'RecordSupervisionFinding', ...finding }).then([{ type: 'SupervisionFindingRecorded', data: finding }]);
    withRegister.given([adopted]).when({ type: 'RecordInspection', ...inspection }).then([{ type: 'InspectionHeld', data: inspection }]);
  });

  it('refuses ids already used: inspection_exists, finding_exists', () => {
    rejects([adopted, { type: 'InspectionHeld', data: inspection }], { type: 'RecordInspection', ...inspection }, 'inspection_exists');
    rejects([adopted, { type: 'SupervisionFindingRecorded', data: finding }], { type: 'RecordSupervisionFinding', ...finding }, 'finding_exists');
  });

  it('refuses localities that did not exist on the day, when a register is given', () => {
    rejects([adopted], { type: 'RecordInspection', ...inspection, localities: ['16000', '16003'] }, 'locality_not_found_on_date', { localityCode: '16003' }, withRegister);
    rejects([adopted], { type: 'RecordSupervisionFinding', ...finding, localityCode: '16004' }, 'locality_not_found_on_date', { localityCode: '16004' }, withRegister);
  });

  it('refuses activity dated before the plan: date_before_adoption', () => {
    rejects([adopted], { type: 'RecordInspection', ...inspection, heldOn: '2022-01-10' }, 'date_before_adoption');
    rejects([adopted], { type: 'RecordSupervisionFinding', ...finding, recordedOn: '2022-01-10' }, 'date_before_adoption');
    rejects([adopted], { type: 'RaiseObstacle', ...obstacle, raisedOn: '2022-01-10' }, 'date_before_adoption');
  });

  it('lists duplicate inspected localities', () => {
    const e = validationErrorOf({ type: 'RecordInspection', ...inspection, localities: ['16000', '16000'], by: 'x' });
    expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['(root)', 'localities[1]']);
  });
});

describe('plan decider: reports and reviews', () => {
  it('files a report', () => {
    spec.given([adopted]).when({ type: 'FileReport', ...report }).then([reportFiled]);
    const yearly = { ...report, reportId: 'r-2023', period: { kind: 'year', year: 2023 } } as const;
    spec.given([adopted, reportFiled]).when({ type: 'FileReport', ...yearly }).then([{ type: 'ReportFiled', data: yearly }]);
  });

  it('refuses a report id already used: report_exists', () => {
    rejects([adopted, reportFiled], { type: 'FileReport', ...report, period: { kind: 'quarter', year: 2023, number: 4 }, filedOn: '2024-01-05' }, 'report_exists');
  });

  it('refuses the same period, sender and recipient twice: duplicate_report', () => {
    rejects([adopted, reportFiled], { type: 'FileReport', ...report, reportId: 'r-2023-q3-bis' }, 'duplicate_report', { duplicateOf: 'r-2023-q3' });
    spec
      .given([adopted, reportFiled])
      .when({ type: 'FileReport', ...report, reportId: 'r-2023-q3-ubnd', recipient: 'provincial-peoples-committee' })
      .then([{ type: 'ReportFiled', data: { ...report, reportId: 'r-2023-q3-ubnd', recipient: 'provincial-peoples-committee' } }]);
  });

  it('refuses a report filed before its period begins: report_before_period', () => {
    rejects([adopted], { type: 'FileReport', ...report, filedOn: '2023-06-30' }, 'report_before_period', { periodStart: '2023-07-01' });
  });

  it('refuses a report on a year outside the plan: date_outside_plan', () => {
    rejects([adopted], { type: 'FileReport', ...report, period: { kind: 'year', year: 2021 } }, 'date_outside_plan', { field: 'period' });
  });

  it('refuses a report filed before the plan: date_before_adoption', () => {
    rejects([adopted], { type: 'FileReport', ...report, period: { kind: 'month', year: 2022, number: 9 }, filedOn: '2022-09-20' }, 'date_before_adoption');
  });

  it('validates the report period number', () => {
    expect(validationErrorOf({ type: 'FileReport', ...report, period: { kind: 'quarter', year: 2023, number: 5 } }).issues.map((i) => formatPath(i.path))).toEqual(['period.number']);
    expect(validationErrorOf({ type: 'FileReport', ...report, period: { kind: 'year', year: 2023, number: 1 } }).issues.map((i) => formatPath(i.path))).toEqual(['period.number']);
    expect(validationErrorOf({ type: 'FileReport', ...report, period: { kind: 'month', year: 2023 }, recipient: 'ubnd' }).issues.map((i) => formatPath(i.path)).sort()).toEqual(['period.number', 'recipient']);
  });

  it('records reviews', () => {
    const interim = { planId: P, reviewId: 'rv1', kind: 'interim', heldOn: '2023-12-20', title: 'Sơ kết 01 năm', legalBasis: '45/KH-CAT' } as const;
    spec.given([adopted]).when({ type: 'RecordReview', ...interim }).then([{ type: 'ReviewHeld', data: interim }]);
    spec.given([adopted, finalReview]).when({ type: 'RecordReview', ...interim, reviewId: 'rv3' }).then([{ type: 'ReviewHeld', data: { ...interim, reviewId: 'rv3' } }]);
  });

  it('refuses a review id already used: review_exists', () => {
    rejects([adopted, finalReview], { type: 'RecordReview', planId: P, reviewId: 'rv2', kind: 'interim', heldOn: '2025-12-21', title: 'x' }, 'review_exists');
  });

  it('refuses a second final review: final_review_exists', () => {
    rejects([adopted, finalReview], { type: 'RecordReview', planId: P, reviewId: 'rv4', kind: 'final', heldOn: '2026-01-10', title: 'Tổng kết (lần 2)' }, 'final_review_exists');
  });

  it('refuses a review before the plan: date_before_adoption', () => {
    rejects([adopted], { type: 'RecordReview', planId: P, reviewId: 'rv1', kind: 'interim', heldOn: '2022-09-30', title: 'x' }, 'date_before_adoption', { field: 'heldOn' });
  });
});

describe('planState', () => {
  const events: PlanEventBody[] = [
    adopted,
    targetSet('crime-5', cut5),
    targetSet('communes-19-2', share99),
    revised('crime-5', { ...cut5, minPercent: 7 }, '2024-01-01'),
    revised('crime-5', { ...cut5, minPercent: 8, each: 'province' }, '2025-07-01'),
    taskAssigned,
    { type: 'TaskAssigned', data: { ...task, taskId: 't2', deadline: '2023-06-30' } },
    taskCompleted,
    obstacleRaised,
    obstacleResolved,
    { type: 'InspectionHeld', data: inspection },
    { type: 'SupervisionFindingRecorded', data: finding },
    reportFiled,
    finalReview,
  ];
  const plan = planState(events)!;

  it('folds the plan with its targets, tasks, obstacles, inspections, findings, reports and reviews', () => {
    expect(plan.planId).toBe(P);
    expect(plan.targets.map((t) => [t.targetId, t.revisions.length])).toEqual([
      ['crime-5', 2],
      ['communes-19-2', 0],
    ]);
    expect(plan.targets[0]!.current).toEqual({ ...cut5, minPercent: 8, each: 'province' });
    expect(plan.targets[0]!.initial).toEqual(cut5);
    expect(plan.tasks.map((t) => [t.taskId, t.completedOn ?? null])).toEqual([
      ['t1', '2022-12-15'],
      ['t2', null],
    ]);
    expect(plan.obstacles[0]).toMatchObject({ obstacleId: 'o1', resolvedOn: '2023-04-01' });
    expect(plan.inspections).toHaveLength(1);
    expect(plan.findings[0]).toMatchObject({ by: 'fatherland-front', localityCode: '16000' });
    expect(plan.reports[0]).toMatchObject({ reportId: 'r-2023-q3', period: { kind: 'quarter', year: 2023, number: 3 } });
    expect(plan.reviews[0]).toMatchObject({ kind: 'final' });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('gives the target in force on a day', () => {
    const t = plan.targets[0]!;
    expect(targetInForce(t, '2023-12-31')).toEqual(cut5);
    expect(targetInForce(t, '2024-01-01')).toMatchObject({ minPercent: 7 });
    expect(targetInForce(t, '2025-12-31')).toMatchObject({ minPercent: 8, each: 'province' });
  });

  it('is undefined before adoption and ignores events before it', () => {
    expect(planState([])).toBeUndefined();
    expect(planState([taskAssigned])).toBeUndefined();
  });

  it('gives report period dates and the stream id', () => {
    expect(reportPeriodDates({ kind: 'quarter', year: 2023, number: 3 })).toEqual({ from: '2023-07-01', to: '2023-09-30' });
    expect(reportPeriodDates({ kind: 'month', year: 2024, number: 2 })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(reportPeriodDates({ kind: 'half-year', year: 2023, number: 2 })).toEqual({ from: '2023-07-01', to: '2023-12-31' });
    expect(reportPeriodDates({ kind: 'year', year: 2023 })).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(planStreamId(P)).toBe('plan-th-926-2022');
  });
});

describe('plan error codes', () => {
  it('every code has a test', () => {
    expect([...covered].sort()).toEqual([...PLAN_ERROR_CODES].sort());
  });
});
