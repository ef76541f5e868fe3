// Bundlers on the packed tarball: esbuild, webpack 5, Vite, Rollup (with
// node-resolve) and Parcel each bundle an app that does `import * as linclass
// from 'linclass'`, with no configuration beyond naming the entry and output,
// and print no warning; each bundle runs in one Chromium, on a cross-origin-
// isolated page under the strict CSP (Parcel's without: its page has an inline
// import map), and gives the pinned weight hashes. Where
// the bundler emits the worker script (Vite, webpack, Parcel; esbuild's ESM
// output once linclass.worker.mjs is copied beside it) the second run is
// shared by worker threads; elsewhere the page runs on one thread and
// threadInfo() says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, bin, installTarball } from './tarball.js';
import { serveDir } from './browser/static.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

const GOLDEN = JSON.parse(readFileSync(join(ROOT, 'tests/parity/golden.json'), 'utf8')) as Record<string, string>;
const PARITY = Object.fromEntries(Object.entries(GOLDEN).filter(([k]) => !k.startsWith('blocks')));

interface Bundler {
  name: string;
  /** The command, run in the app folder. */
  cmd: string[];
  out: string;
  /** The page to write into the output folder, when the bundler does not make one from index.html. */
  page?: string;
  /** Run after the build (the documented extra step). */
  then?: (app: string) => void;
  /** Whether the bundled page is expected to run the workers. */
  threads: boolean;
  /** false: served without the CSP (Parcel's page holds an inline import map, which script-src 'self' refuses). */
  csp?: boolean;
}

const classic = '<!doctype html><meta charset="utf-8"><title>app</title><script src="main.js"></script>\n';
const module = '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="main.js"></script>\n';

const BUNDLERS: Bundler[] = [
  { name: 'esbuild', cmd: [bin('esbuild'), 'main.js', '--bundle', '--outdir=out-esbuild'], out: 'out-esbuild', page: classic, threads: false },
  {
    name: 'esbuild --format=esm + worker copied', cmd: [bin('esbuild'), 'main.js', '--bundle', '--format=esm', '--outdir=out-esbuild-esm'],
    out: 'out-esbuild-esm', page: module, threads: true,
    then: (app) => copyFileSync(join(app, 'node_modules/linclass/dist/linclass.worker.mjs'), join(app, 'out-esbuild-esm/linclass.worker.mjs')),
  },
  { name: 'webpack 5', cmd: [bin('webpack'), '--mode', 'production', '--entry', './main.js', '--output-path', 'out-webpack'], out: 'out-webpack', page: classic, threads: true },
  { name: 'Vite', cmd: [bin('vite'), 'build', '--outDir', 'out-vite'], out: 'out-vite', threads: true },
  { name: 'Rollup + node-resolve', cmd: [bin('rollup'), '-c'], out: 'out-rollup', page: module, threads: false },
  { name: 'Parcel', cmd: [bin('parcel'), 'build', 'index.html', '--dist-dir', 'out-parcel', '--no-cache', '--no-autoinstall'], out: 'out-parcel', threads: true, csp: false },
];

type Report = { first: Record<string, string>; hashes: Record<string, string>; info: { mode: string; threads: number; reason?: string; ready?: boolean } };
const built = new Map<string, { ok: boolean; output: string; seconds: number }>();
const rows: string[] = [];
let app = '';

