/**
 * The report as one self-contained HTML page: inline CSS and inline SVG
 * charts, no scripts, no external resources, printable on A4.
 *
 * @module
 */
import {
  attainmentGroups,
  crimeCutPercent,
  escapeXml,
  finite,
  metricName,
  showLastAssessableYear,
  sourceParts,
  standardLabel,
  TOP_N,
  trendsNames,
  trendsSections,
  trendsSummaryText,
  withoutVerdict,
  withoutVerdictText,
  type TrendsSection,
} from './common.js';
import { evidenceLevelText } from './texts.js';
import {
  countText,
  formatDate,
  MISSING,
  formatDateTime,
  formatNumber,
  shortfallText,
  formatPercent,
  label,
  localiseNumbers,
  nounText,
  outcomeLabel,
  recipientLabel,
  setLabel,
  statusLabel,
  type LabelKey,
  type Noun,
} from './labels.js';
import type { Lang, ReportModel, ReportOutcome, ReportTarget, ReportTargetStatus } from './report-model.js';
import { attainmentChart, crimeChart, districtMap } from './svg-charts.js';

const esc = escapeXml;

const CSS = `
:root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --head:#f0f4f8; --accent:#1d4e89;
  --met:#2e7d32; --met-bg:#e3f3e4; --track:#1565c0; --track-bg:#e3eefb; --risk:#8a5300; --risk-bg:#fff1d6;
  --notmet:#b71c1c; --notmet-bg:#fde4e4; --na:#4b5563; --na-bg:#eceff3; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; padding: 28px 32px 40px; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; }
header.report { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 18px; }
.kicker { margin: 0; color: var(--accent); font-size: 12px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 26px; line-height: 1.25; }
.plan { margin: 0 0 10px; color: var(--muted); }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 6px 22px; margin: 0; }
dl.meta div { border-left: 3px solid var(--line); padding-left: 8px; }
dl.meta dt { color: var(--muted); font-size: 12px; }
dl.meta dd { margin: 0; font-weight: 600; }
.asof { margin: 0 0 18px; padding: 10px 14px; border: 1px solid #e0b252; border-left: 6px solid #d69e2e; background: #fff8e6; border-radius: 4px; }
.asof strong { display: block; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; padding: 0; list-style: none; }
.chips li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: #fafbfc; }
.chips b { font-size: 18px; margin-right: 6px; }
section { margin: 26px 0 0; }
h2 { font-size: 19px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); color: var(--accent); }
h3 { font-size: 15px; margin: 18px 0 8px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
table.compact { width: auto; min-width: 55%; }
table.targets td:first-child { width: 29%; min-width: 220px; }
table.targets td.value { max-width: 220px; }
table.targets td:last-child { width: 24%; }
td.num.wrap { white-space: normal; }
table.attainment th[scope=row] { min-width: 150px; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 4px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
thead th { background: var(--head); font-weight: 700; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #f3f5f7; padding: 1px 4px; border-radius: 3px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 700; white-space: nowrap; border: 1px solid transparent; }
.badge.met { color: var(--met); background: var(--met-bg); border-color: #a5d6a7; }
.badge.on_track { color: var(--track); background: var(--track-bg); border-color: #90caf9; }
.badge.at_risk { color: var(--risk); background: var(--risk-bg); border-color: #f2c46d; }
.badge.not_met { color: var(--notmet); background: var(--notmet-bg); border-color: #ef9a9a; }
.badge.not_assessable, .badge.other { color: var(--na); background: var(--na-bg); border-color: #cbd2d9; }
tr.status-not_met td:first-child { border-left: 4px solid var(--notmet); }
tr.status-at_risk td:first-child { border-left: 4px solid #d69e2e; }
tr.status-met td:first-child { border-left: 4px solid var(--met); }
tr.status-on_track td:first-child { border-left: 4px solid var(--track); }
tr.status-not_assessable td:first-child { border-left: 4px solid #9aa5b1; }
.desc { font-weight: 600; }
.sub { display: block; color: var(--muted); font-size: 12px; font-weight: normal; }
figure { margin: 10px 0 12px; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
.na { color: var(--muted); font-style: italic; }
.changed { font-weight: 700; color: var(--notmet); }
ul.notes { padding-left: 20px; }
ul.sources { padding-left: 20px; margin: 6px 0 10px; }
ul.sources li { margin: 0 0 8px; }
table.summary th[scope=row] { font-weight: 600; }
code.cmd { display: inline-block; white-space: pre-wrap; overflow-wrap: anywhere; }
table.facts td:first-child { width: 45%; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { padding: 0; font-size: 10pt; }
  main { max-width: none; }
  h1 { font-size: 18pt; }
  h2 { font-size: 13pt; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 8.5pt; }
  td.num { white-space: normal; }
  .badge { white-space: normal; font-size: 7.5pt; padding: 0 5px; border-radius: 4px; }
  dl.meta { grid-template-columns: repeat(3, 1fr); }
  thead { display: table-header-group; }
  tr, figure, .asof, dl.meta div { break-inside: avoid; page-break-inside: avoid; }
  figure { border: none; padding: 0; }
  section.map figure { break-before: page; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function th(key: LabelKey, lang: Lang, cls = '', params?: Readonly<Record<string, string | number>>): string {
  return `<th scope="col"${cls === '' ? '' : ` class="${cls}"`}>${esc(label(key, lang, params))}</th>`;
}

function tableHtml(head: readonly string[], rows: readonly string[], caption?: string, cls?: string): string {
  return `<table${cls === undefined ? '' : ` class="${cls}"`}>${caption === undefined ? '' : `<caption>${esc(caption)}</caption>`}<thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function none(lang: Lang): string {
  return `<p class="muted">${esc(label('misc.none', lang))}</p>`;
}

