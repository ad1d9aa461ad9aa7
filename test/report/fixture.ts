// A hand-built, realistic ReportModel for the renderer tests: Thanh Hóa's
// 2022-2025 ANTT plan in report year 2025, filed as of 20 January 2026, with
// the real district boundaries. Figures are synthetic (the 2022 and 2023
// crime counts follow the published totals; the 2019 baseline was not found).
import { readFileSync } from 'node:fs';
import type { ReportAttainment, ReportDistrictValue, ReportModel, ReportTarget } from '../../src/report/index.js';

/** The same text in both languages (fixture texts are not translated). */
export const bi = (s: string): { vi: string; en: string } => ({ vi: s, en: s });

/** The real district map (26 features, WGS84). */
export function districtGeojson(): ReportModel['map']['geojson'] {
  const text = readFileSync(new URL('../../data/thanh-hoa/districts.geojson', import.meta.url), 'utf8');
  return JSON.parse(text) as ReportModel['map']['geojson'];
}

/** Per district: change of social-order crime 2024 vs 2019 (percent), or null with its outcome. */
const DISTRICT_CHANGE: Record<string, number | null> = {
  '380': null, // not comparable: Đông Sơn merged in
  '381': -8.4,
  '382': -21.7,
  '384': 6.3,
  '385': -14.2,
  '386': -3.1,
  '387': -26.9,
  '388': -11.5,
  '389': -9.8,
  '390': 2.4,
  '391': -17.3,
  '392': -12,
  '393': -30.2,
  '394': -6.6,
  '395': -19.4,
  '396': null, // baseline zero
  '397': -4.2,
  '398': -13.9,
  '399': -22.5,
  '400': 11.8,
  '401': -7.7,
  '402': -15.1,
  '403': -1.9,
  '404': -10.4,
  '406': -18.6,
  '407': -24.3,
};

function districts(geojson: ReportModel['map']['geojson']): ReportDistrictValue[] {
  return geojson.features.map((f) => {
    const { code, name } = (f as { properties: { code: string; name: string } }).properties;
    const v = DISTRICT_CHANGE[code] ?? null;
    if (v === null) {
      const outcome = code === '396' ? ('baseline_zero' as const) : ('not_comparable' as const);
      return { code, name, value: null, label: outcome.replace(/_/g, ' '), outcome };
    }
    return { code, name, value: v, label: `${v > 0 ? '+' : ''}${v} %`, outcome: v <= -5 ? ('met' as const) : ('not_met' as const) };
  });
}

const COMMUNE_NAMES = [
  'Xã Hoằng Quang', 'Xã Quảng Tâm', 'Xã Thiệu Vận', 'Xã Đông Tân', 'Xã Nga Thạch', 'Xã Hà Long', 'Xã Yên Trường', 'Xã Thọ Lập',
  'Xã Xuân Du', 'Xã Minh Sơn', 'Xã Cẩm Tân', 'Xã Vĩnh Hùng', 'Xã Triệu Thành', 'Xã Nông Trường', 'Xã Hải An', 'Xã Tân Trường',
  'Xã Thành Vân', 'Xã Lộc Sơn', 'Xã Ngọc Liên', 'Xã Điền Quang', 'Xã Lũng Niêm', 'Xã Trung Thành', 'Xã Hiền Kiệt', 'Xã Mường Chanh',
  'Xã Phú Lệ', 'Xã Yên Khương', 'Xã Giao An', 'Xã Xuân Phúc', 'Xã Thanh Quân', 'Xã Cán Khê', 'Xã Hợp Thành',
];

function failing(): ReportModel['trends']['failing'] {
  return COMMUNE_NAMES.map((name, i) => {
    const change = Math.round((12 - i * 0.53) * 100) / 100;
    return {
      code: String(15900 + i * 7),
      name,
      changePercent: change,
      gap: Math.round((change + 5) * 100) / 100,
      message: bi(`${20 + i} in 2025 against ${18 + i - Math.round(change / 10)} in 2019 (${change > 0 ? '+' : ''}${change} %)`),
    };
  }).sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0));
}

