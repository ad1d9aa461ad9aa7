/**
 * What every command receives: the process side (streams, environment),
 * the global options, and the run's shared state (for error reports).
 *
 * @module
 */
import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { defaultActor, resolveDbPath, type OpenLedgerOptions } from './open-store.js';

/** The global options (`ntm-antt --db … --actor … <command>`). */
export interface GlobalOptions {
  /** Database file (`--db`, else `NTM_ANTT_DB`, else `./ntm-antt.db`). */
  readonly db: string;
  /** Actor recorded in event metadata (`--actor`, else `NTM_ANTT_ACTOR`, else the OS user). */
  readonly actor?: string;
  /** Milliseconds to wait for another process holding the database (`--busy-timeout`, else `NTM_ANTT_BUSY_TIMEOUT`, else 5000). */
  readonly busyTimeout?: number;
  /** Errors as one JSON line on stderr. */
  readonly jsonErrors?: boolean;
  /** Stack traces in error reports. */
  readonly debug?: boolean;
}

/** State of one run, filled in as the command goes (for error reports). */
export interface RunState {
  /** The command's full name, e.g. `import incidents`. */
  command?: string;
  /** The resolved database path, once known. */
  dbPath?: string;
  /** The busy timeout the database was opened with (for the message of a locked database). */
  busyTimeoutMs?: number;
}

/** What every command's action gets. */
export interface CliContext {
  readonly io: CliIO;
  readonly state: RunState;
}

/**
 * The global options as seen from a (sub)command.
 *
 * @example
 * ```ts
 * const { db, actor } = globalsOf(cmd);
 * ```
 */
export function globalsOf(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/**
 * The options to open the ledger with, from the global options; records the database path in the run state.
 *
 * @example
 * ```ts
 * await withLedger(ledgerOptions(ctx, cmd), async ({ ledger }) => ledger.loadThanhHoaRegister());
 * ```
 */
export function ledgerOptions(ctx: CliContext, cmd: Command, extra: { readonly create?: boolean } = {}): OpenLedgerOptions {
  const g = globalsOf(cmd);
  const actor = g.actor ?? defaultActor(ctx.io.env);
  const busyTimeoutMs = g.busyTimeout ?? 5000;
  const opts: OpenLedgerOptions = { db: g.db, cwd: ctx.io.cwd, actor, busyTimeoutMs, ...(extra.create === undefined ? {} : { create: extra.create }) };
  ctx.state.dbPath = resolveDbPath(g.db, ctx.io.cwd);
  ctx.state.busyTimeoutMs = busyTimeoutMs;
  return opts;
}
