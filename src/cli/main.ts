#!/usr/bin/env node
/**
 * The `ntm-antt` executable: runs the command-line tool on the process's
 * arguments and exits with its exit code (see `exit-codes.ts`, `docs/cli.md`).
 *
 * @module
 */
import { runCli } from './program.js';

// `ntm-antt … | head`: a closed pipe is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2));
