/**
 * `ntm-antt report`: builds the provincial report model and renders it as
 * HTML, Markdown, CSV or JSON.
 *
 * The report modules (`src/report/build-report.ts`, `src/report/index.ts`)
 * are loaded only when the command runs, so that the other commands neither
 * pay for nor depend on them.
 *
 * @module
 */
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { buildReport as BuildReport } from '../../report/build-report.js';
import type { ReportFormat as RenderFormat, renderReport as RenderReport } from '../../report/index.js';
import type { Lang } from '../../report/report-model.js';
import { ledgerOptions, type CliContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { line } from '../io.js';
import { withLedger } from '../open-store.js';
import { refuseDatabaseOutput, writeOutput } from '../write-output.js';

/**
 * Output formats of `report`, in the order shown by `--help`.
 *
 * @example
 * ```ts
 * REPORT_FORMATS.includes('md'); // true
 * ```
 */
export const REPORT_FORMATS = ['html', 'md', 'csv', 'json'] as const satisfies readonly RenderFormat[];
/** An output format of `report`. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report functions the command needs (`buildReport` and `renderReport` of src/report). */
export interface ReportModules {
  readonly buildReport: typeof BuildReport;
  readonly renderReport: typeof RenderReport;
}

/**
 * Loads `buildReport` and `renderReport` when the command runs (the other
 * commands do not load the report code); a module that fails to load is an
 * unexpected error (exit code 1) that says which.
 *
 * @example
 * ```ts
 * const { buildReport, renderReport } = await loadReportModules();
 * ```
 */
export async function loadReportModules(): Promise<ReportModules> {
  const load = async <T>(name: string, importer: () => Promise<T>): Promise<T> => {
    try {
      return await importer();
    } catch (cause) {
      throw new CliError(EXIT.UNEXPECTED, 'report_unavailable', `the report module ${name} cannot be loaded: ${(cause as Error).message}`, { cause, details: { module: name } });
    }
  };
  const { buildReport } = await load('src/report/build-report', () => import('../../report/build-report.js'));
  const { renderReport } = await load('src/report/index', () => import('../../report/index.js'));
  return { buildReport, renderReport };
}

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a four-digit year, e.g. 2024.');
  const y = Number(value);
  if (y < 1900 || y > 2100) throw new InvalidArgumentError('expected a year between 1900 and 2100.');
  return y;
}

function parseAsOf(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  if ((!date && !time) || Number.isNaN(Date.parse(value)) || (date && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)) {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD or an ISO time such as 2025-01-15T00:00:00Z.');
  }
  return value;
}

function parsePlanId(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(value) || value.length > 64) throw new InvalidArgumentError('expected a plan id (letters, digits and . _ : -).');
  return value;
}

/** Extensions of files whose content is one format: naming such a file with another format is a mistake. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = { html: 'html', htm: 'html', md: 'md', markdown: 'md', csv: 'csv', json: 'json', xlsx: 'xlsx', xls: 'xlsx', docx: 'docx', doc: 'docx', pdf: 'pdf' };

/**
 * The format of a report: `--format`, else the extension of `--out`, else
 * Markdown. An `--out` whose extension names another format (`--out
 * bao-cao.xlsx --format md`), or a format no report is written in
 * (`--out bao-cao.xlsx`), is refused: the file would not be what its name
 * says.
 *
 * @throws UsageError `format_mismatch` (exit code 2).
 * @example
 * ```ts
 * reportFormatOf(undefined, 'out/bao-cao-2024.html'); // 'html'
 * reportFormatOf(undefined, undefined); // 'md'
 * reportFormatOf('md', 'bao-cao.xlsx'); // throws: the extension says xlsx
 * ```
 */
export function reportFormatOf(format: ReportFormat | undefined, out: string | undefined): ReportFormat {
  const ext = out === undefined ? '' : extname(out).slice(1).toLowerCase();
  const named = EXTENSION_FORMATS[ext];
  if (format !== undefined) {
    if (named !== undefined && named !== format) throw new UsageError('format_mismatch', `--out ${out} names a .${ext} file, but --format is ${format}: name the file .${format} or give --format ${named}${(REPORT_FORMATS as readonly string[]).includes(named) ? '' : ` (not a report format: ${REPORT_FORMATS.join(', ')})`}`, { details: { out, format, extension: ext } });
    return format;
  }
  if (named === undefined) return 'md';
  if (!(REPORT_FORMATS as readonly string[]).includes(named)) throw new UsageError('format_mismatch', `--out ${out}: a report is not written as .${ext}; the formats are ${REPORT_FORMATS.join(', ')} (name the file so, or give --format)`, { details: { out, extension: ext } });
  return named as ReportFormat;
}

interface ReportCliOptions {
  readonly year: number;
  readonly asOf?: string;
  readonly format?: ReportFormat;
  readonly lang: Lang;
  readonly out?: string;
  readonly plan?: string;
}

/**
 * Adds `report` to the program.
 *
 * @example
 * ```ts
 * registerReportCommand(program, ctx);
 * ```
 */
export function registerReportCommand(program: Command, ctx: CliContext, modules: () => Promise<ReportModules> = loadReportModules): Command {
  return program
    .command('report')
    .description(
      'Build the provincial ANTT report for a year — indicator attainment (19.2, 9.4, 9.1), crime trends against the 2019 ' +
        'baseline, plan targets — as known today or as filed on a past date (--as-of), and write it as HTML, Markdown, CSV or JSON.',
    )
    .requiredOption('--year <year>', 'the report year (e.g. 2024)', parseYear)
    .option('--as-of <date>', 'knowledge cut-off: the report as it could have been filed then (YYYY-MM-DD or ISO time)', parseAsOf)
    .addOption(new Option('--format <format>', 'output format (default: from the --out extension, else md)').choices(REPORT_FORMATS))
    .addOption(new Option('--lang <lang>', 'language of the texts').choices(['vi', 'en']).default('vi'))
    .option('--out <path>', 'write the report to this file instead of stdout')
    .option('--plan <id>', 'the plan whose targets to follow up (e.g. th-antt-2022-2025)', parsePlanId)
    .addHelpText('after', '\nExamples:\n  $ ntm-antt report --year 2024 --format html --out bao-cao-antt-2024.html\n  $ ntm-antt report --year 2024 --as-of 2024-12-15 --lang en --format md\n')
    .action(async (options: ReportCliOptions, cmd: Command) => {
      const format = reportFormatOf(options.format, options.out);
      const db = ledgerOptions(ctx, cmd);
      const outputOptions = { cwd: ctx.io.cwd, option: '--out', dbPath: resolve(db.cwd, db.db) };
      // before any work: an --out that names the database is refused, and the store stays as it was
      if (options.out !== undefined) refuseDatabaseOutput(options.out, outputOptions);
      const { buildReport, renderReport } = await modules();
      const rendered = await withLedger(ledgerOptions(ctx, cmd), async ({ ledger }) => {
        const model = await buildReport(ledger, {
          year: options.year,
          lang: options.lang,
          ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
          ...(options.plan === undefined ? {} : { planId: options.plan }),
        });
        return renderReport(model, format, options.lang);
      });
      if (options.out === undefined) {
        ctx.io.stdout.write(rendered.text.endsWith('\n') ? rendered.text : `${rendered.text}\n`);
        return;
      }
      const out = writeOutput(options.out, rendered.text, outputOptions);
      line(ctx.io.stdout, `Wrote the ${options.year} report (${format}, ${options.lang}${options.asOf === undefined ? '' : `, as of ${options.asOf}`}) to ${out}.`);
    });
}
