// ONNX in and out. linclass → ONNX Runtime: the exported models run in
// onnxruntime-node and in onnxruntime-web in Chromium with labels identical to
// linclass's and scores (probabilities for softmax) within 1e-5, on the digits
// test rows and on Fashion-MNIST's test set. linclass → ONNX → linclass: the
// same weights, preprocessing and options, bit for bit. scikit-learn → linclass:
// the fixtures of tests/fixtures/onnx (both graph shapes skl2onnx writes, and
// two files skl2onnx wrote) give scikit-learn's labels and scores; what no
// linear classifier reproduces is refused, naming the operator or attribute.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { init, LinearClassifier, LinclassError, parseCsv, meanImage, readIdxPair, readONNX, type LossName } from '../src/index.js';
import { decodeModel, DT } from '../src/model/onnx/proto.js';
import { encodeNode, encodeTensor, encodeValueInfo } from '../src/model/onnx/write.js';
import { ProtoWriter } from '../src/io/protobuf.js';
import { launchChromium, chromiumSkip } from './browser/chromium.js';
import { rand, uniform, labels } from './util.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIX = `${ROOT}tests/fixtures/onnx/`;
const FASHION = '/usr/share/datasets/fashion-mnist';
const fashionSkip = existsSync(`${FASHION}/t10k-images-idx3-ubyte.gz`) ? false
  : `Fashion-MNIST is not installed at ${FASHION} (apt-get install dataset-fashion-mnist; .ci/run installs it)`;

interface Case { name: string; loss: LossName; D: number; C: number; X: Float32Array; bytes: Uint8Array; label: Int32Array; out: Float32Array }
const cases: Case[] = [];

/** Trains the losses on a set and records what linclass predicts for its test rows. */
function addCases(name: string, train: { X: ArrayLike<number>; y: ArrayLike<number> }, test: Float32Array, D: number, C: number, scale: number, fit: object,
  losses: readonly LossName[] = ['softmax', 'svm']): void {
  const mean = meanImage(train.X, D, scale);
  for (const loss of losses) {
    const clf = new LinearClassifier({ loss, numFeatures: D, numClasses: C, preprocessing: { scale, mean }, seed: 1 });
    clf.fit(train, fit);
    cases.push({ name: `${name} ${loss}`, loss, D, C, X: test, bytes: clf.toONNX(), label: clf.predict(test), out: loss === 'softmax' ? clf.predictProba(test) : clf.scores(test) });
    clf.dispose();
  }
}

before(async () => {
  await init();
  const { X, y } = parseCsv(readFileSync(`${ROOT}data/digits.csv`, 'utf8'), { labelColumn: -1 });
  addCases('digits', { X: X.subarray(0, 1500 * 64), y: y.subarray(0, 1500) }, X.slice(1500 * 64), 64, 10, 1 / 16, { epochs: 10 },
    ['softmax', 'svm', 'ova', 'structured']);
  if (!fashionSkip) {
    const tr = await readIdxPair(readFileSync(`${FASHION}/train-images-idx3-ubyte.gz`), readFileSync(`${FASHION}/train-labels-idx1-ubyte.gz`));
    const te = await readIdxPair(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`), readFileSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`));
    addCases('Fashion-MNIST', tr, Float32Array.from(te.X), 784, 10, 1 / 255, { epochs: 1, batchSize: 64, learningRate: 1e-3 });
  }
});

/** Labels identical, scores within 1e-5. */
function compare(c: Case, label: ArrayLike<number | bigint>, out: ArrayLike<number>, where: string): void {
  assert.equal(label.length, c.label.length);
  for (let i = 0; i < c.label.length; i++) assert.equal(Number(label[i]), c.label[i], `${where}, ${c.name}: row ${i}'s label`);
  assert.equal(out.length, c.out.length);
  let worst = 0;
  for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - c.out[i]));
  assert.ok(worst <= 1e-5, `${where}, ${c.name}: scores differ by up to ${worst}`);
}

