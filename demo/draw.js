// Canvas helpers shared by the page's sections: canvases sized to the width
// their box gives them (never wider than their width attribute, sharp on
// high-DPI screens, redrawn when the box changes), a line chart with linear or
// log axes, axis titles and dash patterns, a heatmap, templates, probability
// bars and small grey images.

export const CLASS_COLORS = ['#e5484d', '#30a46c', '#3e63dd'];
export const INK = '#1f2933', MUTED = '#616e7c', GRID = '#e4e7eb', ACCENT = '#2563eb', GOOD = '#16a34a', BAD = '#dc2626';
const FONT = '11px system-ui, "DejaVu Sans", sans-serif';

/** The attribute's aspect ratio: squares stay squares at any width. */
export const keepAspect = (w, W, H) => Math.round((w * H) / W);
/** Charts: the aspect ratio, but never shorter than 210 px (or the attribute's height when that is less), so text keeps room. */
export const chartHeight = (w, W, H) => Math.max(Math.min(H, 210), Math.round((w * H) / W));

// Each canvas's CSS width, measured once and then kept by a ResizeObserver, so
// that drawing never forces a layout of the page; onResize adds a redraw.
const widths = new WeakMap(), redraws = new WeakMap();
const observer = new ResizeObserver((entries) => {
  for (const e of entries) {
    const w = Math.round(e.borderBoxSize?.[0]?.inlineSize ?? e.target.getBoundingClientRect().width), old = widths.get(e.target);
    if (w === 0 || w === old) continue;
    widths.set(e.target, w);
    const redraw = redraws.get(e.target);
    if (redraw && !redraw.queued) {
      redraw.queued = true;
      // on the next frame: a redraw inside the observer's callback would resize what it observes
      requestAnimationFrame(() => { redraw.queued = false; redraw.fn(); });
    }
  }
});

/** Measures many new canvases in one layout, before drawing on them (each first draw would otherwise force a layout of its own). */
export function measure(canvases) {
  const list = [...canvases].filter((c) => !widths.has(c));
  list.forEach(adopt);
  const ws = list.map((c) => Math.round(c.getBoundingClientRect().width));
  list.forEach((c, i) => widths.set(c, ws[i]));
}

/** A canvas's first use: its width attribute becomes its largest CSS width, and the observer keeps its width. */
function adopt(canvas) {
  if (canvas.dataset.w) return;
  canvas.dataset.w = canvas.getAttribute('width');
  canvas.dataset.h = canvas.getAttribute('height');
  canvas.style.maxWidth = `${canvas.dataset.w}px`;
  observer.observe(canvas);
}

/**
 * Sizes the canvas to its CSS width (the stylesheet gives canvases width 100%;
 * the width attribute becomes the largest width) and to height(w, W, H) CSS
 * pixels, with a backing store of devicePixelRatio times that. Returns a
 * context that draws in CSS pixels.
 */
export function setup(canvas, height = keepAspect) {
  adopt(canvas);
  if (!widths.has(canvas)) widths.set(canvas, Math.round(canvas.getBoundingClientRect().width));
  const W = Number(canvas.dataset.w), H = Number(canvas.dataset.h), dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.min(W, widths.get(canvas) || W)), h = Math.max(1, height(w, W, H));
  canvas.style.height = `${h}px`;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w, h };
}

/** Calls redraw (on the next frame) whenever the canvas's width changes: a phone turned, a window resized. */
export function onResize(canvas, redraw) {
  redraws.set(canvas, { fn: redraw, queued: false });
}

const VIRIDIS = [[68, 1, 84], [70, 50, 126], [54, 92, 141], [39, 127, 142], [31, 161, 135], [74, 193, 109], [160, 218, 57], [253, 231, 37]];

/** Viridis at t in [0, 1] as [r, g, b]. */
export function viridis(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x)), f = x - i;
  return VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
}

export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(1).replace('.0e', 'e');
}

function niceTicks(lo, hi, n = 5) {
  const span = hi - lo || 1, raw = span / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= n + 1);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Ticks of a log axis over [10^lo, 10^hi]: the powers of ten, with 2 and 5 between them when there are few. */
function logTicks(lo, hi, n = 6) {
  const out = [];
  for (const ms of [[1], [1, 2, 5], [1, 1.5, 2, 3, 5, 7]]) {
    out.length = 0;
    for (let k = Math.floor(lo) - 1; k <= Math.ceil(hi); k++) {
      for (const m of ms) {
        const v = Math.log10(m) + k;
        if (v >= lo - 1e-9 && v <= hi + 1e-9) out.push(v);
      }
    }
    if (out.length >= 3 || out.length > n) break;
  }
  if (out.length > n) return out.filter((_, i) => i % Math.ceil(out.length / n) === 0);
  return out.length ? out : [lo, hi];
}

