/**
 * The report as one long-format CSV table (RFC 4180, UTF-8 with a byte-order
 * mark so that Excel reads Vietnamese correctly).
 *
 * @module
 */
import { crimeCutPercent, finite, missingFactId, showLastAssessableYear, sortedAttainment, trendsSections, withoutVerdictText, type TrendsSection } from './common.js';
import { countText, formatNumber, formatPercent, shortfallText, label, nounText, outcomeLabel, setLabel, statusLabel, type LabelKey } from './labels.js';
import type { Lang, ReportModel, ReportOutcome, ReportTally, ReportTrends } from './report-model.js';
import { evidenceLevelText } from './texts.js';

/**
 * The columns of the CSV, in order; their header text comes from the
 * `csv.*` labels in the chosen language.
 *
 * @example
 * ```ts
 * CSV_COLUMNS.join(','); // 'section,id,label,year,value,target,status,note'
 * ```
 */
export const CSV_COLUMNS = ['section', 'id', 'label', 'year', 'value', 'target', 'status', 'note'] as const;

/** The sections of one level's trends, in the order they are written. */
function trendSections<L extends ReportTrends['level']>(level: L) {
  return [`summary_${level}`, `failing_${level}`, `group_${level}`, `missing_fact_${level}`, `evidence_${level}`, `no_verdict_${level}`, `verdict_${level}`] as const;
}

/**
 * The values of the `section` column, one per kind of row. They are stable
 * codes (the same in both languages) so that the file can be filtered.
 * Sections of trends end in the level: `_commune`, or `_district` (district
 * rows appear only for years that have a district level; otherwise one
 * `summary_district` row says why there are none).
 *
 * - `target`: one row per plan target (value and target in percent);
 * - `attainment`: one row per standard and year (recognised % against the target %);
 * - `crime`: one row per year of the crime series (cases against the cut level);
 * - `district`: one row per district of the map;
 * - `summary_commune`, `summary_district`: the level's figures, one row each
 *   (`id`): `localities`; `alone.total` and `alone.<outcome>` (localities
 *   assessed alone, by outcome: `met`, `not_met`, `no_data`,
 *   `baseline_missing`, `baseline_zero`, `not_comparable`); `groups.total`,
 *   `groups.<outcome>` (comparison groups by outcome), `groups.localities`,
 *   `groups.min_size`, `groups.max_size`; `alone_share` (percent of the
 *   localities assessed alone); `province` (the province's own change in
 *   percent against −cut %, its outcome, its counts in the note). Without
 *   district trends: one row `not_assessable` with the reason in the note;
 * - `failing_commune`, `failing_district`: one row per unit of assessment
 *   below the cut, a locality alone or a group (`id`: the code, or the
 *   group's id, its members' codes joined by `+`), largest gap first (change %
 *   against −cut %; gap, counts and a group's members in the note);
 * - `group_commune`, `group_district`: one row per comparison group (`id`:
 *   the group's id; change % against −cut %, its outcome; counts, members
 *   and why it cannot be split in the note);
 * - `missing_fact_commune`, `missing_fact_district`: one row per fact that
 *   would split groups (`id`: `kind:code:date`; the fact in words as
 *   label, its kind as status; the command that records it and the groups
 *   it concerns in the note);
 * - `evidence_commune`, `evidence_district`: one row per looked-up lineage
 *   fact the figures rest on (`id`: its rank, 1, 2, …; the fact in words
 *   as label, its evidence level as status; legal basis, source, quote,
 *   caveat and the units resting on it in the note);
 * - `no_verdict_commune`, `no_verdict_district`: one row per unit of
 *   assessment without a verdict (not comparable, zero or missing baseline,
 *   no data), with its outcome and why;
 * - `verdict_commune`, `verdict_district`: one row per locality of the
 *   level with its outcome, alone or as a member of its group (the group's
 *   id in the note);
 * - `disagreement`: one row per recognised/computed disagreement;
 * - `dispute`: one row per year of the follow-up's disputes (share settled at the grassroots);
 * - `diff`: one row per figure of an as-of report (today's value; as filed in the note).
 *
 * @example
 * ```ts
 * CSV_SECTIONS.includes('verdict_commune'); // true
 * ```
 */