async function runNode(c: Case): Promise<void> {
  const s = await ort.InferenceSession.create(c.bytes);
  assert.deepEqual(s.inputNames, ['input']);
  assert.deepEqual(s.outputNames, ['label', c.loss === 'softmax' ? 'probabilities' : 'scores']);
  const r = await s.run({ input: new ort.Tensor('float32', c.X, [c.X.length / c.D, c.D]) });
  assert.equal(r.label.type, 'int64');
  compare(c, r.label.data as BigInt64Array, r[s.outputNames[1]].data as Float32Array, 'onnxruntime-node');
  await s.release();
}

test('linclass → onnxruntime-node: labels identical, scores within 1e-5 (digits test rows)', async () => {
  for (const c of cases.filter((c) => c.name.startsWith('digits'))) await runNode(c);
});

test('linclass → onnxruntime-node: labels identical, scores within 1e-5 (Fashion-MNIST test set)', { skip: fashionSkip }, async () => {
  const fashion = cases.filter((c) => c.name.startsWith('Fashion'));
  assert.equal(fashion.length, 2);
  for (const c of fashion) await runNode(c);
});

test('the exported graph: standard operators (opset 13), a float [N, D] input, int64 [N] label and float [N, C] scores', () => {
  const m = decodeModel(cases[0].bytes);
  assert.deepEqual([...m.opsets], [['', 13]]);
  assert.deepEqual(m.graph.nodes.map((n) => n.opType), ['Mul', 'Sub', 'Gemm', 'ArgMax', 'Softmax']);
  assert.deepEqual(m.graph.inputs, [{ name: 'input', elemType: 1, shape: [null, 64] }]);
  assert.deepEqual(m.graph.outputs, [{ name: 'label', elemType: 7, shape: [null] }, { name: 'probabilities', elemType: 1, shape: [null, 10] }]);
  assert.deepEqual(decodeModel(cases[1].bytes).graph.outputs[1], { name: 'scores', elemType: 1, shape: [null, 10] });
  // the other hinges export their scores as the SVM does
  for (const c of cases.filter((c) => c.loss === 'ova' || c.loss === 'structured')) {
    const g = decodeModel(c.bytes).graph;
    assert.deepEqual(g.nodes.map((n) => n.opType), ['Mul', 'Sub', 'Gemm', 'ArgMax'], c.name);
    assert.deepEqual(g.outputs[1], { name: 'scores', elemType: 1, shape: [null, 10] }, c.name);
  }
});

test('linclass → ONNX → linclass: the same weights, preprocessing and options, bit for bit', () => {
  const r = rand(7);
  const configs = [
    { loss: 'softmax', numFeatures: 5, numClasses: 3 },
    { loss: 'svm', numFeatures: 7, numClasses: 2, penalty: 'l1', reg: 0.25, delta: 0.5, seed: 99, preprocessing: { scale: 1 / 255 } },
    { loss: 'softmax', numFeatures: 3, numClasses: 4, penalty: 'elasticnet', l2Ratio: 0.3, preprocessing: { mean: [0.1, -2, 3e-5] } },
    { loss: 'svm', numFeatures: 33, numClasses: 11, penalty: 'none', preprocessing: { scale: 0.1, mean: uniform(r, 33) } },
    { loss: 'ova', numFeatures: 6, numClasses: 3, penalty: 'l2', reg: 0.01, delta: 2, seed: 5, preprocessing: { scale: 0.5 } },
    { loss: 'structured', numFeatures: 9, numClasses: 4, penalty: 'elasticnet', delta: 0.25, preprocessing: { mean: uniform(r, 9) } },
  ] as const;
  for (const o of configs) {
    const a = new LinearClassifier(o as never), X = uniform(r, 40 * o.numFeatures, 0, 10);
    a.fit({ X, y: labels(r, 40, o.numClasses) }, { epochs: 3 });
    const b = LinearClassifier.fromONNX(a.toONNX());
    assert.deepEqual(b.options, a.options);
    assert.deepEqual(new Uint32Array(b.coef.buffer), new Uint32Array(a.coef.buffer));
    assert.deepEqual(new Uint32Array(b.intercept.buffer), new Uint32Array(a.intercept.buffer));
    assert.deepEqual(b.predict(X), a.predict(X));
    assert.deepEqual(b.toONNX(), a.toONNX(), 'and it writes the same file again');
    assert.deepEqual(readONNX(a.toONNX()).classes, Array.from({ length: o.numClasses }, (_, i) => i));
    a.dispose();
    b.dispose();
  }
});

