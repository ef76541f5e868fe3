// The command line end to end, as a user runs it: train on CSV, IDX and CIFAR
// fixtures made here, eval / predict / info on the saved model, search and
// gradcheck; bad usage prints the usage and exits 1, bad data exits 2 with its
// exact message. The default run (no data) is the main job on the digits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pngjs from 'pngjs';
import { init, LinearClassifier, parseCsv } from '../src/index.js';
import { lossFigure, accuracyFigure, toPng } from '../src/plots/index.js';
import { writePlots } from '../src/cli/plots.js';
import { confusionMatrix, classificationReport } from '../src/index.js';
import { idxBytes, rand } from './util.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'src/cli.ts');
let dir: string;
const at = (name: string) => join(dir, name);

interface Run { code: number | null; out: string; err: string }

/** Runs the CLI from source (or the bundle with `bundle`), never on a terminal. */
function linclass(args: string[], bundle = false): Run {
  const argv = bundle ? [join(ROOT, 'dist/cli.mjs'), ...args] : ['--import', 'tsx', CLI, ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * npm as the tests run it: the npm that ships with the running Node (beside
 * process.execPath), else the one on PATH; never node_modules/.bin's (a dev
 * dependency installs an old npm there, which `npm run` puts first on PATH).
 * The environment drops the npm_* variables an outer npm run sets.
 */
function npm(args: string[], base: NodeJS.ProcessEnv = process.env): string {
  const beside = join(dirname(process.execPath), 'npm');
  const env = Object.fromEntries(Object.entries(base)
    .filter(([k]) => !k.toLowerCase().startsWith('npm_'))
    .map(([k, v]) => [k, k === 'PATH' ? v!.split(delimiter).filter((d) => !d.includes('node_modules')).join(delimiter) : v]));
  const [cmd, pre] = existsSync(beside) ? [process.execPath, [realpathSync(beside)]] : ['npm', []];
  return execFileSync(cmd, [...pre, ...args], { cwd: ROOT, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what} exited ${r.code}:\n${r.err}\n${r.out}`);
  return r;
}

/** The accuracies in the summary table, by model. */
function summary(out: string): Record<string, { train: number; test: number }> {
  const rows = out.slice(out.lastIndexOf('summary')).split('\n').slice(2).filter((l) => l.trim());
  return Object.fromEntries(rows.map((l) => {
    const [name, train, test] = l.trim().split(/\s+/);
    return [name, { train: Number(train), test: Number(test) }];
  }));
}

/** Three separable blobs in 4 features, on a scale (0–200) that preprocessing has to fix. */
function blobs(seed: number, n: number): { X: number[][]; y: number[] } {
  const r = rand(seed), X: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push([0, 1, 2, 3].map((d) => 100 + (d === c ? 60 : 0) + 40 * (r() - 0.5)));
    y.push(c);
  }
  return { X, y };
}

const csv = (b: { X: number[][]; y: number[] }, header = true) =>
  (header ? 'a,b,c,d,label\n' : '') + b.X.map((row, i) => `${row.map((v) => v.toFixed(3)).join(',')},${b.y[i]}\n`).join('');

before(async () => {
  await init();
  dir = mkdtempSync(join(tmpdir(), 'linclass-cli-'));
  writeFileSync(at('train.csv'), csv(blobs(1, 150)));
  writeFileSync(at('test.csv'), csv(blobs(2, 60)));
  writeFileSync(at('features.csv'), blobs(2, 60).X.map((row) => row.map((v) => v.toFixed(3)).join(',')).join('\n') + '\n');
  // 4×4 "images" of 2 classes: class 1 is bright on the left half
  const r = rand(3), n = 40, px: number[] = [], lab: number[] = [];
  for (let i = 0; i < n; i++) {
    lab.push(i % 2);
    for (let p = 0; p < 16; p++) px.push(Math.floor(r() * 100) + (i % 2 && p % 4 < 2 ? 150 : 0));
  }
  writeFileSync(at('images-idx3-ubyte.gz'), gzipSync(idxBytes(0x08, [n, 4, 4], px)));
  writeFileSync(at('labels-idx1-ubyte'), idxBytes(0x08, [n], lab));
  writeFileSync(at('labels-short-idx1-ubyte'), idxBytes(0x08, [n - 1], lab.slice(1)));
  const batch = new Uint8Array(30 * 3073);
  for (let i = 0; i < 30; i++) {
    batch[i * 3073] = i % 3;
    for (let p = 0; p < 3072; p++) batch[i * 3073 + 1 + p] = Math.floor(r() * 60) + (p >> 10 === i % 3 ? 150 : 0);
  }
  writeFileSync(at('data_batch_1.bin'), batch);
  writeFileSync(at('bad.csv'), '1,2,0\n3,x,1\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('train on CSV writes a model; eval, predict and info use it, with its preprocessing', () => {
  const r = ok(linclass(['train', at('train.csv'), '--test', at('test.csv'), '--center', '--scale', '0.01', '--epochs', '15',
    '--lr', '0.05', '--out', at('m.lcm')]), 'train');
  assert.match(r.out, /^training data: +.*train\.csv \(150 rows, 4 features, 3 classes\)$/m);
  assert.match(r.out, /^features: +x × 0\.01 − the training mean$/m);
  assert.match(r.out, /^ {2}softmax epoch 15\/15 {2}loss \d\.\d{4} {2}train \d\.\d{4} {2}test \d\.\d{4} {2}\d+\.\d\d s$/m);
  const s = summary(r.out);
  assert.ok(s.softmax.test >= 0.9, `test accuracy ${s.softmax.test}`);
  const e = ok(linclass(['eval', at('m.lcm'), at('test.csv')]), 'eval');
  assert.match(e.out, new RegExp(`: 60 rows, accuracy ${s.softmax.test.toFixed(4)}, loss \\d\\.\\d{4}$`, 'm'), 'eval repeats the final test accuracy');
  assert.equal(JSON.parse(ok(linclass(['eval', at('m.lcm'), at('test.csv'), '--json']), 'eval --json').out).rows, 60);

  // predictions equal the library's on the raw rows: the saved preprocessing is applied
  const clf = LinearClassifier.load(readFileSync(at('m.lcm')));
  const raw = parseCsv(readFileSync(at('test.csv'), 'utf8'));
  const want = [...clf.predict(raw.X)];
  assert.ok(clf.preprocessing.mean !== null);
  const p = ok(linclass(['predict', at('m.lcm'), at('test.csv'), '--proba']), 'predict').out.trim().split('\n');
  assert.equal(p[0], 'prediction,p0,p1,p2');
  assert.deepEqual(p.slice(1).map((l) => Number(l.split(',')[0])), want);
  for (const l of p.slice(1)) assert.ok(Math.abs(l.split(',').slice(1).reduce((a, v) => a + Number(v), 0) - 1) < 1e-4, l);
  const unlabelled = ok(linclass(['predict', at('m.lcm'), at('features.csv'), '--format', 'jsonl']), 'predict features only').out.trim().split('\n');
  assert.deepEqual(unlabelled.map((l) => JSON.parse(l).prediction), want);
  clf.dispose();

  const i = ok(linclass(['info', at('m.lcm')]), 'info').out;
  assert.match(i, /linclass model \(binary, format version 2\), 144 bytes, checksum ok/);
  assert.match(i, /^ {2}preprocessing +x × 0\.01, minus a mean of 4 values in /m);
  assert.deepEqual({ ...JSON.parse(ok(linclass(['info', at('m.lcm'), '--json']), 'info --json').out), preprocessing: undefined }, {
    format: 'linclass-model', version: 2, loss: 'softmax', penalty: 'l2', numFeatures: 4, numClasses: 3, reg: 1e-4, l2Ratio: 0.5,
    delta: 1, seed: 0, classes: null, preprocessing: undefined, file: { bytes: 144, format: 'binary', version: 2 },
  });
  // a JSON model predicts the same
  ok(linclass(['train', at('train.csv'), '--test', at('test.csv'), '--center', '--scale', '0.01', '--epochs', '15', '--lr', '0.05',
    '--out', at('m.json')]), 'train --out .json');
  const pj = ok(linclass(['predict', at('m.json'), at('test.csv')]), 'predict json model').out.trim().split('\n').slice(1).map(Number);
  assert.deepEqual(pj, want);
});

test('IDX (gzip\'d images, plain labels) and CIFAR-10 batches train; predict takes IDX images alone', () => {
  const imgs = at('images-idx3-ubyte.gz'), labs = at('labels-idx1-ubyte');
  const r = ok(linclass(['train', imgs, labs, '--test', imgs, labs, '--epochs', '5', '--loss', 'svm', '--out', at('idx.lcm')]), 'train idx');
  assert.match(r.out, /^features: +x × 0\.00392157 − the training mean$/m, 'pixels / 255, mean-centred by default');
  assert.ok(summary(r.out).svm.test >= 0.9, r.out);
  const p = ok(linclass(['predict', at('idx.lcm'), imgs, '--format', 'jsonl']), 'predict idx').out.trim().split('\n');
  assert.deepEqual(p.map((l) => JSON.parse(l).prediction), Array.from({ length: 40 }, (_, i) => i % 2));
  const c = ok(linclass(['train', at('data_batch_1.bin'), '--split', '0.2', '--epochs', '5', '--no-center']), 'train cifar');
  assert.match(c.out, /^training data: +.*data_batch_1\.bin less the 6 held-out rows \(24 rows, 3072 features, 3 classes\)$/m);
  assert.match(c.out, /^test data: +6 rows of .*data_batch_1\.bin held out by --split 0\.2 \(seed 0\) \(6 rows\)$/m);
  assert.match(c.out, /^features: +x × 0\.00392157$/m);
});

test('--test takes the files its format needs (IDX two, CSV one): training files may come after it', () => {
  const imgs = at('images-idx3-ubyte.gz'), labs = at('labels-idx1-ubyte');
  const i = ok(linclass(['train', '--test', imgs, labs, imgs, labs, '--epochs', '1', '--loss', 'svm']), 'train --test idx before the training files');
  assert.match(i.out, new RegExp(`^training data: +${imgs} ${labs} \\(40 rows, 16 features, 2 classes\\)$`, 'm'));
  assert.match(i.out, new RegExp(`^test data: +${imgs} ${labs} \\(40 rows\\)$`, 'm'));
  const c = ok(linclass(['train', '--test', at('test.csv'), at('train.csv'), '--epochs', '1']), 'train --test csv before the training file');
  assert.match(c.out, /^training data: +.*train\.csv \(150 rows, 4 features, 3 classes\)$/m);
  assert.match(c.out, /^test data: +.*test\.csv \(60 rows\)$/m);
  assert.deepEqual(Object.keys(summary(c.out)), ['softmax'], 'data files given: one loss, as when they come first');
  const s = ok(linclass(['search', '--val', at('test.csv'), at('train.csv'), '--lrs', '0.01', '--regs', '0', '--epochs', '1']), 'search --val before the training file');
  assert.match(s.out, /^training data: +.*train\.csv \(150 rows, 4 features, 3 classes\)$/m);
  assert.match(s.out, /^validation data: +.*test\.csv \(60 rows\)$/m);
});

test('--out with both losses (the default run) writes one file per loss', () => {
  const r = ok(linclass(['train', '--epochs', '1', '--out', at('both.lcm')]), 'train --out on the embedded digits');
  for (const loss of ['softmax', 'svm']) {
    const path = at(`both.${loss}.lcm`);
    assert.match(r.out, new RegExp(`^saved the ${loss} model to ${path} \\(\\d+ bytes\\)$`, 'm'));
    const clf = LinearClassifier.load(readFileSync(path));
    assert.equal(clf.options.loss, loss);
    clf.dispose();
  }
  assert.ok(!existsSync(at('both.lcm')));
  ok(linclass(['train', at('train.csv'), '--loss', 'both', '--epochs', '1', '--out', at('both.json')]), 'train --loss both --out .json');
  assert.equal(JSON.parse(readFileSync(at('both.svm.json'), 'utf8')).loss, 'svm');
});

test('train --plots: the curves call the --test set "test"', () => {
  const r = ok(linclass(['train', at('train.csv'), '--test', at('test.csv'), '--epochs', '2', '--plots', at('plots')]), 'train --plots');
  assert.match(r.out, new RegExp(`^plots: ${at('plots/loss.png')}, ${at('plots/accuracy.png')}$`, 'm'));
  // what train --plots draws is the figures with the held-out set named "test"
  const X = Float32Array.from({ length: 40 }, (_, i) => (i % 4) + (i >> 2)), y = Int32Array.from({ length: 20 }, (_, i) => i % 2);
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 2 });
  const history = clf.fit({ X, y }, { epochs: 2, batchSize: 4, validation: { X, y } });
  const [loss, accuracy] = writePlots(at('plots-wired'), '', clf, history);
  clf.dispose();
  assert.deepEqual(readFileSync(loss), Buffer.from(toPng(lossFigure(history, 'test'))));
  assert.deepEqual(readFileSync(accuracy), Buffer.from(toPng(accuracyFigure(history, 'test'))));
  assert.notDeepEqual(readFileSync(loss), Buffer.from(toPng(lossFigure(history))));
});

test('search on the embedded digits validates on rows held out of the training rows 1–1500, never the test rows', () => {
  const r = ok(linclass(['search', '--lrs', '0.01', '--regs', '0', '--epochs', '1']), 'search');
  assert.match(r.out, /^training data: +the embedded digits, rows 1–1500 less the 150 held-out rows \(1350 rows, 64 features, 10 classes\)$/m);
  assert.match(r.out, /^validation data: +150 rows of the embedded digits, rows 1–1500 held out by --split 0\.1 \(seed 0\) \(150 rows\)$/m);
  assert.doesNotMatch(r.out, /1501|297/);
  const s = ok(linclass(['search', '--split', '0.2', '--lrs', '0.01', '--regs', '0', '--epochs', '1']), 'search --split');
  assert.match(s.out, /^validation data: +300 rows of the embedded digits, rows 1–1500 held out by --split 0\.2/m);
});

test('search prints the lr × reg table, saves the best and draws the search plot; gradcheck passes', () => {
  const r = ok(linclass(['search', at('train.csv'), at('test.csv'), '--lrs', '0.01,0.1', '--regs', '0,0.001', '--epochs', '3',
    '--scale', '0.01', '--center', '--out', at('best.lcm'), '--plots', at('search-plots')]), 'search');
  const rows = r.out.split('\n').filter((l) => /^ {2}0\.1?0?1 /.test(l));
  assert.equal(rows.length, 4, r.out);
  assert.equal(rows.filter((l) => / best$/.test(l)).length, 1);
  assert.match(r.out, /^best: learning rate [\d.]+, reg [\d.e-]+: validation accuracy \d\.\d{4}/m);
  assert.match(r.out, new RegExp(`^plots: ${at('search-plots/search.png')}$`, 'm'));
  const plot = pngjs.PNG.sync.read(readFileSync(at('search-plots/search.png')));
  assert.deepEqual([plot.width, plot.height], [720, 420]);
  const best = LinearClassifier.load(readFileSync(at('best.lcm')));
  assert.equal(best.preprocessing.scale, 0.01, 'the saved best model carries the preprocessing');
  best.dispose();
  const g = ok(linclass(['gradcheck']), 'gradcheck');
  // every loss × penalty by default; --loss both is softmax and svm
  assert.equal(g.out.split('\n').filter((l) => /  (ok|great)$/.test(l)).length, 16, g.out);
  const b = ok(linclass(['gradcheck', '--loss', 'both', '--penalty', 'l1']), 'gradcheck --loss both');
  assert.deepEqual(b.out.split('\n').filter((l) => /  (ok|great)$/.test(l)).map((l) => l.trim().split(/ +/)[0]), ['softmax', 'svm'], b.out);
});

test('the default run: softmax and SVM on the embedded digits, both ≥ 0.90 test accuracy', () => {
  const r = ok(linclass(['train']), 'train');
  assert.match(r.out, /^training data: +the embedded digits, rows 1–1500 \(1500 rows, 64 features, 10 classes\)$/m);
  assert.match(r.out, /^test data: +the embedded digits, rows 1501–1797 \(297 rows\)$/m);
  const s = summary(r.out);
  assert.deepEqual(Object.keys(s), ['softmax', 'svm']);
  for (const [k, v] of Object.entries(s)) assert.ok(v.test >= 0.9, `${k}: ${v.test}`);
});

test('--loss all on the embedded digits: every loss, one file each; the one-vs-all and structured models through info, eval, predict, export, search and gradcheck', () => {
  const r = ok(linclass(['train', '--loss', 'all', '--out', at('all.lcm')]), 'train --loss all');
  const s = summary(r.out);
  assert.deepEqual(Object.keys(s), ['softmax', 'svm', 'ova', 'structured']);
  // measured with the defaults (seed 0): ova 0.8923, structured 0.9024 test accuracy
  assert.ok(s.ova.test >= 0.87, `ova: ${s.ova.test}`);
  assert.ok(s.structured.test >= 0.895, `structured: ${s.structured.test}`);
  for (const loss of ['softmax', 'svm', 'ova', 'structured']) {
    const clf = LinearClassifier.load(readFileSync(at(`all.${loss}.lcm`)));
    assert.equal(clf.options.loss, loss);
    clf.dispose();
  }
  assert.match(ok(linclass(['info', at('all.ova.lcm')]), 'info ova').out, /^ {2}loss +ova \(margin delta 1\)$/m);
  assert.match(ok(linclass(['info', at('all.structured.lcm')]), 'info structured').out, /^ {2}loss +structured \(margin delta 1\)$/m);
  const e = ok(linclass(['eval', at('all.structured.lcm'), join(ROOT, 'data/digits.csv'), '--json']), 'eval structured').out;
  assert.ok(JSON.parse(e).accuracy > 0.9, e);
  const proba = linclass(['predict', at('all.ova.lcm'), join(ROOT, 'data/digits.csv'), '--proba']);
  assert.equal(proba.code, 1);
  assert.equal(proba.err.split('\n')[0],
    "error: predictProba needs loss 'softmax': one-vs-all hinge scores are not probabilities. This classifier has loss 'ova'; use scores() or predict() instead.");
  const pred = ok(linclass(['predict', at('all.ova.lcm'), join(ROOT, 'data/digits.csv')]), 'predict ova').out.trim().split('\n');
  assert.equal(pred.length, 1 + 1797);
  ok(linclass(['export', at('all.structured.lcm'), at('structured.onnx')]), 'export structured .onnx');
  assert.deepEqual(JSON.parse(ok(linclass(['info', at('structured.onnx'), '--json']), 'info onnx').out).loss, 'structured');
  const sr = ok(linclass(['search', at('train.csv'), at('test.csv'), '--loss', 'ova', '--lrs', '0.01', '--regs', '0,0.001', '--epochs', '2']), 'search --loss ova');
  assert.match(sr.out, /^ova: 2 models/m);
  const g = ok(linclass(['gradcheck', '--loss', 'structured', '--penalty', 'elasticnet']), 'gradcheck --loss structured');
  assert.match(g.out, /^ {2}structured +elasticnet +[\d.e-]+ +(great|ok)$/m);
});

test('bad usage prints the error and a pointer to --help, and exits 1; --help exits 0', () => {
  const usage: [string[], string][] = [
    [['train', '--bogus'], "error: unknown option '--bogus'"],
    [['train', '--lr', '-1'], "error: option '--lr <rate>' argument '-1' is invalid. Expected a number in (0, Infinity)."],
    [['train', '--epochs', '2.5'], "error: option '--epochs <n>' argument '2.5' is invalid. Expected an integer in [1, 1000000000]."],
    [['train', '--loss', 'hinge'], "error: option '--loss <name>' argument 'hinge' is invalid. Allowed choices are softmax, svm, ova, structured, both, all."],
    [['search', '--lrs', '0.1,x'], "error: option '--lrs <list>' argument '0.1,x' is invalid. Expected a comma-separated list, each a number in (0, Infinity)."],
    [['eval', at('m.lcm')], "error: missing required argument 'data'"],
    [['train', '--test', at('test.csv')], `error: --test gives the test set; give the training data files too, before or after it: linclass train <training files> --test ${at('test.csv')}. Without any data files linclass uses the embedded digits.`],
    [['train', at('train.csv'), '--split', '0.2', '--test', at('test.csv')], 'error: Give either --test files or --split, not both.'],
    [['train', '--split', '0.2'],
      'error: --split needs training data files to hold rows out of; without data files linclass trains on the embedded digits and tests on their own test rows.'],
    [['search', '--val', at('test.csv')], `error: --val gives the validation set; give the training data files too, before or after it: linclass search <training files> --val ${at('test.csv')}. Without any data files linclass uses the embedded digits.`],
    [['train', '--test', at('data_batch_1.bin'), at('data_batch_1.bin')],
      `error: --test took every .bin batch after it (${at('data_batch_1.bin')} ${at('data_batch_1.bin')}), so no training data is left: put the training batches first, e.g. linclass train data_batch_1.bin data_batch_2.bin --test test_batch.bin.`],
    [['train', at('labels-idx1-ubyte'), at('images-idx3-ubyte.gz')],
      `error: ${at('labels-idx1-ubyte')} holds IDX labels and ${at('images-idx3-ubyte.gz')} images: the images file comes first, then the labels file (${at('images-idx3-ubyte.gz')} ${at('labels-idx1-ubyte')}).`],
    [['train', '--test', at('labels-idx1-ubyte'), at('images-idx3-ubyte.gz'), at('images-idx3-ubyte.gz'), at('labels-idx1-ubyte')],
      `error: ${at('labels-idx1-ubyte')} holds IDX labels and ${at('images-idx3-ubyte.gz')} images: the images file comes first, then the labels file (${at('images-idx3-ubyte.gz')} ${at('labels-idx1-ubyte')}).`],
    [['train', at('train.csv'), at('test.csv')], `error: Got 2 data files that are not IDX (${at('train.csv')} ${at('test.csv')}): give one CSV file, an IDX images file and its labels file, or CIFAR-10 .bin batches.`],
    [['train', at('images-idx3-ubyte.gz')], `error: ${at('images-idx3-ubyte.gz')} is an IDX file: give the images file followed by the labels file.`],
    [['train', at('a.csv'), at('b.csv'), at('c.csv')], `error: Got 3 data files (${at('a.csv')} ${at('b.csv')} ${at('c.csv')}): give one CSV file, an IDX images file and its labels file, or CIFAR-10 .bin batches.`],
    [['predict', at('idx.lcm'), at('images-idx3-ubyte.gz'), '--proba'],
      "error: predictProba needs loss 'softmax': SVM scores are not probabilities. This classifier has loss 'svm'; use scores() or predict() instead."],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ];
  for (const [args, msg] of usage) {
    const r = linclass(args);
    assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}\n${r.err}`);
    assert.equal(r.err.split('\n')[0], msg, args.join(' '));
    const cmd = args[0] === 'frobnicate' ? '' : `${args[0]} `;
    assert.equal(r.err.slice(r.err.indexOf('\n') + 1), `Run 'linclass ${cmd}--help' for ${cmd ? 'its usage and options' : 'the commands'}.\n`,
      `${args.join(' ')}: the error and one line, not the help:\n${r.err}`);
    assert.equal(r.out, '');
  }
  for (const cmd of ['train', 'eval', 'predict', 'search', 'gradcheck', 'info']) {
    const r = linclass([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.out, new RegExp(`^Usage: linclass ${cmd} `), cmd);
  }
  assert.match(ok(linclass(['--version']), '--version').out, /^\d+\.\d+\.\d+\n$/);
});

