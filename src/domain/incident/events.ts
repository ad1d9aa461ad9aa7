/**
 * Incident events. One stream per incident (`incident-<incidentId>`); an
 * incident is recorded once, then reclassified, relocated, retracted (when it
 * was recorded in error) or, for disputes and mass complaints, marked resolved
 * at the grassroots. Nothing is deleted: corrections are new events.
 *
 * @module
 */
import { z } from 'zod';
import { defineEvent, type BodyOf, type EventOf } from '../../kernel/index.js';
import { Code, IsoDate, Name, Text } from '../shared/values.js';
import { Label, Severity } from './labels.js';

/** Non-empty free text (a reason, a resolution). */
const NonBlankText = Text.refine((s) => s.trim() !== '', 'must not be empty');

/**
 * Deaths and injuries caused by an incident (non-negative integers).
 *
 * @example
 * ```ts
 * Casualties.parse({ deaths: 1, injuries: 2 });
 * Casualties.safeParse({ deaths: -1, injuries: 0 }).success; // false
 * ```
 */
export const Casualties = z.strictObject({
  deaths: z.number().int().min(0),
  injuries: z.number().int().min(0),
});
/** Deaths and injuries caused by an incident. */
export type Casualties = z.infer<typeof Casualties>;

/**
 * The labels of an incident: at least one, each at most once.
 *
 * @example
 * ```ts
 * IncidentLabels.parse(['crime.social-order', 'social-evil.gambling']);
 * IncidentLabels.safeParse(['traffic-accident', 'traffic-accident']).success; // false
 * ```
 */
