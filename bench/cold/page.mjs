// One cold start in a fresh Chromium page: ?lib=linclass (dist/linclass.browser.mjs;
// &threads=1 for init({ threads: 1 })) or ?lib=tfjs (the tf.min.js and
// tf-backend-wasm.min.js scripts, the wasm backend). Sets window.__result to
// the times in ms.
const q = new URLSearchParams(location.search);
const script = (src) => new Promise((resolve, reject) => {
  const s = document.createElement('script');
  s.src = src;
  s.onload = resolve;
  s.onerror = reject;
  document.head.append(s);
});
try {
  const t0 = performance.now();
  let t1, t2, t3;
  if (q.get('lib') === 'tfjs') {
    await script('/node_modules/@tensorflow/tfjs/dist/tf.min.js');
    await script('/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js');
    t1 = performance.now();
    const tf = globalThis.tf;
    tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    await tf.setBackend('wasm');
    await tf.ready();
    t2 = performance.now();
    const W = tf.randomNormal([64, 10]), b = tf.zeros([10]);
    tf.tidy(() => tf.argMax(tf.add(tf.matMul(tf.zeros([1, 64]), W), b), 1)).dataSync();
    t3 = performance.now();
  } else {
    const lib = await import('/dist/linclass.browser.mjs');
    t1 = performance.now();
    await lib.init(q.get('threads') === '1' ? { threads: 1 } : undefined);
    t2 = performance.now();
    const clf = new lib.LinearClassifier({ numFeatures: 64, numClasses: 10, seed: 1 });
    clf.predict(new Float32Array(64));
    t3 = performance.now();
  }
  window.__result = { import: t1 - t0, init: t2 - t1, predict: t3 - t2, total: t3 - t0, sinceStart: t3 };
} catch (e) {
  window.__error = String(e && e.stack || e);
}
