/**
 * The sentences of a report, in Vietnamese and English, made from the data
 * the projections return (never by translating their English messages).
 *
 * @module
 */
import type { MissingFact } from '../domain/locality/index.js';
import type { NotComparableReason } from '../projections/incident-counts.js';
import type { FailingLocality, TargetExplanation, TargetProgress } from '../projections/target-progress.js';
import type { TrendResult } from '../projections/trends.js';
import { localiseNumbers } from './labels.js';
import type { Bilingual } from './report-model.js';

type L = 'vi' | 'en';
const VI_NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const num = (x: number | null | undefined, lang: L = 'en'): string => {
  if (x === null || x === undefined) return '–';
  const rounded = Math.round(x * 100) / 100;
  // Vietnamese: 1.287 vụ, 22,22 %
  return lang === 'vi' ? VI_NUMBER.format(rounded) : String(rounded);
};
const pct = (x: number | null | undefined, lang: L = 'en'): string => (x === null || x === undefined ? '–' : `${x > 0 ? '+' : ''}${num(x, lang)} %`);
const both = (vi: string, en: string): Bilingual => ({ vi, en });
const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const OUTCOME: Record<string, Bilingual> = {
  met: both('đạt', 'met'),
  not_met: both('không đạt', 'not met'),
  no_data: both('không có số liệu', 'no data'),
  baseline_missing: both('thiếu số liệu năm gốc', 'baseline missing'),
  baseline_zero: both('năm gốc bằng 0', 'zero baseline'),
  not_comparable: both('không so sánh được', 'not comparable'),
};
const RECOGNITION: Record<string, Bilingual> = {
  recognised: both('đã được công nhận', 'recognised'),
  not_recognised: both('chưa được công nhận', 'not recognised'),
  revoked: both('bị thu hồi công nhận', 'recognition revoked'),
  lapsed: both('công nhận hết hiệu lực (đơn vị thay đổi)', 'recognition lapsed (unit changed)'),
};
const WHY_NOT_COMPARABLE: Record<NotComparableReason['reason'], Bilingual> = {
  split_without_allocation: both('bị chia tách mà không xác định tỷ lệ', 'split without an allocation'),
  receiver_unknown: both('giải thể, không xác định đơn vị tiếp nhận', 'dissolved, receiver unknown'),
  territory_changed_after_at: both('địa giới thay đổi sau ngày đối chiếu', 'territory changed after the reference date'),
  changed_within_half_month: both('địa giới thay đổi giữa kỳ nửa tháng', 'territory changed within the half-month'),
  unknown_unit: both('đơn vị không có trong danh mục', 'unit not in the register'),
};

/**
 * An outcome in words.
 *
 * @example
 * ```ts
 * outcomeText('not_comparable').vi; // 'không so sánh được'
 * ```
 */
export function outcomeText(outcome: string): Bilingual {
  return OUTCOME[outcome] ?? both(outcome, outcome);
}

/**
 * A target's current value in words.
 *
 * @example
 * ```ts
 * targetValueText(progress)?.vi; // '28/166 xã đạt mức giảm (13 không đạt, 120 không so sánh được, 5 khác)'
 * ```
 */
