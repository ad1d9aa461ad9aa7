/**
 * Incidents: labels, severities and metrics; the incident events and
 * commands; the incident decider; and the fold of an incident's current facts.
 *
 * @module
 */
export { BUILT_IN_METRICS, FIXED_LABELS, Label, LabelPattern, MetricDefinition, MetricId, SEVERITIES, Severity, labelMatches, metricCounts, severityRank } from './labels.js';
export type { Measure } from './labels.js';
export {
  Casualties,
  DISPUTE_LABELS,
  DisputeResolvedAtGrassroots,
  IncidentFacts,
  IncidentLabels,
  IncidentReclassified,
  IncidentRecorded,
  IncidentRelocated,
  IncidentRetracted,
  incidentEventDefinitions,
  incidentStreamId,
  isDispute,
} from './events.js';
export type { IncidentEvent, IncidentEventBody } from './events.js';
export { IncidentCommand, ReclassifyIncident, RecordIncident, RelocateIncident, ResolveDisputeAtGrassroots, RetractIncident } from './commands.js';
export { currentIncident, evolveIncident } from './incident-state.js';
export type { DisputeResolution, IncidentState } from './incident-state.js';
export { INCIDENT_ERROR_CODES, incidentDecider } from './decider.js';
export type { IncidentDecider, IncidentDeciderDeps, IncidentErrorCode } from './decider.js';
