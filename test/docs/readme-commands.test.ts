// Issue #16: every command of the README's command-line section, and of docs/cli.md, runs as written, on a
// fresh database, in a folder that holds what they name (the sample CSVs of examples/data). `ntm-antt` and
// `npx ntm-antt` are the CLI of this checkout, run from the sources.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx', (JSON.parse(readFileSync(join(ROOT, 'node_modules/tsx/package.json'), 'utf8')) as { exports: { '.': string } }).exports['.'])).href;
const dir = mkdtempSync(join(tmpdir(), 'ntm-antt-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `npx ntm-antt …` lines of the README's command-line section, without their comments. */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The command-line tool'), readme.indexOf('\n## ', readme.indexOf('## The command-line tool') + 5));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx ntm-antt '))
    .map((l) => l.slice('npx ntm-antt '.length).split(/\s+/));
}

function run(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, NTM_ANTT_DB: '' } });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('README: the command-line section, as written', () => {
  it('every command runs on a fresh database; the unfilled lineage template is rejected with its empty fields named', () => {
    cpSync(join(ROOT, 'examples/data'), join(dir, 'examples/data'), { recursive: true });
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThanOrEqual(9);
    for (const args of commands) {
      const r = run(args);
      const line = `ntm-antt ${args.join(' ')}`;
      if (args.includes('lineage') && args[args.indexOf('lineage') - 1] === 'import') {
        // "once filled in": as written, right after the template is made, every fact still lacks its answer
        expect(r.code, `${line}\n${r.stderr}`).toBe(3);
        expect(r.stderr, line).toMatch(/receivers|shares/);
        continue;
      }
      expect(r.code, `${line}\n${r.stdout}\n${r.stderr}`).toBe(0);
    }
    expect(existsSync(join(dir, 'thanh-hoa.db'))).toBe(true);
    expect(readFileSync(join(dir, 'bao-cao-2024.html'), 'utf8')).toMatch(/<html/);
    expect(readFileSync(join(dir, 'can-bo-sung.csv'), 'utf8').split('\n')[0]).toContain('receivers');
  }, 600_000);
});

/** The commands of docs/cli.md, in order: the lines of its sh blocks, and the `$ ` lines of its console blocks. */
function cliDocCommands(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
  const out: string[] = [];
  for (const m of doc.matchAll(/```(sh|console)\n([\s\S]*?)```/g)) {
    for (const l of m[2]!.split('\n')) {
      if (m[1] === 'sh' && l.startsWith('ntm-antt ')) out.push(l);
      if (m[1] === 'console' && l.startsWith('$ ntm-antt ')) out.push(l.slice(2));
    }
  }
  return out;
}

describe('docs/cli.md, as written', () => {
  it('every command of the page runs, in order, with NTM_ANTT_DB=./thanh-hoa.db as the page says', () => {
    const cwd = mkdtempSync(join(dir, 'cli-md-'));
    cpSync(join(ROOT, 'examples/data'), join(cwd, 'examples/data'), { recursive: true });
    const commands = cliDocCommands();
    expect(commands.length).toBeGreaterThanOrEqual(15);
    // each line through bash, as a reader would type it (quotes, redirections), with ntm-antt the CLI of this checkout
    const cli = `ntm-antt() { "${process.execPath}" --import "${TSX}" "${join(ROOT, 'src/cli/main.ts')}" "$@"; }`;
    for (const line of commands) {
      let code = 0;
      let stderr = '';
      try {
        execFileSync('bash', ['-c', `${cli}\n${line}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, NTM_ANTT_DB: './thanh-hoa.db' } });
      } catch (e) {
        code = (e as { status: number }).status;
        stderr = (e as { stderr: string }).stderr;
      }
      expect(code, `${line}\n${stderr}`).toBe(0);
    }
    expect(readFileSync(join(cwd, 'report-as-filed.md'), 'utf8')).toMatch(/^# /m);
  }, 600_000);
});
