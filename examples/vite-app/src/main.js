// Trains a softmax classifier on the digits set (public/digits.csv: copy it
// from node_modules/linclass/data/digits.csv) and shows the test accuracy and
// how the work was run (threadInfo: threads on this cross-origin-isolated page).
import { init, LinearClassifier, parseCsv, threadInfo } from 'linclass';

const out = document.getElementById('out');

async function main() {
  const started = performance.now();
  await init();
  const { X, y, numFeatures } = parseCsv(await (await fetch('/digits.csv')).text());
  const train = { X: X.subarray(0, 1500 * numFeatures), y: y.subarray(0, 1500) };
  const test = { X: X.subarray(1500 * numFeatures), y: y.subarray(1500) };
  const clf = new LinearClassifier({ numFeatures, numClasses: 10, seed: 1, preprocessing: { scale: 1 / 16 } });
  for await (const p of clf.fitAsync(train, { epochs: 20, seed: 1 })) {
    if (p.record) out.textContent = `epoch ${p.epoch}: loss ${p.loss.toFixed(4)}`;
  }
  const accuracy = clf.score(test.X, test.y);
  const info = threadInfo();
  out.textContent = `test accuracy ${accuracy.toFixed(4)} in ${Math.round(performance.now() - started)} ms\n` +
    `threads: ${info.mode === 'threads' ? info.threads : `1 (${info.reason})`}`;
  window.__result = { accuracy, info };
}

main().catch((e) => {
  out.textContent = String(e.stack || e);
  window.__error = String(e.stack || e);
});