export function targetValueText(t: TargetProgress): Bilingual | null {
  const v = t.value;
  if (v === null) return null;
  const p = v.parts;
  if (t.target.kind === 'reductionVsBaseline' && p !== undefined) {
    const unit = t.target.each === 'commune' ? both('xã', 'communes') : t.target.each === 'district' ? both('huyện', 'districts') : both('tỉnh', 'province');
    const a = p.alone;
    const g = p.groups;
    if (a === undefined || g === undefined) return both(`${p.met}/${p.total} ${unit.vi} đạt mức giảm`, `${p.met}/${p.total} ${unit.en} met the cut`);
    const pr = t.province;
    const province =
      pr === undefined || pr.current === null || pr.baseline === null
        ? both('', '')
        : both(
            `; toàn tỉnh: ${num(pr.current, 'vi')} vụ năm ${pr.year} so với ${num(pr.baseline, 'vi')} vụ năm ${t.target.baselineYear} (${pct(pr.changePercent, 'vi')}, ${outcomeText(pr.outcome).vi})`,
            `; province: ${num(pr.current)} cases in ${pr.year} against ${num(pr.baseline)} in ${t.target.baselineYear} (${pct(pr.changePercent)}, ${outcomeText(pr.outcome).en})`,
          );
    const aOther = a.total - a.met - a.not_met;
    const gOther = g.total - g.met - g.not_met;
    const alone = both(
      `${a.met}/${a.total} ${unit.vi} đánh giá riêng đạt mức giảm (${a.not_met} không đạt${aOther > 0 ? `, ${aOther} chưa có kết quả` : ''})`,
      `${a.met}/${a.total} ${unit.en} assessed alone met the cut (${a.not_met} not met${aOther > 0 ? `, ${aOther} without a verdict` : ''})`,
    );
    if (g.total === 0) return both(`${alone.vi}${province.vi}`, `${alone.en}${province.en}`);
    const size = g.minSize === g.maxSize ? `${g.minSize}` : `${g.minSize}–${g.maxSize}`;
    return both(
      `${alone.vi}; ${g.total} nhóm ${size} ${unit.vi} (${g.localities} ${unit.vi}): ${g.met} nhóm đạt, ${g.not_met} nhóm không đạt${gOther > 0 ? `, ${gOther} nhóm chưa có kết quả` : ''}${province.vi}`,
      `${alone.en}; ${g.total} groups of ${size} ${unit.en} (${g.localities} ${unit.en}): ${g.met} met, ${g.not_met} not met${gOther > 0 ? `, ${gOther} without a verdict` : ''}${province.en}`,
    );
  }
  if (t.target.kind === 'yearOnYearReduction' && p !== undefined) return both(`${p.fell}/${p.total} so sánh giảm so với năm trước`, `${p.fell}/${p.total} comparisons fell year on year`);
  // the display of the projection is written with English numbers: the Vietnamese text gets the Vietnamese convention
  return both(localiseNumbers(v.display, 'vi'), v.display);
}

/**
 * Why a target has its status, in words.
 *
 * @example
 * ```ts
 * explanationText({ code: 'pace_unobservable' })?.en; // 'only one assessed year: the pace cannot be observed yet'
 * ```
 */
export function explanationText(e: TargetExplanation | null): Bilingual | null {
  if (e === null) return null;
  switch (e.code) {
    case 'district_level_abolished':
      return both(
        `Cấp huyện chấm dứt hoạt động từ ${dmy(e.abolishedOn)} (${legalBasisText(e.legalBasis).vi}); chuỗi số liệu dừng ở năm ${e.lastYear}${e.lastDisplay === '' ? '' : ` (${e.lastDisplay.replace(/(\d)\.(\d)/g, '$1,$2')}, ${e.metThen ? 'đạt' : 'chưa đạt'} chỉ tiêu tại thời điểm đó)`}.`,
        `The district level was abolished on ${e.abolishedOn} (${e.legalBasis}); the series stops at ${e.lastYear}${e.lastDisplay === '' ? '' : ` (${e.lastDisplay}, ${e.metThen ? 'meeting' : 'below'} the target then)`}.`,
      );
    case 'no_assessable_year':
      return both(`Chưa có năm nào đánh giá được kể từ ${e.since}.`, `No assessable year since ${e.since}.`);
    case 'pace_unobservable':
      return both('Mới có một năm đánh giá: chưa tính được tốc độ.', 'only one assessed year: the pace cannot be observed yet');
    case 'localities_below_cut':
      return both(
        `${e.notMet}/${e.total} đơn vị đánh giá giảm chưa đủ ${e.minPercent}% trong năm ${e.year} (${e.notMetAlone} địa phương đánh giá riêng, ${e.notMetGroups} nhóm địa phương).`,
        `${e.notMet} of ${e.total} units of assessment below a ${e.minPercent} % cut in ${e.year} (${e.notMetAlone} localities alone, ${e.notMetGroups} groups).`,
      );
    case 'localities_undecided':
      return both(
        `${e.met}/${e.total} đơn vị đánh giá đạt; ${e.notComparable} không so sánh được với năm ${e.baselineYear}, ${e.other} không có số liệu hoặc năm gốc bằng 0.`,
        `${e.met} of ${e.total} units of assessment met the cut; ${e.notComparable} are not comparable with ${e.baselineYear} and ${e.other} have no data or a zero or missing baseline.`,
      );
    case 'comparisons_did_not_fall':
      return both(`${e.notFell}/${e.total} so sánh không giảm so với năm trước.`, `${e.notFell} of ${e.total} comparisons did not fall.`);
    case 'comparisons_undecided':
      return both(`${e.undecided} so sánh thiếu số liệu hoặc không so sánh được.`, `${e.undecided} comparisons have no data or are not comparable.`);
  }
}

