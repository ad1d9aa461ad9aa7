/**
 * The report as one long-format CSV table (RFC 4180, UTF-8 with a byte-order
 * mark so that Excel reads Vietnamese correctly).
 *
 * @module
 */
import { crimeCutPercent, finite, showLastAssessableYear, sortedAttainment } from './common.js';
import { formatNumber, formatPercent, label, outcomeLabel, setLabel, statusLabel, type LabelKey } from './labels.js';
import type { Lang, ReportModel } from './report-model.js';

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

/**
 * The values of the `section` column, one per kind of row. They are stable
 * codes (the same in both languages) so that the file can be filtered.
 *
 * - `target`: one row per plan target (value and target in percent);
 * - `attainment`: one row per standard and year (recognised % against the target %);
 * - `crime`: one row per year of the crime series (cases against the cut level);
 * - `district`: one row per district of the map;
 * - `failing_commune`: one row per commune below the cut (change % against −cut %);
 * - `not_comparable`: one row per commune that cannot be compared;
 * - `disagreement`: one row per recognised/computed disagreement;
 * - `dispute`: one row per year of the follow-up's disputes (share settled at the grassroots);
 * - `diff`: one row per figure of an as-of report (today's value; as filed in the note).
 *
 * @example
 * ```ts
 * CSV_SECTIONS.includes('failing_commune'); // true
 * ```
 */
export const CSV_SECTIONS = ['target', 'attainment', 'crime', 'district', 'failing_commune', 'not_comparable', 'disagreement', 'dispute', 'diff'] as const;

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
        finite(t.gap) !== null && field('col.gap', lang, formatNumber(t.gap, lang)),
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

  const tr = model.trends;
  for (const f of tr.failing) {
    rows.push(['failing_commune', f.code, f.name, tr.year, num(f.changePercent), -tr.minPercent, outcomeLabel('not_met', lang), note(finite(f.gap) !== null && field('col.gap', lang, formatNumber(f.gap, lang)), f.message[lang])]);
  }
  for (const n of tr.notComparableList) {
    rows.push(['not_comparable', n.code, n.name, tr.year, null, null, outcomeLabel('not_comparable', lang), n.reason[lang]]);
  }

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
 * map district, per failing and per not-comparable commune, per
 * disagreement, per dispute year and per as-of difference (see
 * {@link CSV_SECTIONS}). Lines end in CRLF and the text starts with a UTF-8
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
