/**
 * The recognition read model: recognitions (with revocations), attested
 * facts and the key/complex ANTT list, per locality.
 *
 * @module
 */
import { defineProjection, getOwn, setOwn, type StoredEvent } from '../kernel/index.js';
import {
  evolveFacts,
  evolveKeyComplexListing,
  evolveRecognitions,
  factEventDefinitions,
  keyComplexEventDefinitions,
  recognitionEventDefinitions,
  type FactEventBody,
  type FactRecord,
  type KeyComplexEventBody,
  type KeyComplexListing,
  type ListingInterval,
  type Recognition,
  type RecognitionEventBody,
} from '../domain/recognition/index.js';

/** The recognition read model. */
export interface RecognitionState {
  /** locality code → its recognitions. */
  recognitions: Record<string, Recognition[]>;
  /** locality code → its attested facts. */
  facts: Record<string, FactRecord[]>;
  /** The key/complex ANTT list. */
  keyComplex: KeyComplexListing;
  /**
   * The log position of each entry, beside it (the recorded time of the read
   * model), so that the state as known at a past position is a filter (see
   * {@link recognitionsAsOf}).
   */
  stamps: RecognitionStamps;
}

/** Log positions of a {@link RecognitionState}'s entries. */
export interface RecognitionStamps {
  /** code → per recognition (same order): [position recorded, position of its revocation or 0]. */
  recognitions: Record<string, Array<[number, number]>>;
  /** code → per fact record (same order): the position of each attestation. */
  facts: Record<string, number[][]>;
  /** code → per listing interval (same order): [position listed, position delisted or 0]. */
  keyComplex: Record<string, Array<[number, number]>>;
}

const RECOGNITION_TYPES = new Set<string>(recognitionEventDefinitions.map((d) => d.type));
const FACT_TYPES = new Set<string>(factEventDefinitions.map((d) => d.type));

function stampsOf<T>(record: Record<string, T[]>, code: string): T[] {
  let list = getOwn(record, code);
  if (list === undefined) setOwn(record, code, (list = []));
  return list;
}

/**
 * Folds recognition, revocation, attestation and key/complex-list events.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, recognitionProjection);
 * state.recognitions['16000']?.length;
 * ```
 */
export const recognitionProjection = defineProjection<RecognitionState>({
  name: 'recognitions',
  version: 2,
  handles: [...recognitionEventDefinitions, ...factEventDefinitions, ...keyComplexEventDefinitions].map((d) => d.type),
  initialState: () => ({ recognitions: {}, facts: {}, keyComplex: {}, stamps: { recognitions: {}, facts: {}, keyComplex: {} } }),
  apply(state, event: StoredEvent) {
    const code = (event.data as { localityCode: string }).localityCode;
    const at = event.position ?? 0;
    if (RECOGNITION_TYPES.has(event.type)) {
      const before = getOwn(state.recognitions, code) ?? [];
      const after = [...evolveRecognitions(before, event as unknown as RecognitionEventBody)];
      setOwn(state.recognitions, code, after);
      const stamps = stampsOf(state.stamps.recognitions, code);
      if (after.length > before.length) stamps.push([at, 0]);
      else after.forEach((r, i) => {
        if (r.revocation !== undefined && before[i]!.revocation === undefined) stamps[i]![1] = at;
      });
    } else if (FACT_TYPES.has(event.type)) {
      const before = getOwn(state.facts, code) ?? [];
      const after = [...evolveFacts(before, event as unknown as FactEventBody)];
      setOwn(state.facts, code, after);
      const stamps = stampsOf(state.stamps.facts, code);
      if (after.length > before.length) stamps.push([at]);
      else after.forEach((f, i) => {
        if (f.attestations.length > before[i]!.attestations.length) stamps[i]!.push(at);
      });
    } else {
      const before = getOwn(state.keyComplex, code) ?? [];
      state.keyComplex = evolveKeyComplexListing(state.keyComplex, event as unknown as KeyComplexEventBody);
      const after = getOwn(state.keyComplex, code) ?? [];
      const stamps = stampsOf(state.stamps.keyComplex, code);
      if (after.length > before.length) stamps.push([at, 0]);
      else if (after.length > 0 && after[after.length - 1] !== before[before.length - 1]) stamps[stamps.length - 1]![1] = at;
    }
  },
});

/**
 * The recognition read model as known at log position `position`: the
 * entries recorded by then, each revocation, attestation and delisting
 * recorded later taken away. Equal to folding the log up to `position`.
 *
 * @example
 * ```ts
 * const filed = recognitionsAsOf(live, await store.positionAt('2025-01-20T23:59:59Z'));
 * ```
 */
export function recognitionsAsOf(state: RecognitionState, position: number): RecognitionState {
  const out: RecognitionState = { recognitions: {}, facts: {}, keyComplex: {}, stamps: { recognitions: {}, facts: {}, keyComplex: {} } };
  const recognitions = keptAsOf(state.recognitions, state.stamps.recognitions, position, (r) => {
    const { revocation: _later, ...rest } = r;
    return rest;
  });
  out.recognitions = recognitions.entries;
  out.stamps.recognitions = recognitions.stamps;
  for (const [code, list] of Object.entries(state.facts)) {
    const stamps = getOwn(state.stamps.facts, code) ?? [];
    const kept: FactRecord[] = [];
    const keptStamps: number[][] = [];
    list.forEach((f, i) => {
      const at = stamps[i] ?? [];
      const n = at.filter((p) => p <= position).length;
      if (n === 0) return;
      kept.push(n === f.attestations.length ? f : { ...f, attestations: f.attestations.slice(0, n) });
      keptStamps.push(at.slice(0, n));
    });
    if (kept.length > 0) {
      setOwn(out.facts, code, kept);
      setOwn(out.stamps.facts, code, keptStamps);
    }
  }
  const listing = keptAsOf(state.keyComplex, state.stamps.keyComplex, position, (iv) => {
    const { delistedBy: _later, ...rest } = iv;
    return { ...rest, to: null };
  });
  out.stamps.keyComplex = listing.stamps;
  out.keyComplex = listing.entries;
  return out;
}

/**
 * Entries stamped [recorded, closed or 0] as known at `position`: those
 * recorded later dropped, those closed later (revoked, delisted) reopened
 * by `reopen`.
 */
function keptAsOf<T>(
  entries: Readonly<Record<string, readonly T[]>>,
  stamps: Record<string, Array<[number, number]>>,
  position: number,
  reopen: (entry: T) => T,
): { entries: Record<string, T[]>; stamps: Record<string, Array<[number, number]>> } {
  const out: { entries: Record<string, T[]>; stamps: Record<string, Array<[number, number]>> } = { entries: {}, stamps: {} };
  for (const [code, list] of Object.entries(entries)) {
    const at = getOwn(stamps, code) ?? [];
    const kept: T[] = [];
    const keptStamps: Array<[number, number]> = [];
    list.forEach((entry, i) => {
      const [recorded, closed] = at[i] ?? [0, 0];
      if (recorded > position) return;
      const later = closed !== 0 && closed > position;
      kept.push(later ? reopen(entry) : entry);
      keptStamps.push([recorded, later ? 0 : closed]);
    });
    if (kept.length > 0) {
      setOwn(out.entries, code, kept);
      setOwn(out.stamps, code, keptStamps);
    }
  }
  return out;
}
