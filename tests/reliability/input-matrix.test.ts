// Every public function and option against bad input: wrong types and lengths,
// NaN and ±Infinity in features, weights and options, labels that are not
// integers or out of range, zero rows, zero features, one class, sizes beyond
// wasm32's 4 GiB, unknown option names. Each case must throw (or reject with) a
// LinclassError whose code is the expected one and whose message names the
// problem, within a second and without growing WebAssembly memory. After every
// case the fixture classifiers hold bit for bit the weights they had and
// predict as before; at the end they keep training exactly like twins that
// never saw a bad call (so no optimizer state was dropped either).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  init, LinearClassifier, Dataset, LinclassError, type LinclassErrorCode, parseCsv, readCsv, parseIdx, readIdx, readIdxPair,
  readCifar10, preprocess, meanImage, splitData, randomSearch, randomLocalSearch, hyperparameterSearch, numericalGradient,
  gradCheck, lossSlice1d, lossSlice2d, templateImages,
} from '../../src/index.js';
import { kernels } from '../../src/runtime/module.js';
import { rand, uniform, labels } from '../util.js';

interface Case {
  what: string;
  call: () => unknown;
  code: LinclassErrorCode;
  /** What the message must say: the option's name, the index of the bad value, … */
  message: RegExp;
}

const cases: Case[] = [];
const add = (what: string, call: () => unknown, code: LinclassErrorCode, message: RegExp): void => {
  cases.push({ what, call, code, message });
};
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const named = (name: string): RegExp => new RegExp(`'${esc(name)}'`);

const D = 5, C = 3, N = 30;
const r = rand(2024);
const X = uniform(r, N * D, -2, 2), y = labels(r, N, C);
const probe = uniform(r, 7 * D, -3, 3);
const mean = uniform(r, D, -0.5, 0.5);

let soft: LinearClassifier, svm: LinearClassifier, softTwin: LinearClassifier, svmTwin: LinearClassifier;
let ds: Dataset, unlabelled: Dataset, wide: Dataset, bigLabels: Dataset, gone: Dataset, rows: Dataset;

const softOptions = { loss: 'softmax', numFeatures: D, numClasses: C, seed: 3, preprocessing: { scale: 0.5, mean } } as const;
const svmOptions = { loss: 'svm', penalty: 'l1', numFeatures: D, numClasses: C, seed: 4, reg: 1e-3 } as const;
const stepOptions = { optimizer: 'adam', batchSize: 8, learningRate: 0.05 } as const;

before(async () => {
  await init();
  soft = new LinearClassifier(softOptions);
  svm = new LinearClassifier(svmOptions);
  softTwin = new LinearClassifier(softOptions);
  svmTwin = new LinearClassifier(svmOptions);
  // one partialFit each, so the fixtures carry optimizer state a bad call must not drop
  for (const c of [soft, svm, softTwin, svmTwin]) c.partialFit({ X, y }, stepOptions);
  ds = Dataset.from(X, y, { numFeatures: D });
  unlabelled = Dataset.from(X, null, { numFeatures: D });
  wide = Dataset.from(X.subarray(0, 6 * 4), labels(r, 4, C), { numFeatures: 6 });
  bigLabels = Dataset.from(X, labels(r, N, C + 3).map((v, i) => (i === 4 ? C + 2 : v)), { numFeatures: D });
  gone = Dataset.from(X, y, { numFeatures: D });
  gone.dispose();
  rows = Dataset.create(10, { numFeatures: D });
});

after(() => {
  for (const c of [soft, svm, softTwin, svmTwin]) c.dispose();
  for (const d of [ds, unlabelled, wide, bigLabels, rows]) d.dispose();
});

// ---- bad values for each kind of option ----------------------------------

interface NumberRule { min: number; max: number; minOpen?: boolean; maxOpen?: boolean; integer?: boolean }

/** Values a numeric option must refuse: wrong types, NaN, ±Infinity, just outside the range, a fraction for an integer. */
function badNumbers(rule: NumberRule): [string, unknown][] {
  const out: [string, unknown][] = [
    ['NaN', NaN], ['a numeric string', '1'], ['null', null], ['true', true], ['an object', {}], ['an array', [1]], ['a bigint', 1n],
  ];
  if (rule.max !== Infinity || rule.maxOpen) out.push(['Infinity', Infinity]);
  if (rule.min !== -Infinity || rule.minOpen) out.push(['-Infinity', -Infinity]);
  if (Number.isFinite(rule.max)) out.push(['above the range', rule.maxOpen ? rule.max : rule.max + (rule.integer ? 1 : Math.max(1e-6, rule.max * 1e-6))]);
  if (Number.isFinite(rule.min)) {
    out.push(['below the range', rule.minOpen ? rule.min : rule.min - (rule.integer ? 1 : Math.max(Number.MIN_VALUE, Math.abs(rule.min) * 1e-6))]);
    if (rule.min > 0 || rule.minOpen) out.push(['negative', -1]);
  }
  if (rule.integer) out.push(['a fraction', Math.max(rule.min, 0) + 0.5]);
  return out;
}

const badEnum: [string, unknown][] = [['an unknown name', 'nope'], ['the empty string', ''], ['another case', 'ADAM'], ['a number', 3], ['null', null], ['an object', {}]];
const unknownNames = ['lr', 'learning_rate', 'toString', 'constructor', 'hasOwnProperty'];
const notObjects: [string, unknown][] = [['null', null], ['a number', 5], ['a string', 'x'], ['an array', []]];

/**
 * Cases for every option of a table: each bad value in place of a good one,
 * unknown names (one of them an own '__proto__'), and options that are not an object.
 */
function optionCases(owner: string, call: (options: unknown) => unknown, good: Record<string, unknown>,
  numbers: Record<string, NumberRule>, enums: string[], code: LinclassErrorCode = 'INVALID_OPTION', checkNotObject = true): void {
  for (const [name, rule] of Object.entries(numbers)) {
    for (const [label, v] of badNumbers(rule)) add(`${owner}: ${name} ${label}`, () => call({ ...good, [name]: v }), code, named(name));
  }
  for (const name of enums) {
    for (const [label, v] of badEnum) add(`${owner}: ${name} ${label}`, () => call({ ...good, [name]: v }), code, named(name));
  }
  for (const name of unknownNames) add(`${owner}: unknown option ${name}`, () => call({ ...good, [name]: 1 }), code, named(name));
  add(`${owner}: an own __proto__ option`, () => call({ ...good, ...JSON.parse('{"__proto__": 1}') }), code, named('__proto__'));
  if (checkNotObject) {
    for (const [label, v] of notObjects) add(`${owner}: options ${label}`, () => call(v), code, /options of .* must be an object/);
  }
}

