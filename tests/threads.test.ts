// Threads: the same weights, bit for bit, with 1, 2 and 4 threads in Node and
// in Chromium with and without cross-origin isolation; a Node process that
// trained with threads exits on its own.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from './browser/server.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The pinned parity hashes: the same seed has given these weight bytes since they were written down. */
const GOLDEN = JSON.parse(readFileSync(join(ROOT, 'tests/parity/golden.json'), 'utf8')) as Record<string, string>;
type Report = { info: { mode: string; threads: number; reason?: string; ready?: boolean }; hashes: Record<string, string>; isolated?: boolean };
const seen: string[] = [];
let reference: Record<string, string> | null = null;

after(() => console.log(`# threads hashes: ${seen.join(', ')}`));

/** Runs the parity script in a fresh Node process; resolves with its report once the process has exited by itself. */
function nodeRun(threads: number): Promise<Report> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    execFile(process.execPath, [join(ROOT, 'tests/parity/node-threads.mjs'), String(threads)], { timeout: 60000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`threads ${threads}: ${err.message}\n${stderr}`));
      const report = JSON.parse(stdout.trim().split('\n').pop()!) as Report;
      resolve(Object.assign(report, { seconds: (Date.now() - started) / 1000 }));
    });
  });
}

test('Node: threads 1, 2 and 4 give the same weights, and each process exits on its own', async () => {
  for (const threads of [1, 2, 4]) {
    const r = await nodeRun(threads);
    assert.equal(r.info.mode, threads === 1 ? 'single' : 'threads', JSON.stringify(r.info));
    assert.equal(r.info.threads, threads);
    if (threads > 1) assert.equal(r.info.ready, true, 'the workers were up for the run');
    seen.push(`Node ${threads} ${r.hashes.all}/${r.hashes['blocks softmax']}/${r.hashes['blocks svm']}`);
    if (reference === null) {
      reference = r.hashes;
      // the pinned values: any change to the bits a seed gives shows here
      assert.deepEqual(reference, GOLDEN, 'the parity hashes changed (tests/parity/golden.json)');
    } else assert.deepEqual(r.hashes, reference, `threads ${threads}`);
  }
});

const browserSkip = chromiumSkip();

test('Chromium: with COOP/COEP the page uses threads, without it one thread; the same weights either way', { skip: browserSkip }, async () => {
  if (reference === null) reference = (await nodeRun(1)).hashes;
  const browser = await launchChromium();
  try {
    for (const isolated of [true, false]) {
      const server = await serve({ isolated });
      try {
        for (const threads of isolated ? [2, 4] : [2]) {
          const page = await browser.newPage();
          await page.goto(`${server.url}/tests/browser/threads.html?threads=${threads}`);
          await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: unknown }).__result || (window as unknown as { __error?: unknown }).__error, null, { timeout: 60000 });
          const { result, error } = await page.evaluate(() => ({
            result: (window as unknown as { __result?: Report }).__result, error: (window as unknown as { __error?: string }).__error,
          }));
          assert.equal(error, undefined, `isolated ${isolated}: ${error}`);
          assert.equal(result!.isolated, isolated);
          assert.equal(result!.info.mode, isolated ? 'threads' : 'single', JSON.stringify(result!.info));
          if (!isolated) assert.match(result!.info.reason!, /cross-origin isolated/);
          else assert.equal(result!.info.ready, true, 'the workers are up');
          seen.push(`Chromium ${isolated ? `isolated ${threads}` : 'not isolated'} ${result!.hashes.all}/${result!.hashes['blocks softmax']}/${result!.hashes['blocks svm']}`);
          assert.deepEqual(result!.hashes, reference, `Chromium isolated ${isolated}, threads ${threads}`);
          await page.close();
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
});
