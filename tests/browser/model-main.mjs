// Model-file page: dist/linclass.mjs with the digits, for tests/model-browser.test.ts
// to save, load and predict in the browser and compare with Node.
import * as linclass from '/dist/linclass.mjs';
import '/tests/browser/model-run.js';

try {
  const csv = await (await fetch('/data/digits.csv')).text();
  await linclass.init();
  window.__model = { lib: linclass, csv };
  window.__ready = true;
} catch (e) {
  window.__error = String((e && e.stack) || e);
}
