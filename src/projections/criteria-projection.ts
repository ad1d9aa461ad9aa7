/**
 * The criteria read model: every criteria set with its indicators,
 * amendments and provincial overrides, as published in the store.
 *
 * @module
 */
import { defineProjection, type StoredEvent } from '../kernel/index.js';
import { CriteriaCatalogue, criteriaEventDefinitions, evolveCatalogue, type CriteriaCatalogueState } from '../domain/criteria/index.js';

/**
 * Folds criteria events into a catalogue state.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, criteriaProjection);
 * catalogueOf(state).standard('commune-standard-2021:19.2')?.appliesTo; // ['xa']
 * ```
 */
export const criteriaProjection = defineProjection<CriteriaCatalogueState>({
  name: 'criteria',
  version: 1,
  handles: criteriaEventDefinitions.map((d) => d.type),
  initialState: () => ({ sets: [] }),
  apply: (state, event: StoredEvent) => evolveCatalogue(state, event),
});

const catalogues = new WeakMap<CriteriaCatalogueState, CriteriaCatalogue>();

/**
 * The {@link CriteriaCatalogue} of a criteria state (built once per state object).
 *
 * @example
 * ```ts
 * catalogueOf(state).ruleFor('commune-standard-2021:19.2', { date: '2024-12-31', provinceCode: '38' });
 * ```
 */
export function catalogueOf(state: CriteriaCatalogueState): CriteriaCatalogue {
  let c = catalogues.get(state);
  if (c === undefined) {
    c = CriteriaCatalogue.fromState(state);
    catalogues.set(state, c);
  }
  return c;
}