const NOT_COMPARABLE: ReportModel['trends']['notComparableList'] = [
  { code: '16567', name: 'Xã Hoằng Sơn', reason: bi('not comparable: 2019 incidents of 15916 (location unknown, may lie in 16567, 16570)') },
  { code: '16570', name: 'Xã Hoằng Trạch', reason: bi('not comparable: 2019 incidents of 15916 (location unknown, may lie in 16567, 16570)') },
  { code: '15781', name: 'Xã Đông Thanh', reason: bi('not comparable: merged 2024; 2019 figures of 15784 not apportioned') },
  { code: '16018', name: 'Xã Thiệu Trung', reason: bi('not comparable: boundary change 2020 (transfer to Thành phố Thanh Hóa)') },
  { code: '16324', name: 'Xã "Quảng Hòa", mới', reason: bi('not comparable: new unit 2025, 2019 data by area estimate only') },
  { code: '16105', name: 'Xã Nga Phượng', reason: bi('not comparable: 2019 incidents without a commune') },
  { code: '15604', name: 'Xã Pù Nhi', reason: bi('not comparable: 2019 incidents without a commune') },
  { code: '16420', name: 'Xã Tân Dân', reason: bi('not comparable: 2019 incidents without a commune') },
  { code: '16441', name: 'Xã Hải Hà', reason: bi('not comparable: 2019 incidents without a commune') },
];

const SETS: ReadonlyArray<{ set: string; indicator: string; title: { vi: string; en: string }; eligible: readonly number[]; rec: readonly number[]; comp: readonly number[]; target: number; district: boolean }> = [
  { set: 'commune-standard-2021', indicator: '19.2', title: { vi: 'Đảm bảo an toàn về an ninh, trật tự xã hội', en: 'Security and social order ensured' }, eligible: [469, 469, 466, 452], rec: [372, 389, 409, 410], comp: [380, 395, 420, 417], target: 99, district: false },
  { set: 'commune-advanced-2021', indicator: '19.2', title: { vi: 'Đảm bảo an toàn về an ninh, trật tự xã hội (nâng cao)', en: 'Security and social order ensured (advanced)' }, eligible: [469, 469, 466, 452], rec: [141, 188, 230, 236], comp: [150, 192, 233, 240], target: 50, district: false },
  { set: 'commune-model-2021', indicator: 'antt', title: { vi: 'Lĩnh vực an ninh, trật tự (xã NTM kiểu mẫu)', en: 'Security and order (model NTM commune)' }, eligible: [469, 469, 466, 452], rec: [12, 28, 47, 66], comp: [12, 30, 49, 70], target: 20, district: false },
  { set: 'district-standard-2021', indicator: '9.4', title: { vi: 'Đảm bảo an ninh, trật tự', en: 'Security and order ensured' }, eligible: [27, 27, 26, 0], rec: [9, 12, 14, 0], comp: [10, 12, 15, 0], target: 60, district: true },
  { set: 'district-advanced-2021', indicator: '9.1', title: { vi: 'Đảm bảo an ninh, trật tự (nâng cao)', en: 'Security and order ensured (advanced)' }, eligible: [27, 27, 26, 0], rec: [1, 2, 4, 0], comp: [1, 3, 4, 0], target: 25, district: true },
];

const DISTRICTS_GONE = 'Cấp huyện chấm dứt hoạt động từ 01/7/2025 (Luật 72/2025/QH15); năm cuối đánh giá được: 2024';

function attainment(): ReportAttainment[] {
  const out: ReportAttainment[] = [];
  for (const s of SETS) {
    [2022, 2023, 2024, 2025].forEach((year, i) => {
      const gone = s.district && year === 2025;
      const eligible = s.eligible[i]!;
      const rec = s.rec[i]!;
      const comp = s.comp[i]!;
      const pc = (x: number) => Math.round((x / eligible) * 10000) / 100;
      out.push({
        set: s.set,
        indicator: s.indicator,
        standard: `${s.set}:${s.indicator}`,
        title: s.title,
        year,
        asOf: '2026-01-20T00:00:00+07:00',
        eligible: gone ? null : eligible,
        recognised: gone ? null : rec,
        computed: gone ? null : comp,
        recognisedPercent: gone ? null : pc(rec),
        computedPercent: gone ? null : pc(comp),
        targetPercent: s.target,
        assessable: !gone,
        reason: gone ? bi(DISTRICTS_GONE) : null,
      });
    });
  }
  return out;
}

