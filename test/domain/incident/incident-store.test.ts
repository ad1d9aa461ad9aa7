// The incident decider through `handle` on the memory store: appends validate
// against the event schemas, and the fold reads the stored events back.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../adapters/memory/index.js';
import { currentIncident, incidentDecider, incidentEventDefinitions, incidentStreamId, type IncidentEventBody } from '../../../src/domain/incident/index.js';
import { eventRegistry, handle, isDomainRuleError } from '../../../src/kernel/index.js';
import { factsAfter, localities } from './fixtures.js';

describe('incident decider with a store', () => {
  it('records, reclassifies and resolves an incident; a rule violation appends nothing', async () => {
    const store = memoryStore({ events: eventRegistry(incidentEventDefinitions) });
    const decider = incidentDecider({ localities });
    const stream = incidentStreamId('a1');
    await handle(store, stream, decider, { type: 'RecordIncident', incidentId: 'a1', localityCode: '16000', residentialAreaCode: 'T16000-1', occurredOn: '2023-05-01', reportedOn: '2023-05-02', labels: ['mass-complaint'] });
    await handle(store, stream, decider, { type: 'ReclassifyIncident', incidentId: 'a1', labels: ['mass-complaint', 'prolonged-dispute'], reason: 'dragged on' });
    await handle(store, stream, decider, { type: 'ResolveDisputeAtGrassroots', incidentId: 'a1', resolvedOn: '2023-06-01', resolvedBy: 'Tổ hòa giải' });
    const err = await handle(store, stream, decider, { type: 'ResolveDisputeAtGrassroots', incidentId: 'a1', resolvedOn: '2023-06-02' }).catch((e: unknown) => e);
    expect(isDomainRuleError(err, 'dispute_already_resolved')).toBe(true);
    const events: IncidentEventBody[] = [];
    for await (const e of store.readStream(stream)) events.push(e as unknown as IncidentEventBody);
    expect(events.map((e) => e.type)).toEqual(['IncidentRecorded', 'IncidentReclassified', 'DisputeResolvedAtGrassroots']);
    expect(currentIncident(events)).toMatchObject({ labels: ['mass-complaint', 'prolonged-dispute'], disputeResolvedOn: '2023-06-01', residentialAreaCode: 'T16000-1' });
    // The facts carried by the correction and the resolution survive the store (validated on append, read back).
    const [, reclassified, resolved] = events;
    expect(reclassified?.type === 'IncidentReclassified' ? reclassified.data.previous : undefined).toEqual(factsAfter(events.slice(0, 1)));
    expect(resolved?.type === 'DisputeResolvedAtGrassroots' ? resolved.data.facts : undefined).toEqual(factsAfter(events.slice(0, 2)));
    expect(factsAfter(events.slice(0, 2))).toMatchObject({ labels: ['mass-complaint', 'prolonged-dispute'], residentialAreaCode: 'T16000-1' });
    await store.close();
  });
});
