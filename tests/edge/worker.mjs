// The workerd worker of the edge test: the .wasm bound as a module (a
// WebAssembly.Module), the same bytes bound as data to show that compiling
// bytes is refused, the digits as text, and the parity run.
import wasm from 'linclass.wasm';
import wasmBytes from 'linclass.wasm.bytes';
import csv from 'digits.csv';
import * as lib from 'linclass.edge.mjs';
import 'parity.js';

export default {
  async fetch() {
    const report = {};
    try {
      await WebAssembly.compile(wasmBytes);
      report.compileBytes = 'allowed';
    } catch (e) {
      report.compileBytes = `refused: ${e.message}`;
    }
    try {
      await lib.init();
    } catch (e) {
      report.initWithoutModule = e.message;
    }
    await lib.init(wasm);
    report.hashes = await globalThis.linclassParity(lib, csv);
    const clf = new lib.LinearClassifier({ numFeatures: 2, numClasses: 2, seed: 1 });
    clf.fit({ X: [0, 0, 0, 1, 1, 0, 1, 1], y: [0, 1, 1, 1] }, { epochs: 100, batchSize: 4, learningRate: 0.1 });
    report.predict = Array.from(clf.predict([0, 0, 1, 1]));
    clf.dispose();
    return Response.json(report);
  },
};
