// Worker faults: a worker that is terminated between steps, or dies holding a
// block of a step, never makes a call wait for ever. Between steps the run goes
// on with one thread (same bits); during a step the call fails with
// WORKER_FAILED within a bounded time, and the library goes on with one thread.
// Each case runs in a process of its own (the pool is per process), and the
// second also in a Chromium page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { serve } from './browser/server.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

const SCRIPT = fileURLToPath(new URL('./lifecycle/faults.ts', import.meta.url));
type Report = { info: { mode: string; reason?: string }; error?: { code: string; message: string; ms: number }; hash: string; reference: string; steps?: number };

function run(kind: 'between' | 'during'): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, kind], { timeout: 120000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${kind}: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Report);
    });
  });
}

test('a worker terminated between fitAsync steps: the fit goes on with one thread and gives the same weights', { timeout: 150000 }, async () => {
  const r = await run('between');
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.equal(r.info.mode, 'single');
  assert.match(r.info.reason ?? '', /a worker thread stopped/);
  assert.equal(r.hash, r.reference, 'weights of the interrupted run equal a one-thread run');
});

test('a worker that dies holding a block: the call fails with WORKER_FAILED in bounded time, then one thread, same weights', { timeout: 150000 }, async () => {
  const r = await run('during');
  assert.ok(r.error, 'the step the worker died in failed');
  assert.equal(r.error.code, 'WORKER_FAILED', r.error.message);
  assert.match(r.error.message, /stopped answering/);
  assert.ok(r.error.ms < 15000, `failed after ${r.error.ms} ms`);
  assert.equal(r.info.mode, 'single');
  assert.match(r.info.reason ?? '', /did not finish its share/);
  assert.equal(r.hash, r.reference, 'a fit after the fault equals a one-thread fit');
});

test('Chromium: a worker that dies holding a block fails the call with WORKER_FAILED in bounded time, then one thread, same weights', { skip: chromiumSkip(), timeout: 150000 }, async () => {
  const ROOT = fileURLToPath(new URL('../', import.meta.url));
  await build({
    entryPoints: [`${ROOT}tests/browser/faults-main.ts`], bundle: true, format: 'esm', target: 'es2022', logLevel: 'error',
    outfile: `${ROOT}tests/browser/build/faults.mjs`, define: { __LINCLASS_WORKER__: '"/dist/linclass.worker.mjs"' },
  });
  const server = await serve({ isolated: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server.url}/tests/browser/faults.html`);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: unknown }).__result || (window as unknown as { __error?: unknown }).__error, null, { timeout: 120000 });
    const { result, error } = await page.evaluate(() => ({
      result: (window as unknown as { __result?: Report & { before: { mode: string; ready?: boolean } } }).__result, error: (window as unknown as { __error?: string }).__error,
    }));
    assert.equal(error, undefined, error);
    assert.equal(result!.before.ready, true, 'the workers were up before the fault');
    assert.equal(result!.error?.code, 'WORKER_FAILED', JSON.stringify(result!.error));
    assert.ok(result!.error!.ms < 15000, `failed after ${result!.error!.ms} ms`);
    assert.equal(result!.info.mode, 'single');
    assert.equal(result!.hash, result!.reference, 'a fit after the fault equals one on the threads before it');
    console.log(`# Chromium worker fault: ${result!.error!.code} after ${result!.error!.ms} ms; then ${result!.info.reason}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