const INT = (min: number, max: number): NumberRule => ({ min, max, integer: true });
const POSITIVE: NumberRule = { min: 0, max: Infinity, minOpen: true, maxOpen: true };
const NONNEG: NumberRule = { min: 0, max: Infinity, maxOpen: true };
const UNIT: NumberRule = { min: 0, max: 1, maxOpen: true };
const SEED = INT(0, 2 ** 32 - 1);

// ---- bad data ------------------------------------------------------------

const withAt = (a: Float32Array, i: number, v: number): Float32Array => { const b = a.slice(); b[i] = v; return b; };
const arrayWith = (a: ArrayLike<number>, i: number, v: unknown): unknown[] => { const b: unknown[] = Array.from(a); b[i] = v; return b; };

/** An array that claims `length` entries (all 0.5) without holding them: sizes beyond what wasm32 can hold. */
function huge(length: number, value: unknown = 0.5): number[] {
  return new Proxy([] as number[], {
    get(t, k) {
      if (k === 'length') return length;
      if (typeof k === 'string' && /^\d+$/.test(k)) return value;
      return Reflect.get(t, k);
    },
  });
}

/** Features that must be refused, with the code and what the message must name. */
function badFeatures(d: number, rowsIn: number): [string, unknown, LinclassErrorCode, RegExp][] {
  const base = X.slice(0, rowsIn * d);
  return [
    ['NaN', withAt(base, 7, NaN), 'INVALID_DATA', /X\[7\].*NaN/],
    ['Infinity', withAt(base, 3, Infinity), 'INVALID_DATA', /X\[3\].*Infinity/],
    ['-Infinity', withAt(base, d + 1, -Infinity), 'INVALID_DATA', new RegExp(`X\\[${d + 1}\\].*-Infinity`)],
    ['1e39 in an array', arrayWith(base, 2, 1e39), 'INVALID_DATA', /X\[2\].*1e\+39/],
    ['1e39 in a Float64Array', Float64Array.from(arrayWith(base, 4, 1e39) as number[]), 'INVALID_DATA', /X\[4\].*1e\+39/],
    ['NaN in a Float64Array', Float64Array.from(arrayWith(base, 5, NaN) as number[]), 'INVALID_DATA', /X\[5\].*NaN/],
    ['a length that is not a multiple of D', base.subarray(0, d + 2), 'INVALID_DATA', new RegExp(`${d + 2} values.*multiple`)],
    ['zero rows', new Float32Array(0), 'INVALID_DATA', /X is empty/],
    ['a string', '1,2,3,4,5', 'INVALID_DATA', /X must be/],
    ['a number', 5, 'INVALID_DATA', /X must be/],
    ['null', null, 'INVALID_DATA', /X must be/],
    ['undefined', undefined, 'INVALID_DATA', /X must be/],
    ['an object with a length', { length: d }, 'INVALID_DATA', /X must be/],
    ['a DataView', new DataView(new ArrayBuffer(4 * d)), 'INVALID_DATA', /X must be/],
    ['a BigInt64Array', new BigInt64Array(d), 'INVALID_DATA', /X must be/],
    ['numeric strings in an array', Array.from(base, String), 'INVALID_DATA', /X\[0\].*"/],
    ['a boolean in an array', arrayWith(base, 1, true), 'INVALID_DATA', /X\[1\].*true/],
    ['undefined in an array', arrayWith(base, 6, undefined), 'INVALID_DATA', /X\[6\].*undefined/],
    ['null in an array', arrayWith(base, 8, null), 'INVALID_DATA', /X\[8\].*null/],
    ['rows of the wrong length', [Array.from(base.subarray(0, d)), [1]], 'INVALID_DATA', /X\[1\] must be a row of/],
    ['a row holding NaN', [arrayWith(Array.from(base.subarray(0, d)), 0, NaN)], 'INVALID_DATA', /X\[0\].*NaN/],
    ['2^32 values (more than wasm32 holds)', huge(d * 2 ** 32 / 8), 'OUT_OF_MEMORY', /4 GiB/],
  ];
}

/** Labels that must be refused for rowsIn rows of a C-class classifier. */
function badLabels(rowsIn: number): [string, unknown, LinclassErrorCode, RegExp][] {
  const base = y.slice(0, rowsIn);
  return [
    ['a fraction', arrayWith(base, 1, 1.5), 'INVALID_DATA', /y\[1\].*1\.5/],
    ['negative', arrayWith(base, 0, -1), 'INVALID_DATA', /y\[0\].*-1/],
    ['NaN', arrayWith(base, 2, NaN), 'INVALID_DATA', /y\[2\].*NaN/],
    ['Infinity', arrayWith(base, 2, Infinity), 'INVALID_DATA', /y\[2\].*Infinity/],
    ['a numeric string', arrayWith(base, 3, '1'), 'INVALID_DATA', /y\[3\]/],
    ['null', arrayWith(base, 3, null), 'INVALID_DATA', /y\[3\].*null/],
    ['2^31 (beyond int32)', arrayWith(base, 0, 2 ** 31), 'INVALID_DATA', /y\[0\].*2147483648/],
    ['NaN in a Float32Array', Float32Array.from(arrayWith(base, 1, NaN) as number[]), 'INVALID_DATA', /y\[1\].*NaN/],
    ['one label too few', base.subarray(0, rowsIn - 1), 'INVALID_DATA', new RegExp(`${rowsIn - 1} labels.*${rowsIn} rows`)],
    ['one label too many', Int32Array.from([...base, 0]), 'INVALID_DATA', new RegExp(`${rowsIn + 1} labels.*${rowsIn} rows`)],
    ['a string', 'abc', 'INVALID_DATA', /y must be/],
    ['an object', { length: rowsIn }, 'INVALID_DATA', /y must be/],
    ['a BigInt64Array', new BigInt64Array(rowsIn), 'INVALID_DATA', /y must be/],
  ];
}

const ROWS = 6;
const goodX = X.slice(0, ROWS * D), goodY = y.slice(0, ROWS);

// Methods that take features alone.
const featureMethods: [string, (Xb: unknown) => unknown][] = [
  ['scores', (Xb) => soft.scores(Xb as never)],
  ['decisionFunction', (Xb) => svm.decisionFunction(Xb as never)],
  ['predict', (Xb) => svm.predict(Xb as never)],
  ['predict (preprocessing)', (Xb) => soft.predict(Xb as never)],
  ['predictProba', (Xb) => soft.predictProba(Xb as never)],
  ['toDataset', (Xb) => soft.toDataset(Xb as never)],
  ['Dataset.from unlabelled', (Xb) => Dataset.from(Xb as never, null, { numFeatures: D })],
  ['preprocess', (Xb) => preprocess(Xb as never, D, { scale: 2 })],
  ['meanImage', (Xb) => meanImage(Xb as never, D)],
];
// Methods that take features and labels.
const labelledMethods: [string, (Xb: unknown, yb: unknown) => unknown][] = [
  ['lossAndGradient', (Xb, yb) => svm.lossAndGradient(Xb as never, yb as never)],
  ['evaluate (preprocessing)', (Xb, yb) => soft.evaluate(Xb as never, yb as never)],
  ['score', (Xb, yb) => svm.score(Xb as never, yb as never)],
  ['fit', (Xb, yb) => soft.fit({ X: Xb, y: yb } as never, { epochs: 1 })],
  ['partialFit', (Xb, yb) => svm.partialFit({ X: Xb, y: yb } as never)],
  ['fitAsync', async (Xb, yb) => { for await (const p of soft.fitAsync({ X: Xb, y: yb } as never, { epochs: 1 })) void p; }],
  ['fit validation', (Xb, yb) => svm.fit({ X: goodX, y: goodY }, { epochs: 1, validation: { X: Xb, y: yb } as never })],
  ['toDataset labelled', (Xb, yb) => svm.toDataset(Xb as never, yb as never)],
  ['Dataset.from', (Xb, yb) => Dataset.from(Xb as never, yb as never, { numFeatures: D })],
  ['gradCheck', (Xb, yb) => gradCheck(soft, { X: Xb, y: yb } as never)],
  ['lossSlice1d', (Xb, yb) => lossSlice1d(svm, { X: Xb, y: yb } as never, { steps: 3 })],
  ['lossSlice2d', (Xb, yb) => lossSlice2d(soft, { X: Xb, y: yb } as never, { steps: 3 })],
  ['splitData', (Xb, yb) => splitData({ X: Xb, y: yb, numFeatures: D } as never)],
  ['setRows', (Xb, yb) => rows.setRows(0, Xb as never, yb as never)],
];

for (const [m, call] of featureMethods) {
  for (const [label, Xb, code, message] of badFeatures(D, ROWS)) add(`${m}: X ${label}`, () => call(Xb), code, message);
}
for (const [m, call] of labelledMethods) {
  for (const [label, Xb, code, message] of badFeatures(D, ROWS)) {
    const yb = typeof Xb === 'object' && Xb !== null && 'length' in Xb && (Xb as ArrayLike<number>).length % D === 0
      ? ((Xb as ArrayLike<number>).length / D > ROWS ? huge((Xb as ArrayLike<number>).length / D, 0) : y.slice(0, (Xb as ArrayLike<number>).length / D))
      : goodY;
    add(`${m}: X ${label}`, () => call(Xb, yb), code, message);
  }
  for (const [label, yb, code, message] of badLabels(ROWS)) add(`${m}: y ${label}`, () => call(goodX, yb), code, message);
  if (m !== 'splitData' && m !== 'setRows' && !m.startsWith('Dataset.from') && !m.startsWith('toDataset')) {
    add(`${m}: label C (out of range for the classifier)`, () => call(goodX, arrayWith(goodY, 2, C)), 'INVALID_DATA', new RegExp(`label ${C}.*numClasses ${C}`));
  }
}
for (const [m, call] of [['lossAndGradient', (Xb: unknown) => svm.lossAndGradient(Xb as never)], ['evaluate', (Xb: unknown) => soft.evaluate(Xb as never)],
  ['score', (Xb: unknown) => svm.score(Xb as never)]] as const) {
  add(`${m}: no labels`, () => call(goodX), 'INVALID_DATA', /Labels are needed/);
}

// ---- Datasets passed where data goes --------------------------------------

const dataTakers: [string, (d: unknown) => unknown][] = [
  ['lossAndGradient', (d) => soft.lossAndGradient(d as never)],
  ['evaluate', (d) => svm.evaluate(d as never)],
  ['fit', (d) => soft.fit(d as never, { epochs: 1 })],
  ['partialFit', (d) => svm.partialFit(d as never)],
  ['gradCheck', (d) => gradCheck(svm, d as never)],
  ['lossSlice1d', (d) => lossSlice1d(soft, d as never, { steps: 3 })],
  ['randomSearch', (d) => randomSearch(d as never, { trials: 2 })],
  ['randomLocalSearch', (d) => randomLocalSearch(d as never, { steps: 2 })],
];
for (const [m, call] of dataTakers) {
  // (the searches build their classifier from the Dataset, so any feature count fits them)
  if (!m.startsWith('random')) add(`${m}: a Dataset with 6 features`, () => call(wide), 'INVALID_DATA', /6 features/);
  add(`${m}: an unlabelled Dataset`, () => call(unlabelled), 'INVALID_DATA', /labels/);
  add(`${m}: a disposed Dataset`, () => call(gone), 'DISPOSED', /disposed/);
  if (!m.startsWith('random')) add(`${m}: a Dataset with label ${C + 2}`, () => call(bigLabels), 'INVALID_DATA', new RegExp(`label ${C + 2}`));
  for (const [label, v] of [['null', null], ['a number', 3], ['a string', 'data'], ['an object without y', { X }]] as const) {
    add(`${m}: data ${label}`, () => call(v), 'INVALID_DATA', /Got|must be|needs/);
  }
}
for (const [m, call] of [['scores', (d: Dataset) => soft.scores(d)], ['predict', (d: Dataset) => svm.predict(d)], ['predictProba', (d: Dataset) => soft.predictProba(d)]] as const) {
  add(`${m}: a Dataset with 6 features`, () => call(wide), 'INVALID_DATA', /6 features/);
  add(`${m}: a disposed Dataset`, () => call(gone), 'DISPOSED', /disposed/);
}
add('evaluate: y next to a Dataset', () => soft.evaluate(ds, y), 'INVALID_ARGUMENT', /Labels go inside the Dataset/);
add('predictProba: an SVM', () => svm.predictProba(goodX), 'NOT_SUPPORTED', /predictProba needs loss 'softmax'/);

// ---- the classifier's constructor ----------------------------------------

const ctor = (o: unknown) => new LinearClassifier(o as never);
optionCases('LinearClassifier', ctor, { numFeatures: D, numClasses: C }, {
  numFeatures: INT(1, 2 ** 24), numClasses: INT(2, 65536), reg: NONNEG, l2Ratio: NONNEG, delta: POSITIVE, seed: SEED,
}, ['loss', 'penalty']);
add('LinearClassifier: classes and numClasses disagree', () => ctor({ numFeatures: D, numClasses: C, classes: ['a', 'b'] }), 'INVALID_OPTION', named('classes'));
add('LinearClassifier: classes with one label', () => ctor({ numFeatures: D, classes: ['a'] }), 'INVALID_OPTION', named('classes'));
add('LinearClassifier: zero features', () => ctor({ numFeatures: 0, numClasses: C }), 'INVALID_OPTION', named('numFeatures'));
add('LinearClassifier: one class', () => ctor({ numFeatures: D, numClasses: 1 }), 'INVALID_OPTION', named('numClasses'));
add('LinearClassifier: 2^24 features × 65536 classes', () => ctor({ numFeatures: 2 ** 24, numClasses: 65536 }), 'OUT_OF_MEMORY', /4 GiB/);
add('LinearClassifier: 2^24 features × 12 classes (12 GiB of buffers)', () => ctor({ numFeatures: 2 ** 24, numClasses: 12 }), 'OUT_OF_MEMORY', /GiB/);
add('LinearClassifier: 2^24 features × 64 classes', () => ctor({ numFeatures: 2 ** 24, numClasses: 64 }), 'OUT_OF_MEMORY', /GiB/);
for (const [label, p, message] of [
  ['a number', 5, /must be an object/], ['a string', 'center', /must be an object/], ['an array', [1], /must be an object/],
  ['scale 0', { scale: 0 }, named('scale')], ['scale NaN', { scale: NaN }, named('scale')], ['scale -1', { scale: -1 }, named('scale')],
  ['scale Infinity', { scale: Infinity }, named('scale')], ['scale a string', { scale: '1' }, named('scale')],
  ['a short mean', { mean: [1] }, named('mean')], ['a NaN mean', { mean: arrayWith(mean, 2, NaN) }, /mean\[2\]/],
  ['an Infinity mean', { mean: withAt(mean, 4, Infinity) }, /mean\[4\]/], ['a string mean', { mean: 'abcde' }, named('mean')],
  ['a mean of strings', { mean: Array.from(mean, String) }, /mean\[0\]/], ['an unknown field', { center: true }, named('center')],
] as const) {
  add(`LinearClassifier: preprocessing ${label}`, () => ctor({ numFeatures: D, numClasses: C, preprocessing: p }), 'INVALID_OPTION', message);
}

// ---- training options ------------------------------------------------------

const FIT_NUMBERS = { learningRate: POSITIVE, mu: UNIT, rho: UNIT, beta1: UNIT, beta2: UNIT, epsilon: POSITIVE };
const data = { X: goodX, y: goodY };
const trainers: [string, (o: unknown) => unknown, boolean][] = [
  ['fit', (o) => soft.fit(data, o as never), true],
  ['partialFit', (o) => svm.partialFit(data, o as never), false],
  ['fitAsync', async (o) => { for await (const p of svm.fitAsync(data, o as never)) void p; }, true],
];
for (const [owner, call, full] of trainers) {
  optionCases(owner, call, {}, { ...FIT_NUMBERS, ...(full ? { epochs: INT(1, 1e9) } : {}), seed: SEED }, ['optimizer', 'sampling']);
  for (const [label, v] of [['0', 0], ['-1', -1], ['1.5', 1.5], ['NaN', NaN], ['Infinity', Infinity], ['"all"', 'all'], ['null', null], ['true', true]] as const) {
    add(`${owner}: batchSize ${label}`, () => call({ batchSize: v }), 'INVALID_OPTION', named('batchSize'));
  }
  for (const [label, s, message] of [
    ['a string', 'step', named('schedule')], ['null', null, named('schedule')], ['an unknown type', { type: 'cosine' }, named('schedule')],
    ['no type', { every: 2 }, named('schedule')], ['step every 0', { type: 'step', every: 0, factor: 0.5 }, named('every')],
    ['step every NaN', { type: 'step', every: NaN, factor: 0.5 }, named('every')], ['step factor 0', { type: 'step', every: 1, factor: 0 }, named('factor')],
    ['step factor 2', { type: 'step', every: 1, factor: 2 }, named('factor')], ['step factor missing', { type: 'step', every: 1 }, named('factor')],
    ['exponential rate NaN', { type: 'exponential', rate: NaN }, named('rate')], ['exponential rate 1.5', { type: 'exponential', rate: 1.5 }, named('rate')],
    ['inverse k -1', { type: 'inverse', k: -1 }, named('k')], ['inverse k Infinity', { type: 'inverse', k: Infinity }, named('k')],
    ['an unknown field', { type: 'constant', gamma: 1 }, named('gamma')],
  ] as const) {
    add(`${owner}: schedule ${label}`, () => call({ schedule: s }), 'INVALID_OPTION', message);
  }
  add(`${owner}: onEpoch a number`, () => call({ onEpoch: 3 }), 'INVALID_OPTION', named('onEpoch'));
  add(`${owner}: onEpoch a string`, () => call({ onEpoch: 'log' }), 'INVALID_OPTION', named('onEpoch'));
  add(`${owner}: validation null`, () => call({ validation: null }), 'INVALID_DATA', named('validation'));
  add(`${owner}: validation without labels`, () => call({ validation: { X: goodX } }), 'INVALID_DATA', named('validation'));
  add(`${owner}: validation unlabelled Dataset`, () => call({ validation: unlabelled }), 'INVALID_DATA', /labels/);
  if (full) {
    add(`${owner}: earlyStopping without validation`, () => call({ earlyStopping: { patience: 2 } }), 'INVALID_OPTION', named('earlyStopping'));
    for (const [label, es, message] of [
      ['null', null, /earlyStopping must be an object/], ['patience 0', { patience: 0 }, named('patience')], ['patience NaN', { patience: NaN }, named('patience')],
      ['no patience', {}, named('patience')], ['minDelta -1', { patience: 1, minDelta: -1 }, named('minDelta')],
      ['minDelta NaN', { patience: 1, minDelta: NaN }, named('minDelta')], ['restoreBest "yes"', { patience: 1, restoreBest: 'yes' }, named('restoreBest')],
      ['an unknown field', { patience: 1, wait: 2 }, named('wait')],
    ] as const) {
      add(`${owner}: earlyStopping ${label}`, () => call({ earlyStopping: es, validation: data }), 'INVALID_OPTION', message);
    }
  } else {
    add(`${owner}: epochs (fit only)`, () => call({ epochs: 2 }), 'INVALID_OPTION', named('epochs'));
    add(`${owner}: earlyStopping (fit only)`, () => call({ earlyStopping: { patience: 1 }, validation: data }), 'INVALID_OPTION', named('earlyStopping'));
  }
}
add('fit: data a Float32Array', () => soft.fit(goodX as never), 'INVALID_DATA', /training data/);

// ---- weights ---------------------------------------------------------------

const W0 = new Float32Array(C * D), b0 = new Float32Array(C);
for (const [label, W, b, message] of [
  ['W too short', W0.subarray(1), b0, /W must be/], ['W too long', new Float32Array(C * D + 1), b0, /W must be/],
  ['b too short', W0, b0.subarray(1), /b must be/], ['b too long', W0, new Float32Array(C + 1), /b must be/],
  ['W NaN', withAt(W0, 4, NaN), b0, /W\[4\]/], ['W Infinity', withAt(W0, 0, Infinity), b0, /W\[0\]/],
  ['W -Infinity', withAt(W0, C * D - 1, -Infinity), b0, new RegExp(`W\\[${C * D - 1}\\]`)], ['W 1e39', arrayWith(W0, 3, 1e39), b0, /W\[3\]/],
  ['W 1e39 in a Float64Array', Float64Array.from(arrayWith(W0, 3, 1e39) as number[]), b0, /W\[3\]/],
  ['b NaN', W0, withAt(b0, 1, NaN), /b\[1\]/], ['b Infinity', W0, arrayWith(b0, 2, Infinity), /b\[2\]/],
  ['W a string entry', arrayWith(W0, 5, '1'), b0, /W\[5\]/], ['W a null entry', arrayWith(W0, 5, null), b0, /W\[5\]/],
  ['b an undefined entry', W0, arrayWith(b0, 0, undefined), /b\[0\]/], ['W a string', 'w'.repeat(C * D), b0, /W must be/],
  ['W null', null, b0, /W must be/], ['b undefined', W0, undefined, /b must be/], ['W an object', { length: C * D }, b0, /W must be/],
  ['W a DataView', new DataView(new ArrayBuffer(4 * C * D)), b0, /W must be/], ['W a BigInt64Array', new BigInt64Array(C * D), b0, /W must be/],
] as const) {
  add(`setWeights: ${label}`, () => svm.setWeights(W as never, b as never), 'INVALID_ARGUMENT', message);
  add(`setWeights (softmax): ${label}`, () => soft.setWeights(W as never, b as never), 'INVALID_ARGUMENT', message);
}

// ---- Datasets ---------------------------------------------------------------

optionCases('Dataset', (o) => Dataset.from(goodX, goodY, o as never), { numFeatures: D }, { numFeatures: INT(1, 2 ** 24) }, []);
add('Dataset.from: zero features', () => Dataset.from(goodX, goodY, { numFeatures: 0 }), 'INVALID_OPTION', named('numFeatures'));
add('Dataset.from: more rows than wasm32 holds, labels too', () => Dataset.from(huge(2 ** 30), huge(2 ** 30, 0), { numFeatures: 1 }), 'OUT_OF_MEMORY', /4 GiB/);
for (const [label, n, code, message] of [
  ['0 rows', 0, 'INVALID_DATA', /rows/], ['-1 rows', -1, 'INVALID_DATA', /rows/], ['1.5 rows', 1.5, 'INVALID_DATA', /rows/],
  ['NaN rows', NaN, 'INVALID_DATA', /rows/], ['Infinity rows', Infinity, 'INVALID_DATA', /rows/], ['"10" rows', '10', 'INVALID_DATA', /rows/],
  ['null rows', null, 'INVALID_DATA', /rows/], ['2^28 rows of 4 features (4 GiB)', 2 ** 28, 'OUT_OF_MEMORY', /GiB/],
  ['2^26 rows of 4 features (1 GiB in one block)', 2 ** 26, 'OUT_OF_MEMORY', /GiB/], ['1e300 rows', 1e300, 'OUT_OF_MEMORY', /GiB/],
] as const) {
  add(`Dataset.create: ${label}`, () => Dataset.create(n as never, { numFeatures: 4 }), code, message);
}
optionCases('Dataset.create', (o) => Dataset.create(4, o as never), { numFeatures: D }, { numFeatures: INT(1, 2 ** 24) }, [], 'INVALID_OPTION', false);
for (const [label, v] of [['a string', 'yes'], ['a number', 1], ['null', null]] as const) {
  add(`Dataset.create: labels ${label}`, () => Dataset.create(4, { numFeatures: D, labels: v } as never), 'INVALID_OPTION', named('labels'));
}
for (const [label, start] of [['-1', -1], ['1.5', 1.5], ['NaN', NaN], ['"0"', '0'], ['null', null], ['past the end', 9], ['Infinity', Infinity]] as const) {
  add(`setRows: start ${label}`, () => rows.setRows(start as never, goodX.subarray(0, 2 * D), goodY.subarray(0, 2)), 'INVALID_DATA', /do not fit/);
}
add('setRows: labels into a dataset without them', () => unlabelled.setRows(0, goodX, goodY), 'INVALID_DATA', /no labels/);
add('setRows: no labels for a labelled dataset', () => rows.setRows(0, goodX), 'INVALID_DATA', /pass y/);
add('setRows: a disposed dataset', () => gone.setRows(0, goodX, goodY), 'DISPOSED', /disposed/);

// ---- model files ------------------------------------------------------------

for (const [label, v, code] of [
  ['a string', 'model', 'INVALID_ARGUMENT'], ['null', null, 'INVALID_ARGUMENT'], ['a number', 84, 'INVALID_ARGUMENT'], ['an array', [137, 76], 'INVALID_ARGUMENT'],
  ['an Int8Array', new Int8Array(100), 'INVALID_ARGUMENT'], ['a DataView', new DataView(new ArrayBuffer(100)), 'INVALID_ARGUMENT'],
  ['empty bytes', new Uint8Array(0), 'INVALID_DATA'], ['100 zero bytes', new Uint8Array(100), 'INVALID_DATA'],
] as const) {
  add(`LinearClassifier.load: ${label}`, () => LinearClassifier.load(v as never), code, code === 'INVALID_DATA' ? /Not a valid linclass model file/ : /needs the file's bytes/);
}
const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(svm));
for (const [label, edit, message] of [
  ['format', { format: 'other' }, named('format')], ['version 3', { version: 3 }, /version 3/], ['version "1"', { version: '1' }, named('version')],
  ['numFeatures NaN', { numFeatures: NaN }, named('numFeatures')], ['numFeatures 0', { numFeatures: 0 }, named('numFeatures')],
  ['numClasses 1', { numClasses: 1 }, named('numClasses')], ['numFeatures 2^24 with a short W', { numFeatures: 2 ** 24 }, named('W')],
  ['W short', { W: [1, 2] }, named('W')], ['W with null (a NaN in JSON)', { W: arrayWith(W0, 1, null) }, /W\[1\]/], ['b a string', { b: 'bbb' }, named('b')],
  ['loss unknown', { loss: 'hinge' }, named('loss')], ['penalty a number', { penalty: 2 }, named('penalty')], ['reg -1', { reg: -1 }, named('reg')],
  ['reg NaN', { reg: NaN }, named('reg')], ['delta 0', { delta: 0 }, named('delta')], ['seed 1.5', { seed: 1.5 }, named('seed')],
  ['l2Ratio missing', { l2Ratio: undefined }, named('l2Ratio')], ['preprocessing scale 0', { preprocessing: { scale: 0, mean: null } }, named('scale')],
  ['preprocessing a string', { preprocessing: 'none' }, named('preprocessing')], ['preprocessing mean short', { preprocessing: { scale: 1, mean: [1] } }, /mean/],
] as const) {
  add(`LinearClassifier.fromJSON: ${label}`, () => LinearClassifier.fromJSON({ ...json(), ...edit }), 'INVALID_DATA', message);
}
for (const [label, v] of [['null', null], ['a number', 5], ['empty text', ''], ['broken text', '{"format":'], ['an array', []], ['text of an array', '[1]']] as const) {
  add(`LinearClassifier.fromJSON: ${label}`, () => LinearClassifier.fromJSON(v), 'INVALID_DATA', /Not a valid linclass model JSON/);
}

// ---- readers ------------------------------------------------------------------

const csv = '1,2,0\n3,4,1\n';
for (const [label, v] of [['a number', 5], ['null', null], ['bytes', new Uint8Array([49, 44, 48])], ['an object', {}]] as const) {
  add(`parseCsv: text ${label}`, () => parseCsv(v as never), 'INVALID_ARGUMENT', /text/);
}
const csvOptions: [string, unknown, RegExp][] = [
  ['labelColumn NaN', { labelColumn: NaN }, /labelColumn/], ['labelColumn true', { labelColumn: true }, /labelColumn/],
  ['labelColumn an object', { labelColumn: {} }, /labelColumn/], ['labelColumn Infinity', { labelColumn: Infinity }, /labelColumn/],
  ['labelColumn 1.5', { labelColumn: 1.5 }, /labelColumn/], ['labelColumn 7 (outside)', { labelColumn: 7 }, /labelColumn/],
  ['header "yes"', { header: 'yes' }, named('header')], ['header 1', { header: 1 }, named('header')],
  ['an unknown option', { delimiter: ';' }, named('delimiter')], ['options a string', 'label', /options/],
];
for (const [label, o, message] of csvOptions) {
  const code = /NaN|Infinity|1\.5|outside/.test(label) ? 'INVALID_DATA' : 'INVALID_OPTION';
  add(`parseCsv: ${label}`, () => parseCsv(csv, o as never), code, message);
  add(`readCsv: ${label}`, () => readCsv(new TextEncoder().encode(csv), o as never), code, message);
}
for (const [label, v] of [['a number', 5], ['null', null], ['an object', {}], ['an array of numbers', [0, 0, 8, 1]]] as const) {
  add(`readCsv: source ${label}`, () => readCsv(v as never), 'INVALID_ARGUMENT', /must be a Uint8Array/);
  add(`readIdx: source ${label}`, () => readIdx(v as never), 'INVALID_ARGUMENT', /must be a Uint8Array/);
  add(`readCifar10: source ${label}`, () => readCifar10(v as never), 'INVALID_ARGUMENT', /must be a Uint8Array/);
  add(`readIdxPair: images ${label}`, () => readIdxPair(v as never, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 0])), 'INVALID_ARGUMENT', /must be a Uint8Array/);
}
add('readCifar10: no batches', () => readCifar10([]), 'INVALID_ARGUMENT', /at least one batch/);
for (const [label, v] of [['a string', '\0\0\x08\x01'], ['null', null], ['a number', 4], ['an array', [0, 0, 8, 1, 0, 0, 0, 0]], ['an ArrayBuffer', new ArrayBuffer(8)]] as const) {
  add(`parseIdx: ${label}`, () => parseIdx(v as never), 'INVALID_ARGUMENT', /parseIdx needs/);
}
add('parseIdx: 2^32 × 2^32 values declared', () => parseIdx(new Uint8Array([0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255, 1])), 'INVALID_DATA', /declares/);

