// The page's training thread (a module worker): trains on the digits (or on
// Fashion-MNIST files the page hands over) epoch by epoch and posts losses,
// accuracies, templates, the loss landscape and a gradient check as it goes.
import * as lib from '../dist/linclass.mjs';

const ready = lib.init();
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
let stopRequested = false;
let digits = null;

// One step size for the plain rules, so momentum's speed-up shows; the adaptive ones take their usual scale.
const RACE_RATES = { sgd: 0.05, momentum: 0.05, nesterov: 0.05, adagrad: 0.05, rmsprop: 0.001, adam: 0.001 };
const FASHION = ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Boot'];

/** The digits set: 8×8 images scaled to [0, 1], first 1500 rows to train, the other 297 to validate. */
async function loadDigits() {
  if (digits) return digits;
  const text = await (await fetch(new URL('../data/digits.csv', import.meta.url))).text();
  const { X, y } = lib.parseCsv(text, { labelColumn: -1 });
  const Xs = Float32Array.from(X, (v) => v / 16);
  digits = {
    D: 64, C: 10, shape: { width: 8, height: 8 }, labels: null,
    train: lib.Dataset.from(Xs.subarray(0, 1500 * 64), y.slice(0, 1500), { numFeatures: 64 }),
    val: lib.Dataset.from(Xs.subarray(1500 * 64), y.slice(1500), { numFeatures: 64 }),
    probe: lib.Dataset.from(Xs.subarray(0, 500 * 64), y.slice(0, 500), { numFeatures: 64 }),
  };
  return digits;
}

/** Fashion-MNIST from four IDX files (any order): 12000 training rows and 2000 test rows, pixels / 255. */
async function loadFashion(buffers) {
  const parts = await Promise.all(buffers.map((b) => lib.readIdx(new Uint8Array(b))));
  const pick = (images, big) => parts.find((p) => (p.shape.length === 3) === images && (p.shape[0] >= 30000) === big);
  const [trX, trY, teX, teY] = [pick(true, true), pick(false, true), pick(true, false), pick(false, false)];
  if (!trX || !trY || !teX || !teY) throw new Error('Give the four Fashion-MNIST IDX files: train and test images, train and test labels.');
  const rows = (idx, n) => Float32Array.from(idx.data.subarray(0, n * 784), (v) => v / 255);
  return {
    D: 784, C: 10, shape: { width: 28, height: 28 }, labels: FASHION,
    train: lib.Dataset.from(rows(trX, 12000), trY.data.subarray(0, 12000), { numFeatures: 784 }),
    val: lib.Dataset.from(rows(teX, 2000), teY.data.subarray(0, 2000), { numFeatures: 784 }),
    probe: lib.Dataset.from(rows(trX, 500), trY.data.subarray(0, 500), { numFeatures: 784 }),
  };
}

/** Random directions for the landscape, N(0, 1) scaled to 0.3 so a = ±1 moves scores by about one unit. */
function planeFor(clf, val) {
  const { directions } = lib.lossSlice2d(clf, val, { steps: 2, seed: 11 });
  return directions.map((d) => d.map((v) => v * 0.3));
}

/** Posts an epoch's (or an L-BFGS iteration's) record with the landscape and the templates. */
function postEpoch(clf, set, plane, losses, record) {
  const land = lib.lossSlice2d(clf, set.probe, { directions: plane, range: 1, steps: 31 });
  const images = lib.templateImages(clf, { ...set.shape, scale: 'class' });
  postMessage({ type: 'epoch', losses, record, landscape: land.losses, steps: 31, templates: images },
    [losses.buffer, land.losses.buffer, ...images.map((im) => im.data.buffer)]);
}

/**
 * The mini-batch solver runs an epoch per partialFit with the controls' update
 * rule; L-BFGS and 'auto' run one fitAsync with no mini-batch options (auto
 * then picks L-BFGS for softmax, averaged momentum SGD for the SVM), posting
 * each record as it comes and why training stopped.
 */
async function train(o) {
  const set = o.files ? await loadFashion(o.files) : await loadDigits();
  const clf = new lib.LinearClassifier({ loss: o.loss, numFeatures: set.D, numClasses: set.C, reg: o.reg, seed: 1 });
  const plane = planeFor(clf, set.probe);
  const mini = o.solver === 'minibatch';
  postMessage({ type: 'start', labels: set.labels, epochs: mini ? o.epochs : 0, shape: set.shape, unit: o.solver === 'lbfgs' ? 'iteration' : 'epoch' });
  try {
    let stopped = 'stopped by you', stopReason = 'stopped';
    if (mini) {
      const fit = { optimizer: o.optimizer, learningRate: o.learningRate, batchSize: o.batchSize, validation: set.val, seed: 1 };
      for (let e = 0; e < o.epochs && !stopRequested; e++) {
        const h = clf.partialFit(set.train, fit);
        postEpoch(clf, set, plane, h.loss, h.epochs[0]);
        await pause(40);
      }
      if (!stopRequested) [stopped, stopReason] = [`maxIter (${o.epochs} epochs)`, 'maxIter'];
    } else {
      for await (const p of clf.fitAsync(set.train, { solver: o.solver, validation: set.val, seed: 1 })) {
        if (stopRequested) break;
        if (p.record) postEpoch(clf, set, plane, new Float32Array([p.record.loss]), p.record);
        if (p.done) {
          const h = p.history;
          stopReason = h.stopReason;
          stopped = `${h.stopReason} (${h.solver === 'lbfgs' ? 'L-BFGS' : 'mini-batch'}, ${h.nIter} ${h.solver === 'lbfgs' ? 'iterations' : 'epochs'})`;
        }
      }
    }
    const g = lib.gradCheck(clf, set.val, { samples: 20, seed: 3 });
    postMessage({ type: 'done', stopped, stopReason, gradCheck: { maxRelError: g.maxRelError, verdict: g.verdict } });
  } finally {
    clf.dispose();
    if (o.files) { set.train.dispose(); set.val.dispose(); set.probe.dispose(); }
  }
}

async function race(o) {
  const set = await loadDigits();
  const rules = Object.keys(RACE_RATES);
  const models = rules.map(() => new lib.LinearClassifier({ loss: o.loss, numFeatures: set.D, numClasses: set.C, seed: 1 }));
  const start = models[0].evaluate(set.train).loss;
  try {
    for (let e = 1; e <= o.epochs && !stopRequested; e++) {
      const rows = rules.map((rule, i) => {
        const h = models[i].partialFit(set.train, { optimizer: rule, learningRate: RACE_RATES[rule], batchSize: o.batchSize, validation: set.val, seed: 1 });
        return { rule, learningRate: RACE_RATES[rule], epoch: e, start, loss: h.epochs[0].trainLoss, valAccuracy: h.epochs[0].valAccuracy };
      });
      postMessage({ type: 'race', rows });
      await pause(60);
    }
    postMessage({ type: 'race-done' });
  } finally {
    for (const m of models) m.dispose();
  }
}

onmessage = async (ev) => {
  const msg = ev.data;
  if (msg.type === 'stop') { stopRequested = true; return; }
  stopRequested = false;
  try {
    await ready;
    if (msg.type === 'train') await train(msg.options);
    else if (msg.type === 'race') await race(msg.options);
  } catch (e) {
    postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
};
