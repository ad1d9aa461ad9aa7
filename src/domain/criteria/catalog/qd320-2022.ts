/**
 * Quyết định 320/QĐ-TTg (08/03/2022): the national criteria for NTM
 * districts and advanced NTM districts, 2021-2025; here only the ANTT
 * indicators 9.4 and 9.1 of criterion 9. Data only: the indicators' wording
 * was not verified, so every condition is unverified and overridable.
 *
 * @module
 */
import type { CriteriaEventInput } from '../events.js';

const QD320 = 'Quyết định 320/QĐ-TTg (08/03/2022)';
const DISTRICT_KINDS = ['huyen', 'thi-xa', 'thanh-pho'] as const;
const NOTE =
  'Towns and provincial cities are recognised as having "completed the NTM task" (hoàn thành nhiệm vụ) rather than "meeting the standard". ' +
  'The district level was abolished from 2025-07-01 (Luật 72/2025/QH15), so district series stop there.';

/**
 * The 320/QĐ-TTg sets as event bodies: `district-standard-2021` (indicator
 * `9.4`) and `district-advanced-2021` (indicator `9.1`).
 *
 * @example
 * ```ts
 * QD320_2022_EVENTS.map((e) => e.data.setId); // ['district-standard-2021', …, 'district-advanced-2021', …]
 * ```
 */
export const QD320_2022_EVENTS: readonly CriteriaEventInput[] = [
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'district-standard-2021',
      title: { vi: 'Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021-2025', en: 'National criteria for NTM districts, 2021-2025' },
      legalBasis: QD320,
      scope: 'district',
      level: 'standard',
      appliesTo: [...DISTRICT_KINDS],
      assessment: 'calendar-year',
      validFrom: '2022-03-08',
      validTo: '2025-12-31',
      verified: true,
      note: NOTE,
    },
  },
  {
    type: 'IndicatorDefined',
    data: {
      setId: 'district-standard-2021',
      code: '9.4',
      criterion: {
        number: '9',
        title: { vi: 'Hệ thống chính trị - An ninh trật tự - Hành chính công', en: 'Political system - security and order - public administration' },
      },
      title: { vi: 'Đảm bảo an ninh, trật tự', en: 'Security and order ensured' },
      verified: false,
      rule: {
        op: 'all',
        id: 'qd320-9.4',
        verified: false,
        title: { vi: 'Chỉ tiêu 9.4 (huyện NTM)', en: 'Indicator 9.4 (NTM district)' },
        source: `${QD320}, criterion 9, indicator 9.4 [V]; wording [U] ("Đảm bảo an ninh, trật tự" per BCA guidance)`,
        rules: [
          {
            op: 'notListed',
            list: 'key-complex-antt',
            scope: 'children',
            id: 'qd320-9.4-no-key-complex-commune',
            title: { vi: 'Không có xã trọng điểm, phức tạp về ANTT', en: 'No key/complex ANTT commune in the district' },
            verified: false,
            source: '[U] per BCA guidance probably "no key/complex ANTT commune in the district". Text not verified.',
          },
        ],
      },
    },
  },
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'district-advanced-2021',
      title: {
        vi: 'Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn 2021-2025',
        en: 'National criteria for advanced NTM districts, 2021-2025',
      },
      legalBasis: QD320,
      scope: 'district',
      level: 'advanced',
      appliesTo: [...DISTRICT_KINDS],
      assessment: 'calendar-year',
      validFrom: '2022-03-08',
      validTo: '2025-12-31',
      verified: true,
      note: NOTE,
    },
  },
  {
    type: 'IndicatorDefined',
    data: {
      setId: 'district-advanced-2021',
      code: '9.1',
      criterion: { number: '9', title: { vi: 'An ninh, trật tự - Hành chính công', en: 'Security and order - public administration' } },
      title: { vi: 'Đảm bảo an ninh, trật tự (nâng cao)', en: 'Security and order ensured (advanced)' },
      verified: false,
      rule: {
        op: 'all',
        id: 'qd320-adv-9.1',
        verified: false,
        title: { vi: 'Chỉ tiêu 9.1 (huyện NTM nâng cao)', en: 'Indicator 9.1 (advanced NTM district)' },
        source: `${QD320}, advanced set, criterion 9, indicator 9.1 [V]; conditions [U] (stricter than 9.4)`,
        rules: [
          {
            op: 'recognised',
            standard: 'district-standard-2021:9.4',
            id: 'qd320-adv-9.1-basic-met',
            title: { vi: 'Đã đạt chỉ tiêu 9.4 của huyện NTM', en: 'NTM district indicator 9.4 met' },
            verified: false,
            source: '[U] prerequisite: an advanced NTM district is first an NTM district. Text not verified.',
          },
          {
            op: 'notListed',
            list: 'key-complex-antt',
            scope: 'children',
            id: 'qd320-adv-9.1-no-key-complex-commune',
            title: { vi: 'Không có xã trọng điểm, phức tạp về ANTT', en: 'No key/complex ANTT commune in the district' },
            verified: false,
            source: '[U] assumed to carry over from 9.4. Text not verified.',
          },
          {
            op: 'attested',
            fact: 'district-advanced-antt-conditions',
            id: 'qd320-adv-9.1-stricter-conditions',
            title: { vi: 'Đạt các điều kiện ANTT nâng cao của chỉ tiêu 9.1', en: 'Meets the stricter ANTT conditions of 9.1' },
            verified: false,
            source:
              '[U] 9.1 is stricter than 9.4, possibly a share of ANTT-safe communes; the text and any threshold were not found. ' +
              'Attest it, or override for the province, e.g. with shareOfChildrenRecognised antt-safe-commune:art5 (IndicatorAmended with provinceCode).',
          },
        ],
      },
    },
  },
];
