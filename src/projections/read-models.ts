/**
 * The read models every query works on, as one consistent bundle, and the
 * two ways to get it: live (brought up to date incrementally) or as known at
 * a past time (`asOf`: folded up to the last event recorded by then).
 *
 * @module
 */
import { LiveProjections, NtmAnttError, runProjections, toEpochMs, type EventStore, type ProjectionSnapshot, type ProjectionStatus } from '../kernel/index.js';
import type { CriteriaCatalogue, CriteriaCatalogueState } from '../domain/criteria/index.js';
import { comparisonGroups, type ComparisonGroupsQuery, type ComparisonPartition, type LocalityHistory } from '../domain/locality/index.js';
import { catalogueOf, criteriaAsOf, criteriaProjection, knownInCriteria, type CriteriaState } from './criteria-projection.js';
import { cubeBefore, incidentCubeProjection, type IncidentCubeState } from './incident-cube.js';
import { countKeyOf, incidentIndex } from './incident-index.js';
import { countsAt, type CountQuery, type CountsAt } from './incident-counts.js';
import { planProjection, plansAsOf, type PlansState } from './plan-projection.js';
import { recognitionProjection, recognitionsAsOf, type RecognitionState } from './recognition-projection.js';
import { historyOf, knownInRegister, referenceKnownFrom, registerAsOf, registerProjection, type RegisterState } from './register-projection.js';
import { isReferenceData } from './reference-data.js';
import { asOfInstant, dayIn, VIETNAM_TIME, type TimeZone } from '../domain/shared/time-zone.js';
import type { IsoDate } from '../domain/shared/values.js';

/**
 * Every projection behind the read models, in one list (one pass over the log).
 *
 * @example
 * ```ts
 * await runProjections(store, READ_MODEL_PROJECTIONS); // rebuild or catch up every read model and save them
 * ```
 */
export const READ_MODEL_PROJECTIONS = [registerProjection, incidentCubeProjection, recognitionProjection, criteriaProjection, planProjection] as const;

/** The read models at one knowledge position. */
export interface ReadModels {
  /** Last log position included. */
  readonly position: number;
  /** The knowledge cut-off asked for (ISO time), or `null` for "everything recorded". */
  readonly asOf: string | null;
  readonly register: RegisterState;
  readonly incidents: IncidentCubeState;
  readonly recognitions: RecognitionState;
  readonly criteria: CriteriaCatalogueState;
  readonly plans: PlansState;
  /** The register as an effective-dated history. */
  readonly history: LocalityHistory;
  /** The criteria catalogue. */
  readonly catalogue: CriteriaCatalogue;
  /** Counts of a metric over a period on the hierarchy of `at` (memoised per query). */
  counts(query: CountQuery): CountsAt;
  /** The localities compared alone and the comparison groups (memoised per query and register version); see `comparisonGroups`. */
  comparisonGroups(query: ComparisonGroupsQuery): ComparisonPartition;
  /**
   * The answer to a question on these read models, computed once: every
   * later ask with the same `key` (within this bundle) gets the same answer.
   * Queries use it so that a report asking a question many times computes it
   * once; `key` must identify the question and its parameters.
   */
  memo<T>(key: string, compute: () => T): T;
}

/**
 * The earliest day with the same answers as `query.at`: when the register
 * did not change between the period's end (or its last change) and `at`,
 * counts on the hierarchy of either day are the same, so the 2019 baseline
 * asked on 31 December of 2022, 2023 and 2024 is computed once.
 */
function countDateOf(history: LocalityHistory, query: CountQuery): string {
  return history.sameHierarchyFrom(query.period.to, query.at);
}

