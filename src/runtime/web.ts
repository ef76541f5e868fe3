// Threads in browsers (and Deno's web Workers): module Workers on
// linclass.worker.mjs beside the bundle, on cross-origin-isolated pages only.
// The worker's address is written `new Worker(new URL('./linclass.worker.mjs',
// import.meta.url), { type: 'module' })` in the built file, the form Vite,
// webpack 5 and Parcel recognise and bundle as a worker of its own.
import { sharedMemoryMissing, type Platform, type Prepared, type WorkerHandle } from './workers.js';

/** The worker script's address relative to the bundle; every build defines it. */
declare const __LINCLASS_WORKER__: string;

const env = globalThis as unknown as {
  crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number };
};

export const webPlatform: Platform = {
  blockingWait: false,
  prepare(): Promise<Prepared> {
    const reason = env.crossOriginIsolated !== true ? 'the page is not cross-origin isolated (COOP same-origin and COEP require-corp)'
      : sharedMemoryMissing() ?? (typeof env.Worker !== 'function' ? 'Web Workers are not available' : null);
    return Promise.resolve(reason === null ? { cores: env.navigator?.hardwareConcurrency ?? 1 } : { reason });
  },
  spawn(onError: (message: string) => void): WorkerHandle {
    let w: Worker;
    try {
      w = new Worker(new URL(__LINCLASS_WORKER__, import.meta.url), { type: 'module' });
    } catch (e) {
      throw new Error(`the worker script's address is unknown here (${(e as Error).message}): this bundle has no import.meta.url; bundle as ESM and emit linclass.worker.mjs beside it (see the README)`);
    }
    w.onerror = (e) => {
      e.preventDefault();
      onError(e.message || 'the worker script linclass.worker.mjs did not load: a bundler must emit it beside the bundle (see the README)');
    };
    return w;
  },
};
