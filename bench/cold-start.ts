// npm run bench:cold: cold start, import → init() → first predict, each run in
// a fresh process (Node 20, Node 18 when .ci/run has unpacked it, Deno, Bun:
// dist/linclass.mjs, what their "node" condition picks) or a fresh Chromium page (dist/linclass.browser.mjs, on a
// cross-origin-isolated page, so init() takes the threads path), median of
// RUNS (10); init() as it is and init({ threads: 1 }); TensorFlow.js 4.22's
// wasm backend beside it in Node and Chromium. LINCLASS_DIST=dir times another
// build (an older dist/). Writes bench/results/cold-start.{md,json}.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium, chromiumSkip } from '../tests/browser/chromium.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = process.env.LINCLASS_DIST ?? join(ROOT, 'dist');
const RUNS = Number(process.env.RUNS ?? 10);
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
type Times = { import: number; init: number; predict: number; total: number; sinceStart: number };
const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];

const LIB = pathToFileURL(join(DIST, 'linclass.mjs')).href;
const SCRIPT = join(ROOT, 'bench/cold/run.mjs');
const processes: { name: string; cmd: string[] }[] = [
  { name: `Node ${process.versions.node}, init()`, cmd: [process.execPath, SCRIPT, LIB, 'auto'] },
  { name: `Node ${process.versions.node}, threads: 1`, cmd: [process.execPath, SCRIPT, LIB, '1'] },
  { name: 'Node 18, init()', cmd: [join(ROOT, 'node_modules/.cache/node-18/bin/node'), SCRIPT, LIB, 'auto'] },
  { name: 'Node 18, threads: 1', cmd: [join(ROOT, 'node_modules/.cache/node-18/bin/node'), SCRIPT, LIB, '1'] },
  { name: 'Deno, init()', cmd: [bin('deno'), 'run', '--allow-read', '--allow-env', '--allow-sys', SCRIPT, LIB, 'auto'] },
  { name: 'Deno, threads: 1', cmd: [bin('deno'), 'run', '--allow-read', '--allow-env', '--allow-sys', SCRIPT, LIB, '1'] },
  { name: 'Bun, init()', cmd: [bin('bun'), SCRIPT, LIB, 'auto'] },
  { name: 'Bun, threads: 1', cmd: [bin('bun'), SCRIPT, LIB, '1'] },
  { name: `TF.js wasm, Node ${process.versions.node}`, cmd: [process.execPath, SCRIPT, '', 'tfjs'] },
];

const rows: { name: string; runs: Times[] }[] = [];
for (const p of processes) {
  if (!existsSync(p.cmd[0])) continue;
  const runs: Times[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(JSON.parse(execFileSync(p.cmd[0], p.cmd.slice(1), { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).trim().split('\n').pop()!));
  rows.push({ name: p.name, runs });
  console.log(p.name, median(runs.map((r) => r.total)).toFixed(1), 'ms');
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
if (!chromiumSkip() && !process.env.LINCLASS_DIST_NO_BROWSER) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    const file = path.startsWith('dist/') ? join(DIST, path.slice(5)) : join(ROOT, path);
    if (!/^(dist|bench\/cold|node_modules\/@tensorflow)\//.test(path) || path.includes('..')) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/bench/cold/page.html`;
  const browser = await launchChromium();
  for (const [name, query] of [['Chromium page, init()', 'lib=linclass'], ['Chromium page, threads: 1', 'lib=linclass&threads=1'], ['TF.js wasm, Chromium page', 'lib=tfjs']]) {
    const runs: Times[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}?${query}`);
      await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: unknown }).__result || (window as unknown as { __error?: unknown }).__error, null, { timeout: 60000 });
      const { result, error } = await page.evaluate(() => ({ result: (window as unknown as { __result?: Times }).__result, error: (window as unknown as { __error?: string }).__error }));
      if (error) throw new Error(`${name}: ${error}`);
      runs.push(result!);
      await context.close();
    }
    rows.push({ name, runs });
    console.log(name, median(runs.map((r) => r.total)).toFixed(1), 'ms');
  }
  await browser.close();
  server.close();
}

const f = (x: number) => x.toFixed(1);
const md = [
  `# Cold start: import → init() → first predict (median of ${RUNS} fresh processes or pages, ms)`, '',
  `${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores. One row predicted by a 64-feature, 10-class model.`,
  '"since start": from the process or page start (runtime boot and page load included) to the predicted row.', '',
  '| runtime | import | init | first predict | import → predicted | since start |', '|---|---:|---:|---:|---:|---:|',
  ...rows.map(({ name, runs }) => `| ${name} | ${f(median(runs.map((r) => r.import)))} | ${f(median(runs.map((r) => r.init)))} | ${f(median(runs.map((r) => r.predict)))} | ${f(median(runs.map((r) => r.total)))} | ${f(median(runs.map((r) => r.sinceStart)))} |`),
  '',
].join('\n');
if (!process.env.LINCLASS_DIST) {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/cold-start.md'), md);
  writeFileSync(join(ROOT, 'bench/results/cold-start.json'), JSON.stringify(rows, null, 1) + '\n');
}
console.log(md);
