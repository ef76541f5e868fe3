// Writes src/digits.lcm, the model the worker serves: softmax on the digits
// set (rows of 64 pixel values 0–16; the model keeps the scale 1/16). Run with
// `node train-model.mjs` after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { init, LinearClassifier, parseCsv } from 'linclass';

await init({ threads: 1 });
const csv = readFileSync(createRequire(import.meta.url).resolve('linclass/package.json').replace(/package\.json$/, 'data/digits.csv'), 'utf8');
const { X, y, numFeatures } = parseCsv(csv);
const clf = new LinearClassifier({ numFeatures, numClasses: 10, seed: 1, preprocessing: { scale: 1 / 16 } });
clf.fit({ X: X.subarray(0, 1500 * numFeatures), y: y.subarray(0, 1500) }, { epochs: 20, seed: 1 });
console.log('test accuracy', clf.score(X.subarray(1500 * numFeatures), y.subarray(1500)));
writeFileSync(new URL('src/digits.lcm', import.meta.url), clf.save());
