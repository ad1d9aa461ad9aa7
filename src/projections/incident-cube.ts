/**
 * The incident read model: counts of live incidents aggregated per commune
 * and cell (half-month of occurrence and of report, labels, severity,
 * residential area). Every reporting period used by ntm-antt (calendar year,
 * police month 15th → 14th, police year, assessment years) starts on a 1st or
 * a 15th, so half-months compose all of them exactly.
 *
 * Corrections carry the facts they replace, so the fold moves an incident
 * between cells without keeping incidents in memory: the state grows with
 * communes × periods × label combinations, not with the log.
 *
 * @module
 */
import { defineProjection, type StoredEvent } from '../kernel/index.js';
import { incidentEventDefinitions, type IncidentEventBody, type IncidentFacts } from '../domain/incident/index.js';

/** `[cases, deaths, injuries]`. */
export type CellCounts = [number, number, number];

/** The incident read model. */
export interface IncidentCubeState {
  /** commune code → cell key → counts of live incidents. */
  cells: Record<string, Record<string, CellCounts>>;
  /** commune code → `half|labels|area` → disputes resolved at the grassroots in that half-month. */
  resolved: Record<string, Record<string, number>>;
  /** year of occurrence → label set → number of live incidents (which years hold data of which classes). */
  coverage: Record<string, Record<string, number>>;
}

/**
 * The half-month of a date: `YYYY-MM-a` (1st–14th) or `YYYY-MM-b` (15th–end).
 *
 * @example
 * ```ts
 * halfMonthOf('2021-09-15'); // '2021-09-b'
 * ```
 */
export function halfMonthOf(date: string): string {
  return `${date.slice(0, 7)}-${date.slice(8, 10) < '15' ? 'a' : 'b'}`;
}

/**
 * First and last day of a half-month.
 *
 * @example
 * ```ts
 * halfMonthBounds('2024-02-b'); // { from: '2024-02-15', to: '2024-02-29' }
 * ```
 */
