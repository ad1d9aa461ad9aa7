/**
 * An index over one state of the incident cube, built lazily as questions
 * come: each commune's cells parsed once, then per metric (labels, minimum
 * severity, measure, date basis) a commune's counts by half-month and
 * residential area, so that a count over a set of communes and a period is
 * a small sum over their own cells, never a scan of the cube.
 *
 * One index per read-model bundle: the live fold mutates the cube in place,
 * so a new position gets a new index (see `readModelsOf`). Pure: reads the
 * cube, nothing else.
 *
 * @module
 */
import { metricCounts, type MetricDefinition, type Severity } from '../domain/incident/index.js';
import type { IsoDate } from '../domain/shared/values.js';
import { cellKeyOf, forEachCellOf, halfMonthBounds, parseCellKey, type IncidentCubeState } from './incident-cube.js';

/** One non-empty cell of a commune, parsed. */
interface ParsedCell {
  /** The cell key. */
  readonly base: string;
  readonly occurred: string;
  readonly reported: string;
  readonly labels: readonly string[];
  readonly severity: string | undefined;
  readonly area: string;
  readonly cases: number;
  readonly deaths: number;
  readonly injuries: number;
}

/**
 * Visits one half-month total of a commune: the half-month's first and last
 * day, the residential area the incidents named (`''`: none) and the count.
 */
export type HalfMonthVisitor = (from: IsoDate, to: IsoDate, area: string, value: number) => void;

/** The index of a cube state. */
export interface IncidentIndex {
  /** True when some live incident of these labels occurred (anywhere) in one of `years`. */
  covered(labels: readonly string[], years: readonly number[]): boolean;
  /** Visits a commune's non-zero counts of `metric` by half-month (of the metric's date basis) and area within `from`…`to`, in half-month then area order. */
  totals(commune: string, metric: MetricDefinition, from: IsoDate, to: IsoDate, visit: HalfMonthVisitor): void;
  /** The communes that recorded incidents naming this residential area. */
  sourcesOfArea(area: string): readonly string[];
}

/** A half-month, once per process: the totals hold its number, not a copy of its bounds. */
interface HalfInfo {
  readonly key: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}
const halves: HalfInfo[] = [];
const halfIds = new Map<string, number>();
function halfIdOf(key: string): number {
  let id = halfIds.get(key);
  if (id === undefined) {
    halfIds.set(key, (id = halves.length));
    halves.push({ key, ...halfMonthBounds(key) });
  }
  return id;
}

/**
 * A commune's totals of one metric, in columns (a few typed arrays rather
 * than an object per half-month: at national scale there are millions).
 * Sorted by half-month, then area; `areas` is `null` when none is named.
 */
interface CommuneTotals {
  readonly halves: Int32Array;
  readonly areas: readonly string[] | null;
  readonly values: Float64Array;
}
const NO_TOTALS: CommuneTotals = { halves: new Int32Array(0), areas: null, values: new Float64Array(0) };

const metricKeys = new WeakMap<MetricDefinition, string>();
/**
 * What decides a metric's counts (labels, minimum severity, measure, date
 * basis), as a key: two definitions with the same key count the same
 * incidents, whatever their id or title (kept per definition object).
 *
 * @example
 * ```ts
 * countKeyOf(metricById('social-order-crime')); // 'crime.social-order||cases|occurred'
 * ```
 */
export function countKeyOf(m: MetricDefinition): string {
  let k = metricKeys.get(m);
  if (k === undefined) metricKeys.set(m, (k = `${[...m.labels].sort().join(',')}|${m.minSeverity ?? ''}|${m.measure}|${m.dateBasis ?? 'occurred'}`));
  return k;
}

/**
 * A fresh index of a cube state (nothing computed until asked).
 *
 * @example
 * ```ts
 * const index = incidentIndex(rm.incidents);
 * index.totals('16279', socialOrderCrime, '2019-01-01', '2019-12-31', (from, to, area, value) => console.log(from, to, area, value)); // 2019-01-01 2019-01-14  2 …
 * ```
 */
