/**
 * Attested facts folded from events: per (unit, fact, year), every
 * attestation in recorded order; the last one is the current value.
 *
 * @module
 */
import type { IsoDate } from '../shared/values.js';
import type { FactEventBody } from './events.js';

/** One attestation of a fact. */
export interface Attestation {
  readonly value: boolean;
  readonly attestedBy: string;
  readonly attestedOn: IsoDate;
  readonly note?: string;
}

/** A fact about a unit and a year, with its attestations (the last is current). */
export interface FactRecord {
  readonly localityCode: string;
  readonly fact: string;
  readonly year: number;
  /** In recorded order; never empty. */
  readonly attestations: readonly Attestation[];
}

/** Options of {@link factValue}. */
export interface FactQueryOptions {
  /** Only attestations made on or before this day count. */
  readonly asOf?: IsoDate;
}

/**
 * Applies one fact event to a list of fact records.
 *
 * @example
 * ```ts
 * const facts = events.reduce(evolveFacts, [] as readonly FactRecord[]);
 * ```
 */
export function evolveFacts(list: readonly FactRecord[], event: FactEventBody): readonly FactRecord[] {
  const d = event.data;
  const a: Attestation = { value: d.value, attestedBy: d.attestedBy, attestedOn: d.attestedOn, ...(d.note !== undefined ? { note: d.note } : {}) };
  const i = list.findIndex((f) => f.localityCode === d.localityCode && f.fact === d.fact && f.year === d.year);
  if (i < 0) return [...list, { localityCode: d.localityCode, fact: d.fact, year: d.year, attestations: [a] }];
  const out = [...list];
  const f = list[i]!;
  out[i] = { ...f, attestations: [...f.attestations, a] };
  return out;
}

/**
 * Folds fact events (of one unit or many) into fact records.
 *
 * @example
 * ```ts
 * const facts = attestedFacts(events);
 * factValue(facts, '16000', 'q1-resolution', 2023); // true
 * ```
 */
export function attestedFacts(events: Iterable<FactEventBody>): FactRecord[] {
  let list: readonly FactRecord[] = [];
  for (const e of events) list = evolveFacts(list, e);
  return [...list];
}

/**
 * The current value of a fact for a unit and year (the last attestation, or
 * the last made on or before `asOf`); `undefined` when never attested (no data).
 *
 * @example
 * ```ts
 * factValue(facts, '16000', 'police-officer-disciplined', 2023); // false
 * factValue(facts, '16000', 'movement-model-effective', 2019); // undefined
 * ```
 */
export function factValue(facts: readonly FactRecord[], localityCode: string, fact: string, year: number, options: FactQueryOptions = {}): boolean | undefined {
  const rec = facts.find((f) => f.localityCode === localityCode && f.fact === fact && f.year === year);
  if (rec === undefined) return undefined;
  const { asOf } = options;
  for (let i = rec.attestations.length - 1; i >= 0; i--) {
    const a = rec.attestations[i]!;
    if (asOf === undefined || a.attestedOn <= asOf) return a.value;
  }
  return undefined;
}
