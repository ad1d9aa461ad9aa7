/**
 * The register read model: every locality event in log order, from which the
 * effective-dated {@link LocalityHistory} is rebuilt (once per state).
 *
 * @module
 */
import { defineProjection, type StoredEvent } from '../kernel/index.js';
import { LocalityHistory, localityEventDefinitions, type LocalityEventBody } from '../domain/locality/index.js';

/** The register read model. */
export interface RegisterState {
  /** Locality events (`{type, data}`) in log order. */
  events: LocalityEventBody[];
}

/**
 * Folds the locality events of every province's register.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, registerProjection);
 * historyOf(state).hierarchyAt('2022-12-31');
 * ```
 */
export const registerProjection = defineProjection<RegisterState>({
  name: 'register',
  version: 1,
  handles: localityEventDefinitions.map((d) => d.type),
  initialState: () => ({ events: [] }),
  apply(state, event: StoredEvent) {
    state.events.push({ type: event.type, data: event.data } as LocalityEventBody);
  },
});

const histories = new WeakMap<RegisterState, LocalityHistory>();

/**
 * The {@link LocalityHistory} of a register state (built once per state object).
 *
 * @example
 * ```ts
 * historyOf(state).kindAt('15856', '2021-02-01'); // 'phuong'
 * ```
 */
export function historyOf(state: RegisterState): LocalityHistory {
  let h = histories.get(state);
  if (h === undefined) {
    h = LocalityHistory.from(state.events);
    histories.set(state, h);
  }
  return h;
}
