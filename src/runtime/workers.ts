// Where worker threads come from: Node's worker_threads or a browser's module
// Workers, started on the worker script that sits next to the bundle (never a
// blob: URL), and whether this runtime can run the threads build at all.

declare const __LINCLASS_WORKER__: string | undefined;

export interface WorkerLike { postMessage(m: unknown): void; terminate(): unknown; unref?(): void }

const env = globalThis as unknown as {
  process?: { versions?: { node?: string } }; crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number };
};
export const isNode = !!env.process?.versions?.node;

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
  const file = typeof __LINCLASS_WORKER__ === 'string' ? __LINCLASS_WORKER__ : '../../build/linclass.worker.mjs';
  return new URL(file, import.meta.url);
}

/** Starts one worker on the worker script; onReady and onError see its first message and its first error. */
export async function spawn(): Promise<WorkerLike & { onReady(cb: (m: unknown) => void): void; onError(cb: (e: unknown) => void): void }> {
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
