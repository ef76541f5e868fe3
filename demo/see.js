// "See it work": the trained model on the validation images (a gallery with the
// predicted label and a bar per class, worst mistakes first on request, and
// the confusion matrix), and on a digit drawn on the pad, classified as it is
// drawn. The trainer's worker sends the predictions; the pad's model is a copy
// of the latest digits weights, run on this thread.
import { setup, onResize, measure, greyImage, bars, placeholder, fmt, INK } from './draw.js';

const $ = (id) => document.getElementById(id);
/** Tiles in the gallery: fewer on a phone's narrow column. */
const gallerySize = () => (matchMedia('(max-width: 600px)').matches ? 12 : 24);
/** The pad's ink, as a fraction of its side: about the stroke width of the digits' 32×32 bitmaps. */
const PEN = 0.075;

/**
 * Strokes (lists of [x, y] in [0, 1]², y down) as the digits set was made: the
 * UCI bitmaps are 32×32, the digit scaled to fill the height (or the width, when
 * wider) and centred, then every 4×4 block counted: 8×8 values 0..16. Drawn at
 * 4× (128×128) and thresholded, so a block counts the share of its 16 pixels
 * under ink. Returns the 64 counts, row by row.
 */
export function toDigit(strokes) {
  const pts = strokes.flat();
  const counts = new Array(64).fill(0);
  if (!pts.length) return counts;
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const pen = 5.5, room = 32 - pen; // the stroke's width in the 32-pixel box, and what is left for the path
  // fill the height (or the width when wider), never magnifying a dot past 2× the pad's scale
  const scale = Math.min(room / Math.max(y1 - y0, x1 - x0, 1e-6), 64);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, K = 4, S = 32 * K;
  const off = new OffscreenCanvas(S, S), ctx = off.getContext('2d');
  ctx.strokeStyle = ctx.fillStyle = '#000';
  ctx.lineWidth = pen * K;
  ctx.lineCap = ctx.lineJoin = 'round';
  const at = ([x, y]) => [(16 + (x - cx) * scale) * K, (16 + (y - cy) * scale) * K];
  for (const s of strokes) {
    if (!s.length) continue;
    ctx.beginPath();
    ctx.moveTo(...at(s[0]));
    if (s.length === 1) ctx.lineTo(at(s[0])[0] + 0.01, at(s[0])[1]);
    for (const p of s.slice(1)) ctx.lineTo(...at(p));
    ctx.stroke();
  }
  const a = ctx.getImageData(0, 0, S, S).data;
  for (let r = 0; r < 8; r++) {
    for (let c = 0; c < 8; c++) {
      let on = 0;
      for (let i = 0; i < 4 * K; i++) for (let j = 0; j < 4 * K; j++) on += a[(((r * 4 * K + i) * S) + c * 4 * K + j) * 4 + 3] >= 128 ? 1 : 0;
      counts[r * 8 + c] = Math.round(on / (K * K));
    }
  }
  return counts;
}

