// Parameter updates, elementwise over count f32 (W and b stored back to back,
// count a multiple of 4, pointers 16-byte aligned). x are the parameters, g the
// gradient; state buffers start at zero. The forms are the notes', in f32; each
// SIMD kernel performs the same operations in the same order as its scalar twin,
// so the two agree bit for bit (sqrt and division are correctly rounded in both).

/** x −= lr·g */
export function sgd_simd(count: i32, x: usize, g: usize, lr: f32): void {
  const vlr = f32x4.splat(lr);
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    v128.store(x + p, f32x4.sub(v128.load(x + p), f32x4.mul(vlr, v128.load(g + p))));
  }
}

export function sgd_scalar(count: i32, x: usize, g: usize, lr: f32): void {
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    store<f32>(x + p, load<f32>(x + p) - lr * load<f32>(g + p));
  }
}

/** v = μ·v − lr·g; x += v */
export function momentum_simd(count: i32, x: usize, g: usize, v: usize, lr: f32, mu: f32): void {
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(mu);
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    const nv = f32x4.sub(f32x4.mul(vmu, v128.load(v + p)), f32x4.mul(vlr, v128.load(g + p)));
    v128.store(v + p, nv);
    v128.store(x + p, f32x4.add(v128.load(x + p), nv));
  }
}

export function momentum_scalar(count: i32, x: usize, g: usize, v: usize, lr: f32, mu: f32): void {
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    const nv = mu * load<f32>(v + p) - lr * load<f32>(g + p);
    store<f32>(v + p, nv);
    store<f32>(x + p, load<f32>(x + p) + nv);
  }
}

/** v_prev = v; v = μ·v − lr·g; x += −μ·v_prev + (1 + μ)·v */
export function nesterov_simd(count: i32, x: usize, g: usize, v: usize, lr: f32, mu: f32): void {
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(mu), vmu1 = f32x4.splat(1 + mu);
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    const prev = v128.load(v + p);
    const nv = f32x4.sub(f32x4.mul(vmu, prev), f32x4.mul(vlr, v128.load(g + p)));
    v128.store(v + p, nv);
    const dx = f32x4.add(f32x4.neg(f32x4.mul(vmu, prev)), f32x4.mul(vmu1, nv));
    v128.store(x + p, f32x4.add(v128.load(x + p), dx));
  }
}

export function nesterov_scalar(count: i32, x: usize, g: usize, v: usize, lr: f32, mu: f32): void {
  const mu1: f32 = 1 + mu;
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    const prev = load<f32>(v + p);
    const nv = mu * prev - lr * load<f32>(g + p);
    store<f32>(v + p, nv);
    store<f32>(x + p, load<f32>(x + p) + (-(mu * prev) + mu1 * nv));
  }
}

/** cache += g²; x −= lr·g / (√cache + ε) */
export function adagrad_simd(count: i32, x: usize, g: usize, cache: usize, lr: f32, eps: f32): void {
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps);
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    const gv = v128.load(g + p);
    const c = f32x4.add(v128.load(cache + p), f32x4.mul(gv, gv));
    v128.store(cache + p, c);
    const step = f32x4.div(f32x4.mul(vlr, gv), f32x4.add(f32x4.sqrt(c), veps));
    v128.store(x + p, f32x4.sub(v128.load(x + p), step));
  }
}

export function adagrad_scalar(count: i32, x: usize, g: usize, cache: usize, lr: f32, eps: f32): void {
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    const gv = load<f32>(g + p);
    const c = load<f32>(cache + p) + gv * gv;
    store<f32>(cache + p, c);
    store<f32>(x + p, load<f32>(x + p) - (lr * gv) / (Mathf.sqrt(c) + eps));
  }
}

/** cache = ρ·cache + (1 − ρ)·g²; x −= lr·g / (√cache + ε) */
export function rmsprop_simd(count: i32, x: usize, g: usize, cache: usize, lr: f32, rho: f32, eps: f32): void {
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps), vrho = f32x4.splat(rho), vrho1 = f32x4.splat(1 - rho);
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    const gv = v128.load(g + p);
    const c = f32x4.add(f32x4.mul(vrho, v128.load(cache + p)), f32x4.mul(vrho1, f32x4.mul(gv, gv)));
    v128.store(cache + p, c);
    const step = f32x4.div(f32x4.mul(vlr, gv), f32x4.add(f32x4.sqrt(c), veps));
    v128.store(x + p, f32x4.sub(v128.load(x + p), step));
  }
}

export function rmsprop_scalar(count: i32, x: usize, g: usize, cache: usize, lr: f32, rho: f32, eps: f32): void {
  const rho1: f32 = 1 - rho;
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    const gv = load<f32>(g + p);
    const c = rho * load<f32>(cache + p) + rho1 * (gv * gv);
    store<f32>(cache + p, c);
    store<f32>(x + p, load<f32>(x + p) - (lr * gv) / (Mathf.sqrt(c) + eps));
  }
}

/**
 * m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * x −= lr·(m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε), t ≥ 1 the step count.
 * The bias corrections are computed here in f64, so every runtime gets the same bits.
 */
export function adam_simd(count: i32, x: usize, g: usize, m: usize, v: usize, lr: f32, beta1: f32, beta2: f32, eps: f32, t: i32): void {
  const c1 = <f32>(1 - Math.pow(<f64>beta1, <f64>t)), c2 = <f32>(1 - Math.pow(<f64>beta2, <f64>t));
  const vb1 = f32x4.splat(beta1), vb11 = f32x4.splat(1 - beta1), vb2 = f32x4.splat(beta2), vb21 = f32x4.splat(1 - beta2);
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  for (let i = 0; i < count; i += 4) {
    const p = <usize>i << 2;
    const gv = v128.load(g + p);
    const nm = f32x4.add(f32x4.mul(vb1, v128.load(m + p)), f32x4.mul(vb11, gv));
    const nv = f32x4.add(f32x4.mul(vb2, v128.load(v + p)), f32x4.mul(vb21, f32x4.mul(gv, gv)));
    v128.store(m + p, nm);
    v128.store(v + p, nv);
    const step = f32x4.div(f32x4.mul(vlr, f32x4.div(nm, vc1)), f32x4.add(f32x4.sqrt(f32x4.div(nv, vc2)), veps));
    v128.store(x + p, f32x4.sub(v128.load(x + p), step));
  }
}

export function adam_scalar(count: i32, x: usize, g: usize, m: usize, v: usize, lr: f32, beta1: f32, beta2: f32, eps: f32, t: i32): void {
  const c1 = <f32>(1 - Math.pow(<f64>beta1, <f64>t)), c2 = <f32>(1 - Math.pow(<f64>beta2, <f64>t));
  const b11: f32 = 1 - beta1, b21: f32 = 1 - beta2;
  for (let i = 0; i < count; i++) {
    const p = <usize>i << 2;
    const gv = load<f32>(g + p);
    const nm = beta1 * load<f32>(m + p) + b11 * gv;
    const nv = beta2 * load<f32>(v + p) + b21 * (gv * gv);
    store<f32>(m + p, nm);
    store<f32>(v + p, nv);
    store<f32>(x + p, load<f32>(x + p) - (lr * (nm / c1)) / (Mathf.sqrt(nv / c2) + eps));
  }
}
