// Script-tag page: the global `linclass` from dist/linclass.iife.js.
(async () => {
  try {
    const csv = await (await fetch('/data/digits.csv')).text();
    await linclass.init();
    window.__result = await linclassParity(linclass, csv);
  } catch (e) {
    window.__error = String((e && e.stack) || e);
  }
})();
