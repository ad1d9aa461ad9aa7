// Progress bars are drawn only when stdout is a terminal (in process, with stream doubles).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { CliIO, CliStream } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { createProgress } from '../../src/cli/progress.js';
import { INCIDENT_HEADER } from './fixtures.js';

class Capture implements CliStream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  readonly columns = 100;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ntm-cli-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(tty: boolean): CliIO & { stdout: Capture; stderr: Capture } {
  return { stdout: new Capture(tty), stderr: new Capture(false), env: { NTM_ANTT_ACTOR: 'cli-test' }, cwd: dir };
}

describe('progress bars', () => {
  it('are silent when the stream is not a terminal', () => {
    const out = new Capture(false);
    const bar = createProgress(out);
    bar.start(1000, 'checking');
    bar.update(500);
    bar.stop();
    expect(bar.visible).toBe(false);
    expect(out.text).toBe('');
  });

  it('are drawn on a terminal, from minTotal on, and cleared when stopped', () => {
    const out = new Capture(true);
    const small = createProgress(out, { minTotal: 200 });
    small.start(10, 'checking');
    expect(small.visible).toBe(false);
    small.stop();
    expect(out.text).toBe('');

    const bar = createProgress(out, { minTotal: 200 });
    bar.start(1000, 'checking');
    expect(bar.visible).toBe(true);
    bar.update(1000);
    bar.stop();
    expect(bar.visible).toBe(false);
    expect(out.text).toContain('checking');
    expect(out.text).toContain('\u001b');
  });

  it('rebuild draws a bar only when stdout is a TTY, and prints its summary either way', async () => {
    const db = join(dir, 'p.db');
    expect(await runCli(['--db', db, 'init'], io(false))).toBe(EXIT.OK);
    const plain = io(false);
    expect(await runCli(['--db', db, 'rebuild'], plain)).toBe(EXIT.OK);
    expect(plain.stdout.text).toMatch(/^Rebuilt 5 read models .* from \d+ events in [\d.]+ s\.\n$/);
    const tty = io(true);
    expect(await runCli(['--db', db, 'rebuild'], tty)).toBe(EXIT.OK);
    expect(tty.stdout.text).toContain('rebuilding');
    expect(tty.stdout.text).toContain('\u001b');
    expect(tty.stdout.text).toMatch(/Rebuilt 5 read models .* from \d+ events in [\d.]+ s\.\n$/);
  });

  it('a long import (250 rows) draws a bar on a terminal, and only the summary otherwise', async () => {
    const db = join(dir, 'import.db');
    expect(await runCli(['--db', db, 'init'], io(false))).toBe(EXIT.OK);
    expect(await runCli(['--db', db, 'load-units'], io(false))).toBe(EXIT.OK);
    const rows = Array.from({ length: 250 }, (_, i) => `p-${i},,14755,,2024-03-${String((i % 28) + 1).padStart(2, '0')},2024-03-28,crime.social-order,,,,`);
    const csv = join(dir, 'long.csv');
    writeFileSync(csv, [INCIDENT_HEADER, ...rows].join('\n'));
    const tty = io(true);
    expect(await runCli(['--db', db, 'import', 'incidents', csv], tty), tty.stderr.text).toBe(EXIT.OK);
    expect(tty.stdout.text).toContain('checking incidents');
    expect(tty.stdout.text).toMatch(/250 imported, 0 already present \(250 rows, 250 events appended\)\.\n$/);
    const plain = io(false);
    expect(await runCli(['--db', db, 'import', 'incidents', csv], plain)).toBe(EXIT.OK);
    expect(plain.stdout.text).toBe(`${csv}: 0 imported, 250 already present (250 rows, 0 events appended).\n`);
  });
});
