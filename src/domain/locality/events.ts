/**
 * Locality events: the administrative register, effective-dated. Nothing is
 * deleted: a unit is closed by a merge, a split, a dissolution or the
 * abolition of its level, and its lineage is kept.
 *
 * @module
 */
import { z } from 'zod';
import { defineEvent, type BodyOf, type EventOf } from '../../kernel/index.js';
import { Code, IsoDate, LegalBasis, LocalityKind, Name, Text } from '../shared/values.js';

/**
 * How well a lineage fact is established, strongest first:
 * - `documented`: a source quotes the resolution (or the resolution's own text);
 * - `secondary`: a weaker source (a "formerly" statement, an area or population sum, a plan, a news line);
 * - `inferred-high`, `inferred-medium`: inferred from the GSO codes and names alone;
 * - `unknown`: not established (e.g. a dissolution whose receiver no source names).
 *
 * @example
 * ```ts
 * EvidenceLevel.parse('secondary');
 * ```
 */
export const EvidenceLevel = z.enum(['documented', 'secondary', 'inferred-high', 'inferred-medium', 'unknown']);
/** How well a lineage fact is established. */
export type EvidenceLevel = z.infer<typeof EvidenceLevel>;

/**
 * The evidence of a lineage fact: its level, where it was found, and the
 * words that say it.
 *
 * @example
 * ```ts
 * Evidence.parse({ level: 'documented', source: 'https://…/muong-lat', quote: 'Ngày 1 tháng 12 năm 2019, sáp nhập xã Tén Tằn vào thị trấn Mường Lát.' });
 * ```
 */
export const Evidence = z.strictObject({
  level: EvidenceLevel,
  /** Where it was found: an address or a document reference. */
  source: Text.optional(),
  /** The source's own words, verbatim. */
  quote: Text.optional(),
  /** Why a fact is weaker than `documented`, or what else the source says. */
  caveat: Text.optional(),
});
/** The evidence of a lineage fact. */
export type Evidence = z.infer<typeof Evidence>;

/**
 * Where a change came from in reference data (dataset, observation window, confidence).
 *
 * @example
 * ```ts
 * ChangeSource.parse({ observedWindow: { after: '2024-02-01', firstSeen: '2024-05-01' }, confidence: 'medium' });
 * ```
 */
export const ChangeSource = z.strictObject({
  dataset: Text.optional(),
  /** When the data only show a window, the change is dated at its end; this keeps the window. */
  observedWindow: z.strictObject({ after: IsoDate.optional(), firstSeen: IsoDate }).optional(),
  /** How sure the lineage is (reference data inferred from codes and names). */
  confidence: z.enum(['high', 'medium', 'low']).optional(),
  reason: Text.optional(),
  /** The evidence of the change, when a source was checked (otherwise it follows from `confidence`). */
  evidence: Evidence.optional(),
});

const change = {
  /** The day the change takes effect (valid time); the new state holds from this day on. */
  effectiveDate: IsoDate,
  legalBasis: LegalBasis,
  note: Text.optional(),
  provenance: ChangeSource.optional(),
};

/**
 * An exact share of a unit, `numerator / denominator`.
 *
 * @example
 * ```ts
 * Allocation.parse({ numerator: 1, denominator: 3 });
 * ```
 */
export const Allocation = z
  .strictObject({ numerator: z.number().int().min(0), denominator: z.number().int().min(1) })
  .refine((a) => a.numerator <= a.denominator, 'a share cannot exceed the whole');
/** An exact share of a unit. */
export type Allocation = z.infer<typeof Allocation>;

/**
 * What a new unit is, when a change creates it.
 *
 * @example
 * ```ts
 * NewUnit.parse({ name: 'Xã Mới', kind: 'xa', parentCode: '38' });
 * ```
 */
export const NewUnit = z.strictObject({ name: Name, kind: LocalityKind, parentCode: Code });

/**
 * A unit comes into existence (or into the register: a reference snapshot establishes every unit it lists).
 *
 * @example
 * ```ts
 * LocalityEstablished.create({ code: '14845', name: 'Thị trấn Mường Lát', kind: 'thi-tran', parentCode: '384', effectiveDate: '2019-11-01', legalBasis: 'GSO list 2019-11-01' });
 * ```
 */
export const LocalityEstablished = defineEvent(
  'LocalityEstablished',
  z.strictObject({ code: Code, name: Name, kind: LocalityKind, parentCode: Code.optional(), ...change }),
);

/**
 * A unit gets a new name (same code, same territory).
 *
 * @example
 * ```ts
 * LocalityRenamed.create({ code: '15331', name: 'Xã Thái Lai', effectiveDate: '2025-01-01', legalBasis: '…' });
 * ```
 */
