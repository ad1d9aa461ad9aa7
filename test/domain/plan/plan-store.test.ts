// The plan decider through `handle` on the memory store.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../adapters/memory/index.js';
import { BUILT_IN_METRICS } from '../../../src/domain/incident/index.js';
import { planDecider, planEventDefinitions, planState, planStreamId, type PlanEventBody } from '../../../src/domain/plan/index.js';
import { eventRegistry, handle } from '../../../src/kernel/index.js';
import { standards } from '../recognition/fixtures.js';

describe('plan decider with a store', () => {
  it('adopts a plan with targets and follow-up, and folds it back', async () => {
    const store = memoryStore({ events: eventRegistry(planEventDefinitions) });
    const decider = planDecider({ standards, metrics: BUILT_IN_METRICS });
    const s = planStreamId('p1');
    await handle(store, s, decider, { type: 'AdoptPlan', planId: 'p1', title: { vi: 'Kế hoạch 2022-2025' }, legalBasis: '926/QĐ-TTg', issuer: 'UBND tỉnh Thanh Hóa', provinceCode: '38', period: { fromYear: 2022, toYear: 2025 }, baselineYear: 2019, adoptedOn: '2022-10-01' });
    await handle(store, s, decider, { type: 'SetTarget', planId: 'p1', targetId: 'c', description: { vi: '99% số xã đạt 19.2' }, target: { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' } });
    await handle(store, s, decider, { type: 'FileReport', planId: 'p1', reportId: 'r1', period: { kind: 'half-year', year: 2023, number: 1 }, sender: 'Công an tỉnh', recipient: 'provincial-peoples-committee', filedOn: '2023-06-20' });
    const events: PlanEventBody[] = [];
    for await (const e of store.readStream(s)) events.push(e as unknown as PlanEventBody);
    const plan = planState(events);
    expect(plan?.targets.map((t) => t.targetId)).toEqual(['c']);
    expect(plan?.reports.map((r) => r.period)).toEqual([{ kind: 'half-year', year: 2023, number: 1 }]);
    await store.close();
  });
});