function badge(status: ReportTargetStatus, lang: Lang): string {
  return `<span class="badge ${status}">${esc(statusLabel(status, lang))}</span>`;
}

function outcomeBadge(o: ReportOutcome, lang: Lang): string {
  const cls = o === 'met' ? 'met' : o === 'not_met' ? 'not_met' : 'other';
  return `<span class="badge ${cls}">${esc(outcomeLabel(o, lang))}</span>`;
}

/** Inline SVG does not need the namespace; dropping it keeps the page free of URLs. */
function inline(svg: string): string {
  return svg.replace(' xmlns="http://www.w3.org/2000/svg"', '');
}

function targetReason(t: ReportTarget, lang: Lang): string {
  const parts: string[] = [];
  if (t.reason !== null && t.reason[lang] !== '') parts.push(esc(t.reason[lang]));
  if (showLastAssessableYear(t)) parts.push(`<span class="sub">${esc(label('misc.lastAssessableYear', lang, { year: t.lastAssessableYear ?? '' }))}</span>`);
  const req = finite(t.pace.requiredPerYear);
  const obs = finite(t.pace.observedPerYear);
  if (req !== null && obs !== null && t.status !== 'met' && t.status !== 'not_assessable') {
    parts.push(`<span class="sub">${esc(label('misc.pace', lang, { required: formatNumber(req, lang), observed: formatNumber(obs, lang) }))}</span>`);
  }
  return parts.join(' ');
}

/** Says how many of a list are shown, and where the rest is, when the list is cut at `n`. */
function showing(n: number, total: number, what: Noun, lang: Lang): string {
  return total > n ? `<p class="muted small">${esc(label('misc.showing', lang, { n, total, what: nounText(what, lang, total) }))}</p>` : '';
}

/** A source: its web address as a link (only `http:` and `https:`), then the rest of its text. */
function sourceHtml(source: string): string {
  const { url, text } = sourceParts(source);
  return [url === null ? '' : `<a href="${esc(url)}" rel="noopener noreferrer">${esc(url)}</a>`, esc(text)].filter((x) => x !== '').join(' ');
}

/**
 * One level's trends (communes or districts) as a section: the summary
 * (localities alone and groups by outcome, the share assessed alone, the
 * province beside them), the units below the cut, the comparison groups,
 * the facts that would split them, the sources, and the units without a
 * verdict. A level without trends shows the note that says why.
 */