// ---- preprocessing and splits ---------------------------------------------------

for (const [label, d] of [['0', 0], ['-1', -1], ['1.5', 1.5], ['NaN', NaN], ['"5"', '5'], ['Infinity', Infinity], ['null', null]] as const) {
  add(`preprocess: D ${label}`, () => preprocess(goodX, d as never, {}), 'INVALID_ARGUMENT', /numFeatures|D /);
  add(`meanImage: D ${label}`, () => meanImage(goodX, d as never), 'INVALID_ARGUMENT', /numFeatures|D /);
}
for (const [label, s] of [['NaN', NaN], ['Infinity', Infinity], ['a string', '2'], ['0', 0], ['-1', -1]] as const) {
  add(`meanImage: scale ${label}`, () => meanImage(goodX, D, s as never), 'INVALID_ARGUMENT', named('scale'));
  add(`preprocess: scale ${label}`, () => preprocess(goodX, D, { scale: s as never }), 'INVALID_OPTION', named('scale'));
}
add('preprocess: out too short', () => preprocess(goodX, D, {}, new Float32Array(3)), 'INVALID_ARGUMENT', /out must hold/);
add('preprocess: out not a Float32Array', () => preprocess(goodX, D, {}, [] as never), 'INVALID_ARGUMENT', /out must hold/);
add('preprocess: a scale that overflows float32', () => preprocess(goodX, D, { scale: 1e300 }), 'INVALID_DATA', /too large for float32/);
optionCases('splitData', (o) => splitData({ X: goodX, y: goodY, numFeatures: D }, o as never), {},
  { valFraction: { min: 0, max: 1, minOpen: true, maxOpen: true }, seed: SEED }, []);
