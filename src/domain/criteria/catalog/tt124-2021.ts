/**
 * Thông tư 124/2021/TT-BCA (28/12/2021, effective 10/02/2022): the "An toàn
 * về an ninh, trật tự" standard for residential areas (Art. 4) and for
 * communes, wards and townships (Art. 5). Data only. Conditions from text we
 * could not verify are `verified: false` with a `source` saying why.
 *
 * @module
 */
import type { CriteriaEventInput } from '../events.js';
import type { RuleInput } from '../rule.js';

const TT124 = 'Thông tư 124/2021/TT-BCA';

/**
 * Art. 4 clauses 2-4, which Art. 5 applies to communes too. `prefix` makes
 * the condition ids unique per article.
 */
function art4Clauses2to4(prefix: string): RuleInput[] {
  return [
    {
      op: 'attested',
      fact: 'law-and-rules-implemented',
      id: `${prefix}-art4-2-law-implemented`,
      title: { vi: 'Thực hiện đầy đủ chủ trương, chính sách, pháp luật về ANTT', en: 'Policy and law on ANTT fully implemented' },
      verified: true,
      source: `${TT124} Art. 4(2) [V]`,
    },
    {
      op: 'noIncidents',
      labels: ['security.*', 'prolonged-dispute'],
      id: `${prefix}-art4-3-security-events`,
      title: { vi: 'Không xảy ra các vụ việc về an ninh, mâu thuẫn, tranh chấp phức tạp, kéo dài', en: 'No security events and no complex, prolonged disputes' },
      verified: true,
      source:
        `${TT124} Art. 4(3) [V, list cut off]: anti-Party/anti-government activity, undermining unity, sabotage of key targets, illegal religions, ` +
        'exploiting religion, ethnicity, disputes or complaints, separatism (all security.*), complex prolonged disputes (prolonged-dispute). ' +
        'The rest of the list was not seen.',
    },
    {
      op: 'noIncidents',
      labels: ['mass-complaint'],
      id: `${prefix}-art4-3-mass-complaints`,
      title: { vi: 'Không có khiếu kiện đông người', en: 'No mass complaints' },
      verified: false,
      source:
        `[U] ${TT124} Art. 4(3) continues past the verified excerpt ("inciting or bribing others to …"); mass complaints are assumed to be among ` +
        'the cut-off items. A province can override this once the text is checked.',
    },
    {
      op: 'notMoreThanPrevious',
      metric: 'crime-and-violations',
      id: `${prefix}-art4-4-crime-not-rising`,
      title: { vi: 'Tội phạm, vi phạm pháp luật về TTXH giảm so với năm trước', en: 'Crime and social-order violations down on the previous year' },
      verified: false,
      source: `[U] ${TT124} Art. 4(4), reportedly "reduced vs the previous year"; modelled as "not more than" (a unit at 0 cannot reduce). Text not verified.`,
    },
    {
      op: 'noIncidents',
      labels: ['crime.*'],
      minSeverity: 'serious',
      id: `${prefix}-art4-4-no-serious-crime`,
      title: { vi: 'Không có tội phạm từ nghiêm trọng trở lên', en: 'No serious or worse crime' },
      verified: false,
      source: `[U] ${TT124} Art. 4(4), reportedly "no serious crime (nghiêm trọng trở lên)"; which crime classes count is not verified.`,
    },
    {
      op: 'not',
      id: `${prefix}-art4-4-no-serious-accident`,
      title: {
        vi: 'Không để xảy ra cháy, nổ, tai nạn nghiêm trọng do nguyên nhân chủ quan',
        en: 'No serious fire, explosion, traffic or work accident from subjective causes',
      },
      verified: false,
      source: `[U] ${TT124} Art. 4(4), reportedly. Text not verified.`,
      rule: { op: 'attested', fact: 'serious-accident-subjective-cause', verified: false, source: `[U] ${TT124} Art. 4(4)` },
    },
    {
      op: 'attested',
      fact: 'social-evils-controlled',
      id: `${prefix}-art4-4-social-evils-controlled`,
      title: { vi: 'Ma túy, tệ nạn xã hội được kiềm chế', en: 'Drugs and social evils controlled' },
      verified: false,
      source: `[U] ${TT124} Art. 4(4), reportedly. Text not verified.`,
    },
  ];
}

