/**
 * The Thanh Hóa reference data shipped in `data/thanh-hoa/`: reads the files
 * (the only I/O of reference data) and hands them to the pure conversion in
 * `domain/locality/reference-register.ts`.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NtmAnttError } from '../kernel/index.js';
import { decideAll } from '../domain/locality/decider.js';
import type { LocalityEventBody } from '../domain/locality/events.js';
import { LocalityHistory } from '../domain/locality/locality-history.js';
import { VIETNAM_TIME, type TimeZone } from '../domain/shared/time-zone.js';
import { ChangesFile, LineageEvidenceFile, ReformFile, UnitsSnapshotFile, lineageEvidenceCommands, registerCommandsFromReference, type ReferenceReport } from '../domain/locality/reference-register.js';

/**
 * What the ledger knows of Thanh Hóa province itself: its GSO code, its name
 * and its civil time (Vietnam's, UTC+7), in which an as-of date ends.
 *
 * @example
 * ```ts
 * THANH_HOA.timeZone.label; // 'UTC+7'
 * ```
 */
export const THANH_HOA: { readonly code: string; readonly name: string; readonly timeZone: TimeZone } = Object.freeze({ code: '38', name: 'Tỉnh Thanh Hóa', timeZone: VIETNAM_TIME });

/**
 * The `data/` folder of the installed package (found from this module's location,
 * so it works from the sources and from the built output).
 *
 * @example
 * ```ts
 * join(packageDataDir(), 'thanh-hoa', 'districts.geojson');
 * ```
 */
export function packageDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, 'thanh-hoa', 'units-2019.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new NtmAnttError('reference_data_missing', `the package's data/thanh-hoa folder was not found above ${fileURLToPath(import.meta.url)}`);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (cause) {
    throw new NtmAnttError('reference_data_unreadable', `reference data ${file}: ${(cause as Error).message}`, { cause, details: { path: file } });
  }
}

/** The parsed Thanh Hóa files. */
export interface ThanhHoaData {
  readonly units2019: UnitsSnapshotFile;
  readonly units2021: UnitsSnapshotFile;
  readonly units2025March: UnitsSnapshotFile;
  readonly units2025July: UnitsSnapshotFile;
  readonly changes: ChangesFile;
  readonly reform: ReformFile;
  /** Receivers, divisions and boundary adjustments looked up in sources, with their evidence. */
  readonly lineageEvidence: LineageEvidenceFile;
}

/**
 * Reads and validates the Thanh Hóa files from `data/thanh-hoa/` (or `dir`).
 *
 * @example
 * ```ts
 * const data = readThanhHoaData();
 * data.units2019.communes.length; // 635
 * ```
 */
export function readThanhHoaData(dir: string = join(packageDataDir(), 'thanh-hoa')): ThanhHoaData {
  const f = (name: string) => readJson(join(dir, name));
  return {
    units2019: UnitsSnapshotFile.parse(f('units-2019.json')),
    units2021: UnitsSnapshotFile.parse(f('units-2021-07.json')),
    units2025March: UnitsSnapshotFile.parse(f('units-2025-03.json')),
    units2025July: UnitsSnapshotFile.parse(f('units-2025-07.json')),
    changes: ChangesFile.parse(f('changes.json')),
    reform: ReformFile.parse(f('reform-2025-07.json')),
    lineageEvidence: LineageEvidenceFile.parse(f('lineage-evidence.json')),
  };
}

/**
 * The register events of Thanh Hóa 2019-2025: the 2019 units, every change
 * in `changes.json`, the 1 July 2025 reform, and then the lineage facts
 * looked up in sources (`lineage-evidence.json`: identified receivers, a
 * divided dissolution, boundary adjustments), validated by the register
 * decider. `ids` are the events' ids when loaded as reference data: the
 * changes by their place in the list (as since the first release), the looked-up
 * facts by what they are about, so that adding a fact never renumbers another.
 *
 * @example
 * ```ts
 * const { events, ids } = thanhHoaRegisterEvents();
 * await store.append(registerStreamId('38'), events.map((e, i) => ({ ...e, id: ids[i]! })), { expectedVersion: 'no_stream' });
 * ```
 */
export function thanhHoaRegisterEvents(data: ThanhHoaData = readThanhHoaData()): { events: LocalityEventBody[]; ids: string[]; report: ReferenceReport } {
  const { commands, report } = registerCommandsFromReference({ snapshot: data.units2019, changes: data.changes, reform: data.reform, dataset: 'data/thanh-hoa (GSO via dvhcvn)' });
  const base = decideAll(LocalityHistory.empty, commands);
  const history = LocalityHistory.from(base);
  const facts = decideAll(history, lineageEvidenceCommands(data.lineageEvidence, history));
  const factId = (e: LocalityEventBody): string => {
    const d = e.data as { code?: string; source?: string; to?: string; effectiveDate: string };
    const kind = e.type === 'LocalityReceiverIdentified' ? 'receiver' : e.type === 'LocalityDivisionIdentified' ? 'division' : e.type === 'LocalityPartTransferred' ? 'part' : 'shares';
    return `ref-lineage-38-${kind}-${d.code ?? d.source}${d.to === undefined ? '' : `-to-${d.to}`}-${d.effectiveDate}`;
  };
  return { events: [...base, ...facts], ids: [...base.map((_, i) => `ref-register-38-${i}`), ...facts.map(factId)], report };
}

/** The district map shipped in `data/thanh-hoa/districts.geojson` (26 districts as on 01/03/2025). */
export interface DistrictMap {
  readonly type: 'FeatureCollection';
  readonly features: ReadonlyArray<{ readonly type: 'Feature'; readonly properties: { readonly code: string; readonly name: string }; readonly geometry: unknown }>;
}

/**
 * Reads the Thanh Hóa district map (see `data/thanh-hoa/MAP.md` for its
 * source and caveats: boundaries from before 2019, no legal meaning after
 * 1 July 2025).
 *
 * @example
 * ```ts
 * readThanhHoaDistrictMap().features.length; // 26
 * ```
 */
export function readThanhHoaDistrictMap(dir: string = join(packageDataDir(), 'thanh-hoa')): DistrictMap {
  const map = readJson(join(dir, 'districts.geojson')) as DistrictMap;
  if (map.type !== 'FeatureCollection' || !Array.isArray(map.features)) {
    throw new NtmAnttError('reference_data_unreadable', `reference data ${join(dir, 'districts.geojson')}: not a GeoJSON FeatureCollection`, { details: { path: join(dir, 'districts.geojson') } });
  }
  return map;
}