for (const [label, d, message] of [
  ['null', null, /splitData needs/], ['no numFeatures', { X: goodX, y: goodY }, /splitData needs/],
  ['numFeatures 0', { X: goodX, y: goodY, numFeatures: 0 }, /splitData needs/], ['one row', { X: goodX.subarray(0, D), y: goodY.subarray(0, 1), numFeatures: D }, /at least 2 rows/],
] as const) {
  add(`splitData: data ${label}`, () => splitData(d as never), 'INVALID_DATA', message);
}

// ---- searches ------------------------------------------------------------------------

optionCases('randomSearch', (o) => randomSearch(ds, o as never), { trials: 2 }, { trials: INT(1, 1e9), scale: POSITIVE, seed: SEED }, []);
optionCases('randomLocalSearch', (o) => randomLocalSearch(ds, o as never), { steps: 2 },
  { steps: INT(1, 1e9), stepSize: POSITIVE, initScale: POSITIVE, seed: SEED }, []);
for (const [owner, call] of [['randomSearch', (o: object) => randomSearch(ds, { trials: 2, ...o } as never)],
  ['randomLocalSearch', (o: object) => randomLocalSearch(ds, { steps: 2, ...o } as never)]] as const) {
  for (const [label, o, message] of [
    ['loss unknown', { loss: 'hinge' }, named('loss')], ['penalty unknown', { penalty: 'l3' }, named('penalty')], ['reg -1', { reg: -1 }, named('reg')],
    ['reg NaN', { reg: NaN }, named('reg')], ['delta 0', { delta: 0 }, named('delta')], ['numClasses 1', { numClasses: 1 }, named('numClasses')],
    ['numClasses below the labels', { numClasses: 2 }, /label 2/],
  ] as const) {
    add(`${owner}: ${label}`, () => call(o), message.source.includes('label') ? 'INVALID_DATA' : 'INVALID_OPTION', message);
  }
  add(`${owner}: data { X, y }`, () => (owner === 'randomSearch' ? randomSearch : randomLocalSearch)(data as never), 'INVALID_DATA', /needs a Dataset/);
}
const hyper = (o: object, v: unknown = ds) => hyperparameterSearch(ds, v as never, { learningRates: [1e-2], regs: [0], epochs: 1, ...o } as never);
for (const [label, o, message] of [
  ['learningRates empty', { learningRates: [] }, named('learningRates')], ['learningRates [NaN]', { learningRates: [NaN] }, named('learningRates')],
  ['learningRates [-1]', { learningRates: [-1] }, named('learningRates')], ['learningRates [0]', { learningRates: [0] }, named('learningRates')],
  ['learningRates [Infinity]', { learningRates: [Infinity] }, named('learningRates')], ['learningRates a number', { learningRates: 0.1 }, named('learningRates')],
  ['learningRates strings', { learningRates: ['0.1'] }, named('learningRates')], ['regs [-1]', { regs: [-1] }, named('regs')],
  ['regs [NaN]', { regs: [NaN] }, named('regs')], ['regs missing', { regs: undefined }, named('regs')], ['mode unknown', { mode: 'bayes' }, named('mode')],
  ['trials 0', { trials: 0 }, named('trials')], ['trials NaN', { trials: NaN }, named('trials')], ['seed -1', { seed: -1 }, named('seed')],
  ['seed 1.5', { seed: 1.5 }, named('seed')], ['seed a string', { seed: 'x' }, named('seed')], ['epochs 0', { epochs: 0 }, named('epochs')],
  ['optimizer unknown', { optimizer: 'lbfgs' }, named('optimizer')], ['loss unknown', { loss: 'hinge' }, named('loss')],
  ['an unknown option', { lr: 0.1 }, named('lr')],
] as const) {
  add(`hyperparameterSearch: ${label}`, () => hyper(o), 'INVALID_OPTION', message);
}
add('hyperparameterSearch: options null', () => hyperparameterSearch(ds, ds, null as never), 'INVALID_OPTION', /must be an object/);
for (const [label, v, message] of [['null', () => null, /validation/], ['unlabelled', () => unlabelled, /validation|labels/],
  ['disposed', () => gone, /disposed/], ['{ X, y }', () => data, /validation|Dataset/]] as const) {
  add(`hyperparameterSearch: validation data ${label}`, () => hyper({}, v()), message.source.includes('disposed') ? 'DISPOSED' : 'INVALID_DATA', message);
}

