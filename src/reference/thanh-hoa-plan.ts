/**
 * The Thanh Hóa plan 2022-2025 implementing 926/QĐ-TTg, as commands: the
 * plan and its targets (99 / 50 / 20 % of communes; 60 / 25 % of districts;
 * every commune −5 % social-order crime against 2019; year-on-year falls).
 * The targets are verified against the national programme; the plan's
 * decision number and date were not found, so its legal basis says so.
 *
 * @module
 */
import type { PlanCommand } from '../domain/plan/index.js';

/**
 * The id of the Thanh Hóa plan.
 *
 * @example
 * ```ts
 * await ledger.targetProgress({ planId: THANH_HOA_PLAN_ID, year: 2024 });
 * ```
 */
export const THANH_HOA_PLAN_ID = 'th-antt-2022-2025';

/** Options of {@link thanhHoaPlanCommands}. */
export interface ThanhHoaPlanOptions {
  /** The day the plan is recorded as adopted (its real date is not known). Default 2022-10-01. */
  readonly adoptedOn?: string;
}

/**
 * The plan and its seven targets, as ledger commands (idempotent when run
 * with deterministic event ids).
 *
 * @example
 * ```ts
 * await ledger.executeAll(thanhHoaPlanCommands(), { eventIds: (i, k) => `ref-plan-${i}-${k}` });
 * ```
 */
export function thanhHoaPlanCommands(options: ThanhHoaPlanOptions = {}): PlanCommand[] {
  const planId = THANH_HOA_PLAN_ID;
  const by = '2025-12-31';
  const share = (targetId: string, standard: string, population: 'rural-communes' | 'districts', minPercent: number, vi: string, en: string): PlanCommand => ({
    type: 'SetTarget',
    planId,
    targetId,
    description: { vi, en },
    target: { kind: 'shareRecognised', standard, population, minPercent, by },
  });
  return [
    {
      type: 'AdoptPlan',
      planId,
      title: {
        vi: 'Kế hoạch thực hiện Chương trình nâng cao chất lượng, hiệu quả thực hiện tiêu chí an ninh, trật tự trong xây dựng nông thôn mới trên địa bàn tỉnh Thanh Hóa, giai đoạn 2022-2025',
        en: 'Plan to raise the quality of the security-and-order criterion in New Rural Development in Thanh Hóa, 2022-2025',
      },
      // what the plan implements; the number and date of the province's own decision are not known (domain.md [U])
      legalBasis: '926/QĐ-TTg',
      issuer: 'UBND tỉnh Thanh Hóa',
      provinceCode: '38',
      period: { fromYear: 2022, toYear: 2025 },
      baselineYear: 2019,
      adoptedOn: options.adoptedOn ?? '2022-10-01',
    },
    share('commune-19.2', 'commune-standard-2021:19.2', 'rural-communes', 99, '99% số xã đạt chỉ tiêu 19.2 tiêu chí số 19 (xã NTM)', '99% of communes meet indicator 19.2 of criterion 19 (NTM commune set)'),
    share('commune-advanced-19.2', 'commune-advanced-2021:19.2', 'rural-communes', 50, '50% số xã đạt chỉ tiêu 19.2 (xã NTM nâng cao)', '50% of communes meet indicator 19.2 of the advanced commune set'),
    share('commune-model-antt', 'commune-model-2021:antt', 'rural-communes', 20, '20% số xã đạt tiêu chí ANTT xã NTM kiểu mẫu', '20% of communes meet the ANTT criterion of model communes'),
    share('district-9.4', 'district-standard-2021:9.4', 'districts', 60, 'Ít nhất 60% số huyện đạt chỉ tiêu 9.4 tiêu chí số 9 (huyện NTM)', 'At least 60% of districts meet indicator 9.4 of criterion 9 (NTM district set)'),
    share('district-advanced-9.1', 'district-advanced-2021:9.1', 'districts', 25, '25% số huyện đạt chỉ tiêu 9.1 tiêu chí số 9 (huyện NTM nâng cao)', '25% of districts meet indicator 9.1 of the advanced district set'),
    {
      type: 'SetTarget',
      planId,
      targetId: 'social-order-crime-5pct',
      description: { vi: 'Mỗi địa phương giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2019', en: 'Every locality cuts social-order crime by at least 5% against 2019' },
      target: { kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5, each: 'commune', by },
    },
    {
      type: 'SetTarget',
      planId,
      targetId: 'year-on-year',
      description: { vi: 'Kiềm chế, giảm tội phạm, tệ nạn xã hội, tai nạn giao thông so với năm trước', en: 'Crime, social evils and traffic accidents fall year on year' },
      target: { kind: 'yearOnYearReduction', metrics: ['social-order-crime', 'social-evils', 'traffic-accidents'], scope: 'province', fromYear: 2022, toYear: 2025 },
    },
  ];
}
