// The shape of src/: each folder is a layer that imports only from the layers
// below it, no file imports itself round a circle, every file fits on a screen
// or two, and the classifier's prototype holds only its public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinearClassifier } from '../src/index.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** What each layer may import; files directly in src/ are the entry points. */
const MAY_IMPORT: Record<string, string[]> = {
  base: ['base'],
  runtime: ['base', 'runtime'],
  generated: [],
  io: ['base', 'io'],
  model: ['base', 'runtime', 'io', 'model'],
  train: ['base', 'runtime', 'model', 'train'],
  api: ['base', 'runtime', 'model', 'train', 'api'],
  inspect: ['base', 'runtime', 'model', 'api', 'inspect'],
  plots: ['base', 'train', 'api', 'inspect', 'plots'],
  cli: ['base', 'io', 'plots', 'cli', '(entry)'],
  '(entry)': ['base', 'runtime', 'generated', 'io', 'model', 'train', 'api', 'inspect', 'cli', '(entry)'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const layer = (file: string): string => {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? '(entry)' : parts[0];
};

/** Every relative import and re-export of each file (type-only ones too), resolved to .ts paths. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)]
      .map((m) => resolve(dirname(f), (m[1] ?? m[2]).replace(/\.js$/, '.ts')));
    g.set(f, deps);
  }
  return g;
}

test('each folder imports only from the layers below it', () => {
  const bad: string[] = [];
  for (const [f, deps] of graph()) {
    for (const d of deps) {
      if (!MAY_IMPORT[layer(f)]?.includes(layer(d))) bad.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
    }
  }
  assert.deepEqual(bad, [], `imports against the layering:\n${bad.join('\n')}`);
});

test('no import circle', () => {
  const g = graph(), state = new Map<string, 'open' | 'done'>(), circles: string[] = [];
  const visit = (f: string, path: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      circles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
      return;
    }
    state.set(f, 'open');
    for (const d of g.get(f) ?? []) visit(d, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of g.keys()) visit(f, []);
  assert.deepEqual(circles, []);
});

test('every hand-written file under src/ has at most 300 lines', () => {
  const long = files(SRC).filter((f) => layer(f) !== 'generated')
    .map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > 300);
  assert.deepEqual(long, []);
});

test("LinearClassifier's prototype holds its public API and nothing else", () => {
  const names = Object.getOwnPropertyNames(LinearClassifier.prototype).sort();
  assert.deepEqual(names, [
    'classes', 'coef', 'constructor', 'decisionFunction', 'disposed', 'dispose', 'evaluate', 'fit', 'fitAsync', 'intercept',
    'lossAndGradient', 'nIter', 'numClasses', 'numFeatures', 'options', 'partialFit', 'predict', 'predictProba', 'preprocessing',
    'save', 'score', 'scores', 'setWeights', 'toDataset', 'toJSON',
    'fitStream', 'toONNX',
  ].sort());
  assert.deepEqual(Object.getOwnPropertyNames(LinearClassifier).filter((n) => typeof (LinearClassifier as unknown as Record<string, unknown>)[n] === 'function').sort(), ['fromJSON', 'fromONNX', 'load']);
});