function targets(): ReportTarget[] {
  const series = (set: string, indicator: string) =>
    attainment()
      .filter((a) => a.set === set && a.indicator === indicator)
      .map((a) => ({ year: a.year, percent: a.recognisedPercent, assessable: a.assessable }));
  const none = { requiredPerYear: null, observedPerYear: null };
  return [
    {
      id: 'commune-19.2-99',
      description: { vi: '99 % số xã đạt chỉ tiêu 19.2 (tiêu chí 19) của Bộ tiêu chí xã NTM', en: '99 % of communes attain indicator 19.2 (criterion 19) of the NTM commune set' },
      kind: 'shareRecognised',
      status: 'at_risk',
      value: bi('90.71 % (410/452)'),
      valuePercent: 90.71,
      target: '≥ 99 %',
      targetPercent: 99,
      gap: 8.29,
      deadline: '2025-12-31',
      lastAssessableYear: 2025,
      reason: bi('needs 8.29 pp more; 1,319 recognitions reviewed'),
      pace: { requiredPerYear: 8.29, observedPerYear: 3.19 },
      series: series('commune-standard-2021', '19.2'),
      failing: [{ code: '15913', name: 'Xã Hoằng Quang', gap: 2, detail: bi('key/complex list; no effective model') }],
    },
    {
      id: 'commune-advanced-19.2-50',
      description: { vi: '50 % số xã đạt chỉ tiêu 19.2 của Bộ tiêu chí xã NTM nâng cao', en: '50 % of communes attain 19.2 of the advanced NTM commune set' },
      kind: 'shareRecognised',
      status: 'met',
      value: bi('52.21 % (236/452)'),
      valuePercent: 52.21,
      target: '≥ 50 %',
      targetPercent: 50,
      gap: -2.21,
      deadline: '2025-12-31',
      lastAssessableYear: 2025,
      reason: null,
      pace: none,
      series: series('commune-advanced-2021', '19.2'),
      failing: [],
    },
    {
      id: 'commune-model-antt-20',
      description: { vi: '20 % số xã đạt tiêu chí ANTT của xã NTM kiểu mẫu', en: '20 % of communes attain the security criterion of model NTM communes' },
      kind: 'shareRecognised',
      status: 'on_track',
      value: bi('14.6 % (66/452)'),
      valuePercent: 14.6,
      target: '≥ 20 %',
      targetPercent: 20,
      gap: 5.4,
      deadline: '2026-06-30',
      lastAssessableYear: 2025,
      reason: null,
      pace: { requiredPerYear: 5.4, observedPerYear: 4.07 },
      series: series('commune-model-2021', 'antt'),
      failing: [],
    },
    {
      id: 'district-9.4-60',
      description: { vi: 'Ít nhất 60 % số huyện đạt chỉ tiêu 9.4 (tiêu chí 9) của Bộ tiêu chí huyện NTM', en: 'At least 60 % of districts attain indicator 9.4 (criterion 9) of the NTM district set' },
      kind: 'shareRecognised',
      status: 'not_assessable',
      value: null,
      valuePercent: null,
      target: '≥ 60 %',
      targetPercent: 60,
      gap: null,
      deadline: '2025-12-31',
      lastAssessableYear: 2024,
      reason: bi(DISTRICTS_GONE),
      pace: none,
      series: series('district-standard-2021', '9.4'),
      failing: [],
    },
    {
      id: 'district-advanced-9.1-25',
      description: { vi: '25 % số huyện đạt chỉ tiêu 9.1 của Bộ tiêu chí huyện NTM nâng cao', en: '25 % of districts attain 9.1 of the advanced NTM district set' },
      kind: 'shareRecognised',
      status: 'not_assessable',
      value: null,
      valuePercent: null,
      target: '≥ 25 %',
      targetPercent: 25,
      gap: null,
      deadline: '2025-12-31',
      lastAssessableYear: 2024,
      reason: bi(DISTRICTS_GONE),
      pace: none,
      series: series('district-advanced-2021', '9.1'),
      failing: [],
    },
    {
      id: 'social-order-crime-5pct-2019',
      description: { vi: 'Mỗi xã giảm ít nhất 5 % số vụ phạm tội về TTXH so với năm 2019', en: 'Each commune cuts social-order crime by at least 5 % against 2019' },
      kind: 'reductionVsBaseline',
      status: 'not_met',
      value: bi('78.92 % (131/166)'),
      valuePercent: 78.92,
      target: '100 % (≥ 5 % cut each)',
      targetPercent: 100,
      gap: 21.08,
      deadline: '2025-12-31',
      lastAssessableYear: 2025,
      reason: bi('31 communes below the cut, 9 not comparable'),
      pace: none,
      series: [
        { year: 2023, percent: 70.1, assessable: true },
        { year: 2024, percent: 74.4, assessable: true },
        { year: 2025, percent: 78.92, assessable: true },
      ],
      failing: failing().map((f) => ({ code: f.code, name: f.name, gap: f.gap ?? 0, detail: f.message })),
    },
    {
      id: 'yoy-crime-evils-accidents',
      description: { vi: 'Tội phạm, tệ nạn xã hội, tai nạn giao thông giảm so với năm trước', en: 'Crime, social evils and traffic accidents fall year on year' },
      kind: 'yearOnYearReduction',
      status: 'met',
      value: bi('3/3'),
      valuePercent: 100,
      target: '3/3',
      targetPercent: 100,
      gap: 0,
      deadline: '2025-12-31',
      lastAssessableYear: 2025,
      reason: null,
      pace: none,
      series: [{ year: 2025, percent: 100, assessable: true }],
      failing: [],
    },
  ];
}