/**
 * A failing locality's detail, in words.
 *
 * @example
 * ```ts
 * failingText(f).vi; // 'chưa được công nhận; tính toán: không đạt; điều kiện chưa đạt: tt124-art5-…'
 * ```
 */
export function failingText(f: FailingLocality): Bilingual {
  const x = f.facts;
  if (x.kind === 'share') {
    const r = RECOGNITION[x.recognised] ?? both(x.recognised, x.recognised);
    const o = outcomeText(x.computed);
    const cond = x.conditions.length === 0 ? '' : x.conditions.join(', ');
    return both(`${r.vi}; tính toán: ${o.vi}${cond === '' ? '' : `; điều kiện chưa đạt: ${cond}`}`, `${r.en}; computed ${o.en}${cond === '' ? '' : `; conditions not met: ${cond}`}`);
  }
  const ref = x.kind === 'cut' ? both(`năm gốc ${x.referenceYear}`, `baseline ${x.referenceYear}`) : both(`năm ${x.referenceYear}`, `${x.referenceYear}`);
  return both(`${num(x.current, 'vi')} so với ${num(x.reference, 'vi')} (${ref.vi}): ${pct(x.changePercent, 'vi')}`, `${num(x.current)} against ${num(x.reference)} (${ref.en}): ${pct(x.changePercent)}`);
}

/**
 * Why a count cannot be compared, in words.
 *
 * @example
 * ```ts
 * notComparableText(reasons).vi; // 'Xã Hà Lan: giải thể, không xác định đơn vị tiếp nhận'
 * ```
 */
