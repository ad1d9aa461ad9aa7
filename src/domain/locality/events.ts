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
 * date on, the lineage treats it as a merge into `receiver`.
 *
 * @example
 * ```ts
 * LocalityReceiverIdentified.create({ code: '15301', receiver: '15307', effectiveDate: '2019-12-01', legalBasis: 'Quyết định 1649/QĐ-UBND (quoted by baothanhhoa.vn)' });
 * ```
 */
export const LocalityReceiverIdentified = defineEvent(
  'LocalityReceiverIdentified',
  z.strictObject({ code: Code, receiver: Code, ...change }),
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
