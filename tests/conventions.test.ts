// The README's "Coming from scikit-learn, PyTorch or TF.js", checked: the
// regularization options against scikit-learn (tests/fixtures/sklearn-options.json,
// written by tests/fixtures/sklearn-options.py) and the update rules against
// PyTorch's, written out here from torch.optim's documented algorithms (PyTorch is
// not installed), over a few full-batch steps from the same weights.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, LinearClassifier, type FitOptions } from '../src/index.js';
import * as ref from './reference.js';
import { rand, uniform, labels, assertClose } from './util.js';

const SK = JSON.parse(readFileSync(new URL('./fixtures/sklearn-options.json', import.meta.url), 'utf8'));

before(() => init());

test(`LogisticRegression(C) is softmax with reg = 1 / (2·C·N): its optimum (scikit-learn ${SK.sklearn}) has gradient 0 here`, () => {
  const { X, y, N, D, C, Cinv, coef, intercept } = SK.logistic;
  const maxGrad = (reg: number): number => {
    const clf = new LinearClassifier({ numFeatures: D, numClasses: C, penalty: 'l2', reg });
    clf.setWeights(coef, intercept);
    const { dW, db } = clf.lossAndGradient(X, y);
    clf.dispose();
    return Math.max(...[...dW, ...db].map(Math.abs));
  };
  const right = maxGrad(1 / (2 * Cinv * N)), wrong = maxGrad(1 / (Cinv * N));
  assert.ok(right < 1e-5, `reg = 1/(2CN): max |gradient| ${right}`);
  console.log(`# max |gradient| at sklearn's optimum: ${right.toExponential(1)} with reg = 1/(2CN), ${wrong.toExponential(1)} with 1/(CN)`);
  assert.ok(wrong > 1e-3, `reg = 1/(CN) is not it: ${wrong}`);
});

test(`SGDClassifier(alpha): reg = alpha / 2 (l2), alpha (l1), alpha·l1_ratio with l2Ratio = (1 − l1_ratio) / (2·l1_ratio) (elasticnet)`, () => {
  for (const s of SK.sgd) {
    const map = s.penalty === 'l2' ? { reg: s.alpha / 2 } : s.penalty === 'l1' ? { reg: s.alpha }
      : { reg: s.alpha * s.l1_ratio, l2Ratio: (1 - s.l1_ratio) / (2 * s.l1_ratio) };
    // the penalty's gradient: lossAndGradient with the penalty less without it
    const grad = (w: number[]): number[] => {
      const g = (penalty: 'none' | 'l2' | 'l1' | 'elasticnet') => {
        const clf = new LinearClassifier({ numFeatures: 2, numClasses: 2, penalty, ...map });
        clf.setWeights([...w, 0, 0], [0, 0]);
        const { dW } = clf.lossAndGradient([1, 1], [0]);
        clf.dispose();
        return dW;
      };
      const a = g(s.penalty), b = g('none');
      return w.map((_, i) => a[i] - b[i]);
    };
    let w = s.w0 as number[];
    for (let t = 0; t < s.steps; t++) w = grad(w).map((v, i) => w[i] - s.eta0 * v);
    assertClose(w, s.coef, 1e-6, `${s.penalty}: two SGD penalty steps`);
  }
});

/** A small softmax problem (penalty 'none', so the loss is PyTorch's CrossEntropyLoss) and its f64 gradient. */
function problem() {
  const r = rand(21), N = 24, D = 3, C = 3;
  const X = uniform(r, N * D), y = labels(r, N, C), W = uniform(r, C * D, -0.5, 0.5), b = uniform(r, C, -0.1, 0.1);
  const grad = (t: Float64Array): Float64Array => {
    const g = ref.lossAndGradient({ N, D, C, X, y, W: t.subarray(0, C * D), b: t.subarray(C * D), loss: 'softmax', penalty: 'none', reg: 0, l2Ratio: 0, delta: 1 });
    return Float64Array.from([...g.dW, ...g.db]);
  };
  return { N, D, C, X, y, W, b, grad };
}

type Rule = (x: Float64Array, g: Float64Array, lr: number, t: number) => void;

