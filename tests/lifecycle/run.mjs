// One process's life with undisposed objects across shutdown() and a new
// init(), for any runtime, on the built bundle (or the source): run as
//   node --expose-gc tests/lifecycle/run.mjs THREADS
//   node --expose-gc --import tsx tests/lifecycle/run.mjs THREADS ../../src/index.js
//   deno run --allow-read --v8-flags=--expose-gc tests/lifecycle/run.mjs THREADS
//   bun tests/lifecycle/run.mjs THREADS
// Collection is forced where the runtime allows it (globalThis.gc, Bun.gc),
// except between the last lives, which each grow memory to 64 MiB.
// Prints one JSON line; tests/lifecycle.test.ts checks it, an empty stderr and
// exit code 0.
const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const threads = Number(args[0] ?? 1);
// the library: the built bundle, or the module named by a second argument (the source, run with tsx)
const lib = await import(args[1] ?? '../../dist/linclass.mjs');
const Bun = globalThis.Bun;
const collect = Bun ? () => Bun.gc(true) : globalThis.gc;
if (typeof collect !== 'function') throw new Error('run with collection exposed: node --expose-gc, deno --v8-flags=--expose-gc, or bun');
const X = Float32Array.from({ length: 400 * 8 }, (_, i) => Math.sin(i * 0.37));
const y = Int32Array.from({ length: 400 }, (_, i) => i % 3);
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    collect();
    await new Promise((r) => setTimeout(r, 10));
  }
};
const train = () => {
  const clf = new lib.LinearClassifier({ numFeatures: 8, numClasses: 3, seed: 1 });
  clf.fit({ X, y }, { epochs: 3, batchSize: 'full' });
  return clf;
};
const errorOf = (f) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof lib.LinclassError ? `${e.code}: ${e.message}` : String(e);
  }
};
/** Waits for the workers, so that the runs below are shared when threads > 1. */
const up = async () => {
  const warm = train();
  warm.dispose();
  for (const t0 = Date.now(); lib.threadInfo().mode === 'threads' && !lib.threadInfo().ready && Date.now() - t0 < 20000;) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return lib.threadInfo();
};

await lib.init({ threads, threadThreshold: 0 });
const info1 = await up();
const before = train();
const W0 = Array.from(before.coef), P0 = Array.from(before.predict(X));
const oldDs = lib.Dataset.from(X, y, { numFeatures: 8 }), staleDs = lib.Dataset.from(X, y, { numFeatures: 8 });
// forgotten objects, collected only after shutdown
(() => { train(); lib.Dataset.from(X, y, { numFeatures: 8 }); })();
lib.shutdown();
await settle();
const afterShutdown = errorOf(() => before.predict(X));
before.dispose();
oldDs.dispose();
await lib.init({ threads, threadThreshold: 0 });
const info2 = await up();
(() => { train(); lib.Dataset.from(X, y, { numFeatures: 8 }); })();
// memory grown in the new life (64 MiB: the module starts far smaller), then used
const big = lib.Dataset.from(new Float32Array(1 << 24), null, { numFeatures: 64 });
const grown = lib.wasmMemoryBytes();
big.dispose();
await settle();
const fresh = new lib.LinearClassifier({ numFeatures: 8, numClasses: 3 });
const stale = errorOf(() => fresh.evaluate(staleDs));
fresh.dispose();
const again = train();
const same = Array.from(again.coef).every((v, i) => v === W0[i]) && Array.from(again.predict(X)).every((v, i) => v === P0[i]);
// a third life, many objects forgotten in each
for (let k = 0; k < 20; k++) (() => { train(); lib.Dataset.from(X, y, { numFeatures: 8 }); })();
await settle();
again.dispose();
lib.shutdown();
await settle();
await lib.init({ threads, threadThreshold: 0 });
const third = train();
const sameThird = Array.from(third.coef).every((v, i) => v === W0[i]);
third.dispose();
lib.shutdown();
await settle();
// lives ended before their workers are up (a call starts them; shutdown comes at once, or a moment later)
let sameRushed = true;
for (let k = 0; k < 4; k++) {
  await lib.init({ threads, threadThreshold: 0 });
  const clf = train();
  sameRushed &&= Array.from(clf.coef).every((v, i) => v === W0[i]);
  if (k % 2) await new Promise((r) => setTimeout(r, 5));
  lib.shutdown();
}
await settle();
// lives in a row without a collection between them, each growing its memory to 64 MiB and more
let grownEach = true;
for (let k = 0; k < 6; k++) {
  await lib.init({ threads, threadThreshold: 0 });
  const big = lib.Dataset.from(new Float32Array(1 << 24), null, { numFeatures: 64 });
  const clf = train();
  grownEach &&= lib.wasmMemoryBytes() >= 1 << 26 && Array.from(clf.coef).every((v, i) => v === W0[i]);
  big.dispose();
  lib.shutdown();
}
const mode = (i) => (i.mode === 'threads' ? `threads ${i.threads}${i.ready ? '' : ' (not up)'}` : `single (${i.reason ?? ''})`);
console.log(JSON.stringify({ afterShutdown, stale, same, sameThird, sameRushed, grown: grown >= 1 << 26 && grownEach, threads: [mode(info1), mode(info2)] }));