function bundle(position: number, asOf: string | null, states: { register: RegisterState; incidents: IncidentCubeState; recognitions: RecognitionState; criteria: CriteriaCatalogueState; plans: PlansState }, history: LocalityHistory = historyOf(states.register)): ReadModels {
  const memos = new Map<string, unknown>();
  const index = incidentIndex(states.incidents);
  const memo = <T>(key: string, compute: () => T): T => {
    if (memos.has(key)) return memos.get(key) as T;
    const v = compute();
    memos.set(key, v);
    return v;
  };
  const rm: ReadModels = {
    position,
    asOf,
    ...states,
    history,
    catalogue: catalogueOf(states.criteria),
    counts: (query) => {
      const at = countDateOf(history, query);
      return memo(`counts|${countKeyOf(query.metric)}|${query.period.from}|${query.period.to}|${at}`, () => countsAt(states.incidents, history, at === query.at ? query : { ...query, at }, index));
    },
    // a partition rests on the register alone: it is kept with the history, across bundles
    comparisonGroups: (query) => {
      // kept with the history of the register (a later one's, for the days they share)
      const last = query.periods.reduce((d, p) => (p.to > d ? p.to : d), query.at);
      const h = history.upTo(last);
      return h.memo(`groups|${JSON.stringify([query.level, query.within, query.at, query.periods.map((p) => [p.from, p.to])])}`, () => comparisonGroups(h, query));
    },
    memo,
  };
  return rm;
}

/**
 * Refuses to answer from read models one of which stopped at a failing event:
 * its answers would silently miss every later event.
 */
function assertNoneFailed(statuses: Iterable<readonly [string, ProjectionStatus]>): void {
  for (const [name, status] of statuses) {
    if (status.kind !== 'failed') continue;
    throw new NtmAnttError(
      'read_model_failed',
      `read model ${name} stopped at position ${status.position} (event ${status.eventId}, ${status.eventType}): ${status.error.message}; fix the projection (or add an upcaster) and run it again — answers would otherwise miss every later event`,
      { details: { projection: name, position: status.position, eventId: status.eventId, eventType: status.eventType, error: status.error } },
    );
  }
}

/**
 * The read models of a live snapshot. Throws `read_model_failed` when one of
 * them stopped at a failing event.
 *
 * @example
 * ```ts
 * const live = new LiveProjections(store, READ_MODEL_PROJECTIONS);
 * const rm = readModelsOf(await live.catchUp());
 * ```
 */
export function readModelsOf(snapshot: ProjectionSnapshot): ReadModels {
  assertNoneFailed([...snapshot.status].map(([name, s]) => [name, s.status] as const));
  return bundle(snapshot.position, null, {
    register: snapshot.state<RegisterState>('register'),
    incidents: snapshot.state<IncidentCubeState>('incident-cube'),
    recognitions: snapshot.state<RecognitionState>('recognitions'),
    criteria: snapshot.state<CriteriaCatalogueState>('criteria'),
    plans: snapshot.state<PlansState>('plans'),
  });
}

/**
 * The read models as known at `asOf`: "the 2023 report as filed on
 * 2023-12-15". A plain date means the end of that day in `zone` (Vietnam,
 * UTC+7); a time is taken as it is. Events recorded after it are left out,
 * except reference data in force by that day, which is known whenever it
 * was loaded (docs/decisions/0007-as-of-in-vietnam-time.md). Nothing is saved.
 *
 * With `live` (today's read models of the same store), a filter: the
 * register, recognitions, criteria and plans keep the log position of what
 * they hold, so the state as known at a past position is taken from them;
 * the incident cube is today's minus a fold of the incidents recorded since
 * (see docs/decisions/0006-query-layer.md).
 * Without it, the log is folded again up to `asOf` (the reference).
 *
 * @example
 * ```ts
 * const filed = await readModelsAsOf(store, '2023-12-15', await models.current()); // to the end of 15 December 2023 in Vietnam
 * ```
 */
