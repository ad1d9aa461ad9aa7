/**
 * The administrative register as an effective-dated history, built from
 * locality events: what existed on any day, under which parent, of which
 * kind, and how today's units are made of yesterday's (lineage, footprint).
 * Pure: no I/O, no clock.
 *
 * @module
 */
import { addDays, levelOf, type IsoDate, type Level, type LocalityKind } from '../shared/values.js';
import { ONE, ZERO, add, compare, mul, rational, toFraction, type Rational } from '../shared/rational.js';
import type { Allocation, Evidence, LocalityEventBody } from './events.js';

/** One stretch of a unit's life with the same name, kind and parent. */
export interface UnitVersion {
  /** First day of this version. */
  readonly from: IsoDate;
  /** First day it no longer holds (exclusive), `null` while current. */
  readonly to: IsoDate | null;
  readonly name: string;
  readonly kind: LocalityKind;
  readonly parentCode: string | null;
}

/** A unit and its whole history. */
export interface LocalityUnit {
  readonly code: string;
  readonly versions: readonly UnitVersion[];
  readonly establishedOn: IsoDate;
  /** The day it closed (merged away, split away, dissolved, level abolished), or `null`. */
  readonly closedOn: IsoDate | null;
}

/** A unit as it stood on one day. */
export interface UnitAt {
  readonly code: string;
  readonly name: string;
  readonly kind: LocalityKind;
  readonly parentCode: string | null;
  readonly level: Level;
}

/** A receiver (or target) of a part, with its exact share when known. */
export interface PartTarget {
  readonly code: string;
  readonly allocation?: Allocation;
  /** What went there (e.g. named villages), when the source says. */
  readonly what?: string;
}

/** A reorganisation that moves territory between units. */
export type ReorganisationStep =
  | {
      readonly type: 'merge';
      readonly seq: number;
      readonly date: IsoDate;
      readonly legalBasis: string;
      readonly target: string;
      readonly sources: readonly string[];
      readonly evidence: Evidence;
    }
  | {
      readonly type: 'split';
      readonly seq: number;
      readonly date: IsoDate;
      readonly legalBasis: string;
      readonly source: string;
      readonly targets: readonly PartTarget[];
      readonly evidence: Evidence;
      /** Set for a part transfer: the source continues, `to` received a part. */
      readonly partial?: { readonly to: string; readonly what?: string };
      /** Set when the allocation was given later (`LocalityShareAllocated`). */
      readonly allocationEvidence?: Evidence;
    }
  | {
      readonly type: 'dissolve';
      readonly seq: number;
      readonly date: IsoDate;
      readonly legalBasis: string;
      readonly code: string;
      readonly possibleReceivers: readonly string[];
      readonly evidence: Evidence;
      /** Set when a later event identified the receiver. */
      readonly receiver: { readonly code: string; readonly legalBasis: string; readonly evidence: Evidence } | undefined;
      /** Set when a later event found that the unit was divided among several receivers. */
      readonly division?: { readonly targets: readonly PartTarget[]; readonly legalBasis: string; readonly evidence: Evidence; readonly allocationEvidence?: Evidence };
    };

/** One link of lineage: territory of `from` went (wholly, partly, or possibly) into `to` on `date`. */
export interface LineageLink {
  readonly from: string;
  readonly to: string;
  readonly date: IsoDate;
  readonly type: 'merge' | 'split' | 'dissolve';
  /** `whole`: all of `from`; `part`: a part (with `allocation` when known); `possible`: `to` may have received `from`. */
  readonly share: 'whole' | 'part' | 'possible';
  readonly allocation?: Allocation;
  readonly legalBasis: string;
}

/** A unit's predecessors and successors, transitively. */
export interface Lineage {
  readonly code: string;
  readonly predecessors: readonly LineageLink[];
  readonly successors: readonly LineageLink[];
}

/** Why a share of territory is not known. */
export type UnknownShareReason = 'split_without_allocation' | 'receiver_unknown';

/** How much of an earlier unit lies inside today's unit. */
export type Share =
  | { readonly kind: 'whole' }
  | { readonly kind: 'fraction'; readonly numerator: number; readonly denominator: number }
  | {
      readonly kind: 'unknown';
      readonly reason: UnknownShareReason;
      readonly among: readonly string[];
      /** The steps that left it unknown (a dissolution without receiver, a division without allocation), in date order. */
      readonly because: readonly ReorganisationStep[];
    };

/** One earlier unit in a footprint. */
export interface FootprintPiece {
  readonly code: string;
  readonly name: string;
  readonly kind: LocalityKind;
  readonly share: Share;
}

/** Which units at `date` make up `code` as it stands at `at`. */
export interface Footprint {
  readonly code: string;
  readonly date: IsoDate;
  readonly at: IsoDate;
  readonly pieces: readonly FootprintPiece[];
  /** True when every share is known exactly (no split without allocation, no unknown receiver). */
  readonly exact: boolean;
  /** The reorganisations between `date` and `at` that touched the pieces. */
  readonly steps: readonly ReorganisationStep[];
}

/** Identifies the state of the register used for a result. */
export interface HierarchyVersion {
  /** The valid-time date of the hierarchy. */
  readonly at: IsoDate;
  /** Number of register changes effective on or before `at`. */
  readonly changes: number;
  /** Effective date of the last of them. */
  readonly lastChange: IsoDate | null;
}

/** The register on one day. */
export interface HierarchyAt {
  readonly date: IsoDate;
  readonly units: ReadonlyMap<string, UnitAt>;
  /** Codes of the units directly under `code`. */
  children(code: string): readonly string[];
  /** Units of a level, sorted by code. */
  ofLevel(level: Level): readonly UnitAt[];
}

/**
 * The last day representable; the default "now" of footprints.
 *
 * @example
 * ```ts
 * history.footprint('15271', '2019-06-30', END_OF_TIME); // on the latest hierarchy
 * ```
 */
export const END_OF_TIME: IsoDate = '9999-12-31';

interface MutableUnit {
  code: string;
  versions: Array<{ from: IsoDate; to: IsoDate | null; name: string; kind: LocalityKind; parentCode: string | null }>;
  establishedOn: IsoDate;
  closedOn: IsoDate | null;
}

interface Index {
  units: Map<string, MutableUnit>;
  steps: ReorganisationStep[];
  changeDates: IsoDate[];
  anomalies: string[];
}

/** A share of territory known to lie in one of several units. */
interface UnknownPart {
  total: Rational;
  among: Set<string>;
  reason: UnknownShareReason;
  /** Indexes (into the steps) of the steps that made or widened the uncertainty. */
  because: Set<number>;
}

/** Where old units' territory lies after some reorganisations. */
interface Distribution {
  known: Map<string, Rational>;
  unknown: UnknownPart[];
  /** Indexes of the steps applied, in order. */
  applied: number[];
  /** Its public form, built once (a distribution never changes once cached). */
  territory?: Territory;
}

/**
 * Where the incidents recorded in one unit over one stretch of days lie on a
 * later hierarchy: exact shares by unit, and shares known only to lie in one
 * of several units.
 */
export interface Attribution {
  readonly known: ReadonlyArray<{ readonly code: string; readonly share: Rational }>;
  readonly unknown: ReadonlyArray<{
    readonly among: readonly string[];
    readonly share: Rational;
    readonly reason: UnknownShareReason | 'territory_changed_after_at' | 'changed_within_half_month';
    /** The steps behind it, in date order. */
    readonly because: readonly ReorganisationStep[];
  }>;
  /** The day whose territory was used. */
  readonly day: IsoDate;
  /** The steps the territory went through from that day to the hierarchy's date, in date order. */
  readonly steps: readonly ReorganisationStep[];
}

