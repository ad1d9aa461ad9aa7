/**
 * The incident decider: records, reclassifies, relocates and retracts
 * incidents, and marks disputes resolved at the grassroots, checking the
 * place against the administrative register as it stood on the day the
 * incident occurred.
 *
 * @module
 */
import { DomainRuleError, type Decider } from '../../kernel/index.js';
import type { LocalityHistory } from '../locality/locality-history.js';
import type { IsoDate } from '../shared/values.js';
import { IncidentCommand } from './commands.js';
import { isDispute, type IncidentEventBody, type IncidentFacts } from './events.js';
import { evolveIncident, type IncidentState } from './incident-state.js';
import { compact, fieldOf, parseCommand } from '../shared/parse-command.js';

/**
 * The stable codes of the incident rules (`DomainRuleError.code`).
 *
 * - `locality_not_found_on_date`: the locality did not exist on `occurredOn`.
 * - `locality_not_commune_level`: the locality is not a xã, phường or thị trấn on `occurredOn`.
 * - `residential_area_not_in_commune`: the residential area is unknown on `occurredOn`, not a `thon`, or under another commune.
 * - `reported_before_occurred`: `reportedOn` precedes `occurredOn`.
 * - `incident_exists`: the incident is already recorded.
 * - `incident_not_found`: the incident was never recorded.
 * - `incident_retracted`: the incident was retracted; it accepts no more commands.
 * - `no_change`: a reclassification or relocation that changes nothing.
 * - `not_a_dispute`: a grassroots resolution of an incident not labelled `mass-complaint` or `prolonged-dispute`.
 * - `dispute_already_resolved`: the dispute was already resolved.
 * - `resolved_before_occurred`: the resolution date precedes `occurredOn`.
 *
 * @example
 * ```ts
 * if (isDomainRuleError(e) && (INCIDENT_ERROR_CODES as readonly string[]).includes(e.code)) showRule(e.code);
 * ```
 */
export const INCIDENT_ERROR_CODES = [
  'locality_not_found_on_date',
  'locality_not_commune_level',
  'residential_area_not_in_commune',
  'reported_before_occurred',
  'incident_exists',
  'incident_not_found',
  'incident_retracted',
  'no_change',
  'not_a_dispute',
  'dispute_already_resolved',
  'resolved_before_occurred',
] as const;
/** A stable code of an incident rule. */
export type IncidentErrorCode = (typeof INCIDENT_ERROR_CODES)[number];

/** What the incident decider needs to know. */
export interface IncidentDeciderDeps {
  /** The administrative register (effective-dated). */
  readonly localities: LocalityHistory;
}

/** The incident decider's type: state `null` until the incident is recorded. */
export type IncidentDecider = Decider<IncidentCommand, IncidentEventBody, IncidentState | null>;

function rule(code: IncidentErrorCode, message: string, details: Record<string, unknown>): DomainRuleError {
  return new DomainRuleError(code, message, details);
}

/**
 * Builds the incident decider over an administrative register. Use it with
 * `handle(store, incidentStreamId(id), decider, command)`.
 *
 * @example
 * ```ts
 * const decider = incidentDecider({ localities: LocalityHistory.from(registerEvents) });
 * await handle(store, incidentStreamId('7f3a9c'), decider, {
 *   type: 'RecordIncident', incidentId: '7f3a9c', localityCode: '16000',
 *   occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['crime.social-order'],
 * });
 * ```
 */
