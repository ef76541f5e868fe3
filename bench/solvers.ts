// npm run bench:solvers: the solvers on the digits (rows 0–1499 train, the
// other 297 test, features / 16) and on Fashion-MNIST (Debian's
// dataset-fashion-mnist: 60000 train / 10000 test, pixels / 255, the training
// mean subtracted). For each loss: test accuracy and seconds of
//   classic   20 epochs of the mini-batch solver's defaults (Adam 0.01, batches of 32)
//   defaults  fit with no options (solver 'auto')
//   lbfgs     solver 'lbfgs' with its defaults (softmax)
// timed side by side in one process, ROUNDS rounds interleaved (10× as many
// for the digits, whose runs take milliseconds; the median is reported, and
// the ratio to classic's median); then L-BFGS run to the
// optimum (tol 0) against tests/optimum/<set>.json, the optimum scikit-learn's
// LogisticRegression reaches polished by Newton steps: relative objective and
// coefficient (Frobenius) errors. Writes bench/results/solvers.md.
//   ROUNDS=3 OPTIMUM=1 npm run bench:solvers
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { init, LinearClassifier, Dataset, parseCsv, readIdx, type FitOptions } from '../src/index.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const OPTIMUM = process.env.OPTIMUM !== '0';
const FASHION = process.env.FASHION ?? '/usr/share/datasets/fashion-mnist';
const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];

await init();
interface Set { name: string; D: number; train: Dataset; test: Dataset; X: Float32Array; y: Int32Array }