function trendsHtml(model: ReportModel, section: TrendsSection, lang: Lang): string {
  const level = section.level;
  const out: string[] = [`<section class="trends" id="${level === 'commune' ? 'trends' : 'district-trends'}"><h2>${esc(label(`section.trends.${level}`, lang))}</h2>`];
  const t = section.trends;
  if (t === null) {
    out.push(section.note === null ? none(lang) : `<p>${esc(section.note[lang])}</p>`, '</section>');
    return out.join('');
  }
  const num = (x: number | null) => `<td class="num">${esc(formatNumber(x, lang))}</td>`;
  const change = (x: number | null) => `<td class="num">${esc(formatPercent(x, lang, { signed: true }))}</td>`;
  const names = trendsNames(t, lang);
  const list = <T>(items: readonly T[], what: Noun, render: (items: readonly T[]) => string): string =>
    items.length === 0 ? none(lang) : render(items.slice(0, TOP_N)) + showing(TOP_N, items.length, what, lang);

  // 1. Summary
  out.push(
    `<p>${esc(label('trends.metricLine', lang, { metric: metricName(model, t, lang), year: t.year, baselineYear: t.baselineYear }))} ` +
      `${esc(label('trends.rule', lang, { unit: nounText(level, lang, 1), pct: formatPercent(t.minPercent, lang), year: t.baselineYear }))}</p>`,
  );
  const g = t.groups;
  const count = (x: number, noun: Noun) => `<td class="num">${esc(countText(x, noun, lang))}</td>`;
  out.push(
    tableHtml(
      [th('trends.col.assessed', lang), th('trends.col.total', lang, 'num'), th('trends.col.met', lang, 'num'), th('trends.col.notMet', lang, 'num'), th('trends.col.noVerdict', lang, 'num'), th('trends.col.noVerdictWhy', lang)],
      [
        `<tr><th scope="row">${esc(label(`trends.alone.${level}`, lang))}</th>${count(t.alone.total, level)}${count(t.alone.met, level)}${count(t.alone.notMet, level)}${count(withoutVerdict(t.alone), level)}<td>${esc(withoutVerdictText(t.alone, level, lang) || MISSING)}</td></tr>`,
        `<tr><th scope="row">${esc(label(`trends.groups.${level}`, lang))}</th><td class="num">${esc(countText(g.total, 'group', lang))}<span class="sub">${esc(countText(g.localities, level, lang))}</span></td>` +
          `${count(g.met, 'group')}${count(g.notMet, 'group')}${count(withoutVerdict(g), 'group')}<td>${esc(withoutVerdictText(g, 'group', lang) || MISSING)}</td></tr>`,
      ],
      undefined,
      'summary',
    ),
  );
  out.push(trendsSummaryText(t, lang).map((x) => `<p>${esc(x)}</p>`).join(''));

  // 2. Below the cut
  out.push(`<h3>${esc(label(`trends.failing.${level}`, lang))}</h3>`);
  out.push(
    list(t.failing, 'unit', (items) =>
      tableHtml(
        [th('col.code', lang), th('col.name', lang), th('col.casesIn', lang, 'num', { year: t.year }), th('col.casesIn', lang, 'num', { year: t.baselineYear }), th('col.change', lang, 'num'), th('col.gapPoints', lang, 'num')],
        items.map((f) => {
          const c = names.cells(f.code, f.name);
          return `<tr><td class="nowrap">${esc(c.code)}</td><td>${esc(c.name)}</td>${num(f.current)}${num(f.baseline)}${change(f.changePercent)}${num(f.gap)}</tr>`;
        }),
      ),
    ),
  );

  // 3. Comparison groups
  out.push(`<h3>${esc(label(`trends.groupList.${level}`, lang))}</h3>`);
  out.push(
    list(t.groupList, 'group', (items) =>
      tableHtml(
        [th('col.group', lang), th('col.members', lang), th('col.outcome', lang), th('col.casesIn', lang, 'num', { year: t.year }), th('col.casesIn', lang, 'num', { year: t.baselineYear }), th('col.change', lang, 'num'), th('col.whyGrouped', lang)],
        items.map(
          (gr) =>
            `<tr><td class="nowrap">${esc(names.cells(gr.code, gr.name).code)}</td><td>${esc(gr.members.map((m) => `${m.name} (${m.code})`).join(', '))}</td><td>${outcomeBadge(gr.outcome, lang)}</td>` +
            `${num(gr.current)}${num(gr.baseline)}${change(gr.changePercent)}<td>${esc(gr.reason[lang])}</td></tr>`,
        ),
      ),
    ),
  );

  // 4. How to close the gap
  out.push(`<h3>${esc(label(`trends.gap.${level}`, lang))}</h3>`);
  if (t.missingFacts.length === 0) out.push(none(lang));
  else {
    out.push(`<p>${esc(label('trends.gap.intro', lang))}</p>`);
    out.push(
      list(t.missingFacts, 'fact', (items) =>
        tableHtml(
          [th('col.missingFact', lang), th('col.command', lang), th('col.groupsConcerned', lang)],
          items.map(
            (f) =>
              `<tr><td>${esc(f.text[lang])}</td><td>${f.command === null ? `<span class="na">${esc(label('trends.gap.noCommand', lang))}</span>` : `<code class="cmd">${esc(f.command)}</code>`}</td>` +
              `<td>${esc(f.groups.map((id) => names.ref(id)).join(', '))}</td></tr>`,
          ),
          undefined,
          'facts',
        ),
      ),
    );
    out.push(`<p>${esc(label('trends.gap.import', lang)).replace('{command}', `<code>${esc(`ntm-antt import lineage ${label('trends.gap.importFile', lang)}`)}</code>`)}</p>`);
  }

  // 5. Sources
  out.push(`<h3>${esc(label('trends.sources', lang))}</h3>`);
  out.push(
    list(t.evidence, 'source', (items) => {
      const sub = (key: LabelKey, html: string) => `<span class="sub">${esc(label(key, lang))}: ${html}</span>`;
      const given = (x: string | null): x is string => x !== null && x.trim() !== '';
      return `<ul class="sources">${items
        .map(
          (ev) =>
            `<li><span class="desc">${esc(ev.fact[lang])}</span> <span class="badge other">${esc(evidenceLevelText(ev.level)[lang])}</span>` +
            sub('col.legalBasis', esc(ev.legalBasis[lang])) +
            (given(ev.source) ? sub('col.source', sourceHtml(ev.source)) : '') +
            (given(ev.quote) ? sub('col.quote', `“${esc(ev.quote)}”`) : '') +
            (given(ev.caveat) ? sub('col.caveat', esc(ev.caveat)) : '') +
            (ev.localities.length === 0 ? '' : sub('col.usedFor', esc(ev.localities.map((c) => names.ref(c)).join(', ')))) +
            `</li>`,
        )
        .join('')}</ul>`;
    }),
  );

  // 6. Without a verdict
  out.push(`<h3>${esc(label(`trends.undecided.${level}`, lang))}</h3>`);
  out.push(
    list(t.notComparableList, 'unit', (items) =>
      tableHtml(
        [th('col.code', lang), th('col.name', lang), th('col.outcome', lang), th('col.reason', lang)],
        items.map((x) => {
          const c = names.cells(x.code, x.name);
          return `<tr><td class="nowrap">${esc(c.code)}</td><td>${esc(c.name)}</td><td>${outcomeBadge(x.outcome, lang)}</td><td>${esc(x.reason[lang])}</td></tr>`;
        }),
      ),
    ),
  );
  out.push('</section>');
  return out.join('');
}

