// First timing of the fused loss+gradient step at CIFAR-10 shape (D = 3073,
// C = 10): batch 256 drawn at random from N = 49000 rows, and the public
// lossAndGradient on a 256-row Dataset (which adds the copy-out of dW).
// Prints medians over rounds; compare with the yardsticks in DESIGN.md.
import { init, LinearClassifier, Dataset } from '../src/index.js';
import { kernels } from '../src/wasm.js';
import { f32, i32, padded } from '../src/buffers.js';
import { Rng } from '../src/rng.js';

const N = Number(process.env.N ?? 49000), D = 3073, C = 10, B = 256, ROUNDS = 7, REPS = 40;
await init();
const k = kernels();
const rng = new Rng(1);
const Dp = padded(D);

// Random features in [-1, 1) written straight into linear memory (no 600 MB JS copy).
const X = f32(N * Dp), y = i32(N), idx = i32(B);
{
  const v = X.view;
  for (let r = 0; r < N; r++) for (let d = 0; d < D; d++) v[r * Dp + d] = rng.nextU32() / 2 ** 31 - 1;
  const yv = y.view;
  for (let r = 0; r < N; r++) yv[r] = rng.below(C);
}
const W = f32(C * Dp), b = f32(C), dW = f32(C * Dp), db = f32(C), S = f32((k.STEP_ROWS.value as number) * C);
{
  const v = W.view;
  for (let c = 0; c < C; c++) for (let d = 0; d < D; d++) v[c * Dp + d] = (rng.nextU32() / 2 ** 31 - 1) * 1e-3;
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
const flop = 4 * B * D * C;
const results: Record<string, number[]> = {};
const add = (name: string, ms: number) => (results[name] ??= []).push(ms);

const smallX = new Float32Array(B * D).map(() => rng.nextU32() / 2 ** 31 - 1);
const smallY = Int32Array.from({ length: B }, () => rng.below(C));
const small = Dataset.from(smallX, smallY, { numFeatures: D });
const clfs = {
  softmax: new LinearClassifier({ loss: 'softmax', numFeatures: D, numClasses: C, reg: 1e-3 }),
  svm: new LinearClassifier({ loss: 'svm', numFeatures: D, numClasses: C, reg: 1e-3 }),
};

for (let round = 0; round < ROUNDS; round++) {
  for (const [name, loss] of [['softmax', 1], ['svm', 0]] as const) {
    for (const variant of ['simd', 'scalar'] as const) {
      const reps = variant === 'simd' ? REPS : 4;
      const step = variant === 'simd' ? k.step_simd : k.step_scalar;
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) {
        const iv = idx.view;
        for (let i = 0; i < B; i++) iv[i] = rng.below(N);
        step(loss, 1, B, Dp, C, X.ptr, idx.ptr, y.ptr, W.ptr, b.ptr, S.ptr, dW.ptr, db.ptr, 1, 1e-3, 0.5);
      }
      add(`step_${variant} ${name} (batch ${B} of ${N}, incl. sampling)`, (performance.now() - t0) / reps);
    }
    const t0 = performance.now();
    for (let r = 0; r < REPS; r++) clfs[name].lossAndGradient(small);
    add(`lossAndGradient ${name} (256-row Dataset, incl. copy-out)`, (performance.now() - t0) / REPS);
  }
}

console.log(`CIFAR-10 shape: N ${N}, D ${D}, C ${C}, batch ${B}; ${(flop / 1e6).toFixed(1)} MFLOP per step; medians of ${ROUNDS} rounds`);
console.log('| what | ms | GFLOP/s |\n|---|---|---|');
for (const [name, ms] of Object.entries(results)) {
  const m = median(ms);
  console.log(`| ${name} | ${m.toFixed(3)} | ${(flop / m / 1e6).toFixed(1)} |`);
}
