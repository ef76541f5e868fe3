// Worker fault in a page (tests/faults.test.ts bundles this with esbuild from
// src/, as the pool's test hooks are not part of the public builds): a worker
// dies holding a block of a step; the call must fail with WORKER_FAILED in
// bounded time and later fits run on one thread with the same weights.
import { init, threadInfo } from '../../src/browser.js';
import { fitBytes, fitThroughFault, warmUp } from '../lifecycle/fault-scenario.js';

async function hash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].slice(0, 4).map((b) => b.toString(16).padStart(2, '0')).join('');
}
const w = window as unknown as { __result?: unknown; __error?: string };
try {
  await init({ threads: 2, threadThreshold: 0 });
  await warmUp();
  const before = threadInfo();
  const reference = await hash(fitBytes());
  const error = fitThroughFault();
  const result = await hash(fitBytes());
  await new Promise((r) => setTimeout(r, 200));
  w.__result = { before, info: threadInfo(), error, hash: result, reference };
} catch (e) {
  w.__error = String((e as Error)?.stack ?? e);
}