// ---- gradient tools, landscape, pictures ---------------------------------------------

const sq = (x: Float64Array): number => x[0] * x[0];
optionCases('numericalGradient', (o) => numericalGradient(sq, new Float64Array([1, 2]), o as never), {}, { h: POSITIVE }, ['method']);
for (const [label, f, x, message] of [
  ['f a number', 3, new Float64Array(1), /needs a function/], ['f null', null, new Float64Array(1), /needs a function/],
  ['x an array', sq, [1, 2], /Float32Array or Float64Array/], ['x null', sq, null, /Float32Array or Float64Array/],
  ['x an Int32Array', sq, new Int32Array(2), /Float32Array or Float64Array/],
] as const) {
  add(`numericalGradient: ${label}`, () => numericalGradient(f as never, x as never), 'INVALID_ARGUMENT', message);
}
add('numericalGradient: h below float32 resolution', () => numericalGradient((x) => x[0], new Float32Array([1e6]), { h: 1e-5 }), 'INVALID_OPTION', named('h'));
optionCases('gradCheck', (o) => gradCheck(svm, ds, o as never), {}, { samples: INT(1, 1e9), h: POSITIVE, seed: SEED }, []);
optionCases('lossSlice1d', (o) => lossSlice1d(svm, ds, o as never), { steps: 3 },
  { from: { min: -Infinity, max: Infinity, minOpen: true, maxOpen: true }, steps: INT(2, 100000), seed: SEED }, []);