function run(cmd: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd[0], cmd.slice(1), { cwd, timeout: 180000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Lines a bundler prints for a warning: esbuild's ▲ [WARNING], webpack's WARNING in, Rollup's and Vite's (!), Parcel's ⚠, any "warn". */
const WARNING = /warn|\(!\)|⚠|externalized|critical dependency/i;

before(async () => {
  app = installTarball('bundlers');
  writeFileSync(join(app, 'main.js'), readFileSync(join(ROOT, 'tests/apps/bundled-main.js')));
  writeFileSync(join(app, 'parity.js'), readFileSync(join(ROOT, 'tests/parity/parity.js')));
  writeFileSync(join(app, 'index.html'), module);
  const resolvePlugin = pathToFileURL(join(ROOT, 'node_modules/@rollup/plugin-node-resolve/dist/es/index.js')).href;
  writeFileSync(join(app, 'rollup.config.mjs'), `import { nodeResolve } from '${resolvePlugin}';\nexport default { input: 'main.js', output: { dir: 'out-rollup', format: 'es' }, plugins: [nodeResolve()] };\n`);
  for (const b of BUNDLERS) {
    const t0 = Date.now();
    const { code, output } = await run(b.cmd, app);
    const ok = code === 0 && existsSync(join(app, b.out));
    if (ok) {
      if (b.page) writeFileSync(join(app, b.out, 'index.html'), b.page);
      b.then?.(app);
    }
    built.set(b.name, { ok, output, seconds: (Date.now() - t0) / 1000 });
  }
});

after(() => {
  if (app) rmSync(app, { recursive: true, force: true });
  console.log(`bundler | builds with no warning | runs in Chromium | hash | threads\n${rows.join('\n')}`);
});

for (const b of BUNDLERS) {
  test(`${b.name} bundles import 'linclass' with no warning`, () => {
    const r = built.get(b.name)!;
    assert.ok(r.ok, `${b.name} failed:\n${r.output}`);
    const warnings = r.output.split('\n').filter((l) => WARNING.test(l));
    assert.deepEqual(warnings, [], `${b.name} warned:\n${r.output}`);
    const js = (name: string) => existsSync(join(app, b.out, name)) ? readFileSync(join(app, b.out, name), 'utf8') : '';
    assert.doesNotMatch(js('main.js'), /["']node:/, 'no node: module in the bundle');
  });
}

const skip = chromiumSkip();

test('each bundle runs in Chromium and gives the pinned weights; threads where the worker script was emitted', { skip }, async () => {
  const browser = await launchChromium();
  const failures: string[] = [];
  try {
    for (const b of BUNDLERS) {
      const r = built.get(b.name)!;
      const clean = r.ok && !r.output.split('\n').some((l) => WARNING.test(l));
      if (!r.ok) {
        rows.push(`${b.name} | no (build failed) | – | – | –`);
        failures.push(`${b.name}: the build failed`);
        continue;
      }
      const server = await serveDir(join(app, b.out), { csp: b.csp });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) errors.push(m.text()); });
      try {
        await page.goto(`${server.url}/`);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: unknown }).__result || (window as unknown as { __error?: unknown }).__error, null, { timeout: 90000 });
        const { result, error } = await page.evaluate(() => ({ result: (window as unknown as { __result?: Report }).__result, error: (window as unknown as { __error?: string }).__error }));
        const same = !error && result!.hashes.all === GOLDEN.all && JSON.stringify(result!.first) === JSON.stringify(result!.hashes);
        const threads = result ? (result.info.mode === 'threads' ? `${result.info.threads} (workers ${result.info.ready ? 'up' : 'not up'})` : `1: ${result.info.reason}`) : '–';
        rows.push(`${b.name} | ${clean ? 'yes' : 'no'} (${r.seconds.toFixed(1)} s) | ${error ? `no: ${error.split('\n')[0]}` : 'yes'} | ${result?.hashes.all ?? '–'}${same ? '' : ' (differs)'} | ${threads}`);
        if (error) failures.push(`${b.name}: ${error}`);
        else {
          if (JSON.stringify(result!.hashes) !== JSON.stringify(PARITY) || JSON.stringify(result!.first) !== JSON.stringify(PARITY)) failures.push(`${b.name}: hashes ${JSON.stringify(result!.hashes)}`);
          if (b.threads && !(result!.info.mode === 'threads' && result!.info.ready)) failures.push(`${b.name}: threads did not run: ${JSON.stringify(result!.info)}`);
          if (!b.threads && !(result!.info.mode === 'single' && result!.info.reason)) failures.push(`${b.name}: ${JSON.stringify(result!.info)}`);
        }
        if (errors.length) failures.push(`${b.name}: CSP: ${errors.join('; ')}`);
      } finally {
        await page.close();
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  assert.deepEqual(failures, []);
});
