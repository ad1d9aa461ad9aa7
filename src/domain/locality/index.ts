/**
 * Localities: the effective-dated administrative register with lineage.
 *
 * @module
 */
import { eventRegistry } from '../../kernel/index.js';
import { localityEventDefinitions } from './events.js';

export * from './events.js';
export * from './locality-history.js';
export * from './comparison-groups.js';
export { LOCALITY_ERROR_CODES, LocalityCommandSchema, decideAll, localityDecider, parseLocalityCommand } from './decider.js';
export type { LocalityCommand, LocalityErrorCode } from './decider.js';
export { ChangesFile, LineageEvidenceFile, ReformFile, UnitsSnapshotFile, lineageEvidenceCommands, registerCommandsFromReference } from './reference-register.js';
export type { ReferenceData, ReferenceReport } from './reference-register.js';

/**
 * A registry of the locality events alone (for a store that only keeps a register).
 *
 * @example
 * ```ts
 * const store = memoryStore({ events: localityEventRegistry });
 * ```
 */
export const localityEventRegistry = eventRegistry(localityEventDefinitions);