add('lossSlice1d: to below from', () => lossSlice1d(svm, ds, { from: 1, to: 0 }), 'INVALID_OPTION', named('to'));
add('lossSlice1d: to equal to from', () => lossSlice1d(svm, ds, { from: 1, to: 1 }), 'INVALID_OPTION', named('to'));
add('lossSlice1d: to NaN', () => lossSlice1d(svm, ds, { to: NaN }), 'INVALID_OPTION', named('to'));
optionCases('lossSlice2d', (o) => lossSlice2d(soft, ds, o as never), { steps: 3 }, { range: POSITIVE, steps: INT(2, 1001), seed: SEED }, []);
for (const [label, dir, message] of [
  ['short', W0.subarray(1), named('direction')], ['NaN', withAt(W0, 2, NaN), /index 2/], ['Infinity', arrayWith(W0, 0, Infinity), /index 0/],
  ['strings', Array.from(W0, String), /index 0/], ['null', null, named('direction')], ['a number', 1, named('direction')],
] as const) {
  add(`lossSlice1d: direction ${label}`, () => lossSlice1d(svm, ds, { direction: dir as never }), 'INVALID_OPTION', message);
  add(`lossSlice2d: directions[1] ${label}`, () => lossSlice2d(soft, ds, { directions: [W0, dir] as never }), 'INVALID_OPTION', message.source === "'direction'" ? /directions\[1\]/ : message);
}
add('lossSlice2d: one direction', () => lossSlice2d(soft, ds, { directions: [W0] as never }), 'INVALID_OPTION', named('directions'));
add('lossSlice2d: directions a Float32Array', () => lossSlice2d(soft, ds, { directions: W0 as never }), 'INVALID_OPTION', named('directions'));
optionCases('templateImages', (o) => templateImages(svm, o as never), { width: 5, height: 1 },
  { width: INT(1, 65536), height: INT(1, 65536), channels: INT(1, 3) }, ['scale']);
