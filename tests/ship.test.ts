// The shipped builds in dist/: the same seeded training run gives the same
// weight hash in Node ESM, Node CJS, an installed tarball (import and require),
// Chromium (script-tag, Node ESM and browser ESM pages under a strict CSP) and
// workerd; the browser build has no node: import; the Node builds read like
// code (an uncaught error prints a short stack with real names); the bundles
// stay within budget and contain no eval.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, CSP } from './browser/server.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const csv = readFileSync(join(ROOT, 'data/digits.csv'), 'utf8');
type Hashes = Record<string, string>;
type Parity = (lib: unknown, csv: string) => Promise<Hashes>;

let reference: Hashes;
const seen: Record<string, string> = {};

async function parity(): Promise<Parity> {
  await import('./parity/parity.js');
  return (globalThis as unknown as { linclassParity: Parity }).linclassParity;
}

before(async () => {
  assert.ok(existsSync(join(DIST, 'linclass.mjs')), 'dist/ is built (npm run build)');
  const lib = await import(join(DIST, 'linclass.mjs'));
  await lib.init();
  reference = await (await parity())(lib, csv);
  seen['Node ESM'] = reference.all;
  const golden = JSON.parse(readFileSync(join(ROOT, 'tests/parity/golden.json'), 'utf8')) as Hashes;
  for (const key of Object.keys(reference)) assert.equal(reference[key], golden[key], `parity hash ${key} (tests/parity/golden.json)`);
});