export const CSV_SECTIONS = [
  'target',
  'attainment',
  'crime',
  'district',
  ...trendSections('commune'),
  ...trendSections('district'),
  'disagreement',
  'dispute',
  'diff',
] as const;

/** A `section` value of the CSV. */
export type CsvSection = (typeof CSV_SECTIONS)[number];

type Cell = string | number | null;
type Row = readonly [CsvSection, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

/** Plain machine number: dot decimal, no grouping, at most 4 decimals. */
function num(x: number | null | undefined): Cell {
  const f = finite(x);
  return f === null ? null : Math.round(f * 10000) / 10000;
}

/**
 * Quotes one CSV field (RFC 4180): fields holding a comma, a quote, a CR or
 * an LF are quoted, with quotes doubled. Text that a spreadsheet would take
 * for a formula (starting with `=`, `+`, `-`, `@`, a tab or a CR, and not a
 * number) gets a leading apostrophe.
 *
 * @example
 * ```ts
 * csvField('Xã "Hoằng Quang", Hoằng Hóa'); // '"Xã ""Hoằng Quang"", Hoằng Hóa"'
 * csvField(-12.5);                         // '-12.5'
 * csvField('=1+1');                        // "'=1+1"
 * ```
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'number') s = Number.isFinite(value) ? String(value) : '';
  else {
    s = value;
    if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function note(...parts: ReadonlyArray<string | null | undefined | false>): string | null {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return kept.length === 0 ? null : kept.join('; ');
}

function field(key: LabelKey, lang: Lang, value: string): string {
  return `${label(key, lang)}: ${value}`;
}

const TALLY: ReadonlyArray<readonly [keyof ReportTally, ReportOutcome]> = [
  ['met', 'met'],
  ['notMet', 'not_met'],
  ['noData', 'no_data'],
  ['baselineMissing', 'baseline_missing'],
  ['baselineZero', 'baseline_zero'],
  ['notComparable', 'not_comparable'],
];

const members = (ms: ReadonlyArray<{ readonly code: string; readonly name: string }>): string => ms.map((m) => `${m.name} (${m.code})`).join(', ');

/** The rows of one level's trends (see {@link CSV_SECTIONS}): complete lists, never cut. */
function trendRows(section: TrendsSection, lang: Lang): Row[] {
  const level = section.level;
  const t = section.trends;
  const rows: Row[] = [];
  const summary = `summary_${level}` as const;
  if (t === null) {
    if (section.note !== null) rows.push([summary, 'not_assessable', label(`section.trends.${level}`, lang), null, null, null, label('status.not_assessable', lang), section.note[lang]]);
    return rows;
  }
  const year = t.year;
  const cut = -t.minPercent;
  const cases = (y: number, x: number | null) => x !== null && `${label('col.casesIn', lang, { year: y })}: ${formatNumber(x, lang)}`;

  rows.push([summary, 'localities', label(`trends.localities.${level}`, lang), year, t.localities, null, null, null]);
  const tally = (prefix: 'alone' | 'groups', tl: ReportTally, noun: 'commune' | 'district' | 'group', title: string, extra: string | null) => {
    rows.push([summary, `${prefix}.total`, title, year, tl.total, null, null, note(extra, withoutVerdictText(tl, noun, lang))]);
    for (const [k, o] of TALLY) rows.push([summary, `${prefix}.${o}`, `${title}: ${outcomeLabel(o, lang)}`, year, tl[k], null, outcomeLabel(o, lang), null]);
  };
  tally('alone', t.alone, level, label(`trends.alone.${level}`, lang), null);
  const g = t.groups;
  tally('groups', g, 'group', label(`trends.groups.${level}`, lang), g.total === 0 ? null : `${label(`trends.groupLocalities.${level}`, lang)}: ${countText(g.localities, level, lang)}`);
  rows.push([summary, 'groups.localities', label(`trends.groupLocalities.${level}`, lang), year, g.localities, null, null, null]);
  rows.push([summary, 'groups.min_size', label(`trends.groupMin.${level}`, lang), year, g.minSize, null, null, null]);
  rows.push([summary, 'groups.max_size', label(`trends.groupMax.${level}`, lang), year, g.maxSize, null, null, null]);
  rows.push([summary, 'alone_share', label('trends.aloneSharePct', lang, { units: nounText(level, lang) }), year, num(t.aloneSharePercent), null, null, null]);
  const p = t.province;
  rows.push([summary, 'province', `${label('trends.provinceRow', lang)}: ${p.name}`, year, num(p.changePercent), cut, outcomeLabel(p.outcome, lang), note(cases(year, p.current), cases(t.baselineYear, p.baseline))]);

  for (const f of t.failing) {
    rows.push([
      `failing_${level}`,
      f.code,
      f.name,
      year,
      num(f.changePercent),
      cut,
      outcomeLabel(f.outcome, lang),
      note(finite(f.gap) !== null && field('col.gap', lang, formatNumber(f.gap, lang)), f.message[lang], f.members.length > 1 && field('col.members', lang, members(f.members))),
    ]);
  }
  for (const gr of t.groupList) {
    rows.push([
      `group_${level}`,
      gr.code,
      gr.name,
      year,
      num(gr.changePercent),
      cut,
      outcomeLabel(gr.outcome, lang),
      note(gr.message[lang], cases(year, gr.current), cases(t.baselineYear, gr.baseline), field('col.members', lang, members(gr.members)), field('col.whyGrouped', lang, gr.reason[lang])),
    ]);
  }
  for (const f of t.missingFacts) {
    rows.push([
      `missing_fact_${level}`,
      missingFactId(f),
      f.text[lang],
      year,
      null,
      null,
      label(`missingFact.${f.kind}`, lang),
      note(field('col.command', lang, f.command ?? label('trends.gap.noCommand', lang)), f.groups.length > 0 && field('col.groupsConcerned', lang, f.groups.join(', '))),
    ]);
  }
  t.evidence.forEach((ev, i) => {
    rows.push([
      `evidence_${level}`,
      i + 1,
      ev.fact[lang],
      year,
      null,
      null,
      evidenceLevelText(ev.level)[lang],
      note(
        field('col.legalBasis', lang, ev.legalBasis[lang]),
        ev.source !== null && field('col.source', lang, ev.source),
        ev.quote !== null && field('col.quote', lang, `“${ev.quote}”`),
        ev.caveat !== null && field('col.caveat', lang, ev.caveat),
        ev.localities.length > 0 && field('col.usedFor', lang, ev.localities.join(', ')),
      ),
    ]);
  });
  for (const x of t.notComparableList) rows.push([`no_verdict_${level}`, x.code, x.name, year, null, null, outcomeLabel(x.outcome, lang), x.reason[lang]]);
  for (const v of t.verdicts) {
    rows.push([`verdict_${level}`, v.code, v.name, year, null, null, outcomeLabel(v.outcome, lang), v.group === null ? label('trends.assessedAlone', lang) : label('trends.assessedInGroup', lang, { group: v.group })]);
  }
  return rows;
}

function rowsOf(model: ReportModel, lang: Lang): Row[] {
  const rows: Row[] = [];
  const year = model.meta.year;

  for (const t of model.targets) {
    rows.push([
      'target',
      t.id,
      t.description[lang],
      year,
      num(t.valuePercent),
      num(t.targetPercent),
      statusLabel(t.status, lang),
      note(
        t.value !== null && field('col.value', lang, t.value[lang]),
        field('col.targetValue', lang, t.target),
        shortfallText(t, lang) !== '' && field('col.gap', lang, shortfallText(t, lang)),
        field('col.deadline', lang, t.deadline),
        showLastAssessableYear(t) && label('misc.lastAssessableYear', lang, { year: t.lastAssessableYear ?? '' }),
        t.reason?.[lang],
      ),
    ]);
  }

  for (const a of sortedAttainment(model)) {
    rows.push([
      'attainment',
      a.standard,
      `${setLabel(a.set, lang, a.title[lang])} ${a.indicator} – ${a.title[lang]}`,
      a.year,
      num(a.recognisedPercent),
      num(a.targetPercent),
      a.assessable ? null : label('chart.notAssessable', lang),
      note(
        a.recognised !== null && a.eligible !== null && field('col.recognised', lang, `${formatNumber(a.recognised, lang)}/${formatNumber(a.eligible, lang)}`),
        a.computed !== null && field('col.computed', lang, `${formatNumber(a.computed, lang)} (${formatPercent(a.computedPercent, lang)})`),
        a.asOf !== null && field('meta.asOfLabel', lang, a.asOf),
        a.reason?.[lang],
      ),
    ]);
  }

  const c = model.crime;
  const cut = crimeCutPercent(model);
  const cutLevel = finite(c.baseline) === null ? null : num(c.baseline! * (1 - cut / 100));
  for (const p of [...c.series].sort((a, b) => a.year - b.year)) {
    rows.push([
      'crime',
      c.metric.id,
      c.metric.title[lang],
      p.year,
      num(p.value),
      p.year === c.baselineYear ? null : cutLevel,
      outcomeLabel(p.outcome, lang),
      note(
        label('misc.baselineNote', lang, { year: c.baselineYear, value: formatNumber(c.baseline, lang) }),
        finite(p.changeVsBaselinePercent) !== null && field('col.change', lang, formatPercent(p.changeVsBaselinePercent, lang, { signed: true })),
      ),
    ]);
  }

  for (const d of model.map.districts) {
    rows.push(['district', d.code, d.name, model.map.year, num(d.value), null, outcomeLabel(d.outcome, lang), note(d.label, model.map.legend[lang])]);
  }

  for (const section of trendsSections(model)) rows.push(...trendRows(section, lang));

  for (const d of model.disagreements) {
    rows.push(['disagreement', d.code, d.name, d.year, null, null, label(`disagreement.${d.kind}`, lang), note(d.standard, d.message[lang])]);
  }

  for (const d of model.followUp?.disputes ?? []) {
    rows.push([
      'dispute',
      'disputes',
      label('followUp.disputes', lang),
      d.year,
      num(d.sharePercent),
      null,
      null,
      note(field('col.arising', lang, formatNumber(d.arising, lang)), field('col.settled', lang, formatNumber(d.settledAtGrassroots, lang))),
    ]);
  }

  for (const d of model.diff ?? []) {
    const same = d.asFiled === d.today;
    const today = typeof d.today === 'number' ? num(d.today) : d.today;
    const filed = d.asFiled === null ? null : typeof d.asFiled === 'number' ? formatNumber(d.asFiled, lang, { maxDecimals: 4 }) : d.asFiled;
    rows.push(['diff', d.key, d.label[lang], year, today, null, label(same ? 'misc.unchanged' : 'misc.changed', lang), label('misc.asFiledNote', lang, { value: filed ?? '–' })]);
  }
  return rows;
}

/**
 * The report as one long-format CSV: a header row (in `lang`), then one row
 * per target, per attainment (standard × year), per crime-series year, per
 * map district; for communes and (while they exist) districts the summary
 * figures, every unit below the cut, every comparison group, every missing
 * fact with the command that records it, every source, every unit without
 * a verdict and every locality's verdict; then one row per disagreement,
 * per dispute year and per as-of difference (see {@link CSV_SECTIONS}). Lines end in CRLF and the text starts with a UTF-8
 * byte-order mark. Numbers in `value` and `target` are plain (dot decimal,
 * no grouping) in both languages so that the file stays machine-readable;
 * texts, statuses and notes are in `lang`.
 *
 * @example
 * ```ts
 * const csv = renderCsv(model, 'vi');
 * csv.startsWith('\uFEFFPhần,Mã,Nội dung,Năm,Giá trị,Chỉ tiêu,Trạng thái,Ghi chú\r\n'); // true
 * ```
 */
export function renderCsv(model: ReportModel, lang: Lang = 'vi'): string {
  const header = CSV_COLUMNS.map((c) => label(`csv.${c}`, lang));
  const lines = [header.map(csvField).join(','), ...rowsOf(model, lang).map((r) => r.map(csvField).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
