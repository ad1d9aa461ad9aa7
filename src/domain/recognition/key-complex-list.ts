/**
 * The key/complex ANTT commune list (danh sách xã trọng điểm, phức tạp về
 * ANTT) folded from events: per commune, the intervals it was listed.
 * Pure and JSON-serialisable.
 *
 * @module
 */
import type { Decision, IsoDate } from '../shared/values.js';
import type { KeyComplexEventBody } from './events.js';

/** One stretch on the list: from `from` (inclusive) to `to` (exclusive; `null` while listed). */
export interface ListingInterval {
  readonly from: IsoDate;
  readonly to: IsoDate | null;
  readonly listedBy: Decision;
  readonly delistedBy?: Decision;
}

/** Listing intervals by commune code, oldest first. */
export type KeyComplexListing = Readonly<Record<string, readonly ListingInterval[]>>;

/**
 * The intervals of one commune (empty when never listed).
 *
 * @example
 * ```ts
 * listingIntervals(listing, '16000'); // [{ from: '2022-01-01', to: '2024-01-01', … }]
 * ```
 */
export function listingIntervals(listing: KeyComplexListing, localityCode: string): readonly ListingInterval[] {
  return Object.hasOwn(listing, localityCode) ? (listing[localityCode] ?? []) : [];
}

/**
 * Applies one list event. A delisting of a commune not listed is ignored.
 *
 * @example
 * ```ts
 * const listing = events.reduce(evolveKeyComplexListing, {} as KeyComplexListing);
 * ```
 */
export function evolveKeyComplexListing(listing: KeyComplexListing, event: KeyComplexEventBody): KeyComplexListing {
  const d = event.data;
  const intervals = listingIntervals(listing, d.localityCode);
  const last = intervals[intervals.length - 1];
  switch (event.type) {
    case 'KeyComplexListed':
      if (last !== undefined && last.to === null) return listing;
      return { ...listing, [d.localityCode]: [...intervals, { from: d.effectiveDate, to: null, listedBy: { ...d.decision } }] };
    case 'KeyComplexDelisted':
      if (last === undefined || last.to !== null) return listing;
      return { ...listing, [d.localityCode]: [...intervals.slice(0, -1), { ...last, to: d.effectiveDate, delistedBy: { ...d.decision } }] };
  }
}

/**
 * Folds the list's events into listing intervals by commune.
 *
 * @example
 * ```ts
 * const listing = keyComplexListingOf(await collect(store.readStream(KEY_COMPLEX_LIST_STREAM_ID)));
 * isListed(listing, '16000', '2023-06-30'); // true
 * ```
 */
export function keyComplexListingOf(events: Iterable<KeyComplexEventBody>): KeyComplexListing {
  let listing: KeyComplexListing = {};
  for (const e of events) listing = evolveKeyComplexListing(listing, e);
  return listing;
}

/**
 * True when the commune is on the list on `date`.
 *
 * @example
 * ```ts
 * isListed(listing, '16000', '2024-01-01'); // false: delisted from that day
 * ```
 */
export function isListed(listing: KeyComplexListing, localityCode: string, date: IsoDate): boolean {
  return listingIntervals(listing, localityCode).some((i) => i.from <= date && (i.to === null || date < i.to));
}

/**
 * The communes on the list on `date`, sorted by code.
 *
 * @example
 * ```ts
 * listedOn(listing, '2023-06-30'); // ['16000']
 * ```
 */
export function listedOn(listing: KeyComplexListing, date: IsoDate): string[] {
  return Object.keys(listing)
    .filter((code) => isListed(listing, code, date))
    .sort();
}
