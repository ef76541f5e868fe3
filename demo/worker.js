// The page's training thread (a module worker): trains on the digits (or on
// Fashion-MNIST files the page hands over) epoch by epoch and posts losses,
// accuracies, templates, the loss landscape, the confusion matrix, the weights
// and a gradient check as it goes, then every validation image's prediction.
// For the optimizer race it sweeps each update rule's learning rate, then
// trains the six rules side by side on the same batches.
import * as lib from '../dist/linclass.mjs';

const ready = lib.init();
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
let stopRequested = false;
let job = 0;
let digits = null;

/** The race's sweep: each rule trains this many epochs at each rate; its lowest training loss picks the rate. */
const SWEEP_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
const SWEEP_EPOCHS = 5;
const FASHION = ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Boot'];

/** An error that names the control of the page that caused it. */
class PageError extends Error {
  constructor(field, message) { super(message); this.field = field; }
}

/** The digits set: 8×8 images scaled to [0, 1], first 1500 rows to train, the other 297 to validate. */
async function loadDigits() {
  if (digits) return digits;
  const text = await (await fetch(new URL('../data/digits.csv', import.meta.url))).text();
  const { X, y } = lib.parseCsv(text, { labelColumn: -1 });
  const Xs = Float32Array.from(X, (v) => v / 16);
  digits = {
    name: 'digits', D: 64, C: 10, shape: { width: 8, height: 8 }, labels: null,
    train: lib.Dataset.from(Xs.subarray(0, 1500 * 64), y.slice(0, 1500), { numFeatures: 64 }),
    val: lib.Dataset.from(Xs.subarray(1500 * 64), y.slice(1500), { numFeatures: 64 }),
    probe: lib.Dataset.from(Xs.subarray(0, 500 * 64), y.slice(0, 500), { numFeatures: 64 }),
    valX: Xs.slice(1500 * 64), valY: Int32Array.from(y.slice(1500)),
  };
  return digits;
}

/**
 * Fashion-MNIST from four IDX files (any order, gzip'd or not): 12000 training
 * rows and 2000 test rows, pixels / 255. Anything else is refused with what is
 * wrong with which file: the page never trains on something it was not given.
 */
async function loadFashion(files) {
  if (files.length !== 4) throw new PageError('files', `Give exactly four files (training and test images and labels); you gave ${files.length}.`);
  const parts = await Promise.all(files.map(async (f) => {
    try {
      return { name: f.name, ...(await lib.readIdx(new Uint8Array(f.buffer))) };
    } catch (e) {
      throw new PageError('files', `${f.name} is not an IDX file: ${(e && e.message) || e}`);
    }
  }));
  for (const p of parts) {
    const images = p.shape.length === 3, labels = p.shape.length === 1;
    if (images && (p.shape[1] !== 28 || p.shape[2] !== 28)) throw new PageError('files', `${p.name} holds ${p.shape[1]}×${p.shape[2]} images; Fashion-MNIST's are 28×28.`);
    if (!images && !labels) throw new PageError('files', `${p.name} has shape ${p.shape.join('×')}: neither images (N×28×28) nor labels (N).`);
    if (labels && p.data.some((v) => v > 9)) throw new PageError('files', `${p.name} has labels above 9; Fashion-MNIST has ten classes, 0 to 9.`);
  }
  const pick = (images, big) => parts.filter((p) => (p.shape.length === 3) === images && (p.shape[0] >= 30000) === big);
  const [trX, trY, teX, teY] = [pick(true, true), pick(false, true), pick(true, false), pick(false, false)];
  const missing = [[trX, 'training images (60000×28×28)'], [trY, 'training labels (60000)'], [teX, 'test images (10000×28×28)'], [teY, 'test labels (10000)']]
    .filter(([found]) => found.length !== 1).map(([, what]) => what);
  if (missing.length) {
    throw new PageError('files', `These are not the four Fashion-MNIST files: no single file of ${missing.join(', ')} among ${parts.map((p) => `${p.name} (${p.shape.join('×')})`).join(', ')}.`);
  }
  if (trX[0].shape[0] !== trY[0].shape[0] || teX[0].shape[0] !== teY[0].shape[0]) throw new PageError('files', 'The image and label files disagree on how many rows there are.');
  const rows = (idx, n) => Float32Array.from(idx.data.subarray(0, n * 784), (v) => v / 255);
  const valX = rows(teX[0], 2000), valY = Int32Array.from(teY[0].data.subarray(0, 2000));
  return {
    name: 'fashion', D: 784, C: 10, shape: { width: 28, height: 28 }, labels: FASHION,
    train: lib.Dataset.from(rows(trX[0], 12000), trY[0].data.subarray(0, 12000), { numFeatures: 784 }),
    val: lib.Dataset.from(valX, valY, { numFeatures: 784 }),
    probe: lib.Dataset.from(rows(trX[0], 500), trY[0].data.subarray(0, 500), { numFeatures: 784 }),
    valX, valY,
  };
}

