// fit, partialFit and fitAsync drive one generator, the loop of the run
// start.ts sets up (the mini-batch solver's in run.ts, or L-BFGS's):
// fit and partialFit drain it at once; fitAsync drains it a few milliseconds at
// a time, yielding to the event loop in between.
import type { Params } from '../model/params.js';
import type { FitProgress, History } from './run.js';
import { startRun } from './start.js';

const never = (): boolean => false;

/** fit and partialFit: the run's loop drained in one go. */
export function fitSync(params: Params, owner: 'fit' | 'partialFit', train: unknown, options: unknown): History {
  const loop = startRun(params, owner, train, options).loop(never);
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
  }
}

/** Milliseconds of work between two yields of fitAsync. */
const SLICE_MS = 12;

const immediate = (globalThis as { setImmediate?: (cb: () => void) => void }).setImmediate;
/** Resolves on a later turn of the event loop (setImmediate, a MessageChannel, or a timer). */
export const yieldToLoop: () => Promise<void> = typeof immediate === 'function'
  ? () => new Promise((r) => immediate(r))
  : typeof MessageChannel === 'function'
    ? () => new Promise((r) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { ch.port1.close(); r(); };
      ch.port2.postMessage(null);
    })
    : () => new Promise((r) => setTimeout(r, 0));

/** fitAsync: the same loop, yielding to the event loop every few milliseconds and after each epoch. */
export async function* fitAsync(params: Params, train: unknown, options: unknown): AsyncGenerator<FitProgress, History> {
  let slice = performance.now();
  const loop = startRun(params, 'fitAsync', train, options).loop(() => performance.now() - slice > SLICE_MS);
  try {
    for (;;) {
      const r = loop.next();
      if (r.done) return r.value;
      yield r.value;
      await yieldToLoop();
      slice = performance.now();
    }
  } finally {
    loop.return(undefined as never);
  }
}