function digits(): Set {
  const { X, y, numFeatures: D } = parseCsv(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'));
  for (let i = 0; i < X.length; i++) X[i] /= 16;
  const n = 1500;
  return {
    name: 'digits', D, X: X.subarray(0, n * D), y: Int32Array.from(y.subarray(0, n)),
    train: Dataset.from(X.subarray(0, n * D), y.subarray(0, n), { numFeatures: D }),
    test: Dataset.from(X.subarray(n * D), y.subarray(n), { numFeatures: D }),
  };
}

async function fashion(): Promise<Set | null> {
  if (!existsSync(`${FASHION}/train-images-idx3-ubyte.gz`)) return null;
  const load = async (images: string, labels: string) => {
    const img = await readIdx(readFileSync(`${FASHION}/${images}`)), lab = await readIdx(readFileSync(`${FASHION}/${labels}`));
    return { X: Float32Array.from(img.data, (v) => v / 255), y: Int32Array.from(lab.data), N: img.shape[0] };
  };
  const tr = await load('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
  const te = await load('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');
  const D = 784, mean = new Float64Array(D);
  for (let i = 0; i < tr.N; i++) for (let d = 0; d < D; d++) mean[d] += tr.X[i * D + d];
  for (let d = 0; d < D; d++) mean[d] /= tr.N;
  for (const s of [tr, te]) for (let i = 0; i < s.N; i++) for (let d = 0; d < D; d++) s.X[i * D + d] -= mean[d];
  return {
    name: 'fashion-mnist', D, X: tr.X, y: tr.y,
    train: Dataset.from(tr.X, tr.y, { numFeatures: D }), test: Dataset.from(te.X, te.y, { numFeatures: D }),
  };
}

const ROWS: [string, FitOptions][] = [['classic', { solver: 'minibatch' }], ['defaults', {}], ['lbfgs', { solver: 'lbfgs' }]];
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};

say(`# Solvers\n\n${cpus().length} cores, ${cpus()[0]?.model ?? ''}; ${ROUNDS} rounds (digits ${10 * ROUNDS}), rows interleaved, medians. Other work may share the machine: compare rows of one table, not tables.\n`);
const sets = [digits(), await fashion()].filter((s): s is Set => s !== null);
for (const set of sets) {
  say(`## ${set.name}\n\n| loss | solver | test accuracy | seconds | × classic | stopped |\n|---|---|---|---|---|---|`);
  for (const loss of ['softmax', 'svm'] as const) {
    const rows = ROWS.filter(([name]) => loss === 'softmax' || name !== 'lbfgs');
    const times: Record<string, number[]> = {}, info: Record<string, string> = {};
    for (let r = 0; r < (set.name === 'digits' ? 10 * ROUNDS : ROUNDS); r++) {
      for (const [name, o] of rows) {
        const clf = new LinearClassifier({ loss, numFeatures: set.D, numClasses: 10 });
        const t0 = performance.now();
        const h = clf.fit(set.train, o);
        (times[name] ??= []).push((performance.now() - t0) / 1000);
        info[name] = `${clf.score(set.test).toFixed(4)} | %s | %x | ${h.solver} ${h.stopReason} after ${h.nIter}`;
        clf.dispose();
      }
    }
    const base = median(times.classic);
    for (const [name] of rows) {
      const s = median(times[name]);
      say(`| ${loss} | ${name} | ${info[name].replace('%s', s.toFixed(3)).replace('%x', (s / base).toFixed(2))} |`);
    }
  }
  if (set.name === 'digits') {
    sklearnRows();
    svmByReg(set);
  }
  if (OPTIMUM) optimum(set);
  say('');
}

/** scikit-learn's linear classifiers with their defaults on the same digits split (bench/sklearn_solvers.py). */
function sklearnRows(): void {
  const r = spawnSync('/usr/bin/python3', [new URL('./sklearn_solvers.py', import.meta.url).pathname], { encoding: 'utf8' });
  if (r.status !== 0) {
    say(`\nscikit-learn rows skipped: /usr/bin/python3 with scikit-learn is needed (apt-get install python3-sklearn): ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
    return;
  }
  const out = JSON.parse(r.stdout) as { sklearn: string; models: { name: string; accuracy: number[]; seconds: number }[] };
  say(`\nscikit-learn ${out.sklearn} with its defaults on the same split (seeds 0–9; test accuracy min–max, median seconds):\n\n| model | test accuracy | seconds |\n|---|---|---|`);
  for (const m of out.models) {
    const lo = Math.min(...m.accuracy), hi = Math.max(...m.accuracy);
    say(`| ${m.name} | ${lo === hi ? lo.toFixed(4) : `${lo.toFixed(4)}–${hi.toFixed(4)}`} | ${m.seconds.toFixed(3)} |`);
  }
}

/**
 * How far the SVM's objective itself goes on the digits: for each reg, fit with no other option (seeds 0–9) and a
 * long full-batch run (3000 epochs of momentum, the rate 0.5 × 0.999 per epoch) that ends near the optimum.
 */
function svmByReg(set: Set): void {
  say('\nThe SVM on the digits by reg: no other option (seeds 0–9), and a long full-batch run near the optimum of that objective:\n\n' +
    '| reg | no other option: test accuracy min–max | long run: test accuracy | long run: objective |\n|---|---|---|---|');
  for (const reg of [1e-5, 1e-4, 1 / 3000, 1e-3, 3e-3, 1e-2]) {
    const acc: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const c = new LinearClassifier({ loss: 'svm', reg, seed });
      c.fit(set.train);
      acc.push(c.score(set.test));
      c.dispose();
    }
    const c = new LinearClassifier({ loss: 'svm', reg, seed: 0 });
    const h = c.fit(set.train, { solver: 'minibatch', optimizer: 'momentum', learningRate: 0.5, batchSize: 'full', epochs: 3000, schedule: { type: 'exponential', rate: 0.999 } });
    say(`| ${reg.toExponential(1)} | ${Math.min(...acc).toFixed(4)}–${Math.max(...acc).toFixed(4)} | ${c.score(set.test).toFixed(4)} | ${h.loss[h.loss.length - 1].toFixed(5)} |`);
    c.dispose();
  }
}

/** L-BFGS to the optimum, against the fixture. */
function optimum(set: Set): void {
  const file = new URL(`../tests/optimum/${set.name}.json`, import.meta.url);
  if (!existsSync(file)) return;
  const opt = JSON.parse(readFileSync(file, 'utf8'));
  const f32 = (b64: string) => {
    const u = Buffer.from(b64, 'base64');
    return new Float32Array(u.buffer.slice(u.byteOffset, u.byteOffset + u.length));
  };
  const W0 = f32(opt.W), maxIter = set.name === 'digits' ? 400 : 800;
  const clf = new LinearClassifier({ loss: 'softmax', numFeatures: set.D, numClasses: 10, reg: opt.reg });
  const t0 = performance.now();
  const h = clf.fit(set.train, { solver: 'lbfgs', tol: 0, maxIter });
  const seconds = (performance.now() - t0) / 1000;
  // the objective in float64 at the weights reached
  const W = clf.coef, b = clf.intercept, N = set.y.length, D = set.D, C = 10;
  let total = 0;
  const s = new Float64Array(C);
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) {
      let v = b[c];
      for (let d = 0; d < D; d++) v += W[c * D + d] * set.X[i * D + d];
      s[c] = v;
    }
    const m = Math.max(...s);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(s[c] - m);
    total += m + Math.log(z) - s[set.y[i]];
  }
  let reg = 0, num = 0, den = 0;
  for (let i = 0; i < W.length; i++) {
    reg += W[i] * W[i];
    num += (W[i] - W0[i]) ** 2;
    den += W0[i] ** 2;
  }
  const f = total / N + opt.reg * reg;
  say(`\nL-BFGS to the optimum (softmax, reg ${opt.reg}, tol 0): ${h.nIter} iterations (${h.stopReason}), ${seconds.toFixed(1)} s; ` +
    `objective ${f.toPrecision(10)} against ${opt.objective.toPrecision(10)}: ${((f - opt.objective) / opt.objective).toExponential(2)} relative; ` +
    `coefficients ${Math.sqrt(num / den).toExponential(2)} relative (Frobenius). scikit-learn's lbfgs stopped ` +
    `${((opt.sklearnObjective - opt.objective) / opt.objective).toExponential(2)} above it.`);
  clf.dispose();
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/solvers.md', import.meta.url), `${lines.join('\n')}\n`);
for (const s of sets) {
  s.train.dispose();
  s.test.dispose();
}
