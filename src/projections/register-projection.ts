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
  /** The log position of each event (the recorded time of the read model): the register as known at a past position is a prefix. */
  positions: number[];
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
  version: 2,
  handles: localityEventDefinitions.map((d) => d.type),
  initialState: () => ({ events: [], positions: [] }),
  apply(state, event: StoredEvent) {
    state.events.push({ type: event.type, data: event.data } as LocalityEventBody);
    state.positions.push(event.position ?? 0);
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

/** How many of a register's events were recorded at or before `position`. */
function recordedBy(state: RegisterState, position: number): number {
  let lo = 0;
  let hi = state.positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (state.positions[mid]! <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const prefixes = new WeakMap<LocalityHistory, Map<number, LocalityHistory>>();

/**
 * The register as known at log position `position` (its events recorded by
 * then) and its history: a prefix of the live register, whose history is
 * shared by every as-of question at that position (and keeps its caches).
 *
 * @example
 * ```ts
 * const { history } = registerAsOf(live, await store.positionAt('2025-01-20T23:59:59Z'));
 * history.hierarchyAt('2024-12-31');
 * ```
 */
export function registerAsOf(state: RegisterState, position: number): { state: RegisterState; history: LocalityHistory } {
  const n = recordedBy(state, position);
  const full = historyOf(state);
  if (n === state.events.length) return { state, history: full };
  let byCount = prefixes.get(full);
  if (byCount === undefined) prefixes.set(full, (byCount = new Map()));
  let history = byCount.get(n);
  if (history === undefined) {
    history = full.prefix(n);
    if (byCount.size >= 8) byCount.delete(byCount.keys().next().value!);
    byCount.set(n, history);
  }
  return { state: { events: state.events.slice(0, n), positions: state.positions.slice(0, n) }, history };
}
