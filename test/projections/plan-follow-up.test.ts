// Issue #4 acceptance: plan follow-up — reports filed and missing against a
// schedule, open obstacles with their age, overdue tasks by owner, and
// disputes arising against those settled at the grassroots, per year.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ledger, LedgerCommand } from '../../src/ledger.js';
import type { ReportObligation } from '../../src/projections/plan-follow-up.js';
import { adoptPlan, incidents, openLedger, smallProvince } from './fixtures.js';

const PLAN = 'p-follow';
const SCHEDULE: ReportObligation[] = [
  { kind: 'quarter', recipient: 'provincial-peoples-committee' },
  { kind: 'year', recipient: 'ministry-of-public-security' },
];

const report = (reportId: string, period: { kind: 'quarter' | 'year'; year: number; number?: number }, recipient: ReportObligation['recipient'], filedOn: string): LedgerCommand => ({
  type: 'FileReport',
  planId: PLAN,
  reportId,
  period,
  sender: 'Công an tỉnh',
  recipient,
  filedOn,
});
const task = (taskId: string, owner: string, deadline: string, assignedOn = '2022-10-15'): LedgerCommand => ({ type: 'AssignTask', planId: PLAN, taskId, title: `Nhiệm vụ ${taskId}`, owner, deadline, assignedOn });
const dispute = (code: string, date: string, n: number, prefix: string, label = 'prolonged-dispute') => incidents(code, date, n, prefix, [label]);
const resolve = (incidentId: string, resolvedOn: string): LedgerCommand => ({ type: 'ResolveDisputeAtGrassroots', incidentId, resolvedOn, resolvedBy: 'Tổ hòa giải' });

async function planLedger(): Promise<Ledger> {
  const { ledger } = await openLedger('2024-02-01T00:00:00Z');
  await ledger.publishBuiltInCriteria();
  await smallProvince(ledger, [
    { code: '90001', name: 'Xã An', kind: 'xa' },
    { code: '90002', name: 'Xã Bình', kind: 'xa' },
  ]);
  await ledger.execute(adoptPlan(PLAN, '90'));
  return ledger;
}

describe('reports, obstacles and tasks', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await planLedger();
    await ledger.executeAll([
      report('q4-2022', { kind: 'quarter', year: 2022, number: 4 }, 'provincial-peoples-committee', '2023-01-10'),
      report('y-2022', { kind: 'year', year: 2022 }, 'ministry-of-public-security', '2023-01-12'),
      // Q1 2023 went to the wrong recipient: still missing for the provincial committee
      report('q1-2023-mps', { kind: 'quarter', year: 2023, number: 1 }, 'ministry-of-public-security', '2023-04-05'),
      // Q2 2023 filed late (due 2023-07-15)
      report('q2-2023', { kind: 'quarter', year: 2023, number: 2 }, 'provincial-peoples-committee', '2023-07-20'),
      { type: 'RaiseObstacle', planId: PLAN, obstacleId: 'o1', raisedBy: '90001', raisedOn: '2023-02-01', title: 'Thiếu kinh phí' },
      { type: 'ResolveObstacle', planId: PLAN, obstacleId: 'o1', resolvedOn: '2023-05-01', resolution: 'Cấp bổ sung kinh phí' },
      { type: 'RaiseObstacle', planId: PLAN, obstacleId: 'o2', raisedBy: '90002', raisedOn: '2023-03-15', title: 'Thiếu camera' },
      { type: 'RaiseObstacle', planId: PLAN, obstacleId: 'o3', raisedBy: '901', raisedOn: '2023-09-01', title: 'Chồng chéo nhiệm vụ' },
      { type: 'ResolveObstacle', planId: PLAN, obstacleId: 'o3', resolvedOn: '2024-01-10', resolution: 'Phân công lại' },
      task('t1', 'Công an tỉnh', '2023-03-31'),
      task('t2', 'Công an tỉnh', '2023-06-30'),
      { type: 'CompleteTask', planId: PLAN, taskId: 't2', completedOn: '2023-07-10' },
      task('t3', 'UBND huyện', '2023-11-30'),
      task('t4', 'Công an tỉnh', '2023-12-15'),
      task('t5', 'UBND huyện', '2024-03-31'),
      task('t6', 'UBND huyện', '2024-06-30', '2024-01-05'),
    ]);
  });

  it('on 2023-12-31: missing reports with their lateness; late but filed reports are filed', async () => {
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(f.date).toBe('2023-12-31');
    expect(f.reports.filed.map((r) => r.reportId)).toEqual(['q4-2022', 'y-2022', 'q1-2023-mps', 'q2-2023']);
    // Q1-Q3 2022 ended before the adoption (2022-10-01); Q4 2023 and the 2023 yearly report are not due before 2024-01-15
    expect(f.reports.missing).toEqual([
      { period: '2023-Q1', kind: 'quarter', recipient: 'provincial-peoples-committee', dueBy: '2023-04-15', daysLate: 260 },
      { period: '2023-Q3', kind: 'quarter', recipient: 'provincial-peoples-committee', dueBy: '2023-10-15', daysLate: 77 },
    ]);
  });

  it('on 2023-07-18: a report filed later (2023-07-20) is still missing that day', async () => {
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-07-18', schedule: SCHEDULE });
    expect(f.reports.filed.map((r) => r.reportId)).toEqual(['q4-2022', 'y-2022', 'q1-2023-mps']);
    expect(f.reports.missing.map((m) => [m.period, m.daysLate])).toEqual([
      ['2023-Q1', 94],
      ['2023-Q2', 3],
    ]);
  });

  it('open obstacles with their age, oldest first; one resolved after the date is still open on it', async () => {
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(f.obstacles.open.map((o) => [o.obstacleId, o.raisedBy, o.ageDays])).toEqual([
      ['o2', '90002', 291],
      ['o3', '901', 121],
    ]);
    expect(f.obstacles.resolved).toBe(1);
    const later = await ledger.planFollowUp({ planId: PLAN, date: '2024-01-31', schedule: SCHEDULE });
    expect(later.obstacles.open.map((o) => [o.obstacleId, o.ageDays])).toEqual([['o2', 322]]);
    expect(later.obstacles.resolved).toBe(2);
  });

  it('overdue tasks by owner (most overdue first); completed late counted; tasks assigned after the date ignored', async () => {
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(f.tasks.open).toBe(4);
    expect(f.tasks.completed).toBe(1);
    expect(f.tasks.completedLate).toBe(1);
    expect(f.tasks.overdueByOwner.map((o) => [o.owner, o.tasks.map((t) => [t.taskId, t.daysOverdue])])).toEqual([
      [
        'Công an tỉnh',
        [
          ['t1', 275],
          ['t4', 16],
        ],
      ],
      ['UBND huyện', [['t3', 31]]],
    ]);
  });
});

