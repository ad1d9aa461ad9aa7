// Helpers of the reliability tests: child processes (tsx), figures, seeds, pools, fingerprints, global-object snapshots.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import type { EventRegistry, EventStore, StoredEvent } from '../../src/kernel/index.js';

/** The repository root (children run from it so that `--import tsx` resolves). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The child-process fixtures. */
export const FIXTURES = join(ROOT, 'test/reliability/fixtures');
/** Preload that reports SQLite transactions and projection saves on fd 3 (see fixtures/markers.ts). */
export const MARKERS = join(FIXTURES, 'markers.ts');

/** `NTM_ANTT_SLOW=1`: the long variants. */
export const SLOW = process.env['NTM_ANTT_SLOW'] === '1';
/** Base seed of every random choice (`NTM_ANTT_SEED`); printed so that a failing run can be replayed. */
export const SEED = envInt('NTM_ANTT_SEED', 20_240_307);

/** An integer environment variable, or the default. */
export function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return n;
}

/** Prints one figure line (copied into docs/reliability.md). */
export function figure(text: string): void {
  console.log(`[reliability] ${text}`);
}

/** A temporary directory (world-traversable, so that a child running as another uid can reach it). */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running child process: its stdout lines, its fd-3 markers, and its end. */
export interface Child {
  readonly proc: ChildProcess;
  /** Complete stdout lines received so far. */
  readonly lines: string[];
  /** Complete fd-3 marker lines received so far (only with `markers`). */
  readonly markers: string[];
  /** Resolves with the first stdout line (already received or to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Called for every marker line as it arrives. */
  onMarker(handler: (marker: string, index: number) => void): void;
  /** Resolves once the process has exited and every pipe is drained. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** SIGKILL, now. */
  kill(): void;
}

/** Options of {@link spawnTs}. */
export interface SpawnOptions {
  /** Load fixtures/markers.ts and collect its fd-3 lines. */
  readonly markers?: boolean;
  readonly env?: Record<string, string>;
  readonly uid?: number;
  readonly gid?: number;
  /**
   * Run the child through `setpriv` without the capabilities that let root ignore file permissions
   * (`CAP_DAC_OVERRIDE`, `CAP_DAC_READ_SEARCH`): it stays root, so it can still reach a project folder
   * only root may enter, but a file or folder without write permission is read-only to it.
   */
  readonly withoutDacOverride?: boolean;
}

/** Where `setpriv` is, if this machine has it. */
export const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

function splitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk.toString('utf8');
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, i));
      rest = rest.slice(i + 1);
    }
  };
}

