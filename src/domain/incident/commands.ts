/**
 * Commands of the incident decider, as strict zod schemas (unknown keys are
 * refused, every invalid field is reported).
 *
 * @module
 */
import { z } from 'zod';
import { DisputeResolvedAtGrassroots, IncidentReclassified, IncidentRecorded, IncidentRelocated, IncidentRetracted } from './events.js';

/**
 * Record a new incident (payload as {@link IncidentRecorded}).
 *
 * @example
 * ```ts
 * RecordIncident.parse({ type: 'RecordIncident', incidentId: '7f3a9c', localityCode: '16000', occurredOn: '2023-03-04', reportedOn: '2023-03-05', labels: ['traffic-accident'] });
 * ```
 */
export const RecordIncident = z.strictObject({ type: z.literal('RecordIncident'), ...IncidentRecorded.schema.shape });
/** Record a new incident. */
export type RecordIncident = z.input<typeof RecordIncident>;

// Commands do not carry the facts a correction replaces: the decider fills them in.
const { previous: _reclassifiedPrevious, ...reclassifyShape } = IncidentReclassified.schema.shape;
const { previous: _relocatedPrevious, ...relocateShape } = IncidentRelocated.schema.shape;
const { previous: _retractedPrevious, ...retractShape } = IncidentRetracted.schema.shape;
const { facts: _resolvedFacts, ...resolveShape } = DisputeResolvedAtGrassroots.schema.shape;

/**
 * Change an incident's labels, severity (`null` clears it) or casualties. Fields equal to the current ones are ignored.
 *
 * @example
 * ```ts
 * ReclassifyIncident.parse({ type: 'ReclassifyIncident', incidentId: '7f3a9c', severity: null, reason: 'charge dropped' });
 * ```
 */
export const ReclassifyIncident = z
  .strictObject({ type: z.literal('ReclassifyIncident'), ...reclassifyShape })
  .refine((d) => d.labels !== undefined || d.severity !== undefined || d.casualties !== undefined, {
    message: 'must change labels, severity or casualties',
  });
/** Change an incident's classification. */
export type ReclassifyIncident = z.input<typeof ReclassifyIncident>;

/**
 * Correct where an incident happened.
 *
 * @example
 * ```ts
 * RelocateIncident.parse({ type: 'RelocateIncident', incidentId: '7f3a9c', localityCode: '16001', reason: 'wrong commune' });
 * ```
 */
export const RelocateIncident = z.strictObject({ type: z.literal('RelocateIncident'), ...relocateShape });
/** Correct where an incident happened. */
export type RelocateIncident = z.input<typeof RelocateIncident>;

/**
 * Retract an incident recorded in error.
 *
 * @example
 * ```ts
 * RetractIncident.parse({ type: 'RetractIncident', incidentId: '7f3a9c', reason: 'duplicate' });
 * ```
 */
export const RetractIncident = z.strictObject({ type: z.literal('RetractIncident'), ...retractShape });
/** Retract an incident recorded in error. */
export type RetractIncident = z.input<typeof RetractIncident>;

/**
 * Mark a mass complaint or prolonged dispute as resolved at the grassroots.
 *
 * @example
 * ```ts
 * ResolveDisputeAtGrassroots.parse({ type: 'ResolveDisputeAtGrassroots', incidentId: '7f3a9c', resolvedOn: '2023-04-10' });
 * ```
 */
export const ResolveDisputeAtGrassroots = z.strictObject({ type: z.literal('ResolveDisputeAtGrassroots'), ...resolveShape });
/** Mark a dispute as resolved at the grassroots. */
export type ResolveDisputeAtGrassroots = z.input<typeof ResolveDisputeAtGrassroots>;

/**
 * Any incident command.
 *
 * @example
 * ```ts
 * IncidentCommand.safeParse({ type: 'RetractIncident', incidentId: '7f3a9c', reason: '' }).success; // false
 * ```
 */
export const IncidentCommand = z.discriminatedUnion('type', [RecordIncident, ReclassifyIncident, RelocateIncident, RetractIncident, ResolveDisputeAtGrassroots]);
/** Any incident command (as a caller writes it). */
export type IncidentCommand = z.input<typeof IncidentCommand>;