/**
 * An immutable, effective-dated history of the administrative register.
 * `with(event)` returns a new history in O(1); indexes are built lazily once
 * per instance.
 *
 * @example
 * ```ts
 * const h = LocalityHistory.from(events);
 * h.kindAt('15856', '2021-01-31'); // 'xa'
 * h.kindAt('15856', '2021-02-01'); // 'phuong'
 * h.footprint('15913', '2019-11-30')?.pieces.map((p) => p.code); // ['15868', '15913']
 * ```
 */
export class LocalityHistory {
  private cached: Index | undefined;
  private readonly territories = new Map<string, Distribution>();
  private stepIndex: Map<string, number[]> | undefined;
  private ranks: Int32Array | undefined;
  private ordered: ReorganisationStep[] | undefined;
  private changeDayIndex: Map<string, IsoDate[]> | undefined;
  /*
   * Answers kept per instance. A history is immutable, so they never go stale:
   * a register event makes a new instance (with empty caches), and every
   * question about the register on a date is answered once per register
   * version, whatever asks it (see docs/decisions/0006-query-layer.md).
   */
  private readonly hierarchies = new Map<IsoDate, HierarchyAt>();
  private readonly basics = new Map<string, readonly string[]>();
  private readonly footprints = new Map<string, Footprint | undefined>();
  /** at → source → `from|to` → attribution */
  private readonly attributions = new Map<IsoDate, Map<string, Map<string, Attribution | undefined>>>();
  private readonly versions = new Map<IsoDate, HierarchyVersion>();
  private readonly days = new Map<string, readonly IsoDate[]>();
  private readonly memos = new Map<string, unknown>();
  /** A later history of the same register whose answers about days before `from` equal this one's (set by `prefix`). */
  private later: { readonly history: LocalityHistory; readonly from: IsoDate } | undefined;

  private constructor(
    private readonly prev: LocalityHistory | undefined,
    private readonly event: LocalityEventBody | undefined,
    /** Number of events in this history. */
    readonly size: number,
  ) {}

  /** The empty register. */
  static readonly empty = new LocalityHistory(undefined, undefined, 0);

  /**
   * A history from events in stream order.
   *
   * @example
   * ```ts
   * const h = LocalityHistory.from(await collectRegister(store, '38'));
   * ```
   */
  static from(events: Iterable<LocalityEventBody>): LocalityHistory {
    let h = LocalityHistory.empty;
    for (const e of events) h = h.with(e);
    return h;
  }

  /** This history plus one more event. */
  with(event: LocalityEventBody): LocalityHistory {
    return new LocalityHistory(this, event, this.size + 1);
  }