/** Random directions for the landscape, N(0, 1) scaled to 0.3 so a = ±1 moves scores by about one unit. */
function planeFor(clf, val) {
  const { directions } = lib.lossSlice2d(clf, val, { steps: 2, seed: 11 });
  return directions.map((d) => d.map((v) => v * 0.3));
}

/** The validation set's predictions, and their confusion matrix (rows true, columns predicted). */
function predictions(clf, set) {
  const pred = Int32Array.from(clf.predict(set.valX));
  const classes = [...Array(set.C).keys()];
  const cm = lib.confusionMatrix(set.valY, pred, { labels: classes });
  return { pred, matrix: cm.matrix };
}

/** The landscape (31×31 losses over 500 rows: several epochs' time) is redrawn at most this often while training, and at the end. */
const LANDSCAPE_EVERY_MS = 500;
let landscapeAt = -Infinity;

/** The loss landscape around the current W and the templates. */
function pictures(clf, set, plane) {
  landscapeAt = performance.now();
  const land = lib.lossSlice2d(clf, set.probe, { directions: plane, range: 1, steps: 31 });
  return { landscape: land.losses, steps: 31, templates: lib.templateImages(clf, { ...set.shape, scale: 'class' }) };
}
const buffers = (p) => (p ? [p.landscape.buffer, ...p.templates.map((im) => im.data.buffer)] : []);

/** Posts an epoch's (or an L-BFGS iteration's) record with the confusion matrix and the weights, and the pictures when due. */
function postEpoch(clf, set, plane, losses, record) {
  const pics = performance.now() - landscapeAt >= LANDSCAPE_EVERY_MS ? pictures(clf, set, plane) : null;
  // L-BFGS measures the training accuracy only at its last iteration
  if (Number.isNaN(record.trainAccuracy)) record = { ...record, trainAccuracy: clf.evaluate(set.train).accuracy };
  const { matrix } = predictions(clf, set);
  const coef = clf.coef, intercept = clf.intercept;
  postMessage({ type: 'epoch', losses, record, pictures: pics, matrix, coef, intercept }, [losses.buffer, ...buffers(pics), coef.buffer, intercept.buffer]);
}

/** The tag of a training error: which control to show it beside. */
function fieldOf(e) {
  if (e instanceof PageError) return e.field;
  if (e && e.code === 'DIVERGED') return 'lr';
  return 'train';
}

/**
 * The mini-batch solver runs an epoch per partialFit with the controls' update
 * rule; L-BFGS and 'auto' run one fitAsync with no mini-batch options (auto
 * then picks L-BFGS for softmax, averaged momentum SGD for the SVM), posting
 * each record as it comes and why training stopped; then the validation set's
 * predictions and a gradient check.
 */
async function train(o, alive) {
  const set = o.files ? await loadFashion(o.files) : await loadDigits();
  const clf = new lib.LinearClassifier({ loss: o.loss, numFeatures: set.D, numClasses: set.C, reg: o.reg, seed: 1 });
  const plane = planeFor(clf, set.probe);
  const mini = o.solver === 'minibatch';
  landscapeAt = -Infinity;
  postMessage({ type: 'start', data: set.name, labels: set.labels, epochs: mini ? o.epochs : 0, shape: set.shape, unit: o.solver === 'lbfgs' ? 'iteration' : 'epoch' });
  try {
    let stopped = 'stopped by you', stopReason = 'stopped';
    if (mini) {
      const fit = { optimizer: o.optimizer, learningRate: o.learningRate, batchSize: o.batchSize, validation: set.val, seed: 1 };
      for (let e = 0; e < o.epochs && alive(); e++) {
        const h = clf.partialFit(set.train, fit);
        postEpoch(clf, set, plane, h.loss, h.epochs[0]);
        await pause(30);
      }
      if (alive()) [stopped, stopReason] = [`maxIter (${o.epochs} epochs)`, 'maxIter'];
    } else {
      for await (const p of clf.fitAsync(set.train, { solver: o.solver, validation: set.val, seed: 1 })) {
        if (!alive()) break;
        if (p.record) postEpoch(clf, set, plane, new Float32Array([p.record.loss]), p.record);
        if (p.done) {
          const h = p.history;
          stopReason = h.stopReason;
          stopped = `${h.stopReason} (${h.solver === 'lbfgs' ? 'L-BFGS' : 'mini-batch'}, ${h.nIter} ${h.solver === 'lbfgs' ? 'iterations' : 'epochs'})`;
        }
      }
    }
    if (job !== o.job) return;
    const g = lib.gradCheck(clf, set.val, { samples: 20, seed: 3 });
    const { pred, matrix } = predictions(clf, set);
    const values = o.probabilities ? clf.predictProba(set.valX) : clf.scores(set.valX);
    const gallery = { X: set.valX.slice(), y: set.valY.slice(), pred, values, probabilities: o.probabilities };
    const pics = pictures(clf, set, plane);
    postMessage({
      type: 'done', stopped, stopReason, matrix, gallery, pictures: pics,
      gradCheck: {
        maxRelError: g.maxRelError, verdict: g.verdict, kinks: g.kinks, thresholds: g.thresholds, checked: g.checks.length,
        nearKink: g.checks.filter((c) => c.nearKink).length, belowFloor: g.checks.filter((c) => c.belowFloor).length,
      },
    }, [gallery.X.buffer, gallery.y.buffer, pred.buffer, values.buffer, ...buffers(pics)]);
  } finally {
    clf.dispose();
    if (o.files) { set.train.dispose(); set.val.dispose(); set.probe.dispose(); }
  }
}

