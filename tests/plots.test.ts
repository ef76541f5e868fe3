// Pictures of the weights (library) and the Node plot files: sizes, pixel values,
// formats, and that every figure is drawn (not blank). Files land in artifacts/plots/.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';
import { init, LinearClassifier, Dataset, LinclassError, parseCsv, templateImages, lossSlice1d, lossSlice2d, hyperparameterSearch } from '../src/index.js';
import { writeTrainingPlots, writeSearchPlot, writeLandscapePlots, writeTemplates, writeFigure, lossFigure, accuracyFigure, type Figure } from '../src/plots/index.js';
import { confusionMatrix } from '../src/index.js';
import { writeConfusionMatrix, confusionFigure, toSvg } from '../src/plots/index.js';

const OUT = fileURLToPath(new URL('../artifacts/plots/', import.meta.url));

before(() => init());

test('templateImages: each row of W as RGBA, bias dropped, min → 0 and max → 255', () => {
  const clf = new LinearClassifier({ numFeatures: 4, numClasses: 2 });
  clf.setWeights([0, 1, 2, 3, -1, 0.5, 5, 1], [100, -100]);
  const [a, b] = templateImages(clf);
  assert.equal(a.width, 2);
  assert.equal(a.height, 2);
  assert.deepEqual([...a.data], [43, 43, 43, 255, 85, 85, 85, 255, 128, 128, 128, 255, 170, 170, 170, 255]);
  assert.deepEqual([...b.data].filter((_, i) => i % 4 === 0), [0, 64, 255, 85]);
  const perClass = templateImages(clf, { scale: 'class' });
  assert.deepEqual([...perClass[0].data].filter((_, i) => i % 4 === 0), [0, 85, 170, 255]);
  clf.dispose();
});

test('templateImages: channel-last colour and non-square shapes; a shape that does not fit is named', () => {
  const clf = new LinearClassifier({ numFeatures: 12, numClasses: 3 });
  const W = Float32Array.from({ length: 36 }, (_, i) => i);
  clf.setWeights(W, [0, 0, 0]);
  const [img] = templateImages(clf, { width: 2, height: 2, channels: 3 });
  // pixel 1 of class 0 is x[3..5] = 3, 4, 5 of 0..35: 255·v/35 rounded
  assert.deepEqual([...img.data.subarray(4, 8)], [22, 29, 36, 255]);
  assert.equal(templateImages(clf, { width: 4 })[0].height, 3);
  assert.throws(() => templateImages(clf, { width: 5 }), (e: unknown) => e instanceof LinclassError && e.code === 'INVALID_OPTION' &&
    e.message === 'templateImages: width·height·channels must equal numFeatures (12). Got 5·2·1 = 10; give width and height.');
  assert.throws(() => templateImages(clf, { channels: 2 as never }), /The 'channels' option of templateImages must be 1 or 3. Got 2 instead./);
  clf.dispose();
});

/** Decodes a PNG and returns its size and the number of distinct colours. */
function png(path: string): { width: number; height: number; colours: number } {
  const img = pngjs.PNG.sync.read(readFileSync(path));
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) seen.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return { width: img.width, height: img.height, colours: seen.size };
}

