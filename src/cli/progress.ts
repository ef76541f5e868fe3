// Training progress: on a terminal a bar per epoch (steps done, running loss),
// replaced by the epoch's line when it ends; elsewhere only the epoch lines.
import { SingleBar } from 'cli-progress';
import type { EpochRecord, FitProgress } from '../api.js';
import { frac, out } from './io.js';

export interface Progress {
  /** Called with everything fitAsync yields. */
  update(p: FitProgress): void;
  /** Clears the bar, if any. */
  stop(): void;
}

/** The line printed after each epoch (L-BFGS: each iteration); `epochs` is the most there can be, when known. */
export function epochLine(label: string, r: EpochRecord, epochs: number | undefined, unit = 'epoch'): string {
  const e = epochs === undefined ? String(r.epoch) : `${String(r.epoch).padStart(String(epochs).length)}/${epochs}`;
  return `  ${label} ${unit} ${e}  loss ${r.loss.toFixed(4)}  train ${frac(r.trainAccuracy)}` +
    `${r.valAccuracy === undefined ? '' : `  test ${frac(r.valAccuracy)}`}  ${r.seconds.toFixed(2)} s`;
}

/** Progress for one training run; the bar goes to stderr, and only when it is a terminal and `bar` is set. */
export function progress(label: string, epochs: number | undefined, bar: boolean): Progress {
  const tty = bar && process.stderr.isTTY === true;
  let current: SingleBar | null = null;
  const stopBar = () => {
    current?.stop();
    current = null;
  };
  return {
    update(p) {
      if (p.record) {
        stopBar();
        out(epochLine(label, p.record, epochs, p.solver === 'lbfgs' ? 'iteration' : 'epoch'));
        return;
      }
      if (!tty || p.done) return;
      if (!current) {
        const of = epochs === undefined ? '' : `/${epochs}`, width = of.length - 1;
        current = new SingleBar({
          format: `  ${label} ${p.solver === 'lbfgs' ? 'iteration' : 'epoch'} ${String(p.epoch).padStart(width)}${of} [{bar}] {percentage}%  step loss {loss}  {duration}s`,
          stream: process.stderr, clearOnComplete: true, hideCursor: true, barsize: 30, fps: 10,
        });
        current.start(p.stepsPerEpoch, 0, { loss: '…' });
      }
      current.update(p.step, { loss: Number.isFinite(p.loss) ? p.loss.toFixed(4) : String(p.loss) });
    },
    stop: stopBar,
  };
}