/** An axis: to and from pixels, its ticks and their labels, over the finite (and, on a log axis, positive) values. */
function axis(values, { min, max, log, pad = 0, a, b }) {
  const ok = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let lo = min ?? (ok.length ? Math.min(...ok) : log ? 0.1 : 0), hi = max ?? (ok.length ? Math.max(...ok) : 1);
  if (log) { lo = Math.log10(Math.max(lo, 1e-12)); hi = Math.log10(Math.max(hi, 1e-12)); }
  if (hi - lo < 1e-9) { hi = lo + (log ? 1 : Math.max(1, Math.abs(lo) * 0.1)); }
  if (max === undefined) hi += (hi - lo) * pad;
  if (log && min === undefined) lo -= (hi - lo) * pad;
  const t = (v) => (log ? Math.log10(v) : v);
  return {
    px: (v) => a + ((t(v) - lo) / (hi - lo)) * (b - a),
    ticks: (log ? logTicks(lo, hi) : niceTicks(lo, hi)).map((v) => ({ at: a + ((v - lo) / (hi - lo)) * (b - a), label: fmt(log ? 10 ** v : v) })),
  };
}

/** A marker of a shape ('circle', 'square', 'triangle', 'diamond', 'down', 'cross') centred at x, y. */
export function marker(ctx, shape, x, y, r = 4.5) {
  ctx.beginPath();
  if (shape === 'square') ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (shape === 'triangle' || shape === 'down') {
    const s = shape === 'down' ? -1 : 1;
    ctx.moveTo(x, y - s * r * 1.1); ctx.lineTo(x + r, y + s * r * 0.8); ctx.lineTo(x - r, y + s * r * 0.8); ctx.closePath();
  } else if (shape === 'diamond') { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r, y); ctx.closePath(); }
  else if (shape === 'cross') {
    const a = r * 0.45;
    ctx.moveTo(x - a, y - r); ctx.lineTo(x + a, y - r); ctx.lineTo(x + a, y - a); ctx.lineTo(x + r, y - a); ctx.lineTo(x + r, y + a); ctx.lineTo(x + a, y + a);
    ctx.lineTo(x + a, y + r); ctx.lineTo(x - a, y + r); ctx.lineTo(x - a, y + a); ctx.lineTo(x - r, y + a); ctx.lineTo(x - r, y - a); ctx.lineTo(x - a, y - a); ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
}

/**
 * A line chart of series [{ xs, ys, color, width, dash, alpha, dots, mark, marker }]:
 * `dash` a canvas dash pattern, `dots` a dot at every point, `mark` the index of
 * a point to ring, `marker` { shape, every, offset }: a shape at every `every`-th
 * point from `offset`, drawn over all the lines, so that series with different
 * offsets stay visible even where their lines coincide. opts: xMin, xMax, yMin,
 * yMax, xLog, yLog, xTitle, yTitle, empty (the text to show while there is no data).
 */
