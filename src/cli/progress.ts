/**
 * Progress bars (cli-progress) for long imports and rebuilds, drawn only
 * when stdout is a terminal; otherwise nothing is drawn and commands print
 * plain one-line summaries.
 *
 * @module
 */
import cliProgress from 'cli-progress';
import type { CliStream } from './io.js';

/** A progress indicator: a bar on a terminal, silent otherwise. */
export interface Progress {
  /** True when a bar is drawn. */
  readonly visible: boolean;
  /** Starts (or restarts) the bar with a total and a label. */
  start(total: number, label: string): void;
  /** Sets the current value. */
  update(value: number): void;
  /** Changes the total (e.g. when the log grew). */
  setTotal(total: number): void;
  /** Stops and clears the bar (the command then prints its summary). */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Draw the bar only when `total` is at least this (default 1). */
  readonly minTotal?: number;
  /** Redraws per second (default 10). */
  readonly fps?: number;
}

const SILENT: Progress = Object.freeze({ visible: false, start() {}, update() {}, setTotal() {}, stop() {} });

/**
 * A progress bar on `stream` when it is a TTY, a silent stand-in otherwise.
 *
 * @example
 * ```ts
 * const bar = createProgress(process.stdout, { minTotal: 200 });
 * bar.start(rows.length, 'validating');
 * rows.forEach((r, i) => { check(r); bar.update(i + 1); });
 * bar.stop();
 * ```
 */
export function createProgress(stream: CliStream, options: ProgressOptions = {}): Progress {
  if (stream.isTTY !== true) return SILENT;
  const minTotal = options.minTotal ?? 1;
  let bar: cliProgress.SingleBar | undefined;
  return {
    get visible() {
      return bar !== undefined;
    },
    start(total, label) {
      bar?.stop();
      bar = undefined;
      if (total < minTotal) return;
      bar = new cliProgress.SingleBar(
        {
          stream: stream as unknown as NodeJS.WritableStream,
          format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
          clearOnComplete: true,
          hideCursor: true,
          fps: options.fps ?? 10,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(value) {
      bar?.update(value);
    },
    setTotal(total) {
      bar?.setTotal(total);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
