// The model file and its JSON twin: save → load predicts bit for bit as the
// saved model did (preprocessing included), the bytes survive a second round
// trip, and every damaged or crafted file fails with its exact message before
// anything the header sizes is allocated. Also preprocessing and splitData.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, LinearClassifier, LinclassError, preprocess, meanImage, splitData, MODEL_VERSION, type LossName } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { crc32 } from '../src/io/crc32.js';
import { rand, uniform, labels, throwsExactly } from './util.js';

before(() => init());


const D = 7, C = 3, N = 40;
const r = rand(11);
const X = uniform(r, N * D, 0, 255), y = labels(r, N, C);
const pre = { scale: 1 / 255, mean: meanImage(X, D, 1 / 255) };

function trained(loss: LossName, penalty: 'l2' | 'l1' | 'elasticnet' | 'none', withPre: boolean): LinearClassifier {
  const clf = new LinearClassifier({ loss, penalty, numFeatures: D, numClasses: C, reg: 1e-3, seed: 5, ...(withPre ? { preprocessing: pre } : {}) });
  clf.fit({ X, y }, { epochs: 3, batchSize: 8, learningRate: 0.05 });
  return clf;
}

/** Recomputes the trailing CRC-32 after a deliberate edit, so later checks are reached. */
function reseal(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(bytes.length - 4, crc32(bytes, 0, bytes.length - 4), true);
  return bytes;
}

test('CRC-32 has the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('save → load: identical scores, predictions, weights, options; the bytes survive a second round trip', () => {
  for (const loss of ['softmax', 'svm', 'ova', 'structured'] as const) {
    for (const penalty of ['l2', 'l1', 'elasticnet', 'none'] as const) {
      for (const withPre of [false, true]) {
        const clf = trained(loss, penalty, withPre);
        const bytes = clf.save();
        assert.equal(bytes.length, 64 + 4 * (C * D + C + (withPre ? D : 0)) + 4);
        const back = LinearClassifier.load(bytes);
        const what = `${loss}/${penalty}/${withPre ? 'mean' : 'raw'}`;
        assert.deepEqual(back.scores(X), clf.scores(X), what);
        assert.deepEqual(back.predict(X), clf.predict(X), what);
        assert.deepEqual(back.coef, clf.coef, what);
        assert.deepEqual(back.intercept, clf.intercept, what);
        assert.deepEqual(back.options, clf.options, what);
        assert.deepEqual(back.evaluate(X, y), clf.evaluate(X, y), what);
        assert.deepEqual(back.save(), bytes, what);
        assert.deepEqual(LinearClassifier.load(bytes.buffer as ArrayBuffer).save(), bytes, `${what} from an ArrayBuffer`);
        back.dispose();
        clf.dispose();
      }
    }
  }
});

test('the loss codes of the file: 0 svm, 1 softmax, 2 ova, 3 structured; JSON names the loss', () => {
  for (const [code, loss] of ['svm', 'softmax', 'ova', 'structured'].entries()) {
    const clf = trained(loss as LossName, 'l2', false);
    assert.equal(clf.save()[20], code, loss);
    const json = clf.toJSON();
    assert.equal(json.loss, loss);
    const back = LinearClassifier.fromJSON(JSON.stringify(json));
    assert.deepEqual(back.save(), clf.save(), `${loss}: JSON → model gives the same bytes`);
    assert.deepEqual(back.scores(X), clf.scores(X), loss);
    back.dispose();
    clf.dispose();
  }
});

