import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCatalogue } from '../../scripts/catalogue-doc.js';
import { builtInCatalogue } from '../../src/domain/criteria/index.js';

describe('docs/criteria-catalogue.md', () => {
  it('is generated from the built-in catalogue and up to date (run npx tsx scripts/catalogue-doc.ts)', () => {
    expect(readFileSync('docs/criteria-catalogue.md', 'utf8')).toBe(renderCatalogue());
  });

  it('lists every set and indicator with its legal basis and the mark of every condition', () => {
    const doc = readFileSync('docs/criteria-catalogue.md', 'utf8');
    for (const set of builtInCatalogue().describe()) {
      expect(doc).toContain(`\`${set.setId}\``);
      expect(doc).toContain(set.legalBasis);
      for (const ind of set.indicators) {
        expect(doc).toContain(`\`${ind.standardId}\``);
        for (const c of ind.conditions) if (c.id) expect(doc).toMatch(new RegExp(`\`${c.id}\`.*\\[(V|U)\\]`));
      }
    }
  });
});
