// The limited-memory BFGS direction, on the host in float64: the last m pairs
// s = x_{k+1} − x_k, y = g_{k+1} − g_k and the two-loop recursion (Nocedal &
// Wright, Algorithm 7.4) that applies the inverse-Hessian approximation they
// define to a gradient, starting from H0 = γI with γ = sᵀy / yᵀy of the newest
// pair. Plain arrays, no WebAssembly: the solver around it (lbfgs-run.ts) gets
// the objective and its gradient from the fused kernels.

/** Σ a_i·b_i in float64. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** max_i |a_i|. */
export function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}

export class LbfgsMemory {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  /** Pairs held (≤ m) and the slot the next one goes to. */
  private count = 0;
  private next = 0;

  /** m pairs of n-vectors. */
  constructor(readonly n: number, readonly m: number) {
    this.s = Array.from({ length: m }, () => new Float64Array(n));
    this.y = Array.from({ length: m }, () => new Float64Array(n));
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
  }

  get size(): number {
    return this.count;
  }

  /** Forgets every pair (the direction becomes −g). */
  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  /**
   * Keeps the pair s = x1 − x0, y = g1 − g0 when its curvature sᵀy is
   * positive enough (sᵀy > ε·yᵀy, so that H stays positive definite); returns
   * whether it was kept.
   */
  push(x0: Float64Array, x1: Float64Array, g0: Float64Array, g1: Float64Array): boolean {
    const s = this.s[this.next], y = this.y[this.next];
    let sy = 0, yy = 0;
    for (let i = 0; i < this.n; i++) {
      const si = x1[i] - x0[i], yi = g1[i] - g0[i];
      s[i] = si;
      y[i] = yi;
      sy += si * yi;
      yy += yi * yi;
    }
    if (!(sy > 1e-10 * yy) || yy === 0) return false;
    this.rho[this.next] = 1 / sy;
    this.next = (this.next + 1) % this.m;
    this.count = Math.min(this.count + 1, this.m);
    return true;
  }

  /** d = −H·g by the two-loop recursion (d = −g with no pairs). */
  direction(g: Float64Array, d: Float64Array): void {
    const n = this.n, m = this.m, k = this.count;
    for (let i = 0; i < n; i++) d[i] = g[i];
    if (k === 0) {
      for (let i = 0; i < n; i++) d[i] = -d[i];
      return;
    }
    for (let j = 0; j < k; j++) {
      const slot = (this.next - 1 - j + 2 * m) % m;
      const a = this.rho[slot] * dot(this.s[slot], d);
      this.alpha[slot] = a;
      const y = this.y[slot];
      for (let i = 0; i < n; i++) d[i] -= a * y[i];
    }
    const newest = (this.next - 1 + m) % m, yN = this.y[newest];
    const gamma = 1 / (this.rho[newest] * dot(yN, yN));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let j = k - 1; j >= 0; j--) {
      const slot = (this.next - 1 - j + 2 * m) % m;
      const b = this.rho[slot] * dot(this.y[slot], d);
      const s = this.s[slot], c = this.alpha[slot] - b;
      for (let i = 0; i < n; i++) d[i] += c * s[i];
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
  }
}