export async function readModelsAsOf(store: EventStore, asOf: Date | string | number, live?: ReadModels, zone: TimeZone = VIETNAM_TIME): Promise<ReadModels> {
  const iso = asOfInstant(asOf, zone);
  const ms = Date.parse(iso);
  // the province's day the cut-off falls on: reference data in force by then is known (decision 0007)
  const day = dayIn(iso, zone);
  if (live !== undefined) {
    const position = Math.min(live.position, await store.positionAt(ms));
    return viewAt(store, live, position, iso, day);
  }
  const results = await runProjections(store, READ_MODEL_PROJECTIONS, { asOf: ms, freeze: false });
  assertNoneFailed(results.map((r) => [r.name, r.status] as const));
  const by = new Map(results.map((r) => [r.name, r]));
  const position = Math.min(...results.map((r) => r.checkpoint));
  const states = {
    register: by.get('register')!.state as RegisterState,
    incidents: by.get('incident-cube')!.state as IncidentCubeState,
    recognitions: by.get('recognitions')!.state as RecognitionState,
    criteria: by.get('criteria')!.state as CriteriaState,
    plans: by.get('plans')!.state as PlansState,
  };
  // reference data loaded after the cut-off: folded again with what is known of it (the reference of the filter in viewAt)
  if (position < (await store.headPosition())) {
    let register = registerProjection.initialState();
    let criteria = criteriaProjection.initialState();
    for await (const e of store.readAll({ types: [...registerProjection.handles, ...criteriaProjection.handles] })) {
      if (registerProjection.handles.includes(e.type)) {
        if (knownInRegister(e.position, referenceKnownFrom(e), position, day)) register = registerProjection.apply(register, e) ?? register;
      } else if (knownInCriteria(e.position, isReferenceData(e), position)) criteria = criteriaProjection.apply(criteria, e) ?? criteria;
    }
    states.register = register;
    states.criteria = criteria;
  }
  return bundle(position, iso, states);
}

const views = new WeakMap<ReadModels, Map<string, Promise<ReadModels>>>();

/** The read models of `live` as known at `position` (kept per live bundle: a second ask is free). */
function viewAt(store: EventStore, live: ReadModels, position: number, asOf: string, day: IsoDate): Promise<ReadModels> {
  let byKey = views.get(live);
  if (byKey === undefined) views.set(live, (byKey = new Map()));
  const key = `${position}|${day}`;
  let view = byKey.get(key);
  if (view === undefined) {
    view = buildView(store, live, position, asOf, day);
    if (byKey.size >= 4) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, view);
    view.catch(() => byKey.delete(key));
  }
  return view;
}

async function buildView(store: EventStore, live: ReadModels, position: number, asOf: string, day: IsoDate): Promise<ReadModels> {
  const { state: register, history } = registerAsOf(live.register, position, day);
  // the incidents recorded after `position`, folded (a partial fold: corrections of earlier incidents go negative) and taken away
  const later = incidentCubeProjection.initialState();
  if (position < live.position) {
    for await (const e of store.readAll({ fromPosition: position + 1, toPosition: live.position, types: incidentCubeProjection.handles, lean: true })) incidentCubeProjection.apply(later, e);
  }
  return bundle(
    position,
    asOf,
    {
      register,
      incidents: cubeBefore(live.incidents, later),
      recognitions: recognitionsAsOf(live.recognitions, position),
      criteria: criteriaAsOf(live.criteria as CriteriaState, position),
      plans: plansAsOf(live.plans, position),
    },
    history,
  );
}

/**
 * Keeps the read models in memory, brought up to date before each use.
 *
 * @example
 * ```ts
 * const models = liveReadModels(store);
 * const rm = await models.current();
 * ```
 */
export function liveReadModels(store: EventStore): { current(): Promise<ReadModels>; persist(): Promise<void> } {
  const live = new LiveProjections(store, READ_MODEL_PROJECTIONS);
  let cached: ReadModels | undefined;
  return {
    async current() {
      const snap = await live.catchUp();
      if (cached === undefined || cached.position !== snap.position) cached = readModelsOf(snap);
      return cached;
    },
    persist: () => live.persist(),
  };
}