/** torch.optim.SGD (dampening 0): b = μb + g (b = g at the first step); nesterov: g + μb, else b; x −= lr·that. */
function torchSgd(mu: number, nesterov: boolean): Rule {
  let buf: Float64Array | null = null;
  return (x, g, lr) => {
    buf = buf ? buf.map((v, i) => mu * v + g[i]) : g.slice();
    const d = nesterov ? g.map((v, i) => v + mu * buf![i]) : buf;
    x.forEach((_, i) => (x[i] -= lr * d[i]));
  };
}
/** torch.optim.Adam: x −= (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε). */
function torchAdam(b1: number, b2: number, eps: number): Rule {
  let m: Float64Array | null = null, v: Float64Array | null = null;
  return (x, g, lr, t) => {
    m = g.map((gi, i) => b1 * (m ? m[i] : 0) + (1 - b1) * gi);
    v = g.map((gi, i) => b2 * (v ? v[i] : 0) + (1 - b2) * gi * gi);
    x.forEach((_, i) => (x[i] -= (lr / (1 - b1 ** t)) * m![i] / (Math.sqrt(v![i]) / Math.sqrt(1 - b2 ** t) + eps)));
  };
}
/** torch.optim.Adagrad (lr_decay 0, initial accumulator 0): s += g²; x −= lr·g / (√s + ε). */
function torchAdagrad(eps: number): Rule {
  let s: Float64Array | null = null;
  return (x, g, lr) => {
    s = g.map((gi, i) => (s ? s[i] : 0) + gi * gi);
    x.forEach((_, i) => (x[i] -= lr * g[i] / (Math.sqrt(s![i]) + eps)));
  };
}
/** torch.optim.RMSprop (momentum 0, not centered): v = αv + (1 − α)g²; x −= lr·g / (√v + ε). */
function torchRmsprop(alpha: number, eps: number): Rule {
  let v: Float64Array | null = null;
  return (x, g, lr) => {
    v = g.map((gi, i) => alpha * (v ? v[i] : 0) + (1 - alpha) * gi * gi);
    x.forEach((_, i) => (x[i] -= lr * g[i] / (Math.sqrt(v![i]) + eps)));
  };
}
/** The notes' momentum, as linclass steps it: v = μv − lr·g; x += v. */
function notesMomentum(mu: number): Rule {
  let v: Float64Array | null = null;
  return (x, g, lr) => {
    v = g.map((gi, i) => mu * (v ? v[i] : 0) - lr * gi);
    x.forEach((_, i) => (x[i] += v![i]));
  };
}

/** `steps` full-batch steps of a rule from the problem's weights; lr(t) the rate of step t (from 0). */
function run(p: ReturnType<typeof problem>, rule: Rule, steps: number, lr: (t: number) => number, scaleGradient = false): Float64Array {
  const x = Float64Array.from([...p.W, ...p.b]);
  for (let t = 0; t < steps; t++) {
    const g = p.grad(x);
    if (scaleGradient) g.forEach((v, i) => (g[i] = v * lr(t)));
    rule(x, g, scaleGradient ? 1 : lr(t), t + 1);
  }
  return x;
}

function linclass(p: ReturnType<typeof problem>, steps: number, fit: FitOptions, reg = 0): Float64Array {
  const clf = new LinearClassifier({ numFeatures: p.D, numClasses: p.C, penalty: reg ? 'l2' : 'none', reg });
  clf.setWeights(p.W, p.b);
  clf.fit({ X: p.X, y: p.y }, { ...fit, epochs: steps, batchSize: 'full' });
  const out = Float64Array.from([...clf.coef, ...clf.intercept]);
  clf.dispose();
  return out;
}