/** The fixture model (fresh each call, so tests may change copies freely). */
export function fixtureModel(): ReportModel {
  const geojson = districtGeojson();
  return {
    meta: {
      title: { vi: 'Báo cáo kết quả thực hiện tiêu chí an ninh, trật tự trong xây dựng nông thôn mới năm 2025', en: 'Security and order in New Rural Development: 2025 report' },
      province: { code: '38', name: 'Thanh Hóa' },
      year: 2025,
      asOf: '2026-01-20T00:00:00+07:00',
      generatedAt: '2026-03-02T08:15:00Z',
      hierarchyAt: '2025-12-31',
      plan: {
        id: 'th-antt-2022-2025',
        title: { vi: 'Kế hoạch nâng cao chất lượng, hiệu quả thực hiện tiêu chí ANTT trong xây dựng NTM tỉnh Thanh Hóa, giai đoạn 2022-2025', en: 'Thanh Hóa plan for the ANTT criterion in NTM, 2022-2025' },
        legalBasis: 'QĐ 926/QĐ-TTg ngày 02/8/2022',
      },
      notes: [
        { vi: 'Số liệu vụ việc là dữ liệu tổng hợp giả lập cho mục đích minh họa.', en: 'Incident figures are synthetic, for illustration.' },
        { vi: 'Không tìm thấy số liệu gốc năm 2019; số liệu năm gốc là ước tính.', en: 'The 2019 baseline figure was not found; the baseline is an estimate.' },
      ],
    },
    targets: targets(),
    attainment: attainment(),
    crime: {
      metric: { id: 'social-order-crime', title: { vi: 'Số vụ phạm tội về trật tự xã hội', en: 'Social-order crime cases' } },
      baselineYear: 2019,
      baseline: 1520,
      series: [
        { year: 2019, value: 1520, changeVsBaselinePercent: 0, outcome: 'met' },
        { year: 2020, value: 1431, changeVsBaselinePercent: -5.86, outcome: 'met' },
        { year: 2021, value: null, changeVsBaselinePercent: null, outcome: 'no_data' },
        { year: 2022, value: 1426, changeVsBaselinePercent: -6.18, outcome: 'met' },
        { year: 2023, value: 1319, changeVsBaselinePercent: -13.22, outcome: 'met' },
        { year: 2024, value: 1498, changeVsBaselinePercent: -1.45, outcome: 'not_met' },
        { year: 2025, value: 946, changeVsBaselinePercent: -37.76, outcome: 'met' },
      ],
    },
    trends: {
      metric: 'social-order-crime',
      year: 2025,
      baselineYear: 2019,
      minPercent: 5,
      localities: 166,
      met: 120,
      notMet: COMMUNE_NAMES.length,
      notComparable: NOT_COMPARABLE.length,
      other: 166 - 120 - COMMUNE_NAMES.length - NOT_COMPARABLE.length,
      failing: failing(),
      notComparableList: NOT_COMPARABLE,
    },
    map: {
      year: 2024,
      title: { vi: 'Thay đổi số vụ phạm tội về TTXH năm 2024 so với 2019, theo huyện', en: 'Change in social-order crime 2024 against 2019, by district' },
      legend: { vi: 'Xanh: giảm; đỏ: tăng; xám: không so sánh được', en: 'Green: down; red: up; grey: not comparable' },
      note: { vi: 'Cấp huyện đã chấm dứt hoạt động từ 01/7/2025; bản đồ dùng số liệu năm 2024, năm cuối cùng có cấp huyện.', en: 'The district level ended on 1 July 2025; the map shows 2024, the last year with districts.' },
      geojson,
      districts: districts(geojson),
    },
    disagreements: [
      { code: '15913', name: 'Xã Hoằng Quang', standard: 'commune-standard-2021:19.2', year: 2025, kind: 'recognised_but_computed_not_met', message: bi('recognised by 12/QĐ-UBND, but a very serious case occurred on 2025-03-14') },
      { code: '16033', name: 'Xã Thiệu Vận', standard: 'commune-advanced-2021:19.2', year: 2025, kind: 'computed_met_but_not_recognised', message: bi('all conditions met on the recorded facts; no recognition decision') },
      { code: '16111', name: 'Xã Nga Thạch', standard: 'commune-standard-2021:19.2', year: 2024, kind: 'computed_met_but_not_recognised', message: bi('dossier not submitted') },
    ],
    followUp: {
      disputes: [
        { year: 2022, arising: 214, settledAtGrassroots: 181, sharePercent: 84.58 },
        { year: 2023, arising: 197, settledAtGrassroots: 172, sharePercent: 87.31 },
        { year: 2024, arising: 176, settledAtGrassroots: 160, sharePercent: 90.91 },
        { year: 2025, arising: 0, settledAtGrassroots: 0, sharePercent: null },
      ],
      reportsFiled: 14,
      reportsMissing: [
        { period: '2025-Q3', recipient: 'ministry-of-public-security', dueBy: '2025-10-15' },
        { period: '2025-H2', recipient: 'provincial-peoples-committee', dueBy: '2026-01-15' },
      ],
      reviews: [{ kind: 'interim', heldOn: '2023-12-15', title: 'Sơ kết 01 năm thực hiện Kế hoạch' }],
      inspections: 6,
      openObstacles: [
        { title: 'Thiếu kinh phí xây dựng mô hình tự quản', raisedBy: '388', raisedOn: '2025-02-01', ageDays: 353 },
        { title: 'Chưa có hướng dẫn đánh giá sau sắp xếp đơn vị hành chính', raisedBy: '399', raisedOn: '2025-08-12', ageDays: 161 },
      ],
      overdueTasks: [
        { owner: 'Công an tỉnh', count: 2, oldestDaysOverdue: 45 },
        { owner: 'Sở Nông nghiệp và Môi trường', count: 1, oldestDaysOverdue: 12 },
      ],
    },
    diff: [
      { key: 'crime.2025', label: { vi: 'Số vụ phạm tội về TTXH năm 2025', en: 'Social-order crime 2025' }, asFiled: 931, today: 946 },
      { key: 'crime.change.2025', label: { vi: 'Thay đổi so với 2019 (%)', en: 'Change against 2019 (%)' }, asFiled: -38.75, today: -37.76 },
      { key: 'attainment.commune-standard-2021:19.2.2025', label: { vi: 'commune-standard-2021:19.2: được công nhận / tổng số', en: 'commune-standard-2021:19.2: recognised / eligible' }, asFiled: '405/452', today: '410/452' },
      { key: 'target.district-9.4-60', label: { vi: 'Mục tiêu district-9.4-60', en: 'Target district-9.4-60' }, asFiled: null, today: null },
      { key: 'trends.met.2025', label: { vi: 'Số xã giảm ≥ 5% so với 2019', en: 'Communes with a ≥ 5 % cut against 2019' }, asFiled: 118, today: 120 },
    ],
  };
}
