/**
 * Renders the built-in criteria catalogue to docs/criteria-catalogue.md.
 *   npx tsx scripts/catalogue-doc.ts          writes the file
 *   npx tsx scripts/catalogue-doc.ts --check  exits 1 when the file is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { builtInCatalogue } from '../src/domain/criteria/index.js';

export function renderCatalogue(): string {
  const lines: string[] = [
    '# Built-in criteria catalogue (2021-2025)',
    '',
    'Generated from `builtInCatalogue().describe()` by `scripts/catalogue-doc.ts`; a test fails when this file is out',
    'of date. **[V]** marks a condition whose wording was verified in a source; **[U]** one that was not: it is data,',
    'labelled, and a province can replace it with an `IndicatorAmended` event carrying its `provinceCode`.',
    '',
  ];
  for (const set of builtInCatalogue().describe()) {
    lines.push(`## \`${set.setId}\` — ${set.title.vi}`, '');
    lines.push(`*${set.title.en}*`, '');
    lines.push(`- Legal basis: ${set.legalBasis}`);
    lines.push(`- Scope: ${set.scope}, level ${set.level}; applies to ${set.appliesTo.map((k) => `\`${k}\``).join(', ')}; assessment period \`${set.assessment}\``);
    lines.push(`- In force: ${set.validFrom} → ${set.validTo ?? 'open'}; set wording ${set.verified ? '[V]' : '[U]'}`);
    if (set.note) lines.push(`- Note: ${set.note}`);
    lines.push('');
    for (const ind of set.indicators) {
      lines.push(`### \`${ind.standardId}\` — ${ind.title.vi} ${ind.verified ? '[V]' : '[U]'}`, '');
      lines.push(`Criterion ${ind.criterion.number}: ${ind.criterion.title.vi} (${ind.criterion.title.en}). ${ind.title.en}.`, '');
      lines.push('| condition | rule | mark | source |', '|---|---|---|---|');
      for (const c of ind.conditions) {
        const indent = '&nbsp;&nbsp;'.repeat(c.depth);
        const title = c.title ? `${c.title.vi} / ${c.title.en}` : '';
        lines.push(`| ${indent}${c.id ? `\`${c.id}\` ` : ''}${title} | ${c.summary.replace(/\|/g, '\\|')} | ${c.verified ? '[V]' : '[U]'} | ${(c.source ?? '').replace(/\|/g, '\\|')} |`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

const target = new URL('../docs/criteria-catalogue.md', import.meta.url);
if (process.argv[1]?.endsWith('catalogue-doc.ts')) {
  const text = renderCatalogue();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error('docs/criteria-catalogue.md is out of date: run npx tsx scripts/catalogue-doc.ts');
      process.exit(1);
    }
  } else writeFileSync(target, text);
}
