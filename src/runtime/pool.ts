// The thread pool: persistent workers on the threads build's shared memory,
// started on the first call large enough to share (init() never waits for
// them), and used once every one has said it is ready. The calling thread writes a job into the control block, bumps the generation
// counter and wakes the workers (no postMessage per step), runs its own share,
// then waits for the others. Steps are split into blocks chosen from the row
// count alone and reduced in block order, so the bits do not depend on the
// number of threads (see assembly/step.ts).
import { I, F, JOB, controlBytes, controlViews, runShare, firstClaim, type BlockKernels } from './pool-layout.js';
import type { Kernels } from './kernels.js';
import { LinclassError } from '../base/errors.js';
import type { Platform, WorkerHandle } from './workers.js';

/** Which mode init() chose, and why. */
export interface ThreadInfo {
  /** 'threads': large calls are shared by `threads` threads; 'single': one thread. */
  mode: 'threads' | 'single';
  threads: number;
  /** Why threads are off (when mode is 'single'). */
  reason?: string;
  /**
   * With mode 'threads': whether the workers are up. They start on the first
   * call of at least threadThreshold work, and calls run on the calling thread
   * until every one is ready (same results); a worker that fails to start turns
   * the mode to 'single', with the reason.
   */
  ready?: boolean;
}

/** A job's arguments beyond the control block's shape. */
export interface Job {
  type: typeof JOB.STEP | typeof JOB.EVAL;
  K: number; loss: number; n: number; Dp: number; C: number; X: number; idx: number; y: number; w: number; W: number; b: number;
  dW: number; db: number; parts: number; partStride: number; S: number; sStride: number; pred: number; correct: number;
  delta: number; norm: number;
}

/** How long the calling thread polls for the other threads' blocks before it sleeps (Node). */
const MAIN_SPIN_MS = 2;
/** How long a worker polls for the next job before it sleeps, by default (µs). */
const WORKER_SPIN_US = 200;
/**
 * The longest the calling thread waits for the other threads' blocks once its
 * own are done: FAULT_MS, or FAULT_TIMES its own share's time when that is
 * longer. Blocks are of equal size, so a live thread, even one descheduled on a
 * busy machine, finishes far sooner; a worker that died holding a block never does.
 */
const FAULT_MS = 5000;
const FAULT_TIMES = 200;

export class Pool {
  readonly threads: number;
  /** The most blocks a job has: the module's MAX_BLOCKS, which sizes the control block. */
  readonly maxBlocks: number;
  readonly #workers: WorkerHandle[] = [];
  readonly #sab: SharedArrayBuffer;
  readonly #ctrl: Int32Array;
  readonly #f64: Float64Array;
  /** [0]: how many workers are ready, each adds 1 (worker-loop.ts). */
  readonly #ready = new SharedArrayBuffer(4);
  readonly #readyCount = new Int32Array(this.#ready);
  readonly #k: Kernels;
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #platform: Platform;
  readonly #onFail: (reason: string) => void;
  #state: 'idle' | 'starting' | 'ready' | 'stopped' = 'idle';

