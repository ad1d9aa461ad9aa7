// A hand-built, realistic ReportModel for the renderer tests: Thanh Hóa's
// 2022-2025 ANTT plan in report year 2025, filed as of 20 January 2026, with
// the real district boundaries. Figures are synthetic (the 2022 and 2023
// crime counts follow the published totals; the 2019 baseline was not found).
// Commune trends have the new shape: communes assessed alone, five comparison
// groups of real 1 July 2025 units with the facts that would split them, and
// looked-up lineage facts with their sources; the district level is gone (a
// note), and `fixtureModel2024()` gives a 2024-like model with district trends.
import { readFileSync } from 'node:fs';
import type { ReportAttainment, ReportDistrictValue, ReportModel, ReportTarget } from '../../src/report/index.js';

/** The same text in both languages (fixture texts are not translated). */
export const bi = (s: string): { vi: string; en: string } => ({ vi: s, en: s });
/** A displayed value as the model holds it: the Vietnamese text with Vietnamese decimals (`90,71 %`). */
const shown = (en: string): { vi: string; en: string } => ({ vi: en.replace(/(\d)\.(\d)/g, '$1,$2'), en });

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

type Unit = { readonly code: string; readonly name: string };
type Trends = ReportModel['trends'];

const u = (code: string, name: string): Unit => ({ code, name });
const pc = (current: number, baseline: number): number => Math.round(((current - baseline) / baseline) * 10000) / 100;
const viNumber = (x: number): string => String(x).replace('.', ',');
const signed = (x: number, lang: 'vi' | 'en'): string => `${x > 0 ? '+' : ''}${lang === 'vi' ? viNumber(x) : x}`;
/** The message of a comparison, as the projections word it. */
const trendMessage = (current: number, baseline: number, year: number, baselineYear: number) => {
  const change = pc(current, baseline);
  return { vi: `${current} năm ${year} so với ${baseline} năm ${baselineYear} (${signed(change, 'vi')} %)`, en: `${current} in ${year} against ${baseline} in ${baselineYear} (${signed(change, 'en')} %)` };
};
const alone = (x: Unit) => [x];
const receiverText = (x: Unit, date: string, dmy: string, basis: string, candidates: readonly Unit[]) => ({
  vi: `Chưa xác định đơn vị tiếp nhận ${x.name} (${x.code}), giải thể từ ngày ${dmy} theo ${basis}; có thể đã nhập vào: ${candidates.map((c) => `${c.name} (${c.code})`).join(', ')}.`,
  en: `Receiver of ${x.name} (${x.code}), dissolved on ${date} by ${basis}, not identified; it may have gone to: ${candidates.map((c) => `${c.name} (${c.code})`).join(', ')}.`,
});
const sharesText = (x: Unit, date: string, dmy: string, basis: string, targets: readonly Unit[]) => ({
  vi: `Chưa xác định tỷ lệ phần của ${x.name} (${x.code}) chia cho từng đơn vị: ${targets.map((c) => `${c.name} (${c.code})`).join(', ')}, từ ngày ${dmy} theo ${basis}.`,
  en: `Shares not known: parts of ${x.name} (${x.code}) taken by each of: ${targets.map((c) => `${c.name} (${c.code})`).join(', ')}, from ${date} by ${basis}.`,
});
const receiverCommand = (x: Unit, date: string) => `ntm-antt lineage receiver --code ${x.code} --date ${date} --receiver <mã> --evidence <documented|secondary> --source "<nguồn>" --quote "<trích dẫn>"`;
const sharesCommand = (x: Unit, date: string, targets: readonly Unit[]) =>
  `ntm-antt lineage shares --code ${x.code} --date ${date} ${targets.map((t) => `--share ${t.code}=<tử số/mẫu số>`).join(' ')} --evidence <documented|secondary> --source "<nguồn>"`;
const reasonOf = (parts: ReadonlyArray<{ vi: string; en: string }>) => ({ vi: `Không tách riêng được vì ${parts.map((p) => p.vi).join('; ')}.`, en: `Cannot be split because ${parts.map((p) => p.en).join('; ')}.` });
const noReceiver = (x: Unit) => ({ vi: `chưa xác định đơn vị tiếp nhận ${x.name} (${x.code})`, en: `the receiver of ${x.name} (${x.code}) is not identified` });
const noShares = (x: Unit) => ({ vi: `chưa xác định tỷ lệ chia ${x.name} (${x.code})`, en: `the shares of ${x.name} (${x.code}) are not known` });