export const LocalityRenamed = defineEvent('LocalityRenamed', z.strictObject({ code: Code, name: Name, spellingOnly: z.boolean().optional(), ...change }));

/**
 * A unit changes kind within its level (e.g. `xa` → `phuong`: it leaves the rural denominator from this day).
 *
 * @example
 * ```ts
 * LocalityReclassified.create({ code: '15856', kind: 'phuong', name: 'Phường Thiệu Khánh', effectiveDate: '2021-02-01', legalBasis: '1108/NQ-UBTVQH14' });
 * ```
 */
export const LocalityReclassified = defineEvent('LocalityReclassified', z.strictObject({ code: Code, kind: LocalityKind, name: Name.optional(), ...change }));

/**
 * A unit moves under another parent.
 *
 * @example
 * ```ts
 * LocalityTransferred.create({ code: '16378', parentCode: '380', effectiveDate: '2025-01-01', legalBasis: '…' });
 * ```
 */
export const LocalityTransferred = defineEvent('LocalityTransferred', z.strictObject({ code: Code, parentCode: Code, ...change }));

/**
 * Whole units are absorbed into a target. The target keeps or takes its code;
 * it is created when it does not exist (then `establish` says what it is).
 * `name`/`kind`/`parentCode` update a surviving target at the same time.
 *
 * @example
 * ```ts
 * LocalitiesMerged.create({ target: '15286', sources: ['15289'], name: 'Xã Yên Dương', effectiveDate: '2019-12-01', legalBasis: '786/NQ-UBTVQH14' });
 * ```
 */
export const LocalitiesMerged = defineEvent(
  'LocalitiesMerged',
  z.strictObject({
    target: Code,
    /** Units absorbed whole (not the target itself). */
    sources: z.array(Code).min(1),
    name: Name.optional(),
    kind: LocalityKind.optional(),
    parentCode: Code.optional(),
    ...change,
  }),
);

/**
 * A unit is divided between targets. If the source is among the targets it
 * continues with its part, otherwise it closes. `allocation` (when known for
 * every target, summing to one) makes footprints exact; without it a
 * comparison across the split is `not_comparable`.
 *
 * @example
 * ```ts
 * LocalitySplit.create({ source: '15271', targets: [{ code: '15271' }, { code: '15283' }], effectiveDate: '2025-07-01', legalBasis: '1686/NQ-UBTVQH15' });
 * ```
 */
export const LocalitySplit = defineEvent(
  'LocalitySplit',
  z.strictObject({
    source: Code,
    targets: z.array(z.strictObject({ code: Code, allocation: Allocation.optional(), establish: NewUnit.optional() })).min(1),
    ...change,
  }),
);

/**
 * A unit closes and its receiver is not known. Every unit that could have
 * received it (listed in `possibleReceivers`) then reports
 * comparisons across this date as `not_comparable`.
 *
 * @example
 * ```ts
 * LocalityDissolved.create({ code: '14788', possibleReceivers: ['15925', '15970', '16378'], effectiveDate: '2025-01-01', legalBasis: '…' });
 * ```
 */
export const LocalityDissolved = defineEvent(
  'LocalityDissolved',
  z.strictObject({
    code: Code,
    /** Units that could have received it (the decider fills in its siblings when a command names none). */
    possibleReceivers: z.array(Code).min(1),
    /** Changed units that the reference data name as likely receivers (information only). */
    candidates: z.array(Code).optional(),
    /** A receiver named by a secondary source (information only; see `LocalityReceiverIdentified`). */
    documentedReceiver: Code.optional(),
    ...change,
  }),
);

/**
 * The receiver of an earlier dissolution becomes known: from the dissolution's
 * date on, the lineage treats it as a merge into `receiver`. `evidence` says
 * what the identification rests on; every figure built on it names it.
 *
 * @example
 * ```ts
 * LocalityReceiverIdentified.create({ code: '14851', receiver: '14845', effectiveDate: '2019-12-01', legalBasis: '786/NQ-UBTVQH14', evidence: { level: 'documented', source: 'https://muonglat.thanhhoa.gov.vn/…', quote: 'Ngày 1 tháng 12 năm 2019, sáp nhập xã Tén Tằn vào thị trấn Mường Lát.' } });
 * ```
 */
export const LocalityReceiverIdentified = defineEvent(
  'LocalityReceiverIdentified',
  z.strictObject({ code: Code, receiver: Code, evidence: Evidence.optional(), ...change }),
);

