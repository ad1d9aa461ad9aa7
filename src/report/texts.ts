/**
 * The sentences of a report, in Vietnamese and English, made from the data
 * the projections return (never by translating their English messages).
 *
 * @module
 */
import type { NotComparableReason } from '../projections/incident-counts.js';
import type { FailingLocality, TargetExplanation, TargetProgress } from '../projections/target-progress.js';
import type { TrendResult } from '../projections/trends.js';
import type { Bilingual } from './report-model.js';

type L = 'vi' | 'en';
const num = (x: number | null | undefined, lang: L = 'en'): string => {
  if (x === null || x === undefined) return '–';
  const t = String(Math.round(x * 100) / 100);
  return lang === 'vi' ? t.replace('.', ',') : t;
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
    return both(
      `${p.met}/${p.total} ${unit.vi} đạt mức giảm (${p.notMet} không đạt, ${p.notComparable} không so sánh được, ${p.other} khác)`,
      `${p.met}/${p.total} ${unit.en} met the cut (${p.notMet} not met, ${p.notComparable} not comparable, ${p.other} other)`,
    );
  }
  if (t.target.kind === 'yearOnYearReduction' && p !== undefined) return both(`${p.fell}/${p.total} so sánh giảm so với năm trước`, `${p.fell}/${p.total} comparisons fell year on year`);
  return both(v.display, v.display);
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
        `Cấp huyện chấm dứt hoạt động từ ${dmy(e.abolishedOn)} (${e.legalBasis}); chuỗi số liệu dừng ở năm ${e.lastYear}${e.lastDisplay === '' ? '' : ` (${e.lastDisplay.replace(/(\d)\.(\d)/g, '$1,$2')}, ${e.metThen ? 'đạt' : 'chưa đạt'} chỉ tiêu tại thời điểm đó)`}.`,
        `The district level was abolished on ${e.abolishedOn} (${e.legalBasis}); the series stops at ${e.lastYear}${e.lastDisplay === '' ? '' : ` (${e.lastDisplay}, ${e.metThen ? 'meeting' : 'below'} the target then)`}.`,
      );
    case 'no_assessable_year':
      return both(`Chưa có năm nào đánh giá được kể từ ${e.since}.`, `No assessable year since ${e.since}.`);
    case 'pace_unobservable':
      return both('Mới có một năm đánh giá: chưa tính được tốc độ.', 'only one assessed year: the pace cannot be observed yet');
    case 'localities_below_cut':
      return both(`${e.notMet}/${e.total} địa phương giảm chưa đủ ${e.minPercent}% trong năm ${e.year}.`, `${e.notMet} of ${e.total} localities below a ${e.minPercent} % cut in ${e.year}.`);
    case 'localities_undecided':
      return both(
        `${e.met}/${e.total} địa phương đạt; ${e.notComparable} không so sánh được với năm ${e.baselineYear}, ${e.other} không có số liệu hoặc năm gốc bằng 0.`,
        `${e.met} of ${e.total} localities met the cut; ${e.notComparable} are not comparable with ${e.baselineYear} and ${e.other} have no data or a zero or missing baseline.`,
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
  return both(`Cấp huyện chấm dứt hoạt động từ ${dmy(a.abolishedOn)} (${a.legalBasis}).`, `The district level was abolished on ${a.abolishedOn} (${a.legalBasis}).`);
}