after(() => {
  console.log(`# weight hashes: ${Object.entries(seen).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

test('Node CJS (require) gives the same weights', async () => {
  const lib = createRequire(import.meta.url)(join(DIST, 'linclass.cjs'));
  await lib.init();
  const h = await (await parity())(lib, csv);
  seen['Node CJS'] = h.all;
  assert.deepEqual(h, reference);
});

/**
 * The environment for a nested npm: without the npm_* variables an outer npm run
 * sets, and without node_modules/.bin on PATH (a dev dependency ships an old npm there).
 */
const cleanEnv = Object.fromEntries(Object.entries(process.env)
  .filter(([k]) => !k.toLowerCase().startsWith('npm_'))
  .map(([k, v]) => [k, k === 'PATH' ? v!.split(':').filter((d) => !d.includes('node_modules')).join(':') : v]));

/**
 * linclass/plots from the installed tarball: the four writers draw files with a
 * classifier made by 'linclass' (so the plots bundle shares the library's module,
 * not a copy), the PNG encoder is bundled (the consumer has no pngjs), and the
 * types resolve for a TypeScript consumer.
 */
function plotsFromTarball(dir: string, files: string[]): void {
  for (const f of ['dist/plots.mjs', 'dist/types/plots.d.ts', 'dist/plots.licenses.txt']) assert.ok(files.includes(f), `the tarball has ${f}`);
  assert.ok(!existsSync(join(dir, 'node_modules/pngjs')), 'nothing but linclass is installed');
  const bundle = readFileSync(join(dir, 'node_modules/linclass/dist/plots.mjs'), 'utf8');
  assert.match(bundle, /from "\.\/linclass\.mjs"/, 'the plots bundle imports the library bundle');
  assert.doesNotMatch(bundle, /class LinearClassifier|WASM_BASE64/, 'and does not copy it');
  writeFileSync(join(dir, 'plots.mjs'), `import { init, Dataset, LinearClassifier, parseCsv, hyperparameterSearch, lossSlice1d } from 'linclass';
import { writeTrainingPlots, writeSearchPlot, writeLandscapePlots, writeTemplates } from 'linclass/plots';
import { readFileSync } from 'node:fs';
await init({ threads: 1 });
const d = parseCsv(readFileSync('digits.csv', 'utf8'));
const data = { X: Float32Array.from(d.X.subarray(0, 200 * 64), (v) => v / 16), y: d.y.slice(0, 200) };
const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
const history = clf.fit(data, { epochs: 2, validation: data });
const ds = Dataset.from(data.X, data.y, { numFeatures: 64 });
const search = hyperparameterSearch(ds, ds, { learningRates: [0.01], regs: [0, 1e-3], epochs: 1 });
search.model.dispose();
ds.dispose();
console.log(JSON.stringify([
  ...writeTrainingPlots('out', history, { format: 'png', heldOut: 'test' }),
  writeSearchPlot('out/search.svg', search.results),
  ...writeLandscapePlots('out', { slice1d: lossSlice1d(clf, data, { steps: 11 }) }, { format: 'png' }),
  writeTemplates('out/templates.png', clf, { width: 8, height: 8 }),
]));
`);
  const written = JSON.parse(execFileSync(process.execPath, ['plots.mjs'], { cwd: dir, encoding: 'utf8' })) as string[];
  assert.deepEqual(written, ['out/loss.png', 'out/accuracy.png', 'out/search.svg', 'out/landscape-1d.png', 'out/templates.png']);
  for (const f of written) {
    const head = readFileSync(join(dir, f)).subarray(0, 8);
    assert.deepEqual([...head], f.endsWith('.png') ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : [...Buffer.from('<svg xml')], f);
  }
  writeFileSync(join(dir, 'types.mts'), `import { init, LinearClassifier } from 'linclass';
import { writeTemplates, writeTrainingPlots, type TrainingPlotOptions } from 'linclass/plots';
await init();
const clf = new LinearClassifier({ numFeatures: 4, numClasses: 2 });
const options: TrainingPlotOptions = { format: 'svg', heldOut: 'test' };
const path: string = writeTemplates('t.png', clf, { width: 2, height: 2 });
const paths: string[] = writeTrainingPlots('out', clf.fit({ X: [0, 0, 0, 0], y: [0] }), options);
export { path, paths };
`);
  // the declarations check without @types/node (the consumer has none)
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', 'types.mts'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
}

/**
 * Types from the installed tarball: dist/types holds only the bundled public
 * surface; an ESM (.mts) and a CommonJS (.cts) consumer under module node16,
 * and a bundler-resolution consumer, type-check, linclass/linclass.wasm included.
 */
function typesFromTarball(dir: string, files: string[]): void {
  const types = files.filter((f) => f.startsWith('dist/types/')).sort();
  assert.deepEqual(types, ['dist/types/edge.d.ts', 'dist/types/index.d.cts', 'dist/types/index.d.ts', 'dist/types/plots.d.ts', 'dist/types/wasm.d.ts']);
  for (const f of types) assert.doesNotMatch(readFileSync(join(dir, 'node_modules/linclass', f), 'utf8'), /WASM_BASE64|from '\.\/(runtime|model|train|base)\//, `${f} is the public surface`);
  const use = `const clf = new LinearClassifier({ numFeatures: 2, numClasses: 2 });
const info: ThreadInfo = threadInfo();
export const out: [Int32Array | string[] | number[], string] = [clf.predict([[0, 1]]) as Int32Array, info.mode];
`;
  writeFileSync(join(dir, 'esm.mts'), `import { init, LinearClassifier, threadInfo, type ThreadInfo } from 'linclass';
import wasm from 'linclass/linclass.wasm';
import { init as initEdge } from 'linclass/edge';
const m: WebAssembly.Module = wasm;
await init();
await initEdge(m);
${use}`);
  writeFileSync(join(dir, 'cjs.cts'), `import { init, LinearClassifier, threadInfo, type ThreadInfo } from 'linclass';
void init({ threads: 1 });
${use}`);
  writeFileSync(join(dir, 'bundler.ts'), `import { init, LinearClassifier, threadInfo, type ThreadInfo } from 'linclass';
import wasm from 'linclass/linclass.wasm';
void init(wasm);
${use}`);
  const tsc = (args: string[]) => {
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2022', ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      assert.fail(`tsc ${args.join(' ')}:\n${(e as { stdout: string }).stdout}`);
    }
  };
  tsc(['--module', 'node16', '--moduleResolution', 'node16', 'esm.mts', 'cjs.cts']);
  tsc(['--module', 'esnext', '--moduleResolution', 'bundler', 'bundler.ts']);
}

test('an installed tarball works with import and require, gives the same weights, and linclass/plots writes plot files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linclass-consumer-'));
  try {
    const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', env: cleanEnv }).trim().split('\n').pop()!;
    writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(dir, out)], { cwd: dir, stdio: 'pipe', env: cleanEnv });
    const files = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env: cleanEnv }))[0].files.map((f: { path: string }) => f.path);
    assert.ok(!files.some((f: string) => /^(src|tests|assembly|bench|scripts)\//.test(f)), `the tarball ships only what users need: ${files.join(', ')}`);
    writeFileSync(join(dir, 'parity.js'), readFileSync(join(ROOT, 'tests/parity/parity.js')));
    writeFileSync(join(dir, 'digits.csv'), csv);
    writeFileSync(join(dir, 'esm.mjs'), `import * as lib from 'linclass';\nimport './parity.js';\nimport { readFileSync } from 'node:fs';\nawait lib.init();\nconsole.log(JSON.stringify(await globalThis.linclassParity(lib, readFileSync('digits.csv', 'utf8'))));\n`);
    writeFileSync(join(dir, 'cjs.cjs'), `const lib = require('linclass');\nrequire('./parity.js');\nconst { readFileSync } = require('node:fs');\nlib.init().then(() => globalThis.linclassParity(lib, readFileSync('digits.csv', 'utf8'))).then((h) => console.log(JSON.stringify(h)));\n`);
    for (const f of ['esm.mjs', 'cjs.cjs']) {
      const h = JSON.parse(execFileSync(process.execPath, [f], { cwd: dir, encoding: 'utf8' }));
      seen[`tarball ${f.endsWith('mjs') ? 'import' : 'require'}`] = h.all;
      assert.deepEqual(h, reference, f);
    }
    plotsFromTarball(dir, files);
    typesFromTarball(dir, files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const browserSkip = chromiumSkip();

test('Chromium: script-tag, ESM and browser-ESM pages under a strict CSP give the same weights', { skip: browserSkip }, async () => {
  const server = await serve();
  const browser = await launchChromium();
  try {
    for (const page of ['iife', 'esm', 'browser']) {
      const p = await browser.newPage();
      const violations: string[] = [];
      p.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text()); });
      const res = await p.goto(`${server.url}/tests/browser/${page}.html`);
      assert.equal(res!.headers()['content-security-policy'], CSP);
      await p.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: unknown }).__result || (window as unknown as { __error?: unknown }).__error, null, { timeout: 60000 });
      const { result, error } = await p.evaluate(() => ({ result: (window as unknown as { __result?: Hashes }).__result, error: (window as unknown as { __error?: string }).__error }));
      assert.equal(error, undefined, `${page} page: ${error}`);
      assert.deepEqual(violations, [], `${page} page: CSP violations`);
      seen[`Chromium ${page}`] = result!.all;
      assert.deepEqual(result, reference, `${page} page`);
      await p.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

test('workerd: compiling bytes is refused; the edge entry with the bound module trains, predicts and matches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linclass-workerd-'));
  const port = await freePort();
  // workerd embeds files by paths relative to the config: copy them beside it
  const embed = (p: string) => {
    const name = p.replace(/\//g, '_');
    writeFileSync(join(dir, name), readFileSync(join(ROOT, p)));
    return JSON.stringify(name);
  };
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed ${embed('tests/edge/worker.mjs')}),
    (name = "linclass.edge.mjs", esModule = embed ${embed('dist/linclass.edge.mjs')}),
    (name = "parity.js", esModule = embed ${embed('tests/parity/parity.js')}),
    (name = "linclass.wasm", wasm = embed ${embed('dist/linclass.wasm')}),
    (name = "linclass.wasm.bytes", data = embed ${embed('dist/linclass.wasm')}),
    (name = "digits.csv", text = embed ${embed('data/digits.csv')}),
  ],
  compatibilityDate = "2025-01-01",
);
`);
  const bin = join(ROOT, 'node_modules/.bin/workerd');
  const proc = spawn(bin, ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  try {
    let report: { compileBytes: string; initWithoutModule: string; hashes: Hashes; predict: number[] } | null = null;
    const deadline = Date.now() + 30000;
    while (!report && Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        assert.equal(res.status, 200, `workerd answered ${res.status}: ${await res.clone().text()}\n${log}`);
        report = await res.json();
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.ok(report, `workerd did not answer within 30 s:\n${log}`);
    assert.match(report.compileBytes, /^refused: /, 'WebAssembly.compile(bytes) is refused, as in production');
    assert.equal(report.initWithoutModule,
      "The edge build of linclass has no embedded module: pass the compiled one, e.g. import wasm from 'linclass/linclass.wasm'; await init(wasm).");
    assert.deepEqual(report.predict, [0, 1]);
    seen.workerd = report.hashes.all;
    assert.deepEqual(report.hashes, reference);
  } finally {
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

// About half of it is the embedded module (base64 of the .wasm, ~10 KB
// gzip'd); the rest is the API: classifier, training with both solvers, search,
// gradient check, landscape, metrics, readers and model files. ONNX and
// streaming (~13 KB gzip'd) are left out of this build (scripts/build.mjs): the
// ES module builds carry them. 47 KB.
test('bundle sizes: the gzip\'d script-tag build stays under 50 KB', () => {
  const sizes = JSON.parse(readFileSync(join(DIST, 'sizes.json'), 'utf8')) as Record<string, { raw: number; gzip: number }>;
  console.log(`# sizes: ${Object.entries(sizes).map(([f, s]) => `${f} ${s.raw} B (gzip ${s.gzip} B)`).join(', ')}`);
  assert.ok(sizes['linclass.iife.js'].gzip < 50 * 1024, `IIFE gzip ${sizes['linclass.iife.js'].gzip} B`);
});

test('the script-tag build trains and predicts, and names the ES module build for what it leaves out (ONNX, streaming)', async () => {
  const { runInNewContext } = await import('node:vm');
  const scope: Record<string, unknown> = { WebAssembly, TextDecoder, TextEncoder, atob, console, performance, Response };
  runInNewContext(readFileSync(join(DIST, 'linclass.iife.js'), 'utf8'), scope);
  const lc = scope.linclass as typeof import('../src/index.js');
  await lc.init();
  const X = Float32Array.from({ length: 60 * 4 }, (_, i) => Math.sin(i)), y = Int32Array.from({ length: 60 }, (_, i) => i % 3);
  const clf = new lc.LinearClassifier({ numFeatures: 4, numClasses: 3, seed: 1 });
  clf.fit({ X, y }, { epochs: 2 });
  assert.equal(clf.predict(X).length, 60);
  for (const [what, f] of [
    ['toONNX', () => clf.toONNX()], ['readONNX and fromONNX', () => lc.LinearClassifier.fromONNX(new Uint8Array(8))],
    ['csvChunks', () => lc.csvChunks(new Uint8Array(0) as never)],
  ] as const) {
    assert.throws(f, (e: Error & { code?: string }) => e.code === 'NOT_SUPPORTED' && e.message.startsWith(`${what}: the script-tag build`) && /linclass\.browser\.mjs/.test(e.message), what);
  }
  await assert.rejects(clf.fitStream(() => [] as never), (e: Error & { code?: string }) => e.code === 'NOT_SUPPORTED' && /^fitStream: the script-tag build/.test(e.message));
  clf.dispose();
});

test('no eval, new Function or blob: URLs in dist/', () => {
  const files = readdirSync(DIST).filter((f) => /\.(m?js|cjs)$/.test(f));
  assert.ok(files.length >= 4);
  for (const f of ['linclass.mjs', 'linclass.cjs', 'linclass.browser.mjs', 'linclass.iife.js', 'linclass.edge.mjs', 'linclass.worker.mjs', 'linclass.node-worker.mjs', 'cli.mjs']) {
    assert.ok(files.includes(f), `${f} is scanned`);
  }
  for (const f of files) {
    const text = readFileSync(join(DIST, f), 'utf8');
    assert.doesNotMatch(text, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]|blob:/, f);
  }
});

test('the browser build and its worker import no node: module; the Node ones do only on demand', () => {
  for (const f of ['linclass.browser.mjs', 'linclass.worker.mjs', 'linclass.iife.js']) {
    assert.doesNotMatch(readFileSync(join(DIST, f), 'utf8'), /node:/, f);
  }
  const node = readFileSync(join(DIST, 'linclass.mjs'), 'utf8');
  assert.doesNotMatch(node, /^import .* from ["']node:/m, 'no static node: import in the Node ESM build (it also loads in a browser)');
  const browser = readFileSync(join(DIST, 'linclass.browser.mjs'), 'utf8');
  assert.match(browser, /new Worker\(new URL\("\.\/linclass\.worker\.mjs", import\.meta\.url\), \{ type: "module" \}\)/,
    'the worker is named in the form bundlers recognise');
});

/** An uncaught LinclassError in a fresh process: a label 2 on a 2-class model. */
function uncaught(file: string, cjs: boolean): string {
  const url = JSON.stringify(join(DIST, file));
  const body = `await init({ threads: 1 });\nconst clf = new LinearClassifier({ numFeatures: 2, numClasses: 2 });\nclf.fit({ X: [0, 0, 1, 1], y: [0, 2] });\n`;
  const code = cjs
    ? `const { init, LinearClassifier } = require(${url});\n(async () => {\n${body}})();\n`
    : `import { init, LinearClassifier } from ${url};\n${body}`;
  try {
    execFileSync(process.execPath, [cjs ? '--input-type=commonjs' : '--input-type=module', '-e', code], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    return (e as { stderr: string }).stderr;
  }
  throw new Error('the script did not fail');
}

test('Node builds read like code: an uncaught error prints its message and a short stack with real names', () => {
  for (const [file, cjs] of [['linclass.mjs', false], ['linclass.cjs', true]] as const) {
    const text = readFileSync(join(DIST, file), 'utf8');
    assert.ok(text.split('\n').length > 1000 && Math.max(...text.split('\n').map((l) => l.length)) < 25000, `${file} is not minified`);
    assert.ok(existsSync(join(DIST, `${file}.map`)), `${file} has a source map`);
    const stderr = uncaught(file, cjs);
    console.log(`uncaught error, ${file}: ${Buffer.byteLength(stderr)} B of stderr`);
    assert.ok(Buffer.byteLength(stderr) < 2048, `${file}: ${Buffer.byteLength(stderr)} B:\n${stderr.slice(0, 3000)}`);
    assert.match(stderr, /LinclassError: The data has label 2, but this LinearClassifier has numClasses 2/);
    assert.match(stderr, /at checkDataset .*\n.*at labelledDataset /, 'frames name the functions');
  }
  const iife = readFileSync(join(DIST, 'linclass.iife.js'), 'utf8');
  assert.ok(iife.length / iife.split('\n').length > 5000, 'the script-tag build stays minified');
});
