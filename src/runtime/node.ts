// Threads in Node (and Bun, Deno through their node: modules): worker_threads
// on linclass.node-worker.mjs beside the bundle. The node: modules are imported
// when threads are first planned, so this file also loads in a browser (where
// the Node ESM build then uses web.ts).
import { sharedMemoryMissing, type Platform, type Prepared, type WorkerHandle } from './workers.js';

/** The Node worker script's address relative to the bundle; in development, the build/ copy (npm run asbuild). */
declare const __LINCLASS_NODE_WORKER__: string | undefined;

type NodeWorker = WorkerHandle & {
  once(event: 'error', cb: (e: Error) => void): void;
  once(event: 'exit', cb: (code: number) => void): void;
  unref(): void;
};
let WorkerClass: (new (url: URL) => NodeWorker) | null = null;

export const nodePlatform: Platform = {
  blockingWait: true,
  async prepare(): Promise<Prepared> {
    const missing = sharedMemoryMissing();
    if (missing !== null) return { reason: missing };
    const [os, threads] = await Promise.all([import('node:os'), import('node:worker_threads')]);
    WorkerClass = threads.Worker as unknown as new (url: URL) => NodeWorker;
    return { cores: (os as { availableParallelism?: () => number }).availableParallelism?.() ?? os.cpus().length };
  },
  spawn(onError: (message: string) => void): WorkerHandle {
    const file = typeof __LINCLASS_NODE_WORKER__ === 'string' ? __LINCLASS_NODE_WORKER__ : '../../build/linclass.node-worker.mjs';
    const w = new WorkerClass!(new URL(file, import.meta.url));
    w.once('error', (e) => onError(e.message));
    // A worker that ends by itself (terminated from outside, out of memory) is a fault too; stop() ignores its own.
    w.once('exit', (code) => onError(`it exited with code ${code}`));
    w.unref();
    return w;
  },
};

/** True in Node, Bun and Deno (which all report a Node version). */
export const isNode = !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
