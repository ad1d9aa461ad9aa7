/**
 * Turns reference data (a GSO snapshot of units, the changes between later
 * snapshots with inferred merge lineage, and a reform's exact lineage) into
 * register commands. Pure: the caller reads the files (see
 * `src/reference/`), this only interprets them.
 *
 * Rules (see docs/reference-data.md):
 * - The snapshot establishes every unit from `registerStart` (the snapshot is
 *   taken to hold from that day; the data record no earlier change).
 * - A change's effective date is its transition's `changeDate`; where the data
 *   only give an observation window, the end of the window (`firstSeenDataDate`),
 *   kept in `provenance.observedWindow`.
 * - Merges of high or medium confidence become merges; a removed unit whose
 *   receiver is unknown (low confidence) becomes a dissolution without
 *   successor. Its possible receivers are the data's candidates plus every
 *   surviving sibling that kept its name and type, but not the survivors of
 *   identified merges (the data explain their change by that merge).
 * - Entries the data flag as stale (codes that reappear in a later list but
 *   were dissolved earlier) are treated as not existing.
 *
 * @module
 */
import { z } from 'zod';
import type { LocalityCommand } from './decider.js';
import { Evidence } from './events.js';
import type { LocalityHistory } from './locality-history.js';

const Kind = z.enum(['province', 'huyen', 'thi-xa', 'thanh-pho', 'xa', 'phuong', 'thi-tran', 'thon']);

/**
 * A units snapshot file (`units-*.json`).
 *
 * @example
 * ```ts
 * UnitsSnapshotFile.parse(JSON.parse(readFileSync('data/thanh-hoa/units-2019.json', 'utf8'))).communes.length; // 635
 * ```
 */
export const UnitsSnapshotFile = z.object({
  asOf: z.iso.date(),
  source: z.record(z.string(), z.unknown()).optional(),
  province: z.object({ code: z.string(), name: z.string() }),
  districts: z.array(z.object({ code: z.string(), name: z.string(), kind: Kind })),
  communes: z.array(z.object({ code: z.string(), name: z.string(), kind: Kind, districtCode: z.string().optional() })),
});
/** A units snapshot file. */
export type UnitsSnapshotFile = z.infer<typeof UnitsSnapshotFile>;

