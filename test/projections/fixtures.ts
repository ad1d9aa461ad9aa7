// Shared helpers of the projection acceptance tests (issue #4): a ledger on a
// memory store with a manual clock, synthetic incidents, small hand-made
// registers, recognitions and plans.
import { memoryStore } from '../../adapters/memory/index.js';
import { manualClock, type EventStore, type ManualClock } from '../../src/kernel/index.js';
import { Ledger, ledgerEvents, type LedgerCommand } from '../../src/ledger.js';
import type { LocalityKind } from '../../src/domain/shared/values.js';

export const SOCIAL_ORDER = 'crime.social-order';
export const ONE_DAY = 86_400_000;

/** A ledger on a fresh memory store whose recordedAt comes from a manual clock. */
export async function openLedger(start: string = '2025-01-01T00:00:00Z'): Promise<{ ledger: Ledger; clock: ManualClock; store: EventStore }> {
  const clock = manualClock(start);
  const store = memoryStore({ events: ledgerEvents, clock });
  const ledger = await Ledger.open(store, { clock });
  return { ledger, clock, store };
}

/** The deterministic number of synthetic social-order crimes of a commune in a year. */
export const k = (code: string): number => 1 + (Number(code) % 4);

/** `n` incidents of a commune on one day (ids `<prefix>-<code>-<date>-<i>`). */
export function incidents(code: string, date: string, n: number, prefix = 'i', labels: readonly string[] = [SOCIAL_ORDER]): LedgerCommand[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'RecordIncident' as const,
    incidentId: `${prefix}-${code}-${date}-${i}`,
    localityCode: code,
    occurredOn: date,
    reportedOn: date,
    labels: [...labels] as never,
  }));
}

export const decision = (number: string, date: string, authority = 'UBND tỉnh') => ({ number, date, authority });

/** A recognition of a standard from `fromYear` (open-ended unless `toYear`). */
export function recognise(recognitionId: string, localityCode: string, standard: string, fromYear: number, date: string, toYear?: number): LedgerCommand {
  return {
    type: 'RecogniseStandard',
    recognitionId,
    localityCode,
    standard,
    period: toYear === undefined ? { fromYear } : { fromYear, toYear },
    decision: decision(`${recognitionId}/QĐ-UBND`, date),
  };
}

export interface UnitSpec {
  readonly code: string;
  readonly name: string;
  readonly kind: LocalityKind;
}

/**
 * A hand-made register: province `provinceCode`, one district `districtCode`
 * and the given communes under it, all from 2019-01-01. Executed level by
 * level (each command through the ledger, as a user would).
 */
export async function smallProvince(ledger: Ledger, communes: readonly UnitSpec[], provinceCode = '90', districtCode = '901'): Promise<void> {
  const basis = 'test register';
  await ledger.execute({ type: 'EstablishLocality', code: provinceCode, name: 'Tỉnh Thử', kind: 'province', effectiveDate: '2019-01-01', legalBasis: basis });
  await ledger.execute({ type: 'EstablishLocality', code: districtCode, name: 'Huyện Thử', kind: 'huyen', parentCode: provinceCode, effectiveDate: '2019-01-01', legalBasis: basis });
  await ledger.executeAll(
    communes.map((c) => ({ type: 'EstablishLocality' as const, code: c.code, name: c.name, kind: c.kind, parentCode: districtCode, effectiveDate: '2019-01-01', legalBasis: basis })),
  );
}

/** `n` rural communes `<prefix>01`, `<prefix>02`, … */
export function xaList(n: number, prefix = '90'): UnitSpec[] {
  return Array.from({ length: n }, (_, i) => ({ code: `${prefix}${String(i + 1).padStart(3, '0')}`, name: `Xã Thử ${i + 1}`, kind: 'xa' as const }));
}

/** A plan of province `provinceCode` for 2022-2025 (baseline 2019), adopted on 2022-10-01. */
export function adoptPlan(planId: string, provinceCode: string): LedgerCommand {
  return {
    type: 'AdoptPlan',
    planId,
    title: { vi: 'Kế hoạch bảo đảm ANTT trong xây dựng NTM 2022-2025' },
    legalBasis: '926/QĐ-TTg',
    issuer: 'UBND tỉnh',
    provinceCode,
    period: { fromYear: 2022, toYear: 2025 },
    baselineYear: 2019,
    adoptedOn: '2022-10-01',
  };
}

/** The Thanh Hóa plan's targets (99/50/20/60/25 %, 5 % cut per commune vs 2019, yearly falls province-wide 2022-2025). */
export function thanhHoaTargets(planId: string): LedgerCommand[] {
  const share = (targetId: string, standard: string, population: 'rural-communes' | 'districts', minPercent: number): LedgerCommand => ({
    type: 'SetTarget',
    planId,
    targetId,
    description: { vi: `${minPercent}% đạt ${standard}` },
    target: { kind: 'shareRecognised', standard, population, minPercent, by: '2025-12-31' },
  });
  return [
    share('communes-19-2', 'commune-standard-2021:19.2', 'rural-communes', 99),
    share('advanced-19-2', 'commune-advanced-2021:19.2', 'rural-communes', 50),
    share('model-antt', 'commune-model-2021:antt', 'rural-communes', 20),
    share('districts-9-4', 'district-standard-2021:9.4', 'districts', 60),
    share('advanced-districts-9-1', 'district-advanced-2021:9.1', 'districts', 25),
    {
      type: 'SetTarget',
      planId,
      targetId: 'crime-cut-5',
      description: { vi: 'Mỗi xã giảm ít nhất 5% tội phạm về TTXH so với 2019' },
      target: { kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5, each: 'commune', by: '2025-12-31' },
    },
    {
      type: 'SetTarget',
      planId,
      targetId: 'yearly-falls',
      description: { vi: 'Tội phạm, tệ nạn xã hội, tai nạn giao thông giảm hằng năm' },
      target: { kind: 'yearOnYearReduction', metrics: ['social-order-crime', 'social-evils', 'traffic-accidents'], scope: 'province', fromYear: 2022, toYear: 2025 },
    },
  ];
}
