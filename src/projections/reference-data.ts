/**
 * Which events are reference data: the ones the ledger appends from the
 * data it ships (the GSO register, the built-in criteria), marked
 * `source: { api: 'reference-data' }`. As-of queries treat them as known
 * from their effective date, not from the day they were loaded
 * (docs/decisions/0007-as-of-in-vietnam-time.md).
 *
 * @module
 */
import type { StoredEvent } from '../kernel/index.js';

/**
 * True when the event was appended as reference data.
 *
 * @example
 * ```ts
 * isReferenceData({ metadata: { source: { api: 'reference-data' } } }); // true
 * ```
 */
export function isReferenceData(event: Pick<StoredEvent, 'metadata'>): boolean {
  const source = (event.metadata as { source?: { api?: unknown } } | undefined)?.source;
  return source?.api === 'reference-data';
}
