// docs/cli.md documents every command, every exit code and both CSV formats as the tool defines them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCIDENT_CSV, LINEAGE_CSV, RECOGNITION_CSV } from '../../src/cli/csv-import.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const doc = readFileSync('docs/cli.md', 'utf8');

describe('docs/cli.md', () => {
  it('has a section for every command', () => {
    for (const c of ['init', 'load-units', 'import incidents <file.csv>', 'import recognitions <file.csv>', 'import lineage <file>', 'lineage missing', 'lineage receiver', 'lineage shares', 'lineage part', 'report', 'rebuild']) expect(doc).toContain(`\`${c}\``);
  });

  it('lists every exit code', () => {
    for (const code of Object.values(EXIT)) expect(doc).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
  });

  it('gives every CSV header exactly, with an example that uses them', () => {
    for (const format of [INCIDENT_CSV, RECOGNITION_CSV, LINEAGE_CSV]) {
      const header = format.columns.join(',');
      expect(doc).toContain(`Columns: \`${header}\``);
      expect(doc).toContain(`\`\`\`csv\n${header}\n`);
      for (const c of format.columns) expect(doc).toContain(`\`${c}\``);
    }
  });
});