/** Trains a fresh model for `epochs` at each rate; a rate that diverges scores Infinity. */
function sweepRule(set, o, rule) {
  return SWEEP_RATES.map((learningRate) => {
    const m = new lib.LinearClassifier({ loss: o.loss, numFeatures: set.D, numClasses: set.C, seed: 1 });
    try {
      return m.fit(set.train, { solver: 'minibatch', optimizer: rule, learningRate, batchSize: o.batchSize, epochs: SWEEP_EPOCHS, seed: 1 }).epochs.at(-1).trainLoss;
    } catch (e) {
      if (e && e.code === 'DIVERGED') return Infinity;
      throw e;
    } finally {
      m.dispose();
    }
  });
}

/** The sweep: each rule's training loss after SWEEP_EPOCHS at each rate, posted rule by rule; its best rate becomes the rule's default. */
async function sweep(o, alive) {
  const set = await loadDigits();
  const best = {};
  for (const rule of o.rules) {
    if (!alive()) return;
    const losses = sweepRule(set, o, rule);
    const i = losses.reduce((a, v, k) => (v < losses[a] ? k : a), 0);
    best[rule] = SWEEP_RATES[i];
    postMessage({ type: 'sweep', rule, rates: SWEEP_RATES, losses, best: SWEEP_RATES[i], epochs: SWEEP_EPOCHS });
    await pause(0);
  }
  postMessage({ type: 'sweep-done', best });
}

async function race(o, alive) {
  const set = await loadDigits();
  const models = o.rules.map(() => new lib.LinearClassifier({ loss: o.loss, numFeatures: set.D, numClasses: set.C, seed: 1 }));
  const start = models[0].evaluate(set.train).loss;
  try {
    for (let e = 1; e <= o.epochs && alive(); e++) {
      const rows = o.rules.map((rule, i) => {
        const lr = o.rates[rule];
        try {
          const h = models[i].partialFit(set.train, { optimizer: rule, learningRate: lr, batchSize: o.batchSize, validation: set.val, seed: 1 });
          return { rule, learningRate: lr, epoch: e, start, loss: h.epochs[0].trainLoss, valAccuracy: h.epochs[0].valAccuracy };
        } catch (err) {
          if (err && err.code === 'DIVERGED') return { rule, learningRate: lr, epoch: e, start, loss: Infinity, valAccuracy: NaN, diverged: true };
          throw err;
        }
      });
      postMessage({ type: 'race', rows });
      await pause(40);
    }
    if (alive()) postMessage({ type: 'race-done' });
  } finally {
    for (const m of models) m.dispose();
  }
}

onmessage = async (ev) => {
  const msg = ev.data;
  if (msg.type === 'stop') { stopRequested = true; return; }
  stopRequested = false;
  const mine = ++job;
  // a job ends when stopped or when a newer one starts
  const alive = () => !stopRequested && job === mine;
  try {
    await ready;
    if (msg.type === 'train') await train({ ...msg.options, job: mine }, alive);
    else if (msg.type === 'sweep') await sweep(msg.options, alive);
    else if (msg.type === 'race') await race(msg.options, alive);
  } catch (e) {
    if (job === mine) postMessage({ type: 'error', message: String((e && e.message) || e), field: fieldOf(e), code: e && e.code });
  }
};
