/**
 * Quyết định 318/QĐ-TTg (08/03/2022): the national criteria for NTM
 * communes and advanced NTM communes, 2021-2025; here only the ANTT
 * indicator 19.2 of criterion 19 "Quốc phòng và An ninh". Data only.
 *
 * @module
 */
import type { CriteriaEventInput } from '../events.js';

const QD318 = 'Quyết định 318/QĐ-TTg (08/03/2022)';
const CRITERION_19 = { number: '19', title: { vi: 'Quốc phòng và An ninh', en: 'Defence and security' } };
const NOTE =
  'Only rural communes (xã) are assessed: a xã that becomes a phường or thị trấn leaves the denominator from that day. ' +
  'NTM recognition follows the calendar year. validTo is the end of the 2021-2025 phase; a 2026-2030 set is expected.';

/**
 * The 318/QĐ-TTg sets as event bodies: `commune-standard-2021` and
 * `commune-advanced-2021`, each with indicator `19.2`.
 *
 * @example
 * ```ts
 * QD318_2022_EVENTS.filter((e) => e.type === 'CriteriaSetPublished').length; // 2
 * ```
 */
export const QD318_2022_EVENTS: readonly CriteriaEventInput[] = [
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'commune-standard-2021',
      title: { vi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025', en: 'National criteria for NTM communes, 2021-2025' },
      legalBasis: QD318,
      scope: 'commune',
      level: 'standard',
      appliesTo: ['xa'],
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
      setId: 'commune-standard-2021',
      code: '19.2',
      criterion: CRITERION_19,
      title: { vi: 'Đảm bảo an toàn về an ninh, trật tự xã hội', en: 'Security and social order ensured' },
      verified: false,
      rule: {
        op: 'all',
        id: 'qd318-19.2',
        title: { vi: 'Chỉ tiêu 19.2 (xã NTM)', en: 'Indicator 19.2 (NTM commune)' },
        source: `${QD318}, criterion 19, indicator 19.2 [V]; exact 2021-2025 wording [U]; applied per Công văn 3371/BCA-V05 (26/9/2022)`,
        rules: [
          {
            op: 'recognised',
            standard: 'antt-safe-commune:art5',
            id: 'qd318-19.2-antt-safe',
            title: { vi: 'Xã đạt tiêu chuẩn "An toàn về an ninh, trật tự"', en: 'Commune recognised ANTT-safe' },
            verified: true,
            source:
              'Công văn 3371/BCA-V05 (26/9/2022) [V]: a commune "not complex in ANTT" in NTM 2021-2025 is one meeting the ' +
              '"An toàn về an ninh, trật tự" standard of Art. 5, Thông tư 124/2021/TT-BCA',
          },
          {
            op: 'notListed',
            list: 'key-complex-antt',
            scope: 'self',
            id: 'qd318-19.2-not-key-complex',
            title: { vi: 'Không thuộc danh sách xã trọng điểm, phức tạp về ANTT', en: 'Not on the key/complex ANTT commune list' },
            verified: false,
            source:
              '[U] assumed: a commune on the Minister of Public Security\'s list of key/complex ANTT communes does not meet 19.2. ' +
              'The list exists [V]; its link to the 2021-2025 indicator is not verified.',
          },
        ],
      },
    },
  },
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'commune-advanced-2021',
      title: {
        vi: 'Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn 2021-2025',
        en: 'National criteria for advanced NTM communes, 2021-2025',
      },
      legalBasis: QD318,
      scope: 'commune',
      level: 'advanced',
      appliesTo: ['xa'],
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
      setId: 'commune-advanced-2021',
      code: '19.2',
      criterion: CRITERION_19,
      title: { vi: 'Đảm bảo an toàn về an ninh, trật tự xã hội (nâng cao)', en: 'Security and social order ensured (advanced)' },
      verified: false,
      rule: {
        op: 'all',
        id: 'qd318-adv-19.2',
        verified: false,
        title: { vi: 'Chỉ tiêu 19.2 (xã NTM nâng cao)', en: 'Indicator 19.2 (advanced NTM commune)' },
        source: `${QD318}, advanced set, indicator 19.2 of criterion 19 [V]; its conditions [U] ("a stricter ANTT-safe condition")`,
        rules: [
          {
            op: 'recognised',
            standard: 'commune-standard-2021:19.2',
            id: 'qd318-adv-19.2-basic-met',
            title: { vi: 'Đã đạt chỉ tiêu 19.2 của xã NTM', en: 'Basic NTM indicator 19.2 met' },
            verified: false,
            source: '[U] prerequisite: an advanced NTM commune is first an NTM commune (architecture §3); the advanced 19.2 text was not verified.',
          },
          {
            op: 'attested',
            fact: 'effective-antt-model',
            id: 'qd318-adv-19.2-antt-model',
            title: { vi: 'Có mô hình về ANTT hoạt động hiệu quả', en: 'An effective ANTT model operates' },
            verified: false,
            source: '[U] reportedly "plus an effective ANTT model". Text not verified.',
          },
          {
            op: 'attested',
            fact: 'commune-police-role-promoted',
            id: 'qd318-adv-19.2-commune-police',
            title: { vi: 'Phát huy vai trò Công an xã chính quy', en: 'Role of the regular commune police promoted' },
            verified: false,
            source: '[U] reportedly "and the commune police\'s role". Text not verified.',
          },
        ],
      },
    },
  },
];