/** Communes below the cut assessed alone (synthetic codes), largest gap first. */
function failingAlone(): Trends['failing'] {
  return COMMUNE_NAMES.slice(0, 29).map((name, i) => {
    const baseline = 50 + i;
    const current = Math.round(baseline * (1 + (12 - i * 0.53) / 100));
    const change = pc(current, baseline);
    return { code: String(15900 + i * 7), name, members: alone(u(String(15900 + i * 7), name)), outcome: 'not_met' as const, current, baseline, changePercent: change, gap: Math.round((change + 5) * 100) / 100, message: trendMessage(current, baseline, 2025, 2019) };
  });
}

/** Communes assessed alone without a verdict: not comparable (2019 incidents that cannot be placed), or a zero baseline. */
const NOT_COMPARABLE: Trends['notComparableList'] = [
  { code: '15781', name: 'Xã Đông Thanh', outcome: 'not_comparable', reason: bi('not comparable: merged 2024; 2019 figures of 15784 not apportioned') },
  { code: '16018', name: 'Xã Thiệu Trung', outcome: 'not_comparable', reason: bi('not comparable: boundary change 2020 (transfer to Thành phố Thanh Hóa)') },
  { code: '16324', name: 'Xã "Quảng Hòa", mới', outcome: 'not_comparable', reason: bi('not comparable: new unit 2025, 2019 data by area estimate only') },
  { code: '16105', name: 'Xã Nga Phượng', outcome: 'not_comparable', reason: bi('not comparable: 2019 incidents without a commune') },
  { code: '15604', name: 'Xã Pù Nhi', outcome: 'not_comparable', reason: bi('not comparable: 2019 incidents without a commune') },
  { code: '16420', name: 'Xã Tân Dân', outcome: 'not_comparable', reason: bi('not comparable: 2019 incidents without a commune') },
  { code: '16441', name: 'Xã Hải Hà', outcome: 'not_comparable', reason: bi('not comparable: 2019 incidents without a commune') },
];
const ZERO_BASELINE: readonly Unit[] = [u('15031', 'Xã Yên Khương'), u('15049', 'Xã Văn Phú'), u('15610', 'Xã Yên Nhân')];
const ZERO = { vi: 'năm gốc bằng 0', en: 'zero baseline' };

