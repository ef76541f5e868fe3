// The host/wasm contract (src/runtime/kernels.ts) against the built modules:
// every build exports exactly the names its list says, each function takes the
// number of arguments ARITY says, the threads build imports its memory, and the
// layout globals are there. Needs npm run asbuild (build/*.wasm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { KERNEL_EXPORTS, DEBUG_EXPORTS, ARITY, LOSS, PENALTY, type Kernels } from '../src/runtime/kernels.js';

const BUILD = new URL('../build/', import.meta.url);

async function compile(file: string): Promise<WebAssembly.Module> {
  const url = new URL(file, BUILD);
  assert.ok(existsSync(url), `build/${file} is missing: run npm run asbuild`);
  return WebAssembly.compile(readFileSync(url));
}

function sharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
}

async function instantiate(module: WebAssembly.Module, memory?: WebAssembly.Memory): Promise<Record<string, unknown>> {
  const env: WebAssembly.ModuleImports = { abort() {} };
  if (memory) env.memory = memory;
  const instance = await WebAssembly.instantiate(module, { env });
  return instance.exports as Record<string, unknown>;
}

/** Expects the module's export names to be exactly `want`, naming the missing and the extra ones. */
function expectExports(what: string, module: WebAssembly.Module, want: readonly string[]): void {
  const got = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  const expected = [...want].sort();
  const missing = expected.filter((n) => !got.includes(n));
  const extra = got.filter((n) => !expected.includes(n));
  assert.deepEqual(got, expected,
    `${what} exports: missing [${missing.join(', ')}], extra [${extra.join(', ')}]` +
    (missing.length + extra.length === 0 ? ' (a name listed twice)' : ''));
}

/** Expects each function export to take ARITY[name] arguments, and the others to be the memory or a layout global. */
function expectArities(what: string, module: WebAssembly.Module, exports: Record<string, unknown>): void {
  const arity: Record<string, number> = ARITY;
  const wrong: string[] = [];
  for (const { name, kind } of WebAssembly.Module.exports(module)) {
    if (kind === 'function') {
      const fn = exports[name] as (...args: number[]) => unknown;
      if (!(name in arity)) wrong.push(`${name}: a function with no ARITY entry`);
      else if (fn.length !== arity[name]) wrong.push(`${name}: ${fn.length} arguments, ARITY says ${arity[name]}`);
    } else if (kind === 'memory') {
      if (name !== 'memory') wrong.push(`${name}: a memory not named memory`);
    } else if (kind === 'global') {
      if (name !== 'BLOCK_ROWS' && name !== 'MAX_BLOCKS') wrong.push(`${name}: an unexpected global`);
    } else {
      wrong.push(`${name}: an unexpected ${kind}`);
    }
  }
  assert.deepEqual(wrong, [], `${what}: ${wrong.join('; ')}`);
}

/** BLOCK_ROWS and MAX_BLOCKS are positive integers that step_blocks agrees with. */
function expectLayout(what: string, exports: Record<string, unknown>): void {
  const k = exports as unknown as Kernels;
  const rows = k.BLOCK_ROWS.value as number, blocks = k.MAX_BLOCKS.value as number;
  for (const [name, v] of [['BLOCK_ROWS', rows], ['MAX_BLOCKS', blocks]] as const) {
    assert.ok(Number.isInteger(v) && v > 0, `${what}: ${name} is ${v}, not a positive integer`);
  }
  assert.equal(k.step_blocks(1), 1, `${what}: step_blocks(1)`);
  assert.equal(k.step_blocks(rows + 1), Math.min(2, blocks), `${what}: step_blocks(BLOCK_ROWS + 1)`);
  assert.equal(k.step_blocks(rows * blocks * 4), blocks, `${what}: step_blocks(4·BLOCK_ROWS·MAX_BLOCKS)`);
}

test('the release build exports KERNEL_EXPORTS, with the arities of ARITY', async () => {
  const module = await compile('linclass.wasm');
  expectExports('build/linclass.wasm', module, KERNEL_EXPORTS);
  const exports = await instantiate(module);
  expectArities('build/linclass.wasm', module, exports);
  expectLayout('build/linclass.wasm', exports);
});

test('the threads build imports env.memory (shared), exports it back and the rest of KERNEL_EXPORTS', async () => {
  const module = await compile('linclass.threads.wasm');
  const imports = WebAssembly.Module.imports(module);
  assert.ok(imports.some((i) => i.module === 'env' && i.name === 'memory' && i.kind === 'memory'),
    `build/linclass.threads.wasm imports ${imports.map((i) => `${i.module}.${i.name} (${i.kind})`).join(', ')}, not env.memory`);
  expectExports('build/linclass.threads.wasm', module, KERNEL_EXPORTS);
  const memory = sharedMemory();
  const exports = await instantiate(module, memory);
  assert.equal(exports.memory, memory, 'the threads build exports the memory it imports');
  expectArities('build/linclass.threads.wasm', module, exports);
  expectLayout('build/linclass.threads.wasm', exports);
});

test('the debug build exports DEBUG_EXPORTS, with the arities of ARITY', async () => {
  const module = await compile('linclass.debug.wasm');
  expectExports('build/linclass.debug.wasm', module, DEBUG_EXPORTS);
  const exports = await instantiate(module);
  expectArities('build/linclass.debug.wasm', module, exports);
  expectLayout('build/linclass.debug.wasm', exports);
});

test('the release build traps on a loss or penalty it does not know; PENALTY.none is 0', async () => {
  const k = (await instantiate(await compile('linclass.wasm'))) as unknown as Kernels;
  const n = 3, Dp = 4, C = 2;
  const X = k.alloc(n * Dp * 4), idx = k.alloc(n * 4), y = k.alloc(n * 4), W = k.alloc(C * Dp * 4), b = k.alloc(C * 4);
  const dW = k.alloc(C * Dp * 4), db = k.alloc(C * 4), S = k.alloc(k.scratch_floats(C) * 4), part = k.alloc((C * Dp + C) * 4);
  const pred = k.alloc(n * 4), correct = k.alloc(4);
  new Int32Array(k.memory.buffer, idx, n).set([2, 0, 1]);
  new Float32Array(k.memory.buffer, W, C * Dp).fill(0.5);
  for (const loss of Object.values(LOSS)) {
    for (const penalty of Object.values(PENALTY)) {
      assert.ok(Number.isFinite(k.step_simd(n, Dp, C, X, idx, y, 0, W, b, dW, db, S, part, loss, penalty, 1, 0.1, 0.5)));
    }
    assert.ok(Number.isFinite(k.evaluate_simd(n, Dp, C, X, idx, y, 0, W, b, pred, correct, S, loss, 1)));
  }
  assert.equal(k.penalty_simd(C * Dp, W, 0, PENALTY.none, 0.1, 0.5), 0);
  const trap = WebAssembly.RuntimeError;
  assert.throws(() => k.step_simd(n, Dp, C, X, idx, y, 0, W, b, dW, db, S, part, 4, PENALTY.none, 1, 0.1, 0.5), trap, 'step_simd, loss 4');
  assert.throws(() => k.step_simd(n, Dp, C, X, idx, y, 0, W, b, dW, db, S, part, LOSS.svm, 4, 1, 0.1, 0.5), trap, 'step_simd, penalty 4');
  assert.throws(() => k.evaluate_simd(n, Dp, C, X, idx, 0, 0, W, b, pred, correct, S, -1, 1), trap, 'evaluate_simd, loss -1');
  assert.throws(() => k.penalty_simd(C * Dp, W, dW, 4, 0.1, 0.5), trap, 'penalty_simd, kind 4');
});