export function incidentDecider(deps: IncidentDeciderDeps): IncidentDecider {
  const { localities } = deps;

  /** Checks a place on a date; throws the first rule broken. */
  const checkPlace = (incidentId: string, localityCode: string, residentialAreaCode: string | undefined, date: IsoDate): void => {
    const unit = localities.at(localityCode, date);
    if (unit === undefined) {
      const known = localities.unit(localityCode);
      const why = known === undefined ? 'is not in the register' : known.establishedOn > date ? `was established on ${known.establishedOn}` : `closed on ${known.closedOn}`;
      throw rule('locality_not_found_on_date', `incident ${incidentId}: locality ${localityCode} did not exist on ${date} (it ${why})`, { incidentId, localityCode, date });
    }
    if (unit.level !== 'commune') {
      throw rule('locality_not_commune_level', `incident ${incidentId}: locality ${localityCode} is a ${unit.kind} on ${date}, not a commune-level unit (xa, phuong, thi-tran)`, {
        incidentId,
        localityCode,
        kind: unit.kind,
        date,
      });
    }
    if (residentialAreaCode === undefined) return;
    const area = localities.at(residentialAreaCode, date);
    const problem =
      area === undefined
        ? 'did not exist then'
        : area.kind !== 'thon'
          ? `is a ${area.kind}, not a residential area (thon)`
          : area.parentCode !== localityCode
            ? `belonged to ${area.parentCode ?? 'no commune'}`
            : undefined;
    if (problem !== undefined) {
      throw rule('residential_area_not_in_commune', `incident ${incidentId}: residential area ${residentialAreaCode} is not in commune ${localityCode} on ${date} (it ${problem})`, {
        incidentId,
        localityCode,
        residentialAreaCode,
        date,
      });
    }
  };

  const requireLive = (state: IncidentState | null, incidentId: string): IncidentState => {
    if (state === null) throw rule('incident_not_found', `incident ${incidentId}: not recorded`, { incidentId });
    if (state.retracted) throw rule('incident_retracted', `incident ${incidentId}: retracted (${state.retractionReason ?? 'no reason given'})`, { incidentId });
    return state;
  };

  return {
    initialState: null,
    evolve: evolveIncident,
    decide(command, state) {
      const c = parseCommand(IncidentCommand, command, `incident ${fieldOf(command, 'incidentId')}`);
      const id = c.incidentId;
      switch (c.type) {
        case 'RecordIncident': {
          if (state !== null) throw rule('incident_exists', `incident ${id}: already recorded`, { incidentId: id });
          if (c.reportedOn < c.occurredOn) {
            throw rule('reported_before_occurred', `incident ${id}: reported on ${c.reportedOn}, before it occurred on ${c.occurredOn}`, {
              incidentId: id,
              occurredOn: c.occurredOn,
              reportedOn: c.reportedOn,
            });
          }
          checkPlace(id, c.localityCode, c.residentialAreaCode, c.occurredOn);
          const { type: _t, ...data } = c;
          return [{ type: 'IncidentRecorded', data: compact(data) }];
        }
        case 'ReclassifyIncident': {
          const cur = requireLive(state, id);
          const labels = c.labels !== undefined && !sameSet(c.labels, cur.labels) ? c.labels : undefined;
          const severity = c.severity !== undefined && (c.severity ?? undefined) !== cur.severity ? c.severity : undefined;
          const casualties =
            c.casualties !== undefined && (cur.casualties === undefined || cur.casualties.deaths !== c.casualties.deaths || cur.casualties.injuries !== c.casualties.injuries)
              ? c.casualties
              : undefined;
          if (labels === undefined && severity === undefined && casualties === undefined) {
            throw rule('no_change', `incident ${id}: the reclassification changes nothing`, { incidentId: id });
          }
          return [{ type: 'IncidentReclassified', data: compact({ incidentId: id, labels, severity, casualties, reason: c.reason, previous: factsOf(cur) }) }];
        }
        case 'RelocateIncident': {
          const cur = requireLive(state, id);
          if (cur.localityCode === c.localityCode && cur.residentialAreaCode === c.residentialAreaCode) {
            throw rule('no_change', `incident ${id}: already located in ${c.localityCode}${c.residentialAreaCode === undefined ? '' : `/${c.residentialAreaCode}`}`, { incidentId: id });
          }
          checkPlace(id, c.localityCode, c.residentialAreaCode, cur.occurredOn);
          const { type: _t, ...data } = c;
          return [{ type: 'IncidentRelocated', data: compact({ ...data, previous: factsOf(cur) }) }];
        }
        case 'RetractIncident': {
          const cur = requireLive(state, id);
          return [{ type: 'IncidentRetracted', data: { incidentId: id, reason: c.reason, previous: factsOf(cur) } }];
        }
        case 'ResolveDisputeAtGrassroots': {
          const cur = requireLive(state, id);
          if (!isDispute(cur.labels)) {
            throw rule('not_a_dispute', `incident ${id}: not labelled mass-complaint or prolonged-dispute (labels: ${cur.labels.join(', ')})`, { incidentId: id, labels: cur.labels });
          }
          if (cur.disputeResolvedOn !== undefined) {
            throw rule('dispute_already_resolved', `incident ${id}: already resolved on ${cur.disputeResolvedOn}`, { incidentId: id, resolvedOn: cur.disputeResolvedOn });
          }
          if (c.resolvedOn < cur.occurredOn) {
            throw rule('resolved_before_occurred', `incident ${id}: resolved on ${c.resolvedOn}, before it occurred on ${cur.occurredOn}`, {
              incidentId: id,
              occurredOn: cur.occurredOn,
              resolvedOn: c.resolvedOn,
            });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'DisputeResolvedAtGrassroots', data: compact({ ...data, facts: factsOf(cur) }) }];
        }
      }
    },
  };
}

/** The countable facts of an incident, as carried by correction events. */
function factsOf(s: IncidentState): IncidentFacts {
  return compact({
    localityCode: s.localityCode,
    residentialAreaCode: s.residentialAreaCode,
    occurredOn: s.occurredOn,
    reportedOn: s.reportedOn,
    labels: [...s.labels],
    severity: s.severity,
    casualties: s.casualties,
    disputeResolvedOn: s.disputeResolvedOn,
  }) as IncidentFacts;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