/**
 * An earlier dissolution turns out to have divided the unit among several
 * receivers (e.g. Xã Hải Yến, 2025: its resettlement area to one phường, the
 * rest to three others). Without an allocation for every receiver, the
 * dissolved unit's territory is known to lie within `receivers` but not how
 * it is shared; a later {@link LocalityShareAllocated} can give the shares.
 *
 * @example
 * ```ts
 * LocalityDivisionIdentified.create({ code: '16651', receivers: [{ code: '16609' }, { code: '16645' }], effectiveDate: '2025-01-01', legalBasis: '…', evidence: { level: 'secondary', source: '…' } });
 * ```
 */
export const LocalityDivisionIdentified = defineEvent(
  'LocalityDivisionIdentified',
  z.strictObject({
    code: Code,
    receivers: z.array(z.strictObject({ code: Code, allocation: Allocation.optional(), what: Text.optional() })).min(2),
    evidence: Evidence,
    ...change,
  }),
);

/**
 * Part of a unit that continues went to another unit on a past date (a
 * boundary adjustment that the unit codes do not show, e.g. "the thôn Xuân
 * Sơn and Ngọc Sơn of xã Thúy Sơn into thị trấn Ngọc Lặc"). Recorded when the
 * fact is found, so it may be dated before changes already recorded. Without
 * `allocation` (the share of `code` that moved), the two units' territories
 * since that day are known only together.
 *
 * @example
 * ```ts
 * LocalityPartTransferred.create({ code: '15097', to: '15061', what: 'thôn Xuân Sơn, Ngọc Sơn', effectiveDate: '2019-12-01', legalBasis: '786/NQ-UBTVQH14', evidence: { level: 'documented', source: '…', quote: '…' } });
 * ```
 */
export const LocalityPartTransferred = defineEvent(
  'LocalityPartTransferred',
  z.strictObject({ code: Code, to: Code, what: Text.optional(), allocation: Allocation.optional(), evidence: Evidence, ...change }),
);

/**
 * The shares of an earlier division become known: a split, a part transfer
 * or a divided dissolution of `source` on `effectiveDate` gets an exact
 * allocation for every unit that received a part (they add up to one). From
 * then on the footprints through it are exact. `evidence` says where the
 * shares come from (an area or population split is `secondary`: the shares
 * of incidents follow those of territory only as an estimate).
 *
 * @example
 * ```ts
 * LocalityShareAllocated.create({ source: '16273', shares: [{ code: '15661', allocation: { numerator: 1, denominator: 4 } }, { code: '16252', allocation: { numerator: 3, denominator: 4 } }], effectiveDate: '2025-07-01', legalBasis: '1686/NQ-UBTVQH15', evidence: { level: 'secondary', source: 'Đề án …' } });
 * ```
 */
export const LocalityShareAllocated = defineEvent(
  'LocalityShareAllocated',
  z.strictObject({ source: Code, shares: z.array(z.strictObject({ code: Code, allocation: Allocation })).min(2), evidence: Evidence, ...change }),
);

/**
 * The district level of a province is abolished: the districts close and their
 * communes come directly under the province.
 *
 * @example
 * ```ts
 * DistrictLevelAbolished.create({ provinceCode: '38', districts: ['380', '381'], effectiveDate: '2025-07-01', legalBasis: '72/2025/QH15' });
 * ```
 */
export const DistrictLevelAbolished = defineEvent(
  'DistrictLevelAbolished',
  z.strictObject({ provinceCode: Code, districts: z.array(Code).min(1), ...change }),
);

/**
 * Every locality event definition.
 *
 * @example
 * ```ts
 * const registry = eventRegistry(localityEventDefinitions);
 * ```
 */
export const localityEventDefinitions = [
  LocalityEstablished,
  LocalityRenamed,
  LocalityReclassified,
  LocalityTransferred,
  LocalitiesMerged,
  LocalitySplit,
  LocalityDissolved,
  LocalityReceiverIdentified,
  LocalityDivisionIdentified,
  LocalityPartTransferred,
  LocalityShareAllocated,
  DistrictLevelAbolished,
] as const;

/** A stored locality event. */
export type LocalityEvent = EventOf<(typeof localityEventDefinitions)[number]>;
/** The `{type, data}` part of a locality event. */
export type LocalityEventBody = BodyOf<LocalityEvent>;

/**
 * The stream that holds a province's administrative register.
 *
 * @example
 * ```ts
 * registerStreamId('38'); // 'locality-register-38'
 * ```
 */
export function registerStreamId(provinceCode: string): string {
  return `locality-register-${provinceCode}`;
}
