// A Cloudflare Worker that classifies handwritten digits: POST
// {"rows": [[64 pixel values 0–16], …]} and get {"digits": [...]}. The model
// file is bundled with the worker (a Data module); the library's edge build
// takes the compiled .wasm module the runtime imports (workerd refuses to
// compile WebAssembly from bytes at run time).
import { init, LinearClassifier } from 'linclass';
import wasm from 'linclass/linclass.wasm';
import modelFile from './digits.lcm';

let model = null;

async function classifier() {
  if (model === null) {
    await init(wasm);
    model = LinearClassifier.load(new Uint8Array(modelFile));
  }
  return model;
}

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return new Response('POST {"rows": [[64 pixel values 0-16], ...]} to get the digit of each row.\n', { status: 405, headers: { allow: 'POST' } });
    }
    let rows;
    try {
      ({ rows } = await request.json());
    } catch {
      return Response.json({ error: 'the body is not JSON' }, { status: 400 });
    }
    try {
      const clf = await classifier();
      return Response.json({ digits: Array.from(clf.predict(rows)) });
    } catch (e) {
      // a LinclassError names what was wrong with the rows
      return Response.json({ error: e.message, code: e.code }, { status: 400 });
    }
  },
};