const Window = z.object({ afterDataDate: z.string().optional(), firstSeenDataDate: z.string() }).passthrough();
const Removed = z.object({ code: z.string(), name: z.string(), kind: Kind.optional(), districtCode: z.string().optional(), observedWindow: Window.optional() }).passthrough();
const Added = Removed.extend({ flag: z.string().optional() });
const Renamed = z.object({ code: z.string(), oldName: z.string(), newName: z.string(), spellingOnly: z.boolean().optional(), observedWindow: Window.optional() }).passthrough();
const Reclassified = z.object({ code: z.string(), oldKind: Kind, newKind: Kind, newName: z.string(), observedWindow: Window.optional() }).passthrough();
const Moved = z.object({ code: z.string(), fromDistrict: z.string(), toDistrict: z.string(), observedWindow: Window.optional() }).passthrough();
const Merge = z
  .object({
    into: z.string().nullable(),
    from: z.array(z.string()).min(1),
    districtCode: z.string(),
    confidence: z.enum(['high', 'medium', 'low']),
    reason: z.string().optional(),
    candidates: z.array(z.string()).optional(),
    documentaryCheck: z.array(z.object({ removed: z.string().optional(), documentedInto: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();

/**
 * The changes file (`changes.json`).
 *
 * @example
 * ```ts
 * ChangesFile.parse(JSON.parse(readFileSync('data/thanh-hoa/changes.json', 'utf8'))).transitions.length; // 5
 * ```
 */
export const ChangesFile = z.object({
  province: z.object({ code: z.string(), name: z.string() }),
  transitions: z.array(
    z
      .object({
        to: z.object({ asOf: z.iso.date() }).passthrough(),
        changeDate: z.iso.date().nullable(),
        resolutions: z.array(z.object({ id: z.string() }).passthrough()),
        districts: z.object({ removed: z.array(Removed), added: z.array(Added), renamed: z.array(Renamed), reclassified: z.array(Reclassified) }),
        removed: z.array(Removed),
        added: z.array(Added),
        renamed: z.array(Renamed),
        reclassified: z.array(Reclassified),
        moved: z.array(Moved),
        merges: z.array(Merge),
      })
      .passthrough(),
  ),
});
/** The changes file. */
export type ChangesFile = z.infer<typeof ChangesFile>;

/**
 * A reform lineage file (`reform-2025-07.json`).
 *
 * @example
 * ```ts
 * ReformFile.parse(JSON.parse(readFileSync('data/thanh-hoa/reform-2025-07.json', 'utf8'))).units.length; // 166
 * ```
 */
export const ReformFile = z.object({
  effectiveDate: z.iso.date(),
  legalBasis: z.array(z.string()).min(1),
  districtsAbolished: z.array(z.string()),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: Kind,
      clause: z.number().int(),
      from: z.array(z.object({ code: z.string(), name: z.string(), share: z.enum(['whole', 'part']) })).min(1),
      unchanged: z.boolean().optional(),
    }),
  ),
  oldUnitsWithoutSuccessor: z.array(z.object({ code: z.string(), reason: z.string() }).passthrough()),
});
/** A reform lineage file. */
export type ReformFile = z.infer<typeof ReformFile>;

/** Inputs of {@link registerCommandsFromReference}. */
export interface ReferenceData {
  readonly snapshot: UnitsSnapshotFile;
  readonly changes: ChangesFile;
  readonly reform?: ReformFile;
  /** First day the snapshot's units are taken to exist (default: 1 January of the snapshot's year). */
  readonly registerStart?: string;
  /** Name of the dataset, recorded in provenance. */
  readonly dataset?: string;
}

/** What the conversion decided, for the record (docs and tests). */
export interface ReferenceReport {
  readonly merges: number;
  readonly dissolutions: number;
  readonly staleIgnored: readonly string[];
  readonly datedByWindow: number;
}

function dmyToIso(dmy: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dmy);
  if (m === null) throw new RangeError(`not a DD/MM/YYYY date: ${dmy}`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function kindFromName(name: string): 'xa' | 'phuong' | 'thi-tran' | undefined {
  if (name.startsWith('Xã ')) return 'xa';
  if (name.startsWith('Phường ')) return 'phuong';
  if (name.startsWith('Thị trấn ')) return 'thi-tran';
  return undefined;
}

function isStale(entry: { flag?: string | undefined }): boolean {
  return typeof entry.flag === 'string' && /stale|reappeared/i.test(entry.flag);
}

/**
 * Converts reference data into register commands, in effective-date order.
 * Run them through `decideAll` (or `handle`) to get events.
 *
 * @example
 * ```ts
 * const { commands } = registerCommandsFromReference({ snapshot, changes, reform });
 * const events = decideAll(LocalityHistory.empty, commands);
 * ```
 */
export function registerCommandsFromReference(data: ReferenceData): { commands: LocalityCommand[]; report: ReferenceReport } {
  const snapshot = UnitsSnapshotFile.parse(data.snapshot);
  const changes = ChangesFile.parse(data.changes);
  const reform = data.reform === undefined ? undefined : ReformFile.parse(data.reform);
  const dataset = data.dataset ?? 'GSO administrative units (dvhcvn mirrors)';
  const start = data.registerStart ?? `${snapshot.asOf.slice(0, 4)}-01-01`;
  const commands: LocalityCommand[] = [];
  const provinceCode = snapshot.province.code;
  let merges = 0;
  let dissolutions = 0;
  let datedByWindow = 0;
  const staleIgnored: string[] = [];

  const startBasis = `GSO list as of ${snapshot.asOf} (register start; taken to hold from ${start})`;
  commands.push({ type: 'EstablishLocality', code: provinceCode, name: snapshot.province.name, kind: 'province', effectiveDate: start, legalBasis: startBasis, provenance: { dataset } });
  for (const d of snapshot.districts) {
    commands.push({ type: 'EstablishLocality', code: d.code, name: d.name, kind: d.kind, parentCode: provinceCode, effectiveDate: start, legalBasis: startBasis, provenance: { dataset } });
  }
  for (const c of snapshot.communes) {
    commands.push({ type: 'EstablishLocality', code: c.code, name: c.name, kind: c.kind, parentCode: c.districtCode ?? provinceCode, effectiveDate: start, legalBasis: startBasis, provenance: { dataset } });
  }

  // Track the parent of every commune to find siblings of units dissolved without known receiver.
  const parentOf = new Map<string, string>(snapshot.communes.map((c) => [c.code, c.districtCode ?? provinceCode]));

  for (const t of changes.transitions) {
    const basis = t.resolutions.length > 0 ? t.resolutions.map((r) => r.id).join(', ') : undefined;
    const dated = (entry: { observedWindow?: { afterDataDate?: string | undefined; firstSeenDataDate: string } | undefined } | undefined) => {
      if (t.changeDate !== null) return { effectiveDate: t.changeDate, legalBasis: basis ?? `GSO list change observed ${t.changeDate}`, provenance: { dataset } };
      const w = entry?.observedWindow;
      if (w === undefined) throw new RangeError(`a change of the transition to ${t.to.asOf} has neither a change date nor an observation window`);
      datedByWindow++;
      const firstSeen = dmyToIso(w.firstSeenDataDate);
      const window = w.afterDataDate === undefined ? { firstSeen } : { after: dmyToIso(w.afterDataDate), firstSeen };
      return {
        effectiveDate: firstSeen,
        legalBasis: basis ?? `not named in the source data (GSO list change first seen in the list of ${firstSeen})`,
        provenance: { dataset, observedWindow: window },
      };
    };
    const removedByCode = new Map(t.removed.map((r) => [r.code, r]));
    for (const a of t.added) if (isStale(a)) staleIgnored.push(a.code);
    const staleCodes = new Set(t.added.filter(isStale).map((a) => a.code));
    if (t.added.some((a) => !isStale(a))) throw new RangeError(`transition to ${t.to.asOf}: new units without lineage are not supported: ${t.added.filter((a) => !isStale(a)).map((a) => a.code).join(', ')}`);

    const dissolvedHere = new Set(t.removed.map((r) => r.code));
    // Units whose change in this transition is explained by an identified merge (they took the absorbed unit's
    // name, or a name made of its syllables): the data attribute their change to that merge.
    const explained = new Set(t.merges.filter((m) => m.into !== null && m.confidence !== 'low').map((m) => m.into!));
    const changed = new Set([...t.renamed, ...t.reclassified, ...t.moved].map((x) => x.code));
    // 1. Transfers between districts (before any district merge that would close their old parent).
    for (const mv of t.moved) {
      if (staleCodes.has(mv.code)) continue;
      commands.push({ type: 'TransferLocality', code: mv.code, parentCode: mv.toDistrict, ...dated(mv) });
      parentOf.set(mv.code, mv.toDistrict);
    }
    // 2. Commune merges and dissolutions.
    for (const m of t.merges) {
      const when = dated(removedByCode.get(m.from[0]!));
      if (m.into !== null && m.confidence !== 'low') {
        merges++;
        commands.push({
          type: 'MergeLocalities',
          target: m.into,
          sources: m.from.filter((f) => f !== m.into),
          ...when,
          provenance: { ...when.provenance, confidence: m.confidence, ...(m.reason === undefined ? {} : { reason: m.reason }) },
        });
      } else {
        for (const code of m.from) {
          dissolutions++;
          const parent = parentOf.get(code);
          // Possible receivers: the changed units the data name as candidates, and every surviving sibling that
          // kept its name and type (a receiver may keep both: 15301 went to the unchanged 15271 by the resolution).
          const candidates = new Set(m.candidates ?? []);
          const siblings = [...parentOf.entries()]
            .filter(([c, p]) => p === parent && c !== code && !dissolvedHere.has(c) && !staleCodes.has(c) && !explained.has(c) && (candidates.has(c) || !changed.has(c)))
            .map(([c]) => c);
          const documented = m.documentaryCheck?.find((x) => x.removed === code)?.documentedInto;
          commands.push({
            type: 'DissolveLocality',
            code,
            possibleReceivers: siblings,
            ...(m.candidates !== undefined && m.candidates.length > 0 ? { candidates: m.candidates } : {}),
            ...(documented === undefined ? {} : { documentedReceiver: documented }),
            ...when,
            note: 'receiver not identifiable from the data (low confidence); comparisons across this change are not comparable until a receiver is identified',
            provenance: { ...when.provenance, confidence: 'low', ...(m.reason === undefined ? {} : { reason: m.reason }) },
          });
        }
      }
    }
    for (const code of dissolvedHere) parentOf.delete(code);
    // 3. Renames and reclassifications of surviving communes (one event when both happen).
    const reclassified = new Map(t.reclassified.map((r) => [r.code, r]));
    for (const r of t.renamed) {
      if (reclassified.has(r.code) || staleCodes.has(r.code)) continue;
      commands.push(r.spellingOnly === true ? { type: 'RenameLocality', code: r.code, name: r.newName, spellingOnly: true, ...dated(r) } : { type: 'RenameLocality', code: r.code, name: r.newName, ...dated(r) });
    }
    for (const r of t.reclassified) {
      if (staleCodes.has(r.code)) continue;
      commands.push({ type: 'ReclassifyLocality', code: r.code, kind: r.newKind, name: r.newName, ...dated(r) });
    }
    // 4. District-level changes.
    const dReclassified = new Map(t.districts.reclassified.map((r) => [r.code, r]));
    for (const r of t.districts.renamed) if (!dReclassified.has(r.code)) commands.push({ type: 'RenameLocality', code: r.code, name: r.newName, ...dated(r) });
    for (const r of t.districts.reclassified) commands.push({ type: 'ReclassifyLocality', code: r.code, kind: r.newKind, name: r.newName, ...dated(r) });
    for (const r of t.districts.removed) {
      // A district removed while its communes moved to one other district was merged into it.
      const receivers = [...new Set(t.moved.filter((mv) => mv.fromDistrict === r.code).map((mv) => mv.toDistrict))];
      if (receivers.length !== 1) throw new RangeError(`district ${r.code} was removed but its communes did not all move to one district`);
      merges++;
      commands.push({ type: 'MergeLocalities', target: receivers[0]!, sources: [r.code], ...dated(r), note: 'district merged: all its communes moved to the target in the same change' });
    }
  }

  if (reform !== undefined) {
    const date = reform.effectiveDate;
    const legalBasis = reform.legalBasis.join(', ');
    const provenance = { dataset: 'resolution text (dvhcvn/20250701), new codes from 1027/CTK-CSCL' };
    for (const o of reform.oldUnitsWithoutSuccessor) if (!staleIgnored.includes(o.code)) staleIgnored.push(o.code);
    commands.push({ type: 'AbolishDistrictLevel', provinceCode, districts: reform.districtsAbolished, effectiveDate: date, legalBasis, provenance });
    // Old units divided in parts between new units.
    const parts = new Map<string, string[]>();
    for (const u of reform.units) for (const f of u.from) if (f.share === 'part') parts.set(f.code, [...(parts.get(f.code) ?? []), u.code]);
    for (const [source, targets] of parts) {
      const clauses = reform.units.filter((u) => targets.includes(u.code)).map((u) => u.clause);
      commands.push({ type: 'SplitLocality', source, targets: targets.map((code) => ({ code })), effectiveDate: date, legalBasis, note: `Article 1, clauses ${clauses.join(', ')}: "một phần" / "phần còn lại"; no allocation given`, provenance });
    }
    for (const u of reform.units) {
      if (u.unchanged === true) continue;
      const whole = u.from.filter((f) => f.share === 'whole' && f.code !== u.code).map((f) => f.code);
      const note = `Article 1, clause ${u.clause}`;
      if (whole.length > 0) {
        merges++;
        commands.push({ type: 'MergeLocalities', target: u.code, sources: whole, name: u.name, kind: u.kind, parentCode: provinceCode, effectiveDate: date, legalBasis, note, provenance });
      } else {
        const self = u.from.find((f) => f.code === u.code);
        const oldKind = self === undefined ? undefined : kindFromName(self.name);
        if (oldKind !== u.kind) commands.push({ type: 'ReclassifyLocality', code: u.code, kind: u.kind, name: u.name, effectiveDate: date, legalBasis, note, provenance });
        else if (self?.name !== u.name) commands.push({ type: 'RenameLocality', code: u.code, name: u.name, effectiveDate: date, legalBasis, note, provenance });
      }
    }
  }
  return { commands, report: { merges, dissolutions, staleIgnored, datedByWindow } };
}

const FoundEvidence = Evidence.refine((e) => e.level !== 'unknown', 'a fact found in a source cannot have the level unknown');

/**
 * The lineage facts looked up in sources (`lineage-evidence.json`):
 * receivers of dissolutions the codes leave open, dissolutions divided among
 * several units, boundary adjustments the codes do not show, and the
 * dissolutions still unresolved.
 *
 * @example
 * ```ts
 * LineageEvidenceFile.parse(JSON.parse(readFileSync('data/thanh-hoa/lineage-evidence.json', 'utf8'))).receivers.length; // 38
 * ```
 */
export const LineageEvidenceFile = z.object({
  description: z.string().optional(),
  sources: z.string().optional(),
  receivers: z.array(
    z.object({ code: z.string(), name: z.string(), districtCode: z.string().optional(), date: z.iso.date(), receiver: z.string(), receiverName: z.string(), evidence: FoundEvidence, foundIn: z.string(), check: z.record(z.string(), z.unknown()).optional() }),
  ),
  divisions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      districtCode: z.string().optional(),
      date: z.iso.date(),
      receivers: z.array(z.object({ code: z.string(), name: z.string(), what: z.string().optional() })).min(2),
      evidence: FoundEvidence,
      foundIn: z.string(),
      check: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  partTransfers: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      to: z.string(),
      toName: z.string(),
      what: z.string().optional(),
      date: z.iso.date(),
      legalBasis: z.string(),
      evidence: FoundEvidence,
      foundIn: z.string(),
      check: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  unresolved: z.array(z.object({ code: z.string(), name: z.string(), districtCode: z.string().optional(), date: z.iso.date(), lead: z.string().nullable().optional() }).passthrough()),
});
/** The lineage facts looked up in sources. */
export type LineageEvidenceFile = z.infer<typeof LineageEvidenceFile>;

/**
 * The register commands that record looked-up lineage facts on a register
 * that already holds the changes they are about: `IdentifyReceiver` for a
 * receiver, `IdentifyDivision` for a divided dissolution (both with the
 * dissolution's legal basis), `TransferPart` for a boundary adjustment.
 * Kept apart from the inferred lineage: the dissolutions stay recorded as
 * such, and each fact carries its own evidence.
 *
 * @example
 * ```ts
 * const commands = lineageEvidenceCommands(LineageEvidenceFile.parse(json), history);
 * const events = decideAll(history, commands);
 * ```
 */
export function lineageEvidenceCommands(file: LineageEvidenceFile, history: LocalityHistory, dataset = 'data/thanh-hoa/lineage-evidence.json'): LocalityCommand[] {
  const f = LineageEvidenceFile.parse(file);
  const basisOf = (code: string, date: string): string => {
    const step = history.steps.find((s) => s.type === 'dissolve' && s.code === code && s.date === date);
    if (step === undefined) throw new RangeError(`lineage evidence: no dissolution of ${code} on ${date} in the register`);
    return step.legalBasis;
  };
  const provenance = (foundIn: string) => ({ dataset, reason: `found in ${foundIn}` });
  const out: LocalityCommand[] = [];
  for (const r of f.receivers) {
    out.push({ type: 'IdentifyReceiver', code: r.code, receiver: r.receiver, effectiveDate: r.date, legalBasis: basisOf(r.code, r.date), evidence: r.evidence, provenance: provenance(r.foundIn) });
  }
  for (const d of f.divisions) {
    out.push({
      type: 'IdentifyDivision',
      code: d.code,
      receivers: d.receivers.map((r) => (r.what === undefined ? { code: r.code } : { code: r.code, what: r.what })),
      effectiveDate: d.date,
      legalBasis: basisOf(d.code, d.date),
      evidence: d.evidence,
      provenance: provenance(d.foundIn),
    });
  }
  for (const t of f.partTransfers) {
    out.push({ type: 'TransferPart', code: t.code, to: t.to, ...(t.what === undefined ? {} : { what: t.what }), effectiveDate: t.date, legalBasis: t.legalBasis, evidence: t.evidence, provenance: provenance(t.foundIn) });
  }
  return out;
}