export function notComparableText(reasons: readonly NotComparableReason[], nameOf: (code: string) => string): Bilingual {
  const seen = new Set<string>();
  const parts: Array<{ vi: string; en: string }> = [];
  for (const r of reasons) {
    const key = `${r.source}|${r.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const why = WHY_NOT_COMPARABLE[r.reason];
    parts.push({ vi: `${nameOf(r.source)} (${r.source}): ${why.vi}`, en: `${nameOf(r.source)} (${r.source}): ${why.en}` });
  }
  return both(parts.map((p) => p.vi).join('; '), parts.map((p) => p.en).join('; '));
}

/**
 * A trend's comparison with the baseline, in words.
 *
 * @example
 * ```ts
 * trendText(t).vi; // '7 năm 2025 so với 9 năm 2019 (-22,22 %)'
 * ```
 */
export function trendText(t: TrendResult): Bilingual {
  const v = (c: TrendResult['current'], lang: L) => (c.count.kind === 'count' ? num(c.count.value.numerator / c.count.value.denominator, lang) : '–');
  return both(
    `${v(t.current, 'vi')} năm ${t.current.year} so với ${v(t.baseline, 'vi')} năm ${t.baseline.year} (${pct(t.vsBaseline.changePercent, 'vi')})`,
    `${v(t.current, 'en')} in ${t.current.year} against ${v(t.baseline, 'en')} in ${t.baseline.year} (${pct(t.vsBaseline.changePercent)})`,
  );
}

/**
 * Why a district-level set has no member, in words.
 *
 * @example
 * ```ts
 * abolitionText({ abolishedOn: '2025-07-01', legalBasis: '1686/NQ-UBTVQH15' }).en;
 * ```
 */
export function abolitionText(a: { readonly abolishedOn: string; readonly legalBasis: string }): Bilingual {
  return both(`Cấp huyện chấm dứt hoạt động từ ${dmy(a.abolishedOn)} (${legalBasisText(a.legalBasis).vi}).`, `The district level was abolished on ${a.abolishedOn} (${a.legalBasis}).`);
}

/**
 * A legal basis as the register records it, in words: the reference data's
 * English notes (a change the source data name no resolution for, a law's
 * gloss) are said in Vietnamese; resolution numbers stay as they are.
 *
 * @example
 * ```ts
 * legalBasisText('not named in the source data (GSO list change first seen in the list of 2025-01-01)').vi;
 * // 'chưa xác định văn bản (thay đổi thấy lần đầu trong danh mục đơn vị hành chính ngày 01/01/2025)'
 * ```
 */
export function legalBasisText(basis: string): Bilingual {
  const m = /^not named in the source data \(GSO list change first seen in the list of (\d{4}-\d{2}-\d{2})\)$/.exec(basis);
  if (m !== null) return both(`chưa xác định văn bản (thay đổi thấy lần đầu trong danh mục đơn vị hành chính ngày ${dmy(m[1]!)})`, `resolution not named in the source data (change first seen in the GSO list of ${m[1]})`);
  const g = /^GSO list as of (\d{4}-\d{2}-\d{2}) \(register start; taken to hold from (\d{4}-\d{2}-\d{2})\)$/.exec(basis);
  if (g !== null) return both(`danh mục đơn vị hành chính của Tổng cục Thống kê ngày ${dmy(g[1]!)} (coi là có hiệu lực từ ${dmy(g[2]!)})`, basis);
  return both(basis.replace('(Law on Local Government, two-tier)', '(Luật Tổ chức chính quyền địa phương, chính quyền địa phương hai cấp)'), basis);
}

const names = (units: ReadonlyArray<{ readonly code: string; readonly name: string }>): string => units.map((u) => `${u.name} (${u.code})`).join(', ');

const EVIDENCE_LEVEL: Record<string, Bilingual> = {
  documented: both('có văn bản trích dẫn', 'documented'),
  secondary: both('nguồn thứ cấp', 'secondary source'),
  'inferred-high': both('suy luận từ mã và tên, độ tin cậy cao', 'inferred from codes and names, high confidence'),
  'inferred-medium': both('suy luận từ mã và tên, độ tin cậy trung bình', 'inferred from codes and names, medium confidence'),
  unknown: both('chưa xác định', 'unknown'),
};

/**
 * An evidence level in words.
 *
 * @example
 * ```ts
 * evidenceLevelText('secondary').vi; // 'nguồn thứ cấp'
 * ```
 */
export function evidenceLevelText(level: string): Bilingual {
  return EVIDENCE_LEVEL[level] ?? both(level, level);
}

/**
 * A missing lineage fact in words: what is not known and what it would settle.
 *
 * @example
 * ```ts
 * missingFactText({ kind: 'receiver', unit: { code: '14827', name: 'Xã Hà Lan' }, date: '2019-12-01', legalBasis: '786/NQ-UBTVQH14', possibleReceivers: [...] }).vi;
 * // 'Chưa xác định đơn vị tiếp nhận Xã Hà Lan (14827), giải thể từ ngày 01/12/2019 theo 786/NQ-UBTVQH14; có thể đã nhập vào: …'
 * ```
 */
export function missingFactText(f: MissingFact): Bilingual {
  switch (f.kind) {
    case 'receiver':
      return both(
        `Chưa xác định đơn vị tiếp nhận ${f.unit.name} (${f.unit.code}), giải thể từ ngày ${dmy(f.date)} theo ${legalBasisText(f.legalBasis).vi}; có thể đã nhập vào: ${names(f.possibleReceivers)}.`,
        `Receiver of ${f.unit.name} (${f.unit.code}), dissolved on ${f.date} by ${legalBasisText(f.legalBasis).en}, not identified; it may have gone to: ${names(f.possibleReceivers)}.`,
      );
    case 'shares': {
      const what =
        f.of === 'part_transfer'
          ? both(`phần diện tích của ${f.unit.name} (${f.unit.code}) chuyển cho ${names(f.targets.slice(1))}`, `part of ${f.unit.name} (${f.unit.code}) moved to ${names(f.targets.slice(1))}`)
          : f.of === 'division'
            ? both(`phần của ${f.unit.name} (${f.unit.code}) (giải thể) chia cho từng đơn vị: ${names(f.targets)}`, `parts of ${f.unit.name} (${f.unit.code}) (dissolved) taken by each of: ${names(f.targets)}`)
            : both(`phần của ${f.unit.name} (${f.unit.code}) chia cho từng đơn vị: ${names(f.targets)}`, `parts of ${f.unit.name} (${f.unit.code}) taken by each of: ${names(f.targets)}`);
      return both(`Chưa xác định tỷ lệ ${what.vi}, từ ngày ${dmy(f.date)} theo ${legalBasisText(f.legalBasis).vi}.`, `Shares not known: ${what.en}, from ${f.date} by ${legalBasisText(f.legalBasis).en}.`);
    }
    case 'day_within_half_month':
      return both(
        `Địa giới ${f.unit.name} (${f.unit.code}) thay đổi trong kỳ nửa tháng ${dmy(f.from)}–${dmy(f.to)}; sổ không lưu ngày cụ thể của vụ việc trong kỳ, nên không tách được.`,
        `The territory of ${f.unit.name} (${f.unit.code}) changed within the half-month ${f.from}–${f.to}; the day of its incidents in that half-month is not kept, so this cannot be split.`,
      );
  }
}

/**
 * The short reason a group could not be split, from its missing facts.
 *
 * @example
 * ```ts
 * groupReasonText(group.missing).vi; // 'Không tách riêng được vì chưa xác định đơn vị tiếp nhận Xã Hà Lan (14827)'
 * ```
 */
export function groupReasonText(missing: readonly MissingFact[], whole = false): Bilingual {
  const parts = missing.map((f) =>
    f.kind === 'receiver'
      ? both(`chưa xác định đơn vị tiếp nhận ${f.unit.name} (${f.unit.code})`, `the receiver of ${f.unit.name} (${f.unit.code}) is not identified`)
      : f.kind === 'shares'
        ? both(`chưa xác định tỷ lệ chia ${f.unit.name} (${f.unit.code})`, `the shares of ${f.unit.name} (${f.unit.code}) are not known`)
        : both(`địa giới ${f.unit.name} (${f.unit.code}) thay đổi giữa kỳ nửa tháng`, `${f.unit.name} (${f.unit.code}) changed within a half-month`),
  );
  const vi = `Không tách riêng được vì ${parts.map((p) => p.vi).join('; ')}`;
  const en = `Cannot be split because ${parts.map((p) => p.en).join('; ')}`;
  return whole ? both(`${vi}. Nhóm gồm toàn bộ đơn vị của tỉnh nên không có kết quả riêng.`, `${en}. The group is every locality of the province, so it has no verdict of its own.`) : both(`${vi}.`, `${en}.`);
}

/**
 * The command that records a missing fact (values to fill in angle brackets), or `null`.
 *
 * @example
 * ```ts
 * missingFactCommand(fact); // 'ntm-antt lineage receiver --code 14827 --date 2019-12-01 --receiver <mã> --evidence <documented|secondary> --source "<nguồn>" --quote "<trích dẫn>"'
 * ```
 */
export function missingFactCommand(f: MissingFact): string | null {
  if (f.kind === 'receiver') return `ntm-antt lineage receiver --code ${f.unit.code} --date ${f.date} --receiver <mã> --evidence <documented|secondary> --source "<nguồn>" --quote "<trích dẫn>"`;
  if (f.kind === 'shares') {
    const shares = f.targets.map((t) => `--share ${t.code}=<tử số/mẫu số>`).join(' ');
    return `ntm-antt lineage shares --code ${f.unit.code} --date ${f.date} ${shares} --evidence <documented|secondary> --source "<nguồn>"`;
  }
  return null;
}

/**
 * A looked-up lineage fact in words (an identified receiver, a division, a part transfer, or shares).
 *
 * @example
 * ```ts
 * lineageFactText(step, nameOf)?.vi; // 'Xã Tén Tằn (14851) nhập vào Thị trấn Mường Lát (14845) từ ngày 01/12/2019'
 * ```
 */
export function lineageFactText(
  fact: { readonly kind: 'receiver' | 'division' | 'part_transfer' | 'shares'; readonly unit: string; readonly to: ReadonlyArray<{ readonly code: string; readonly share?: string; readonly what?: string }>; readonly date: string },
  nameOf: (code: string) => string,
): Bilingual {
  const u = `${nameOf(fact.unit)} (${fact.unit})`;
  const to = (lang: L) => fact.to.map((t) => `${nameOf(t.code)} (${t.code})${t.share === undefined ? '' : ` ${t.share}`}${t.what === undefined ? '' : lang === 'vi' ? `, gồm ${t.what}` : `, ${t.what}`}`).join(', ');
  switch (fact.kind) {
    case 'receiver':
      return both(`${u} nhập vào ${to('vi')} từ ngày ${dmy(fact.date)}`, `${u} went to ${to('en')} on ${fact.date}`);
    case 'division':
      return both(`${u} giải thể từ ngày ${dmy(fact.date)}, chia cho ${to('vi')}`, `${u} dissolved on ${fact.date} and divided among ${to('en')}`);
    case 'part_transfer':
      return both(`Một phần ${u} chuyển sang ${to('vi')} từ ngày ${dmy(fact.date)}`, `Part of ${u} moved to ${to('en')} on ${fact.date}`);
    case 'shares':
      return both(`Tỷ lệ chia ${u} từ ngày ${dmy(fact.date)}: ${to('vi')}`, `Shares of ${u} from ${fact.date}: ${to('en')}`);
  }
}