export function halfMonthBounds(half: string): { from: string; to: string } {
  const ym = half.slice(0, 7);
  if (half.endsWith('-a')) return { from: `${ym}-01`, to: `${ym}-14` };
  const [y, m] = [Number(ym.slice(0, 4)), Number(ym.slice(5, 7))];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${ym}-15`, to: `${ym}-${String(last).padStart(2, '0')}` };
}

/** A parsed cell key. */
export interface Cell {
  readonly occurred: string;
  readonly reported: string;
  readonly labels: readonly string[];
  readonly severity: string | undefined;
  readonly area: string | undefined;
}

/**
 * The cell key of an incident's facts.
 *
 * @example
 * ```ts
 * cellKey({ localityCode: 'x', occurredOn: '2024-01-03', reportedOn: '2024-01-20', labels: ['crime.social-order'] });
 * // '2024-01-a|2024-01-b|crime.social-order||'
 * ```
 */
export function cellKey(f: Pick<IncidentFacts, 'occurredOn' | 'reportedOn' | 'labels' | 'severity' | 'residentialAreaCode'>): string {
  const labels = f.labels.length === 1 ? f.labels[0]! : [...f.labels].sort().join(',');
  return `${halfMonthOf(f.occurredOn)}|${halfMonthOf(f.reportedOn)}|${labels}|${f.severity ?? ''}|${f.residentialAreaCode ?? ''}`;
}

const parsed = new Map<string, Cell>();

/**
 * Parses a cell key (memoised).
 *
 * @example
 * ```ts
 * parseCellKey('2024-01-a|2024-01-b|crime.social-order|serious|').severity; // 'serious'
 * ```
 */
export function parseCellKey(key: string): Cell {
  let c = parsed.get(key);
  if (c === undefined) {
    const [occurred, reported, labels, severity, area] = key.split('|') as [string, string, string, string, string];
    c = { occurred, reported, labels: labels.split(','), severity: severity === '' ? undefined : severity, area: area === '' ? undefined : area };
    parsed.set(key, c);
  }
  return c;
}

function add(state: IncidentCubeState, f: IncidentFacts, sign: 1 | -1): void {
  let commune = state.cells[f.localityCode];
  if (commune === undefined) {
    if (sign < 0) return;
    commune = state.cells[f.localityCode] = {};
  }
  const key = cellKey(f);
  let c = commune[key];
  if (c === undefined) {
    if (sign < 0) return;
    c = commune[key] = [0, 0, 0];
  }
  c[0] += sign;
  c[1] += sign * (f.casualties?.deaths ?? 0);
  c[2] += sign * (f.casualties?.injuries ?? 0);
  if (c[0] === 0 && c[1] === 0 && c[2] === 0) delete commune[key];
  const year = f.occurredOn.slice(0, 4);
  const labels = [...f.labels].sort().join(',');
  const cov = (state.coverage[year] ??= {});
  const v = (cov[labels] ?? 0) + sign;
  if (v === 0) delete cov[labels];
  else cov[labels] = v;
  if (Object.keys(cov).length === 0) delete state.coverage[year];
}

function addResolved(state: IncidentCubeState, f: IncidentFacts, resolvedOn: string, sign: 1 | -1): void {
  const key = `${halfMonthOf(resolvedOn)}|${[...f.labels].sort().join(',')}|${f.residentialAreaCode ?? ''}`;
  const commune = (state.resolved[f.localityCode] ??= {});
  const n = (commune[key] ?? 0) + sign;
  if (n === 0) delete commune[key];
  else commune[key] = n;
}

/**
 * Folds incident events into {@link IncidentCubeState}.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, incidentCubeProjection);
 * Object.keys(state.cells).length; // communes with live incidents
 * ```
 */
export const incidentCubeProjection = defineProjection<IncidentCubeState>({
  name: 'incident-cube',
  version: 2,
  handles: incidentEventDefinitions.map((d) => d.type),
  initialState: () => ({ cells: {}, resolved: {}, coverage: {} }),
  apply(state, event: StoredEvent) {
    const e = event as unknown as IncidentEventBody;
    switch (e.type) {
      case 'IncidentRecorded':
        add(state, e.data, 1);
        return;
      case 'IncidentReclassified': {
        const p = e.data.previous;
        add(state, p, -1);
        const severity = e.data.severity === undefined ? p.severity : e.data.severity === null ? undefined : e.data.severity;
        const next: IncidentFacts = { ...p, labels: e.data.labels ?? p.labels, ...(e.data.casualties === undefined ? {} : { casualties: e.data.casualties }) };
        if (severity === undefined) delete (next as { severity?: string }).severity;
        else (next as { severity?: string }).severity = severity;
        add(state, next, 1);
        if (p.disputeResolvedOn !== undefined) {
          addResolved(state, p, p.disputeResolvedOn, -1);
          addResolved(state, next, p.disputeResolvedOn, 1);
        }
        return;
      }
      case 'IncidentRelocated': {
        const p = e.data.previous;
        add(state, p, -1);
        const next: IncidentFacts = { ...p, localityCode: e.data.localityCode };
        if (e.data.residentialAreaCode === undefined) delete (next as { residentialAreaCode?: string }).residentialAreaCode;
        else (next as { residentialAreaCode?: string }).residentialAreaCode = e.data.residentialAreaCode;
        add(state, next, 1);
        if (p.disputeResolvedOn !== undefined) {
          addResolved(state, p, p.disputeResolvedOn, -1);
          addResolved(state, next, p.disputeResolvedOn, 1);
        }
        return;
      }
      case 'IncidentRetracted': {
        const p = e.data.previous;
        add(state, p, -1);
        if (p.disputeResolvedOn !== undefined) addResolved(state, p, p.disputeResolvedOn, -1);
        return;
      }
      case 'DisputeResolvedAtGrassroots':
        addResolved(state, e.data.facts, e.data.resolvedOn, 1);
        return;
    }
  },
});
