/**
 * The exit codes of the `ntm-antt` command-line tool (documented in
 * `docs/cli.md`). Scripts can rely on them; messages may change.
 *
 * @module
 */

/**
 * Every exit code of `ntm-antt`.
 *
 * - `OK` (0): success, including `import --skip-invalid` that skipped rows (they are listed on stderr).
 * - `UNEXPECTED` (1): an unexpected error (a bug, a full disk, an unreadable report module…).
 * - `USAGE` (2): bad arguments: unknown command or option, bad option value, missing or unreadable input file.
 * - `INVALID_INPUT` (3): an import file was rejected (structure, columns or rows); nothing was written.
 * - `STORE` (4): the database cannot be used: missing, in a missing directory, not SQLite, corrupt, locked, too new.
 * - `DOMAIN_RULE` (5): a non-import command broke a rule of the domain.
 *
 * @example
 * ```ts
 * process.exitCode = EXIT.INVALID_INPUT;
 * ```
 */
export const EXIT = Object.freeze({
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  INVALID_INPUT: 3,
  STORE: 4,
  DOMAIN_RULE: 5,
} as const);

/** One of the exit codes in {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A one-line description of an exit code, for help texts and docs.
 *
 * @example
 * ```ts
 * describeExitCode(4); // 'store unavailable or corrupt (the message names the database path)'
 * ```
 */
export function describeExitCode(code: ExitCode): string {
  switch (code) {
    case EXIT.OK:
      return 'success';
    case EXIT.UNEXPECTED:
      return 'unexpected error';
    case EXIT.USAGE:
      return 'usage error (bad arguments, missing input file)';
    case EXIT.INVALID_INPUT:
      return 'invalid input file (rows rejected; the store is unchanged)';
    case EXIT.STORE:
      return 'store unavailable or corrupt (the message names the database path)';
    case EXIT.DOMAIN_RULE:
      return 'domain rule conflict (non-import command)';
  }
}

/**
 * The exit-code section appended to `ntm-antt --help`.
 *
 * @example
 * ```ts
 * program.addHelpText('after', EXIT_CODES_HELP);
 * ```
 */
export const EXIT_CODES_HELP = `\nExit codes:\n${(Object.values(EXIT) as ExitCode[]).map((c) => `  ${c}  ${describeExitCode(c)}`).join('\n')}\n`;