export function incidentIndex(cube: IncidentCubeState): IncidentIndex {
  const parsed = new Map<string, readonly ParsedCell[]>();
  const byMetric = new Map<string, Map<string, CommuneTotals>>();
  const coverage = new Map<string, boolean>();
  let cubeWide: { keysWithCases: Set<string>; areas: Map<string, string[]> } | undefined;

  /** A commune's non-empty cells, parsed. */
  const cellsOf = (commune: string): readonly ParsedCell[] => {
    let list = parsed.get(commune);
    if (list === undefined) {
      const out: ParsedCell[] = [];
      const cc = cube.cells.get(commune);
      if (cc !== undefined) {
        forEachCellOf(cc, (key, cases, deaths, injuries) => {
          const base = cellKeyOf(key);
          const cell = parseCellKey(base);
          out.push({ base, occurred: cell.occurred, reported: cell.reported, labels: cell.labels, severity: cell.severity, area: cell.area ?? '', cases, deaths, injuries });
        });
      }
      parsed.set(commune, (list = out));
    }
    return list;
  };

  /** One pass over the cube, for the two cube-wide questions (coverage, areas). */
  const wide = () => {
    if (cubeWide === undefined) {
      const keysWithCases = new Set<string>();
      const areas = new Map<string, Set<string>>();
      for (const commune of cube.cells.keys()) {
        for (const c of cellsOf(commune)) {
          if (c.cases > 0) keysWithCases.add(c.base);
          if (c.area !== '') {
            let s = areas.get(c.area);
            if (s === undefined) areas.set(c.area, (s = new Set()));
            s.add(commune);
          }
        }
      }
      cubeWide = { keysWithCases, areas: new Map([...areas].map(([a, s]) => [a, [...s].sort()])) };
    }
    return cubeWide;
  };

  return {
    covered(labels, years) {
      const key = `${[...labels].sort().join(',')}|${years.join(',')}`;
      let hit = coverage.get(key);
      if (hit === undefined) {
        const ys = new Set(years.map(String));
        const classes = { labels: [...labels] };
        hit = false;
        for (const k of wide().keysWithCases) {
          const cell = parseCellKey(k);
          if (ys.has(cell.occurred.slice(0, 4)) && metricCounts(classes, cell.labels, undefined)) {
            hit = true;
            break;
          }
        }
        coverage.set(key, hit);
      }
      return hit;
    },
    totals(commune, metric, from, to, visit) {
      const mk = countKeyOf(metric);
      let perCommune = byMetric.get(mk);
      if (perCommune === undefined) byMetric.set(mk, (perCommune = new Map()));
      let all = perCommune.get(commune);
      if (all === undefined) {
        const measure = metric.measure === 'cases' ? 'cases' : metric.measure === 'deaths' ? 'deaths' : 'injuries';
        const basis = metric.dateBasis ?? 'occurred';
        const sums = new Map<string, { half: string; area: string; value: number }>();
        for (const c of cellsOf(commune)) {
          const value = c[measure];
          if (value === 0) continue;
          if (!metricCounts(metric, c.labels, c.severity as Severity | undefined)) continue;
          const half = basis === 'occurred' ? c.occurred : c.reported;
          const k = `${half}|${c.area}`;
          const s = sums.get(k);
          if (s === undefined) sums.set(k, { half, area: c.area, value });
          else s.value += value;
        }
        if (sums.size === 0) all = NO_TOTALS;
        else {
          const sorted = [...sums.values()].sort((a, b) => (a.half < b.half ? -1 : a.half > b.half ? 1 : a.area < b.area ? -1 : a.area > b.area ? 1 : 0));
          all = {
            halves: Int32Array.from(sorted, (e) => halfIdOf(e.half)),
            areas: sorted.some((e) => e.area !== '') ? sorted.map((e) => e.area) : null,
            values: Float64Array.from(sorted, (e) => e.value),
          };
        }
        perCommune.set(commune, all);
      }
      // sorted by half-month: the first one from `from` on, then those up to `to`
      const hs = all.halves;
      let lo = 0;
      let hi = hs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (halves[hs[mid]!]!.from < from) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < hs.length; i++) {
        const h = halves[hs[i]!]!;
        if (h.to > to) break;
        visit(h.from, h.to, all.areas === null ? '' : all.areas[i]!, all.values[i]!);
      }
    },
    sourcesOfArea(area) {
      return wide().areas.get(area) ?? [];
    },
  };
}