  /** A pool of threads − 1 workers on the module and shared memory, started by the first ready() call. onFail hears a worker fail. */
  constructor(k: Kernels, module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, platform: Platform, onFail: (reason: string) => void) {
    this.#k = k;
    this.#module = module;
    this.#memory = memory;
    this.#platform = platform;
    this.#onFail = onFail;
    this.threads = threads;
    this.maxBlocks = k.MAX_BLOCKS.value as number;
    this.#sab = new SharedArrayBuffer(controlBytes(this.maxBlocks));
    ({ ctrl: this.#ctrl, f64: this.#f64 } = controlViews(this.#sab));
    this.#ctrl[I.SPIN_US] = WORKER_SPIN_US;
  }

  /** How long (µs) a worker polls for the next job before it sleeps; 0 sleeps at once. */
  get spinMicros(): number {
    return this.#ctrl[I.SPIN_US];
  }

  set spinMicros(us: number) {
    Atomics.store(this.#ctrl, I.SPIN_US, Math.max(0, Math.round(us)));
  }

  /**
   * Before a call this thread runs alone between shared ones (the dispatcher
   * timing one thread): has the workers poll for the next job for `us` more
   * µs, waking any that sleeps, so that the shared call after it starts at
   * once instead of waiting for a wake-up (on a virtual machine's idle core,
   * measured: milliseconds, several calls' worth). Nothing with spinning off.
   */
  keepWarm(us: number): void {
    const c = this.#ctrl;
    if (this.#state !== 'ready' || c[I.SPIN_US] === 0) return;
    Atomics.store(c, I.KEEP_US, Math.max(0, Math.round(us)));
    Atomics.add(c, I.KEEP, 1);
    Atomics.notify(c, I.GEN);
  }

  /** True once every worker is ready; the first call starts them (and returns false). Checked in shared memory: no event loop turn needed. */
  ready(): boolean {
    if (this.#state === 'ready') return true;
    if (this.#state === 'idle') this.#start();
    if (this.#state === 'starting' && Atomics.load(this.#readyCount, 0) === this.threads - 1) this.#state = 'ready';
    return this.#state === 'ready';
  }

  /** Whether the workers are up, without starting them. */
  get isReady(): boolean {
    return this.#state === 'ready' || (this.#state === 'starting' && this.ready());
  }

  #start(): void {
    this.#state = 'starting';
    const fail = (why: string) => this.#fail(this.#state === 'ready' ? `a worker thread stopped (${why})` : `the worker threads did not start (${why})`);
    try {
      for (let id = 1; id < this.threads; id++) {
        const w = this.#platform.spawn(fail);
        this.#workers.push(w);
        w.postMessage({ module: this.#module, memory: this.#memory, ctrl: this.#sab, ready: this.#ready, id });
      }
    } catch (e) {
      fail((e as Error).message);
    }
  }

  /** Stops the pool after a worker failed; onFail turns the module to one thread with the reason. */
  #fail(reason: string): void {
    if (this.#state === 'stopped') return;
    this.stop();
    this.#onFail(reason);
  }

  /** Tests: terminates worker `id` (1 … threads − 1) from outside, as a browser or an out-of-memory kill would. */
  terminateWorker(id: number): void {
    this.#workers[id - 1]?.terminate();
  }

  /** Tests: worker `id` (1 … threads − 1) dies during the next job, holding one of its blocks. */
  failWorker(id: number): void {
    Atomics.store(this.#ctrl, I.FAULT, id);
  }

  /**
   * Tests (failWorker): waits until the faulty worker has claimed a block (it
   * then clears FAULT, so this happens once), up to 30 s on a busy machine.
   */
  #letFaultyWorkerClaim(): void {
    const c = this.#ctrl, until = performance.now() + 30000;
    while (Atomics.load(c, I.FAULT) !== 0 && (Atomics.load(c, I.NEXT) & 255) === 0 && performance.now() < until) { /* spin */ }
  }

  /** Runs a job on every thread (this one included) and returns when all its blocks are done; block k's Σ L_i is then blockLoss(k). */
  run(job: Job): void {
    const c = this.#ctrl, f = this.#f64, T = this.threads;
    c[I.TYPE] = job.type; c[I.T] = T; c[I.K] = job.K; c[I.LOSS] = job.loss; c[I.N] = job.n; c[I.DP] = job.Dp; c[I.C] = job.C;
    c[I.X] = job.X; c[I.IDX] = job.idx; c[I.Y] = job.y; c[I.WGT] = job.w; c[I.W] = job.W; c[I.B] = job.b; c[I.DW] = job.dW; c[I.DB] = job.db;
    c[I.PARTS] = job.parts; c[I.PART_STRIDE] = job.partStride; c[I.S] = job.S; c[I.S_STRIDE] = job.sStride;
    c[I.PRED] = job.pred; c[I.CORRECT] = job.correct; c[I.ERROR] = 0;
    f[F.DELTA] = job.delta;
    const gen = c[I.GEN] + 1;
    f[F.NORM] = job.norm;
    Atomics.store(c, I.DONE, 0);
    Atomics.store(c, I.NEXT, firstClaim(gen));
    Atomics.store(c, I.GEN, gen);
    Atomics.notify(c, I.GEN);
    if (c[I.FAULT] !== 0) this.#letFaultyWorkerClaim();
    const t0 = performance.now();
    runShare(this.#k as unknown as BlockKernels, c, f, 0, gen);
    // The blocks still running elsewhere end soon: poll a while, then (Node) sleep.
    // A browser's main thread may not sleep in Atomics.wait: it polls throughout.
    let done = Atomics.load(c, I.DONE);
    const t1 = performance.now(), until = t1 + MAIN_SPIN_MS, limit = t1 + Math.max(FAULT_MS, FAULT_TIMES * (t1 - t0));
    while (done < job.K) {
      const now = performance.now();
      if (now > limit) {
        const waited = Math.round(now - t1);
        this.#fail(`a worker thread did not finish its share of a step within ${waited} ms and was stopped`);
        throw new LinclassError('WORKER_FAILED',
          `A linclass worker thread stopped answering during this call (no result after ${waited} ms): the step was abandoned, and the weights are those from before it. ` +
          'The workers were stopped; linclass goes on with one thread (threadInfo() says so), with the same results.');
      }
      if (this.#platform.blockingWait && now > until) Atomics.wait(c, I.DONE, done, 50);
      done = Atomics.load(c, I.DONE);
    }
    if (c[I.ERROR]) throw new LinclassError('NOT_SUPPORTED', 'A linclass thread failed while running its share of a step.');
  }

  /** Block k's Σ L_i from the last job. */
  blockLoss(k: number): number {
    return this.#f64[F.LOSSES + k];
  }

  /** Stops and terminates the workers. */
  stop(): void {
    const c = this.#ctrl;
    this.#state = 'stopped';
    c[I.TYPE] = JOB.STOP;
    Atomics.store(c, I.GEN, c[I.GEN] + 1);
    Atomics.notify(c, I.GEN);
    for (const w of this.#workers) w.terminate();
  }
}
