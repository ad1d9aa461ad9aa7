/**
 * Where the command-line tool reads its environment and writes its output,
 * so that it can run against the real process or a test double.
 *
 * @module
 */

/** A writable text stream (process.stdout or a test double). */
export interface CliStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean | undefined;
}

/** The process-facing side of the command-line tool. */
export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Environment variables (`NTM_ANTT_ACTOR`; `NTM_ANTT_DB` is read by commander from `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

/**
 * The real process's streams, environment and working directory.
 *
 * @example
 * ```ts
 * const code = await runCli(process.argv.slice(2), processIO());
 * ```
 */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Writes one line (a newline is added) to a stream.
 *
 * @example
 * ```ts
 * line(io.stdout, '0 imported, 12 already present');
 * ```
 */
export function line(stream: CliStream, text: string): void {
  stream.write(`${text}\n`);
}
