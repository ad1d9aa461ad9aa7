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
import { catalogueOf, criteriaProjection } from './criteria-projection.js';
import { incidentCubeProjection, type IncidentCubeState } from './incident-cube.js';
import { countsAt, type CountQuery, type CountsAt } from './incident-counts.js';
import { planProjection, type PlansState } from './plan-projection.js';
import { recognitionProjection, type RecognitionState } from './recognition-projection.js';
import { historyOf, registerProjection, type RegisterState } from './register-projection.js';

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
  /** The localities compared alone and the comparison groups (memoised per query); see `comparisonGroups`. */
  comparisonGroups(query: ComparisonGroupsQuery): ComparisonPartition;
}

function bundle(position: number, asOf: string | null, states: { register: RegisterState; incidents: IncidentCubeState; recognitions: RecognitionState; criteria: CriteriaCatalogueState; plans: PlansState }): ReadModels {
  const memo = new Map<string, CountsAt>();
  const partitions = new Map<string, ComparisonPartition>();
  const rm: ReadModels = {
    position,
    asOf,
    ...states,
    history: historyOf(states.register),
    catalogue: catalogueOf(states.criteria),
    counts(query) {
      const key = JSON.stringify([query.metric, query.period.from, query.period.to, query.at]);
      let c = memo.get(key);
      if (c === undefined) {
        c = countsAt(states.incidents, rm.history, query);
        memo.set(key, c);
      }
      return c;
    },
    comparisonGroups(query) {
      const key = JSON.stringify([query.level, query.within, query.at, query.periods.map((p) => [p.from, p.to])]);
      let p = partitions.get(key);
      if (p === undefined) {
        p = comparisonGroups(rm.history, query);
        partitions.set(key, p);
      }
      return p;
    },
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
 * The read models as known at `asOf` (a time): "the 2023 report as filed on
 * 2023-12-15". Nothing is saved.
 *
 * @example
 * ```ts
 * const filed = await readModelsAsOf(store, '2023-12-15T23:59:59Z');
 * ```
 */
export async function readModelsAsOf(store: EventStore, asOf: Date | string | number): Promise<ReadModels> {
  const results = await runProjections(store, READ_MODEL_PROJECTIONS, { asOf, freeze: false });
  assertNoneFailed(results.map((r) => [r.name, r.status] as const));
  const by = new Map(results.map((r) => [r.name, r]));
  const position = Math.min(...results.map((r) => r.checkpoint));
  return bundle(position, new Date(toEpochMs(asOf)).toISOString(), {
    register: by.get('register')!.state as RegisterState,
    incidents: by.get('incident-cube')!.state as IncidentCubeState,
    recognitions: by.get('recognitions')!.state as RecognitionState,
    criteria: by.get('criteria')!.state as CriteriaCatalogueState,
    plans: by.get('plans')!.state as PlansState,
  });
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
