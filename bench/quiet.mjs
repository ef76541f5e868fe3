// Timing on a shared machine. When other processes want the same cores, a
// timing window stretches by the time this process's threads sat runnable but
// not running; Linux counts that time per thread (/proc/self/task/*/schedstat,
// second field, in ns). quietTime keeps the windows during which no thread of
// this process waited, and reports their median; when the machine never went
// quiet, the median of the least disturbed windows, flagged. Where the counter
// is missing (other systems, browsers), every window counts.
import { readFileSync, readdirSync } from 'node:fs';

/** ns the threads of these processes (default: this one) have spent runnable but waiting for a CPU, or NaN where Linux does not say. */
export function waitNs(pids = ['self']) {
  let sum = 0;
  for (const pid of pids) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      if (pid === 'self') return NaN;
      continue; // a process that ended
    }
    for (const t of tasks) {
      try {
        sum += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[1]);
      } catch {
        // a thread that ended between the listing and the read
      }
    }
  }
  return sum;
}

/** The process `root` and all its descendants (a browser and its renderers), from /proc; [] elsewhere. */
export function processTree(root) {
  try {
    const parent = new Map();
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // ended
      }
    }
    const out = [root];
    for (let grew = true; grew;) {
      grew = false;
      for (const [p, pp] of parent) if (out.includes(pp) && !out.includes(p)) { out.push(p); grew = true; }
    }
    return out;
  } catch {
    return [];
  }
}

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];

/**
 * ms per call of fn. Windows of at least windowMs (a call longer than that is
 * one window); stops after at least `want` quiet windows and budgetMs, or at maxMs.
 * A window is quiet when this process's threads waited for a CPU at most
 * maxWait of its length. Returns { ms, quiet (windows kept), windows }.
 */
export function quietTime(fn, { windowMs = 10, budgetMs = 200, maxMs = 6000, want = 7, maxWait = 0.002 } = {}) {
  globalThis.gc?.();
  const all = [];
  const start = performance.now();
  for (;;) {
    const w0 = waitNs();
    const t0 = performance.now();
    let reps = 0;
    do {
      fn();
      reps++;
    } while (performance.now() - t0 < windowMs);
    const t1 = performance.now();
    const wait = (waitNs() - w0) / 1e6 / (t1 - t0);
    all.push({ ms: (t1 - t0) / reps, wait: Number.isNaN(wait) ? 0 : wait });
    const r = settle(all, want, budgetMs, maxMs, performance.now() - start, maxWait);
    if (r) return r;
  }
}

/**
 * The same rule for windows timed elsewhere (a browser page): `window()`
 * resolves to { ms, wallMs } for one window, and `pids` are the processes whose
 * waiting counts.
 */
export async function quietTimeAsync(window, pids, { budgetMs = 200, maxMs = 6000, want = 7, maxWait = 0.002 } = {}) {
  const all = [];
  const start = performance.now();
  for (;;) {
    const w0 = waitNs(pids);
    const t0 = performance.now();
    const ms = await window();
    const t1 = performance.now();
    const wait = (waitNs(pids) - w0) / 1e6 / (t1 - t0);
    all.push({ ms, wait: Number.isNaN(wait) ? 0 : wait });
    const r = settle(all, want, budgetMs, maxMs, performance.now() - start, maxWait);
    if (r) return r;
  }
}

function settle(all, want, budgetMs, maxMs, el, maxWait) {
  const quiet = all.filter((w) => w.wait <= maxWait);
  if (!((quiet.length >= want && el >= budgetMs) || el >= maxMs)) return null;
  if (quiet.length >= Math.min(want, 3)) return { ms: median(quiet.map((w) => w.ms)), quiet: quiet.length, windows: all.length };
  const best = [...all].sort((a, b) => a.wait - b.wait).slice(0, Math.max(1, Math.min(want, all.length)));
  return { ms: median(best.map((w) => w.ms)), quiet: quiet.length, windows: all.length };
}
