// A linclass worker in a browser (a module Worker; bundled to
// dist/linclass.worker.mjs, with no node: import, so bundlers take it as it is).
import { serveJobs, type WorkerInit } from './runtime/worker-loop.js';

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<WorkerInit>) => void) | null; close(): void };
scope.onmessage = (e) => {
  scope.onmessage = null;
  serveJobs(e.data);
  scope.close();
};