export function lineChart(canvas, series, opts = {}) {
  const { ctx, w, h } = setup(canvas, chartHeight);
  ctx.clearRect(0, 0, w, h);
  const L = 60, R = w - 14, T = 12, B = h - 40;
  const xs = series.flatMap((s) => Array.from(s.xs)), ys = series.flatMap((s) => Array.from(s.ys));
  const X = axis(xs, { min: opts.xMin ?? (opts.xLog ? undefined : 0), max: opts.xMax, log: opts.xLog, a: L, b: R });
  const Y = axis(ys, { min: opts.yMin, max: opts.yMax, log: opts.yLog, pad: 0.05, a: B, b: T });
  ctx.font = FONT;
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'right';
  for (const t of Y.ticks) {
    ctx.beginPath(); ctx.moveTo(L, t.at); ctx.lineTo(R, t.at); ctx.stroke();
    ctx.fillText(t.label, L - 6, t.at + 4);
  }
  ctx.textAlign = 'center';
  for (const t of X.ticks) {
    ctx.beginPath(); ctx.moveTo(t.at, T); ctx.lineTo(t.at, B); ctx.stroke();
    ctx.fillText(t.label, t.at, B + 15);
  }
  ctx.strokeStyle = INK;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, B); ctx.lineTo(R, B); ctx.stroke();
  ctx.font = `600 ${FONT}`;
  ctx.fillStyle = INK;
  if (opts.xTitle) ctx.fillText(opts.xTitle, (L + R) / 2, h - 6);
  if (opts.yTitle) {
    ctx.save();
    ctx.translate(13, (T + B) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(opts.yTitle + (opts.yLog ? ' (log scale)' : ''), 0, 0);
    ctx.restore();
  }
  if (!ys.some(Number.isFinite) && opts.empty) {
    ctx.font = `13px system-ui, "DejaVu Sans", sans-serif`;
    ctx.fillStyle = MUTED;
    wrapped(ctx, opts.empty, (L + R) / 2, (T + B) / 2, R - L - 16);
  }
  ctx.save();
  ctx.beginPath(); ctx.rect(L, T - 2, R - L + 2, B - T + 2); ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.globalAlpha = s.alpha ?? 1;
    ctx.lineWidth = s.width ?? 2;
    ctx.lineJoin = 'round';
    ctx.lineCap = s.dash?.length ? 'butt' : 'round';
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    let pen = false;
    const step = Math.max(1, Math.floor(s.xs.length / 2000));
    const ok = (i) => Number.isFinite(s.ys[i]) && (!opts.yLog || s.ys[i] > 0) && (!opts.xLog || s.xs[i] > 0);
    for (let i = 0; i < s.xs.length; i += step) {
      if (!ok(i)) { pen = false; continue; }
      if (pen) ctx.lineTo(X.px(s.xs[i]), Y.px(s.ys[i])); else ctx.moveTo(X.px(s.xs[i]), Y.px(s.ys[i]));
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (s.dots) {
      for (let i = 0; i < s.xs.length; i++) {
        if (!ok(i)) continue;
        ctx.beginPath(); ctx.arc(X.px(s.xs[i]), Y.px(s.ys[i]), 2.5, 0, 2 * Math.PI); ctx.fill();
      }
    }
    if (s.mark !== undefined && ok(s.mark)) {
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(X.px(s.xs[s.mark]), Y.px(s.ys[s.mark]), 6, 0, 2 * Math.PI); ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }
  for (const s of series) {
    if (!s.marker) continue;
    ctx.fillStyle = s.color;
    const { shape, every = 1, offset = 0 } = s.marker;
    for (let i = offset; i < s.xs.length; i += every) {
      if (Number.isFinite(s.ys[i]) && (!opts.yLog || s.ys[i] > 0)) marker(ctx, shape, X.px(s.xs[i]), Y.px(s.ys[i]));
    }
  }
  ctx.restore();
}

/** A short sample of a series' line (its colour, dash and marker) for a legend. */
export function lineKey(canvas, { color, width = 2.5, dash = [], shape }) {
  const { ctx, w, h } = setup(canvas);
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath(); ctx.moveTo(1, h / 2); ctx.lineTo(w - 1, h / 2); ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  if (shape) marker(ctx, shape, w / 2, h / 2, Math.min(4.5, h / 2 - 1));
}

/** Text in the middle of a cleared canvas: what will appear there, before it does. */
export function placeholder(canvas, text, height = keepAspect) {
  const { ctx, w, h } = setup(canvas, height);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#f5f7fa';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = MUTED;
  ctx.font = '13px system-ui, "DejaVu Sans", sans-serif';
  ctx.textAlign = 'center';
  wrapped(ctx, text, w / 2, h / 2, w - 24);
}

/** Centred text at x, y, wrapped on spaces to the width given. */
function wrapped(ctx, text, x, y, width) {
  const lines = [''];
  for (const word of text.split(' ')) {
    const next = lines.at(-1) ? `${lines.at(-1)} ${word}` : word;
    if (ctx.measureText(next).width > width && lines.at(-1)) lines.push(word); else lines[lines.length - 1] = next;
  }
  ctx.textAlign = 'center';
  lines.forEach((line, i) => ctx.fillText(line, x, y + (i - (lines.length - 1) / 2) * 18 + 4));
}

/** A steps × steps row-major grid (row 0 at the bottom) as a viridis heatmap with W marked at the centre. */
export function heatmap(canvas, losses, steps) {
  const { ctx, w, h } = setup(canvas);
  let lo = Infinity, hi = -Infinity;
  for (const v of losses) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const img = new ImageData(steps, steps);
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      // a square root spreads the colours near the minimum, where the eye looks
      const c = viridis(Math.sqrt((losses[i * steps + j] - lo) / (hi - lo || 1)));
      const p = ((steps - 1 - i) * steps + j) * 4;
      img.data.set([c[0], c[1], c[2], 255], p);
    }
  }
  const off = new OffscreenCanvas(steps, steps);
  off.getContext('2d').putImageData(img, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const side = Math.min(w - 64, h - 18);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, side, side);
  ctx.fillStyle = '#fff';
  ctx.beginPath(); ctx.arc(side / 2, side / 2, 4, 0, 2 * Math.PI); ctx.fill();
  for (let k = 0; k < 40; k++) {
    const c = viridis(Math.sqrt(1 - k / 40));
    ctx.fillStyle = `rgb(${c})`;
    ctx.fillRect(side + 12, (k * side) / 40, 12, side / 40 + 1);
  }
  ctx.fillStyle = MUTED;
  ctx.font = FONT;
  ctx.textAlign = 'left';
  ctx.fillText(fmt(hi), side + 28, 10);
  ctx.fillText(fmt(lo), side + 28, side - 2);
  ctx.fillText('loss', side + 28, side / 2 + 4);
  ctx.textAlign = 'center';
  ctx.fillText('a (direction 1) →', side / 2, side + 14);
}

