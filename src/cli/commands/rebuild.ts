/**
 * `ntm-antt rebuild`: rebuilds every read model from the event log.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { sqliteRangeFolder } from '../../../adapters/sqlite/index.js';
import { READ_MODEL_BUNDLE } from '../../read-model-bundle.js';
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
        'A progress bar is drawn when stdout is a terminal. With 100,000 events or more, worker threads fold the later ' +
        'parts of the incident log at the same time (--workers).',
    )
    .option('--workers <n>', 'worker threads for the incident cube (0: none; default: cores − 1)', parseWorkers, Math.max(1, availableParallelism() - 1))
    .addHelpText('after', '\nExamples:\n  $ ntm-antt --db ./thanh-hoa.db rebuild\n  $ ntm-antt --db ./national.db rebuild --workers 3\n')
    .action(async (options: { workers: number }, cmd: Command) => {
      await withLedger(ledgerOptions(ctx, cmd), async ({ ledger, store, path }) => {
        ctx.state.dbPath = path;
        const progress = createProgress(ctx.io.stdout);
        progress.start(await store.headPosition(), 'rebuilding');
        const started = Date.now();
        let result: { events: number; projections: string[] };
        try {
          result = await ledger.rebuild({
            ...(options.workers === 0 ? {} : { parallel: sqliteRangeFolder({ file: path, module: READ_MODEL_BUNDLE, workers: options.workers }) }),
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

function parseWorkers(value: string): number {
  if (!/^\d{1,2}$/.test(value)) throw new InvalidArgumentError('expected a number of worker threads from 0 to 99.');
  return Number(value);
}
