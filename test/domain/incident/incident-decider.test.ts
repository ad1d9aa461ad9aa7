import { describe, expect, it } from 'vitest';
import {
  INCIDENT_ERROR_CODES,
  IncidentRecorded,
  currentIncident,
  evolveIncident,
  incidentDecider,
  incidentEventDefinitions,
  incidentStreamId,
  type IncidentCommand,
  type IncidentEventBody,
} from '../../../src/domain/incident/index.js';
import type { IncidentFacts } from '../../../src/domain/incident/events.js';
import { ValidationError, formatPath, isValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';
import { factsAfter, localities } from './fixtures.js';

const decider = incidentDecider({ localities });
const spec = deciderSpec(decider);

const ID = '7f3a9c';
const record = (over: Partial<Extract<IncidentCommand, { type: 'RecordIncident' }>> = {}): IncidentCommand => ({
  type: 'RecordIncident',
  incidentId: ID,
  localityCode: '16000',
  occurredOn: '2023-03-04',
  reportedOn: '2023-03-05',
  labels: ['crime.social-order'],
  ...over,
});
const recorded = (over: Partial<Extract<IncidentEventBody, { type: 'IncidentRecorded' }>['data']> = {}): IncidentEventBody => ({
  type: 'IncidentRecorded',
  data: { incidentId: ID, localityCode: '16000', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['crime.social-order'], ...over },
});
const dispute = recorded({ labels: ['prolonged-dispute'] });
/** The retraction of the incident recorded by `past` (its `previous` folded from `past`). */
const retractedAfter = (past: readonly IncidentEventBody[], reason = 'duplicate'): IncidentEventBody => ({
  type: 'IncidentRetracted',
  data: { incidentId: ID, reason, previous: factsAfter(past) },
});
/** These events followed by their retraction. */
const andRetracted = (...past: IncidentEventBody[]): IncidentEventBody[] => [...past, retractedAfter(past)];
/** The grassroots resolution of the dispute recorded by `past` (its `facts` folded from `past`). */
const resolvedAfter = (past: readonly IncidentEventBody[], resolvedOn: string): IncidentEventBody => ({
  type: 'DisputeResolvedAtGrassroots',
  data: { incidentId: ID, resolvedOn, facts: factsAfter(past) },
});

const covered = new Set<string>();
const rejects = (given: IncidentEventBody[], command: IncidentCommand, code: (typeof INCIDENT_ERROR_CODES)[number], details?: Record<string, unknown>): void => {
  covered.add(code);
  spec.given(given).when(command).thenThrows(code, details);
};

function validationErrorOf(command: unknown, given: IncidentEventBody[] = []): ValidationError {
  try {
    let s = decider.initialState;
    for (const e of given) s = decider.evolve(s, e);
    decider.decide(command as IncidentCommand, s);
  } catch (e) {
    if (isValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('incident decider: RecordIncident', () => {
  it('records an incident in a commune and one of its residential areas', () => {
    spec
      .given([])
      .when(record({ residentialAreaCode: 'T16000-1', severity: 'serious', casualties: { deaths: 0, injuries: 2 }, description: 'Cố ý gây thương tích' }))
      .then([recorded({ residentialAreaCode: 'T16000-1', severity: 'serious', casualties: { deaths: 0, injuries: 2 }, description: 'Cố ý gây thương tích' })]);
  });

  it('accepts a phuong and a report on the day it occurred', () => {
    spec.given([]).when(record({ localityCode: '16001', reportedOn: '2023-03-04' })).then([recorded({ localityCode: '16001', reportedOn: '2023-03-04' })]);
  });

  it('does not store optional fields passed as undefined', () => {
    const [e] = decider.decide(record({ severity: undefined }), null);
    expect(e!.data).not.toHaveProperty('severity');
  });

  it('produces events that satisfy their schema', () => {
    const [e] = decider.decide(record({ residentialAreaCode: 'T16000-1', casualties: { deaths: 1, injuries: 0 } }), null);
    expect(IncidentRecorded.schema.safeParse(e!.data).success).toBe(true);
    expect(incidentEventDefinitions.map((d) => d.type)).toContain(e!.type);
  });

  it('refuses an incident already recorded: incident_exists', () => {
    rejects([recorded()], record(), 'incident_exists', { incidentId: ID });
  });

  it('refuses a report dated before the incident: reported_before_occurred', () => {
    rejects([], record({ occurredOn: '2023-03-04', reportedOn: '2023-03-03' }), 'reported_before_occurred');
  });

  it('refuses an unknown locality: locality_not_found_on_date', () => {
    rejects([], record({ localityCode: '99999' }), 'locality_not_found_on_date', { localityCode: '99999' });
  });

  it('refuses a commune before it existed (created by a merger on 2020-01-01)', () => {
    rejects([], record({ localityCode: '16010', occurredOn: '2019-12-31', reportedOn: '2020-01-02' }), 'locality_not_found_on_date', { localityCode: '16010', date: '2019-12-31' });
    spec.given([]).when(record({ localityCode: '16010', occurredOn: '2020-01-01', reportedOn: '2020-01-02' })).then([recorded({ localityCode: '16010', occurredOn: '2020-01-01', reportedOn: '2020-01-02' })]);
  });

  it('refuses a commune after it merged away, and accepts it the day before', () => {
    rejects([], record({ localityCode: '16003', occurredOn: '2020-01-01', reportedOn: '2020-01-01' }), 'locality_not_found_on_date', { localityCode: '16003' });
    spec.given([]).when(record({ localityCode: '16003', occurredOn: '2019-12-31', reportedOn: '2020-01-05' })).then([recorded({ localityCode: '16003', occurredOn: '2019-12-31', reportedOn: '2020-01-05' })]);
  });

  it('refuses a district, a province or a residential area as the locality: locality_not_commune_level', () => {
    rejects([], record({ localityCode: '380' }), 'locality_not_commune_level', { kind: 'thanh-pho' });
    rejects([], record({ localityCode: '38' }), 'locality_not_commune_level', { kind: 'province' });
    rejects([], record({ localityCode: 'T16000-1' }), 'locality_not_commune_level', { kind: 'thon' });
  });

  it('refuses a residential area of another commune, an unknown one, or a non-thon: residential_area_not_in_commune', () => {
    rejects([], record({ residentialAreaCode: 'T16001-1' }), 'residential_area_not_in_commune', { residentialAreaCode: 'T16001-1' });
    rejects([], record({ residentialAreaCode: 'T-nowhere' }), 'residential_area_not_in_commune');
    rejects([], record({ residentialAreaCode: '16001' }), 'residential_area_not_in_commune');
  });
});

describe('incident decider: validation', () => {
  it('lists every invalid field of a RecordIncident, naming the incident', () => {
    const e = validationErrorOf({
      type: 'RecordIncident',
      incidentId: ID,
      localityCode: '16000',
      occurredOn: '2019-02-30',
      reportedOn: '2023-03-05',
      labels: ['crime.other'],
      severity: 'minor',
    });
    expect(e.code).toBe('validation_failed');
    expect(e.entity).toBe(`incident ${ID}`);
    expect(e.message).toContain(`incident ${ID}`);
    expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['labels[0]', 'occurredOn', 'severity']);
  });

  it('rejects 2019-02-30 as a date', () => {
    const e = validationErrorOf(record({ occurredOn: '2019-02-30' }));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(['occurredOn']);
  });

  it('rejects duplicate labels, negative casualties, unknown keys and a missing id', () => {
    const e = validationErrorOf({ type: 'RecordIncident', localityCode: '16000', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['traffic-accident', 'traffic-accident'], casualties: { deaths: -1, injuries: 0.5 }, colour: 'red' });
    expect(e.entity).toBe('incident (unknown)');
    expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['(root)', 'casualties.deaths', 'casualties.injuries', 'incidentId', 'labels[1]']);
  });

  it('rejects a reclassification without anything to change, and an empty reason', () => {
    const e = validationErrorOf({ type: 'ReclassifyIncident', incidentId: ID, reason: ' ' }, [recorded()]);
    expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['(root)', 'reason']);
    const e2 = validationErrorOf({ type: 'ReclassifyIncident', incidentId: ID, reason: 'x' }, [recorded()]);
    expect(e2.issues.map((i) => i.message)).toEqual(['must change labels, severity or casualties']);
  });

  it('rejects an unknown command type', () => {
    const e = validationErrorOf({ type: 'DeleteIncident', incidentId: ID });
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(['type']);
  });
});

describe('incident decider: ReclassifyIncident', () => {
  it('emits only what changes, with the facts it replaces', () => {
    const given = [recorded({ severity: 'serious' })];
    spec
      .given(given)
      .when({ type: 'ReclassifyIncident', incidentId: ID, labels: ['crime.social-order'], severity: 'very-serious', reason: 'charged under clause 3' })
      .then([{ type: 'IncidentReclassified', data: { incidentId: ID, severity: 'very-serious', reason: 'charged under clause 3', previous: factsAfter(given) } }]);
    expect(factsAfter(given)).toEqual({ localityCode: '16000', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['crime.social-order'], severity: 'serious' });
  });

  it('treats labels as a set and clears the severity with null', () => {
    const given = [recorded({ labels: ['crime.social-order', 'social-evil.gambling'], severity: 'less-serious' })];
    spec
      .given(given)
      .when({ type: 'ReclassifyIncident', incidentId: ID, labels: ['social-evil.gambling', 'crime.social-order'], severity: null, reason: 'not a crime after all' })
      .then([{ type: 'IncidentReclassified', data: { incidentId: ID, severity: null, reason: 'not a crime after all', previous: factsAfter(given) } }]);
  });

  it('changes casualties', () => {
    const given = [recorded({ labels: ['traffic-accident'], casualties: { deaths: 0, injuries: 1 } })];
    spec
      .given(given)
      .when({ type: 'ReclassifyIncident', incidentId: ID, casualties: { deaths: 1, injuries: 0 }, reason: 'the injured person died' })
      .then([{ type: 'IncidentReclassified', data: { incidentId: ID, casualties: { deaths: 1, injuries: 0 }, reason: 'the injured person died', previous: factsAfter(given) } }]);
  });

  it('refuses a reclassification that changes nothing: no_change', () => {
    rejects([recorded({ severity: 'serious' })], { type: 'ReclassifyIncident', incidentId: ID, labels: ['crime.social-order'], severity: 'serious', reason: 'x' }, 'no_change');
    rejects([recorded()], { type: 'ReclassifyIncident', incidentId: ID, severity: null, reason: 'x' }, 'no_change');
  });

  it('refuses an unknown incident: incident_not_found', () => {
    rejects([], { type: 'ReclassifyIncident', incidentId: ID, severity: 'serious', reason: 'x' }, 'incident_not_found', { incidentId: ID });
  });

  it('refuses a retracted incident: incident_retracted', () => {
    rejects(andRetracted(recorded()), { type: 'ReclassifyIncident', incidentId: ID, severity: 'serious', reason: 'x' }, 'incident_retracted');
  });
});

describe('incident decider: RelocateIncident', () => {
  it('moves an incident to another commune and residential area', () => {
    const given = [recorded({ residentialAreaCode: 'T16000-1' })];
    spec
      .given(given)
      .when({ type: 'RelocateIncident', incidentId: ID, localityCode: '16001', residentialAreaCode: 'T16001-1', reason: 'wrong commune' })
      .then([{ type: 'IncidentRelocated', data: { incidentId: ID, localityCode: '16001', residentialAreaCode: 'T16001-1', reason: 'wrong commune', previous: factsAfter(given) } }]);
    expect(factsAfter(given)).toMatchObject({ localityCode: '16000', residentialAreaCode: 'T16000-1' });
  });

  it('drops the residential area when none is named', () => {
    const given = [recorded({ residentialAreaCode: 'T16000-1' })];
    spec
      .given(given)
      .when({ type: 'RelocateIncident', incidentId: ID, localityCode: '16000', reason: 'area unknown' })
      .then([{ type: 'IncidentRelocated', data: { incidentId: ID, localityCode: '16000', reason: 'area unknown', previous: factsAfter(given) } }]);
  });

  it('checks the new place on the day the incident occurred', () => {
    rejects([recorded({ occurredOn: '2019-06-01', reportedOn: '2019-06-02' })], { type: 'RelocateIncident', incidentId: ID, localityCode: '16010', reason: 'x' }, 'locality_not_found_on_date');
    rejects([recorded()], { type: 'RelocateIncident', incidentId: ID, localityCode: '380', reason: 'x' }, 'locality_not_commune_level');
    rejects([recorded()], { type: 'RelocateIncident', incidentId: ID, localityCode: '16000', residentialAreaCode: 'T16001-1', reason: 'x' }, 'residential_area_not_in_commune');
  });

  it('refuses a relocation to the same place: no_change', () => {
    rejects([recorded()], { type: 'RelocateIncident', incidentId: ID, localityCode: '16000', reason: 'x' }, 'no_change');
  });

  it('refuses unknown and retracted incidents', () => {
    rejects([], { type: 'RelocateIncident', incidentId: ID, localityCode: '16001', reason: 'x' }, 'incident_not_found');
    rejects(andRetracted(recorded()), { type: 'RelocateIncident', incidentId: ID, localityCode: '16001', reason: 'x' }, 'incident_retracted');
  });
});

describe('incident decider: RetractIncident', () => {
  it('retracts an incident', () => {
    spec.given([recorded()]).when({ type: 'RetractIncident', incidentId: ID, reason: 'duplicate' }).then([retractedAfter([recorded()])]);
  });

  it('refuses to retract twice or an unknown incident', () => {
    rejects(andRetracted(recorded()), { type: 'RetractIncident', incidentId: ID, reason: 'again' }, 'incident_retracted');
    rejects([], { type: 'RetractIncident', incidentId: ID, reason: 'x' }, 'incident_not_found');
  });
});

describe('incident decider: ResolveDisputeAtGrassroots', () => {
  it('resolves a prolonged dispute or a mass complaint', () => {
    spec
      .given([dispute])
      .when({ type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-04-10', resolvedBy: 'Tổ hòa giải thôn 1' })
      .then([{ type: 'DisputeResolvedAtGrassroots', data: { incidentId: ID, resolvedOn: '2023-04-10', resolvedBy: 'Tổ hòa giải thôn 1', facts: factsAfter([dispute]) } }]);
    const complaint = [recorded({ labels: ['mass-complaint', 'security.complaint-exploited'] })];
    spec
      .given(complaint)
      .when({ type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-03-04' })
      .then([resolvedAfter(complaint, '2023-03-04')]);
  });

  it('refuses an incident that is not a dispute: not_a_dispute', () => {
    rejects([recorded()], { type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-04-10' }, 'not_a_dispute');
  });

  it('refuses a second resolution: dispute_already_resolved', () => {
    rejects(
      [dispute, resolvedAfter([dispute], '2023-04-10')],
      { type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-05-10' },
      'dispute_already_resolved',
      { resolvedOn: '2023-04-10' },
    );
  });

  it('refuses a resolution before the incident: resolved_before_occurred', () => {
    rejects([dispute], { type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-03-03' }, 'resolved_before_occurred');
  });

  it('refuses unknown and retracted incidents', () => {
    rejects([], { type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-04-10' }, 'incident_not_found');
    rejects(andRetracted(dispute), { type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-04-10' }, 'incident_retracted');
  });
});

describe('incident decider: event-carried facts', () => {
  /** Runs commands through the decider in order, folding each event into the state; returns every event. */
  const run = (commands: IncidentCommand[]): IncidentEventBody[] => {
    const events: IncidentEventBody[] = [];
    let state = decider.initialState;
    for (const c of commands) {
      for (const e of decider.decide(c, state)) {
        state = decider.evolve(state, e);
        events.push(e);
      }
    }
    return events;
  };
  const satisfiesSchema = (e: IncidentEventBody): boolean => incidentEventDefinitions.some((d) => d.type === e.type && d.schema.safeParse(e.data).success);

  it("a correction's previous equals the incident's facts just before it", () => {
    const events = run([
      record({ residentialAreaCode: 'T16000-1', severity: 'serious', casualties: { deaths: 0, injuries: 1 } }),
      { type: 'ReclassifyIncident', incidentId: ID, labels: ['crime.social-order', 'social-evil.gambling'], severity: null, casualties: { deaths: 1, injuries: 0 }, reason: 'x' },
      { type: 'RelocateIncident', incidentId: ID, localityCode: '16001', residentialAreaCode: 'T16001-1', reason: 'y' },
      { type: 'RetractIncident', incidentId: ID, reason: 'z' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['IncidentRecorded', 'IncidentReclassified', 'IncidentRelocated', 'IncidentRetracted']);
    const previous = events.slice(1).map((e) => ('previous' in e.data ? e.data.previous : undefined));
    expect(previous).toEqual(events.slice(1).map((_, i) => factsAfter(events.slice(0, i + 1))));
    // The same, spelled out: each correction carries what the one before it made of the incident.
    expect(previous).toEqual([
      { localityCode: '16000', residentialAreaCode: 'T16000-1', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['crime.social-order'], severity: 'serious', casualties: { deaths: 0, injuries: 1 } },
      { localityCode: '16000', residentialAreaCode: 'T16000-1', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['crime.social-order', 'social-evil.gambling'], casualties: { deaths: 1, injuries: 0 } },
      { localityCode: '16001', residentialAreaCode: 'T16001-1', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['crime.social-order', 'social-evil.gambling'], casualties: { deaths: 1, injuries: 0 } },
    ]);
    expect(previous[1]).not.toHaveProperty('severity');
    expect(events.every(satisfiesSchema)).toBe(true);
  });

  it('DisputeResolvedAtGrassroots.facts equals the facts at resolution', () => {
    const events = run([
      record({ labels: ['mass-complaint'], residentialAreaCode: 'T16000-1' }),
      { type: 'ReclassifyIncident', incidentId: ID, labels: ['mass-complaint', 'prolonged-dispute'], reason: 'dragged on' },
      { type: 'RelocateIncident', incidentId: ID, localityCode: '16001', reason: 'wrong commune' },
      { type: 'ResolveDisputeAtGrassroots', incidentId: ID, resolvedOn: '2023-04-10', resolvedBy: 'Tổ hòa giải' },
    ]);
    const resolved = events[3]!;
    expect(resolved.type).toBe('DisputeResolvedAtGrassroots');
    const facts = resolved.type === 'DisputeResolvedAtGrassroots' ? resolved.data.facts : undefined;
    expect(facts).toEqual(factsAfter(events.slice(0, 3)));
    expect(facts).toEqual({ localityCode: '16001', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['mass-complaint', 'prolonged-dispute'] });
    expect(events.every(satisfiesSchema)).toBe(true);
  });
});

describe('currentIncident', () => {
  it('folds an incident to its current facts', () => {
    const events: IncidentEventBody[] = [recorded({ labels: ['prolonged-dispute'], residentialAreaCode: 'T16000-1', severity: 'serious', casualties: { deaths: 0, injuries: 1 } })];
    events.push({ type: 'IncidentReclassified', data: { incidentId: ID, labels: ['prolonged-dispute', 'crime.social-order'], severity: null, reason: 'x', previous: factsAfter(events) } });
    events.push({ type: 'IncidentRelocated', data: { incidentId: ID, localityCode: '16001', reason: 'y', previous: factsAfter(events) } });
    events.push({ type: 'DisputeResolvedAtGrassroots', data: { incidentId: ID, resolvedOn: '2023-04-10', note: 'hòa giải thành', facts: factsAfter(events) } });
    const now = currentIncident(events);
    expect(now).toEqual({
      incidentId: ID,
      localityCode: '16001',
      occurredOn: '2023-03-04',
      reportedOn: '2023-03-05',
      labels: ['prolonged-dispute', 'crime.social-order'],
      casualties: { deaths: 0, injuries: 1 },
      retracted: false,
      disputeResolvedOn: '2023-04-10',
      disputeResolution: { resolvedOn: '2023-04-10', note: 'hòa giải thành' },
      revisions: 2,
    });
    expect(now).not.toHaveProperty('severity');
    expect(now).not.toHaveProperty('residentialAreaCode');
  });

  it('ignores the facts carried by corrections and resolutions', () => {
    const elsewhere: IncidentFacts = { localityCode: '16003', occurredOn: '2019-01-01', reportedOn: '2019-01-02', labels: ['traffic-accident'], severity: 'especially-serious', casualties: { deaths: 9, injuries: 9 } };
    const start = recorded({ labels: ['prolonged-dispute'], severity: 'serious' });
    // The same corrections, each carrying `previous` (or `facts`) as given.
    const corrections = (previous: IncidentFacts): IncidentEventBody[] => [
      { type: 'IncidentReclassified', data: { incidentId: ID, labels: ['prolonged-dispute', 'crime.social-order'], reason: 'x', previous } },
      { type: 'IncidentRelocated', data: { incidentId: ID, localityCode: '16001', reason: 'y', previous } },
      { type: 'DisputeResolvedAtGrassroots', data: { incidentId: ID, resolvedOn: '2023-04-10', facts: previous } },
      { type: 'IncidentRetracted', data: { incidentId: ID, reason: 'z', previous } },
    ];
    const honest = [start, ...corrections(factsAfter([start]))];
    const misleading = [start, ...corrections(elsewhere)];
    expect(currentIncident(misleading)).toEqual(currentIncident(honest));
    expect(currentIncident(misleading)).toMatchObject({ localityCode: '16001', severity: 'serious', labels: ['prolonged-dispute', 'crime.social-order'], retracted: true, revisions: 2 });
    expect(currentIncident(misleading)).not.toHaveProperty('casualties');
    let a = evolveIncident(null, start);
    let b = a;
    for (let i = 1; i < honest.length; i++) {
      a = evolveIncident(a, honest[i]!);
      b = evolveIncident(b, misleading[i]!);
      expect(b).toEqual(a);
    }
  });

  it('marks a retracted incident and is undefined before recording', () => {
    expect(currentIncident(andRetracted(recorded()))).toMatchObject({ retracted: true, retractionReason: 'duplicate' });
    expect(currentIncident([])).toBeUndefined();
    expect(currentIncident([retractedAfter([recorded()])])).toBeUndefined();
  });

  it('names the incident stream', () => {
    expect(incidentStreamId(ID)).toBe('incident-7f3a9c');
  });
});

describe('incident error codes', () => {
  it('every code has a test', () => {
    expect([...covered].sort()).toEqual([...INCIDENT_ERROR_CODES].sort());
  });
});
