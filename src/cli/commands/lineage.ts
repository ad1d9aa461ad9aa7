/**
 * `ntm-antt lineage …`: the lineage facts that comparison groups lack.
 *
 * - `lineage missing --year Y`: lists every fact whose absence keeps
 *   localities in comparison groups, and can write them as a file to fill in
 *   and import (`--template`);
 * - `lineage receiver`, `lineage shares`, `lineage part`: record one fact,
 *   with its evidence, as the import of one row would.
 *
 * @module
 */
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { comparisonGroups, missingFactsOf, type MissingFact } from '../../domain/locality/index.js';
import { periodOf } from '../../domain/shared/period.js';
import { missingFactText } from '../../report/texts.js';
import { ledgerOptions, type CliContext } from '../context.js';
import { LINEAGE_CSV, lineageCommand } from '../csv-import.js';
import { csvField } from '../../report/render-csv.js';
import { CliError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { line } from '../io.js';
import { writeOutput } from '../write-output.js';
import { withLedger } from '../open-store.js';

const EVIDENCE = ['documented', 'secondary', 'inferred-high', 'inferred-medium'] as const;

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a four-digit year, e.g. 2024.');
  return Number(value);
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface FactOptions {
  readonly code: string;
  readonly date: string;
  readonly receiver?: string[];
  readonly to?: string;
  readonly share?: string[];
  readonly what?: string;
  readonly evidence: string;
  readonly source?: string;
  readonly quote?: string;
  readonly caveat?: string;
  readonly legalBasis?: string;
}

const OPTION_OF: Record<string, string> = {
  code: '--code',
  date: '--date',
  receivers: '--receiver',
  shares: '--share',
  what: '--what',
  evidence: '--evidence',
  source: '--source',
  quote: '--quote',
  caveat: '--caveat',
  legal_basis: '--legal-basis',
  fact: 'fact',
};

/** Records one fact: the command built as for an import row, executed with the CLI's actor and a source naming the command. */
async function recordFact(ctx: CliContext, cmd: Command, fact: 'receiver' | 'shares' | 'part', o: FactOptions): Promise<void> {
  await withLedger(ledgerOptions(ctx, cmd), async ({ ledger }) => {
    const rm = await ledger.readModels();
    // --share CODE=n/d (receiver, shares) or --share n/d (part)
    const pairs = (o.share ?? []).map((s) => {
      const m = /^([^=]+)=(.+)$/.exec(s);
      return m === null ? { code: undefined, share: s } : { code: m[1]!.trim(), share: m[2]!.trim() };
    });
    let receivers = fact === 'part' ? [o.to ?? ''] : [...(o.receiver ?? [])];
    if (fact === 'shares') receivers = pairs.map((p) => p.code ?? '');
    const shares = fact === 'part' ? pairs.map((p) => p.share) : receivers.map((r) => pairs.find((p) => p.code === r)?.share ?? '').filter((x) => x !== '');
    if (fact !== 'part' && pairs.some((p) => p.code === undefined)) throw new UsageError('bad_share', '--share must be CODE=n/d (e.g. --share 15661=1/4)');
    const values = {
      fact,
      code: o.code,
      date: o.date,
      receivers: receivers.join(';'),
      shares: shares.join(';'),
      what: o.what ?? '',
      evidence: o.evidence,
      source: o.source ?? '',
      quote: o.quote ?? '',
      caveat: o.caveat ?? '',
      legal_basis: o.legalBasis ?? '',
    };
    const { command, problems } = lineageCommand(values, rm);
    if (problems.length > 0) {
      throw new CliError(EXIT.USAGE, 'invalid_fact', `lineage ${fact}: ${problems.length} problem${problems.length === 1 ? '' : 's'} with the options`, {
        problems: problems.map((p) => ({ ...p, field: p.field === null ? null : (OPTION_OF[p.field] ?? p.field) })),
      });
    }
    const [r] = await ledger.executeAll([command], { metadata: { source: { api: `cli lineage ${fact}` } } });
    await ledger.persist();
    line(ctx.io.stdout, `${command.type} ${o.code} (${o.date}): ${r!.events.length} event recorded in ${r!.streamId}.`);
  });
}

function factCommand(parent: Command, ctx: CliContext, name: 'receiver' | 'shares' | 'part', description: string, example: string): Command {
  const c = parent
    .command(name)
    .description(description)
    .requiredOption('--code <code>', name === 'receiver' ? 'the dissolved unit' : name === 'shares' ? 'the divided unit' : 'the unit that gave a part (it continues)')
    .requiredOption('--date <YYYY-MM-DD>', name === 'part' ? 'the day the part moved' : 'the effective date of the recorded change')
    .addOption(new Option('--evidence <level>', 'how well the source establishes it').choices(EVIDENCE).makeOptionMandatory())
    .option('--source <text>', 'where it was found (address or document)')
    .option('--quote <text>', "the source's words, verbatim")
    .option('--caveat <text>', 'why the evidence is weaker, or what else the source says')
    .option('--legal-basis <text>', "the legal basis (default: the recorded change's)");
  if (name === 'receiver') c.option('--receiver <code>', 'the receiving unit (repeat for a division among several)', collect).option('--share <code=n/d>', 'share of a receiver in a division (repeat, one per receiver)', collect);
  if (name === 'shares') c.option('--share <code=n/d>', 'share of each unit that received a part (repeat, one per unit)', collect);
  if (name === 'part') c.requiredOption('--to <code>', 'the unit that received the part').option('--share <n/d>', 'the share of --code that moved, when known', collect).option('--what <text>', 'what moved (e.g. named villages)');
  return c.addHelpText('after', `\nExample:\n  ${example}\n`).action(async (o: FactOptions, cmd: Command) => recordFact(ctx, cmd, name, o));
}

const FACT_KIND: Record<MissingFact['kind'], string> = { receiver: 'receiver', shares: 'shares', day_within_half_month: '' };

/**
 * Adds `lineage` with its `missing`, `receiver`, `shares` and `part` subcommands.
 *
 * @example
 * ```ts
 * registerLineageCommand(program, ctx);
 * ```
 */
export function registerLineageCommand(program: Command, ctx: CliContext): Command {
  const parent = program
    .command('lineage')
    .description(
      'The lineage facts behind the comparisons with 2019: list those a report lacks (missing), and record one found in a source ' +
        '(receiver, shares, part). Once recorded, the comparison groups they kept together split on the next report. To record many, ' +
        'fill the file written by `lineage missing --template` and run `import lineage`.',
    )
    .addHelpText('after', '\nExamples:\n  $ ntm-antt lineage missing --year 2025 --template ./can-bo-sung.csv\n  $ ntm-antt import lineage ./can-bo-sung.csv\n');
  parent
    .command('missing')
    .description('List every fact whose absence keeps localities in comparison groups for a year (against 2019), communes and districts.')
    .requiredOption('--year <year>', 'the year compared with the baseline', parseYear)
    .option('--baseline <year>', 'the baseline year', parseYear, 2019)
    .option('--province <code>', 'the province (default: the only one in the register)')
    .addOption(new Option('--lang <lang>', 'language of the list').choices(['vi', 'en']).default('en'))
    .option('--template <file>', 'also write the facts as a file to fill in and import (.csv or .json)')
    .addHelpText('after', '\nExample:\n  $ ntm-antt lineage missing --year 2024 --lang vi --template ./can-bo-sung.csv\n')
    .action(async (o: { year: number; baseline: number; province?: string; lang: 'vi' | 'en'; template?: string }, cmd: Command) => {
      await withLedger(ledgerOptions(ctx, cmd), async ({ ledger }) => {
        const rm = await ledger.readModels();
        const at = `${o.year}-12-31`;
        const provinces = rm.history.hierarchyAt(at).ofLevel('province').map((p) => p.code);
        const province = o.province ?? (provinces.length === 1 ? provinces[0]! : undefined);
        if (province === undefined) throw new UsageError('province_required', provinces.length === 0 ? `no province in the register on ${at}; load the units first` : `several provinces in the register (${provinces.join(', ')}): pass --province`);
        const periods = [periodOf('calendar-year', o.baseline), periodOf('calendar-year', o.year)];
        const list = missingFactsOf((['commune', 'district'] as const).flatMap((level) => comparisonGroups(rm.history, { level, within: province, at, periods }).groups));
        line(ctx.io.stdout, o.lang === 'vi' ? `${list.length} thông tin còn thiếu (năm ${o.year} so với ${o.baseline}):` : `${list.length} missing fact${list.length === 1 ? '' : 's'} (${o.year} against ${o.baseline}):`);
        for (const { fact } of list) line(ctx.io.stdout, `- ${missingFactText(fact)[o.lang]}`);
        if (o.template !== undefined) {
          const rows = list
            .filter(({ fact }) => FACT_KIND[fact.kind] !== '')
            .map(({ fact }) => {
              // shares: every unit that received a part (for a part transfer, the unit itself and the one it gave to)
              const receivers = fact.kind === 'shares' ? fact.targets.map((t) => t.code).join(';') : '';
              const date = fact.kind === 'day_within_half_month' ? fact.from : fact.date;
              return { key: '', fact: FACT_KIND[fact.kind], code: fact.unit.code, date, receivers, shares: '', what: '', evidence: '', source: '', quote: '', caveat: '', legal_basis: fact.kind === 'day_within_half_month' ? '' : fact.legalBasis };
            });
          const path = resolve(ctx.io.cwd, o.template);
          const text =
            extname(path).toLowerCase() === '.json'
              ? `${JSON.stringify(rows.map(({ key: _k, ...r }) => r), null, 2)}\n`
              : `${[LINEAGE_CSV.columns.join(','), ...rows.map((r) => LINEAGE_CSV.columns.map((c) => csvField((r as Record<string, string>)[c] ?? '')).join(','))].join('\r\n')}\r\n`;
          const db = ledgerOptions(ctx, cmd);
          writeOutput(path, text, { cwd: ctx.io.cwd, option: '--template', dbPath: resolve(db.cwd, db.db) });
          line(ctx.io.stdout, o.lang === 'vi' ? `Đã ghi ${rows.length} dòng vào ${o.template}: điền đơn vị tiếp nhận hoặc tỷ lệ, mức chứng cứ, nguồn và trích dẫn, rồi chạy: ntm-antt import lineage ${o.template}` : `${rows.length} rows written to ${o.template}: fill in receivers or shares, evidence, source and quote, then run: ntm-antt import lineage ${o.template}`);
        }
      });
    });
  factCommand(
    parent,
    ctx,
    'receiver',
    'Record the receiver of a dissolved unit, or (several --receiver) the units it was divided among, with the evidence.',
    '$ ntm-antt lineage receiver --code 14827 --date 2019-12-01 --receiver 14821 --evidence secondary --source "https://…" --quote "Địa bàn phường Đông Sơn hiện nay trước đây là phường Đông Sơn và xã Hà Lan cũ."',
  );
  factCommand(parent, ctx, 'shares', 'Record the shares of a recorded split or division: one --share per unit that received a part, adding up to one.', '$ ntm-antt lineage shares --code 16273 --date 2025-07-01 --share 15661=1/4 --share 16252=3/4 --evidence secondary --source "Đề án …"');
  factCommand(parent, ctx, 'part', 'Record that part of a unit (which continues) went to another unit on a past date.', '$ ntm-antt lineage part --code 15097 --to 15061 --date 2019-12-01 --what "thôn Xuân Sơn, Ngọc Sơn" --evidence documented --source "https://…" --quote "…"');
  return parent;
}
