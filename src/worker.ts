// A linclass worker thread (Node worker_threads or a browser module worker):
// instantiates the threads build on the shared memory it is handed, then waits
// on the control block's generation counter and runs its share of each job.
// It never allocates: the calling thread owns the heap and passes pointers.
import { I, JOB, controlViews, runShare, type BlockKernels } from './runtime/pool-layout.js';

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: SharedArrayBuffer; id: number }

function serve(msg: Init, post: (m: unknown) => void): void {
  const abort = () => { throw new Error('linclass worker: a kernel aborted'); };
  const instance = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory, abort } });
  const k = instance.exports as unknown as BlockKernels;
  const { ctrl, f64 } = controlViews(msg.ctrl);
  // The generation is read before saying ready: the first job can be posted the
  // moment the calling thread hears it, and must not be taken for one already seen.
  let seen = Atomics.load(ctrl, I.GEN);
  post({ ready: msg.id });
  for (;;) {
    // After a job, poll for the next one for SPIN_US (the pool's setting) before
    // sleeping: a job that follows closely (the next step of an epoch) then
    // starts without a wake-up.
    let g = Atomics.load(ctrl, I.GEN);
    if (g === seen && ctrl[I.SPIN_US] > 0) {
      const until = performance.now() + ctrl[I.SPIN_US] / 1000;
      while (g === seen && performance.now() < until) g = Atomics.load(ctrl, I.GEN);
    }
    if (g === seen) {
      Atomics.wait(ctrl, I.GEN, seen);
      continue;
    }
    seen = g;
    if (ctrl[I.TYPE] === JOB.STOP) break;
    runShare(k, ctrl, f64, msg.id, g);
  }
}

const g = globalThis as unknown as { process?: { versions?: { node?: string } }; onmessage: unknown; postMessage(m: unknown): void; close(): void };
if (g.process?.versions?.node) {
  void import('node:worker_threads').then(({ parentPort }) => {
    parentPort!.once('message', (m: Init) => {
      serve(m, (r) => parentPort!.postMessage(r));
      parentPort!.close();
    });
  });
} else {
  g.onmessage = (e: MessageEvent<Init>) => {
    serve(e.data, (r) => g.postMessage(r));
    g.close();
  };
}
