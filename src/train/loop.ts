// The training loop behind fit, partialFit and fitAsync: one generator. fit
// and partialFit drain it at once; fitAsync drains it a few milliseconds at a
// time, yielding to the event loop in between.
import type { LinclassError } from '../base/errors.js';
import type { Params } from '../model/params.js';
import { Run, type FitProgress, type History, type Owner } from './run.js';

const never = (): boolean => false;

/**
 * Trains params on `train`: epochs of steps, a record after each epoch. Yields
 * each epoch's progress, mid-epoch progress whenever `pause()` says so, and a
 * last progress with `done` and the history, which it also returns. Checks
 * everything before the first step; a run that throws (DIVERGED) leaves the
 * weights of the last finite step.
 */
export function* training(params: Params, owner: Owner, train: unknown, options: unknown, pause = never): Generator<FitProgress, History> {
  const run = Run.start(params, owner, train, options);
  let diverged = false;
  try {
    for (let e = 0; e < run.epochs; e++) {
      run.beginEpoch();
      while (!run.epochDone) {
        run.stepOnce();
        if (pause()) yield run.progress();
      }
      const { record, stop } = run.endEpoch();
      yield run.progress(record);
      if (stop) break;
    }
    const history = run.finish();
    yield { ...run.progress(), epoch: run.epoch - 1, done: true, history };
    return history;
  } catch (e) {
    diverged = (e as LinclassError).code === 'DIVERGED';
    throw e;
  } finally {
    run.dispose(diverged);
  }
}

/** fit and partialFit: the loop drained in one go. */
export function fitSync(params: Params, owner: 'fit' | 'partialFit', train: unknown, options: unknown): History {
  const loop = training(params, owner, train, options);
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
  }
}

/** Milliseconds of work between two yields of fitAsync. */
const SLICE_MS = 12;

const immediate = (globalThis as { setImmediate?: (cb: () => void) => void }).setImmediate;
const yieldToLoop: () => Promise<void> = typeof immediate === 'function'
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
  const loop = training(params, 'fitAsync', train, options, () => performance.now() - slice > SLICE_MS);
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
