// Worker faults: a worker that is terminated between steps, or dies holding a
// block of a step, never makes a call wait for ever. Between steps the run goes
// on with one thread (same bits); during a step the call fails with
// WORKER_FAILED within a bounded time, and the library goes on with one thread.
// Each case runs in a process of its own (the pool is per process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
