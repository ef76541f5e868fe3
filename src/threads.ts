// The thread pool: persistent workers on the threads build's shared memory.
// The calling thread writes a job into the control block, bumps the generation
// counter and wakes the workers (no postMessage per step), runs its own share,
// then waits for the others. Steps are split into blocks chosen from the row
// count alone and reduced in block order, so the bits do not depend on the
// number of threads (see assembly/step.ts).
import { I, F, JOB, BYTES, runShare, type BlockKernels } from './pool-layout.js';
import type { Kernels } from './wasm.js';
import { LinclassError } from './errors.js';

declare const __LINCLASS_WORKER__: string | undefined;

/** Spins of the calling thread on the done counter before it sleeps (Node; a browser's main thread cannot sleep). */
const MAIN_SPINS = 0;

interface WorkerLike { postMessage(m: unknown): void; terminate(): unknown; unref?(): void }

/** Which mode init() chose, and why. */
export interface ThreadInfo {
  /** 'threads': steps are shared by `threads` threads; 'single': one thread. */
  mode: 'threads' | 'single';
  threads: number;
  /** Why threads are off (when mode is 'single'). */
  reason?: string;
}

const env = globalThis as unknown as {
  process?: { versions?: { node?: string } }; crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number };
};
const isNode = !!env.process?.versions?.node;

/** Why this runtime cannot run the threads build, or null when it can. */
export function threadsUnavailable(): string | null {
  if (!isNode && env.crossOriginIsolated !== true) return 'the page is not cross-origin isolated (COOP same-origin and COEP require-corp)';
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 'SharedArrayBuffer is not available';
  if (isNode) return null;
  if (typeof env.Worker !== 'function') return 'Web Workers are not available';
  return null;
}

/** The cores this runtime reports. */
export async function availableCores(): Promise<number> {
  if (isNode) {
    const os = await import('node:os');
    return (os as unknown as { availableParallelism?: () => number }).availableParallelism?.() ?? os.cpus().length;
  }
  return env.navigator?.hardwareConcurrency ?? 1;
}

/** The worker script: next to the bundle in dist/, or the development bundle in build/ (npm run asbuild). */
function workerUrl(): URL {
  const file = typeof __LINCLASS_WORKER__ === 'string' ? __LINCLASS_WORKER__ : '../build/linclass.worker.mjs';
  return new URL(file, import.meta.url);
}

async function spawn(): Promise<WorkerLike & { onReady(cb: (m: unknown) => void): void; onError(cb: (e: unknown) => void): void }> {
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(workerUrl());
    return Object.assign(w, {
      onReady: (cb: (m: unknown) => void) => w.once('message', cb),
      onError: (cb: (e: unknown) => void) => w.once('error', cb),
    });
  }
  const W = env.Worker as new (u: URL, o: { type: 'module' }) => Worker;
  const w = new W(workerUrl(), { type: 'module' });
  return Object.assign(w, {
    onReady: (cb: (m: unknown) => void) => { w.onmessage = (e) => cb(e.data); },
    onError: (cb: (e: unknown) => void) => { w.onerror = (e) => cb(e); },
  });
}

/** A job's arguments beyond the control block's shape. */
export interface Job {
  type: typeof JOB.STEP | typeof JOB.EVAL;
  K: number; loss: number; n: number; Dp: number; C: number; X: number; idx: number; y: number; W: number; b: number;
  dW: number; db: number; parts: number; partStride: number; S: number; sStride: number; pred: number; correct: number; delta: number;
}

export class Pool {
  readonly threads: number;
  readonly #workers: WorkerLike[];
  readonly #ctrl: Int32Array;
  readonly #f64: Float64Array;
  readonly #k: Kernels;

  private constructor(k: Kernels, workers: WorkerLike[], sab: SharedArrayBuffer) {
    this.#k = k;
    this.#workers = workers;
    this.threads = workers.length + 1;
    this.#ctrl = new Int32Array(sab, 0, 32);
    this.#f64 = new Float64Array(sab, 128);
  }

  /** Starts threads − 1 workers on the module and shared memory, and waits until each is ready. */
  static async start(k: Kernels, module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<Pool> {
    const sab = new SharedArrayBuffer(BYTES);
    const workers: WorkerLike[] = [];
    try {
      for (let id = 1; id < threads; id++) {
        const w = await spawn();
        workers.push(w);
        await new Promise<void>((resolve, reject) => {
          w.onReady(() => resolve());
          w.onError((e) => reject(new LinclassError('NOT_SUPPORTED', `A linclass worker thread failed to start: ${String((e as { message?: string })?.message ?? e)}.`)));
          w.postMessage({ module, memory, ctrl: sab, id });
        });
        w.unref?.();
      }
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new Pool(k, workers, sab);
  }

  /** Runs a job on every thread (this one included) and returns when all are done; Σ L_i per block land in losses(). */
  run(job: Job): void {
    const c = this.#ctrl, f = this.#f64, T = this.threads;
    c[I.TYPE] = job.type; c[I.T] = T; c[I.K] = job.K; c[I.LOSS] = job.loss; c[I.N] = job.n; c[I.DP] = job.Dp; c[I.C] = job.C;
    c[I.X] = job.X; c[I.IDX] = job.idx; c[I.Y] = job.y; c[I.W] = job.W; c[I.B] = job.b; c[I.DW] = job.dW; c[I.DB] = job.db;
    c[I.PARTS] = job.parts; c[I.PART_STRIDE] = job.partStride; c[I.S] = job.S; c[I.S_STRIDE] = job.sStride;
    c[I.PRED] = job.pred; c[I.CORRECT] = job.correct; c[I.ERROR] = 0;
    f[F.DELTA] = job.delta;
    Atomics.store(c, I.DONE, 0);
    Atomics.add(c, I.GEN, 1);
    Atomics.notify(c, I.GEN);
    runShare(this.#k as unknown as BlockKernels, c, f, 0);
    const others = T - 1;
    let done = Atomics.load(c, I.DONE);
    for (let s = 0; done < others && s < MAIN_SPINS; s++) done = Atomics.load(c, I.DONE);
    while (done < others) {
      if (isNode) Atomics.wait(c, I.DONE, done, 50);
      done = Atomics.load(c, I.DONE);
    }
    if (c[I.ERROR]) throw new LinclassError('NOT_SUPPORTED', 'A linclass worker thread failed while running its share of a step.');
  }

  /** Block k's Σ L_i from the last job. */
  blockLoss(k: number): number {
    return this.#f64[F.LOSSES + k];
  }

  /** Stops and terminates the workers. */
  stop(): void {
    const c = this.#ctrl;
    c[I.TYPE] = JOB.STOP;
    Atomics.add(c, I.GEN, 1);
    Atomics.notify(c, I.GEN);
    for (const w of this.#workers) w.terminate();
  }
}