export function startSee(lib) {
  const st = {
    model: null, // { data, labels, shape, loss, probabilities } of the run in progress or done
    matrix: null, gallery: null, worst: false, cell: null,
    pad: null, // { clf, loss, probabilities, ready }: the latest digits run's weights, for the pad
    strokes: [], drawing: false, queued: false,
  };
  const name = (c) => (st.model?.labels ? st.model.labels[c] : String(c));

  // ---- the confusion matrix ----
  function renderMatrix() {
    const table = $('cm'), M = st.matrix;
    $('see').dataset.matrix = M ? 'true' : 'false';
    if (!M) {
      table.replaceChildren();
      delete table.dataset.key;
      $('cm-note').textContent = st.model ? 'Training…' : 'Train a model above: its predictions on the validation images fill this matrix.';
      return;
    }
    const C = M.length, rowSums = M.map((r) => r.reduce((a, v) => a + v, 0));
    // the table is built once for its classes and labels; each epoch only changes the cells
    const key = `${C} ${st.model?.labels ?? ''}`;
    if (table.dataset.key !== key) {
      table.dataset.key = key;
      const head = document.createElement('tr');
      const corner = document.createElement('th');
      corner.className = 'axis';
      corner.textContent = 'true ↓ pred →';
      head.append(corner, ...M.map((_, j) => { const th = document.createElement('th'); th.textContent = String(j); th.title = name(j); return th; }));
      table.replaceChildren(head, ...M.map((row, i) => {
        const tr = document.createElement('tr'), th = document.createElement('th');
        th.className = 'row';
        th.textContent = st.model?.labels ? `${i} ${name(i)}` : String(i);
        tr.append(th, ...row.map((_, j) => {
          const td = document.createElement('td');
          td.dataset.i = String(i);
          td.dataset.j = String(j);
          return td;
        }));
        return tr;
      }));
    }
    const cells = table.querySelectorAll('td');
    M.forEach((row, i) => row.forEach((n, j) => {
      const td = cells[i * C + j], share = rowSums[i] ? n / rowSums[i] : 0;
      // the diagonal in blue by the share of its row (levels d1–d5); mistakes in red, strong enough to see a single one (m1–m5)
      const level = n === 0 ? 'zero' : i === j ? `d${Math.min(5, 1 + Math.floor(share * 5))}` : `m${Math.min(5, 1 + Math.floor(share * 20))}`;
      const cls = level + (st.cell && st.cell[0] === i && st.cell[1] === j ? ' sel' : '');
      if (td.textContent !== String(n)) {
        td.textContent = String(n);
        td.title = `${n} ${name(i)} predicted as ${name(j)}`;
      }
      if (td.className !== cls) td.className = cls;
    }));
    const total = rowSums.reduce((a, v) => a + v, 0), right = M.reduce((a, r, i) => a + r[i], 0);
    let worst = null;
    M.forEach((r, i) => r.forEach((n, j) => { if (i !== j && n > 0 && (!worst || n > worst[2])) worst = [i, j, n]; }));
    $('cm-note').textContent = `${right} of ${total} on the diagonal (accuracy ${fmt(right / total, 3)})`
      + (worst ? `; the most common mistake: ${name(worst[0])} taken for ${name(worst[1])}, ${worst[2]} time${worst[2] > 1 ? 's' : ''}.` : '.');
  }

  $('cm').addEventListener('click', (e) => {
    const td = e.target.closest('td');
    if (!td || !st.gallery) return;
    const cell = [Number(td.dataset.i), Number(td.dataset.j)];
    st.cell = st.cell && st.cell[0] === cell[0] && st.cell[1] === cell[1] ? null : cell;
    renderMatrix();
    renderGallery();
  });

  // ---- the gallery ----
  /** How wrong row k is: the predicted class's value less the true class's (0 when right). */
  const wrongness = (g, k) => {
    const C = g.values.length / g.y.length;
    return g.values[k * C + g.pred[k]] - g.values[k * C + g.y[k]];
  };

  function renderGallery() {
    const box = $('gallery'), g = st.gallery;
    $('gal-order').disabled = !g;
    $('gal-all').hidden = !st.cell;
    if (!g) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = st.model ? 'Training… the predictions appear when it ends.' : 'Train a model above: each validation image appears here with the predicted label and the model\'s probability for every class.';
      box.replaceChildren(p);
      $('gal-about').textContent = '';
      delete $('see').dataset.gallery;
      return;
    }
    const N = g.y.length, C = g.values.length / N, D = g.X.length / N, { width, height } = st.model.shape;
    let order = [...Array(N).keys()];
    if (st.cell) order = order.filter((k) => g.y[k] === st.cell[0] && g.pred[k] === st.cell[1]);
    if (st.worst || st.cell) order.sort((a, b) => wrongness(g, b) - wrongness(g, a));
    const misses = g.y.reduce((a, v, k) => a + (v !== g.pred[k] ? 1 : 0), 0);
    $('gal-about').textContent = (st.cell
      ? `${order.length} ${name(st.cell[0])} predicted as ${name(st.cell[1])}`
      : `${N} images, ${misses} wrong; ${st.worst ? 'the most confident mistakes first' : 'in the validation set\'s order'}`)
      + (order.length > gallerySize() ? ` — showing ${gallerySize()}` : '')
      + (g.probabilities ? ' · bars: probabilities' : ' · bars: scores (an SVM\'s scores are not probabilities), lowest to highest');
    const tiles = order.slice(0, gallerySize()).map((k) => {
      const tile = document.createElement('figure'), miss = g.y[k] !== g.pred[k];
      tile.className = miss ? 'tile miss' : 'tile';
      tile.dataset.index = String(k);
      const img = document.createElement('canvas');
      img.className = 'img';
      img.width = 48; img.height = 48;
      const label = document.createElement('figcaption');
      label.className = st.model.labels ? 'label words' : 'label';
      const b = document.createElement('b');
      b.textContent = name(g.pred[k]);
      const v = g.values[k * C + g.pred[k]];
      label.append(b, ` ${g.probabilities ? `${Math.round(100 * v)}%` : `score ${fmt(v, 3)}`}`);
      if (miss) {
        const t = document.createElement('span');
        t.className = 'truth';
        t.textContent = `true: ${name(g.y[k])}`;
        label.append(t);
      }
      const pb = document.createElement('canvas');
      pb.className = 'pb';
      pb.width = 220; pb.height = 44;
      tile.append(img, label, pb);
      return { tile, img, pb, k };
    });
    box.replaceChildren(...tiles.map((t) => t.tile));
    measure(tiles.flatMap((t) => [t.img, t.pb]));
    for (const { img, pb, k } of tiles) {
      greyImage(img, g.X.subarray(k * D, (k + 1) * D), width, height);
      // class numbers under the bars: the confusion matrix's rows name them
      bars(pb, Array.from(g.values.subarray(k * C, (k + 1) * C)), { pred: g.pred[k], truth: g.y[k], probabilities: g.probabilities });
    }
    $('see').dataset.gallery = String(tiles.length);
    $('see').dataset.galleryFirst = tiles.length ? String(tiles[0].k) : '';
  }

  $('gal-order').addEventListener('click', () => {
    st.worst = !st.worst;
    $('gal-order').setAttribute('aria-pressed', String(st.worst));
    renderGallery();
  });
  $('gal-all').addEventListener('click', () => { st.cell = null; renderMatrix(); renderGallery(); });

  // ---- the drawing pad ----
  const pad = $('pad');
  function drawPad() {
    const { ctx, w, h } = setup(pad);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    if (!st.strokes.length) {
      ctx.fillStyle = '#9aa5b1';
      ctx.font = '14px system-ui, "DejaVu Sans", sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText('draw a digit here', w / 2, h / 2 + 5);
    }
    ctx.strokeStyle = INK;
    ctx.lineWidth = PEN * w;
    ctx.lineCap = ctx.lineJoin = 'round';
    for (const s of st.strokes) {
      ctx.beginPath();
      s.forEach(([x, y], i) => (i ? ctx.lineTo(x * w, y * h) : ctx.moveTo(x * w, y * h)));
      if (s.length === 1) ctx.lineTo(s[0][0] * w + 0.01, s[0][1] * h);
      ctx.stroke();
    }
  }

  function classify() {
    st.queued = false;
    const counts = toDigit(st.strokes), x = Float32Array.from(counts, (v) => v / 16);
    greyImage($('pad-seen'), x, 8, 8, false);
    pad.dataset.seen = counts.join(',');
    const usable = Boolean(st.pad?.ready), empty = !st.strokes.length || !usable;
    // nothing drawn (or no model yet): the placeholders, drawn once
    if (empty && st.shown === `empty ${usable} ${st.strokes.length}`) return;
    st.shown = empty ? `empty ${usable} ${st.strokes.length}` : 'values';
    if (empty) {
      $('pad-pred').textContent = '–';
      $('pad-prob').textContent = '';
      placeholder($('pad-bars'), usable ? 'a bar per digit appears as you draw' : 'train on the digits to classify', () => 60);
      delete pad.dataset.pred;
      return;
    }
    const probs = st.pad.probabilities, values = Array.from(probs ? st.pad.clf.predictProba(x) : st.pad.clf.scores(x));
    const pred = values.indexOf(Math.max(...values));
    $('pad-pred').textContent = String(pred);
    $('pad-prob').textContent = probs ? `${Math.round(100 * values[pred])}% sure` : `score ${fmt(values[pred], 3)}`;
    bars($('pad-bars'), values, { pred, probabilities: probs, height: 60 });
    pad.dataset.pred = String(pred);
    pad.dataset.values = values.map((v) => v.toFixed(4)).join(',');
  }
  const queue = () => { if (!st.queued) { st.queued = true; requestAnimationFrame(classify); } };

  const point = (e) => { const r = pad.getBoundingClientRect(); return [Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)), Math.min(1, Math.max(0, (e.clientY - r.top) / r.height))]; };
  pad.addEventListener('pointerdown', (e) => {
    st.drawing = true;
    pad.setPointerCapture(e.pointerId);
    st.strokes.push([point(e)]);
    drawPad();
    queue();
  });
  pad.addEventListener('pointermove', (e) => {
    if (!st.drawing) return;
    st.strokes.at(-1).push(point(e));
    drawPad();
    queue();
  });
  const end = () => { st.drawing = false; };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  $('pad-clear').addEventListener('click', () => { st.strokes = []; drawPad(); classify(); });

  function padNote() {
    const fashion = st.model?.data === 'fashion';
    $('pad-note').textContent = !st.pad?.ready
      ? (fashion ? 'The pad draws digits: train on the digits (not Fashion-MNIST) to classify them.' : 'Train on the digits above, then draw here.')
      : `Classified by the ${fashion ? 'last ' : ''}digits model trained above (${st.pad.loss})${st.pad.final ? '' : ', updated every epoch'}. `
        + 'Your strokes are scaled to fill a 32×32 box and counted in 4×4 blocks, as the digits set was made.';
  }

  onResize(pad, drawPad);
  drawPad();
  classify();

  return {
    /** A run starts: its data and loss; the old predictions go. */
    start(model) {
      st.model = model;
      st.matrix = st.gallery = st.cell = null;
      if (model.data === 'digits') {
        st.pad?.clf.dispose();
        const clf = new lib.LinearClassifier({ loss: model.loss, numFeatures: model.shape.width * model.shape.height, numClasses: 10 });
        st.pad = { clf, loss: model.loss, probabilities: model.probabilities, ready: false, final: false };
      }
      renderMatrix();
      renderGallery();
      padNote();
      classify();
    },
    /** Each epoch: the confusion matrix so far, and (digits) the weights for the pad. */
    epoch({ matrix, coef, intercept }) {
      st.matrix = matrix;
      renderMatrix();
      if (st.model?.data === 'digits' && st.pad) {
        st.pad.clf.setWeights(coef, intercept);
        st.pad.ready = true;
        pad.dataset.model = 'ready';
        padNote();
        classify();
      }
    },
    /** The run's end: the final matrix and every validation image's prediction. */
    done({ matrix, gallery }) {
      st.matrix = matrix;
      st.gallery = gallery;
      if (st.model?.data === 'digits' && st.pad) st.pad.final = true;
      renderMatrix();
      renderGallery();
      padNote();
    },
    /** An error or a new run: back to the placeholders (the pad keeps the last digits model it had). */
    clear() {
      st.model = st.matrix = st.gallery = st.cell = null;
      renderMatrix();
      renderGallery();
      padNote();
    },
  };
}
