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
  /**
   * The plan events with their log positions (a plan's life is a few dozen
   * events): the plans as known at a past position fold the events recorded
   * by then, from memory (see {@link plansAsOf}).
   */
  journal: Array<{ position: number; type: string; data: unknown }>;
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
  version: 2,
  handles: planEventDefinitions.map((d) => d.type),
  initialState: () => ({ plans: {}, journal: [] }),
  apply(state, event: StoredEvent) {
    evolvePlans(state.plans, event as unknown as PlanEventBody);
    state.journal.push({ position: event.position ?? 0, type: event.type, data: event.data });
  },
});

function evolvePlans(plans: Record<string, PlanState>, e: PlanEventBody): void {
  const id = (e.data as { planId: string }).planId;
  const next = evolvePlan(getOwn(plans, id) ?? null, e);
  if (next !== null) setOwn(plans, id, next);
}

/**
 * The plans as known at log position `position`: the journal's events
 * recorded by then, folded again (in memory; a plan has a few dozen events).
 *
 * @example
 * ```ts
 * plansAsOf(live, await store.positionAt('2024-01-15T23:59:59Z')).plans['th-antt-2022-2025']?.targets.length;
 * ```
 */
export function plansAsOf(state: PlansState, position: number): PlansState {
  const journal = state.journal.filter((e) => e.position <= position);
  if (journal.length === state.journal.length) return state;
  const plans: Record<string, PlanState> = {};
  for (const e of journal) evolvePlans(plans, e as unknown as PlanEventBody);
  return { plans, journal };
}