  /**
   * The history of this one's first `size` events (an earlier state of the
   * same register).
   *
   * @example
   * ```ts
   * history.with(event).prefix(history.size); // the same history as `history`
   * ```
   */
  prefix(size: number): LocalityHistory {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`history prefix: ${size} is not between 0 and ${this.size}`);
    let h: LocalityHistory = this;
    // the earliest day the later events change; a fact recorded later about an earlier day (a receiver, a
    // division, a part transfer, shares) may change any day
    let from: IsoDate = END_OF_TIME;
    while (h.size > size) {
      const e = h.event!;
      const d = RETROACTIVE.has(e.type) ? '0000-01-01' : (e.data as { effectiveDate: IsoDate }).effectiveDate;
      if (d < from) from = d;
      h = h.prev!;
    }
    // its answers about days before `from` are this history's: share this one's caches
    if (h !== this && h.later === undefined && from > '0000-01-01') h.later = { history: this, from };
    return h;
  }

  /**
   * The history of the events `keep` accepts (by index, in order): the
   * register as known when some of its events were known and others not yet
   * (reference data known from its effective date, recordings from their
   * time). Shares this one's caches for the days before the earliest removed
   * event takes effect, as {@link LocalityHistory.prefix} does.
   *
   * @example
   * ```ts
   * const known = history.subset((i) => i < 1045 || i === 1046); // all but the 1046th event (index 1045)
   * ```
   */
  subset(keep: (index: number) => boolean): LocalityHistory {
    const events = this.events();
    let first = 0;
    while (first < events.length && keep(first)) first++;
    if (first === events.length) return this;
    let h = this.prefix(first);
    let from: IsoDate = END_OF_TIME;
    for (let i = first; i < events.length; i++) {
      const e = events[i]!;
      if (keep(i)) {
        h = h.with(e);
        continue;
      }
      const d = RETROACTIVE.has(e.type) ? '0000-01-01' : (e.data as { effectiveDate: IsoDate }).effectiveDate;
      if (d < from) from = d;
    }
    if (h.later === undefined && from > '0000-01-01') h.later = { history: this, from };
    return h;
  }

  /**
   * The history whose caches may answer questions about days before `date`
   * for this one: a later history of the same register whose further events
   * all take effect on or after `date` (see {@link LocalityHistory.prefix}),
   * else this one.
   *
   * @example
   * ```ts
   * const filed = history.prefix(n); // the register as known on a past day
   * filed.upTo('2024-12-31') === history; // true when nothing recorded since takes effect before 2025
   * ```
   */
  upTo(date: IsoDate): LocalityHistory {
    return this.later !== undefined && date < this.later.from ? this.later.history : this;
  }

  /** The events of this history, in order. */
  events(): LocalityEventBody[] {
    const out: LocalityEventBody[] = new Array(this.size);
    let h: LocalityHistory | undefined = this;
    while (h !== undefined && h.event !== undefined) {
      out[h.size - 1] = h.event;
      h = h.prev;
    }
    return out;
  }

  private get index(): Index {
    if (this.cached === undefined) {
      // Incremental when the previous history has its index: copy-on-write of the units touched.
      const base = this.prev?.cached;
      if (base !== undefined && this.event !== undefined) {
        const index: Index = { units: new Map(base.units), steps: [...base.steps], changeDates: [...base.changeDates], anomalies: [...base.anomalies] };
        applyEvent(index, this.event, this.size - 1, new Set());
        this.cached = index;
      } else {
        const index: Index = { units: new Map(), steps: [], changeDates: [], anomalies: [] };
        const owned = new Set<string>();
        this.events().forEach((e, seq) => applyEvent(index, e, seq, owned));
        this.cached = index;
      }
    }
    return this.cached;
  }

  /** Problems met while replaying events that a decider would have refused (should be empty). */
  get anomalies(): readonly string[] {
    return this.index.anomalies;
  }

  /** Every unit ever registered, by code. */
  get units(): ReadonlyMap<string, LocalityUnit> {
    return this.index.units;
  }

  /** All reorganisation steps, in order. */
  get steps(): readonly ReorganisationStep[] {
    return this.index.steps;
  }

  /** The unit with this code, whatever its state. */
  unit(code: string): LocalityUnit | undefined {
    return this.index.units.get(code);
  }

  /** The unit as it stood on `date`, if it existed then. */
  at(code: string, date: IsoDate): UnitAt | undefined {
    const u = this.index.units.get(code);
    if (u === undefined) return undefined;
    const v = versionAt(u, date);
    return v === undefined ? undefined : { code, name: v.name, kind: v.kind, parentCode: v.parentCode, level: levelOf(v.kind) };
  }

  /** True when the unit existed on `date`. */
  isOpen(code: string, date: IsoDate): boolean {
    return this.at(code, date) !== undefined;
  }

  /** The unit's kind on `date` (undefined if it did not exist). */
  kindAt(code: string, date: IsoDate): LocalityKind | undefined {
    return this.at(code, date)?.kind;
  }

  /** The codes of the unit's ancestors on `date`, nearest first. */
  ancestorsAt(code: string, date: IsoDate): string[] {
    const out: string[] = [];
    let p = this.at(code, date)?.parentCode ?? null;
    while (p !== null && !out.includes(p)) {
      out.push(p);
      p = this.at(p, date)?.parentCode ?? null;
    }
    return out;
  }

  /** The latest effective date of any change touching `code`: its versions, its closing, and reorganisations it took part in. */
  lastChangeOf(code: string): IsoDate | undefined {
    const u = this.index.units.get(code);
    if (u === undefined) return undefined;
    let last = u.closedOn ?? u.versions[u.versions.length - 1]!.from;
    for (const s of this.index.steps) {
      if (s.date <= last) continue;
      if (codesOfStep(s).includes(code)) last = s.date;
    }
    return last;
  }

  /** The register on `date` (built once per date and history). */
  hierarchyAt(date: IsoDate): HierarchyAt {
    if (this.later !== undefined && date < this.later.from) return this.later.history.hierarchyAt(date);
    let h = this.hierarchies.get(date);
    if (h === undefined) {
      h = this.buildHierarchy(date);
      // a bounded cache: a report asks for a handful of dates, a long-running service for more
      if (this.hierarchies.size >= 64) this.hierarchies.delete(this.hierarchies.keys().next().value!);
      this.hierarchies.set(date, h);
    }
    return h;
  }

  /**
   * A value derived from this history alone, computed once per key and
   * history (e.g. a comparison partition): the owner of "the register at a
   * date" for code outside this class. `key` must identify the computation.
   *
   * @example
   * ```ts
   * const p = history.memo(`groups|${JSON.stringify(query)}`, () => comparisonGroups(history, query));
   * ```
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    this.memos.set(key, v);
    return v;
  }

  private buildHierarchy(date: IsoDate): HierarchyAt {
    const units = new Map<string, UnitAt>();
    const children = new Map<string, string[]>();
    for (const u of this.index.units.values()) {
      const v = versionAt(u, date);
      if (v === undefined) continue;
      units.set(u.code, { code: u.code, name: v.name, kind: v.kind, parentCode: v.parentCode, level: levelOf(v.kind) });
    }
    for (const u of [...units.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      if (u.parentCode === null) continue;
      const list = children.get(u.parentCode);
      if (list === undefined) children.set(u.parentCode, [u.code]);
      else list.push(u.code);
    }
    const byLevel = new Map<Level, UnitAt[]>();
    for (const u of units.values()) {
      const list = byLevel.get(u.level);
      if (list === undefined) byLevel.set(u.level, [u]);
      else list.push(u);
    }
    for (const list of byLevel.values()) list.sort((a, b) => a.code.localeCompare(b.code));
    return {
      date,
      units,
      children: (code) => children.get(code) ?? [],
      ofLevel: (level) => byLevel.get(level) ?? [],
    };
  }

  /**
   * The effective date of the register's first event (`null` for an empty
   * register): no unit exists before it.
   *
   * @example
   * ```ts
   * history.firstDate(); // '2019-01-01' for the Thanh Hóa reference register
   * ```
   */
  firstDate(): IsoDate | null {
    let first: IsoDate | null = null;
    for (const d of this.index.changeDates) if (first === null || d < first) first = d;
    return first;
  }

  /**
   * The earliest day from `notBefore` on whose hierarchy is that of `at`
   * (no change takes effect between them); `at` itself when `notBefore` is
   * later. Answers asked on it are shared by every `at` of the same register
   * state: the 2019 baseline on 31 December of 2022, 2023 and 2024 is one.
   *
   * @example
   * ```ts
   * history.sameHierarchyFrom('2019-12-31', '2023-12-31'); // '2021-07-01' when nothing changed after it
   * ```
   */
  sameHierarchyFrom(notBefore: IsoDate, at: IsoDate): IsoDate {
    const last = this.versionAt(at).lastChange;
    const day = last === null || last < notBefore ? notBefore : last;
    return day < at ? day : at;
  }

  /** Identifies the register state on `at`: how many changes were effective and the last one's date. */
  versionAt(at: IsoDate): HierarchyVersion {
    const hit = this.versions.get(at);
    if (hit !== undefined) return hit;
    const v = this.countChanges(at);
    this.versions.set(at, v);
    return v;
  }

  private countChanges(at: IsoDate): HierarchyVersion {
    let changes = 0;
    let last: IsoDate | null = null;
    for (const d of this.index.changeDates) {
      if (d <= at) {
        changes++;
        if (last === null || d > last) last = d;
      }
    }
    return { at, changes, lastChange: last };
  }

  /**
   * The units of `level` under `code` on `date` (its descendants, not
   * itself), sorted by code; kept per history.
   *
   * @example
   * ```ts
   * history.unitsUnder('38', 'district', '2024-12-31').length; // 27
   * ```
   */
  unitsUnder(code: string, level: Level, date: IsoDate): readonly UnitAt[] {
    if (this.later !== undefined && date < this.later.from) return this.later.history.unitsUnder(code, level, date);
    return this.memo(`under|${code}|${level}|${date}`, () => {
      const h = this.hierarchyAt(date);
      const out: UnitAt[] = [];
      const walk = (c: string): void => {
        for (const child of h.children(c)) {
          const u = h.units.get(child)!;
          if (u.level === level) out.push(u);
          walk(child);
        }
      };
      walk(code);
      return Object.freeze(out.sort((a, b) => a.code.localeCompare(b.code)));
    });
  }

  /** The commune-level (or, for a `thon`, residential) units under `code` on `date`, `code` itself for those levels. */
  basicUnitsOf(code: string, date: IsoDate): readonly string[] {
    if (this.later !== undefined && date < this.later.from) return this.later.history.basicUnitsOf(code, date);
    const key = `${code}|${date}`;
    let hit = this.basics.get(key);
    if (hit === undefined) {
      hit = Object.freeze(this.findBasicUnits(code, date));
      this.basics.set(key, hit);
    }
    return hit;
  }

  private findBasicUnits(code: string, date: IsoDate): string[] {
    const u = this.at(code, date);
    if (u === undefined) return [];
    if (u.level === 'commune' || u.level === 'residential') return [code];
    const h = this.hierarchyAt(date);
    const out: string[] = [];
    const walk = (c: string): void => {
      for (const child of h.children(c)) {
        const cu = h.units.get(child)!;
        if (cu.level === 'commune') out.push(child);
        else if (cu.level === 'district') walk(child);
      }
    };
    walk(code);
    return out.sort();
  }

  /**
   * Predecessors and successors of a unit, transitively, with dates and shares.
   *
   * @example
   * ```ts
   * history.lineage('15271').predecessors.filter((l) => l.date === '2025-07-01');
   * ```
   */
  lineage(code: string): Lineage {
    const links = this.allLinks();
    const walk = (start: string, dir: 'back' | 'forward'): LineageLink[] => {
      const out: LineageLink[] = [];
      const seen = new Set<string>();
      const queue: Array<{ code: string; bound: IsoDate }> = [{ code: start, bound: dir === 'back' ? END_OF_TIME : '0000-01-01' }];
      while (queue.length > 0) {
        const { code: c, bound } = queue.shift()!;
        for (const l of links) {
          const hit = dir === 'back' ? l.to === c && l.date <= bound : l.from === c && l.date >= bound;
          if (!hit) continue;
          const key = `${l.from}>${l.to}@${l.date}:${l.type}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(l);
          // an earlier unit's own predecessors are the links before this one (and vice versa)
          queue.push(dir === 'back' ? { code: l.from, bound: addDays(l.date, -1) } : { code: l.to, bound: addDays(l.date, 1) });
        }
      }
      return out.sort((a, b) => (dir === 'back' ? b.date.localeCompare(a.date) : a.date.localeCompare(b.date)) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    };
    return { code, predecessors: walk(code, 'back'), successors: walk(code, 'forward') };
  }

  private allLinks(): LineageLink[] {
    const out: LineageLink[] = [];
    for (const s of this.index.steps) {
      if (s.type === 'merge') {
        for (const src of s.sources) out.push({ from: src, to: s.target, date: s.date, type: 'merge', share: 'whole', legalBasis: s.legalBasis });
      } else if (s.type === 'split') {
        for (const t of s.targets) {
          if (t.code === s.source) continue;
          out.push(t.allocation === undefined ? { from: s.source, to: t.code, date: s.date, type: 'split', share: 'part', legalBasis: s.legalBasis } : { from: s.source, to: t.code, date: s.date, type: 'split', share: 'part', allocation: t.allocation, legalBasis: s.legalBasis });
        }
      } else if (s.receiver !== undefined) {
        out.push({ from: s.code, to: s.receiver.code, date: s.date, type: 'dissolve', share: 'whole', legalBasis: s.receiver.legalBasis });
      } else if (s.division !== undefined) {
        for (const t of s.division.targets) out.push(t.allocation === undefined ? { from: s.code, to: t.code, date: s.date, type: 'dissolve', share: 'part', legalBasis: s.division.legalBasis } : { from: s.code, to: t.code, date: s.date, type: 'dissolve', share: 'part', allocation: t.allocation, legalBasis: s.division.legalBasis });
      } else {
        for (const r of s.possibleReceivers) out.push({ from: s.code, to: r, date: s.date, type: 'dissolve', share: 'possible', legalBasis: s.legalBasis });
      }
    }
    return out;
  }

  /**
   * The units existing on `date` that make up `code` as it stands on `at`
   * (default: its latest state), with their shares. For a district or the
   * province, the union of its communes' footprints; a territory whose
   * possible receivers all lie inside is then whole again.
   *
   * @returns `undefined` when `code` does not exist on `at`, or `date` is after `at`.
   * @example
   * ```ts
   * const f = history.footprint('16591', '2025-06-30', '2025-07-01');
   * f?.pieces.map((p) => [p.code, p.share.kind]); // [['16579', 'whole'], ['16591', 'whole']]
   * ```
   */
  footprint(code: string, date: IsoDate, at: IsoDate = END_OF_TIME): Footprint | undefined {
    return this.footprintOf([code], date, at);
  }

  /**
   * The footprint of several units taken together (e.g. the new communes that
   * share the parts of a split unit): shares inside the group add up.
   *
   * @returns `undefined` when a code does not exist on `at`, or `date` is after `at`.
   * @example
   * ```ts
   * history.footprintOf(['15271', '15286'], '2025-06-30', '2025-07-01')?.exact; // true: both parts of each split unit are inside
   * ```
   */
  footprintOf(codes: readonly string[], date: IsoDate, at: IsoDate = END_OF_TIME): Footprint | undefined {
    if (this.later !== undefined && at < this.later.from) return this.later.history.footprintOf(codes, date, at);
    const key = `${codes.join('+')}|${date}|${at}`;
    if (this.footprints.has(key)) return this.footprints.get(key);
    const f = this.findFootprint(codes, date, at);
    this.footprints.set(key, f);
    return f;
  }

  /**
   * The codes whose territory may flow into `members` through the steps dated
   * in `(date, at]`: `members` and, backwards through each step that moves
   * territory into a code already found, the codes it moves territory from.
   * A superset of the footprint's pieces (step order is ignored), so a
   * footprint reads the distributions of a few units, not of the register.
   */
  private contributorsOf(members: Iterable<string>, date: IsoDate, at: IsoDate): Set<string> {
    const steps = this.index.steps;
    const byCode = this.stepsByCode;
    const found = new Set(members);
    const queue = [...found];
    while (queue.length > 0) {
      const c = queue.pop()!;
      for (const i of byCode.get(c) ?? []) {
        const s = steps[i]!;
        if (s.date <= date || s.date > at || !receivingCodes(s).includes(c)) continue;
        for (const from of s.type === 'merge' ? s.sources : s.type === 'split' ? [s.source] : [s.code]) {
          if (found.has(from)) continue;
          found.add(from);
          queue.push(from);
        }
      }
    }
    return found;
  }

  /**
   * Every unit whose incidents recorded during `from`…`to` may count, whole,
   * in part or in doubt, for `members` on the hierarchy of `at` (see
   * {@link LocalityHistory.attribution}): the units reached from `members`
   * backwards through the steps up to `at` and forwards through those after
   * it, in both directions again from each unit reached. A superset: a count
   * for `members` need only read these units' incidents.
   *
   * @example
   * ```ts
   * history.relatedUnits(['15271'], '2019-01-01', '2019-12-31', '2024-12-31'); // Xã Hà Trung and the units merged into it
   * ```
   */
  relatedUnits(members: readonly string[], from: IsoDate, to: IsoDate, at: IsoDate): ReadonlySet<string> {
    if (this.later !== undefined && to < this.later.from && at < this.later.from) return this.later.history.relatedUnits(members, from, to, at);
    // backwards from `at` to the stretch, and forwards from `at` for incidents after it
    const lo = addDays(from < at ? from : at, -1);
    const hi = to > at ? to : at;
    // a unit no step names within the window is related to itself alone (most units, most questions): no search, no entry
    if (members.length === 1 && !this.changesWithin(members[0]!, lo, hi)) return this.alone(members[0]!);
    const key = `related|${members.length === 1 ? members[0]! : [...members].sort().join('+')}|${from}|${to}|${at}`;
    return this.memo(key, () => {
      // every step inside the window, in either direction: a superset that is cheap and safe
      const found = new Set(members);
      const queue = [...found];
      const steps = this.index.steps;
      const byCode = this.stepsByCode;
      // indexed loops: this search runs over hundreds of units for a province's count
      while (queue.length > 0) {
        const c = queue.pop()!;
        const ids = byCode.get(c);
        if (ids === undefined) continue;
        for (let k = 0; k < ids.length; k++) {
          const s = steps[ids[k]!]!;
          if (s.date <= lo || s.date > hi) continue;
          const codes = codesOfStep(s);
          for (let j = 0; j < codes.length; j++) {
            const r = codes[j]!;
            if (found.has(r)) continue;
            found.add(r);
            queue.push(r);
          }
        }
      }
      return found;
    });
  }

  private readonly singletons = new Map<string, ReadonlySet<string>>();
  /** `{code}`, one shared set per code. */
  private alone(code: string): ReadonlySet<string> {
    let set = this.singletons.get(code);
    if (set === undefined) this.singletons.set(code, (set = new Set([code])));
    return set;
  }

  private findFootprint(codes: readonly string[], date: IsoDate, at: IsoDate): Footprint | undefined {
    if (date > at || codes.length === 0) return undefined;
    const selves = codes.map((c) => this.at(c, at));
    if (selves.some((u) => u === undefined)) return undefined;
    const members = new Set(codes.flatMap((c) => this.basicUnitsOf(c, at)));
    const levels = new Set(selves.map((u) => (u!.level === 'residential' ? 'residential' : 'commune')));
    if (levels.size !== 1) return undefined;
    const level = [...levels][0] as Level;
    const pieces: FootprintPiece[] = [];
    const touched = new Set<string>();
    for (const c of this.contributorsOf(members, date, at)) {
      const u = this.index.units.get(c);
      if (u === undefined) continue;
      const v = versionAt(u, date);
      if (v === undefined || (levelOf(v.kind) === 'residential' ? 'residential' : levelOf(v.kind) === 'commune' ? 'commune' : 'other') !== level) continue;
      const share = shareIn(this.distribution(u.code, date, at), members, (i) => this.inOrder(i));
      if (share === undefined) continue;
      pieces.push({ code: u.code, name: v.name, kind: v.kind, share });
      touched.add(u.code);
    }
    pieces.sort((a, b) => a.code.localeCompare(b.code));
    // the steps naming a piece or a member (every step that touches them names one), in date order
    const rank = this.stepRanks;
    const byCode = this.stepsByCode;
    const found = new Set<number>();
    for (const c of new Set([...touched, ...members])) for (const i of byCode.get(c) ?? []) found.add(i);
    const all = this.index.steps;
    const steps = [...found]
      .filter((i) => all[i]!.date > date && all[i]!.date <= at && stepTouches(all[i]!, touched, members))
      .sort((a, b) => rank[a]! - rank[b]!)
      .map((i) => all[i]!);
    return { code: codes.join('+'), date, at, pieces, exact: pieces.every((p) => p.share.kind !== 'unknown'), steps };
  }

  /**
   * Where the territory of `code`, as it stood on `date`, lies on `at`:
   * exact shares by unit, and shares that went to one of several units
   * (a split without allocation, a dissolution whose receiver is unknown).
   * `date` must not be after `at`.
   *
   * @returns `undefined` when `code` did not exist on `date`.
   * @example
   * ```ts
   * const t = history.territoryOf('15328', '2025-06-30', '2025-07-01');
   * t?.unknown[0]?.among; // ['15271', '15286']
   * ```
   */
  territoryOf(code: string, date: IsoDate, at: IsoDate = END_OF_TIME): Territory | undefined {
    if (this.later !== undefined && at < this.later.from) return this.later.history.territoryOf(code, date, at);
    if (date > at || this.at(code, date) === undefined) return undefined;
    const d = this.distribution(code, date, at);
    const steps = this.index.steps;
    d.territory ??= Object.freeze({
      known: [...d.known].filter(([, q]) => compare(q, ZERO) !== 0).map(([c, q]) => ({ code: c, share: q })).sort((a, b) => a.code.localeCompare(b.code)),
      unknown: d.unknown.map((g) => ({ share: g.total, among: [...g.among].sort(), reason: g.reason, because: this.inOrder(g.because) })),
      steps: d.applied.map((i) => steps[i]!),
    });
    return d.territory;
  }

  /**
   * Where the incidents recorded in `source` between `from` and `to`
   * (inclusive, one stretch such as a half-month) lie on the hierarchy of
   * `at`. The day of an incident inside the stretch is not known: when the
   * unit's territory changed inside it and the attributions before and after
   * differ, the incidents may lie in any unit of either
   * (`changed_within_half_month`). Incidents later than `at` are exact only
   * when their unit lies whole in one unit on `at`
   * (`territory_changed_after_at`). This is the one rule by which counts are
   * rebased, and by which comparison groups are formed.
   *
   * @returns `undefined` when `source` is not in the register or did not exist on the stretch's last open day.
   * @example
   * ```ts
   * const a = history.attribution('15301', '2019-11-15', '2019-11-30', '2024-12-31');
   * a?.known; // [{ code: '15271', share: 1 }] once its receiver is identified
   * ```
   */
  attribution(source: string, from: IsoDate, to: IsoDate, at: IsoDate): Attribution | undefined {
    if (this.later !== undefined && to < this.later.from && at < this.later.from) return this.later.history.attribution(source, from, to, at);
    // Most units never change: their incidents stay theirs (no cache entry, no search).
    // steps that matter: from the stretch (or `at`, for incidents after it) to `at` (or the stretch's end)
    if (!this.changesWithin(source, from < at ? from : at, to > at ? to : at)) {
      const u = this.index.units.get(source);
      if (u !== undefined && versionAt(u, to) !== undefined && versionAt(u, at) !== undefined) return { known: [{ code: source, share: ONE }], unknown: [], day: to, steps: [] };
    }
    let bySource = this.attributions.get(at);
    if (bySource === undefined) this.attributions.set(at, (bySource = new Map()));
    let byStretch = bySource.get(source);
    if (byStretch === undefined) bySource.set(source, (byStretch = new Map()));
    const key = `${from}|${to}`;
    if (byStretch.has(key)) return byStretch.get(key);
    const a = this.attribute(source, from, to, at);
    byStretch.set(key, a);
    return a;
  }

  private attribute(source: string, from: IsoDate, to: IsoDate, at: IsoDate): Attribution | undefined {
    const days = this.territoryDays(source, from, to);
    if (days.length === 0) return undefined;
    if (days.length === 1) return this.attributionOn(source, days[0]!, at);
    const candidates = days.map((d) => this.attributionOn(source, d, at));
    const last = candidates[candidates.length - 1];
    if (last === undefined) return undefined;
    if (candidates.every((c) => c !== undefined && sameAttribution(c, last))) return last;
    const among = new Set<string>();
    const because = new Set<ReorganisationStep>();
    for (const c of candidates) {
      for (const k of c?.known ?? []) among.add(k.code);
      for (const g of c?.unknown ?? []) for (const x of g.among) among.add(x);
      for (const st of c?.steps ?? []) if (st.date > from && st.date <= to) because.add(st);
    }
    return { known: [], unknown: [{ among: [...among].sort(), share: ONE, reason: 'changed_within_half_month', because: [...because] }], day: last.day, steps: last.steps };
  }

  /**
   * The days whose territory the incidents recorded in `source` during
   * `from`…`to` may have: the last day it is open in the stretch, and the day
   * before each change of it inside the stretch (sorted). Empty when the unit
   * is not in the register.
   *
   * @example
   * ```ts
   * history.territoryDays('15301', '2019-11-15', '2019-11-30'); // ['2019-11-30']
   * ```
   */
  territoryDays(source: string, from: IsoDate, to: IsoDate): readonly IsoDate[] {
    const key = `${source}|${from}|${to}`;
    let hit = this.days.get(key);
    if (hit === undefined) {
      hit = Object.freeze(this.findTerritoryDays(source, from, to));
      this.days.set(key, hit);
    }
    return hit;
  }

  private findTerritoryDays(source: string, from: IsoDate, to: IsoDate): IsoDate[] {
    const unit = this.unit(source);
    if (unit === undefined) return [];
    const lastOpen = unit.closedOn !== null && unit.closedOn <= to ? addDays(unit.closedOn, -1) : to;
    const days = new Set([lastOpen]);
    for (const d of this.changeDaysOf(source)) if (d > from && d <= lastOpen) days.add(addDays(d, -1));
    return [...days].sort();
  }

  /** Where the territory of `source` as on `day` lies on `at` (for incidents of that day). */
  private attributionOn(source: string, day: IsoDate, at: IsoDate): Attribution | undefined {
    if (day <= at) {
      const t = this.territoryOf(source, day, at);
      if (t === undefined) return undefined;
      return { known: t.known, unknown: t.unknown, day, steps: t.steps };
    }
    // Incidents later than the hierarchy asked for: exact only if the source lies within one unit on `at`.
    const f = this.footprintOf([source], at, day);
    const pieces = f?.pieces ?? [];
    if (pieces.length === 1 && pieces[0]!.share.kind === 'whole') return { known: [{ code: pieces[0]!.code, share: ONE }], unknown: [], day, steps: [] };
    return { known: [], unknown: [{ among: pieces.map((p) => p.code), share: ONE, reason: 'territory_changed_after_at', because: f?.steps ?? [] }], day, steps: [] };
  }

  /**
   * Identifies the territory that the incidents of `source` during
   * `from`…`to` are attributed by (see {@link LocalityHistory.attribution}):
   * equal keys, equal known and unknown parts. `undefined` when the stretch
   * is not that simple (a change inside it, the unit opened or closed in it,
   * or a stretch after `at`), then ask for the attribution.
   *
   * @example
   * ```ts
   * history.territoryKey('15301', '2019-11-01', '2019-11-14', '2024-12-31') === history.territoryKey('15301', '2019-11-15', '2019-11-30', '2024-12-31'); // no change between
   * ```
   */
  territoryKey(source: string, from: IsoDate, to: IsoDate, at: IsoDate): string | undefined {
    const u = this.index.units.get(source);
    if (u === undefined || to > at || u.establishedOn > from || (u.closedOn !== null && u.closedOn <= to)) return undefined;
    const days = this.changeDaysOf(source);
    if (days.some((d) => d > from && d <= to)) return undefined;
    // the distribution of a day is keyed by the first change after it (up to `at`)
    const next = days.find((d) => d > to);
    return `${source}|${next === undefined || next > at ? '' : next}|${at}`;
  }

  /**
   * True when a step naming `code` takes effect in `(from, to]`. When false
   * and the unit exists on both days, its territory is the same on both.
   *
   * @example
   * ```ts
   * history.changesWithin('15913', '2019-01-01', '2024-12-31'); // true: Phường Đông Hải absorbed a commune in 2019
   * ```
   */
  changesWithin(code: string, from: IsoDate, to: IsoDate): boolean {
    for (const d of this.changeDaysOf(code)) if (d > from && d <= to) return true;
    return false;
  }

  /** The effective dates of every step that names `code` (sorted, with repeats removed). */
  changeDaysOf(code: string): readonly IsoDate[] {
    if (this.changeDayIndex === undefined) {
      const idx = new Map<string, Set<IsoDate>>();
      for (const st of this.index.steps) for (const c of codesOfStep(st)) idx.set(c, (idx.get(c) ?? new Set()).add(st.date));
      this.changeDayIndex = new Map([...idx].map(([c, ds]) => [c, [...ds].sort()]));
    }
    return this.changeDayIndex.get(code) ?? [];
  }

  /** Every step, in date order (log order within a day). */
  orderedSteps(): readonly ReorganisationStep[] {
    if (this.ordered === undefined) {
      const steps = this.index.steps;
      const rank = this.stepRanks;
      this.ordered = steps.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]!).map((i) => steps[i]!);
    }
    return this.ordered;
  }

  /**
   * The recorded division of `source` on `date` (a split, a part transfer, or
   * a dissolution identified as divided) whose receiving units are exactly
   * `codes` (any order); without `codes`, every division of it that day.
   *
   * @example
   * ```ts
   * history.divisionsOf('16273', '2025-07-01'); // [the split of Xã Thanh Tân between Công Chính and Thanh Kỳ]
   * ```
   */
  divisionsOf(source: string, date: IsoDate, codes?: readonly string[]): ReorganisationStep[] {
    return this.index.steps.filter((s) => isDivisionOf(s, source, date, codes));
  }

  private inOrder(indexes: Iterable<number>): ReorganisationStep[] {
    const rank = this.stepRanks;
    const steps = this.index.steps;
    return [...indexes].sort((a, b) => rank[a]! - rank[b]!).map((i) => steps[i]!);
  }

  /** The rank of each step in date order (log order within a day): a fact recorded later about an earlier day takes its place by date. */
  private get stepRanks(): Int32Array {
    if (this.ranks === undefined) {
      const steps = this.index.steps;
      const order = steps.map((_, i) => i).sort((a, b) => (steps[a]!.date < steps[b]!.date ? -1 : steps[a]!.date > steps[b]!.date ? 1 : a - b));
      const ranks = new Int32Array(steps.length);
      order.forEach((i, r) => (ranks[i] = r));
      this.ranks = ranks;
    }
    return this.ranks;
  }

  /** Steps touching each code, by index (built once). */
  private get stepsByCode(): Map<string, number[]> {
    if (this.stepIndex === undefined) {
      const idx = new Map<string, number[]>();
      this.index.steps.forEach((s, i) => {
        for (const c of codesOfStep(s)) {
          const list = idx.get(c);
          if (list === undefined) idx.set(c, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      });
      const rank = this.stepRanks;
      for (const list of idx.values()) list.sort((a, b) => rank[a]! - rank[b]!);
      this.stepIndex = idx;
    }
    return this.stepIndex;
  }

  /** The forward distribution of one unit from `date` to `at`, following only the steps that touch it (cached). */
  private distribution(code: string, date: IsoDate, at: IsoDate): Distribution {
    const steps = this.index.steps;
    const byCode = this.stepsByCode;
    const rank = this.stepRanks;
    // The result depends on `date` only through the first step of `code` after it: key the cache by that step.
    let first = -1;
    for (const i of byCode.get(code) ?? []) {
      if (steps[i]!.date <= date) continue;
      if (steps[i]!.date <= at) first = i;
      break;
    }
    const key = `${code}|${first}|${at}`;
    const hit = this.territories.get(key);
    if (hit !== undefined) return hit;
    const d: Distribution = { known: new Map([[code, ONE]]), unknown: [], applied: [] };
    let last = -1;
    // Apply, in date order, every step dated in (date, at] that touches a code currently holding part of the territory.
    for (;;) {
      let next = -1;
      const live = new Set<string>([...d.known.keys()]);
      for (const g of d.unknown) for (const c of g.among) live.add(c);
      for (const c of live) {
        for (const i of byCode.get(c) ?? []) {
          if (rank[i]! <= last) continue;
          const s = steps[i]!;
          if (s.date <= date || s.date > at) continue;
          if (next === -1 || rank[i]! < rank[next]!) next = i;
          break;
        }
      }
      if (next === -1) break;
      last = rank[next]!;
      applyStep(d, steps[next]!, next);
      d.applied.push(next);
    }
    this.territories.set(key, d);
    return d;
  }
}

/** A unit's territory distributed over later units. */
export interface Territory {
  readonly known: ReadonlyArray<{ readonly code: string; readonly share: Rational }>;
  readonly unknown: ReadonlyArray<{ readonly share: Rational; readonly among: readonly string[]; readonly reason: UnknownShareReason; readonly because: readonly ReorganisationStep[] }>;
  /** The steps applied, in date order. */
  readonly steps: readonly ReorganisationStep[];
}

/**
 * Every code a step names: its sources and targets, a dissolution's possible,
 * identified or dividing receivers.
 *
 * @example
 * ```ts
 * stepCodes({ type: 'merge', target: '15286', sources: ['15289'], … }); // ['15286', '15289']
 * ```
 */
export function stepCodes(s: ReorganisationStep): string[] {
  return [...codesOfStep(s)];
}

const stepCodeLists = new WeakMap<ReorganisationStep, readonly string[]>();
/** {@link stepCodes}, kept per step (steps do not change): the searches through lineage ask it over and over. */
function codesOfStep(s: ReorganisationStep): readonly string[] {
  let codes = stepCodeLists.get(s);
  if (codes === undefined) stepCodeLists.set(s, (codes = Object.freeze(listStepCodes(s))));
  return codes;
}

function listStepCodes(s: ReorganisationStep): string[] {
  return s.type === 'merge'
    ? [s.target, ...s.sources]
    : s.type === 'split'
      ? [s.source, ...s.targets.map((t) => t.code)]
      : [s.code, ...(s.receiver ? [s.receiver.code] : []), ...(s.division ? s.division.targets.map((t) => t.code) : []), ...s.possibleReceivers];
}

/**
 * The units that received a part when a step divided `source`: a split's (or
 * part transfer's) targets, or an identified division's receivers;
 * `undefined` when the step did not divide `source`.
 *
 * @example
 * ```ts
 * divisionTargetsOf(splitStep, splitStep.source)?.map((t) => t.code);
 * ```
 */
export function divisionTargetsOf(s: ReorganisationStep, source: string): readonly PartTarget[] | undefined {
  if (s.type === 'split') return s.source === source ? s.targets : undefined;
  if (s.type === 'dissolve') return s.code === source ? s.division?.targets : undefined;
  return undefined;
}

/** True when `s` divided `source` on `date` (among exactly `codes`, in any order, when given). */
function isDivisionOf(s: ReorganisationStep, source: string, date: IsoDate, codes?: readonly string[]): boolean {
  const targets = s.date === date ? divisionTargetsOf(s, source) : undefined;
  return targets !== undefined && (codes === undefined || targets.map((t) => t.code).sort().join(',') === [...codes].sort().join(','));
}

/**
 * The codes a step can move territory to (for a dissolution: its receiver,
 * its division, else its possible receivers).
 *
 * @example
 * ```ts
 * receivingCodes(splitStep); // the split's targets
 * ```
 */
export function receivingCodes(s: ReorganisationStep): string[] {
  if (s.type === 'merge') return [s.target];
  if (s.type === 'split') return s.targets.map((t) => t.code);
  if (s.receiver !== undefined) return [s.receiver.code];
  if (s.division !== undefined) return s.division.targets.map((t) => t.code);
  return [...s.possibleReceivers];
}

function sameAttribution(a: Attribution, b: Attribution): boolean {
  if (a.known.length !== b.known.length || a.unknown.length !== b.unknown.length) return false;
  for (let i = 0; i < a.known.length; i++) if (a.known[i]!.code !== b.known[i]!.code || compare(a.known[i]!.share, b.known[i]!.share) !== 0) return false;
  for (let i = 0; i < a.unknown.length; i++) {
    const x = a.unknown[i]!;
    const y = b.unknown[i]!;
    if (x.reason !== y.reason || compare(x.share, y.share) !== 0 || x.among.join(',') !== y.among.join(',')) return false;
  }
  return true;
}

function versionAt(u: MutableUnit | LocalityUnit, date: IsoDate): UnitVersion | undefined {
  const vs = u.versions;
  for (let i = vs.length - 1; i >= 0; i--) {
    const v = vs[i]!;
    if (v.from <= date) return v.to === null || date < v.to ? v : undefined;
  }
  return undefined;
}

function applyStep(d: Distribution, step: ReorganisationStep, index: number): void {
  const moveKnown = (from: string, to: string, q: Rational): void => {
    d.known.set(to, add(d.known.get(to) ?? ZERO, q));
  };
  const replaceInUnknown = (code: string, by: readonly string[]): void => {
    for (const g of d.unknown) {
      if (!g.among.has(code)) continue;
      g.among.delete(code);
      for (const b of by) g.among.add(b);
      // a code in doubt that is divided again without shares widens the doubt: that step is missing too
      if (by.length > 1) g.because.add(index);
    }
  };
  const divide = (source: string, targets: readonly PartTarget[]): void => {
    const q = d.known.get(source);
    const codes = targets.map((t) => t.code);
    const allKnown = targets.every((t) => t.allocation !== undefined);
    if (q !== undefined) {
      d.known.delete(source);
      if (allKnown) {
        for (const t of targets) moveKnown(source, t.code, mul(q, rational(t.allocation!.numerator, t.allocation!.denominator)));
      } else {
        d.unknown.push({ total: q, among: new Set(codes), reason: 'split_without_allocation', because: new Set([index]) });
      }
    }
    if (allKnown) {
      // a code in doubt divided with exact shares stays in doubt among all its parts
      for (const g of d.unknown) {
        if (!g.among.has(source)) continue;
        g.among.delete(source);
        for (const c of codes) g.among.add(c);
      }
    } else replaceInUnknown(source, codes);
  };
  switch (step.type) {
    case 'merge': {
      for (const s of step.sources) {
        const q = d.known.get(s);
        if (q !== undefined) {
          d.known.delete(s);
          moveKnown(s, step.target, q);
        }
        replaceInUnknown(s, [step.target]);
      }
      return;
    }
    case 'split':
      divide(step.source, step.targets);
      return;
    case 'dissolve': {
      if (step.division !== undefined) {
        divide(step.code, step.division.targets);
        return;
      }
      const q = d.known.get(step.code);
      if (step.receiver !== undefined) {
        if (q !== undefined) {
          d.known.delete(step.code);
          moveKnown(step.code, step.receiver.code, q);
        }
        replaceInUnknown(step.code, [step.receiver.code]);
        return;
      }
      if (q !== undefined) {
        d.known.delete(step.code);
        d.unknown.push({ total: q, among: new Set(step.possibleReceivers), reason: 'receiver_unknown', because: new Set([index]) });
      }
      replaceInUnknown(step.code, step.possibleReceivers);
      return;
    }
  }
}

/** The share of one old unit's territory that lies in `members`; undefined when none does. */
function shareIn(d: Distribution, members: ReadonlySet<string>, inOrder: (indexes: Iterable<number>) => ReorganisationStep[]): Share | undefined {
  let sum = ZERO;
  let undetermined: { reason: UnknownShareReason; among: string[]; because: ReorganisationStep[] } | undefined;
  for (const [code, q] of d.known) if (members.has(code)) sum = add(sum, q);
  for (const g of d.unknown) {
    let inside = 0;
    for (const c of g.among) if (members.has(c)) inside++;
    if (inside === 0) continue;
    if (inside === g.among.size) sum = add(sum, g.total);
    else undetermined ??= { reason: g.reason, among: [...g.among].sort(), because: inOrder(g.because) };
  }
  if (undetermined !== undefined) return { kind: 'unknown', reason: undetermined.reason, among: undetermined.among, because: undetermined.because };
  if (compare(sum, ZERO) === 0) return undefined;
  if (compare(sum, ONE) === 0) return { kind: 'whole' };
  const f = toFraction(sum);
  return { kind: 'fraction', numerator: f.numerator, denominator: f.denominator };
}

function stepTouches(s: ReorganisationStep, pieces: ReadonlySet<string>, members: ReadonlySet<string>): boolean {
  const codes = [s.type === 'merge' ? s.target : s.type === 'split' ? s.source : s.code, ...(s.type === 'merge' ? s.sources : []), ...receivingCodes(s)];
  return codes.some((c) => pieces.has(c) || members.has(c));
}

/** Events that change the register on days before their own effective date (or have none of their own). */
const RETROACTIVE = new Set(['LocalityReceiverIdentified', 'LocalityDivisionIdentified', 'LocalityPartTransferred', 'LocalityShareAllocated']);

/** The evidence of an identification recorded before evidence levels existed. */
const UNSTATED_EVIDENCE: Evidence = Object.freeze({ level: 'secondary', caveat: 'recorded without a source or quote: rests on the legal basis named' });

function partTarget(t: { code: string; allocation?: Allocation | undefined; what?: string | undefined }): PartTarget {
  return { code: t.code, ...(t.allocation === undefined ? {} : { allocation: t.allocation }), ...(t.what === undefined ? {} : { what: t.what }) };
}

/**
 * The evidence of a merge or split as recorded: the evidence its provenance
 * names; else its confidence when it was inferred from codes and names
 * (`inferred-high`, `inferred-medium`); else the legal basis it names
 * (`documented`), unless that says the source data name none.
 */
function changeEvidence(c: { legalBasis: string; provenance?: { confidence?: 'high' | 'medium' | 'low' | undefined; evidence?: Evidence | undefined; reason?: string | undefined } | undefined }): Evidence {
  const p = c.provenance;
  if (p?.evidence !== undefined) return p.evidence;
  if (p?.confidence === 'high' || p?.confidence === 'medium') return { level: p.confidence === 'high' ? 'inferred-high' : 'inferred-medium', ...(p.reason === undefined ? {} : { caveat: p.reason }) };
  if (p?.confidence === 'low') return { level: 'unknown', ...(p.reason === undefined ? {} : { caveat: p.reason }) };
  if (/^not named in the source data/.test(c.legalBasis)) return { level: 'inferred-high', caveat: c.legalBasis };
  return { level: 'documented', source: c.legalBasis };
}

/**
 * Applies one event to an index. Units not in `owned` may be shared with an
 * earlier history: they are copied before their first change.
 */
function applyEvent(index: Index, e: LocalityEventBody, seq: number, owned: Set<string>): void {
  const { units, steps, changeDates, anomalies } = index;
  const own = (code: string): MutableUnit | undefined => {
    const u = units.get(code);
    if (u === undefined || owned.has(code)) return u;
    const copy: MutableUnit = { ...u, versions: u.versions.map((v) => ({ ...v })) };
    units.set(code, copy);
    owned.add(code);
    return copy;
  };

  const establish = (code: string, date: IsoDate, name: string, kind: LocalityKind, parentCode: string | null): void => {
    if (units.has(code)) {
      anomalies.push(`${code}: established twice (${date})`);
      return;
    }
    units.set(code, { code, versions: [{ from: date, to: null, name, kind, parentCode }], establishedOn: date, closedOn: null });
    owned.add(code);
  };
  const change = (code: string, date: IsoDate, patch: { name?: string; kind?: LocalityKind; parentCode?: string | null }): void => {
    const u = own(code);
    if (u === undefined || u.closedOn !== null) {
      anomalies.push(`${code}: changed on ${date} but it is ${u === undefined ? 'unknown' : `closed since ${u.closedOn}`}`);
      return;
    }
    const last = u.versions[u.versions.length - 1]!;
    if (date < last.from) {
      anomalies.push(`${code}: change on ${date} precedes its last change on ${last.from}`);
      return;
    }
    const next = { ...last, ...patch, from: date, to: null };
    if (next.name === last.name && next.kind === last.kind && next.parentCode === last.parentCode) return;
    if (last.from === date) u.versions[u.versions.length - 1] = { ...next };
    else {
      last.to = date;
      u.versions.push(next);
    }
  };
  const close = (code: string, date: IsoDate): void => {
    const u = own(code);
    if (u === undefined || u.closedOn !== null) {
      anomalies.push(`${code}: closed on ${date} but it is ${u === undefined ? 'unknown' : `already closed since ${u.closedOn}`}`);
      return;
    }
    u.versions[u.versions.length - 1]!.to = date;
    u.closedOn = date;
  };

  {
    const d = e.data as { effectiveDate: IsoDate };
    changeDates.push(d.effectiveDate);
    switch (e.type) {
      case 'LocalityEstablished':
        establish(e.data.code, e.data.effectiveDate, e.data.name, e.data.kind, e.data.parentCode ?? null);
        return;
      case 'LocalityRenamed':
        change(e.data.code, e.data.effectiveDate, { name: e.data.name });
        return;
      case 'LocalityReclassified':
        change(e.data.code, e.data.effectiveDate, e.data.name === undefined ? { kind: e.data.kind } : { kind: e.data.kind, name: e.data.name });
        return;
      case 'LocalityTransferred':
        change(e.data.code, e.data.effectiveDate, { parentCode: e.data.parentCode });
        return;
      case 'LocalitiesMerged': {
        const m = e.data;
        if (units.has(m.target)) {
          const patch: { name?: string; kind?: LocalityKind; parentCode?: string } = {};
          if (m.name !== undefined) patch.name = m.name;
          if (m.kind !== undefined) patch.kind = m.kind;
          if (m.parentCode !== undefined) patch.parentCode = m.parentCode;
          change(m.target, m.effectiveDate, patch);
        } else if (m.name !== undefined && m.kind !== undefined && m.parentCode !== undefined) {
          establish(m.target, m.effectiveDate, m.name, m.kind, m.parentCode);
        } else anomalies.push(`${m.target}: merge target does not exist and is not described`);
        for (const s of m.sources) close(s, m.effectiveDate);
        steps.push({ type: 'merge', seq, date: m.effectiveDate, legalBasis: m.legalBasis, target: m.target, sources: [...m.sources], evidence: changeEvidence(m) });
        return;
      }
      case 'LocalitySplit': {
        const s = e.data;
        for (const t of s.targets) if (!units.has(t.code) && t.establish !== undefined) establish(t.code, s.effectiveDate, t.establish.name, t.establish.kind, t.establish.parentCode);
        if (!s.targets.some((t) => t.code === s.source)) close(s.source, s.effectiveDate);
        steps.push({
          type: 'split',
          seq,
          date: s.effectiveDate,
          legalBasis: s.legalBasis,
          source: s.source,
          targets: s.targets.map((t) => (t.allocation === undefined ? { code: t.code } : { code: t.code, allocation: t.allocation })),
          evidence: changeEvidence(s),
        });
        return;
      }
      case 'LocalityDissolved': {
        close(e.data.code, e.data.effectiveDate);
        steps.push({
          type: 'dissolve',
          seq,
          date: e.data.effectiveDate,
          legalBasis: e.data.legalBasis,
          code: e.data.code,
          possibleReceivers: [...e.data.possibleReceivers],
          evidence: { level: 'unknown', ...(e.data.note === undefined ? {} : { caveat: e.data.note }) },
          receiver: undefined,
        });
        return;
      }
      case 'LocalityReceiverIdentified': {
        const i = steps.findIndex((s) => s.type === 'dissolve' && s.code === e.data.code);
        // valid time is the dissolution's; this event only changes knowledge
        changeDates.pop();
        if (i < 0) {
          anomalies.push(`${e.data.code}: receiver identified, but no dissolution of it is recorded`);
          return;
        }
        const s = steps[i] as Extract<ReorganisationStep, { type: 'dissolve' }>;
        steps[i] = { ...s, receiver: { code: e.data.receiver, legalBasis: e.data.legalBasis, evidence: e.data.evidence ?? UNSTATED_EVIDENCE } };
        return;
      }
      case 'LocalityDivisionIdentified': {
        const i = steps.findIndex((s) => s.type === 'dissolve' && s.code === e.data.code && s.date === e.data.effectiveDate);
        changeDates.pop();
        if (i < 0) {
          anomalies.push(`${e.data.code}: division identified, but no dissolution of it on ${e.data.effectiveDate} is recorded`);
          return;
        }
        const s = steps[i] as Extract<ReorganisationStep, { type: 'dissolve' }>;
        steps[i] = { ...s, division: { targets: e.data.receivers.map(partTarget), legalBasis: e.data.legalBasis, evidence: e.data.evidence } };
        return;
      }
      case 'LocalityPartTransferred': {
        const t = e.data;
        const targets: PartTarget[] =
          t.allocation === undefined
            ? [{ code: t.code }, { code: t.to, ...(t.what === undefined ? {} : { what: t.what }) }]
            : [
                { code: t.code, allocation: { numerator: t.allocation.denominator - t.allocation.numerator, denominator: t.allocation.denominator } },
                { code: t.to, allocation: t.allocation, ...(t.what === undefined ? {} : { what: t.what }) },
              ];
        steps.push({ type: 'split', seq, date: t.effectiveDate, legalBasis: t.legalBasis, source: t.code, targets, evidence: t.evidence, partial: { to: t.to, ...(t.what === undefined ? {} : { what: t.what }) } });
        return;
      }
      case 'LocalityShareAllocated': {
        const a = e.data;
        changeDates.pop();
        const i = steps.findIndex((s) => isDivisionOf(s, a.source, a.effectiveDate, a.shares.map((x) => x.code)));
        if (i < 0) {
          anomalies.push(`${a.source}: shares allocated, but no division of it on ${a.effectiveDate} is recorded`);
          return;
        }
        const byCode = new Map(a.shares.map((x) => [x.code, x.allocation]));
        const allocate = (targets: readonly PartTarget[]): PartTarget[] => targets.map((t) => ({ ...t, allocation: byCode.get(t.code) ?? t.allocation! }));
        const s = steps[i]!;
        if (s.type === 'split') steps[i] = { ...s, targets: allocate(s.targets), allocationEvidence: a.evidence };
        else if (s.type === 'dissolve' && s.division !== undefined) steps[i] = { ...s, division: { ...s.division, targets: allocate(s.division.targets), allocationEvidence: a.evidence } };
        return;
      }
      case 'DistrictLevelAbolished': {
        const a = e.data;
        const districts = new Set(a.districts);
        for (const u of units.values()) {
          const v = versionAt(u, a.effectiveDate);
          if (v !== undefined && v.parentCode !== null && districts.has(v.parentCode) && !districts.has(u.code)) change(u.code, a.effectiveDate, { parentCode: a.provinceCode });
        }
        for (const code of a.districts) close(code, a.effectiveDate);
        return;
      }
    }
  }
}