// Files written by linclass before the 'ova' and 'structured' losses (format version 2 then as now:
// the loss codes were added without a layout change), made by that version's encodeModel.
test('files written before the one-vs-all and structured losses load, and save back to the same bytes', () => {
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/models/${name}`, import.meta.url));
  const svm = LinearClassifier.load(fixture('v2-svm.lcm')), softmax = LinearClassifier.load(fixture('v2-softmax.lcm'));
  assert.deepEqual({ ...svm.options, preprocessing: undefined }, {
    loss: 'svm', penalty: 'l1', numFeatures: 3, numClasses: 3, classes: ['bird', 'cat', 'dog'], reg: 1e-3, l2Ratio: 0.5, delta: 0.5, seed: 7, preprocessing: undefined,
  });
  assert.deepEqual(svm.preprocessing, { scale: 1 / 255, mean: Float32Array.from([0.5, 0.25, -0.125]) });
  assert.deepEqual(svm.coef, Float32Array.from([0.5, -1.25, 2, 0.125, -0.75, 3.5, 1e-3, -2.5, 0.25]));
  assert.deepEqual(svm.intercept, Float32Array.from([0.1, -0.2, 0.3]));
  assert.equal(softmax.options.loss, 'softmax');
  assert.deepEqual(softmax.save(), new Uint8Array(fixture('v2-softmax.lcm')), 'softmax: the same bytes');
  assert.deepEqual(svm.save(), new Uint8Array(fixture('v2-svm.lcm')), 'svm: the same bytes');
  const json = LinearClassifier.fromJSON(fixture('v2-svm.json').toString('utf8'));
  assert.deepEqual(json.save(), svm.save(), 'the JSON twin');
  assert.equal(JSON.stringify(json) + '\n', fixture('v2-svm.json').toString('utf8'));
  for (const c of [svm, softmax, json]) c.dispose();
});

test('JSON round trip: object and text give the same model and the same bytes', () => {
  const clf = trained('softmax', 'l2', true);
  const text = JSON.stringify(clf);
  const obj = JSON.parse(text);
  assert.equal(obj.format, 'linclass-model');
  assert.equal(obj.version, MODEL_VERSION);
  assert.equal(obj.W.length, C * D);
  for (const src of [obj, text]) {
    const back = LinearClassifier.fromJSON(src);
    assert.deepEqual(back.save(), clf.save());
    assert.deepEqual(back.predictProba(X), clf.predictProba(X));
    back.dispose();
  }
  clf.dispose();
});

test('preprocessing: raw data through a model equals preprocessed data through its weights; fit on raw arrays applies it', () => {
  const withPre = trained('softmax', 'l2', true);
  const plain = new LinearClassifier({ numFeatures: D, numClasses: C, reg: 1e-3, seed: 5 });
  const Xp = preprocess(X, D, pre);
  plain.fit({ X: Xp, y }, { epochs: 3, batchSize: 8, learningRate: 0.05 });
  assert.deepEqual(withPre.coef, plain.coef, 'fit on raw arrays saw the preprocessed features');
  assert.deepEqual(withPre.scores(X), plain.scores(Xp));
  const ds = withPre.toDataset(X, y);
  assert.deepEqual(withPre.evaluate(ds), plain.evaluate(Xp, y));
  ds.dispose();
  // preprocess computes x·scale − mean in float64 and rounds once
  assert.equal(Xp[D + 3], Math.fround(X[D + 3] * (1 / 255) - pre.mean[3]));
  const copy = withPre.preprocessing;
  copy.mean![0] = 99;
  assert.notEqual(withPre.preprocessing.mean![0], 99, 'the getter returns a copy');
  withPre.dispose();
  plain.dispose();
});

test('preprocessing option: exact messages', () => {
  const base = { numFeatures: 2, numClasses: 2 };
  const p = "The 'preprocessing' option of LinearClassifier";
  const cases: [unknown, string][] = [
    [5, `${p} must be an object { scale, mean }. Got 5 instead.`],
    [{ scale: 0 }, `${p}: 'scale' must be a number in (0, Infinity). Got 0 instead.`],
    [{ scale: NaN }, `${p}: 'scale' must be a number in (0, Infinity). Got NaN instead.`],
    [{ mean: [1] }, `${p}: 'mean' must be null or an array of numFeatures = 2 finite numbers. Got an array of length 1 instead.`],
    [{ mean: [1, Infinity] }, `${p}: mean[1] is Infinity; the mean must hold finite float32 numbers.`],
    [{ center: true }, `${p} has no field 'center'. Allowed fields: scale, mean.`],
  ];
  for (const [preprocessing, msg] of cases) {
    throwsExactly(() => new LinearClassifier({ ...base, preprocessing } as never), 'INVALID_OPTION', msg);
  }
  throwsExactly(() => preprocess([1, 2, 3, 4], 2, {}, new Float32Array(3)), 'INVALID_ARGUMENT',
    'preprocess: out must hold N·D = 4 values. Got a Float32Array of length 3 instead.');
  throwsExactly(() => preprocess([1, 2, 3], 2, {}), 'INVALID_DATA',
    'X has 3 values, which is not a multiple of numFeatures (2): X must hold N rows of 2 features, row-major.');
});

test('damaged and crafted files: exact messages', () => {
  const clf = trained('svm', 'l2', true);
  const good = clf.save();
  clf.dispose();
  const edit = (f: (b: Uint8Array, dv: DataView) => void, seal = false): Uint8Array => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return seal ? reseal(b) : b;
  };
  const bad = 'Not a valid linclass model file: ';
  const want = good.length;
  const cases: [Uint8Array | ArrayBuffer, string][] = [
    [new Uint8Array(10), `${bad}it has 10 bytes, fewer than the 84 of the smallest model.`],
    [edit((b) => { b[1] = 0x50; }), `${bad}it does not start with the magic bytes \\x89LCM\\r\\n\\x1a\\n.`],
    [edit((b, dv) => dv.setUint16(8, 3, true)), `${bad}it has format version 3, newer than the version 2 this linclass reads; update linclass.`],
    [edit((b, dv) => dv.setUint16(8, 0, true)), `${bad}it has format version 0; versions start at 1.`],
    [edit((b, dv) => dv.setUint16(10, 80, true)), `${bad}its header size is 80 bytes; version 2 has 64.`],
    [edit((b, dv) => dv.setUint32(12, 0, true)), `${bad}numFeatures is 0; it must be in [1, 16777216].`],
    [edit((b, dv) => dv.setUint32(16, 1, true)), `${bad}numClasses is 1; it must be in [2, 65536].`],
    [edit((b, dv) => dv.setUint8(22, 4)), `${bad}its flags byte is 4; only bit 0 (a mean follows) and bit 1 (class labels follow) are defined.`],
    [edit((b, dv) => dv.setUint8(22, 3)), `${bad}its flags announce class labels, but the file ends before them.`],
    [edit((b, dv) => dv.setUint8(22, 2)), `${bad}its class labels have kind 106; 1 (numbers) and 2 (strings) are defined.`],
    [edit((b, dv) => { dv.setUint16(8, 1, true); dv.setUint8(22, 2); }), `${bad}its flags byte is 2; only bit 0 (a mean follows) is defined.`],
    // a crafted header asking for 16M features × 65536 classes: refused by the length check, nothing allocated
    [edit((b, dv) => { dv.setUint32(12, 2 ** 24, true); dv.setUint32(16, 65536, true); }),
      `${bad}its header declares 65536 classes × 16777216 features and a mean, which take 4398113882180 bytes, but it has ${want} (truncated?).`],
    [good.slice(0, want - 9), `${bad}its header declares 3 classes × 7 features and a mean, which take ${want} bytes, but it has ${want - 9} (truncated?).`],
    [new Uint8Array([...good, 0]), `${bad}its header declares 3 classes × 7 features and a mean, which take ${want} bytes, but it has ${want + 1}.`],
    [edit((b) => { b[70] ^= 0x40; }),
      `${bad}its checksum does not match (stored CRC-32 0x${new DataView(good.buffer).getUint32(want - 4, true).toString(16).padStart(8, '0')}, computed 0x${(() => { const b = good.slice(); b[70] ^= 0x40; return crc32(b, 0, want - 4).toString(16).padStart(8, '0'); })()}): the file is corrupted.`],
    [edit((b, dv) => dv.setUint8(20, 7), true), `${bad}loss code 7 is unknown (0 svm, 1 softmax, 2 ova, 3 structured); a newer linclass may know it.`],
    [edit((b, dv) => dv.setUint8(20, 4), true), `${bad}loss code 4 is unknown (0 svm, 1 softmax, 2 ova, 3 structured); a newer linclass may know it.`],
    [edit((b, dv) => dv.setUint8(21, 9), true), `${bad}penalty code 9 is unknown (0 none, 1 l2, 2 l1, 3 elasticnet).`],
    [edit((b, dv) => dv.setFloat64(32, -1, true), true),
      `${bad}The 'reg' option of LinearClassifier must be a number in [0, Infinity). Got -1 instead.`],
    [edit((b, dv) => dv.setFloat64(56, 0, true), true),
      `${bad}The 'preprocessing' option of LinearClassifier: 'scale' must be a number in (0, Infinity). Got 0 instead.`],
    [edit((b, dv) => dv.setFloat32(64 + 4 * 5, NaN, true), true), `${bad}setWeights: W[5] is NaN; weights must be finite float32 numbers.`],
  ];
  for (const [bytes, msg] of cases) throwsExactly(() => LinearClassifier.load(bytes), 'INVALID_DATA', msg);
  throwsExactly(() => LinearClassifier.load('model' as never), 'INVALID_ARGUMENT',
    'LinearClassifier.load needs the file\'s bytes (a Uint8Array or ArrayBuffer). Got "model" instead.');
});

test('bad JSON: exact messages', () => {
  const clf = trained('softmax', 'l2', false);
  const good = clf.toJSON();
  clf.dispose();
  const bad = 'Not a valid linclass model JSON: ';
  const cases: [unknown, string][] = [
    ['{', `${bad}the text does not parse (${(() => { try { JSON.parse('{'); } catch (e) { return (e as Error).message; } })()}).`],
    [[1], `${bad}expected an object, got an array of length 1.`],
    [{ ...good, format: 'other' }, `${bad}'format' is "other", expected "linclass-model".`],
    [{ ...good, version: 3 }, `${bad}it has format version 3, newer than the version 2 this linclass reads; update linclass.`],
    [{ ...good, numFeatures: 1e9 }, `${bad}'numFeatures' is 1000000000; it must be an integer in [1, 16777216].`],
    [{ ...good, loss: undefined }, `${bad}'loss' is missing.`],
    [{ ...good, W: good.W.slice(1) }, `${bad}'W' must be an array of 21 numbers, got an array of length 20.`],
    [{ ...good, b: [0, null, 0] }, `${bad}b[1] is null, expected a finite number.`],
    [{ ...good, loss: 'hinge' }, `${bad}The 'loss' option of LinearClassifier must be one of 'svm', 'softmax', 'ova', 'structured'. Got "hinge" instead.`],
  ];
  for (const [json, msg] of cases) throwsExactly(() => LinearClassifier.fromJSON(json), 'INVALID_DATA', msg);
});

test('splitData: seeded, disjoint, complete; exact messages', () => {
  const Xs = Float32Array.from({ length: 20 }, (_, i) => i), ys = Int32Array.from({ length: 10 }, (_, i) => i);
  const a = splitData({ X: Xs, y: ys, numFeatures: 2 }, { valFraction: 0.3, seed: 4 });
  const b = splitData({ X: Xs, y: ys, numFeatures: 2 }, { valFraction: 0.3, seed: 4 });
  assert.deepEqual(a, b);
  assert.equal(a.val.y.length, 3);
  assert.equal(a.train.y.length, 7);
  assert.deepEqual([...a.val.y, ...a.train.y].sort((p, q) => p - q), [...ys]);
  for (const part of [a.train, a.val]) part.y.forEach((label, k) => assert.deepEqual([...part.X.subarray(2 * k, 2 * k + 2)], [2 * label, 2 * label + 1]));
  assert.notDeepEqual(splitData({ X: Xs, y: ys, numFeatures: 2 }, { valFraction: 0.3, seed: 5 }).val.y, a.val.y);
  throwsExactly(() => splitData({ X: Xs, y: ys, numFeatures: 2 }, { valFraction: 1 }), 'INVALID_OPTION',
    "The 'valFraction' option of splitData must be a number in (0, 1). Got 1 instead.");
  throwsExactly(() => splitData({ X: new Float32Array(2), y: new Int32Array(1), numFeatures: 2 }), 'INVALID_DATA',
    'splitData needs at least 2 rows to make two sets. Got 1.');
  throwsExactly(() => splitData(null as never), 'INVALID_DATA', 'splitData needs { X, y, numFeatures }. Got null instead.');
  throwsExactly(() => splitData({ X: Xs, y: ys.subarray(1), numFeatures: 2 }), 'INVALID_DATA', 'y has 9 labels but X has 10 rows: give one label per row.');
});
