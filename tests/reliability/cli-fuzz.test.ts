// The command line under hostile use, run in this process through main():
// a seeded fuzz of commands, flag combinations (wrong types, out of range,
// missing values, duplicated, unknown), and files — good, truncated, garbled
// or crafted CSV, IDX (raw and gzip'd), CIFAR-10 batches and model files
// (.lcm, .json, .onnx), missing paths and directories. Every run must end with
// exit code 0, 1 or 2, a message on stderr when not 0, and never an exception
// escaping main(), a stack trace, an unhandled rejection or a hang. The cases
// that once crashed are kept below as regression tests with their exact exit
// codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init, LinearClassifier } from '../../src/index.js';
import { main } from '../../src/cli/program.js';
import { idxBytes, rand } from '../util.js';

const CASES = Number(process.env.LINCLASS_CLI_FUZZ_CASES ?? 400);
/** A file to append each case and its exit to, to follow a run. */
const TRACE = process.env.LINCLASS_CLI_FUZZ_TRACE;
const ctx = { version: '0.0.0-test', digits: new URL('../../data/digits.csv', import.meta.url) };
let dir: string;
const at = (name: string) => join(dir, name);

interface Run { code: number; out: string; err: string; escaped: unknown; ms: number }

/** Runs main() with its output captured; anything main() throws is `escaped`. */
async function cli(argv: string[]): Promise<Run> {
  let out = '', err = '';
  const output = { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } };
  const t0 = performance.now();
  let code = -1, escaped: unknown = null;
  try {
    code = await main(argv, { ...ctx, output });
  } catch (e) {
    escaped = e;
  }
  return { code, out, err, escaped, ms: performance.now() - t0 };
}

/** What is wrong with a run, or null: the exit code, a message for failures, no stack trace, nothing escaped. */
function fault(r: Run): string | null {
  if (r.escaped !== null) return `main() threw ${String((r.escaped as Error)?.stack ?? r.escaped)}`;
  if (![0, 1, 2].includes(r.code)) return `exit code ${r.code}`;
  if (r.code !== 0 && r.err.trim() === '') return 'failed without a message';
  if (/\n\s+at .+[:(]/.test(r.err) || /^error: (TypeError|RangeError|ReferenceError|SyntaxError|Error)\b/m.test(r.err)) return `a stack trace or an internal error:\n${r.err}`;
  return null;
}

// ---- files ---------------------------------------------------------------------

const r = rand(Number(process.env.LINCLASS_CLI_FUZZ_SEED ?? 20261130));
const int = (n: number): number => Math.floor(r() * n);
const pick = <T>(a: readonly T[]): T => a[int(a.length)];

/** Seeded damage to a file's bytes. */
const DAMAGE: [string, (b: Uint8Array) => Uint8Array][] = [
  ['truncated', (b) => b.slice(0, int(b.length))],
  ['cut short by a few bytes', (b) => b.slice(0, Math.max(0, b.length - 1 - int(8)))],
  ['bytes flipped', (b) => { const o = b.slice(); for (let k = 1 + int(6); k > 0; k--) if (o.length) o[int(o.length)] ^= 1 << int(8); return o; }],
  ['bytes overwritten', (b) => { const o = b.slice(); for (let k = 1 + int(12); k > 0; k--) if (o.length) o[int(o.length)] = int(256); return o; }],
  ['garbage appended', (b) => Uint8Array.from([...b, ...Array.from({ length: 1 + int(40) }, () => int(256))])],
  ['a chunk deleted', (b) => { const a = int(b.length); return Uint8Array.from([...b.subarray(0, a), ...b.subarray(a + 1 + int(20))]); }],
  ['random bytes', (b) => Uint8Array.from({ length: Math.max(1, b.length) }, () => int(256))],
];

const files: string[] = [];
function put(name: string, data: Uint8Array | string): string {
  writeFileSync(at(name), data);
  files.push(at(name));
  return at(name);
}

/** CSV text of n rows of 4 features (three separable blobs) and a label. */
function csvText(n: number, seed: number, header = true): string {
  const g = rand(seed);
  let s = header ? 'a,b,c,d,label\n' : '';
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    s += [0, 1, 2, 3].map((d) => (100 + (d === c ? 60 : 0) + 40 * (g() - 0.5)).toFixed(3)).join(',') + `,${c}\n`;
  }
  return s;
}