test('plot files: training curves, search scatter, landscapes and templates in PNG and SVG', () => {
  const { X, y } = parseCsv(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'), { labelColumn: -1 });
  const Xs = Float32Array.from(X, (v) => v / 16);
  const tr = Dataset.from(Xs.subarray(0, 1500 * 64), y.slice(0, 1500), { numFeatures: 64 });
  const va = Dataset.from(Xs.subarray(1500 * 64), y.slice(1500), { numFeatures: 64 });
  const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
  const history = clf.fit(tr, { epochs: 5, validation: va });
  const files = [
    ...writeTrainingPlots(OUT, history),
    writeSearchPlot(join(OUT, 'search.png'), hyperparameterSearch(tr, va, { learningRates: [1e-3, 1e-2, 1e-1], regs: [0, 1e-3, 1e-1], epochs: 1 }).results),
    ...writeLandscapePlots(OUT, { slice1d: lossSlice1d(clf, va, { steps: 41 }), slice2d: lossSlice2d(clf, va, { steps: 15 }) }, { format: 'png' }),
    writeTemplates(join(OUT, 'templates.png'), clf, { width: 8, height: 8 }),
    writeTemplates(join(OUT, 'templates.svg'), clf, { width: 8, height: 8 }, ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']),
  ];
  assert.deepEqual(files.map((f) => f.slice(OUT.length)), [
    'loss.png', 'loss.svg', 'accuracy.png', 'accuracy.svg', 'search.png', 'landscape-1d.png', 'landscape-2d.png', 'templates.png', 'templates.svg',
  ]);
  for (const f of files.filter((f) => f.endsWith('.png'))) {
    const p = png(f);
    assert.ok(p.width >= 400 && p.height >= 140, `${f}: ${p.width}×${p.height}`);
    assert.ok(p.colours > 20, `${f} is drawn: ${p.colours} colours`);
  }
  const svg = readFileSync(join(OUT, 'loss.svg'), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="720" height="420"/);
  assert.match(svg, />Training loss</);
  assert.ok((svg.match(/<polyline/g) ?? []).length >= 3);
  assert.match(readFileSync(join(OUT, 'templates.svg'), 'utf8'), />seven</);
  assert.throws(() => writeFigure(join(OUT, 'loss.jpg'), lossFigure(history)),
    (e: unknown) => e instanceof LinclassError && e.message === `A plot file must end in .png or .svg. Got ${JSON.stringify(join(OUT, 'loss.jpg'))} instead.`);
  clf.dispose();
  tr.dispose();
  va.dispose();
});

test('training curves name the held-out set: validation by default, test on request', () => {
  const X = Float32Array.from({ length: 40 }, (_, i) => (i % 4) + (i >> 2)), y = Int32Array.from({ length: 20 }, (_, i) => i % 2);
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 2 });
  const history = clf.fit({ X, y }, { epochs: 3, batchSize: 4, validation: { X, y } });
  clf.dispose();
  const texts = (fig: Figure) => fig.shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));
  for (const figure of [lossFigure, accuracyFigure]) {
    assert.ok(texts(figure(history)).includes('validation'), figure.name);
    const t = texts(figure(history, 'test'));
    assert.ok(t.includes('test') && !t.includes('validation'), `${figure.name}: ${t.join(', ')}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'linclass-plots-'));
  try {
    for (const f of writeTrainingPlots(dir, history, { format: 'svg', heldOut: 'test' })) {
      const svg = readFileSync(f, 'utf8');
      assert.match(svg, />test</, f);
      assert.doesNotMatch(svg, />validation</, f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeConfusionMatrix: PNG and SVG of a confusion matrix, counts in the cells, labels on both axes', () => {
  const { X, y } = parseCsv(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'), { labelColumn: -1 });
  const Xs = Float32Array.from(X, (v) => v / 16);
  const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
  clf.fit({ X: Xs.subarray(0, 1500 * 64), y: y.slice(0, 1500) }, { epochs: 3 });
  const cm = confusionMatrix(y.slice(1500), clf.predict(Xs.subarray(1500 * 64)));
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const files = [
    writeConfusionMatrix(join(OUT, 'confusion.png'), cm.matrix, cm.labels),
    writeConfusionMatrix(join(OUT, 'confusion.svg'), cm.matrix, cm.labels),
    writeConfusionMatrix(join(OUT, 'confusion-names.png'), cm.matrix, names),
  ];
  for (const f of files.filter((f) => f.endsWith('.png'))) {
    const p = png(f);
    assert.ok(p.width >= 400 && p.height >= 400, `${f}: ${p.width}×${p.height}`);
    assert.ok(p.colours > 20, `${f} is drawn: ${p.colours} colours`);
  }
  const svg = readFileSync(join(OUT, 'confusion.svg'), 'utf8');
  assert.match(svg, />Confusion matrix</);
  assert.equal((svg.match(/<rect /g) ?? []).length, 1 + 100, 'the background and one rect per cell');
  for (const row of cm.matrix) for (const v of row) assert.match(svg, new RegExp(`>${v}</text>`));
  assert.match(readFileSync(join(OUT, 'confusion.svg'), 'utf8'), /<text[^>]*>predicted<\/text>/);
  const small = toSvg(confusionFigure([[3, 1], [0, 2]], ['cat', 'dog']));
  assert.match(small, />cat</);
  assert.match(small, />3</);
  assert.throws(() => writeConfusionMatrix(join(OUT, 'bad.png'), [[1, 2]], ['a']),
    (e: unknown) => e instanceof LinclassError && e.message ===
      'writeConfusionMatrix needs the matrix as n rows of n counts (integers ≥ 0), as confusionMatrix() returns it. Got an array of length 1 instead.');
  assert.throws(() => writeConfusionMatrix(join(OUT, 'bad.png'), [[1, 2], [3, 4]], ['a']),
    (e: unknown) => e instanceof LinclassError && e.message === 'writeConfusionMatrix needs one label per row (2). Got an array of length 1 instead.');
  clf.dispose();
});