/** Real 1 July 2025 units, for the groups and the communes that met the cut. */
function units2025(): Unit[] {
  const text = readFileSync(new URL('../../data/thanh-hoa/units-2025-07.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { communes: Unit[] }).communes.map((c) => u(c.code, c.name));
}

// The missing facts behind the commune groups (real units; the dates and legal bases of 786/NQ-UBTVQH14,
// 1290/NQ-UBTVQH15 and 1686/NQ-UBTVQH15; the 2019 half-month change of Xã Sơn Thủy is made up).
const TAN_SON = u('14788', 'Phường Tân Sơn');
const DONG_THO = u('14758', 'Phường Đông Thọ');
const AN_HUNG = u('16435', 'Phường An Hưng');
const TEN_TAN = u('14851', 'Xã Tén Tằn');
const SON_THUY = u('15010', 'Xã Sơn Thủy');
const SON_LU = u('15016', 'Thị trấn Sơn Lư');
const PHUC_DO = u('15130', 'Xã Phúc Do');
const TAN_SON_CANDIDATES = [u('14755', 'Phường Hàm Rồng'), u('14758', 'Phường Đông Thọ'), u('14785', 'Phường Đông Sơn'), u('14797', 'Phường Đông Hải')];
const DONG_THO_TARGETS = [u('14797', 'Phường Hạc Thành'), u('14758', 'Phường Hàm Rồng')];
const AN_HUNG_TARGETS = [u('14797', 'Phường Hạc Thành'), u('16417', 'Phường Đông Quang')];
const TEN_TAN_CANDIDATES = [
  u('14845', 'Thị trấn Mường Lát'), u('14848', 'Xã Tam Chung'), u('14854', 'Xã Mường Lý'), u('14857', 'Xã Trung Lý'),
  u('14860', 'Xã Quang Chiểu'), u('14863', 'Xã Pù Nhi'), u('14864', 'Xã Nhi Sơn'), u('14866', 'Xã Mường Chanh'),
];
const SON_LU_TARGETS = [u('15019', 'Xã Tam Lư'), u('15016', 'Xã Quan Sơn')];
const PHUC_DO_CANDIDATES = [
  u('15133', 'Xã Cẩm Thành'), u('15136', 'Xã Cẩm Quý'), u('15139', 'Xã Cẩm Lương'), u('15142', 'Xã Cẩm Thạch'), u('15145', 'Xã Cẩm Liên'), u('15148', 'Xã Cẩm Giang'),
  u('15151', 'Xã Cẩm Bình'), u('15154', 'Xã Cẩm Tú'), u('15160', 'Xã Cẩm Châu'), u('15163', 'Xã Cẩm Tâm'), u('15169', 'Xã Cẩm Ngọc'), u('15172', 'Xã Cẩm Long'),
  u('15175', 'Xã Cẩm Yên'), u('15178', 'Xã Cẩm Tân'), u('15181', 'Xã Cẩm Phú'), u('15184', 'Xã Cẩm Vân'),
];

const GROUP_IDS = {
  hacThanh: '14758+14797+15853+15925+16378+16417+16522',
  muongLat: '14845+14848+14854+14857+14860+14863+14864+14866',
  sonThuy: '15010+15022',
  quanSon: '15016+15019',
  camThuy: '15127+15142+15148+15163+15178',
} as const;

function missingFacts(): Trends['missingFacts'] {
  return [
    { kind: 'receiver', unit: TAN_SON, date: '2025-01-01', legalBasis: bi('1290/NQ-UBTVQH15'), candidates: TAN_SON_CANDIDATES, text: receiverText(TAN_SON, '2025-01-01', '01/01/2025', '1290/NQ-UBTVQH15', TAN_SON_CANDIDATES), command: receiverCommand(TAN_SON, '2025-01-01'), groups: [GROUP_IDS.hacThanh] },
    { kind: 'shares', unit: DONG_THO, date: '2025-07-01', legalBasis: bi('1686/NQ-UBTVQH15'), candidates: DONG_THO_TARGETS, text: sharesText(DONG_THO, '2025-07-01', '01/07/2025', '1686/NQ-UBTVQH15', DONG_THO_TARGETS), command: sharesCommand(DONG_THO, '2025-07-01', DONG_THO_TARGETS), groups: [GROUP_IDS.hacThanh] },
    { kind: 'shares', unit: AN_HUNG, date: '2025-07-01', legalBasis: bi('1686/NQ-UBTVQH15'), candidates: AN_HUNG_TARGETS, text: sharesText(AN_HUNG, '2025-07-01', '01/07/2025', '1686/NQ-UBTVQH15', AN_HUNG_TARGETS), command: sharesCommand(AN_HUNG, '2025-07-01', AN_HUNG_TARGETS), groups: [GROUP_IDS.hacThanh] },
    { kind: 'receiver', unit: TEN_TAN, date: '2019-12-01', legalBasis: bi('786/NQ-UBTVQH14'), candidates: TEN_TAN_CANDIDATES, text: receiverText(TEN_TAN, '2019-12-01', '01/12/2019', '786/NQ-UBTVQH14', TEN_TAN_CANDIDATES), command: receiverCommand(TEN_TAN, '2019-12-01'), groups: [GROUP_IDS.muongLat] },
    {
      kind: 'day_within_half_month',
      unit: SON_THUY,
      date: '2019-06-16',
      legalBasis: null,
      candidates: [],
      text: {
        vi: 'Địa giới Xã Sơn Thủy (15010) thay đổi trong kỳ nửa tháng 16/06/2019–30/06/2019; sổ không lưu ngày cụ thể của vụ việc trong kỳ, nên không tách được.',
        en: 'The territory of Xã Sơn Thủy (15010) changed within the half-month 2019-06-16–2019-06-30; the day of its incidents in that half-month is not kept, so this cannot be split.',
      },
      command: null,
      groups: [GROUP_IDS.sonThuy],
    },
    { kind: 'shares', unit: SON_LU, date: '2025-07-01', legalBasis: bi('1686/NQ-UBTVQH15'), candidates: SON_LU_TARGETS, text: sharesText(SON_LU, '2025-07-01', '01/07/2025', '1686/NQ-UBTVQH15', SON_LU_TARGETS), command: sharesCommand(SON_LU, '2025-07-01', SON_LU_TARGETS), groups: [GROUP_IDS.quanSon] },
    { kind: 'receiver', unit: PHUC_DO, date: '2019-12-01', legalBasis: bi('786/NQ-UBTVQH14'), candidates: PHUC_DO_CANDIDATES, text: receiverText(PHUC_DO, '2019-12-01', '01/12/2019', '786/NQ-UBTVQH14', PHUC_DO_CANDIDATES), command: receiverCommand(PHUC_DO, '2019-12-01'), groups: [GROUP_IDS.camThuy] },
  ];
}

function group(code: string, members: readonly Unit[], counts: { current: number; baseline: number } | 'baseline_zero', missing: number[], reason: { vi: string; en: string }): Trends['groupList'][number] {
  const name = members.map((m) => m.name).join(' + ');
  if (counts === 'baseline_zero') return { code, name, members, outcome: 'baseline_zero', current: 2, baseline: 0, changePercent: null, gap: null, message: ZERO, reason, missing, whole: false };
  const change = pc(counts.current, counts.baseline);
  const met = change <= -5;
  return { code, name, members, outcome: met ? 'met' : 'not_met', ...counts, changePercent: change, gap: met ? null : Math.round((change + 5) * 100) / 100, message: trendMessage(counts.current, counts.baseline, 2025, 2019), reason, missing, whole: false };
}

/** The comparison groups of 2025 (real units; synthetic counts), by id. */
function groupList(): Trends['groupList'] {
  const real = new Map(units2025().map((x) => [x.code, x]));
  const ms = (id: string) => id.split('+').map((c) => real.get(c) ?? u(c, c));
  return [
    group(GROUP_IDS.hacThanh, ms(GROUP_IDS.hacThanh), { current: 131, baseline: 212 }, [0, 1, 2], reasonOf([noReceiver(TAN_SON), noShares(DONG_THO), noShares(AN_HUNG)])),
    group(GROUP_IDS.muongLat, ms(GROUP_IDS.muongLat), { current: 14, baseline: 13 }, [3], reasonOf([noReceiver(TEN_TAN)])),
    group(GROUP_IDS.sonThuy, ms(GROUP_IDS.sonThuy), 'baseline_zero', [4], { vi: 'Không tách riêng được vì địa giới Xã Sơn Thủy (15010) thay đổi giữa kỳ nửa tháng.', en: 'Cannot be split because Xã Sơn Thủy (15010) changed within a half-month.' }),
    group(GROUP_IDS.quanSon, ms(GROUP_IDS.quanSon), { current: 7, baseline: 7 }, [5], reasonOf([noShares(SON_LU)])),
    group(GROUP_IDS.camThuy, ms(GROUP_IDS.camThuy), { current: 45, baseline: 54 }, [6], reasonOf([noReceiver(PHUC_DO)])),
  ];
}

// Looked-up lineage facts. The two web sources are the secondary sources of data/thanh-hoa/README.md;
// the quotes are written in the wording of 786/NQ-UBTVQH14, not copied from the pages.
const WIKI = 'https://vi.m.wikipedia.org/wiki/%C4%90%E1%BA%B7c_bi%E1%BB%87t:So_s%C3%A1nh_di_%C4%91%E1%BB%99ng/56487196';
const BAOMOI = 'https://m.baomoi.com/huyen-tinh-gia-cong-bo-nghi-quyet-so-786-nq-ubtvqh14-cua-uy-ban-thuong-vu-quoc-hoi-ve-sap-xep-cac-don-vi-hanh-chinh-cap-xa/c/33139957.epi';

function communeEvidence(): Trends['evidence'] {
  return [
    {
      kind: 'receiver',
      date: '2019-12-01',
      legalBasis: bi('786/NQ-UBTVQH14'),
      fact: { vi: 'Xã Hà Thanh (15289) nhập vào Xã Hoạt Giang (15283) từ ngày 01/12/2019', en: 'Xã Hà Thanh (15289) went to Xã Hoạt Giang (15283) on 2019-12-01' },
      level: 'secondary',
      source: `${WIKI} (Wikipedia tiếng Việt, bài "Hà Trung", bản sửa tóm tắt Nghị quyết 786/NQ-UBTVQH14, dẫn nguồn baothanhhoa.vn)`,
      quote: 'Nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Hà Thanh vào xã Hoạt Giang.',
      caveat: 'Nguồn thứ cấp; chưa đối chiếu với văn bản Nghị quyết.',
      localities: ['15286'],
    },
    {
      kind: 'receiver',
      date: '2019-12-01',
      legalBasis: bi('786/NQ-UBTVQH14'),
      fact: { vi: 'Xã Triêu Dương (16573) nhập vào Xã Hải Ninh (16576) từ ngày 01/12/2019', en: 'Xã Triêu Dương (16573) went to Xã Hải Ninh (16576) on 2019-12-01' },
      level: 'secondary',
      source: `${BAOMOI} (bản tin huyện Tĩnh Gia công bố Nghị quyết 786/NQ-UBTVQH14)`,
      quote: 'Nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Triêu Dương vào xã Hải Ninh.',
      caveat: null,
      localities: ['16576'],
    },
    {
      kind: 'receiver',
      date: '2019-12-01',
      legalBasis: bi('786/NQ-UBTVQH14'),
      fact: { vi: 'Xã Hoằng Xuân (15874) nhập vào Xã Hoằng Xuân (15877) từ ngày 01/12/2019', en: 'Xã Hoằng Xuân (15874) went to Xã Hoằng Xuân (15877) on 2019-12-01' },
      level: 'inferred-high',
      source: 'Danh mục đơn vị hành chính của Tổng cục Thống kê, bản ngày 01/12/2019',
      quote: null,
      caveat: 'Suy luận từ mã và tên: Xã Hoằng Khánh (15877) nhận tên của xã giải thể; chưa có văn bản đối chiếu.',
      localities: ['15880'],
    },
    {
      kind: 'part_transfer',
      date: '2025-07-01',
      legalBasis: bi('1686/NQ-UBTVQH15'),
      fact: { vi: 'Một phần Xã Cẩm Bình (15151) chuyển sang Xã Cẩm Thạch (15142) từ ngày 01/07/2025', en: 'Part of Xã Cẩm Bình (15151) moved to Xã Cẩm Thạch (15142) on 2025-07-01' },
      level: 'documented',
      source: 'Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025, Điều 1',
      quote: 'Sắp xếp một phần diện tích tự nhiên, quy mô dân số của xã Cẩm Bình vào xã Cẩm Thạch.',
      caveat: null,
      localities: [GROUP_IDS.camThuy],
    },
  ];
}

/** Commune trends of 2025: 142 communes assessed alone, 5 groups of 2 to 8 communes (24 communes). */
export function communeTrends(): Trends {
  const groups = groupList();
  const failing = [...failingAlone(), ...groups.filter((g) => g.outcome === 'not_met').map(({ reason, missing, whole, ...unit }) => unit)].sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0) || a.code.localeCompare(b.code));
  const inGroups = new Map(groups.flatMap((g) => g.members.map((m) => [m.code, g] as const)));
  const verdicts: Array<Trends['verdicts'][number]> = [
    ...failingAlone().map((f) => ({ code: f.code, name: f.name, outcome: f.outcome, group: null })),
    ...NOT_COMPARABLE.map((x) => ({ code: x.code, name: x.name, outcome: x.outcome, group: null })),
    ...ZERO_BASELINE.map((x) => ({ ...x, outcome: 'baseline_zero' as const, group: null })),
    ...groups.flatMap((g) => g.members.map((m) => ({ ...m, outcome: g.outcome, group: g.code }))),
  ];
  const used = new Set(verdicts.map((v) => v.code));
  const evidenceFirst = ['15286', '16576', '15880'];
  const met = units2025()
    .filter((x) => !used.has(x.code) && !inGroups.has(x.code))
    .sort((a, b) => Number(evidenceFirst.includes(b.code)) - Number(evidenceFirst.includes(a.code)))
    .slice(0, 103);
  verdicts.push(...met.map((x) => ({ ...x, outcome: 'met' as const, group: null })));
  verdicts.sort((a, b) => a.code.localeCompare(b.code));
  return {
    level: 'commune',
    metric: 'social-order-crime',
    year: 2025,
    baselineYear: 2019,
    minPercent: 5,
    localities: 166,
    alone: { total: 142, met: 103, notMet: 29, noData: 0, baselineMissing: 0, baselineZero: 3, notComparable: 7 },
    groups: { total: 5, met: 2, notMet: 2, noData: 0, baselineMissing: 0, baselineZero: 1, notComparable: 0, localities: 24, minSize: 2, maxSize: 8 },
    aloneSharePercent: 85.54,
    province: { code: '38', name: 'Tỉnh Thanh Hóa', outcome: 'met', current: 946, baseline: 1520, changePercent: -37.76 },
    failing,
    groupList: groups,
    notComparableList: [
      ...[...NOT_COMPARABLE, ...ZERO_BASELINE.map((x) => ({ ...x, outcome: 'baseline_zero' as const, reason: ZERO }))].sort((a, b) => a.code.localeCompare(b.code)),
      { code: GROUP_IDS.sonThuy, name: groups[2]!.name, outcome: 'baseline_zero', reason: ZERO },
    ],
    missingFacts: missingFacts(),
    evidence: communeEvidence(),
    verdicts,
  };
}