describe('disputes arising and settled at the grassroots, per year', () => {
  it('counts by year of occurrence (arising) and of resolution (settled), with share and change', async () => {
    const ledger = await planLedger();
    await ledger.executeAll([
      ...dispute('90001', '2021-05-15', 2, 'd21'),
      ...dispute('90001', '2022-03-15', 3, 'd22'),
      ...dispute('90002', '2022-04-15', 1, 'm22', 'mass-complaint'),
      ...dispute('90002', '2023-02-15', 5, 'd23'),
      // not a dispute: never counted
      ...incidents('90001', '2023-02-15', 4, 'c23'),
    ]);
    await ledger.executeAll([
      resolve('d21-90001-2021-05-15-0', '2022-02-01'),
      resolve('d22-90001-2022-03-15-0', '2022-06-01'),
      resolve('m22-90002-2022-04-15-0', '2022-06-20'),
      resolve('d22-90001-2022-03-15-1', '2023-01-10'),
      resolve('d23-90002-2023-02-15-0', '2023-03-01'),
      resolve('d23-90002-2023-02-15-1', '2023-03-01'),
      resolve('d23-90002-2023-02-15-2', '2023-08-20'),
    ]);
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(f.disputes).toEqual([
      { year: 2022, arising: 4, settledAtGrassroots: 3, sharePercent: 75, arisingChangePercent: 100 },
      { year: 2023, arising: 5, settledAtGrassroots: 4, sharePercent: 80, arisingChangePercent: 25 },
    ]);
  });

  it('a settled dispute later found not to be a dispute (reclassified) no longer counts as arising nor as settled', async () => {
    const ledger = await planLedger();
    await ledger.executeAll(dispute('90001', '2023-02-15', 2, 'd'));
    await ledger.execute(resolve('d-90001-2023-02-15-0', '2023-03-01'));
    const before = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(before.disputes.find((d) => d.year === 2023)).toMatchObject({ arising: 2, settledAtGrassroots: 1 });
    await ledger.execute({ type: 'ReclassifyIncident', incidentId: 'd-90001-2023-02-15-0', labels: ['crime.social-order'], reason: 'a crime, not a civil dispute' });
    const after = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(after.disputes.find((d) => d.year === 2023)).toMatchObject({ arising: 1, settledAtGrassroots: 0 });
  });

  it('a retracted settled dispute counts neither as arising nor as settled', async () => {
    const ledger = await planLedger();
    await ledger.executeAll(dispute('90001', '2023-02-15', 2, 'd'));
    await ledger.execute(resolve('d-90001-2023-02-15-0', '2023-03-01'));
    await ledger.execute({ type: 'RetractIncident', incidentId: 'd-90001-2023-02-15-0', reason: 'recorded twice' });
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-12-31', schedule: SCHEDULE });
    expect(f.disputes.find((d) => d.year === 2023)).toMatchObject({ arising: 1, settledAtGrassroots: 0 });
  });

  it('the follow-up on a date counts only disputes arising and settled by that date (as obstacles and tasks are)', async () => {
    const ledger = await planLedger();
    await ledger.executeAll([...dispute('90001', '2023-02-15', 2, 'a'), ...dispute('90001', '2023-09-15', 3, 'b')]);
    await ledger.executeAll([resolve('a-90001-2023-02-15-0', '2023-03-01'), resolve('a-90001-2023-02-15-1', '2023-10-01')]);
    const f = await ledger.planFollowUp({ planId: PLAN, date: '2023-06-30', schedule: SCHEDULE });
    // on 30 June 2023: two disputes had arisen, one was settled
    expect(f.disputes.find((d) => d.year === 2023)).toMatchObject({ arising: 2, settledAtGrassroots: 1 });
  });
});
