/**
 * What the rest of the domain needs to know about a standard (a criteria set's
 * indicator, or a safety standard such as TT 124's "An toàn về ANTT"): its
 * id, the scope of units it applies to, and its title.
 *
 * @module
 */
import type { IsoDate, LocalityKind } from '../shared/values.js';

/** The scope of a criteria set. */
export type CriteriaScope = 'commune' | 'district' | 'residential';

/** A standard that can be recognised for a unit. */
export interface StandardInfo {
  /** `<setId>:<indicator code>`, e.g. `commune-standard-2021:19.2`. */
  readonly id: string;
  readonly setId: string;
  readonly indicator: string;
  readonly scope: CriteriaScope;
  /** The kinds of unit it can be recognised for (commune NTM sets: `xa` only). */
  readonly appliesTo: readonly LocalityKind[];
  readonly title: { readonly vi: string; readonly en: string };
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

/** Looks standards up by id. */
export interface StandardCatalogue {
  standard(id: string): StandardInfo | undefined;
  standards(): readonly StandardInfo[];
}

/**
 * The id of a standard: `<setId>:<indicator>`.
 *
 * @example
 * ```ts
 * standardId('commune-standard-2021', '19.2'); // 'commune-standard-2021:19.2'
 * ```
 */
export function standardId(setId: string, indicator: string): string {
  return `${setId}:${indicator}`;
}