/**
 * District trends of a 2024-like report (for `districtTrends`): 25 districts
 * alone (the map's changes), and Thành phố Thanh Hóa with Huyện Đông Sơn as
 * one group (the receiver of a dissolved commune between them unknown).
 */
export function districtTrends(): Trends {
  const geo = districtGeojson().features.map((f) => (f as { properties: Unit }).properties);
  const city = geo.find((d) => d.code === '380')!;
  const dongSon = u('405', 'Huyện Đông Sơn');
  const id = '380+405';
  const dissolved = u('16393', 'Xã Đông Hưng');
  const candidates = [u('14797', 'Phường Đông Hải'), u('16396', 'Xã Đông Lĩnh'), u('16429', 'Xã Đông Vinh')];
  const fact = { kind: 'receiver' as const, unit: dissolved, date: '2019-12-01', legalBasis: bi('786/NQ-UBTVQH14'), candidates, text: receiverText(dissolved, '2019-12-01', '01/12/2019', '786/NQ-UBTVQH14', candidates), command: receiverCommand(dissolved, '2019-12-01'), groups: [id] };
  const g = group(id, [city, dongSon], { current: 301, baseline: 344 }, [0], reasonOf([noReceiver(dissolved)]));
  const aloneUnits = geo.filter((d) => d.code !== '380').map((d) => {
    const v = DISTRICT_CHANGE[d.code] ?? null;
    if (v === null) return { ...d, members: [d], outcome: 'baseline_zero' as const, current: 3, baseline: 0, changePercent: null, gap: null, message: ZERO };
    const baseline = 40 + Number(d.code) % 50;
    const current = Math.round(baseline * (1 + v / 100));
    const change = pc(current, baseline);
    const met = change <= -5;
    return { ...d, members: [d], outcome: met ? ('met' as const) : ('not_met' as const), current, baseline, changePercent: change, gap: met ? null : Math.round((change + 5) * 100) / 100, message: trendMessage(current, baseline, 2024, 2019) };
  });
  const count = (o: string) => aloneUnits.filter((x) => x.outcome === o).length;
  return {
    level: 'district',
    metric: 'social-order-crime',
    year: 2024,
    baselineYear: 2019,
    minPercent: 5,
    localities: 27,
    alone: { total: aloneUnits.length, met: count('met'), notMet: count('not_met'), noData: 0, baselineMissing: 0, baselineZero: count('baseline_zero'), notComparable: 0 },
    groups: { total: 1, met: 1, notMet: 0, noData: 0, baselineMissing: 0, baselineZero: 0, notComparable: 0, localities: 2, minSize: 2, maxSize: 2 },
    aloneSharePercent: Math.round((10000 * aloneUnits.length) / 27) / 100,
    province: { code: '38', name: 'Tỉnh Thanh Hóa', outcome: 'not_met', current: 1498, baseline: 1520, changePercent: -1.45 },
    failing: aloneUnits.filter((x) => x.outcome === 'not_met').sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0)),
    groupList: [g],
    notComparableList: aloneUnits.filter((x) => x.outcome === 'baseline_zero').map((x) => ({ code: x.code, name: x.name, outcome: x.outcome, reason: ZERO })),
    missingFacts: [fact],
    evidence: [
      {
        kind: 'receiver',
        date: '2019-12-01',
        legalBasis: bi('786/NQ-UBTVQH14'),
        fact: { vi: 'Xã Hải Hòa (16615) nhập vào Thị trấn Tĩnh Gia (16561) từ ngày 01/12/2019', en: 'Xã Hải Hòa (16615) went to Thị trấn Tĩnh Gia (16561) on 2019-12-01' },
        level: 'secondary',
        source: `${BAOMOI} (bản tin huyện Tĩnh Gia công bố Nghị quyết 786/NQ-UBTVQH14)`,
        quote: 'Nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Hải Hòa vào thị trấn Tĩnh Gia.',
        caveat: null,
        localities: ['407'],
      },
    ],
    verdicts: [...aloneUnits.map((x) => ({ code: x.code, name: x.name, outcome: x.outcome, group: null })), { code: '380', name: city.name, outcome: 'met' as const, group: id }, { code: '405', name: dongSon.name, outcome: 'met' as const, group: id }].sort((a, b) =>
      a.code.localeCompare(b.code),
    ),
  };
}

