/**
 * The register read model: every locality event in log order, from which the
 * effective-dated {@link LocalityHistory} is rebuilt (once per state).
 *
 * @module
 */
import { defineProjection, type StoredEvent } from '../kernel/index.js';
import { LocalityHistory, localityEventDefinitions, type LocalityEventBody } from '../domain/locality/index.js';
import type { IsoDate } from '../domain/shared/values.js';
import { isReferenceData } from './reference-data.js';

/** The register read model. */
export interface RegisterState {
  /** Locality events (`{type, data}`) in log order. */
  events: LocalityEventBody[];
  /** The log position of each event (the recorded time of the read model): the register as known at a past position is a prefix. */
  positions: number[];
  /**
   * For reference data (events appended as `source: { api: 'reference-data' }`,
   * such as the GSO register), the day it is known from: its effective date
   * (decision 0007). `null` for a recording, known from when it was recorded.
   */
  knownFrom: Array<IsoDate | null>;
}

/**
 * The day a reference event is known from: its effective date; a fact with
 * none (a receiver, shares) from its step's date, else always. `null` for an
 * event that is not reference data (known from when it was recorded).
 *
 * @example
 * ```ts
 * referenceKnownFrom({ data: { effectiveDate: '2025-07-01' }, metadata: { source: { api: 'reference-data' } } }); // '2025-07-01'
 * ```
 */
export function referenceKnownFrom(event: Pick<StoredEvent, 'data' | 'metadata'>): IsoDate | null {
  if (!isReferenceData(event)) return null;
  const d = event.data as { effectiveDate?: unknown; date?: unknown };
  return typeof d.effectiveDate === 'string' ? d.effectiveDate : typeof d.date === 'string' ? d.date : '0000-01-01';
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
  version: 3,
  handles: localityEventDefinitions.map((d) => d.type),
  initialState: () => ({ events: [], positions: [], knownFrom: [] }),
  apply(state, event: StoredEvent) {
    state.events.push({ type: event.type, data: event.data } as LocalityEventBody);
    state.positions.push(event.position ?? 0);
    state.knownFrom.push(referenceKnownFrom(event));
  },
});

/**
 * Whether a register event is known as of log position `position` on day
 * `day`: recorded by then, or reference data in force by then (decision
 * 0007). The view and the refold of `readModelsAsOf` both ask it.
 *
 * @example
 * ```ts
 * knownInRegister(1200, '2025-07-01', 900, '2024-01-15'); // false: loaded later, in force later
 * ```
 */
export function knownInRegister(eventPosition: number, knownFrom: IsoDate | null, position: number, day: IsoDate): boolean {
  return eventPosition <= position || (knownFrom !== null && knownFrom <= day);
}

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

const prefixes = new WeakMap<LocalityHistory, Map<string, LocalityHistory>>();

/**
 * The register as known at log position `position` on day `day` (of the
 * province's time): its events recorded by then, and the reference data in
 * force by then, whenever it was loaded (decision 0007). When that is a
 * prefix of the live register (the common case), its history is shared by
 * every as-of question at that position and keeps its caches.
 *
 * @example
 * ```ts
 * const { history } = registerAsOf(live, await store.positionAt('2025-01-20T16:59:59.999Z'), '2025-01-20');
 * history.hierarchyAt('2024-12-31');
 * ```
 */
export function registerAsOf(state: RegisterState, position: number, day: IsoDate = '0000-01-01'): { state: RegisterState; history: LocalityHistory } {
  const known = (i: number): boolean => knownInRegister(state.positions[i]!, state.knownFrom[i] ?? null, position, day);
  const n = recordedBy(state, position);
  let prefix = true;
  for (let i = n; i < state.events.length && prefix; i++) if (known(i)) prefix = false;
  const full = historyOf(state);
  if (prefix && n === state.events.length) return { state, history: full };
  const key = prefix ? `${n}` : `${n}|${day}`;
  let byKey = prefixes.get(full);
  if (byKey === undefined) prefixes.set(full, (byKey = new Map()));
  let history = byKey.get(key);
  if (history === undefined) {
    history = prefix ? full.prefix(n) : full.subset(known);
    if (byKey.size >= 8) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, history);
  }
  if (prefix) return { state: { events: state.events.slice(0, n), positions: state.positions.slice(0, n), knownFrom: state.knownFrom.slice(0, n) }, history };
  const keep = state.events.map((_, i) => known(i));
  return {
    state: { events: state.events.filter((_, i) => keep[i]), positions: state.positions.filter((_, i) => keep[i]), knownFrom: state.knownFrom.filter((_, i) => keep[i]) },
    history,
  };
}
