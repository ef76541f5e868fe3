// Runs in its own process (node --test isolates files): nothing is initialized yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, LinearClassifier, Dataset, LinclassError, isInitialized, simdSupported } from '../src/index.js';

const MSG = 'linclass is not initialized: call `await init()` once before creating a LinearClassifier or a Dataset.';

test('using the API before init throws a sentence saying to call init', () => {
  assert.equal(isInitialized(), false);
  for (const fn of [() => new LinearClassifier({ numFeatures: 2, numClasses: 2 }), () => Dataset.from([1], [0], { numFeatures: 1 })]) {
    assert.throws(fn, (e: unknown) => e instanceof LinclassError && e.code === 'NOT_INITIALIZED' && e.message === MSG);
  }
});

test('init accepts a compiled WebAssembly.Module, and later calls resolve at once', async () => {
  assert.equal(simdSupported(), true);
  const module = await WebAssembly.compile(readFileSync(new URL('../build/linclass.wasm', import.meta.url)));
  await init(module);
  assert.equal(isInitialized(), true);
  await init();
  const clf = new LinearClassifier({ numFeatures: 2, numClasses: 2 });
  assert.equal(clf.predict([1, 0]).length, 1);
  clf.dispose();
});