test("PyTorch's update rules with a constant rate: the options that give torch.optim's numbers", () => {
  const p = problem(), T = 6;
  const cases: [string, FitOptions, Rule, number][] = [
    ['SGD(lr=0.1)', { optimizer: 'sgd', learningRate: 0.1 }, torchSgd(0, false), 0.1],
    ['SGD(lr=0.1, momentum=0.9)', { optimizer: 'momentum', learningRate: 0.1, mu: 0.9 }, torchSgd(0.9, false), 0.1],
    ['SGD(lr=0.1, momentum=0.8, nesterov=True)', { optimizer: 'nesterov', learningRate: 0.1, mu: 0.8 }, torchSgd(0.8, true), 0.1],
    ['Adam() (lr 1e-3)', { optimizer: 'adam', learningRate: 1e-3 }, torchAdam(0.9, 0.999, 1e-8), 1e-3],
    ['Adagrad() (lr 1e-2, eps 1e-10)', { optimizer: 'adagrad', learningRate: 1e-2, epsilon: 1e-10 }, torchAdagrad(1e-10), 1e-2],
    ['RMSprop() (lr 1e-2, alpha 0.99, eps 1e-8)', { optimizer: 'rmsprop', learningRate: 1e-2, rho: 0.99 }, torchRmsprop(0.99, 1e-8), 1e-2],
  ];
  for (const [name, fit, rule, lr] of cases) {
    assertClose(linclass(p, T, fit), run(p, rule, T, () => lr), 2e-6, name);
  }
  // weight_decay = 2·reg, on W only: the penalty λΣW² has gradient 2λW and leaves b alone
  const wd = (rule: Rule): Rule => (x, g, lr, t) => rule(x, g.map((v, i) => (i < p.C * p.D ? v + 2 * 0.05 * x[i] : v)), lr, t);
  assertClose(linclass(p, T, { optimizer: 'momentum', learningRate: 0.1, mu: 0.9 }, 0.05), run(p, wd(torchSgd(0.9, false)), T, () => 0.1), 2e-6,
    'SGD(momentum=0.9, weight_decay=0.1) on W, 0 on b');
  // linclass's own defaults are not PyTorch's: Adam at its default rate 0.01 moves ten times as far
  const moved = (x: Float64Array) => Math.max(...x.map((v, i) => Math.abs(v - [...p.W, ...p.b][i])));
  assert.ok(moved(linclass(p, 1, { optimizer: 'adam' })) > 5 * moved(run(p, torchAdam(0.9, 0.999, 1e-8), 1, () => 1e-3)));
});

test('under a learning-rate schedule momentum differs from PyTorch; PyTorch gives linclass\'s numbers with lr = 1 and the gradient scaled', () => {
  const p = problem(), T = 5, lr = (t: number) => 0.2 * 0.5 ** t;
  const fit: FitOptions = { optimizer: 'momentum', learningRate: 0.2, mu: 0.9, schedule: { type: 'step', every: 1, factor: 0.5 } };
  const ours = linclass(p, T, fit);
  assertClose(ours, run(p, notesMomentum(0.9), T, lr), 2e-6, 'the notes\' v = μv − lr·g');
  const torch = run(p, torchSgd(0.9, false), T, lr);
  const gap = Math.max(...ours.map((v, i) => Math.abs(v - torch[i])));
  console.log(`# momentum under a step schedule, 5 steps: linclass vs the PyTorch rule differ by up to ${gap.toExponential(1)}`);
  assert.ok(gap > 1e-2, `PyTorch's b = μb + g; x −= lr·b gives other weights: gap ${gap}`);
  assertClose(ours, run(p, torchSgd(0.9, false), T, lr, true), 2e-6, 'PyTorch with lr 1, gradient × lr(t)');
  const nesterov = linclass(p, T, { ...fit, optimizer: 'nesterov' });
  assertClose(nesterov, run(p, torchSgd(0.9, true), T, lr, true), 2e-6, 'Nesterov likewise');
});

test("the SVM loss is C times PyTorch's MultiMarginLoss (which divides by the class count)", () => {
  const p = problem();
  const clf = new LinearClassifier({ loss: 'svm', penalty: 'none', numFeatures: p.D, numClasses: p.C });
  clf.setWeights(p.W, p.b);
  const S = clf.scores(p.X);
  let multiMargin = 0;
  for (let i = 0; i < p.N; i++) {
    let row = 0;
    for (let j = 0; j < p.C; j++) if (j !== p.y[i]) row += Math.max(0, 1 - S[i * p.C + p.y[i]] + S[i * p.C + j]);
    multiMargin += row / p.C / p.N;
  }
  assert.ok(Math.abs(clf.evaluate(p.X, p.y).loss - p.C * multiMargin) < 1e-6);
  clf.dispose();
});
