// Browser ESM page: dist/linclass.browser.mjs (what bundlers and the "browser"
// condition pick) imported as a module.
import * as linclass from '/dist/linclass.browser.mjs';
import '/tests/parity/parity.js';

try {
  const csv = await (await fetch('/data/digits.csv')).text();
  await linclass.init();
  window.__result = await globalThis.linclassParity(linclass, csv);
} catch (e) {
  window.__error = String((e && e.stack) || e);
}
