/**
 * `ntm-antt load-units`: loads the Thanh Hóa administrative register.
 *
 * @module
 */
import type { Command } from 'commander';
import { ledgerOptions, type CliContext } from '../context.js';
import { line } from '../io.js';
import { withLedger } from '../open-store.js';

/**
 * Adds `load-units` to the program.
 *
 * @example
 * ```ts
 * registerLoadUnitsCommand(program, ctx);
 * ```
 */
export function registerLoadUnitsCommand(program: Command, ctx: CliContext): Command {
  return program
    .command('load-units')
    .description(
      'Load the Thanh Hóa administrative register (province 38: the 2019 districts and communes, every merger, ' +
        'split and rename since, and the 1 July 2025 reform). Idempotent: a second run appends 0 events.',
    )
    .addHelpText('after', '\nExample:\n  $ ntm-antt --db ./thanh-hoa.db load-units\n')
    .action(async (_options: unknown, cmd: Command) => {
      await withLedger(ledgerOptions(ctx, cmd), async ({ ledger, path }) => {
        ctx.state.dbPath = path;
        const { appended, streamId } = await ledger.loadThanhHoaRegister();
        if (appended > 0) await ledger.persist();
        line(ctx.io.stdout, appended > 0 ? `Thanh Hóa register: ${appended} events appended to ${streamId}.` : `Thanh Hóa register: 0 events appended (already loaded in ${streamId}).`);
      });
    });
}
