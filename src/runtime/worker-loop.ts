// What a linclass worker thread runs (src/worker.ts in browsers,
// src/node-worker.ts in Node): instantiates the threads build on the shared
// memory it is handed, says it is ready in shared memory (so a calling thread
// busy in a long synchronous fit sees it), then waits on the control block's
// generation counter and runs its share of each job. It never allocates: the
// calling thread owns the heap and passes pointers.
import { I, JOB, claim, controlViews, runShare, type BlockKernels } from './pool-layout.js';

/** The one message a worker gets: the module, its memory, the control block, the ready counter, its thread id. */
export interface WorkerInit { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer; ready: SharedArrayBuffer; id: number }

/** Serves jobs until the STOP job. */
export function serveJobs(msg: WorkerInit): void {
  const abort = () => { throw new Error('linclass worker: a kernel aborted'); };
  const instance = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory, abort } });
  const k = instance.exports as unknown as BlockKernels;
  const { ctrl, f64 } = controlViews(msg.ctrl);
  // The generation is read before saying ready: the first job is posted once
  // every worker is ready, and must not be taken for one already seen.
  let seen = Atomics.load(ctrl, I.GEN);
  let kept = Atomics.load(ctrl, I.KEEP);
  Atomics.add(new Int32Array(msg.ready), 0, 1);
  for (;;) {
    // After a job, poll for the next one for SPIN_US (the pool's setting) before
    // sleeping: a job that follows closely (the next step of an epoch) then
    // starts without a wake-up. Pool.keepWarm (a call the calling thread runs
    // alone, between shared ones) wakes a sleeping worker and has it poll
    // KEEP_US longer, so the next shared call does not wait for a wake-up.
    let g = Atomics.load(ctrl, I.GEN);
    if (g === seen && ctrl[I.SPIN_US] > 0) {
      let until = performance.now() + ctrl[I.SPIN_US] / 1000;
      for (;;) {
        const keep = Atomics.load(ctrl, I.KEEP);
        if (keep !== kept) {
          kept = keep;
          until = Math.max(until, performance.now() + ctrl[I.KEEP_US] / 1000);
        }
        if (g !== seen || performance.now() >= until) break;
        g = Atomics.load(ctrl, I.GEN);
      }
    }
    if (g === seen) {
      Atomics.wait(ctrl, I.GEN, seen);
      continue;
    }
    seen = g;
    if (ctrl[I.TYPE] === JOB.STOP) break;
    // Pool.failWorker (tests): die holding a block of this job, as a crashed worker
    // would; a job already finished without this worker (it woke late) does not count.
    if (ctrl[I.FAULT] === msg.id && claim(ctrl, g, ctrl[I.K]) >= 0) {
      Atomics.store(ctrl, I.FAULT, 0);
      throw new Error(`linclass worker ${msg.id}: stopped on purpose`);
    }
    // Each block it claims counts in DONE, an error included (runShare).
    runShare(k, ctrl, f64, msg.id, g);
  }
}
