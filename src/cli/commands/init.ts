/**
 * `ntm-antt init`: creates or migrates the database and publishes the built-in criteria.
 *
 * @module
 */
import type { Command } from 'commander';
import { SCHEMA_VERSION } from '../../../adapters/sqlite/index.js';
import { ledgerOptions, type CliContext } from '../context.js';
import { line } from '../io.js';
import { withLedger } from '../open-store.js';

/**
 * Adds `init` to the program.
 *
 * @example
 * ```ts
 * registerInitCommand(program, ctx);
 * ```
 */
export function registerInitCommand(program: Command, ctx: CliContext): Command {
  return program
    .command('init')
    .description(
      'Create the SQLite database (or bring an existing one to the current schema) and publish the built-in ' +
        'criteria catalogue (QĐ 318/319/320-2022, TT 124/2021). Safe to run again: it appends only what is missing.',
    )
    .addHelpText('after', '\nExample:\n  $ ntm-antt --db ./thanh-hoa.db init\n')
    .action(async (_options: unknown, cmd: Command) => {
      const opts = ledgerOptions(ctx, cmd, { create: true });
      await withLedger(opts, async ({ ledger, path, created, previousSchemaVersion }) => {
        ctx.state.dbPath = path;
        const { appended } = await ledger.publishBuiltInCriteria();
        await ledger.persist();
        const out = ctx.io.stdout;
        if (created) line(out, `Created database ${path} (schema version ${SCHEMA_VERSION}).`);
        else if (previousSchemaVersion !== null && previousSchemaVersion < SCHEMA_VERSION) line(out, `Migrated database ${path} from schema version ${previousSchemaVersion} to ${SCHEMA_VERSION}.`);
        else line(out, `Database ${path} is already at schema version ${SCHEMA_VERSION}.`);
        line(out, appended > 0 ? `Built-in criteria: ${appended} events appended.` : 'Built-in criteria: already published (0 events appended).');
        const units = await ledger.store.streamVersion('locality-register-38');
        if (units === 0) line(out, 'Next: load the Thanh Hóa register with `ntm-antt load-units`.');
      });
    });
}
