/**
 * An incident's current facts, folded from its events. Pure and
 * JSON-serialisable: projections keep one per incident and apply events one
 * at a time with {@link evolveIncident}.
 *
 * @module
 */
import type { IsoDate } from '../shared/values.js';
import type { Label, Severity } from './labels.js';
import type { Casualties, IncidentEventBody } from './events.js';

/** How a dispute was resolved at the grassroots. */
export interface DisputeResolution {
  readonly resolvedOn: IsoDate;
  readonly resolvedBy?: string;
  readonly note?: string;
}

/** An incident as it currently stands. */
export interface IncidentState {
  readonly incidentId: string;
  /** The commune-level unit (after any relocation). */
  readonly localityCode: string;
  readonly residentialAreaCode?: string;
  readonly occurredOn: IsoDate;
  readonly reportedOn: IsoDate;
  readonly labels: readonly Label[];
  readonly severity?: Severity;
  readonly casualties?: Casualties;
  readonly description?: string;
  readonly externalRef?: string;
  /** True once retracted (recorded in error): it counts nowhere. */
  readonly retracted: boolean;
  /** Why it was retracted. */
  readonly retractionReason?: string;
  /** The day a dispute or mass complaint was resolved at the grassroots. */
  readonly disputeResolvedOn?: IsoDate;
  readonly disputeResolution?: DisputeResolution;
  /** Number of reclassifications and relocations applied (0 = as first recorded). */
  readonly revisions: number;
}

/**
 * Applies one incident event to an incident's state (`null` before it is
 * recorded). Events before `IncidentRecorded` are ignored; a second
 * `IncidentRecorded` is ignored too (the decider never emits one).
 *
 * @example
 * ```ts
 * let s: IncidentState | null = null;
 * for (const e of events) s = evolveIncident(s, e);
 * ```
 */
export function evolveIncident(state: IncidentState | null, event: IncidentEventBody): IncidentState | null {
  if (event.type === 'IncidentRecorded') {
    if (state !== null) return state;
    const d = event.data;
    return {
      incidentId: d.incidentId,
      localityCode: d.localityCode,
      ...(d.residentialAreaCode !== undefined ? { residentialAreaCode: d.residentialAreaCode } : {}),
      occurredOn: d.occurredOn,
      reportedOn: d.reportedOn,
      labels: [...d.labels],
      ...(d.severity !== undefined ? { severity: d.severity } : {}),
      ...(d.casualties !== undefined ? { casualties: { deaths: d.casualties.deaths, injuries: d.casualties.injuries } } : {}),
      ...(d.description !== undefined ? { description: d.description } : {}),
      ...(d.externalRef !== undefined ? { externalRef: d.externalRef } : {}),
      retracted: false,
      revisions: 0,
    };
  }
  if (state === null) return null;
  switch (event.type) {
    case 'IncidentReclassified': {
      const d = event.data;
      const { severity: _oldSeverity, ...rest } = state;
      const severity = d.severity === undefined ? state.severity : d.severity === null ? undefined : d.severity;
      return {
        ...rest,
        ...(severity !== undefined ? { severity } : {}),
        labels: d.labels !== undefined ? [...d.labels] : state.labels,
        ...(d.casualties !== undefined ? { casualties: { deaths: d.casualties.deaths, injuries: d.casualties.injuries } } : {}),
        revisions: state.revisions + 1,
      };
    }
    case 'IncidentRelocated': {
      const { residentialAreaCode: _old, ...rest } = state;
      return {
        ...rest,
        localityCode: event.data.localityCode,
        ...(event.data.residentialAreaCode !== undefined ? { residentialAreaCode: event.data.residentialAreaCode } : {}),
        revisions: state.revisions + 1,
      };
    }
    case 'IncidentRetracted':
      return { ...state, retracted: true, retractionReason: event.data.reason };
    case 'DisputeResolvedAtGrassroots': {
      const d = event.data;
      const resolution: DisputeResolution = {
        resolvedOn: d.resolvedOn,
        ...(d.resolvedBy !== undefined ? { resolvedBy: d.resolvedBy } : {}),
        ...(d.note !== undefined ? { note: d.note } : {}),
      };
      return { ...state, disputeResolvedOn: d.resolvedOn, disputeResolution: resolution };
    }
  }
}

/**
 * Folds an incident's events (in stream order) into its current facts;
 * `undefined` when it was never recorded.
 *
 * @example
 * ```ts
 * const now = currentIncident(events);
 * if (now !== undefined && !now.retracted) console.log(now.labels, now.severity);
 * ```
 */
export function currentIncident(events: Iterable<IncidentEventBody>): IncidentState | undefined {
  let s: IncidentState | null = null;
  for (const e of events) s = evolveIncident(s, e);
  return s ?? undefined;
}
