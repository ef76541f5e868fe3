// A worker fault in one process: run as `node --import tsx tests/lifecycle/faults.ts between|during`.
//   between: a worker is terminated from outside between fitAsync's steps;
//   during:  a worker dies holding a block of a step (Pool.failWorker).
// Prints one JSON line: the error the fit met (if any), threadInfo() after,
// and the weights' hash against a fit on the threads before the fault.
import { createHash } from 'node:crypto';
import { init, threadInfo } from '../../src/index.js';
import { activeWorkerPool } from '../../src/runtime/module.js';
import { data, fitBytes, fitThroughFault, fresh, options, warmUp, weightBytes, type Fault } from './fault-scenario.js';

const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 8);

await init({ threads: 2, threadThreshold: 0 });
await warmUp();
const reference = hash(fitBytes());
let error: Fault | undefined;
let result: string;
if (process.argv[2] === 'between') {
  const clf = fresh();
  for await (const p of clf.fitAsync(data, options)) if (p.record && p.record.epoch === 1) activeWorkerPool()!.terminateWorker(1);
  result = hash(weightBytes(clf));
  clf.dispose();
} else {
  error = fitThroughFault();
  result = hash(fitBytes());
}
// the fault's events (a worker's error and exit) arrive on later turns
await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({ info: threadInfo(), error, hash: result, reference }));
