// Helpers of the CLI tests: run `ntm-antt` as a child process, and fingerprint a database.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sqliteStore } from '../../adapters/sqlite/index.js';

/** What a run of the CLI produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `node --import tsx src/cli/main.ts …args` from the repository root. */
export function cli(args: readonly string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, NTM_ANTT_ACTOR: 'cli-test', ...options.env };
  if (options.env?.['NTM_ANTT_DB'] === undefined) delete env['NTM_ANTT_DB'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, maxBuffer: 32 << 20, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') return reject(error);
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/** The number of events and a SHA-256 of every stored event (raw, in log order). */
export async function fingerprint(dbPath: string): Promise<{ events: number; sha256: string; fileSha256: string }> {
  const store = sqliteStore(dbPath);
  const hash = createHash('sha256');
  let events = 0;
  try {
    for await (const e of store.readAll({ raw: true })) {
      hash.update(JSON.stringify([e.position, e.streamId, e.version, e.id, e.type, e.schemaVersion, e.data, e.metadata, e.recordedAt]));
      hash.update('\n');
      events++;
    }
  } finally {
    await store.close();
  }
  // read the file after closing: the WAL is checkpointed into it by then
  const fileSha256 = createHash('sha256').update(readFileSync(dbPath)).digest('hex');
  return { events, sha256: hash.digest('hex'), fileSha256 };
}

/** The `{ error }` object of a `--json-errors` run. */
export function jsonError(run: CliRun): { exitCode: number; code: string; message: string; details: Record<string, unknown>; problems: Array<{ line: number | null; field: string | null; code: string; message: string }> } {
  const lines = run.stderr.trim().split('\n');
  return (JSON.parse(lines[lines.length - 1]!) as { error: ReturnType<typeof jsonError> }).error;
}