add('templateImages: channels 2', () => templateImages(svm, { channels: 2 as never, width: 5, height: 1 }), 'INVALID_OPTION', named('channels'));
add('templateImages: width·height ≠ D', () => templateImages(svm, { width: 2, height: 2 }), 'INVALID_OPTION', /width·height·channels/);
add('templateImages: no shape for D = 5', () => templateImages(svm), 'INVALID_OPTION', /width·height·channels/);
for (const [owner, call] of [
  ['gradCheck', (c: unknown) => gradCheck(c as never, ds)], ['lossSlice1d', (c: unknown) => lossSlice1d(c as never, ds)],
  ['lossSlice2d', (c: unknown) => lossSlice2d(c as never, ds)], ['templateImages', (c: unknown) => templateImages(c as never)],
] as const) {
  for (const [label, c] of [['null', () => null], ['an object', () => ({ numFeatures: D, numClasses: C })], ['a Dataset', () => ds]] as const) {
    add(`${owner}: classifier ${label}`, () => call(c()), 'INVALID_ARGUMENT', /LinearClassifier/);
  }
}

// ---- init ---------------------------------------------------------------------------------

// (a threadThreshold of Infinity is allowed: it keeps every call on one thread)
optionCases('init', (o) => init(o as never), {}, { threadThreshold: { min: 0, max: Infinity } }, [], 'INVALID_OPTION', false);
for (const [label, v] of [['0', 0], ['-1', -1], ['1.5', 1.5], ['NaN', NaN], ['"2"', '2'], ['257', 257], ['Infinity', Infinity], ['null', null], ['"max"', 'max']] as const) {
  add(`init: threads ${label}`, () => init({ threads: v as never }), 'INVALID_OPTION', named('threads'));
}

