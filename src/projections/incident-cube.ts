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

/**
 * One commune's cells. `slots` maps a cell key's id (see {@link cellKeyOf})
 * to a slot; the counts of slot
 * `i` are `counts[3i]` (cases), `counts[3i + 1]` (deaths) and `counts[3i + 2]`
 * (injuries). A slot whose three counts are zero is empty: the fold keeps it
 * for reuse, readers skip it (use {@link forEachCell}).
 *
 * Two objects per commune instead of two per cell keep a national cube (a
 * million cells) cheap for the garbage collector.
 */
export interface CommuneCells {
  readonly slots: Map<number, number>;
  readonly counts: number[];
}

/**
 * The incident read model. Maps for speed in the fold; saved as flat JSON
 * arrays (see the projection's codec).
 */
export interface IncidentCubeState {
  /** commune code → its cells. */
  cells: Map<string, CommuneCells>;
  /** commune code → `half|labels|area` → disputes resolved at the grassroots in that half-month. */
  resolved: Map<string, Map<string, number>>;
}

/**
 * Calls `fn` for every non-empty cell of the cube.
 *
 * @example
 * ```ts
 * let cases = 0;
 * forEachCell(cube, (commune, key, c) => { if (commune === '16279') cases += c; });
 * ```
 */
export function forEachCell(cube: IncidentCubeState, fn: (commune: string, key: string, cases: number, deaths: number, injuries: number) => void): void {
  for (const [commune, cc] of cube.cells) forEachCellOf(cc, (key, c, d, j) => fn(commune, KEYS[key]!, c, d, j));
}

/**
 * Calls `fn` for every non-empty cell of one commune, with the cell key's id
 * (see {@link cellKeyOf}).
 *
 * @example
 * ```ts
 * forEachCellOf(cube.cells.get('16279')!, (id, cases) => console.log(cellKeyOf(id), cases));
 * ```
 */
export function forEachCellOf(cc: CommuneCells, fn: (key: number, cases: number, deaths: number, injuries: number) => void): void {
  const counts = cc.counts;
  for (const [key, slot] of cc.slots) {
    const i = slot * 3;
    const c = counts[i]!;
    const d = counts[i + 1]!;
    const j = counts[i + 2]!;
    if (c !== 0 || d !== 0 || j !== 0) fn(key, c, d, j);
  }
}

/**
 * Number of non-empty cells.
 *
 * @example
 * ```ts
 * cellCount(cube); // 198553
 * ```
 */
export function cellCount(cube: IncidentCubeState): number {
  let n = 0;
  forEachCell(cube, () => void n++);
  return n;
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

function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = outer.get(key);
  if (m === undefined) outer.set(key, (m = new Map()));
  return m;
}

/*
 * Cell keys by number. A national fold meets a few thousand distinct keys in a
 * million incidents: each key gets an id (process-wide, like an interned
 * string), the cells are keyed by id, and an incident finds its key's id from
 * small ids of its parts instead of building and hashing the key string
 * (which was a fifth of a national rebuild). Ids never leave the process: the
 * saved form writes key strings.
 */
const KEYS: string[] = [];
const idOfKey = new Map<string, number>();
/** Half-month id of a date string. */
const halfOfDate = new Map<string, number>();
const idOfHalf = new Map<string, number>();
/** Ids of label sets, severities and residential areas (0: none). */
const idOfPart = new Map<string, number>();
/** area id → packed (occurred, reported, labels, severity) → key id */
const idOfPacked = new Map<number, Map<number, number>>();

/**
 * The string of a cell key id (ids come from `CommuneCells.slots`).
 *
 * @example
 * ```ts
 * const [id] = cube.cells.get('16279')!.slots.keys();
 * cellKeyOf(id); // e.g. '2019-01-a|2019-01-a|crime.social-order|serious|'
 * ```
 */
export function cellKeyOf(id: number): string {
  const k = KEYS[id];
  if (k === undefined) throw new RangeError(`incident-cube: no cell key with id ${id}`);
  return k;
}

function keyIdOf(key: string): number {
  let id = idOfKey.get(key);
  if (id === undefined) {
    id = KEYS.length;
    KEYS.push(key);
    idOfKey.set(key, id);
  }
  return id;
}

function halfId(date: string): number {
  let id = halfOfDate.get(date);
  if (id === undefined) {
    const h = halfMonthOf(date);
    id = idOfHalf.get(h);
    if (id === undefined) idOfHalf.set(h, (id = idOfHalf.size));
    halfOfDate.set(date, id);
  }
  return id;
}

function partId(part: string | undefined): number {
  if (part === undefined) return 0;
  let id = idOfPart.get(part);
  if (id === undefined) idOfPart.set(part, (id = idOfPart.size + 1));
  return id;
}

