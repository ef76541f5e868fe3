// A linclass worker in Node, Bun or Deno (worker_threads; bundled to
// dist/linclass.node-worker.mjs).
import { parentPort } from 'node:worker_threads';
import { serveJobs, type WorkerInit } from './runtime/worker-loop.js';

parentPort!.once('message', (m: WorkerInit) => {
  serveJobs(m);
  parentPort!.close();
});
