// The examples in examples/, run on the packed tarball as a user would: the
// Cloudflare Worker (its model trained by train-model.mjs, served by workerd
// from config.capnp) answers with the digits Node predicts from the same model
// file; the Vite app builds with no warning and trains in Chromium on threads;
// the script-tag page trains under the strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, bin, installTarball } from './tarball.js';
import { serveDir } from './browser/static.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

let app = '';
const EXAMPLES = ['cloudflare-worker', 'vite-app', 'script-tag'];

before(() => {
  app = installTarball('examples');
  for (const e of EXAMPLES) {
    cpSync(join(ROOT, 'examples', e), join(app, e), { recursive: true });
    symlinkSync('../node_modules', join(app, e, 'node_modules'));
  }
  // the Vite app's dev dependency, and its data as its README says
  symlinkSync(join(ROOT, 'node_modules/vite'), join(app, 'node_modules/vite'));
  cpSync(join(app, 'node_modules/linclass/data/digits.csv'), join(app, 'vite-app/public/digits.csv'));
});

after(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

test('the Cloudflare Worker example: workerd serves the bundled model and predicts what Node predicts', async () => {
  const dir = join(app, 'cloudflare-worker');
  const trained = execFileSync(process.execPath, ['train-model.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.match(trained, /test accuracy 0\.(8[5-9]|9)/);
  const csv = readFileSync(join(ROOT, 'data/digits.csv'), 'utf8').trim().split('\n').slice(1500, 1530);
  const rows = csv.map((line) => line.split(',').slice(0, 64).map(Number));
  const node = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `
import { init, LinearClassifier } from 'linclass';
import { readFileSync } from 'node:fs';
await init({ threads: 1 });
const clf = LinearClassifier.load(readFileSync('src/digits.lcm'));
console.log(JSON.stringify(Array.from(clf.predict(${JSON.stringify(rows)}))));
`], { cwd: dir, encoding: 'utf8' })) as number[];
  const port = await freePort();
  const proc = spawn(bin('workerd'), ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  try {
    let answer: { digits?: number[]; error?: string } | null = null;
    for (const deadline = Date.now() + 30000; !answer && Date.now() < deadline;) {
      try {
        answer = await (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ rows }) })).json();
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.ok(answer, `workerd did not answer within 30 s:\n${log}`);
    assert.deepEqual(answer.digits, node, 'the same digits as Node from the same model file');
    // malformed requests: a 400 naming the problem (the library's message where the rows are at fault), 405 for a
    // method other than POST; never a 500, and the worker answers correctly afterwards, also when they come all at once
    const url = `http://127.0.0.1:${port}/`, row = (v: unknown) => JSON.stringify({ rows: [Array(64).fill(v)] });
    const MALFORMED: [string, RequestInit, number, RegExp][] = [
      ['rows of the wrong length', { method: 'POST', body: '{"rows": [[1, 2]]}' }, 400, /^X\[0\] must be a row of 64 features\. Got an array of length 2 instead\.$/],
      ['non-numbers', { method: 'POST', body: row('a') }, 400, /^X\[0\] \(row 0, feature 0\) is "a": features must be finite numbers\.$/],
      ['null values', { method: 'POST', body: row(null) }, 400, /^X\[0\] \(row 0, feature 0\) is null: features must be finite numbers\.$/],
      ['1e39, beyond float32', { method: 'POST', body: row(1e39) }, 400, /^X\[0\] \(row 0, feature 0\) is 1e\+39, too large for float32: features must be finite numbers\.$/],
      ['1e999, Infinity once parsed', { method: 'POST', body: '{"rows": [[1e999' + ',0'.repeat(63) + ']]}' }, 400, /^X\[0\] \(row 0, feature 0\) is Infinity: features must be finite numbers\.$/],
      ['3e38, a float32 but no pixel', { method: 'POST', body: row(3e38) }, 400, /^Pixel values are in \[0, 16\]: rows\[0\]\[0\] is 3e\+38\.$/],
      ['a negative pixel', { method: 'POST', body: row(-1) }, 400, /^Pixel values are in \[0, 16\]: rows\[0\]\[0\] is -1\.$/],
      ['broken JSON', { method: 'POST', body: '{"rows": [[1, 2' }, 400, /^The body is not JSON\. POST \{"rows"/],
      ['an empty body', { method: 'POST', body: '' }, 400, /^The body is not JSON\./],
      ['no rows', { method: 'POST', body: '{"digits": 1}' }, 400, /^The body has no "rows"\./],
      ['JSON null', { method: 'POST', body: 'null' }, 400, /^The body has no "rows"\./],
      ['rows not an array', { method: 'POST', body: '{"rows": "abc"}' }, 400, /^X must be a Float32Array \(or an array of numbers\) of N·64 features, row-major\. Got "abc" instead\.$/],
      ['no rows in rows', { method: 'POST', body: '{"rows": []}' }, 400, /^X is empty: at least one row of 64 features is needed\.$/],
      ['GET', { method: 'GET' }, 405, /^POST \{"rows"/],
      ['PUT', { method: 'PUT', body: row(0) }, 405, /^POST \{"rows"/],
    ];
    const check = async ([what, init, status, message]: (typeof MALFORMED)[number]) => {
      const res = await fetch(url, init);
      assert.equal(res.status, status, `${what}: status ${res.status}`);
      const text = await res.text();
      assert.match(status === 400 ? JSON.parse(text).error : text, message, `${what}: ${text}`);
    };
    for (const c of MALFORMED) await check(c);
    await Promise.all([...MALFORMED, ...MALFORMED].map(check));
    const after = await (await fetch(url, { method: 'POST', body: JSON.stringify({ rows }) })).json() as { digits: number[] };
    assert.deepEqual(after.digits, node, 'the worker still answers, and rightly');
  } finally {
    proc.kill();
  }
});

const skip = chromiumSkip();

test('the Vite app builds with no warning, and the script-tag page runs under the strict CSP; both train in Chromium', { skip }, async () => {
  const output = execFileSync(bin('vite'), ['build'], { cwd: join(app, 'vite-app'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
  assert.doesNotMatch(output, /warn|\(!\)/i, output);
  const browser = await launchChromium();
  try {
    for (const [name, dir] of [['vite-app', 'vite-app/dist'], ['script-tag', 'script-tag']]) {
      const server = await serveDir(join(app, dir));
      const page = await browser.newPage();
      const csp: string[] = [];
      page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) csp.push(m.text()); });
      try {
        await page.goto(`${server.url}/`);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: unknown }).__result || (window as unknown as { __error?: unknown }).__error, null, { timeout: 90000 });
        const { result, error } = await page.evaluate(() => ({
          result: (window as unknown as { __result?: { accuracy: number; info?: { mode: string }; predict?: number[] } }).__result,
          error: (window as unknown as { __error?: string }).__error,
        }));
        assert.equal(error, undefined, `${name}: ${error}`);
        assert.deepEqual(csp, [], `${name}: CSP violations`);
        if (name === 'vite-app') {
          assert.ok(result!.accuracy > 0.85, `${name}: test accuracy ${result!.accuracy}`);
          assert.equal(result!.info!.mode, 'threads', `${name}: ${JSON.stringify(result!.info)}`);
        } else {
          assert.ok(result!.accuracy > 0.95, `${name}: accuracy ${result!.accuracy}`);
          assert.deepEqual(result!.predict, [0, 1, 2]);
        }
        const text = await page.textContent('#out');
        assert.match(text!, /accuracy 0\.\d+|accuracy 1/, `${name} shows the accuracy`);
      } finally {
        await page.close();
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
});
