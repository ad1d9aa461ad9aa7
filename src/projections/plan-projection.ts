/**
 * The plan read model: every plan with its targets (and revisions), tasks,
 * obstacles, inspections, supervision findings, reports and reviews.
 *
 * @module
 */
import { defineProjection, getOwn, setOwn, type StoredEvent } from '../kernel/index.js';
import { evolvePlan, planEventDefinitions, type PlanEventBody, type PlanState } from '../domain/plan/index.js';

/** The plan read model. */
export interface PlansState {
  /** planId → plan. */
  plans: Record<string, PlanState>;
}

/**
 * Folds plan events.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, planProjection);
 * state.plans['th-2022-2025']?.targets.length;
 * ```
 */
export const planProjection = defineProjection<PlansState>({
  name: 'plans',
  version: 1,
  handles: planEventDefinitions.map((d) => d.type),
  initialState: () => ({ plans: {} }),
  apply(state, event: StoredEvent) {
    const e = event as unknown as PlanEventBody;
    const id = (e.data as { planId: string }).planId;
    const next = evolvePlan(getOwn(state.plans, id) ?? null, e);
    if (next !== null) setOwn(state.plans, id, next);
  },
});
