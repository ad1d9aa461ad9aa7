/**
 * The `ntm-antt` program (commander): global options, the commands, and the
 * mapping of every outcome to an exit code and an error report.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, CommanderError, Option } from 'commander';
import { registerImportCommand } from './commands/import.js';
import { registerInitCommand } from './commands/init.js';
import { registerLineageCommand } from './commands/lineage.js';
import { registerLoadUnitsCommand } from './commands/load-units.js';
import { registerRebuildCommand } from './commands/rebuild.js';
import { registerReportCommand, type ReportModules } from './commands/report.js';
import type { CliContext, GlobalOptions, RunState } from './context.js';
import { classifyError, formatErrorBlock, formatErrorJson, type ErrorReport } from './errors.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';
import { processIO, type CliIO } from './io.js';
import { DEFAULT_DB_PATH, resolveDbPath } from './open-store.js';

/** Options of {@link buildProgram} and {@link runCli}. */
export interface ProgramOptions {
  /** Loads the report modules (default: `src/report/build-report.js` and `src/report/index.js`). */
  readonly reportModules?: () => Promise<ReportModules>;
}

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'ntm-antt' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // keep looking
      }
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null && c.parent !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function parseBusyTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 600_000) throw new InvalidArgumentError('expected a whole number of milliseconds, at most 600000 (10 minutes).');
  return n;
}

/**
 * Builds the commander program. Commands write through `ctx.io`; errors are
 * thrown (see {@link runCli} for how they become exit codes).
 *
 * @example
 * ```ts
 * const program = buildProgram({ io: processIO(), state: {} });
 * await program.parseAsync(['init'], { from: 'user' });
 * ```
 */
export function buildProgram(ctx: CliContext, options: ProgramOptions = {}): Command {
  const program = new Command('ntm-antt');
  program
    .description(
      'Keep the security-and-order (an ninh, trật tự) records of the New Rural Development programme in an SQLite event ' +
        'store: load the administrative register, import incidents and recognitions from CSV files, rebuild the read ' +
        'models, and produce the provincial report.',
    )
    .version(packageVersion(), '-V, --version', 'print the version of ntm-antt')
    .addOption(new Option('--db <path>', 'SQLite database file').env('NTM_ANTT_DB').default(DEFAULT_DB_PATH))
    .option('--actor <name>', 'who records (kept in every event\'s metadata; default: NTM_ANTT_ACTOR, else the OS user)')
    .addOption(new Option('--busy-timeout <ms>', 'how long to wait for another process that holds the database (milliseconds)').env('NTM_ANTT_BUSY_TIMEOUT').default(5000).argParser(parseBusyTimeout))
    .option('--json-errors', 'write errors to stderr as one JSON object instead of text')
    .option('--debug', 'include stack traces in error reports')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
      outputError: () => undefined, // reported by runCli, as text or JSON
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `\nExamples:\n  $ ntm-antt --db ./thanh-hoa.db init\n  $ ntm-antt --db ./thanh-hoa.db load-units\n  $ ntm-antt --db ./thanh-hoa.db import incidents ./incidents.csv\n  $ ntm-antt --db ./thanh-hoa.db report --year 2024 --out bao-cao-2024.html\n${EXIT_CODES_HELP}\nDocumentation: docs/cli.md\n`,
    )
    .hook('preAction', (_this, action) => {
      ctx.state.command = fullName(action);
      const g = action.optsWithGlobals<GlobalOptions>();
      ctx.state.dbPath = resolveDbPath(g.db, ctx.io.cwd);
    });
  registerInitCommand(program, ctx);
  registerLoadUnitsCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerLineageCommand(program, ctx);
  registerReportCommand(program, ctx, options.reportModules);
  registerRebuildCommand(program, ctx);
  return program;
}

function commanderReport(e: CommanderError): ErrorReport | ExitCode {
  // `--help`, `help <command>` (code commander.help with exit code 0) and `--version` are successes
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0)) return EXIT.OK;
  if (e.code === 'commander.help') {
    return { exitCode: EXIT.USAGE, code: 'missing_command', message: 'a command is required (see the usage above)', details: {}, problems: [], hint: undefined };
  }
  return {
    exitCode: EXIT.USAGE,
    code: e.code.replace(/^commander\./, 'usage.'),
    message: e.message.replace(/^error:\s*/, ''),
    details: {},
    problems: [],
    hint: 'run with --help for the usage',
  };
}

/**
 * Runs the tool on `argv` (without `node` and the script) and returns the
 * exit code. Errors are written to `io.stderr` as one block (or one JSON line
 * with `--json-errors`), with a stack trace only with `--debug`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO(), options: ProgramOptions = {}): Promise<ExitCode> {
  const state: RunState = {};
  const ctx: CliContext = { io, state };
  const program = buildProgram(ctx, options);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (e) {
    const g = program.opts<GlobalOptions>();
    const json = g.jsonErrors === true || argv.includes('--json-errors');
    const debug = g.debug === true || argv.includes('--debug');
    let report: ErrorReport;
    if (e instanceof CommanderError) {
      const r = commanderReport(e);
      if (typeof r === 'number') return r;
      report = r;
    } else {
      report = classifyError(e, { ...(state.dbPath === undefined ? {} : { dbPath: state.dbPath }), ...(state.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: state.busyTimeoutMs }) });
    }
    const format = { ...(state.command === undefined ? {} : { command: state.command }), error: e, debug };
    io.stderr.write(json ? formatErrorJson(report, format) : formatErrorBlock(report, format));
    return report.exitCode;
  }
}
