/**
 * `ntm-antt rebuild`: rebuilds every read model from the event log.
 *
 * @module
 */
import type { Command } from 'commander';
import { ledgerOptions, type CliContext } from '../context.js';
import { line } from '../io.js';
import { withLedger } from '../open-store.js';
import { createProgress } from '../progress.js';

/**
 * Adds `rebuild` to the program.
 *
 * @example
 * ```ts
 * registerRebuildCommand(program, ctx);
 * ```
 */
export function registerRebuildCommand(program: Command, ctx: CliContext): Command {
  return program
    .command('rebuild')
    .description(
      'Rebuild every read model (register, incident cube, recognitions, criteria, plans) from the event log and save ' +
        'them with their checkpoints. Use it after an upgrade that changes a projection, or if a read model looks wrong. ' +
        'A progress bar is drawn when stdout is a terminal.',
    )
    .addHelpText('after', '\nExample:\n  $ ntm-antt --db ./thanh-hoa.db rebuild\n')
    .action(async (_options: unknown, cmd: Command) => {
      await withLedger(ledgerOptions(ctx, cmd), async ({ ledger, store, path }) => {
        ctx.state.dbPath = path;
        const progress = createProgress(ctx.io.stdout);
        progress.start(await store.headPosition(), 'rebuilding');
        const started = Date.now();
        let result: { events: number; projections: string[] };
        try {
          result = await ledger.rebuild({
            onProgress: (p) => {
              progress.setTotal(p.head);
              progress.update(p.position);
            },
          });
          progress.update(result.events);
        } finally {
          progress.stop();
        }
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        line(ctx.io.stdout, `Rebuilt ${result.projections.length} read models (${result.projections.join(', ')}) from ${result.events} events in ${seconds} s.`);
      });
    });
}
