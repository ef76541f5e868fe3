// The app every bundler builds (tests/bundlers.test.ts): `import 'linclass'`
// with no configuration, the parity run, and the thread mode. Threads start on
// the first large call; the page waits until they are up (or fell back to one
// thread) and trains again, so the second run is shared by the workers.
import * as linclass from 'linclass';
import './parity.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  try {
    const csv = await (await fetch('/digits.csv')).text();
    await linclass.init({ threadThreshold: 0 });
    const first = await globalThis.linclassParity(linclass, csv);
    for (const t0 = Date.now(); linclass.threadInfo().mode === 'threads' && !linclass.threadInfo().ready && Date.now() - t0 < 20000;) await sleep(20);
    const hashes = await globalThis.linclassParity(linclass, csv);
    window.__result = { first, hashes, info: linclass.threadInfo() };
  } catch (e) {
    window.__error = String((e && e.stack) || e);
  }
})();