interface Expected { X: number[][]; labels: (number | string)[]; classes: (number | string)[]; scores: number[][]; proba: number[][] | null }

/** What each fixture must give: the loss, what its scores are, or the refusal (without and with rawScores). */
const FIXTURES: Record<string, { loss?: LossName; scoresAre?: string; refuse?: RegExp; rawRefuse?: RegExp }> = {
  lr_ovr: { refuse: /node 'Normalizer' \(ai\.onnx\.ml\.Normalizer\) normalises \(norm 'L1'\) sigmoid scores.*rawScores/ },
  lr_multinomial_strings: { loss: 'softmax', scoresAre: 'probabilities' },
  lr_multinomial_digits: { loss: 'softmax', scoresAre: 'probabilities' },
  lr_binary_strings: { loss: 'softmax', scoresAre: 'probabilities' },
  linearsvc_digits: { loss: 'svm', scoresAre: 'scores' },
  linearsvc_binary_3_7: { loss: 'svm', scoresAre: 'scores' },
  sgd_hinge_digits: { loss: 'svm', scoresAre: 'scores' },
  sgd_hinge_binary_3_7: { loss: 'svm', scoresAre: 'scores' },
  sgd_log_loss_digits: { refuse: /node 'Add2' \(Add\) combines sigmoid scores with a per-row value/ },
  sgd_log_loss_binary_3_7: { loss: 'softmax', scoresAre: 'probabilities' },
  sgd_log_loss_binary_opset12: { loss: 'softmax', scoresAre: 'probabilities' },
  sgd_modified_huber_digits: { refuse: /ArgMax of values that do not keep the scores' order.*clip/, rawRefuse: /clip/ },
  sgd_modified_huber_binary_3_7: { refuse: /ArgMax of values that do not keep the scores' order.*Concat/, rawRefuse: /Concat/ },
  refuse_probit: { refuse: /node 'LinearClassifier' \(ai\.onnx\.ml\.LinearClassifier\) has post_transform 'PROBIT'/ },
  refuse_one_row: { refuse: /has one row of coefficients: its label is s > 0 but its scores are \[1 − s, s\]/ },
};

/** Checks a loaded fixture against scikit-learn's labels and scores (probabilities, or decision scores). */
function checkSklearn(name: string, bytes: Uint8Array, exp: Expected, rawScores: boolean): void {
  const m = readONNX(bytes, { rawScores });
  const clf = LinearClassifier.fromONNX(bytes, { rawScores });
  try {
    assert.deepEqual(m.classes, exp.classes, `${name}: classes`);
    const X = Float32Array.from(exp.X.flat()), pred = clf.predict(X);
    // the classifier keeps the file's class labels: predict gives them
    assert.deepEqual(clf.classes, m.classes, `${name}: the classifier's classes`);
    assert.deepEqual(Array.from(pred as ArrayLike<number | string>), exp.labels, `${name}: scikit-learn's labels`);
    const C = clf.numClasses, probs = m.scoresAre === 'probabilities';
    const got = probs ? clf.predictProba(X) : clf.scores(X), want = probs ? exp.proba! : exp.scores;
    let worst = 0;
    for (let r = 0; r < want.length; r++) {
      // one decision score for two classes (scikit-learn's binary decision_function): the second column
      const cols = want[r].length;
      for (let c = 0; c < cols; c++) worst = Math.max(worst, Math.abs(want[r][c] - got[r * C + (cols === 1 ? 1 : c)]));
    }
    assert.ok(worst <= 1e-5, `${name}${rawScores ? ' (rawScores)' : ''}: scores differ from scikit-learn's by ${worst}`);
  } finally {
    clf.dispose();
  }
}

test("scikit-learn → linclass: both skl2onnx graph shapes give scikit-learn's labels and scores; the rest is refused by name", () => {
  const names = readdirSync(FIX).filter((f) => f.endsWith('.onnx')).map((f) => f.slice(0, -5)).sort();
  assert.deepEqual(names, Object.keys(FIXTURES).sort(), 'every fixture has an expectation');
  for (const name of names) {
    const bytes = readFileSync(`${FIX}${name}.onnx`), exp = JSON.parse(readFileSync(`${FIX}${name}.json`, 'utf8')) as Expected;
    const want = FIXTURES[name];
    if (want.refuse) {
      assert.throws(() => LinearClassifier.fromONNX(bytes), (e: unknown) => e instanceof LinclassError && e.code === 'NOT_SUPPORTED' && want.refuse!.test(e.message), name);
    } else {
      assert.equal(readONNX(bytes).model.loss, want.loss, name);
      assert.equal(readONNX(bytes).scoresAre, want.scoresAre, name);
      checkSklearn(name, bytes, exp, false);
    }
    if (want.rawRefuse) {
      assert.throws(() => LinearClassifier.fromONNX(bytes, { rawScores: true }), (e: unknown) => e instanceof LinclassError && want.rawRefuse!.test(e.message), name);
    } else {
      assert.equal(readONNX(bytes, { rawScores: true }).model.loss, 'svm');
      checkSklearn(name, bytes, exp, true);
    }
  }
});

test('files skl2onnx wrote: LinearSVC with ZipMap gives scikit-learn\'s labels and scores; LogisticRegression with Cast, Normalizer, ZipMap loads', () => {
  const dir = `${FIX}skl2onnx/`;
  const svc = readFileSync(`${dir}SklearnLinearSVCMulti.model.onnx`), exp = JSON.parse(readFileSync(`${dir}SklearnLinearSVCMulti.expected.json`, 'utf8'));
  const m = readONNX(svc);
  assert.equal(m.model.loss, 'svm');
  assert.equal(m.producer, 'OnnxMLTools 1.3.1');
  checkSklearn('SklearnLinearSVCMulti', svc, { ...exp, classes: [0, 1, 2], proba: null }, false);
  const lr = readONNX(readFileSync(`${dir}logreg_iris.onnx`));
  assert.deepEqual([lr.model.loss, lr.model.numFeatures, lr.model.numClasses, lr.scoresAre, lr.producer], ['softmax', 2, 3, 'probabilities', 'skl2onnx 1.11.2']);
  assert.deepEqual(lr.classes, [0, 1, 2]);
});

test('a label picked by Gather from a constant list of string labels (how a classifier with class names can be written)', () => {
  const W = Float32Array.of(1, 0, 0, 1, -1, -1), b = Float32Array.of(0, 0.5, 0);
  const classes = new ProtoWriter().ints(1, [3]).int(2, DT.STRING).bytes(6, 'cat').bytes(6, 'dog').bytes(6, 'eel').bytes(8, 'classes').finish();
  const g = new ProtoWriter()
    .bytes(1, encodeNode('Gemm', ['x', 'W', 'b'], ['s'], 'gemm', { transB: { int: 1 } }))
    .bytes(1, encodeNode('ArgMax', ['s'], ['i'], 'argmax', { axis: { int: 1 }, keepdims: { int: 0 } }))
    .bytes(1, encodeNode('Gather', ['classes', 'i'], ['label'], 'gather', { axis: { int: 0 } }))
    .bytes(5, encodeTensor('W', [3, 2], W)).bytes(5, encodeTensor('b', [3], b)).bytes(5, classes)
    .bytes(11, encodeValueInfo('x', DT.FLOAT, ['N', 2])).bytes(12, encodeValueInfo('label', DT.STRING, ['N'])).bytes(12, encodeValueInfo('s', DT.FLOAT, ['N', 3]))
    .finish();
  const bytes = new ProtoWriter().int(1, 7).bytes(7, g).bytes(8, new ProtoWriter().bytes(1, '').int(2, 13).finish()).finish();
  const m = readONNX(bytes);
  assert.deepEqual([m.classes, m.model.loss, m.labelOutput, m.scoreOutputs], [['cat', 'dog', 'eel'], 'svm', 'label', ['s']]);
  const clf = LinearClassifier.fromONNX(bytes);
  assert.deepEqual(clf.predict([2, 0, 0, 2, -3, -3]), ['cat', 'dog', 'eel']);
  clf.dispose();
});

test('what is not an ONNX linear classifier fails with a LinclassError naming what', () => {
  const isError = (code: string, re: RegExp) => (e: unknown) => e instanceof LinclassError && e.code === code && re.test(e.message);
  assert.throws(() => LinearClassifier.fromONNX(new Uint8Array([1, 2, 3])), isError('INVALID_DATA', /Not a valid ONNX file/));
  assert.throws(() => LinearClassifier.fromONNX(new Uint8Array(0)), isError('INVALID_DATA', /it is empty/));
  assert.throws(() => LinearClassifier.fromONNX('x' as never), isError('INVALID_ARGUMENT', /Uint8Array or an ArrayBuffer/));
  assert.throws(() => LinearClassifier.fromONNX(cases[0].bytes, { raw: true } as never), isError('INVALID_OPTION', /rawScores/));
  // a graph whose label is an ArgMax over its last index, and one with an operator on the input
  const bytes = cases[0].bytes, m = decodeModel(bytes);
  assert.equal(m.graph.nodes[3].opType, 'ArgMax');
  const patch = (from: string, to: string): Uint8Array => {
    const i = Buffer.from(bytes).indexOf(from);
    assert.ok(i > 0 && from.length === to.length);
    const out = bytes.slice();
    out.set(Buffer.from(to), i);
    return out;
  };
  assert.throws(() => LinearClassifier.fromONNX(patch('Softmax', 'Sigmoid')), isError('NOT_SUPPORTED', /Sigmoid|sigmoid/));
  assert.throws(() => LinearClassifier.fromONNX(patch('Mul', 'Abs')), isError('NOT_SUPPORTED', /node 'preprocess_scale' \(Abs\) is applied to the input/));
  assert.throws(() => LinearClassifier.fromONNX(patch('Gemm', 'Gelu')), isError('NOT_SUPPORTED', /Gelu/));
});

test('linclass → onnxruntime-web in Chromium: labels identical, scores within 1e-5', { skip: chromiumSkip('the onnxruntime-web test') }, async () => {
  const dist = `${ROOT}node_modules/onnxruntime-web/dist/`;
  const inputs = [...new Set(cases.map((c) => c.X))]; // both losses read the same rows: sent once
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route('http://onnx.test/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>onnx</title>' });
      if (path.startsWith('/ort/')) {
        const f = path.slice(5);
        return route.fulfill({ contentType: f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', body: readFileSync(dist + f) });
      }
      const m = path.match(/^\/(model|x)-(\d+)$/);
      if (!m) return route.fulfill({ status: 404 });
      const body = m[1] === 'model' ? cases[Number(m[2])].bytes : new Uint8Array(inputs[Number(m[2])].buffer);
      return route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(body) });
    });
    await page.goto('http://onnx.test/');
    const shapes = cases.map((c) => [c.X.length / c.D, c.D, inputs.indexOf(c.X)]);
    const runs = await page.evaluate(async (shapes) => {
      const ort = await import('/ort/ort.wasm.min.mjs' as string);
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.wasmPaths = '/ort/';
      const out = [], xs: Float32Array[] = [];
      for (let i = 0; i < shapes.length; i++) {
        const [n, d, j] = shapes[i];
        const model = new Uint8Array(await (await fetch(`/model-${i}`)).arrayBuffer());
        xs[j] ??= new Float32Array(await (await fetch(`/x-${j}`)).arrayBuffer());
        const s = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
        const r = await s.run({ input: new ort.Tensor('float32', xs[j], [n, d]) });
        out.push({ label: Array.from(r.label.data as BigInt64Array, Number), out: Array.from(r[s.outputNames[1]].data as Float32Array), type: r.label.type });
      }
      return out;
    }, shapes);
    cases.forEach((c, i) => {
      assert.equal(runs[i].type, 'int64');
      compare(c, runs[i].label, runs[i].out, 'onnxruntime-web in Chromium');
    });
  } finally {
    await browser.close();
  }
});
