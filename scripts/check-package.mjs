// Checks the package as a user receives it (CI runs it after the build):
// 1. `npm pack` gives a tarball under 1 MB, without images, source maps or the demo;
// 2. publint and @arethetypeswrong/cli find nothing wrong in it;
// 3. installed into an empty project, the README's application snippet runs with plain Node and
//    typechecks with tsc (NodeNext, strict).
// The empty project gets its dependencies from the npm registry (or npm's cache) with install scripts
// off, and better-sqlite3's compiled addon from this checkout. The registry has no prebuilt binary for
// this machine, and compiling it again would take minutes.
//   node scripts/check-package.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const work = mkdtempSync(join(tmpdir(), 'ntm-antt-package-'));
try {
  // 1. the tarball
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  const size = statSync(tarball).size;
  assert.ok(size < 1_000_000, `the tarball is ${size} bytes: it must stay under 1 MB`);
  const paths = packed.files.map((f) => f.path);
  const unwanted = paths.filter((p) => p.endsWith('.map') || p.startsWith('docs/img/') || p.startsWith('dist/src/demo/') || /\.(png|jpe?g)$/.test(p));
  assert.deepEqual(unwanted, [], 'the tarball ships images, source maps or the demo');
  console.log(`ok npm pack: ${packed.filename}, ${Math.round(size / 1024)} KB, ${paths.length} files`);

  // 2. the linters of packages
  run(bin('publint'), ['run', tarball, '--strict'], root);
  console.log('ok publint');
  run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], root);
  console.log('ok @arethetypeswrong/cli (esm-only)');

  // 3. an empty project that installs the tarball
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', tarball, `typescript@${JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')).version}`, `@types/node@${JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')).version}`], app);
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  mkdirSync(dirname(join(app, addon)), { recursive: true });
  copyFileSync(join(root, addon), join(app, addon));

  // the README's snippet, as written (the block after "## Use it in an application" that imports the package)
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it in an application'));
  const snippet = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes("from 'ntm-antt'"));
  assert.ok(snippet !== undefined, 'README: no ts block importing ntm-antt under "Use it in an application"');
  const program = `${snippet}\nconsole.log(JSON.stringify({ trend: t.vsBaseline.outcome, group: g.group?.id ?? g.locality, filed: filed.vsBaseline.outcome, rate: rate.assessable, why: why.outcome }));\nawait ledger.close();\n`;
  writeFileSync(join(app, 'app.mjs'), program);
  writeFileSync(join(app, 'app.ts'), program);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['app.ts'] }, null, 2));
  run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
  console.log('ok the README snippet typechecks (tsc, NodeNext, strict)');
  const out = run(process.execPath, ['app.mjs'], app).trim().split('\n').pop();
  const answers = JSON.parse(out);
  assert.equal(typeof answers.trend, 'string');
  console.log(`ok the README snippet runs with plain node: ${out}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
