// Where worker threads come from: each entry point hands init() a platform —
// Node's worker_threads (node.ts), a browser's module Workers (web.ts), or none
// (the script-tag and edge builds) — so the browser build carries no `node:`
// import at all. Workers run the worker script that sits next to the bundle,
// never a blob: URL.

/** A started worker: what the pool needs of a Node Worker or a browser Worker. */
export interface WorkerHandle {
  postMessage(m: unknown): void;
  terminate(): unknown;
}

/** What starting workers needs: loaded, the core count; or why threads cannot run here. */
export type Prepared = { cores: number } | { reason: string };

export interface Platform {
  /** True where the calling thread may sleep in Atomics.wait (Node); a browser's main thread polls. */
  readonly blockingWait: boolean;
  /** Loads what spawn() needs and counts the cores, or says why threads cannot run. */
  prepare(): Promise<Prepared>;
  /** Starts one worker on the worker script (after prepare). onError hears it fail to load or run. It never keeps a process alive. */
  spawn(onError: (message: string) => void): WorkerHandle;
}

/** A platform that runs everything on one thread, for the given reason. */
export function singleThreaded(reason: string): Platform {
  return {
    blockingWait: false,
    prepare: () => Promise.resolve({ reason }),
    spawn: () => { throw new Error(reason); },
  };
}

/** Why SharedArrayBuffer and Atomics are missing, or null when they are there. */
export function sharedMemoryMissing(): string | null {
  return typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object' ? 'SharedArrayBuffer is not available' : null;
}
