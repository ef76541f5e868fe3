// Threads or one thread, chosen per call from timings of the calls themselves.
// A call's work is rows × padded features × classes; calls are grouped by work
// in half-octaves, steps apart from evaluations. In each group both ways are
// timed (the bits are the same either way), the faster one is used, and every
// CHECK-th call the other way is timed again, so that the choice follows the
// machine (another process taking a core, a wake-up that got slower). A call
// is shared only when sharing was measured faster for calls of its size, so no
// size runs slower with threads than without, beyond the few calls that measure.

/** Timings kept per way and group, the most recent: the best of them is the estimate (interference only slows calls down). */
const KEEP = 4;
/** Timings of each way before the first choice (the first calls also pay for warming up). */
const TRIES = 3;
/** Every CHECK-th call of a group runs the way that lost… */
export const CHECK = 32;
/**
 * …and every WIDE_CHECK-th while sharing is faster by more than WIDE: each
 * one-thread check costs the difference, and a machine that turns against
 * sharing (another process on a core) shows in the shared calls' own timings.
 */
export const WIDE_CHECK = 128;
const WIDE = 1.3;
/** Sharing must beat one thread by this factor (calls of one group differ a little in size and rows). */
const MARGIN = 0.97;
/** Work below which a call always runs on one thread: too short to gain from waking a worker, or to time. */
export const MIN_SHARED_WORK = 2 ** 17;

export type CallKind = 'step' | 'eval';
const KINDS: CallKind[] = ['step', 'eval'];

interface Group {
  /** ms per unit of work of recent calls, on one thread and shared. */
  one: number[];
  shared: number[];
  /** Calls that asked shared(); calls poolFor kept on one thread without asking. */
  calls: number;
  skipped: number;
  /** Calls timed each way so far. */
  ranOne: number;
  ranShared: number;
}

const best = (a: number[]): number => (a.length ? Math.min(...a) : Infinity);
const measured = (g: Group): boolean => g.one.length >= TRIES && g.shared.length >= TRIES;
const sharingWins = (g: Group): boolean => best(g.shared) < MARGIN * best(g.one);

export class Dispatcher {
  readonly #groups = new Map<string, Group>();

  /** prior: work from which sharing is timed first (below it, one thread first). */
  constructor(readonly prior: number) {}

  #group(kind: CallKind, work: number): Group {
    const key = `${kind} ${Math.floor(2 * Math.log2(work))}`;
    let g = this.#groups.get(key);
    if (!g) this.#groups.set(key, (g = { one: [], shared: [], calls: 0, skipped: 0, ranOne: 0, ranShared: 0 }));
    return g;
  }

  /**
   * False when calls of this work are known to be better off on one thread
   * (poolFor then keeps them there without timing them, except every CHECK-th).
   */
  mayShare(work: number): boolean {
    if (work < MIN_SHARED_WORK) return false;
    const groups = KINDS.map((kind) => this.#group(kind, work));
    if (groups.some((g) => !measured(g) || sharingWins(g))) return true;
    return ++groups[0].skipped % CHECK === 0;
  }

  /** True when this call should be shared by the pool's threads. */
  shared(kind: CallKind, work: number): boolean {
    if (work < MIN_SHARED_WORK) return false;
    const g = this.#group(kind, work);
    g.calls++;
    if (!measured(g)) {
      if (g.one.length >= TRIES) return true;
      if (g.shared.length >= TRIES) return false;
      const sharedFirst = work >= this.prior;
      return (g.one.length + g.shared.length) % 2 === 0 ? sharedFirst : !sharedFirst;
    }
    const wins = sharingWins(g);
    const every = wins && best(g.one) > WIDE * best(g.shared) ? WIDE_CHECK : CHECK;
    return g.calls % every === 0 ? !wins : wins;
  }

  /** How long a call of this work is expected to take on one thread (ms; 1 before any timing), at most 20. */
  oneThreadMs(kind: CallKind, work: number): number {
    const t = best(this.#group(kind, work).one) * work;
    return Number.isFinite(t) ? Math.min(20, t) : 1;
  }

  /** Records how long a call took (ms) and which way it ran. */
  record(kind: CallKind, work: number, shared: boolean, ms: number): void {
    const g = this.#group(kind, work);
    const a = shared ? g.shared : g.one;
    if (shared) g.ranShared++;
    else g.ranOne++;
    a.push(ms / work);
    if (a.length > KEEP) a.shift();
  }

  /** Calls run each way so far, per group (for reports: how often the choice was one thread). */
  counts(): Record<string, { shared: number; one: number }> {
    const out: Record<string, { shared: number; one: number }> = {};
    for (const [key, g] of this.#groups) if (g.ranOne || g.ranShared) out[key] = { shared: g.ranShared, one: g.ranOne };
    return out;
  }

  /** The choice per group so far ('step 45' covers work in [2^22.5, 2^23)): 'threads', 'one' or 'measuring'. */
  summary(): Record<string, 'threads' | 'one' | 'measuring'> {
    const out: Record<string, 'threads' | 'one' | 'measuring'> = {};
    for (const [key, g] of [...this.#groups].sort()) {
      if (g.one.length || g.shared.length) out[key] = !measured(g) ? 'measuring' : sharingWins(g) ? 'threads' : 'one';
    }
    return out;
  }
}