// ---- the run ---------------------------------------------------------------------------------

/** The bits of a classifier's weights and of its outputs on `probe`. */
function snapshot(c: LinearClassifier): Uint32Array[] {
  const bits = (a: Float32Array | Int32Array) => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  return [bits(c.coef), bits(c.intercept), bits(c.scores(probe)), bits(c.predict(probe))];
}

test('input matrix: every bad input throws a LinclassError naming the problem, and changes nothing', async () => {
  const fixtures = [soft, svm];
  const before = fixtures.map(snapshot);
  const failures: string[] = [];
  let slowest = 0, slowestWhat = '';
  const codes: Record<string, number> = {};
  // first touches (error paths that allocate a small temporary) settle the heap before memory is watched
  const mem0 = kernels().memory_bytes();
  for (const c of cases) {
    const mem = kernels().memory_bytes();
    const t0 = performance.now();
    let err: unknown = undefined, returned: unknown;
    try {
      returned = c.call();
      if (returned && typeof (returned as Promise<unknown>).then === 'function') returned = await returned;
    } catch (e) {
      err = e;
    }
    const ms = performance.now() - t0;
    if (ms > slowest) { slowest = ms; slowestWhat = c.what; }
    if (err === undefined) {
      failures.push(`${c.what}: no error (returned ${Object.prototype.toString.call(returned)})`);
      for (const v of [returned].flat()) (v as { dispose?: () => void } | null)?.dispose?.();
    } else if (!(err instanceof LinclassError)) {
      failures.push(`${c.what}: ${(err as Error)?.constructor?.name ?? typeof err}: ${String((err as Error)?.message ?? err)}`);
    } else {
      codes[err.code] = (codes[err.code] ?? 0) + 1;
      if (err.code !== c.code) failures.push(`${c.what}: code ${err.code}, expected ${c.code} (${err.message})`);
      if (!c.message.test(err.message)) failures.push(`${c.what}: message ${JSON.stringify(err.message)} does not match ${c.message}`);
      if (!/\.\)?$/.test(err.message)) failures.push(`${c.what}: message is not a sentence: ${JSON.stringify(err.message)}`);
    }
    if (ms > 1000) failures.push(`${c.what}: took ${ms.toFixed(0)} ms`);
    if (kernels().memory_bytes() > mem && kernels().memory_bytes() > mem0) {
      failures.push(`${c.what}: WebAssembly memory grew from ${mem} to ${kernels().memory_bytes()} bytes`);
    }
    fixtures.forEach((f, i) => {
      const now = snapshot(f);
      const what = ['W', 'b', 'scores', 'predictions'];
      now.forEach((a, j) => { if (!a.every((v, k) => v === before[i][j][k])) failures.push(`${c.what}: the ${f.options.loss} fixture's ${what[j]} changed`); });
    });
  }
  console.log(`# input matrix: ${cases.length} cases, ${cases.length - failures.length} clean; codes ${JSON.stringify(codes)}; slowest ${slowest.toFixed(1)} ms (${slowestWhat}); WebAssembly memory ${mem0} → ${kernels().memory_bytes()} bytes`);
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed`);
  assert.ok(cases.length >= 200, `${cases.length} cases`);
});

test('after the matrix the fixtures train exactly like twins that saw no bad input', () => {
  for (const [a, b] of [[soft, softTwin], [svm, svmTwin]]) {
    a.partialFit({ X, y }, stepOptions);
    b.partialFit({ X, y }, stepOptions);
    assert.deepEqual(a.coef, b.coef, `${a.options.loss}: partialFit continued the kept optimizer state`);
    assert.deepEqual(a.intercept, b.intercept);
    const ha = a.fit(ds, { epochs: 2, optimizer: 'momentum', batchSize: 7 }), hb = b.fit(ds, { epochs: 2, optimizer: 'momentum', batchSize: 7 });
    assert.deepEqual(ha.loss, hb.loss);
    assert.deepEqual(a.predict(probe), b.predict(probe));
    assert.deepEqual(a.save(), b.save());
  }
});
