// Runs in its own process: a runtime whose WebAssembly lacks SIMD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, simdSupported, LinclassError } from '../src/index.js';

test('without SIMD, init rejects with one sentence naming the missing feature', async () => {
  const real = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    assert.equal(simdSupported(), false);
    await assert.rejects(init(), (e: unknown) => e instanceof LinclassError && e.code === 'NO_SIMD' &&
      e.message === "This runtime's WebAssembly lacks the SIMD feature (128-bit fixed-width SIMD) that linclass needs; use a current Node, Chrome, Firefox, Safari 16.4+ or Deno.");
  } finally {
    WebAssembly.validate = real;
  }
  await init();
});
