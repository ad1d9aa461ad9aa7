/**
 * Quyết định 319/QĐ-TTg (08/03/2022): the model (kiểu mẫu) NTM commune,
 * 2021-2025, in its security-and-order outstanding field. Data only: its
 * ANTT conditions were not found, so every condition is unverified and meant
 * to be settled by each province.
 *
 * @module
 */
import type { CriteriaEventInput } from '../events.js';

const QD319 = 'Quyết định 319/QĐ-TTg (08/03/2022)';

/**
 * The 319/QĐ-TTg set as event bodies: `commune-model-2021`, indicator `antt`.
 *
 * @example
 * ```ts
 * QD319_2022_EVENTS[0].data.setId; // 'commune-model-2021'
 * ```
 */
export const QD319_2022_EVENTS: readonly CriteriaEventInput[] = [
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'commune-model-2021',
      title: {
        vi: 'Xã nông thôn mới kiểu mẫu giai đoạn 2021-2025 (lĩnh vực an ninh, trật tự)',
        en: 'Model NTM commune 2021-2025 (security-and-order field)',
      },
      legalBasis: QD319,
      scope: 'commune',
      level: 'model',
      appliesTo: ['xa'],
      assessment: 'calendar-year',
      validFrom: '2022-03-08',
      validTo: '2025-12-31',
      verified: true,
      note:
        'A model commune excels in an outstanding field (lĩnh vực nổi trội), which may be security and order [V]; the field\'s conditions are ' +
        'detailed by the province with BCA guidance [U]. The 20 % model-commune target is probably a Thanh Hóa addition [P].',
    },
  },
  {
    type: 'IndicatorDefined',
    data: {
      setId: 'commune-model-2021',
      code: 'antt',
      criterion: { number: 'ANTT', title: { vi: 'Lĩnh vực nổi trội: an ninh, trật tự', en: 'Outstanding field: security and order' } },
      title: { vi: 'Xã NTM kiểu mẫu lĩnh vực an ninh, trật tự', en: 'Model NTM commune in the security-and-order field' },
      verified: false,
      rule: {
        op: 'all',
        id: 'qd319-antt',
        verified: false,
        title: { vi: 'Tiêu chí ANTT của xã NTM kiểu mẫu', en: 'ANTT criterion of a model NTM commune' },
        source: `${QD319} [V existence]; conditions [U]: a province-configurable rule on top of "advanced 19.2 met" (domain.md §3)`,
        rules: [
          {
            op: 'recognised',
            standard: 'commune-advanced-2021:19.2',
            id: 'qd319-antt-advanced-met',
            title: { vi: 'Đã đạt chỉ tiêu 19.2 của xã NTM nâng cao', en: 'Advanced NTM indicator 19.2 met' },
            verified: false,
            source: '[U] a model commune is already an advanced NTM commune; modelled on the ANTT indicator only. Text not verified.',
          },
          {
            op: 'attested',
            fact: 'antt-outstanding-field',
            id: 'qd319-antt-outstanding',
            title: { vi: 'Đạt các điều kiện lĩnh vực nổi trội về ANTT', en: 'Meets the ANTT outstanding-field conditions' },
            verified: false,
            source:
              '[U] the ANTT conditions of the outstanding field were not found (detailed by the province with BCA guidance). ' +
              'Attest them, or override this indicator for the province (IndicatorAmended with provinceCode).',
          },
        ],
      },
    },
  },
];