/** Runs `node --import tsx <script> …args` from the repository root. */
export function spawnTs(script: string, args: readonly string[], options: SpawnOptions = {}): Child {
  const argv = ['--import', 'tsx', ...(options.markers === true ? ['--import', MARKERS] : []), script, ...args];
  if (options.withoutDacOverride === true && SETPRIV === undefined) throw new Error('spawnTs: withoutDacOverride needs setpriv (util-linux)');
  const [command, commandArgs] = options.withoutDacOverride === true ? [SETPRIV!, ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, ...argv]] : [process.execPath, argv];
  const proc = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { ...process.env, ...options.env, ...(options.markers === true ? { NTM_ANTT_MARKER_FD: '3' } : {}) },
    stdio: options.markers === true ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  const lines: string[] = [];
  const markers: string[] = [];
  const lineWaiters: Array<{ match: (l: string) => boolean; resolve: (l: string) => void }> = [];
  const markerHandlers: Array<(m: string, i: number) => void> = [];
  let stderr = '';
  proc.stdout!.on(
    'data',
    splitter((line) => {
      lines.push(line);
      for (let i = lineWaiters.length - 1; i >= 0; i--) {
        const w = lineWaiters[i]!;
        if (w.match(line)) {
          lineWaiters.splice(i, 1);
          w.resolve(line);
        }
      }
    }),
  );
  proc.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 200_000) stderr += c.toString('utf8');
  });
  if (options.markers === true) {
    const fd3 = proc.stdio[3] as NodeJS.ReadableStream;
    fd3.on(
      'data',
      splitter((m) => {
        markers.push(m);
        for (const h of markerHandlers) h(m, markers.length - 1);
      }),
    );
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    proc.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    proc,
    lines,
    markers,
    exited,
    onMarker: (h) => void markerHandlers.push(h),
    kill: () => void proc.kill('SIGKILL'),
    waitForLine(match, timeoutMs = 60_000) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child ${script}: no matching line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        lineWaiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          const late = lines.find(match);
          if (late !== undefined) resolve(late);
          else reject(new Error(`child ${script} exited without a matching line; stderr: ${stderr.slice(-2000)}`));
        });
      });
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` at a time; results in input order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Every event of a SQLite file, raw, in log order (the store is closed afterwards). */
export async function readLog(file: string, events?: EventRegistry): Promise<StoredEvent[]> {
  const store = sqliteStore(file, events === undefined ? {} : { events });
  try {
    return await collect(store, 1);
  } finally {
    await store.close();
  }
}

/** Every event from `fromPosition` on, raw. */
export async function collect(store: EventStore, fromPosition: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll({ fromPosition, raw: true })) out.push(e);
  return out;
}

/** Serialisations of events the store handed out frozen (the memory store shares them): they cannot change. */
const frozenSerialisations = new WeakMap<object, string>();

function serialise(e: StoredEvent): string {
  const frozen = Object.isFrozen(e) && Object.isFrozen(e.data) && Object.isFrozen(e.metadata);
  const cached = frozen ? frozenSerialisations.get(e) : undefined;
  if (cached !== undefined) return cached;
  const s = JSON.stringify([e.position, e.streamId, e.version, e.id, e.type, e.schemaVersion, e.data, e.metadata, e.recordedAt]);
  if (frozen) frozenSerialisations.set(e, s);
  return s;
}

/** SHA-256 of a store's whole content as `readAll` serialises it, with stream versions and projection records. */
export async function storeFingerprint(store: EventStore): Promise<string> {
  const hash = createHash('sha256');
  const streams = new Map<string, number>();
  for await (const e of store.readAll({ raw: true })) {
    hash.update(serialise(e));
    hash.update('\n');
    streams.set(e.streamId, e.version);
  }
  hash.update(`head ${await store.headPosition()}\n`);
  for (const [s, v] of streams) if ((await store.streamVersion(s)) !== v) hash.update(`stream ${s} version mismatch\n`);
  for (const p of await store.projections.list()) hash.update(JSON.stringify(p));
  return hash.digest('hex');
}

const WATCHED: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Object', Object],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['JSON', JSON],
];

/**
 * The own keys of the built-ins an input could pollute, and of every function hanging off Object.prototype
 * (`hasOwnProperty`, `toString`, …: a read model keyed by a code like `toString` writes there).
 */
export function globalsSnapshot(): string {
  const parts: string[] = [];
  const describe = (name: string, o: object) => parts.push(`${name}: ${Reflect.ownKeys(o).map(String).sort().join(',')}`);
  for (const [name, o] of WATCHED) describe(name, o);
  for (const key of Object.getOwnPropertyNames(Object.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Object.prototype, key);
    if (d !== undefined && typeof d.value === 'function') describe(`Object.prototype.${key}`, d.value as object);
  }
  parts.push(`({}).polluted: ${String(({} as Record<string, unknown>)['polluted'])}`);
  parts.push(`[].polluted: ${String(([] as unknown as Record<string, unknown>)['polluted'])}`);
  return parts.join('\n');
}

/** JSON with object keys sorted: two states are equal read models iff their canonical forms are equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(sorted, k, { value: (v as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
    return sorted;
  });
}
