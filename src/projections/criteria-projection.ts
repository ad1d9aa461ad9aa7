/**
 * The criteria read model: every criteria set with its indicators,
 * amendments and provincial overrides, as published in the store.
 *
 * @module
 */
import { defineProjection, type StoredEvent } from '../kernel/index.js';
import { isReferenceData } from './reference-data.js';
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
export const criteriaProjection = defineProjection<CriteriaState>({
  name: 'criteria',
  version: 3,
  handles: criteriaEventDefinitions.map((d) => d.type),
  initialState: () => ({ sets: [], journal: [] }),
  apply: (state, event: StoredEvent) => ({ ...evolveCatalogue(state, event), journal: [...state.journal, { position: event.position ?? 0, reference: isReferenceData(event), type: event.type, data: event.data }] }),
});

/**
 * The criteria read model: the catalogue state, and the criteria events with
 * their log positions (a catalogue is a few dozen events), so that the
 * catalogue as known at a past position is folded again from memory.
 */
export type CriteriaState = CriteriaCatalogueState & { readonly journal: ReadonlyArray<{ readonly position: number; readonly reference: boolean; readonly type: string; readonly data: unknown }> };

/**
 * The criteria as known at log position `position`.
 *
 * @example
 * ```ts
 * catalogueOf(criteriaAsOf(live, await store.positionAt('2022-06-30T23:59:59Z'))).standard('commune-standard-2021:19.2');
 * ```
 */
export function criteriaAsOf(state: CriteriaState, position: number): CriteriaState {
  const journal = state.journal.filter((e) => knownInCriteria(e.position, e.reference, position));
  if (journal.length === state.journal.length) return state;
  let s: CriteriaCatalogueState = { sets: [] };
  for (const e of journal) s = evolveCatalogue(s, e);
  return { ...s, journal };
}

/**
 * Whether a criteria event is known as of log position `position`: recorded
 * by then, or reference data (the built-in catalogue), known whenever it was
 * loaded since its own validity dates say where it applies (decision 0007).
 *
 * @example
 * ```ts
 * knownInCriteria(1200, true, 900); // true: the built-in catalogue
 * ```
 */
export function knownInCriteria(eventPosition: number, reference: boolean, position: number): boolean {
  return eventPosition <= position || reference;
}

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
