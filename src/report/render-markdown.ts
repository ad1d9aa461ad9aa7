/**
 * The report as Markdown (GitHub-flavoured tables).
 *
 * @module
 */
import {
  crimeCutPercent,
  finite,
  metricName,
  showLastAssessableYear,
  sortedAttainment,
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
import type { Lang, ReportModel, ReportTarget } from './report-model.js';

/**
 * Escapes text for Markdown, inline and in table cells: backslashes,
 * backticks, emphasis stars, brackets and pipes get a backslash, `<` and `>`
 * become entities, and line breaks become spaces.
 *
 * @example
 * ```ts
 * escapeMarkdown('a | b <script>'); // 'a \\| b &lt;script&gt;'
 * ```
 */
export function escapeMarkdown(text: string | number): string {
  return String(text)
    .replace(/[\\`*[\]|]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

const e = escapeMarkdown;

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: ReadonlyArray<'l' | 'r'>): string {
  const sep = headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [`| ${headers.map(e).join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function h(key: LabelKey, lang: Lang, params?: Readonly<Record<string, string | number>>): string {
  return label(key, lang, params);
}

function reasonOf(t: ReportTarget, lang: Lang): string {
  const parts: string[] = [];
  if (t.reason !== null && t.reason[lang] !== '') parts.push(e(t.reason[lang]));
  if (showLastAssessableYear(t)) parts.push(e(label('misc.lastAssessableYear', lang, { year: t.lastAssessableYear ?? '' })));
  const req = finite(t.pace.requiredPerYear);
  const obs = finite(t.pace.observedPerYear);
  if (req !== null && obs !== null && t.status !== 'met' && t.status !== 'not_assessable') {
    parts.push(e(label('misc.pace', lang, { required: formatNumber(req, lang), observed: formatNumber(obs, lang) })));
  }
  return parts.join('; ');
}

/** Says how many of a list are shown, and where the rest is, when the list is cut at `n`. */
function showing(n: number, total: number, what: Noun, lang: Lang): string {
  return total > n ? `\n\n_${e(label('misc.showing', lang, { n, total, what: nounText(what, lang, total) }))}_` : '';
}

/**
 * Inline code, fenced with more backticks than the text holds (line breaks
 * become spaces). Code is shown as written, so the text is not escaped.
 */
function codeSpan(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A source: its web address as an autolink (when it is one), then the rest of its text, escaped. */
function sourceMarkdown(source: string): string {
  const { url, text } = sourceParts(source);
  return [url === null ? '' : `<${url}>`, e(text)].filter((x) => x !== '').join(' ');
}

/**
 * One level's trends (communes or districts) as Markdown: the summary
 * (localities alone and groups by outcome, the share assessed alone, the
 * province beside them), the units below the cut, the comparison groups,
 * the facts that would split them, the sources, and the units without a
 * verdict. A level without trends prints the note that says why.
 */
function trendsMarkdown(model: ReportModel, section: TrendsSection, lang: Lang): string[] {
  const level = section.level;
  const out: string[] = [`## ${e(h(`section.trends.${level}`, lang))}`];
  const t = section.trends;
  if (t === null) {
    out.push(e(section.note?.[lang] ?? h('misc.none', lang)));
    return out;
  }
  const pct = (x: number | null) => formatPercent(x, lang, { signed: true });
  const n = (x: number | null) => formatNumber(x, lang);
  const names = trendsNames(t, lang);
  const list = <T>(items: readonly T[], what: Noun, render: (items: readonly T[]) => string): string =>
    items.length === 0 ? e(h('misc.none', lang)) : render(items.slice(0, TOP_N)) + showing(TOP_N, items.length, what, lang);

  // 1. Summary
  out.push(
    `${e(h('trends.metricLine', lang, { metric: metricName(model, t, lang), year: t.year, baselineYear: t.baselineYear }))} ` +
      e(h('trends.rule', lang, { unit: nounText(level, lang, 1), pct: formatPercent(t.minPercent, lang), year: t.baselineYear })),
  );
  const g = t.groups;
  out.push(
    table(
      [h('trends.col.assessed', lang), h('trends.col.total', lang), h('trends.col.met', lang), h('trends.col.notMet', lang), h('trends.col.noVerdict', lang), h('trends.col.noVerdictWhy', lang)],
      [
        [
          e(h(`trends.alone.${level}`, lang)),
          e(countText(t.alone.total, level, lang)),
          e(countText(t.alone.met, level, lang)),
          e(countText(t.alone.notMet, level, lang)),
          e(countText(withoutVerdict(t.alone), level, lang)),
          e(withoutVerdictText(t.alone, level, lang) || MISSING),
        ],
        [
          e(h(`trends.groups.${level}`, lang)),
          e(`${countText(g.total, 'group', lang)} (${countText(g.localities, level, lang)})`),
          e(countText(g.met, 'group', lang)),
          e(countText(g.notMet, 'group', lang)),
          e(countText(withoutVerdict(g), 'group', lang)),
          e(withoutVerdictText(g, 'group', lang) || MISSING),
        ],
      ],
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  out.push(trendsSummaryText(t, lang).map(e).join('\n\n'));

  // 2. Below the cut
  out.push(`### ${e(h(`trends.failing.${level}`, lang))}`);
  out.push(
    list(t.failing, 'unit', (items) =>
      table(
        [h('col.code', lang), h('col.name', lang), h('col.casesIn', lang, { year: t.year }), h('col.casesIn', lang, { year: t.baselineYear }), h('col.change', lang), h('col.gapPoints', lang)],
        items.map((f) => {
          const c = names.cells(f.code, f.name);
          return [e(c.code), e(c.name), n(f.current), n(f.baseline), pct(f.changePercent), n(f.gap)];
        }),
        ['l', 'l', 'r', 'r', 'r', 'r'],
      ),
    ),
  );

  // 3. Comparison groups
  out.push(`### ${e(h(`trends.groupList.${level}`, lang))}`);
  out.push(
    list(t.groupList, 'group', (items) =>
      table(
        [h('col.group', lang), h('col.members', lang), h('col.outcome', lang), h('col.casesIn', lang, { year: t.year }), h('col.casesIn', lang, { year: t.baselineYear }), h('col.change', lang), h('col.whyGrouped', lang)],
        items.map((gr) => [
          e(names.cells(gr.code, gr.name).code),
          e(gr.members.map((m) => `${m.name} (${m.code})`).join(', ')),
          e(outcomeLabel(gr.outcome, lang)),
          n(gr.current),
          n(gr.baseline),
          pct(gr.changePercent),
          e(gr.reason[lang]),
        ]),
        ['l', 'l', 'l', 'r', 'r', 'r', 'l'],
      ),
    ),
  );

  // 4. How to close the gap
  out.push(`### ${e(h(`trends.gap.${level}`, lang))}`);
  if (t.missingFacts.length === 0) out.push(e(h('misc.none', lang)));
  else {
    out.push(e(h('trends.gap.intro', lang)));
    out.push(
      list(t.missingFacts, 'fact', (items) =>
        items
          .map((f, i) => {
            const command = f.command === null ? e(h('trends.gap.noCommand', lang)) : codeSpan(f.command);
            const groups = f.groups.map((id) => names.ref(id)).join(', ');
            return `${i + 1}. ${e(f.text[lang])}\n   - ${e(h('col.command', lang))}: ${command}` + (groups === '' ? '' : `\n   - ${e(h('col.groupsConcerned', lang))}: ${e(groups)}`);
          })
          .join('\n'),
      ),
    );
    out.push(e(h('trends.gap.import', lang)).replace('{command}', codeSpan(`ntm-antt import lineage ${h('trends.gap.importFile', lang)}`)));
  }

  // 5. Sources
  out.push(`### ${e(h('trends.sources', lang))}`);
  out.push(
    list(t.evidence, 'source', (items) =>
      items
        .map((ev) => {
          const lines = [`- **${e(ev.fact[lang])}** (${e(evidenceLevelText(ev.level)[lang])}; ${e(h('col.legalBasis', lang))}: ${e(ev.legalBasis[lang])})`];
          if (ev.source !== null && ev.source.trim() !== '') lines.push(`  - ${e(h('col.source', lang))}: ${sourceMarkdown(ev.source)}`);
          if (ev.quote !== null && ev.quote.trim() !== '') lines.push(`  - ${e(h('col.quote', lang))}: “${e(ev.quote)}”`);
          if (ev.caveat !== null && ev.caveat.trim() !== '') lines.push(`  - ${e(h('col.caveat', lang))}: ${e(ev.caveat)}`);
          if (ev.localities.length > 0) lines.push(`  - ${e(h('col.usedFor', lang))}: ${e(ev.localities.map((c) => names.ref(c)).join(', '))}`);
          return lines.join('\n');
        })
        .join('\n'),
    ),
  );

  // 6. Without a verdict
  out.push(`### ${e(h(`trends.undecided.${level}`, lang))}`);
  out.push(
    list(t.notComparableList, 'unit', (items) =>
      table(
        [h('col.code', lang), h('col.name', lang), h('col.outcome', lang), h('col.reason', lang)],
        items.map((x) => {
          const c = names.cells(x.code, x.name);
          return [e(c.code), e(c.name), e(outcomeLabel(x.outcome, lang)), e(x.reason[lang])];
        }),
      ),
    ),
  );
  return out;
}

/**
 * The report as Markdown in `lang` (Vietnamese by default): metadata, the
 * targets (value, target, status, gap, deadline, reason), attainment per
 * standard and year, the crime series against the baseline, the trends of
 * communes and (while they exist) districts — the summary beside the
 * province's own trend, the units below the cut, the comparison groups, the
 * facts that would split them with the commands to record them, the
 * sources, the units without a verdict (top 20 each, the rest in the CSV
 * and JSON) — the district values, disagreements, plan follow-up, the as-of differences when
 * `model.diff` is set, and notes. Numbers are formatted for `lang`
 * (`1.319`, `87,21 %` in Vietnamese); every text from the data is escaped.
 *
 * @example
 * ```ts
 * const md = renderMarkdown(model);        // Vietnamese
 * const en = renderMarkdown(model, 'en');  // English
 * md.startsWith('# '); // true
 * ```
 */
export function renderMarkdown(model: ReportModel, lang: Lang = 'vi'): string {
  const m = model.meta;
  const out: string[] = [];
  const pct = (x: number | null) => formatPercent(x, lang);
  const n = (x: number | null) => formatNumber(x, lang);

  out.push(`# ${e(m.title[lang])}`);
  const metaLines = [
    `- **${e(h('meta.province', lang))}:** ${e(m.province.name)} (${e(m.province.code)})`,
    `- **${e(h('meta.year', lang))}:** ${m.year}`,
  ];
  if (m.plan !== null) metaLines.push(`- **${e(h('meta.plan', lang))}:** ${e(m.plan.title[lang])} (${e(m.plan.legalBasis)})`);
  metaLines.push(`- **${e(h('meta.asOfLabel', lang))}:** ${m.asOf === null ? e(h('meta.allRecorded', lang)) : e(formatDateTime(m.asOf, lang))}`);
  metaLines.push(`- **${e(h('meta.hierarchyAt', lang))}:** ${e(formatDate(m.hierarchyAt, lang))}`);
  metaLines.push(`- **${e(h('meta.generatedAt', lang))}:** ${e(formatDateTime(m.generatedAt, lang))}`);
  out.push(metaLines.join('\n'));
  if (m.asOf !== null) out.push(`> **${e(h('meta.asOf', lang, { date: formatDateTime(m.asOf, lang) }))}.** ${e(h('meta.asOfBanner', lang, { date: formatDateTime(m.asOf, lang) }))}`);

  // Targets
  out.push(`## ${e(h('section.targets', lang))}`);
  out.push(
    model.targets.length === 0
      ? e(h('misc.none', lang))
      : table(
          [h('col.no', lang), h('col.target', lang), h('col.value', lang), h('col.targetValue', lang), h('col.status', lang), h('col.gap', lang), h('col.deadline', lang), h('col.reason', lang)],
          // numbered, not by id: the ids are for programs (JSON, CSV), not for the reader
          model.targets.map((t, i) => [
            String(i + 1),
            e(t.description[lang]),
            t.value === null ? '–' : e(t.value[lang]),
            e(localiseNumbers(t.target, lang)),
            `**${e(statusLabel(t.status, lang))}**`,
            shortfallText(t, lang),
            e(formatDate(t.deadline, lang)),
            reasonOf(t, lang),
          ]),
          ['l', 'l', 'r', 'r', 'l', 'r', 'l', 'l'],
        ),
  );

  // Attainment
  out.push(`## ${e(h('section.attainment', lang))}`);
  const att = sortedAttainment(model);
  out.push(
    att.length === 0
      ? e(h('misc.none', lang))
      : table(
          [h('col.set', lang), h('col.standard', lang), h('col.year', lang), h('col.eligible', lang), h('col.recognised', lang), h('col.computed', lang), h('col.recognisedPercent', lang), h('col.targetValue', lang), h('col.reason', lang)],
          att.map((a) => [
            e(setLabel(a.set, lang, a.title[lang])),
            e(a.indicator),
            String(a.year),
            n(a.eligible),
            n(a.recognised),
            n(a.computed),
            a.assessable ? pct(a.recognisedPercent) : e(h('chart.notAssessable', lang)),
            pct(a.targetPercent),
            e(a.reason?.[lang] ?? ''),
          ]),
          ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
        ),
  );

  // Crime
  const c = model.crime;
  const cut = crimeCutPercent(model);
  out.push(`## ${e(h('section.crime', lang))}: ${e(c.metric.title[lang])}`);
  const base = finite(c.baseline);
  out.push(
    base === null
      ? e(h('chart.noBaseline', lang, { year: c.baselineYear }))
      : `${e(h('chart.baseline', lang, { year: c.baselineYear, value: n(base) }))}. ${e(h('chart.cutLevel', lang, { pct: formatPercent(cut, lang), value: n(Math.round(base * (1 - cut / 100) * 100) / 100) }))}.`,
  );
  out.push(
    table(
      [h('col.year', lang), h('col.cases', lang), h('col.changeVsBaseline', lang, { year: c.baselineYear }), h('col.outcome', lang)],
      [...c.series].sort((a, b) => a.year - b.year).map((p) => [String(p.year), n(p.value), formatPercent(p.changeVsBaselinePercent, lang, { signed: true }), e(p.year === c.baselineYear ? h('crime.baselineRow', lang) : outcomeLabel(p.outcome, lang))]),
      ['r', 'r', 'r', 'l'],
    ),
  );

  // Trends: communes, then districts (or why there are none)
  for (const section of trendsSections(model)) out.push(...trendsMarkdown(model, section, lang));

  // Map values
  const mp = model.map;
  out.push(`## ${e(h('section.map', lang))}: ${e(mp.title[lang])} (${mp.year})`);
  const mapText = [e(mp.legend[lang])];
  if (mp.note !== null) mapText.push(`_${e(mp.note[lang])}_`);
  out.push(mapText.join(' '));
  if (mp.districts.length > 0) {
    out.push(
      table(
        [h('col.code', lang), h('col.name', lang), h('col.value.plain', lang), h('col.outcome', lang)],
        [...mp.districts].sort((a, b) => a.code.localeCompare(b.code)).map((d) => [e(d.code), e(d.name), finite(d.value) === null ? '–' : e(localiseNumbers(d.label, lang)), e(outcomeLabel(d.outcome, lang))]),
        ['l', 'l', 'r', 'l'],
      ),
    );
  }

  // Disagreements
  out.push(`## ${e(h('section.disagreements', lang))}`);
  out.push(
    model.disagreements.length === 0
      ? e(h('misc.none', lang))
      : table(
          [h('col.code', lang), h('col.name', lang), h('col.standard', lang), h('col.year', lang), h('col.kind', lang), h('col.detail', lang)],
          model.disagreements.map((d) => [e(d.code), e(d.name), e(standardLabel(d.standard, lang)), String(d.year), e(label(`disagreement.${d.kind}`, lang)), e(d.message[lang])]),
        ),
  );

  // Follow-up
  out.push(`## ${e(h('section.followUp', lang))}`);
  const f = model.followUp;
  if (f === null) out.push(e(h('misc.none', lang)));
  else {
    out.push(`- **${e(h('followUp.reportsFiled', lang))}:** ${n(f.reportsFiled)}\n- **${e(h('followUp.inspections', lang))}:** ${n(f.inspections)}`);
    out.push(`### ${e(h('followUp.disputes', lang))}`);
    out.push(
      f.disputes.length === 0
        ? e(h('misc.none', lang))
        : table(
            [h('col.year', lang), h('col.arising', lang), h('col.settled', lang), h('col.share', lang)],
            f.disputes.map((d) => [String(d.year), n(d.arising), n(d.settledAtGrassroots), pct(d.sharePercent)]),
            ['r', 'r', 'r', 'r'],
          ),
    );
    out.push(`### ${e(h('followUp.reportsMissing', lang))}`);
    out.push(
      f.reportsMissing.length === 0
        ? e(h('misc.none', lang))
        : table([h('col.period', lang), h('col.recipient', lang), h('col.dueBy', lang)], f.reportsMissing.map((r) => [e(r.period), e(recipientLabel(r.recipient, lang)), e(formatDate(r.dueBy, lang))])),
    );
    out.push(`### ${e(h('followUp.reviews', lang))}`);
    out.push(
      f.reviews.length === 0
        ? e(h('misc.none', lang))
        : table([h('col.kind', lang), h('col.heldOn', lang), h('col.title', lang)], f.reviews.map((r) => [e(label(`review.${r.kind}`, lang)), e(formatDate(r.heldOn, lang)), e(r.title)])),
    );
    out.push(`### ${e(h('followUp.openObstacles', lang))}`);
    out.push(
      f.openObstacles.length === 0
        ? e(h('misc.none', lang))
        : table(
            [h('col.title', lang), h('col.raisedBy', lang), h('col.raisedOn', lang), h('col.ageDays', lang)],
            f.openObstacles.map((o) => [e(o.title), e(o.raisedBy), e(formatDate(o.raisedOn, lang)), n(o.ageDays)]),
            ['l', 'l', 'l', 'r'],
          ),
    );
    out.push(`### ${e(h('followUp.overdueTasks', lang))}`);
    out.push(
      f.overdueTasks.length === 0
        ? e(h('misc.none', lang))
        : table(
            [h('col.owner', lang), h('col.taskCount', lang), h('col.oldestDaysOverdue', lang)],
            f.overdueTasks.map((t) => [e(t.owner), n(t.count), n(t.oldestDaysOverdue)]),
            ['l', 'r', 'r'],
          ),
    );
  }

  // As-of diff
  if (model.diff !== null) {
    out.push(`## ${e(h('section.diff', lang, { date: m.asOf === null ? '–' : formatDateTime(m.asOf, lang) }))}`);
    const cell = (v: string | number | null) => (v === null ? '–' : typeof v === 'number' ? formatNumber(v, lang, { maxDecimals: 4 }) : e(localiseNumbers(v, lang)));
    out.push(
      model.diff.length === 0
        ? e(h('misc.none', lang))
        : table(
            [h('col.figure', lang), h('col.asFiled', lang), h('col.today', lang), h('col.change', lang)],
            model.diff.map((d) => [e(d.label[lang]), cell(d.asFiled), cell(d.today), d.asFiled === d.today ? e(h('misc.unchanged', lang)) : `**${e(h('misc.changed', lang))}**`]),
            ['l', 'r', 'r', 'l'],
          ),
    );
  }

  // Notes
  if (m.notes.length > 0) {
    out.push(`## ${e(h('section.notes', lang))}`);
    out.push(m.notes.map((x) => `- ${e(x[lang])}`).join('\n'));
  }
  out.push(`---\n_${e(h('misc.generatedBy', lang))}_`);
  return `${out.join('\n\n')}\n`;
}
