// One cold start in a fresh process (Node, Deno or Bun): import the library,
// init(), one predict of one row; prints the times in ms. Arguments: the
// library's URL, then 'auto' (init() as it is) or '1' (init({ threads: 1 })),
// or 'tfjs' to time TensorFlow.js's wasm backend instead (import, setBackend +
// ready, one 64 → 10 matMul + argMax).
const args = globalThis.Deno?.args ?? process.argv.slice(2);
const [url, mode] = args;
const t0 = performance.now();
let t1, t2, t3;
if (mode === 'tfjs') {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  t1 = performance.now();
  await tf.setBackend('wasm');
  await tf.ready();
  t2 = performance.now();
  const W = tf.randomNormal([64, 10]), b = tf.zeros([10]);
  tf.tidy(() => tf.argMax(tf.add(tf.matMul(tf.zeros([1, 64]), W), b), 1)).dataSync();
  t3 = performance.now();
} else {
  const lib = await import(url);
  t1 = performance.now();
  await lib.init(mode === '1' ? { threads: 1 } : undefined);
  t2 = performance.now();
  const clf = new lib.LinearClassifier({ numFeatures: 64, numClasses: 10, seed: 1 });
  clf.predict(new Float32Array(64));
  t3 = performance.now();
}
console.log(JSON.stringify({ import: t1 - t0, init: t2 - t1, predict: t3 - t2, total: t3 - t0, sinceStart: t3 }));