async function makeFiles(): Promise<void> {
  const enc = new TextEncoder();
  const goodFiles: Record<string, Uint8Array> = {};
  goodFiles['train.csv'] = enc.encode(csvText(60, 1));
  goodFiles['test.csv'] = enc.encode(csvText(30, 2));
  goodFiles['features.csv'] = enc.encode(csvText(20, 3, false).replace(/,\d\n/g, '\n'));
  const n = 24, px: number[] = [], lab: number[] = [];
  for (let i = 0; i < n; i++) {
    lab.push(i % 2);
    for (let p = 0; p < 16; p++) px.push(int(100) + (i % 2 && p % 4 < 2 ? 150 : 0));
  }
  goodFiles['images-idx3-ubyte'] = idxBytes(0x08, [n, 4, 4], px);
  goodFiles['images-idx3-ubyte.gz'] = gzipSync(goodFiles['images-idx3-ubyte']);
  goodFiles['labels-idx1-ubyte'] = idxBytes(0x08, [n], lab);
  const batch = new Uint8Array(12 * 3073);
  for (let i = 0; i < 12; i++) {
    batch[i * 3073] = i % 3;
    for (let p = 0; p < 3072; p++) batch[i * 3073 + 1 + p] = int(60) + (p >> 10 === i % 3 ? 150 : 0);
  }
  goodFiles['data_batch_1.bin'] = batch;
  // models of both losses in the three formats, trained here
  const X = new Float32Array(60 * 4), y = new Int32Array(60), g = rand(4);
  for (let i = 0; i < 60; i++) {
    y[i] = i % 3;
    for (let d = 0; d < 4; d++) X[i * 4 + d] = 100 + (d === i % 3 ? 60 : 0) + 40 * (g() - 0.5);
  }
  for (const loss of ['softmax', 'svm'] as const) {
    const clf = new LinearClassifier({ loss, numFeatures: 4, numClasses: 3, preprocessing: { scale: 0.01 } });
    clf.fit({ X, y }, { epochs: 3 });
    goodFiles[`${loss}.lcm`] = clf.save();
    goodFiles[`${loss}.json`] = enc.encode(JSON.stringify(clf));
    goodFiles[`${loss}.onnx`] = clf.toONNX();
    clf.dispose();
  }
  for (const [name, data] of Object.entries(goodFiles)) good.push(put(name, data));
  // damaged copies: each good file, several kinds of damage, under its own name pattern
  for (const [name, data] of Object.entries(goodFiles)) {
    for (let k = 0; k < 3; k++) {
      const [what, f] = pick(DAMAGE);
      const dot = name.indexOf('.') >= 0 && !name.includes('ubyte') ? name.indexOf('.') : name.length;
      put(`${name.slice(0, dot)}-${what.replace(/ /g, '-')}-${k}${name.slice(dot)}`, f(data));
    }
  }
  // crafted CSV
  const csv: Record<string, string> = {
    'empty.csv': '', 'header-only.csv': 'a,b,c,d,label\n', 'blank-lines.csv': '\n\n\n', 'one-row.csv': '1,2,3,4,0\n',
    'one-column.csv': '0\n1\n2\n', 'nan.csv': '1,2,3,4,0\n1,NaN,3,4,1\n', 'inf.csv': '1,2,3,4,0\n1,Infinity,3,4,1\n',
    'beyond-f32.csv': '1,2,3,4,0\n1,1e39,3,4,1\n', 'limit.csv': csvText(30, 5).replace(/^(\d+)\.\d+,/gm, '3e38,'),
    'near-limit.csv': csvText(30, 6).replace(/^(\d+)\.\d+,/gm, '1e37,'), 'ragged.csv': '1,2,3,4,0\n1,2,3,1\n',
    'words.csv': 'a,b,c\nx,y,z\nfoo,bar,baz\n', 'neg-label.csv': '1,2,3,4,0\n1,2,3,4,-1\n', 'float-label.csv': '1,2,3,4,0\n1,2,3,4,1.5\n',
    'huge-label.csv': '1,2,3,4,0\n1,2,3,4,2147483647\n', 'big-label.csv': '1,2,3,4,0\n1,2,3,4,70000\n', 'one-class.csv': '1,2,3,4,0\n2,3,4,5,0\n',
    'bom.csv': '\uFEFFa,b,c,d,label\n1,2,3,4,0\n2,3,4,5,1\n', 'crlf.csv': 'a,b,c,d,label\r\n1,2,3,4,0\r\n2,3,4,5,1\r\n',
    'quotes.csv': '"a","b","c","d","label"\n"1",2,3,4,0\n2,3,4,5,"1"\n', 'spaces.csv': ' 1 , 2 ,3,4, 0\n2,3,4,5,1\n',
    'semicolons.csv': '1;2;3;4;0\n2;3;4;5;1\n', 'trailing-comma.csv': '1,2,3,4,0,\n2,3,4,5,1,\n', 'hex.csv': '0x1,2,3,4,0\n2,3,4,5,1\n',
    'empty-cells.csv': '1,,3,4,0\n2,3,4,5,1\n', 'null-bytes.csv': '1,2,3,4,0\n\0\0\0\0\n', 'unicode.csv': 'α,β,γ,δ,λ\n1,2,3,4,0\n2,3,4,5,1\n',
    'wide.csv': Array.from({ length: 3 }, (_, i) => Array.from({ length: 3000 }, (_, d) => (i + d) % 7).join(',') + `,${i % 2}`).join('\n') + '\n',
  };
  for (const [name, text] of Object.entries(csv)) put(name, text);
  put('truncated-gzip.csv.gz', gzipSync(Buffer.from(csvText(40, 7))).subarray(0, 30));
  put('garbage.csv.gz', Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
  // crafted IDX and CIFAR
  put('huge-dims-idx3-ubyte', idxBytes(0x08, [1e9, 1000, 1000], [1, 2, 3]));
  put('zero-dims-idx3-ubyte', idxBytes(0x08, [0, 4, 4], []));
  put('float-idx3-ubyte', idxBytes(0x0d, [2, 2, 2], new Float32Array(8)));
  put('bad-type-idx3-ubyte', idxBytes(0x42, [2, 2, 2], new Uint8Array(8)));
  put('labels-255-idx1-ubyte', idxBytes(0x08, [n], Array.from({ length: n }, () => 255)));
  put('labels-short-idx1-ubyte', idxBytes(0x08, [n - 3], lab.slice(3)));
  put('labels-2d-idx2-ubyte', idxBytes(0x08, [n, 2], Array.from({ length: 2 * n }, () => 1)));
  put('no-dims-idx0-ubyte', Uint8Array.from([0, 0, 8, 0]));
  put('four-bytes.bin', Uint8Array.from([1, 2, 3, 4]));
  put('empty.bin', new Uint8Array(0));
  put('label-200.bin', Uint8Array.from(batch.subarray(0, 3073), (v, i) => (i === 0 ? 200 : v)));
  put('csv-named.bin', enc.encode(csvText(5, 8)));
  // models: wrong formats and crafted content
  put('csv-named.lcm', goodFiles['train.csv']);
  put('lcm-named.onnx', goodFiles['softmax.lcm']);
  put('onnx-named.lcm', goodFiles['softmax.onnx']);
  put('empty.lcm', new Uint8Array(0));
  put('brace.lcm', '{');
  put('nan-weights.json', new TextDecoder().decode(goodFiles['softmax.json']).replace(/"W":\[[-\d.e]+/, '"W":["NaN"'));
  put('huge-weights.json', new TextDecoder().decode(goodFiles['softmax.json']).replace(/"W":\[[-\d.e]+/, '"W":[1e39'));
  put('limit-weights.json', new TextDecoder().decode(goodFiles['softmax.json']).replace(/"W":\[[-\d.e]+/, '"W":[3e38'));
  put('wrong-types.json', JSON.stringify({ format: 'linclass-model', version: 2, loss: 7, numFeatures: '4', numClasses: [], W: {}, b: null }));
  put('array.json', '[1,2,3]');
  put('deep.json', '['.repeat(100000));
  mkdirSync(at('a-directory'));
  files.push(at('a-directory'), at('missing.csv'), at('missing.lcm'), '', '-', '--', '.');
}

// ---- argument lists --------------------------------------------------------------

const HOSTILE = ['', ' ', 'abc', '-1', '0', '-0', '1e400', 'NaN', 'Infinity', '-Infinity', '1.5', '0x10', ' 3 ', '3e38', '1e-300', 'full', ',', '1,,2', 'null', '[]', '--', '--epochs'];
const small = ['1', '2', '3'];
const nums = (valid: string[]) => () => (r() < 0.5 ? pick(valid) : pick(HOSTILE));
const good: string[] = [];
/** A file argument: a good file two times in five, else any path. */
const fileArg = () => (r() < 0.4 ? pick(good) : pick(files));
const model = () => (r() < 0.6 ? pick(files.filter((f) => /\.(lcm|json|onnx)$/.test(f) && (r() < 0.5 || good.includes(f)))) : fileArg());
const outPath = () => pick([at('out.lcm'), at('out.json'), at('out.onnx'), at('out'), at('no-such-dir/m.lcm'), at('a-directory'), at('train.csv/x.lcm'), '']);

type Flags = Record<string, (() => string) | null>;
const PREP: Flags = {
  '--scale': nums(['0.01', '1', '1e-3', '1e38']), '--center': null, '--no-center': null,
  '--label': () => pick(['0', '-1', '4', '99', 'label', 'nope', '', '1.5', ...HOSTILE]), '--header': null, '--no-header': null,
  '--classes': nums(['2', '3', '5', '1000', '65537']), '--seed': nums(['0', '7', '4294967295', '4294967296']),
  '--split': nums(['0.2', '0.5', '0.99']),
};
const TRAINING: Flags = {
  ...PREP,
  '--solver': () => pick(['auto', 'lbfgs', 'minibatch', 'sgd', '']), '--optimizer': () => pick(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'bogus']),
  '--penalty': () => pick(['l2', 'l1', 'elasticnet', 'none', 'l3']), '--epochs': nums(small), '--batch': nums(['1', '8', 'full', '100000']),
  '--max-iter': nums(small), '--tol': nums(['0', '1e-3', '1e38']),
};
const COMMANDS: Record<string, { positional: () => string[]; flags: Flags }> = {
  train: {
    positional: () => Array.from({ length: 1 + int(3) }, fileArg),
    flags: {
      ...TRAINING, '--test': fileArg, '--loss': () => pick(['softmax', 'svm', 'both', 'hinge']), '--lr': nums(['0.01', '1', '1e38']),
      '--average': null, '--reg': nums(['0', '1e-4', '1e38', '3e38']), '--out': outPath, '--stream': null, '--buffer': nums(['1', '16', '1000']),
      '--plots': () => pick([at('plots'), at('train.csv'), at('no-such-dir/plots')]), '--no-progress': null,
    },
  },
  eval: { positional: () => [model(), ...Array.from({ length: 1 + int(2) }, fileArg)], flags: { ...pickFlags(PREP, ['--label', '--header', '--no-header']), '--json': null } },
  predict: {
    positional: () => [model(), ...Array.from({ length: int(3) }, fileArg)],
    flags: { ...pickFlags(PREP, ['--label', '--header', '--no-header']), '--proba': null, '--format': () => pick(['csv', 'jsonl', 'xml', '']) },
  },
  search: {
    positional: () => Array.from({ length: 1 + int(2) }, fileArg),
    flags: {
      ...TRAINING, '--val': fileArg, '--loss': () => pick(['softmax', 'svm', 'both']), '--lrs': () => pick(['0.01', '0.01,0.1', '0', '1e38', 'a,b', '', ',', '1e-3,,1']),
      '--regs': () => pick(['0', '0,1e-4', '-1', '3e38', 'x', '']), '--mode': () => pick(['grid', 'random', 'zig']), '--trials': nums(small),
      '--out': outPath, '--plots': () => pick([at('plots'), at('train.csv')]),
    },
  },
  gradcheck: {
    positional: () => [],
    flags: {
      '--loss': () => pick(['softmax', 'svm', 'both', 'x']), '--penalty': () => pick(['l2', 'l1', 'elasticnet', 'none', 'all', 'x']),
      '--rows': nums(['1', '5', '1000000000']), '--features': nums(['1', '3', '16777217', '1000000000']), '--classes': nums(['2', '4', '65537']),
      '--samples': nums(['1', '5', '1000000000']), '--h': nums(['1e-5', '1', '1e-300', '1e308']), '--seed': nums(['0', '3']),
    },
  },
  export: { positional: () => [model(), outPath()], flags: {} },
  info: { positional: () => [model()], flags: { '--json': null } },
};

function pickFlags(all: Flags, names: string[]): Flags {
  return Object.fromEntries(names.map((n) => [n, all[n]]));
}

/** Every file through every command that reads one, in each place a file goes: the damaged ones each get their turn. */
function sweep(): string[][] {
  const m = at('softmax.lcm'), imgs = at('images-idx3-ubyte.gz'), labs = at('labels-idx1-ubyte');
  return files.flatMap((f) => [
    ['train', f, '--epochs', '1'], ['train', imgs, f, '--epochs', '1'], ['train', f, labs, '--epochs', '1', '--solver', 'lbfgs'],
    ['train', at('train.csv'), '--test', f, '--epochs', '1'], ['train', '--stream', f, '--epochs', '1', '--buffer', '16'],
    ['eval', m, f], ['predict', m, f, '--proba'], ['info', f, '--json'], ['export', f, at('out.json')],
  ]);
}

/** One seeded argument list. */
function argv(): string[] {
  const roll = r();
  if (roll < 0.02) return [];
  if (roll < 0.04) return [pick(['--help', '--version', 'help', '-h', '-V', 'bogus', '--bogus', 'train --help'])].flatMap((s) => s.split(' '));
  const name = pick(['train', 'train', 'train', 'eval', 'eval', 'predict', 'predict', 'search', 'gradcheck', 'export', 'info', 'info']);
  const c = COMMANDS[name];
  const args = [name, ...c.positional()];
  const names = Object.keys(c.flags);
  for (let k = int(6); k > 0 && names.length; k--) {
    const flag = pick(names), value = c.flags[flag];
    const form = r();
    if (value === null) args.push(flag);
    else if (form < 0.1) args.push(`${flag}=${value()}`);
    else if (form < 0.15) args.push(flag); // a value missing (or the next argument taken as it)
    else args.push(flag, value());
    if (r() < 0.1) args.push(...args.slice(-2)); // duplicated
  }
  if (r() < 0.05) args.push(pick(['--bogus', '-x', '--', '---', '--=']));
  if (r() < 0.3) args.splice(1 + int(args.length - 1), 0, ...args.splice(1, int(args.length - 1))); // files and flags in another order
  // keep runs short: training on the embedded digits or many epochs is not what this is about
  if ((name === 'train' || name === 'search') && !args.includes('--epochs')) args.push('--epochs', '2');
  return args;
}

// ---- the tests --------------------------------------------------------------------

before(async () => {
  await init();
  dir = mkdtempSync(join(tmpdir(), 'linclass-cli-fuzz-'));
  await makeFiles();
});

after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Cases that once crashed (an exception escaping as a stack trace, or the
 * wrong exit code), with the exit code each must give now. `@` stands for the
 * fixture directory.
 */
const REGRESSIONS: [string[], number][] = [
  // the random data was drawn before any size check: a RangeError from the allocator, or minutes of drawing
  [['gradcheck', '--rows', '1000000000', '--features', '1000000000'], 1],
  [['gradcheck', '--features', '16777217'], 1],
  [['gradcheck', '--classes', '65536', '--features', '257'], 1],
];

test('regressions: argument lists that once crashed exit as they should, with a message', async () => {
  for (const [args, want] of REGRESSIONS) {
    const a = args.map((s) => s.replace(/^@\//, `${dir}/`));
    const run = await cli(a);
    assert.equal(fault(run), null, `${a.join(' ')}`);
    assert.equal(run.code, want, `${a.join(' ')}: exit ${run.code}\n${run.err}`);
  }
});

test(`fuzz: every file through every command, then ${CASES} seeded command lines over good and damaged files exit 0, 1 or 2 with a message, never a crash`, async () => {
  const events: string[] = [];
  const onRejection = (e: unknown) => events.push(`unhandled rejection: ${String((e as Error)?.stack ?? e)}`);
  const onException = (e: unknown) => events.push(`uncaught exception: ${String((e as Error)?.stack ?? e)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const counts: Record<number, number> = {}, failures: string[] = [];
  let slowest = { ms: 0, args: '' };
  const t0 = performance.now();
  const cases = [...sweep(), ...Array.from({ length: CASES }, argv)];
  try {
    for (let k = 0; k < cases.length; k++) {
      const args = cases[k];
      if (TRACE) appendFileSync(TRACE, `${k}: ${JSON.stringify(args)}\n`);
      const run = await cli(args);
      if (TRACE) appendFileSync(TRACE, `  exit ${run.code} in ${run.ms.toFixed(0)} ms\n`);
      counts[run.code] = (counts[run.code] ?? 0) + 1;
      const f = fault(run);
      if (f) failures.push(`case ${k}: linclass ${args.map((a) => JSON.stringify(a)).join(' ')}\n  ${f}`);
      if (run.ms > slowest.ms) slowest = { ms: run.ms, args: args.join(' ') };
      if (run.ms > 30000) failures.push(`case ${k}: linclass ${args.join(' ')}\n  took ${(run.ms / 1000).toFixed(0)} s`);
      if (events.length) failures.push(`case ${k}: linclass ${args.join(' ')}\n  ${events.splice(0).join('\n  ')}`);
    }
    await new Promise((res) => setTimeout(res, 50)); // late rejections
    if (events.length) failures.push(...events);
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`# cli fuzz: ${cases.length} cases (${cases.length - CASES} of the sweep, ${CASES} random) in ${seconds.toFixed(1)} s: ` +
    `exit 0 ×${counts[0] ?? 0}, 1 ×${counts[1] ?? 0}, 2 ×${counts[2] ?? 0}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.args.replaceAll(dir, '@')})`);
  assert.deepEqual(failures.map((f) => f.replaceAll(dir, '@')), []);
  assert.equal((counts[0] ?? 0) + (counts[1] ?? 0) + (counts[2] ?? 0), cases.length);
  for (const code of [0, 1, 2]) assert.ok((counts[code] ?? 0) >= cases.length / 20, `exit ${code} is reached often enough to mean something: ${JSON.stringify(counts)}`);
});
