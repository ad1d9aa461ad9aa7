import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, withLineageFacts } from '../../scripts/lineage-doc.js';
import { readThanhHoaData } from '../../src/reference/thanh-hoa.js';

describe('docs/reference-data.md: every lineage fact with its evidence level', () => {
  const doc = readFileSync('docs/reference-data.md', 'utf8');

  it('is generated from the register and up to date (run npx tsx scripts/lineage-doc.ts)', () => {
    expect(doc).toContain(BEGIN);
    expect(doc).toContain(END);
    expect(doc).toBe(withLineageFacts(doc));
  });

  it('names every fact looked up in sources, with its level and source, and every unresolved dissolution', () => {
    const section = doc.slice(doc.indexOf(BEGIN), doc.indexOf(END));
    const data = readThanhHoaData().lineageEvidence;
    for (const r of data.receivers) {
      const line = section.split('\n').find((l) => l.includes(`${r.code} ${r.name} → ${r.receiver}`));
      expect(line, `${r.code} → ${r.receiver}`).toBeDefined();
      expect(line).toContain(`| ${r.evidence.level}`);
      if (r.evidence.source?.startsWith('http')) expect(line).toContain(r.evidence.source);
    }
    for (const u of data.unresolved) expect(section).toMatch(new RegExp(`${u.code} ${u.name} dissolved, receiver unknown`));
    for (const t of data.partTransfers) expect(section).toContain(`part of ${t.code} ${t.name}`);
  });
});
