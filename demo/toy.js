// The 2-D toy: three classes of points on a plane, scores s = W·x + b for W 3×2.
// Every loss, gradient and prediction comes from linclass; the page only draws.
import { setup, fmt, CLASS_COLORS, INK, GRID } from './draw.js';

const SPAN = 5; // the plane shows [-SPAN, SPAN]²
const START = {
  points: [[2, 1.6, 0], [3.2, 1.2, 0], [1.2, 3.2, 0], [-1.6, 1.2, 1], [-1.2, 2.8, 1], [-2.8, 0.8, 1], [2.8, -1.6, 2], [2, -2.4, 2], [-1.6, -2, 2]],
  W: [1, 2, 2, -4, 3, -1],
  b: [0, 0.5, -0.5],
};
const $ = (id) => document.getElementById(id);

export function startToy(lib) {
  const canvas = $('toy-canvas');
  const st = {
    points: START.points.map(([x, y, c]) => ({ x, y, c })),
    W: START.W.slice(), b: START.b.slice(), cls: 0, steps: 0, running: false, drag: null, clf: null,
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
    st.W = st.W.map((w, i) => w - lr() * g.dW[i]);
    st.b = st.b.map((v, i) => v - lr() * g.db[i]);
    st.steps++;
  }

  const toPx = (x, y, w, h) => [((x + SPAN) / (2 * SPAN)) * w, ((SPAN - y) / (2 * SPAN)) * h];
  const toWorld = (px, py) => [(px / canvas.clientWidth) * 2 * SPAN - SPAN, SPAN - (py / canvas.clientHeight) * 2 * SPAN];

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

  const hit = (px, py) => st.points.findIndex((p) => {
    const [x, y] = toPx(p.x, p.y, canvas.clientWidth, canvas.clientHeight);
    return Math.hypot(x - px, y - py) <= 10;
  });

  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  canvas.addEventListener('pointerdown', (e) => {
    const i = hit(e.offsetX, e.offsetY);
    if (i >= 0 && (e.button === 2 || e.shiftKey)) st.points.splice(i, 1);
    else if (i >= 0) { st.drag = i; canvas.setPointerCapture(e.pointerId); }
    else if (e.button === 0) {
      const [x, y] = toWorld(e.offsetX, e.offsetY);
      st.points.push({ x, y, c: st.cls });
    }
    render();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (st.drag === null) return;
    const [x, y] = toWorld(e.offsetX, e.offsetY);
    Object.assign(st.points[st.drag], { x: Math.max(-SPAN, Math.min(SPAN, x)), y: Math.max(-SPAN, Math.min(SPAN, y)) });
    render();
  });
  canvas.addEventListener('pointerup', () => { st.drag = null; });
  for (const btn of document.querySelectorAll('#toy-classes button')) {
    btn.addEventListener('click', () => {
      st.cls = Number(btn.dataset.class);
      for (const b of document.querySelectorAll('#toy-classes button')) b.classList.toggle('on', b === btn);
    });
  }
  $('toy-step').addEventListener('click', () => { step(); render(); });
  $('toy-run').addEventListener('click', () => setRunning(!st.running));
  $('toy-reset').addEventListener('click', () => {
    st.W = st.W.map(() => Math.round((Math.random() * 4 - 2) * 100) / 100);
    st.b = [0, 0, 0];
    st.steps = 0;
    render();
  });
  for (const id of ['toy-loss', 'toy-reg', 'toy-lr']) $(id).addEventListener('input', render);
  render();
}
