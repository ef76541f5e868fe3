// The 2-D toy: three classes of points on a plane, scores s = W·x + b for W 3×2.
// Every loss, gradient and prediction comes from linclass; the page only draws.
import { setup, onResize, fmt, CLASS_COLORS, INK, GRID } from './draw.js';
import { lossMenu } from './losses.js';

const SPAN = 5; // the plane shows [-SPAN, SPAN]²
const START = {
  points: [[2, 1.6, 0], [3.2, 1.2, 0], [1.2, 3.2, 0], [-1.6, 1.2, 1], [-1.2, 2.8, 1], [-2.8, 0.8, 1], [2.8, -1.6, 2], [2, -2.4, 2], [-1.6, -2, 2]],
  W: [1, 2, 2, -4, 3, -1],
  b: [0, 0.5, -0.5],
};
const $ = (id) => document.getElementById(id);

/** The loss is diverging when it has grown past ten times (and one more than) the lowest seen since the last change by hand, or is no longer finite. */
const DIVERGED = 10;

export function startToy(lib) {
  const canvas = $('toy-canvas');
  lossMenu($('toy-loss'), 'svm');
  const st = {
    points: START.points.map(([x, y, c]) => ({ x, y, c })),
    W: START.W.slice(), b: START.b.slice(), cls: 0, steps: 0, running: false, drag: null, clf: null,
    // the lowest loss since the weights, points or settings last changed by hand
    best: Infinity,
  };
  const loss = () => $('toy-loss').value;
  const reg = () => ($('toy-reg').value <= -4 ? 0 : 10 ** Number($('toy-reg').value));
  const lr = () => 10 ** Number($('toy-lr').value);

  function classifier() {
    const o = { loss: loss(), reg: reg() };
    if (!st.clf || st.clf.options.loss !== o.loss || st.clf.options.reg !== o.reg) {
      st.clf?.dispose();
      st.clf = new lib.LinearClassifier({ ...o, numFeatures: 2, numClasses: 3, penalty: 'l2' });
    }
    st.clf.setWeights(st.W, st.b);
    return st.clf;
  }

  const data = () => ({ X: Float32Array.from(st.points.flatMap((p) => [p.x, p.y])), y: Int32Array.from(st.points, (p) => p.c) });

  /** Scores, per-point losses, data and regularization loss at the current W, b. */
  function measure() {
    const clf = classifier(), { X, y } = data(), N = y.length;
    const regLoss = reg() * st.W.reduce((a, w) => a + Math.fround(w) ** 2, 0);
    if (!N) return { scores: [], losses: [], dataLoss: 0, regLoss };
    const scores = clf.scores(X);
    const losses = st.points.map((p, i) => clf.evaluate(X.subarray(2 * i, 2 * i + 2), [p.c]).loss - regLoss);
    return { scores, losses, dataLoss: clf.evaluate(X, y).loss - regLoss, regLoss };
  }

  /** One step of gradient descent on the full loss: W ← W − step·∂L/∂W, b likewise. */
  function step() {
    const { X, y } = data();
    if (!y.length) return;
    const g = classifier().lossAndGradient(X, y);
    st.best = Math.min(st.best, g.loss);
    st.W = st.W.map((w, i) => w - lr() * g.dW[i]);
    st.b = st.b.map((v, i) => v - lr() * g.db[i]);
    st.steps++;
  }

  /** Forgets the loss history that the divergence warning reads: the weights or the settings changed by hand. */
  function fresh() {
    st.best = Infinity;
  }

  /**
   * The warning under the sliders: shown while the loss has grown far past its
   * lowest since the last change by hand, with why (when the penalty alone
   * overshoots, 1 − 2·step·λ ≤ −1 or near it) and what to do. Stops a run.
   */
  function warn(total) {
    const box = $('toy-warning'), diverging = !Number.isFinite(total) || (Number.isFinite(st.best) && total > DIVERGED * st.best && total > st.best + 1);
    box.hidden = !diverging;
    $('toy').dataset.diverging = String(diverging);
    if (!diverging) return;
    const factor = 1 - 2 * lr() * reg();
    const why = factor <= -0.5
      ? ` The penalty alone multiplies W by 1 − 2·step·λ = ${fmt(factor, 2)} each step, so W flips sign${factor < -1 ? ' and grows' : ''} instead of shrinking.`
      : ' Each step overshoots the minimum along the gradient.';
    box.textContent = `The loss is diverging: ${fmt(st.best, 3)} at best, ${fmt(total, 3)} now.${why} Lower the step size${reg() > 0.1 ? ' or λ' : ''}, then Randomize or Reset.`;
    if (st.running) setRunning(false);
  }

  const toPx = (x, y, w, h) => [((x + SPAN) / (2 * SPAN)) * w, ((SPAN - y) / (2 * SPAN)) * h];
  // the canvas keeps its square at any width: pointer positions are read against its drawn size
  const size = () => { const r = canvas.getBoundingClientRect(); return [r.width, r.height]; };
  const toWorld = (px, py) => { const [w, h] = size(); return [(px / w) * 2 * SPAN - SPAN, SPAN - (py / h) * 2 * SPAN]; };

  function drawPlane(m) {
    const { ctx, w, h } = setup(canvas);
    // class regions: the argmax of the scores over a grid, from one predict call
    const G = 160, grid = new Float32Array(G * G * 2);
    for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) {
      grid[(i * G + j) * 2] = -SPAN + ((j + 0.5) / G) * 2 * SPAN;
      grid[(i * G + j) * 2 + 1] = SPAN - ((i + 0.5) / G) * 2 * SPAN;
    }
    const pred = classifier().predict(grid);
    const img = new ImageData(G, G), tint = CLASS_COLORS.map((c) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16)));
    for (let k = 0; k < G * G; k++) {
      const c = tint[pred[k]];
      img.data.set([255 - (255 - c[0]) * 0.22, 255 - (255 - c[1]) * 0.22, 255 - (255 - c[2]) * 0.22, 255], k * 4);
    }
    const off = new OffscreenCanvas(G, G);
    off.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, w, h);
    // grid
    ctx.lineWidth = 1;
    for (let v = -SPAN; v <= SPAN; v++) {
      ctx.strokeStyle = v === 0 ? '#9aa5b1' : GRID;
      const [x] = toPx(v, 0, w, h), [, y] = toPx(0, v, w, h);
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, h); ctx.moveTo(0, y); ctx.lineTo(w, y); ctx.stroke();
    }
    // each class: its zero-score line w·x + b = 0 and its weight vector as an arrow from that line
    for (let c = 0; c < 3; c++) {
      const w0 = st.W[2 * c], w1 = st.W[2 * c + 1], n2 = w0 * w0 + w1 * w1;
      if (n2 < 1e-12) continue;
      const n = Math.sqrt(n2), p0 = [(-st.b[c] * w0) / n2, (-st.b[c] * w1) / n2], d = [-w1 / n, w0 / n];
      ctx.strokeStyle = CLASS_COLORS[c];
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(...toPx(p0[0] - 20 * d[0], p0[1] - 20 * d[1], w, h));
      ctx.lineTo(...toPx(p0[0] + 20 * d[0], p0[1] + 20 * d[1], w, h));
      ctx.stroke();
      const len = Math.min(3, Math.max(0.6, n * 0.5)), tip = [p0[0] + (w0 / n) * len, p0[1] + (w1 / n) * len];
      const [ax, ay] = toPx(...p0, w, h), [bx, by] = toPx(...tip, w, h), ang = Math.atan2(by - ay, bx - ax);
      ctx.lineWidth = 3;
      ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by); ctx.stroke();
      ctx.fillStyle = CLASS_COLORS[c];
      ctx.beginPath();
      ctx.moveTo(bx + 4 * Math.cos(ang), by + 4 * Math.sin(ang));
      ctx.lineTo(bx - 10 * Math.cos(ang - 0.45), by - 10 * Math.sin(ang - 0.45));
      ctx.lineTo(bx - 10 * Math.cos(ang + 0.45), by - 10 * Math.sin(ang + 0.45));
      ctx.fill();
    }
    // the points; a dark ring marks a point with loss
    st.points.forEach((p, i) => {
      const [x, y] = toPx(p.x, p.y, w, h);
      ctx.beginPath(); ctx.arc(x, y, 7, 0, 2 * Math.PI);
      ctx.fillStyle = CLASS_COLORS[p.c]; ctx.fill();
      ctx.lineWidth = m.losses[i] > 1e-6 ? 2.5 : 1.5;
      ctx.strokeStyle = m.losses[i] > 1e-6 ? INK : '#fff';
      ctx.stroke();
    });
  }

  function weightsTable() {
    const body = $('toy-weights').tBodies[0];
    if (!body.rows.length) {
      for (let c = 0; c < 3; c++) {
        const tr = body.insertRow();
        tr.insertCell().innerHTML = `<span class="dot c${c}"></span> ${c}`;
        for (let k = 0; k < 3; k++) {
          const input = document.createElement('input');
          input.type = 'number';
          input.step = '0.1';
          input.dataset.c = c;
          input.dataset.k = k;
          input.addEventListener('change', () => {
            const v = Number(input.value);
            if (!Number.isFinite(v)) return;
            if (k < 2) st.W[2 * c + k] = v; else st.b[c] = v;
            fresh();
            render();
          });
          tr.insertCell().append(input);
        }
      }
    }
    for (const input of body.querySelectorAll('input')) {
      if (input === document.activeElement) continue;
      const c = Number(input.dataset.c), k = Number(input.dataset.k);
      input.value = fmt(k < 2 ? st.W[2 * c + k] : st.b[c], 4);
    }
  }

  function pointsTable(m) {
    const body = $('toy-points').tBodies[0];
    body.replaceChildren(...st.points.map((p, i) => {
      const tr = document.createElement('tr');
      const cells = [fmt(p.x, 2), fmt(p.y, 2), `<span class="dot c${p.c}"></span>`, ...[0, 1, 2].map((c) => fmt(m.scores[3 * i + c], 3)), fmt(m.losses[i], 3)];
      tr.innerHTML = cells.map((v) => `<td>${v}</td>`).join('');
      return tr;
    }));
  }

  function render() {
    const m = measure();
    drawPlane(m);
    weightsTable();
    pointsTable(m);
    $('toy-data').textContent = fmt(m.dataLoss, 4);
    $('toy-reg-loss').textContent = fmt(m.regLoss, 4);
    $('toy-total').textContent = fmt(m.dataLoss + m.regLoss, 4);
    $('toy-total').dataset.value = String(m.dataLoss + m.regLoss);
    warn(m.dataLoss + m.regLoss);
    $('toy-steps').textContent = String(st.steps);
    $('toy-reg-out').textContent = fmt(reg(), 2);
    $('toy-lr-out').textContent = fmt(lr(), 2);
    canvas.dataset.points = String(st.points.length);
  }

  function loop() {
    if (!st.running) return;
    step();
    step();
    render();
    requestAnimationFrame(loop);
  }

  function setRunning(on) {
    st.running = on;
    $('toy-run').textContent = on ? 'Stop' : 'Run';
    if (on) requestAnimationFrame(loop);
  }

  const hit = (px, py, reach) => st.points.findIndex((p) => {
    const [x, y] = toPx(p.x, p.y, ...size());
    return Math.hypot(x - px, y - py) <= reach;
  });

  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  canvas.addEventListener('pointerdown', (e) => {
    // a finger is less precise than a mouse
    const i = hit(e.offsetX, e.offsetY, e.pointerType === 'touch' ? 18 : 10);
    fresh();
    if (i >= 0 && (e.button === 2 || e.shiftKey || st.cls === 'remove')) st.points.splice(i, 1);
    else if (i >= 0) { st.drag = i; canvas.setPointerCapture(e.pointerId); }
    else if (e.button === 0 && st.cls !== 'remove') {
      const [x, y] = toWorld(e.offsetX, e.offsetY);
      st.points.push({ x, y, c: st.cls });
    }
    render();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (st.drag === null) return;
    const [x, y] = toWorld(e.offsetX, e.offsetY);
    Object.assign(st.points[st.drag], { x: Math.max(-SPAN, Math.min(SPAN, x)), y: Math.max(-SPAN, Math.min(SPAN, y)) });
    fresh();
    if (!st.running) render();
  });
  canvas.addEventListener('pointerup', () => { st.drag = null; });
  for (const btn of document.querySelectorAll('#toy-classes button')) {
    btn.addEventListener('click', () => {
      st.cls = btn.dataset.class === 'remove' ? 'remove' : Number(btn.dataset.class);
      for (const b of document.querySelectorAll('#toy-classes button')) b.classList.toggle('on', b === btn);
    });
  }
  $('toy-step').addEventListener('click', () => { step(); render(); });
  $('toy-run').addEventListener('click', () => setRunning(!st.running));
  // new weights by hand: small random W and b, as a training run starts from
  $('toy-random').addEventListener('click', () => {
    const r = () => Math.round((Math.random() * 4 - 2) * 100) / 100;
    st.W = st.W.map(r);
    st.b = st.b.map(() => r() / 2);
    st.steps = 0;
    fresh();
    render();
  });
  $('toy-reset').addEventListener('click', () => {
    setRunning(false);
    st.points = START.points.map(([x, y, c]) => ({ x, y, c }));
    st.W = START.W.slice();
    st.b = START.b.slice();
    st.steps = 0;
    fresh();
    render();
  });
  for (const id of ['toy-loss', 'toy-reg', 'toy-lr']) $(id).addEventListener('input', () => { fresh(); if (!st.running) render(); });
  onResize(canvas, render);
  render();
}