/**
 * The report as one self-contained HTML page in `lang` (Vietnamese by
 * default; `<html lang="vi">`): title and metadata (province, year, the
 * knowledge cut-off "Số liệu tính đến ngày …" when `meta.asOf` is set, time
 * of generation), the targets with coloured status badges, the attainment,
 * crime and map charts as inline SVG, the trends of communes and (while
 * they exist) districts — the summary beside the province's own trend, the
 * units below the cut, the comparison groups, the facts that would split
 * them with the commands to record them, the sources (linked only when they
 * are http or https addresses), the units without a verdict (top 20 each,
 * the rest in the CSV and JSON) — disagreements, plan follow-up, the as-of
 * differences and notes. CSS is inline and print-ready (A4); there is no
 * JavaScript and no external resource (a Content-Security-Policy forbids
 * them; source links are plain links, followed only when clicked). All text
 * from the model is escaped.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('report.html', renderHtml(model));
 * ```
 */
export function renderHtml(model: ReportModel, lang: Lang = 'vi'): string {
  const m = model.meta;
  const n = (x: number | null) => formatNumber(x, lang);
  const pct = (x: number | null) => formatPercent(x, lang);
  const body: string[] = [];

  // Header
  const metaItems: Array<[string, string]> = [
    [label('meta.province', lang), `${m.province.name} (${m.province.code})`],
    [label('meta.year', lang), String(m.year)],
    [label('meta.asOfLabel', lang), m.asOf === null ? label('meta.allRecorded', lang) : formatDateTime(m.asOf, lang)],
    [label('meta.hierarchyAt', lang), formatDate(m.hierarchyAt, lang)],
    [label('meta.generatedAt', lang), formatDateTime(m.generatedAt, lang)],
  ];
  body.push(
    `<header class="report"><p class="kicker">${esc(label('misc.page', lang))}</p><h1>${esc(m.title[lang])}</h1>` +
      (m.plan === null ? '' : `<p class="plan">${esc(label('meta.plan', lang))}: ${esc(m.plan.title[lang])} · ${esc(label('meta.legalBasis', lang))}: ${esc(m.plan.legalBasis)}</p>`) +
      `<dl class="meta">${metaItems.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl></header>`,
  );
  if (m.asOf !== null) {
    const date = formatDateTime(m.asOf, lang);
    body.push(`<aside class="asof" role="note"><strong>${esc(label('meta.asOf', lang, { date }))}</strong>${esc(label('meta.asOfBanner', lang, { date }))}</aside>`);
  }

  // Targets
  const counts = new Map<ReportTargetStatus, number>();
  for (const t of model.targets) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const order: ReportTargetStatus[] = ['met', 'on_track', 'at_risk', 'not_met', 'not_assessable'];
  const chips = order
    .filter((s) => counts.has(s))
    .map((s) => `<li><b>${counts.get(s)}</b>${badge(s, lang)}</li>`)
    .join('');
  body.push(
    `<section class="targets" id="targets"><h2>${esc(label('section.targets', lang))}</h2>` +
      (chips === '' ? '' : `<ul class="chips" aria-label="${esc(label('section.summary', lang))}">${chips}</ul>`) +
      (model.targets.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.target', lang), th('col.value', lang, 'num'), th('col.targetValue', lang, 'num'), th('col.status', lang), th('col.gap', lang, 'num'), th('col.deadline', lang), th('col.reason', lang)],
            model.targets.map(
              (t) =>
                `<tr class="status-${t.status}"><td><span class="desc">${esc(t.description[lang])}</span><span class="sub">${esc(label(`kind.${t.kind}`, lang))}</span></td>` +
                `<td class="num wrap value">${t.value === null ? '<span class="na">–</span>' : esc(t.value[lang])}</td>` +
                `<td class="num wrap">${esc(localiseNumbers(t.target, lang))}</td>` +
                `<td>${badge(t.status, lang)}</td>` +
                `<td class="num">${esc(shortfallText(t, lang))}</td>` +
                `<td class="nowrap">${esc(formatDate(t.deadline, lang))}</td>` +
                `<td>${targetReason(t, lang)}</td></tr>`,
            ),
            undefined,
            'targets',
          )) +
      `</section>`,
  );

  // Attainment: chart, then a year-by-standard table.
  const groups = attainmentGroups(model);
  const years = [...new Set(model.attainment.map((a) => a.year))].sort((a, b) => a - b);
  body.push(
    `<section class="attainment" id="attainment"><h2>${esc(label('section.attainment', lang))}</h2><figure>${inline(attainmentChart(model, lang))}</figure>` +
      (groups.length === 0
        ? ''
        : tableHtml(
            [th('col.set', lang), ...years.map((y) => `<th scope="col" class="num">${y}</th>`), th('col.targetValue', lang, 'num')],
            groups.map((g) => {
              const cells = years.map((y) => {
                const a = g.rows.find((r) => r.year === y);
                if (a === undefined) return '<td class="num"><span class="na">–</span></td>';
                if (!a.assessable) return `<td class="num wrap"><span class="na" title="${esc(a.reason?.[lang] ?? '')}">${esc(label('chart.notAssessable', lang))}</span></td>`;
                const frac = a.recognised !== null && a.eligible !== null ? `<span class="sub">${esc(`${n(a.recognised)}/${n(a.eligible)}`)}</span>` : '';
                const comp = a.computedPercent !== null ? `<span class="sub">◆ ${esc(pct(a.computedPercent))}</span>` : '';
                return `<td class="num">${esc(pct(a.recognisedPercent))}${frac}${comp}</td>`;
              });
              return `<tr><th scope="row">${esc(setLabel(g.set, lang, g.title[lang]))} · ${esc(g.indicator)}<span class="sub">${esc(g.title[lang])}</span></th>${cells.join('')}<td class="num">${esc(pct(g.targetPercent))}</td></tr>`;
            }),
            `${label('col.recognisedPercent', lang)} (${label('col.recognised', lang)}/${label('col.eligible', lang)}); ◆ ${label('chart.computed', lang)}`,
            'attainment',
          )) +
      `</section>`,
  );

  // Crime
  const cr = model.crime;
  const cut = crimeCutPercent(model);
  const base = finite(cr.baseline);
  body.push(
    `<section class="crime" id="crime"><h2>${esc(label('section.crime', lang))}: ${esc(cr.metric.title[lang])}</h2>` +
      `<p>${
        base === null
          ? esc(label('chart.noBaseline', lang, { year: cr.baselineYear }))
          : `${esc(label('chart.baseline', lang, { year: cr.baselineYear, value: n(base) }))}. ${esc(label('chart.cutLevel', lang, { pct: formatPercent(cut, lang), value: formatNumber(base * (1 - cut / 100), lang, { maxDecimals: 1 }) }))}.`
      }</p>` +
      `<figure>${inline(crimeChart(model, lang))}</figure>` +
      (cr.series.length === 0
        ? ''
        : tableHtml(
            [th('col.year', lang), th('col.cases', lang, 'num'), th('col.changeVsBaseline', lang, 'num', { year: cr.baselineYear }), th('col.outcome', lang)],
            [...cr.series]
              .sort((a, b) => a.year - b.year)
              .map((p) => `<tr><td>${p.year}</td><td class="num">${esc(n(p.value))}</td><td class="num">${esc(formatPercent(p.changeVsBaselinePercent, lang, { signed: true }))}</td><td>${p.year === cr.baselineYear ? esc(label('crime.baselineRow', lang)) : outcomeBadge(p.outcome, lang)}</td></tr>`),
            undefined,
            'compact',
          )) +
      `</section>`,
  );

  // Map
  body.push(
    `<section class="map" id="map"><h2>${esc(label('section.map', lang))}</h2><figure>${inline(districtMap(model, lang))}` +
      `</figure></section>`,
  );

  // Trends: communes, then districts (or why there are none)
  for (const section of trendsSections(model)) body.push(trendsHtml(model, section, lang));

  // Disagreements
  body.push(
    `<section class="disagreements" id="disagreements"><h2>${esc(label('section.disagreements', lang))}</h2>` +
      (model.disagreements.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.code', lang), th('col.name', lang), th('col.standard', lang), th('col.year', lang), th('col.kind', lang), th('col.detail', lang)],
            model.disagreements.map(
              (d) =>
                `<tr><td>${esc(d.code)}</td><td>${esc(d.name)}</td><td>${esc(standardLabel(d.standard, lang))}</td><td>${d.year}</td><td>${esc(label(`disagreement.${d.kind}`, lang))}</td><td>${esc(d.message[lang])}</td></tr>`,
            ),
          )) +
      `</section>`,
  );

  // Follow-up
  const f = model.followUp;
  const fu: string[] = [`<section class="follow-up" id="follow-up"><h2>${esc(label('section.followUp', lang))}</h2>`];
  if (f === null) fu.push(none(lang));
  else {
    fu.push(
      `<ul class="chips"><li><b>${esc(n(f.reportsFiled))}</b>${esc(label('followUp.reportsFiled', lang))}</li><li><b>${esc(n(f.reportsMissing.length))}</b>${esc(label('followUp.reportsMissing', lang))}</li>` +
        `<li><b>${esc(n(f.inspections))}</b>${esc(label('followUp.inspections', lang))}</li><li><b>${esc(n(f.openObstacles.length))}</b>${esc(label('followUp.openObstacles', lang))}</li></ul>`,
    );
    fu.push(`<h3>${esc(label('followUp.disputes', lang))}</h3>`);
    fu.push(
      f.disputes.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.year', lang), th('col.arising', lang, 'num'), th('col.settled', lang, 'num'), th('col.share', lang, 'num')],
            f.disputes.map((d) => `<tr><td>${d.year}</td><td class="num">${esc(n(d.arising))}</td><td class="num">${esc(n(d.settledAtGrassroots))}</td><td class="num">${esc(pct(d.sharePercent))}</td></tr>`),
            undefined,
            'compact',
          ),
    );
    fu.push(`<h3>${esc(label('followUp.reportsMissing', lang))}</h3>`);
    fu.push(
      f.reportsMissing.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.period', lang), th('col.recipient', lang), th('col.dueBy', lang)],
            f.reportsMissing.map((r) => `<tr><td>${esc(r.period)}</td><td>${esc(recipientLabel(r.recipient, lang))}</td><td>${esc(formatDate(r.dueBy, lang))}</td></tr>`),
            undefined,
            'compact',
          ),
    );
    fu.push(`<h3>${esc(label('followUp.reviews', lang))}</h3>`);
    fu.push(
      f.reviews.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.kind', lang), th('col.heldOn', lang), th('col.title', lang)],
            f.reviews.map((r) => `<tr><td>${esc(label(`review.${r.kind}`, lang))}</td><td class="nowrap">${esc(formatDate(r.heldOn, lang))}</td><td>${esc(r.title)}</td></tr>`),
          ),
    );
    fu.push(`<h3>${esc(label('followUp.openObstacles', lang))}</h3>`);
    fu.push(
      f.openObstacles.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.title', lang), th('col.raisedBy', lang), th('col.raisedOn', lang), th('col.ageDays', lang, 'num')],
            f.openObstacles.map((o) => `<tr><td>${esc(o.title)}</td><td>${esc(o.raisedBy)}</td><td class="nowrap">${esc(formatDate(o.raisedOn, lang))}</td><td class="num">${esc(n(o.ageDays))}</td></tr>`),
          ),
    );
    fu.push(`<h3>${esc(label('followUp.overdueTasks', lang))}</h3>`);
    fu.push(
      f.overdueTasks.length === 0
        ? none(lang)
        : tableHtml(
            [th('col.owner', lang), th('col.taskCount', lang, 'num'), th('col.oldestDaysOverdue', lang, 'num')],
            f.overdueTasks.map((t) => `<tr><td>${esc(t.owner)}</td><td class="num">${esc(n(t.count))}</td><td class="num">${esc(n(t.oldestDaysOverdue))}</td></tr>`),
            undefined,
            'compact',
          ),
    );
  }
  fu.push('</section>');
  body.push(fu.join(''));

  // As-of diff
  if (model.diff !== null) {
    const cell = (v: string | number | null) => (v === null ? '<span class="na">–</span>' : esc(typeof v === 'number' ? formatNumber(v, lang, { maxDecimals: 4 }) : localiseNumbers(v, lang)));
    body.push(
      `<section class="diff" id="diff"><h2>${esc(label('section.diff', lang, { date: m.asOf === null ? '–' : formatDateTime(m.asOf, lang) }))}</h2>` +
        (model.diff.length === 0
          ? none(lang)
          : tableHtml(
              [th('col.figure', lang), th('col.asFiled', lang, 'num'), th('col.today', lang, 'num'), th('col.change', lang)],
              model.diff.map((d) => {
                const same = d.asFiled === d.today;
                return `<tr><td>${esc(d.label[lang])}${lang === 'vi' ? '' : `<span class="sub"><code>${esc(d.key)}</code></span>`}</td><td class="num">${cell(d.asFiled)}</td><td class="num">${cell(d.today)}</td><td${same ? '' : ' class="changed"'}>${esc(label(same ? 'misc.unchanged' : 'misc.changed', lang))}</td></tr>`;
              }),
            )) +
        `</section>`,
    );
  }

  // Notes
  if (m.notes.length > 0) {
    body.push(`<section class="notes" id="notes"><h2>${esc(label('section.notes', lang))}</h2><ul class="notes">${m.notes.map((x) => `<li>${esc(x[lang])}</li>`).join('')}</ul></section>`);
  }
  body.push(`<footer>${esc(label('misc.generatedBy', lang))} · ${esc(formatDateTime(m.generatedAt, lang))}</footer>`);

  return (
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="ntm-antt">\n` +
    `<title>${esc(m.title[lang])} – ${esc(m.province.name)} ${m.year}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n${body.join('\n')}\n</main>\n</body>\n</html>\n`
  );
}
