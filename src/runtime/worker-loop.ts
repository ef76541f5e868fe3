// What a linclass worker thread runs (src/worker.ts in browsers,
// src/node-worker.ts in Node): instantiates the threads build on the shared
// memory it is handed, says it is ready in shared memory (so a calling thread
// busy in a long synchronous fit sees it), then waits on the control block's
// generation counter and runs its share of each job. It never allocates: the
// calling thread owns the heap and passes pointers.
import { I, JOB, controlViews, runShare, type BlockKernels } from './pool-layout.js';

/** The one message a worker gets: the module, its memory, the control block, the ready counter, its thread id. */
export interface WorkerInit { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer; ready: SharedArrayBuffer; id: number }

/**
 * Spins on the generation counter before sleeping in Atomics.wait. None: on
 * machines whose cores share execution units a spinning thread slows the one
 * doing the work more than a futex wake-up costs (measured: batch-256 steps
 * 1.4× slower with a 200 000-load spin, 1.5× faster with none).
 */
const SPINS = 0;

/** Serves jobs until the STOP job. */
export function serveJobs(msg: WorkerInit): void {
  const abort = () => { throw new Error('linclass worker: a kernel aborted'); };
  const instance = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory, abort } });
  const k = instance.exports as unknown as BlockKernels;
  const { ctrl, f64 } = controlViews(msg.ctrl);
  // The generation is read before saying ready: the first job is posted once
  // every worker is ready, and must not be taken for one already seen.
  let seen = Atomics.load(ctrl, I.GEN);
  Atomics.add(new Int32Array(msg.ready), 0, 1);
  for (;;) {
    let g = Atomics.load(ctrl, I.GEN);
    for (let s = 0; g === seen && s < SPINS; s++) g = Atomics.load(ctrl, I.GEN);
    if (g === seen) {
      Atomics.wait(ctrl, I.GEN, seen);
      continue;
    }
    seen = g;
    if (ctrl[I.TYPE] === JOB.STOP) break;
    try {
      runShare(k, ctrl, f64, msg.id);
    } catch {
      Atomics.store(ctrl, I.ERROR, 1);
    }
    Atomics.add(ctrl, I.DONE, 1);
    Atomics.notify(ctrl, I.DONE);
  }
}