/** The fixture as a 2024 report filed on 20 January 2025: with district trends. */
export function fixtureModel2024(): ReportModel {
  const m = fixtureModel();
  return { ...m, meta: { ...m.meta, year: 2024, hierarchyAt: '2024-12-31' }, districtTrends: districtTrends(), districtTrendsNote: null };
}

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
      value: shown('90.71 % (410/452)'),
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
      value: shown('52.21 % (236/452)'),
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
      value: shown('14.6 % (66/452)'),
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
      value: {
        vi: '103/142 xã đánh giá riêng đạt mức giảm (29 không đạt, 10 chưa có kết quả); 5 nhóm 2–8 xã (24 xã): 2 nhóm đạt, 2 nhóm không đạt, 1 nhóm chưa có kết quả',
        en: '103/142 communes assessed alone met the cut (29 not met, 10 without a verdict); 5 groups of 2–8 communes (24 communes): 2 met, 2 not met, 1 without a verdict',
      },
      valuePercent: 77.21,
      target: '−5 % / 2019',
      targetPercent: 100,
      gap: 42,
      deadline: '2025-12-31',
      lastAssessableYear: 2025,
      reason: {
        vi: '31/147 đơn vị đánh giá giảm chưa đủ 5% trong năm 2025 (29 địa phương đánh giá riêng, 2 nhóm địa phương).',
        en: '31 of 147 units of assessment below a 5 % cut in 2025 (29 localities alone, 2 groups).',
      },
      pace: none,
      series: [
        { year: 2023, percent: 70.1, assessable: true },
        { year: 2024, percent: 74.4, assessable: true },
        { year: 2025, percent: 77.21, assessable: true },
      ],
      failing: communeTrends().failing.map((f) => ({ code: f.code, name: f.name, gap: f.gap ?? 0, detail: f.message })),
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
    trends: communeTrends(),
    districtTrends: null,
    districtTrendsNote: { vi: 'Cấp huyện chấm dứt hoạt động từ 01/07/2025 (Luật 72/2025/QH15).', en: 'The district level was abolished on 2025-07-01 (Luật 72/2025/QH15).' },
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
      { key: 'target.district-9.4-60', label: { vi: 'Ít nhất 60% số huyện đạt chỉ tiêu 9.4 (%)', en: 'At least 60% of districts meet indicator 9.4 (%)' }, asFiled: null, today: null },
      { key: 'trends.met.2025', label: { vi: 'Số xã đánh giá riêng giảm ≥ 5% so với 2019', en: 'Communes assessed alone with a ≥ 5 % cut against 2019' }, asFiled: 101, today: 103 },
      { key: 'trends.groupsMet.2025', label: { vi: 'Số nhóm xã giảm ≥ 5% so với 2019', en: 'Groups of communes with a ≥ 5 % cut against 2019' }, asFiled: '2/5', today: '2/5' },
    ],
  };
}
