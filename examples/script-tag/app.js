// The global `linclass` from the script-tag build: no bundler, no module, one
// thread. Three classes of 2-D points, a softmax classifier, the accuracy and
// the learned W and b. A separate file, so the page works under a strict CSP
// (script-src 'self' 'wasm-unsafe-eval').
(async () => {
  const out = document.getElementById('out');
  try {
    await linclass.init();
    // the toy: three clusters of points around (0, 1), (1, -1) and (-1, -1)
    const centres = [[0, 1], [1, -1], [-1, -1]];
    const X = [], y = [];
    for (let i = 0; i < 300; i++) {
      const c = i % 3, a = (i * 2.399963) % (2 * Math.PI), r = 0.5 * ((i * 7919) % 97) / 97;
      X.push([centres[c][0] + r * Math.cos(a), centres[c][1] + r * Math.sin(a)]);
      y.push(c);
    }
    const clf = new linclass.LinearClassifier({ loss: 'softmax', seed: 1 });
    clf.fit(X, y, { epochs: 50, learningRate: 0.1 });
    const accuracy = clf.score(X, y);
    out.textContent = `accuracy ${accuracy}\nW ${Array.from(clf.coef, (v) => v.toFixed(2)).join(' ')}\nb ${Array.from(clf.intercept, (v) => v.toFixed(2)).join(' ')}`;
    window.__result = { accuracy, predict: Array.from(clf.predict([[0, 1], [1, -1], [-1, -1]])) };
  } catch (e) {
    out.textContent = String(e.stack || e);
    window.__error = String(e.stack || e);
  }
})();