/** The id of an incident's cell key: equal ids for equal {@link cellKey} strings. */
function cellKeyId(f: IncidentFacts): number {
  const occurred = halfId(f.occurredOn);
  const reported = halfId(f.reportedOn);
  const labels = partId(f.labels.length === 1 ? f.labels[0]! : [...f.labels].sort().join(','));
  const severity = partId(f.severity);
  // packed into one exact integer (< 2^53) while the parts are small; past that, by the key string
  if (occurred >= 4096 || reported >= 4096 || labels >= 4096 || severity >= 64) return keyIdOf(cellKey(f));
  const packed = ((occurred * 4096 + reported) * 4096 + labels) * 64 + severity;
  const area = partId(f.residentialAreaCode);
  let byPacked = idOfPacked.get(area);
  if (byPacked === undefined) idOfPacked.set(area, (byPacked = new Map()));
  let id = byPacked.get(packed);
  if (id === undefined) byPacked.set(packed, (id = keyIdOf(cellKey(f))));
  return id;
}

function communeOf(state: IncidentCubeState, code: string): CommuneCells {
  let cc = state.cells.get(code);
  if (cc === undefined) state.cells.set(code, (cc = { slots: new Map(), counts: [] }));
  return cc;
}

function addCounts(cc: CommuneCells, key: number, cases: number, deaths: number, injuries: number): void {
  let slot = cc.slots.get(key);
  if (slot === undefined) {
    slot = cc.counts.length / 3;
    cc.slots.set(key, slot);
    cc.counts.push(cases, deaths, injuries);
    return;
  }
  const i = slot * 3;
  const c = cc.counts;
  c[i] = c[i]! + cases;
  c[i + 1] = c[i + 1]! + deaths;
  c[i + 2] = c[i + 2]! + injuries;
}

/**
 * Adds (or, with `sign` −1, removes) one incident. Counts may go negative in a
 * partial fold of a position range (a correction whose incident was recorded
 * in an earlier range); they sum to the true value when ranges are merged.
 */
function add(state: IncidentCubeState, f: IncidentFacts, sign: 1 | -1): void {
  addCounts(communeOf(state, f.localityCode), cellKeyId(f), sign, sign * (f.casualties?.deaths ?? 0), sign * (f.casualties?.injuries ?? 0));
}

function addResolved(state: IncidentCubeState, f: IncidentFacts, resolvedOn: string, sign: 1 | -1): void {
  const key = `${halfMonthOf(resolvedOn)}|${[...f.labels].sort().join(',')}|${f.residentialAreaCode ?? ''}`;
  const commune = inner(state.resolved, f.localityCode);
  const n = (commune.get(key) ?? 0) + sign;
  if (n === 0) commune.delete(key);
  else commune.set(key, n);
}

/**
 * The saved form: flat arrays, much cheaper to build, stringify and parse than
 * objects with a million keys. Cell keys are few (thousands) and cells many (a
 * million at national scale), so each key is written once, in `keys`, and
 * cells refer to it by index: a third of the size of writing keys in full.
 */
interface SavedCube {
  readonly v: 5;
  /** every cell key used below, once */
  readonly keys: string[];
  /** commune, [key index, cases, deaths, injuries, key index, …], commune, […], … (non-empty cells only) */
  readonly cells: Array<string | number[]>;
  /** commune, [`half|labels|area`, count, …], … */
  readonly resolved: Array<string | Array<string | number>>;
}

function encodeCube(s: IncidentCubeState): SavedCube {
  const keys: string[] = [];
  const index = new Map<number, number>();
  const cells: Array<string | number[]> = [];
  for (const [commune, cc] of s.cells) {
    const flat: number[] = [];
    const counts = cc.counts;
    for (const [key, slot] of cc.slots) {
      const i = slot * 3;
      if (counts[i] === 0 && counts[i + 1] === 0 && counts[i + 2] === 0) continue;
      let k = index.get(key);
      if (k === undefined) {
        k = keys.length;
        keys.push(KEYS[key]!);
        index.set(key, k);
      }
      flat.push(k, counts[i]!, counts[i + 1]!, counts[i + 2]!);
    }
    if (flat.length > 0) cells.push(commune, flat);
  }
  return { v: 5, keys, cells, resolved: encodeCounts(s.resolved) };
}

/** Adds saved cells into `into` (a fresh map when decoding, a state's cells when merging a saved part). */
function addSavedCells(into: IncidentCubeState, saved: SavedCube): void {
  const keys = saved.keys.map(keyIdOf);
  const a = saved.cells;
  for (let i = 0; i < a.length; i += 2) {
    const flat = a[i + 1] as readonly number[];
    const cc = communeOf(into, a[i] as string);
    for (let j = 0; j < flat.length; j += 4) addCounts(cc, keys[flat[j]!]!, flat[j + 1]!, flat[j + 2]!, flat[j + 3]!);
  }
}