export const IncidentLabels = z
  .array(Label)
  .min(1)
  .max(32)
  .superRefine((labels, ctx) => {
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate label ${JSON.stringify(l)}` });
    });
  });

/**
 * The labels that make an incident a dispute or complaint that can be resolved at the grassroots.
 *
 * @example
 * ```ts
 * DISPUTE_LABELS; // ['mass-complaint', 'prolonged-dispute']
 * ```
 */
export const DISPUTE_LABELS = ['mass-complaint', 'prolonged-dispute'] as const;

/**
 * True when an incident with these labels is a mass complaint or a prolonged dispute.
 *
 * @example
 * ```ts
 * isDispute(['prolonged-dispute']); // true
 * isDispute(['crime.social-order']); // false
 * ```
 */
export function isDispute(labels: readonly string[]): boolean {
  return labels.some((l) => (DISPUTE_LABELS as readonly string[]).includes(l));
}

/**
 * The countable facts of an incident at one moment. Corrections carry the
 * facts they replace, so that a fold can move the incident out of its old
 * aggregate cell without keeping every incident in memory.
 *
 * @example
 * ```ts
 * IncidentFacts.parse({ localityCode: '15913', occurredOn: '2024-03-02', reportedOn: '2024-03-03', labels: ['crime.social-order'] });
 * ```
 */
export const IncidentFacts = z.strictObject({
  localityCode: Code,
  residentialAreaCode: Code.optional(),
  occurredOn: IsoDate,
  reportedOn: IsoDate,
  labels: IncidentLabels,
  severity: Severity.optional(),
  casualties: Casualties.optional(),
  /** Set once a dispute or mass complaint was resolved at the grassroots. */
  disputeResolvedOn: IsoDate.optional(),
});
/** The countable facts of an incident. */
export type IncidentFacts = z.infer<typeof IncidentFacts>;

/**
 * An incident is recorded: where (a commune-level unit, optionally one of its
 * residential areas), when it occurred and when it was reported, what it is
 * (labels, Penal Code severity) and its casualties.
 *
 * @example
 * ```ts
 * IncidentRecorded.create({
 *   incidentId: '7f3a9c', localityCode: '16000', occurredOn: '2023-03-04', reportedOn: '2023-03-05',
 *   labels: ['crime.social-order'], severity: 'serious', casualties: { deaths: 0, injuries: 1 },
 * });
 * ```
 */
export const IncidentRecorded = defineEvent(
  'IncidentRecorded',
  z.strictObject({
    incidentId: Code,
    /** A commune-level unit (xã, phường, thị trấn) existing on `occurredOn`. */
    localityCode: Code,
    /** A residential area (thôn, bản, tổ dân phố) of that commune on `occurredOn`. */
    residentialAreaCode: Code.optional(),
    occurredOn: IsoDate,
    reportedOn: IsoDate,
    labels: IncidentLabels,
    /** Penal Code class by the clause charged; absent when not (yet) a crime. */
    severity: Severity.optional(),
    casualties: Casualties.optional(),
    description: Text.optional(),
    /** A reference in another system (case file number, import key). */
    externalRef: Text.max(200).optional(),
  }),
);

/**
 * An incident's classification changes: only the fields present change
 * (`severity: null` clears the severity). At least one must be present.
 *
 * @example
 * ```ts
 * IncidentReclassified.create({ incidentId: '7f3a9c', severity: 'very-serious', reason: 'charged under clause 3' });
 * ```
 */
export const IncidentReclassified = defineEvent(
  'IncidentReclassified',
  z
    .strictObject({
      incidentId: Code,
      labels: IncidentLabels.optional(),
      severity: Severity.nullable().optional(),
      casualties: Casualties.optional(),
      reason: NonBlankText,
      /** The facts before this correction (filled in by the decider). */
      previous: IncidentFacts,
    })
    .refine((d) => d.labels !== undefined || d.severity !== undefined || d.casualties !== undefined, {
      message: 'must change labels, severity or casualties',
    }),
);

/**
 * An incident's place is corrected (the locality rules of recording apply on its `occurredOn`).
 *
 * @example
 * ```ts
 * IncidentRelocated.create({ incidentId: '7f3a9c', localityCode: '16001', reason: 'wrong commune in the first report' });
 * ```
 */
export const IncidentRelocated = defineEvent(
  'IncidentRelocated',
  z.strictObject({
    incidentId: Code,
    localityCode: Code,
    residentialAreaCode: Code.optional(),
    reason: NonBlankText,
    /** The facts before this correction (filled in by the decider). */
    previous: IncidentFacts,
  }),
);

/**
 * An incident was recorded in error: it no longer counts anywhere.
 *
 * @example
 * ```ts
 * IncidentRetracted.create({ incidentId: '7f3a9c', reason: 'duplicate of 7f3a9b' });
 * ```
 */
export const IncidentRetracted = defineEvent(
  'IncidentRetracted',
  z.strictObject({
    incidentId: Code,
    reason: NonBlankText,
    /** The facts of the incident withdrawn (filled in by the decider). */
    previous: IncidentFacts,
  }),
);

/**
 * A mass complaint or prolonged dispute is settled at the grassroots (giải quyết tại cơ sở).
 *
 * @example
 * ```ts
 * DisputeResolvedAtGrassroots.create({ incidentId: '7f3a9c', resolvedOn: '2023-04-10', resolvedBy: 'Tổ hòa giải thôn 3' });
 * ```
 */
export const DisputeResolvedAtGrassroots = defineEvent(
  'DisputeResolvedAtGrassroots',
  z.strictObject({
    incidentId: Code,
    resolvedOn: IsoDate,
    resolvedBy: Name.optional(),
    note: Text.optional(),
    /** The incident's facts when it was resolved (filled in by the decider). */
    facts: IncidentFacts,
  }),
);

/**
 * Every incident event definition.
 *
 * @example
 * ```ts
 * const registry = eventRegistry([...incidentEventDefinitions, ...localityEventDefinitions]);
 * ```
 */
export const incidentEventDefinitions = [IncidentRecorded, IncidentReclassified, IncidentRelocated, IncidentRetracted, DisputeResolvedAtGrassroots] as const;

/** A stored incident event. */
export type IncidentEvent = EventOf<(typeof incidentEventDefinitions)[number]>;
/** The `{type, data}` part of an incident event. */
export type IncidentEventBody = BodyOf<IncidentEvent>;

/**
 * The stream of one incident.
 *
 * @example
 * ```ts
 * incidentStreamId('7f3a9c'); // 'incident-7f3a9c'
 * ```
 */
export function incidentStreamId(incidentId: string): string {
  return `incident-${incidentId}`;
}
