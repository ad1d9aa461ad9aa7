#!/usr/bin/env node
/**
 * `npm run demo [-- --db PATH] [--json] [--reports DIR] [--year Y] [--seed N]`
 *
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { isNtmAnttError } from '../kernel/index.js';
import { runDemo } from './run-demo.js';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer`);
  return n;
};

const program = new Command('ntm-antt-demo')
  .description('Thanh Hóa 2019-2025 on embedded SQLite: real units and reforms, synthetic incidents and recognitions, the 2022-2025 plan, and its reports.')
  .option('--db <path>', 'SQLite file to open or create', './ntm-antt-demo.db')
  .option('--reports <dir>', 'folder for the reports', './reports')
  .option('--year <year>', 'report year', int('--year'), 2025)
  .option('--seed <n>', 'seed of the synthetic history', int('--seed'), 38)
  .option('--json', 'print the summary as JSON')
  .addHelpText('after', '\nExample:\n  npm run demo -- --db /tmp/th.db --json');
program.parse();
const o = program.opts<{ db: string; reports: string; year: number; seed: number; json?: boolean }>();

const started = Date.now();
try {
  const summary = await runDemo({ db: o.db, reportsDir: o.reports, year: o.year, seed: o.seed, log: o.json === true ? () => undefined : (m) => console.log(m) });
  if (o.json === true) {
    const { targets, attainment, trends, asFiled } = summary;
    console.log(JSON.stringify({ targets, attainment, trends, asFiled }, null, 2));
  } else {
    console.log(`\nThanh Hóa — ${summary.year} (${summary.events} events in ${summary.db}, ${summary.appended} appended this run)\n`);
    const status: Record<string, string> = { met: 'ĐẠT', on_track: 'đúng tiến độ', at_risk: 'có nguy cơ', not_met: 'KHÔNG ĐẠT', not_assessable: 'không đánh giá được' };
    const rows = summary.targets.map((t) => [t.id, t.display.value ?? '–', t.display.target, status[t.status] ?? t.status]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['target', 'value', 'target', 'status'][i]!.length));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    console.log(line(['target', 'value', 'goal', 'status']));
    for (const r of rows) console.log(line(r));
    for (const [label, t] of [[`${summary.year}`, summary.trends], [`${summary.asFiled.year} as filed on ${summary.asFiled.on}`, summary.asFiled.trends]] as const) {
      const g = t.groups;
      console.log(
        `\ncommunes vs ${t.baselineYear}, ${label}: ${t.alone.total} of ${t.localities} assessed alone (${t.aloneSharePercent} %): ${t.alone.met} met the ≥ 5 % cut, ${t.alone.notMet} did not` +
          (g.total === 0 ? '' : `; ${g.total} groups of ${g.minSize}–${g.maxSize} communes (${g.localities} communes): ${g.met} met, ${g.notMet} did not`) +
          `; province ${t.provinceChangePercent === null ? '–' : `${t.provinceChangePercent} %`}`,
      );
    }
    console.log(`\nreports:\n  ${summary.reports.join('\n  ')}`);
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} catch (e) {
  console.error(isNtmAnttError(e) ? `ntm-antt demo: ${e.code}: ${e.message}` : e);
  process.exit(1);
}
