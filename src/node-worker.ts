// A linclass worker in Node, Bun or Deno (worker_threads; bundled to
// dist/linclass.node-worker.mjs).
import { parentPort } from 'node:worker_threads';
import { serveJobs, type WorkerInit } from './runtime/worker-loop.js';

parentPort!.once('message', (m: WorkerInit) => {
  serveJobs(m);
  // the thread ends: Node and Bun close the port; Deno's worker_threads port has no close(), its worker scope has one
  const port = parentPort as { close?: () => void };
  if (typeof port.close === 'function') port.close();
  else (globalThis as { close?: () => void }).close?.();
});
