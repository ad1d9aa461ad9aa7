/**
 * `ntm-antt import incidents <file>` and `ntm-antt import recognitions <file>`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { ledgerOptions, type CliContext } from '../context.js';
import { importCsv, type ImportKind, type ImportSummary } from '../csv-import.js';
import { UsageError, formatErrorBlock, formatErrorJson, type ErrorReport } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { line } from '../io.js';
import { withLedger } from '../open-store.js';
import { createProgress } from '../progress.js';
import { globalsOf } from '../context.js';

/** Rows from which the row checks show a progress bar (on a terminal). */
const PROGRESS_MIN_ROWS = 200;

const HELP: Record<ImportKind, { description: string; example: string }> = {
  incidents: {
    description:
      'Import incidents from a CSV file (UTF-8, header row, comma separated; columns key, incident_id, locality_code, ' +
      'residential_area_code, occurred_on, reported_on, labels, severity, deaths, injuries, description; labels separated by ";"). ' +
      'The file is checked whole against the register as it stood on each date: if any row is invalid nothing is imported ' +
      '(exit code 3) and every problem is listed with its line and column. Re-importing the same file adds nothing.',
    example: '$ ntm-antt --db ./thanh-hoa.db import incidents ./incidents-2024-q1.csv',
  },
  recognitions: {
    description:
      'Import recognitions of standards from a CSV file (UTF-8, header row, comma separated; columns key, recognition_id, ' +
      'locality_code, standard, from_year, to_year, decision_number, decision_date, authority). Each row is checked against the ' +
      'catalogue and the unit\'s kind on the decision date (e.g. a commune NTM standard is refused for a phường); ' +
      'the file is imported whole or not at all (exit code 3), and re-importing it adds nothing.',
    example: '$ ntm-antt --db ./thanh-hoa.db import recognitions ./recognitions-2024.csv --skip-invalid',
  },
  lineage: {
    description:
      'Import lineage facts that the register lacks, from a CSV file (or a .json file: an array of objects with the same keys): ' +
      'columns key, fact, code, date, receivers, shares, what, evidence, source, quote, caveat, legal_basis. fact is receiver ' +
      '(who received the dissolved unit code; several receivers separated by ";" for a division, with shares n/d;n/d when known), ' +
      'shares (the shares of the recorded split or division of code on date, one per receiving unit) or part (part of code went ' +
      'to the one unit in receivers). evidence is documented, secondary, inferred-high or inferred-medium, with its source and a ' +
      'verbatim quote. Every row is checked against the register; the file is imported whole or not at all, and re-importing ' +
      'it adds nothing. `ntm-antt lineage missing --year Y --template F` writes the facts a report lacks as a file to fill in.',
    example: '$ ntm-antt --db ./thanh-hoa.db import lineage ./receivers.csv',
  },
};

interface ImportOptions {
  readonly skipInvalid?: boolean;
}

function summaryLine(s: ImportSummary): string {
  const parts = [`${s.imported} imported`, `${s.alreadyPresent} already present`];
  if (s.skippedRows > 0) parts.push(`${s.skippedRows} skipped (invalid)`);
  return `${s.file}: ${parts.join(', ')} (${s.rows} row${s.rows === 1 ? '' : 's'}, ${s.eventsAppended} events appended).`;
}

function registerImportKind(parent: Command, ctx: CliContext, kind: ImportKind): Command {
  return parent
    .command(`${kind} <file>`)
    .description(HELP[kind].description)
    .option('--skip-invalid', 'import the valid rows and list the invalid ones on stderr (exit code 0) instead of rejecting the file')
    .addHelpText('after', `\nExample:\n  ${HELP[kind].example}\n\nSee docs/cli.md for the CSV format and the idempotency rules.\n`)
    .action(async (file: string, options: ImportOptions, cmd: Command) => {
      const path = resolve(ctx.io.cwd, file);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (cause) {
        const why = (cause as { code?: string }).code === 'ENOENT' ? 'no such file' : (cause as { code?: string }).code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
        throw new UsageError('input_unreadable', `cannot read ${file}: ${why}`, { details: { file: path }, cause });
      }
      const opts = ledgerOptions(ctx, cmd);
      const summary = await withLedger(opts, async ({ ledger }) => {
        const progress = createProgress(ctx.io.stdout, { minTotal: PROGRESS_MIN_ROWS });
        try {
          const s = await importCsv(ledger, kind, {
            file,
            bytes,
            json: /\.json$/i.test(file),
            skipInvalid: options.skipInvalid === true,
            progress,
            metadata: { source: { api: `cli import ${kind}`, file: basename(path) } },
          });
          if (s.eventsAppended > 0) await ledger.persist();
          return s;
        } finally {
          progress.stop();
        }
      });
      if (summary.skipped.length > 0) {
        const g = globalsOf(cmd);
        const report: ErrorReport = {
          exitCode: EXIT.OK,
          code: 'rows_skipped',
          message: `${file}: ${summary.skippedRows} invalid row${summary.skippedRows === 1 ? '' : 's'} skipped (--skip-invalid); the other rows were imported`,
          details: { file, skippedRows: summary.skippedRows },
          problems: summary.skipped,
          hint: undefined,
        };
        const text =
          g.jsonErrors === true
            ? `${JSON.stringify({ warning: (JSON.parse(formatErrorJson(report, { command: `import ${kind}` })) as { error: unknown }).error })}\n`
            : formatErrorBlock(report, { command: `import ${kind}` }).replace(': error: ', ': warning: ');
        ctx.io.stderr.write(text);
      }
      line(ctx.io.stdout, summaryLine(summary));
    });
}

/**
 * Adds `import` with its `incidents` and `recognitions` subcommands to the program.
 *
 * @example
 * ```ts
 * registerImportCommand(program, ctx);
 * ```
 */
export function registerImportCommand(program: Command, ctx: CliContext): Command {
  const parent = program
    .command('import')
    .description('Import records from CSV files: incidents, recognitions, or lineage facts (CSV or JSON). Each file is imported atomically and idempotently.')
    .addHelpText('after', '\nExamples:\n  $ ntm-antt import incidents ./incidents.csv\n  $ ntm-antt import recognitions ./recognitions.csv\n  $ ntm-antt import lineage ./receivers.json\n');
  registerImportKind(parent, ctx, 'incidents');
  registerImportKind(parent, ctx, 'recognitions');
  registerImportKind(parent, ctx, 'lineage');
  return parent;
}