/** RGBA images ({ width, height, data }) in a grid as wide as the canvas allows (cells of 48 px at least), with labels. */
export function templates(canvas, images, labels) {
  const n = Math.max(1, images.length), gap = 10;
  const layout = (w) => {
    const fit = Math.max(1, Math.min(n, Math.floor((w + gap) / (48 + gap)))), rows = Math.ceil(n / fit);
    const cols = Math.ceil(n / rows); // rows as even as they can be: 5 + 5, not 6 + 4
    const cell = Math.min(110, (w - gap * (cols - 1)) / cols);
    return { cols, cell, rows: Math.ceil(n / cols) };
  };
  const { ctx, w } = setup(canvas, (w) => {
    const { cell, rows } = layout(w);
    return Math.round(rows * (cell + 22));
  });
  const { cols, cell } = layout(w);
  ctx.clearRect(0, 0, w, canvas.height);
  // small images (8×8 digits) read better smoothed; larger ones keep sharp pixels
  ctx.imageSmoothingEnabled = images[0]?.width <= 16;
  ctx.font = '12px system-ui, "DejaVu Sans", sans-serif';
  ctx.textAlign = 'center';
  images.forEach((im, c) => {
    const off = new OffscreenCanvas(im.width, im.height);
    off.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(im.data), im.width, im.height), 0, 0);
    const x = (c % cols) * (cell + gap), y = Math.floor(c / cols) * (cell + 22), ih = (cell * im.height) / im.width;
    ctx.drawImage(off, x, y, cell, ih);
    ctx.fillStyle = MUTED;
    ctx.fillText(labels?.[c] ?? String(c), x + cell / 2, y + ih + 15);
  });
}

/** A grey image (values 0..1, row-major) drawn dark on light, as ink on paper. */
export function greyImage(canvas, pixels, width, height, smooth = width <= 16) {
  const { ctx, w, h } = setup(canvas);
  const img = new ImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const v = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[i]))));
    img.data.set([v, v, v, 255], 4 * i);
  }
  const off = new OffscreenCanvas(width, height);
  off.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = smooth;
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(off, 0, 0, w, h);
}

/**
 * One bar per class: probabilities on [0, 1], or scores (probabilities false)
 * from their smallest to their largest. The predicted class is blue (red when
 * `truth` is given and differs), the true one is outlined in green; labels under.
 */
export function bars(canvas, values, { labels, pred, truth, probabilities = true, height = 40 }) {
  const { ctx, w, h } = setup(canvas, () => height);
  ctx.clearRect(0, 0, w, h);
  const C = values.length, gap = 2, bw = (w - gap * (C - 1)) / C, top = 2, bottom = h - 13;
  let lo = 0, hi = 1;
  if (!probabilities) { lo = Math.min(...values); hi = Math.max(...values); if (hi - lo < 1e-9) hi = lo + 1; }
  ctx.font = '10px system-ui, "DejaVu Sans", sans-serif';
  ctx.textAlign = 'center';
  for (let c = 0; c < C; c++) {
    const x = c * (bw + gap), v = (values[c] - lo) / (hi - lo), bh = Math.max(1, v * (bottom - top));
    ctx.fillStyle = '#eef1f5';
    ctx.fillRect(x, top, bw, bottom - top);
    ctx.fillStyle = c === pred ? (truth !== undefined && truth !== pred ? BAD : ACCENT) : '#9aa5b1';
    ctx.fillRect(x, bottom - bh, bw, bh);
    if (c === truth) {
      ctx.strokeStyle = GOOD;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x + 0.75, top + 0.75, bw - 1.5, bottom - top - 1.5);
    }
    ctx.fillStyle = c === pred ? INK : MUTED;
    ctx.fillText(String(labels?.[c] ?? c).slice(0, 1 + Math.floor(bw / 7)), x + bw / 2, h - 2);
  }
}