test('bad data exits 2 with its message', () => {
  const head = readFileSync(at('m.lcm')).subarray(0, 100);
  writeFileSync(at('trunc.lcm'), head);
  writeFileSync(at('narrow.csv'), '1,2,0\n3,4,1\n');
  const cases: [string[], string][] = [
    [['train', at('nope.csv')], `error: Cannot read ${at('nope.csv')}: no such file.`],
    [['train', dir], `error: Cannot read ${dir}: it is not a file.`],
    [['train', at('bad.csv')], `error: ${at('bad.csv')}: CSV line 2, column 2: "x" is not a finite number.`],
    [['eval', at('trunc.lcm'), at('test.csv')],
      `error: ${at('trunc.lcm')}: Not a valid linclass model file: its header declares 3 classes × 4 features and a mean, which take 144 bytes, but it has 100 (truncated?).`],
    [['eval', at('nope.lcm'), at('test.csv')], `error: Cannot read the model ${at('nope.lcm')}: no such file.`],
    [['eval', at('m.lcm'), at('narrow.csv')], `error: ${at('narrow.csv')} has 2 features per row but the model ${at('m.lcm')} expects 4.`],
    [['train', at('images-idx3-ubyte.gz'), at('labels-short-idx1-ubyte')],
      `error: ${at('images-idx3-ubyte.gz')} ${at('labels-short-idx1-ubyte')}: The IDX images file has 40 images but the labels file has 39 labels.`],
    [['train', at('train.csv'), '--test', at('narrow.csv')],
      `error: ${at('narrow.csv')} has 2 features per row but the training data (${at('train.csv')}) has 4.`],
    [['train', at('train.csv'), '--classes', '2'],
      'error: The data has label 2, but this LinearClassifier has numClasses 2: labels must be integers in [0, 1].'],
    [['train', at('train.csv'), '--lr', '1e36', '--optimizer', 'sgd', '--reg', '0'], 'error: Training diverged at epoch 1, step '],
  ];
  for (const [args, msg] of cases) {
    const r = linclass(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.err}`);
    assert.ok(r.err.startsWith(msg), `${args.join(' ')}:\n${r.err}`);
    assert.doesNotMatch(r.err, /Usage:/);
  }
});

test('the bundled CLI (dist/cli.mjs) runs, and the package ships it with the digits and no runtime dependencies', { skip: !existsSync(join(ROOT, 'dist/cli.mjs')) && 'dist/ is not built (npm run build)' }, () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.bin.linclass, './dist/cli.mjs');
  assert.equal(pkg.dependencies, undefined);
  assert.match(readFileSync(join(ROOT, 'dist/cli.mjs'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const t = ok(linclass(['train', at('train.csv'), '--test', at('test.csv'), '--scale', '0.01', '--center', '--epochs', '15', '--lr', '0.05', '--out', at('b.lcm')], true), 'bundled train');
  assert.deepEqual(readFileSync(at('b.lcm')), readFileSync(at('m.lcm')), 'the bundle and the source train the same model');
  const acc = Number(ok(linclass(['eval', at('b.lcm'), at('test.csv')], true), 'bundled eval').out.match(/accuracy (\S+),/)![1]);
  assert.equal(acc, summary(t.out).softmax.test);
  assert.ok(summary(ok(linclass(['train', '--epochs', '20'], true), 'bundled digits').out).svm.test >= 0.9);
  const files = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts']))[0].files.map((f: { path: string }) => f.path);
  for (const f of ['dist/cli.mjs', 'dist/cli.licenses.txt', 'data/digits.csv', 'data/README.md']) assert.ok(files.includes(f), `the tarball has ${f}`);
});

test('the tests run the npm that ships with Node, not the one a dev dependency puts in node_modules/.bin', () => {
  const bin = join(ROOT, 'node_modules/.bin');
  // as under `npm test`: node_modules/.bin first on PATH
  const version = npm(['--version'], { ...process.env, PATH: [bin, process.env.PATH].join(delimiter) }).trim();
  assert.match(version, /^\d+\.\d+\.\d+/);
  if (existsSync(join(bin, 'npm'))) {
    const dev = JSON.parse(readFileSync(join(ROOT, 'node_modules/npm/package.json'), 'utf8')).version;
    assert.notEqual(version, dev, `not node_modules/.bin/npm (${dev})`);
  }
});

test('eval prints the confusion matrix and the classification report after the accuracy line; --json adds them as fields', () => {
  const clf = LinearClassifier.load(readFileSync(at('m.lcm')));
  const raw = parseCsv(readFileSync(at('test.csv'), 'utf8'));
  const pred = clf.predict(raw.X);
  const cm = confusionMatrix(raw.y!, pred), report = classificationReport(raw.y!, pred, { digits: 4 });
  const e = ok(linclass(['eval', at('m.lcm'), at('test.csv')]), 'eval').out;
  const lines = e.split('\n');
  assert.match(lines[0], /: 60 rows, accuracy \d\.\d{4}, loss \d\.\d{4}$/);
  assert.equal(e.slice(e.indexOf('confusion matrix')), 'confusion matrix (rows: true class, columns: predicted):\n' + String(cm) +
    '\nclassification report:\n' + String(report));
  assert.match(e, new RegExp(`^ +accuracy +${report.accuracy.toFixed(4)} +60$`, 'm'));
  assert.equal(cm.matrix.flat().reduce((a, v) => a + v, 0), 60);
  const j = JSON.parse(ok(linclass(['eval', at('m.lcm'), at('test.csv'), '--json']), 'eval --json').out);
  assert.deepEqual(Object.keys(j), ['rows', 'accuracy', 'loss', 'confusionMatrix', 'report'], 'the old fields first, unchanged');
  assert.equal(j.rows, 60);
  assert.equal(j.accuracy, report.accuracy);
  assert.deepEqual(j.confusionMatrix, { labels: cm.labels, matrix: cm.matrix });
  assert.deepEqual(j.report, JSON.parse(JSON.stringify(report)));
  clf.dispose();
});

test('export writes ONNX (and back); eval, predict and info read .onnx files with the same results', () => {
  const onnx = at('m.onnx'), back = at('m.back.lcm');
  assert.match(ok(linclass(['export', at('m.lcm'), onnx]), 'export').out, /^wrote .*m\.onnx \(\d+ bytes\)$/m);
  ok(linclass(['export', onnx, back]), 'export back');
  assert.deepEqual(readFileSync(back), readFileSync(at('m.lcm')), 'lcm → onnx → lcm gives the same bytes');
  const e1 = ok(linclass(['eval', at('m.lcm'), at('test.csv')]), 'eval lcm').out, e2 = ok(linclass(['eval', onnx, at('test.csv')]), 'eval onnx').out;
  assert.equal(e2.split('\n').slice(1).join('\n'), e1.split('\n').slice(1).join('\n'));
  assert.equal(ok(linclass(['predict', onnx, at('test.csv')]), 'predict onnx').out, ok(linclass(['predict', at('m.lcm'), at('test.csv')]), 'predict lcm').out);
  assert.match(ok(linclass(['info', onnx]), 'info onnx').out, /ONNX model read as a linear classifier/);
  const bad = linclass(['info', at('test.csv').replace(/\.csv$/, '.onnx')]);
  assert.equal(bad.code, 2);
});

test('train --stream reads IDX and CSV training files in chunks; with a buffer holding every row it trains as in memory', () => {
  const imgs = at('images-idx3-ubyte.gz'), labs = at('labels-idx1-ubyte');
  const s = ok(linclass(['train', imgs, labs, '--test', imgs, labs, '--stream', '--epochs', '3', '--loss', 'svm', '--out', at('stream.lcm')]), 'train --stream idx');
  assert.match(s.out, /streamed \(buffer 16384 rows\)/);
  assert.match(s.out, /svm epoch 3\/3 .* test \d\.\d{4}/);
  const c = ok(linclass(['train', at('train.csv'), '--test', at('test.csv'), '--stream', '--buffer', '64', '--epochs', '2']), 'train --stream csv');
  assert.match(c.out, /softmax epoch 2\/2/);
  const e = ok(linclass(['eval', at('stream.lcm'), imgs, labs]), 'eval the streamed model').out;
  assert.match(e, /accuracy \d\.\d{4}/);
  const bad = linclass(['train', '--stream']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--stream reads training data files in chunks/);
});