/**
 * The TT 124 sets as event bodies: `antt-safe-residential` (Art. 4,
 * standard `antt-safe-residential:art4`) and `antt-safe-commune` (Art. 5,
 * standard `antt-safe-commune:art5`).
 *
 * @example
 * ```ts
 * TT124_2021_EVENTS.map((e) => e.type); // ['CriteriaSetPublished', 'IndicatorDefined', 'CriteriaSetPublished', 'IndicatorDefined']
 * ```
 */
export const TT124_2021_EVENTS: readonly CriteriaEventInput[] = [
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'antt-safe-residential',
      title: {
        vi: 'Tiêu chuẩn "An toàn về an ninh, trật tự" của khu dân cư',
        en: 'ANTT-safe ("An toàn về an ninh, trật tự") standard for residential areas',
      },
      legalBasis: `${TT124} (28/12/2021), Điều 4`,
      scope: 'residential',
      level: 'safe',
      appliesTo: ['thon'],
      assessment: 'assessment-year-residential',
      validFrom: '2022-02-10',
      verified: true,
      note:
        'Replaces TT 23/2012/TT-BCA. Assessed once a year, 01/11 of the previous year to 31/10 [V, Lạng Sơn guidance 76/HD-BCĐ]. ' +
        'TT 48/2025/TT-BCA amends the procedure for two-tier government, not the criteria.',
    },
  },
  {
    type: 'IndicatorDefined',
    data: {
      setId: 'antt-safe-residential',
      code: 'art4',
      criterion: { number: 'Điều 4', title: { vi: 'Tiêu chuẩn khu dân cư đạt "An toàn về an ninh, trật tự"', en: 'Criteria for an ANTT-safe residential area' } },
      title: { vi: 'Khu dân cư đạt tiêu chuẩn "An toàn về an ninh, trật tự"', en: 'Residential area meets the ANTT-safe standard' },
      verified: true,
      rule: {
        op: 'all',
        id: 'tt124-art4',
        title: { vi: 'Đủ 5 tiêu chí của Điều 4', en: 'All five criteria of Art. 4' },
        source: `${TT124} Art. 4: five criteria, all required [V]; clauses 1-3 verified (3 cut off), 4-5 not`,
        rules: [
          {
            op: 'attested',
            fact: 'q1-registration-residential',
            id: 'tt124-art4-1-q1-registration',
            title: { vi: 'Quý I: nghị quyết chi bộ, đăng ký, 100% hộ gia đình đăng ký', en: 'Q1: Party-cell resolution, registration, 100% of households registered' },
            verified: true,
            source: `${TT124} Art. 4(1) [V]`,
          },
          ...art4Clauses2to4('tt124'),
          {
            op: 'attested',
            fact: 'self-management-groups-active',
            id: 'tt124-art4-5-self-management',
            title: { vi: 'Các tổ tự quản hoạt động hiệu quả', en: 'Self-management groups active' },
            verified: false,
            source: `[U] ${TT124} Art. 4(5), reportedly. Text not verified.`,
          },
          {
            op: 'attested',
            fact: 'reintegration-support',
            id: 'tt124-art4-5-reintegration',
            title: { vi: 'Giúp đỡ người chấp hành xong án phạt tù tái hòa nhập cộng đồng', en: 'Released prisoners helped to reintegrate' },
            verified: false,
            source: `[U] ${TT124} Art. 4(5), reportedly. Text not verified.`,
          },
        ],
      },
    },
  },
  {
    type: 'CriteriaSetPublished',
    data: {
      setId: 'antt-safe-commune',
      title: {
        vi: 'Tiêu chuẩn "An toàn về an ninh, trật tự" của xã, phường, thị trấn',
        en: 'ANTT-safe standard for communes, wards and townships',
      },
      legalBasis: `${TT124} (28/12/2021), Điều 5`,
      scope: 'commune',
      level: 'safe',
      appliesTo: ['xa', 'phuong', 'thi-tran'],
      assessment: 'assessment-year-commune',
      validFrom: '2022-02-10',
      verified: true,
      note:
        'Assessed once a year [V]. The commune window 01/12 of the previous year to 30/11 is [U] (excerpt cut); a province may use another convention. ' +
        'Per Công văn 3371/BCA-V05 (26/9/2022) this standard is what indicator 19.2 of the 2021-2025 NTM commune set rests on.',
    },
  },
  {
    type: 'IndicatorDefined',
    data: {
      setId: 'antt-safe-commune',
      code: 'art5',
      criterion: { number: 'Điều 5', title: { vi: 'Tiêu chuẩn xã, phường, thị trấn đạt "An toàn về an ninh, trật tự"', en: 'Criteria for an ANTT-safe commune' } },
      title: { vi: 'Xã, phường, thị trấn đạt tiêu chuẩn "An toàn về an ninh, trật tự"', en: 'Commune meets the ANTT-safe standard' },
      verified: true,
      rule: {
        op: 'all',
        id: 'tt124-art5',
        title: { vi: 'Đủ các tiêu chí của Điều 5', en: 'All criteria of Art. 5' },
        source: `${TT124} Art. 5 [V, cut off at "Đồng…"]`,
        rules: [
          {
            op: 'attested',
            fact: 'q1-resolution-plan-registration',
            id: 'tt124-art5-q1-resolution',
            title: { vi: 'Quý I: nghị quyết Đảng ủy, kế hoạch của UBND, đăng ký', en: 'Q1: Party-committee resolution, People\'s Committee plan, registration' },
            verified: true,
            source: `${TT124} Art. 5 [V]`,
          },
          {
            op: 'attested',
            fact: 'effective-movement-model',
            id: 'tt124-art5-movement-model',
            title: { vi: 'Có ít nhất 01 mô hình phong trào hoạt động hiệu quả', en: 'At least one effective movement model' },
            verified: true,
            source: `${TT124} Art. 5 [V]`,
          },
          ...art4Clauses2to4('tt124-art5'),
          {
            op: 'attested',
            fact: 'commune-police-proactive',
            id: 'tt124-art5-police-proactive',
            title: { vi: 'Công an xã chủ động tham mưu, thực hiện nhiệm vụ', en: 'Commune police proactive' },
            verified: true,
            source: `${TT124} Art. 5 [V]`,
          },
          {
            op: 'not',
            id: 'tt124-art5-no-officer-disciplined',
            title: { vi: 'Không có cán bộ, chiến sĩ Công an xã bị xử lý kỷ luật', en: 'No commune police officer disciplined' },
            verified: true,
            source: `${TT124} Art. 5 [V]`,
            rule: { op: 'attested', fact: 'police-officer-disciplined', verified: true, source: `${TT124} Art. 5 [V]` },
          },
          {
            op: 'shareOfChildrenRecognised',
            standard: 'antt-safe-residential:art4',
            minPercent: 70,
            id: 'tt124-art5-residential-share',
            title: { vi: 'Ít nhất 70% khu dân cư đạt tiêu chuẩn "An toàn về ANTT"', en: 'At least 70 % of residential areas ANTT-safe' },
            verified: false,
            source: `[U] the verified excerpt of ${TT124} Art. 5 ends at "Đồng…"; probably "and ≥ 70 % of its residential areas recognised". Share and threshold not verified.`,
          },
        ],
      },
    },
  },
];
