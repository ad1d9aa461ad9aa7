/**
 * Comparison groups: which present localities can be compared with an
 * earlier period alone, and which only together.
 *
 * Take the lineage between the periods compared and the hierarchy date: on
 * one side the units on `at`, on the other the units that recorded incidents
 * in the periods. Incidents of an earlier unit whose territory went, or may
 * have gone, to several present units (a dissolution whose receiver is
 * unknown, a division without shares) cannot be given to one of them. Each
 * such uncertainty links the present units it may lie in. A present unit
 * with no link is exact and is compared alone; the others are compared in
 * the connected components of the links: the smallest sets of present units
 * whose combined territory is exact. A component holds every unit that an
 * uncertainty inside it may reach, so its counts are exact; a proper part of
 * it leaves some uncertainty half inside, so no smaller set is exact.
 *
 * The links are found with {@link LocalityHistory.attribution}, the rule by
 * which counts are rebased, half-month by half-month: whatever incidents are
 * recorded, a locality compared alone gets an exact count, and so does a
 * group. Pure: the register history in, the partition out.
 *
 * @module
 */
import { halfMonthsOf } from '../shared/period.js';
import { addDays, type IsoDate } from '../shared/values.js';
import { divisionTargetsOf, receivingCodes, type LocalityHistory, type ReorganisationStep } from './locality-history.js';

/** A comparison-group query. */
export interface ComparisonGroupsQuery {
  /** The level of the localities compared. */
  readonly level: 'commune' | 'district';
  /** Only localities under this unit (e.g. the province). */
  readonly within: string;
  /** The hierarchy date: localities as they stand on this day. */
  readonly at: IsoDate;
  /** The stretches compared (e.g. the baseline year and the year reported), on half-month boundaries. */
  readonly periods: ReadonlyArray<{ readonly from: IsoDate; readonly to: IsoDate }>;
}

/** A unit named in a missing fact, as it stood on the fact's date. */
export interface NamedUnit {
  readonly code: string;
  readonly name: string;
}

/** A fact that, once recorded, would split a group; `id` names it (`receiver:<code>:<date>`, `shares:<code>:<date>:<targets>`, `day:<code>:<from>`). */
export type MissingFact = { readonly id: string } & (
  | {
      /** The receiver of a dissolved unit (`IdentifyReceiver`, or `IdentifyDivision` when it was divided). */
      readonly kind: 'receiver';
      readonly unit: NamedUnit;
      readonly date: IsoDate;
      readonly legalBasis: string;
      readonly possibleReceivers: readonly NamedUnit[];
    }
  | {
      /** The shares of a division (`AllocateShares`): a split, a part transfer, or a dissolution divided among receivers. */
      readonly kind: 'shares';
      readonly of: 'split' | 'part_transfer' | 'division';
      readonly unit: NamedUnit;
      readonly date: IsoDate;
      readonly legalBasis: string;
      readonly targets: readonly NamedUnit[];
    }
  | {
      /** The unit's territory changed inside a half-month: the day of its incidents of that half-month is not kept. */
      readonly kind: 'day_within_half_month';
      readonly unit: NamedUnit;
      readonly from: IsoDate;
      readonly to: IsoDate;
    }
);

/**
 * The id of a comparison group: its members' codes, sorted (by code unit,
 * as `Array.prototype.sort` does), joined by `+`. Unit codes cannot contain
 * `+`, so a group id is never a unit code.
 *
 * @example
 * ```ts
 * groupIdOf(['15286', '15271']); // '15271+15286'
 * ```
 */
export function groupIdOf(codes: readonly string[]): string {
  return [...codes].sort().join('+');
}

/** Localities compared together. */
export interface ComparisonGroup {
  /** The members' codes joined by `+` (stable: the same members give the same id). */
  readonly id: string;
  /** Present localities, by code. */
  readonly members: readonly NamedUnit[];
  /** Every fact whose absence links the members, each once. */
  readonly missing: readonly MissingFact[];
  /**
   * True when the group is every locality of the level under `within`: it
   * cannot be split without the missing facts, and its verdict would be that
   * of `within` itself.
   */
  readonly whole: boolean;
  /** True when some territory in doubt may lie outside `within` (the group then has no exact count). */
  readonly escapes: boolean;
}

/** Present localities partitioned into those compared alone and the groups. */
export interface ComparisonPartition {
  readonly level: 'commune' | 'district';
  readonly within: string;
  readonly at: IsoDate;
  /** Every present locality of the level under `within`, by code. */
  readonly localities: readonly string[];
  /** Localities whose footprint is exact, by code. */
  readonly alone: readonly string[];
  /** The groups, by their first member's code. */
  readonly groups: readonly ComparisonGroup[];
  /** The group a locality is in, or `undefined` when it is compared alone (or not a locality of the partition). */
  groupOf(code: string): ComparisonGroup | undefined;
}

