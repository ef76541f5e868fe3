// A Cloudflare Worker that classifies handwritten digits: POST
// {"rows": [[64 pixel values 0–16], …]} and get {"digits": [...]}. The model
// file is bundled with the worker (a Data module); the library's edge build
// takes the compiled .wasm module the runtime imports (workerd refuses to
// compile WebAssembly from bytes at run time). A request the model cannot
// answer (not JSON, rows of the wrong length, values that are not finite
// numbers or whose scores overflow float32: the library's message; pixel
// values outside [0, 16]) gets a 400 with the reason; only a failure of the
// worker itself would be a 500.
import { init, LinearClassifier, LinclassError } from 'linclass';
import wasm from 'linclass/linclass.wasm';
import modelFile from './digits.lcm';

const USAGE = 'POST {"rows": [[64 pixel values 0-16], ...]} to get the digit of each row.';

// one load shared by the requests that arrive together before it is done
let model = null;

function classifier() {
  if (model === null) {
    model = init(wasm).then(() => LinearClassifier.load(new Uint8Array(modelFile)));
    model.catch(() => { model = null; }); // a failed load is tried again by the next request
  }
  return model;
}

const refuse = (error, code) => Response.json({ error, ...(code ? { code } : {}) }, { status: 400 });

/** The first value outside the pixels' range [0, 16] (the model was trained on nothing else), as a message; null when all are in it. */
function outOfRange(rows) {
  for (let i = 0; i < rows.length; i++) {
    const row = Array.isArray(rows[i]) ? rows[i] : [rows[i]];
    for (let j = 0; j < row.length; j++) {
      if (!(row[j] >= 0 && row[j] <= 16)) return `Pixel values are in [0, 16]: rows[${i}]${Array.isArray(rows[i]) ? `[${j}]` : ''} is ${row[j]}.`;
    }
  }
  return null;
}

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return new Response(`${USAGE}\n`, { status: 405, headers: { allow: 'POST' } });
    }
    let body;
    try {
      body = await request.json();
    } catch {
      return refuse(`The body is not JSON. ${USAGE}`);
    }
    if (typeof body !== 'object' || body === null || !('rows' in body)) return refuse(`The body has no "rows". ${USAGE}`);
    const clf = await classifier();
    let digits;
    try {
      digits = clf.predict(body.rows);
    } catch (e) {
      // a LinclassError names what was wrong with the rows; anything else is the worker's own failure (a 500)
      if (e instanceof LinclassError) return refuse(e.message, e.code);
      throw e;
    }
    // rows the library takes (finite numbers, 64 a row) but no digit image has: 3e38 is a float32, not a pixel
    const wrong = outOfRange(body.rows);
    return wrong ? refuse(wrong, 'OUT_OF_RANGE') : Response.json({ digits: Array.from(digits) });
  },
};
