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

const histories = new WeakMap<RegisterState, { history: LocalityHistory; length: number }>();

/**
 * The {@link LocalityHistory} of a register state. Cached per state object and
 * extended (not rebuilt) when events were appended to a live state.
 *
 * @example
 * ```ts
 * historyOf(state).kindAt('15856', '2021-02-01'); // 'phuong'
 * ```
 */
export function historyOf(state: RegisterState): LocalityHistory {
  const hit = histories.get(state);
  if (hit !== undefined && hit.length === state.events.length) return hit.history;
  let history = hit !== undefined && hit.length < state.events.length ? hit.history : LocalityHistory.empty;
  for (let i = history.size; i < state.events.length; i++) history = history.with(state.events[i]!);
  histories.set(state, { history, length: state.events.length });
  return history;
}