/** The saved cube, or a clear error for a state saved in another form (the projection's version guards this). */
function savedCube(saved: unknown): SavedCube {
  const o = saved as Partial<SavedCube> | null;
  if (o === null || typeof o !== 'object' || o.v !== 5 || !Array.isArray(o.keys) || !Array.isArray(o.cells) || !Array.isArray(o.resolved)) {
    throw new TypeError(`incident-cube: a saved state of form v5 was expected, got ${o === null ? 'null' : typeof o === 'object' ? `v${String(o.v)}` : typeof o}`);
  }
  return o as SavedCube;
}

function encodeCounts(m: Map<string, Map<string, number>>): Array<string | Array<string | number>> {
  const out: Array<string | Array<string | number>> = [];
  for (const [k, inner] of m) {
    const flat: Array<string | number> = [];
    for (const [key, n] of inner) flat.push(key, n);
    out.push(k, flat);
  }
  return out;
}
function decodeCounts(a: ReadonlyArray<string | ReadonlyArray<string | number>>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (let i = 0; i < a.length; i += 2) {
    const flat = a[i + 1] as ReadonlyArray<string | number>;
    const inner = new Map<string, number>();
    for (let j = 0; j < flat.length; j += 2) inner.set(flat[j] as string, flat[j + 1] as number);
    out.set(a[i] as string, inner);
  }
  return out;
}

/**
 * Adds the cube `later` (folded over a later, disjoint position range) into
 * `earlier` and returns it: counts add up, so folding a log in two ranges and
 * merging equals folding it whole. `later` is left unchanged.
 *
 * @example
 * ```ts
 * const whole = mergeCubes(foldOf(firstHalf), foldOf(secondHalf));
 * ```
 */
export function mergeCubes(earlier: IncidentCubeState, later: IncidentCubeState): IncidentCubeState {
  for (const [commune, cc] of later.cells) {
    const dst = communeOf(earlier, commune);
    const counts = cc.counts;
    for (const [key, slot] of cc.slots) {
      const i = slot * 3;
      if (counts[i] !== 0 || counts[i + 1] !== 0 || counts[i + 2] !== 0) addCounts(dst, key, counts[i]!, counts[i + 1]!, counts[i + 2]!);
    }
  }
  mergeResolved(earlier, later.resolved);
  return earlier;
}

function mergeResolved(earlier: IncidentCubeState, later: ReadonlyMap<string, ReadonlyMap<string, number>>): void {
  for (const [k1, m] of later) {
    const dst = inner(earlier.resolved, k1);
    for (const [k2, n] of m) {
      const v = (dst.get(k2) ?? 0) + n;
      if (v === 0) dst.delete(k2);
      else dst.set(k2, v);
    }
    if (dst.size === 0) earlier.resolved.delete(k1);
  }
}

/**
 * The cube as known before the events folded into `later`: a copy of `cube`
 * minus `later`, the cube folded (from the initial state) over the events
 * recorded after the cut. Folds of consecutive position ranges add up (see
 * {@link mergeCubes}), so this equals a fold of the log up to the cut; it
 * reads only what was recorded since. `cube` and `later` are left unchanged.
 *
 * @example
 * ```ts
 * const filed = cubeBefore(live, foldOf(eventsAfter(await store.positionAt('2025-01-20T23:59:59Z'))));
 * ```
 */
export function cubeBefore(cube: IncidentCubeState, later: IncidentCubeState): IncidentCubeState {
  const out: IncidentCubeState = { cells: new Map(), resolved: new Map() };
  mergeCubes(out, cube);
  for (const [commune, cc] of later.cells) {
    const dst = communeOf(out, commune);
    forEachCellOf(cc, (key, c, d, j) => addCounts(dst, key, -c, -d, -j));
  }
  const negated = new Map([...later.resolved].map(([k, m]) => [k, new Map([...m].map(([key, n]) => [key, -n]))]));
  mergeResolved(out, negated);
  return out;
}

/**
 * Folds incident events into {@link IncidentCubeState}.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, incidentCubeProjection);
 * state.cells.size; // communes with live incidents
 * ```
 */
export const incidentCubeProjection = defineProjection<IncidentCubeState>({
  name: 'incident-cube',
  version: 5,
  handles: incidentEventDefinitions.map((d) => d.type),
  initialState: () => ({ cells: new Map(), resolved: new Map() }),
  merge: mergeCubes,
  mergeSaved: (earlier, saved) => {
    const o = savedCube(saved);
    addSavedCells(earlier, o);
    mergeResolved(earlier, decodeCounts(o.resolved));
    return earlier;
  },
  codec: {
    encode: encodeCube,
    decode: (saved) => {
      const o = savedCube(saved);
      const state: IncidentCubeState = { cells: new Map(), resolved: decodeCounts(o.resolved) };
      addSavedCells(state, o);
      return state;
    },
  },
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