const OUTSIDE = '\u0000outside';

/**
 * Partitions the present localities of a level into those compared alone and
 * the smallest groups whose combined footprint is exact.
 *
 * @example
 * ```ts
 * const p = comparisonGroups(history, { level: 'commune', within: '38', at: '2025-12-31', periods: [periodOf('calendar-year', 2019), periodOf('calendar-year', 2025)] });
 * p.groups.map((g) => g.members.map((m) => m.name).join(' + ')); // e.g. 'Xã Hà Trung + Xã Hoạt Giang'
 * ```
 */
export function comparisonGroups(history: LocalityHistory, query: ComparisonGroupsQuery): ComparisonPartition {
  const { level, within, at } = query;
  const h = history.hierarchyAt(at);
  const present = history.unitsUnder(within, level, at).map((u) => u.code);
  const presentSet = new Set(present);
  const empty: ComparisonPartition = { level, within, at, localities: [], alone: [], groups: [], groupOf: () => undefined };
  if (present.length === 0) return empty;
  // The present locality that holds each commune-level unit on `at`.
  const ownerOf = (commune: string): string => {
    if (presentSet.has(commune)) return commune;
    if (level === 'district') for (const a of history.ancestorsAt(commune, at)) if (presentSet.has(a)) return a;
    return OUTSIDE;
  };

  // Links: one per distinct set of present localities an uncertainty may lie in, with the facts behind it.
  const links = new Map<string, { members: string[]; facts: Map<string, MissingFact> }>();
  const nameOn = (code: string, date: IsoDate): string => history.at(code, date)?.name ?? history.unit(code)?.versions.at(-1)?.name ?? code;
  const named = (code: string, date: IsoDate): { code: string; name: string } => ({ code, name: nameOn(code, date) });
  // The present localities a unit's territory on `date` lies in (a fact whose units all lie in one of them splits nothing).
  const ownersFrom = (codes: readonly string[], date: IsoDate): Set<string> => {
    const out = new Set<string>();
    for (const c of codes) {
      // a receiver that closed that same day (merged on): its territory from the day before, through that change
      const t = history.territoryOf(c, date, at) ?? history.territoryOf(c, addDays(date, -1), at);
      for (const k of t?.known ?? []) out.add(ownerOf(k.code));
      for (const g of t?.unknown ?? []) for (const x of g.among) out.add(ownerOf(x));
    }
    return out;
  };
  /** The fact a step leaves missing, if any; `relevant` says whether knowing it could split present localities. */
  const factOfStep = (s: ReorganisationStep): { fact: MissingFact; relevant: boolean } | undefined => {
    const before = addDays(s.date, -1);
    const relevant = ownersFrom(receivingCodes(s), s.date).size >= 2;
    if (s.type === 'dissolve' && s.receiver === undefined && s.division === undefined) {
      return { relevant, fact: { id: `receiver:${s.code}:${s.date}`, kind: 'receiver', unit: named(s.code, before), date: s.date, legalBasis: s.legalBasis, possibleReceivers: s.possibleReceivers.map((c) => named(c, s.date)) } };
    }
    if (s.type === 'merge') return undefined;
    const source = s.type === 'split' ? s.source : s.code;
    const division = divisionTargetsOf(s, source);
    if (division === undefined || division.every((t) => t.allocation !== undefined)) return undefined;
    const of = s.type === 'dissolve' ? 'division' : s.partial !== undefined ? 'part_transfer' : 'split';
    const targets = division.map((t) => named(t.code, s.date));
    return {
      relevant,
      fact: { id: `shares:${source}:${s.date}:${groupIdOf(targets.map((t) => t.code))}`, kind: 'shares', of, unit: named(source, before), date: s.date, legalBasis: s.type === 'dissolve' ? (s.division?.legalBasis ?? s.legalBasis) : s.legalBasis, targets },
    };
  };

  // Only units related through lineage to the present localities can leave a doubt among them, and only those that changed.
  const basics = present.flatMap((c) => history.basicUnitsOf(c, at));
  const related = new Set<string>();
  for (const p of query.periods) for (const c of history.relatedUnits(basics, p.from, p.to, at)) related.add(c);
  const seen = new Set<object>();
  for (const code of [...related].sort()) {
    const u = history.unit(code);
    if (u === undefined || !u.versions.some((v) => v.kind === 'xa' || v.kind === 'phuong' || v.kind === 'thi-tran')) continue;
    for (const p of query.periods) {
      if (u.establishedOn > p.to || (u.closedOn !== null && u.closedOn <= p.from)) continue;
      // a unit unchanged from the period to `at` leaves no doubt
      if (!history.changesWithin(code, addDays(p.from < at ? p.from : at, -1), p.to > at ? p.to : at) && history.at(code, at) !== undefined && u.establishedOn <= p.from) continue;
      let previous: string | undefined;
      for (const half of halfMonthsOf(p.from, p.to)) {
        if (half.to < u.establishedOn || (u.closedOn !== null && u.closedOn <= half.from)) continue;
        // a half-month attributed by the same territory as the one before has the same answer: skip it without asking
        const key = history.territoryKey(code, half.from, half.to, at);
        if (key !== undefined && key === previous) continue;
        previous = key;
        const a = history.attribution(u.code, half.from, half.to, at);
        if (a === undefined || a.unknown.length === 0) continue;
        // the half-months of one territory share one answer: its doubts make the same links
        if (a.unknown.every((g) => g.reason !== 'changed_within_half_month')) {
          if (seen.has(a.unknown)) continue;
          seen.add(a.unknown);
        }
        for (const g of a.unknown) {
          const owners = [...new Set(g.among.map(ownerOf))].sort();
          if (!owners.some((o) => o !== OUTSIDE)) continue;
          if (owners.length < 2) continue;
          const key = owners.join('|');
          let link = links.get(key);
          if (link === undefined) links.set(key, (link = { members: owners, facts: new Map() }));
          const facts: MissingFact[] = [];
          if (g.reason === 'changed_within_half_month') facts.push({ id: `day:${u.code}:${half.from}`, kind: 'day_within_half_month', unit: named(u.code, half.from), from: half.from, to: half.to });
          const found = g.because.map(factOfStep).filter((f) => f !== undefined);
          // the facts that could split present localities; all of them when none seems to (the doubt still needs one)
          const relevant = found.filter((f) => f.relevant);
          for (const f of relevant.length > 0 ? relevant : found) facts.push(f.fact);
          for (const f of facts) link.facts.set(f.id, f);
        }
      }
    }
  }

  // Connected components of the links (union-find).
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const c of present) parent.set(c, c);
  // Localities are joined by the present localities of a link only: two doubts that both may reach outside `within` do not tie them.
  for (const l of links.values()) {
    const inside = l.members.filter((m) => m !== OUTSIDE);
    for (const m of inside.slice(1)) union(inside[0]!, m);
  }

  const byRoot = new Map<string, string[]>();
  for (const c of present) {
    const r = find(c);
    byRoot.set(r, [...(byRoot.get(r) ?? []), c]);
  }
  const escaping = new Set<string>();
  const factsByRoot = new Map<string, Map<string, MissingFact>>();
  for (const l of links.values()) {
    const r = find(l.members.find((m) => m !== OUTSIDE)!);
    if (l.members.includes(OUTSIDE)) escaping.add(r);
    const m = factsByRoot.get(r) ?? new Map<string, MissingFact>();
    for (const [k, f] of l.facts) m.set(k, f);
    factsByRoot.set(r, m);
  }
  const alone: string[] = [];
  const groups: ComparisonGroup[] = [];
  for (const [root, members] of byRoot) {
    const escapes = escaping.has(root);
    if (members.length === 1 && !escapes) {
      alone.push(members[0]!);
      continue;
    }
    members.sort();
    const missing = [...(factsByRoot.get(root)?.values() ?? [])];
    groups.push({
      id: groupIdOf(members),
      members: members.map((c) => ({ code: c, name: h.units.get(c)!.name })),
      missing: orderFacts(missing),
      whole: members.length === present.length && present.length > 1,
      escapes,
    });
  }
  alone.sort();
  groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groupByCode = new Map<string, ComparisonGroup>();
  for (const g of groups) for (const m of g.members) groupByCode.set(m.code, g);
  return { level, within, at, localities: [...present].sort(), alone, groups, groupOf: (code) => groupByCode.get(code) };
}

/**
 * Every missing fact of some groups, each once, with the ids of the groups it
 * would help split (in the order the groups list them).
 *
 * @example
 * ```ts
 * missingFactsOf(partition.groups).map(({ fact, groups }) => `${fact.id}: ${groups.length} groups`);
 * ```
 */
export function missingFactsOf(groups: Iterable<ComparisonGroup>): Array<{ readonly fact: MissingFact; readonly groups: readonly string[] }> {
  const facts = new Map<string, { fact: MissingFact; groups: string[] }>();
  for (const g of groups) {
    for (const f of g.missing) {
      const e = facts.get(f.id) ?? { fact: f, groups: [] };
      e.groups.push(g.id);
      facts.set(f.id, e);
    }
  }
  return [...facts.values()];
}

/** Facts by date, then by the unit's code. */
function orderFacts(facts: MissingFact[]): MissingFact[] {
  const dateOf = (f: MissingFact) => (f.kind === 'day_within_half_month' ? f.from : f.date);
  return facts.sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || a.unit.code.localeCompare(b.unit.code) || a.id.localeCompare(b.id));
}
