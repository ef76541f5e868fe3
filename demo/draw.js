// Canvas helpers shared by the page's sections: sharp canvases on high-DPI
// screens, a line chart, a heatmap, colour maps and RGBA templates.

export const CLASS_COLORS = ['#e5484d', '#30a46c', '#3e63dd'];
export const INK = '#1f2933', MUTED = '#616e7c', GRID = '#e4e7eb';

/** Sizes the canvas backing store for the device pixel ratio; returns a context in CSS pixels. */
export function setup(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Number(canvas.getAttribute('width')), h = Number(canvas.getAttribute('height'));
  if (!canvas.dataset.w) {
    canvas.dataset.w = w;
    canvas.dataset.h = h;
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w: Number(canvas.dataset.w), h: Number(canvas.dataset.h) };
}

const VIRIDIS = [[68, 1, 84], [70, 50, 126], [54, 92, 141], [39, 127, 142], [31, 161, 135], [74, 193, 109], [160, 218, 57], [253, 231, 37]];

/** Viridis at t in [0, 1] as [r, g, b]. */
export function viridis(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x)), f = x - i;
  return VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
}

export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(1);
}

function niceTicks(lo, hi, n = 5) {
  const span = hi - lo || 1, raw = span / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= n + 1);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/**
 * Line chart of series [{ xs, ys, color, width, alpha }] with axes from the data
 * (or opts.xMax / opts.yMin / opts.yMax), grid and tick labels.
 */
export function lineChart(canvas, series, opts = {}) {
  const { ctx, w, h } = setup(canvas);
  ctx.clearRect(0, 0, w, h);
  const L = 48, R = w - 12, T = 10, B = h - 26;
  let xMax = opts.xMax ?? 1, yMin = opts.yMin ?? Infinity, yMax = opts.yMax ?? -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.ys.length; i++) {
      if (!Number.isFinite(s.ys[i])) continue;
      if (opts.yMin === undefined) yMin = Math.min(yMin, s.ys[i]);
      if (opts.yMax === undefined) yMax = Math.max(yMax, s.ys[i]);
      if (opts.xMax === undefined) xMax = Math.max(xMax, s.xs[i]);
    }
  }
  if (!Number.isFinite(yMin)) { yMin = 0; yMax = 1; }
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  if (opts.yMax === undefined) yMax += (yMax - yMin) * 0.05;
  const px = (x) => L + (x / xMax) * (R - L), py = (y) => B - ((y - yMin) / (yMax - yMin)) * (B - T);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'right';
  for (const t of niceTicks(yMin, yMax)) {
    ctx.beginPath(); ctx.moveTo(L, py(t)); ctx.lineTo(R, py(t)); ctx.stroke();
    ctx.fillText(fmt(t), L - 6, py(t) + 4);
  }
  ctx.textAlign = 'center';
  for (const t of niceTicks(0, xMax)) {
    ctx.beginPath(); ctx.moveTo(px(t), T); ctx.lineTo(px(t), B); ctx.stroke();
    ctx.fillText(fmt(t), px(t), B + 16);
  }
  ctx.strokeStyle = INK;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, B); ctx.lineTo(R, B); ctx.stroke();
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.globalAlpha = s.alpha ?? 1;
    ctx.lineWidth = s.width ?? 2;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let pen = false;
    const step = Math.max(1, Math.floor(s.xs.length / 1500));
    for (let i = 0; i < s.xs.length; i += step) {
      if (!Number.isFinite(s.ys[i])) { pen = false; continue; }
      const y = Math.min(B, Math.max(T, py(s.ys[i])));
      if (pen) ctx.lineTo(px(s.xs[i]), y); else ctx.moveTo(px(s.xs[i]), y);
      pen = true;
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
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
  const side = Math.min(w - 64, h);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, side, side);
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.beginPath(); ctx.arc(side / 2, side / 2, 4, 0, 2 * Math.PI); ctx.fill();
  for (let k = 0; k < 40; k++) {
    const c = viridis(Math.sqrt(1 - k / 40));
    ctx.fillStyle = `rgb(${c})`;
    ctx.fillRect(side + 12, (k * side) / 40, 12, side / 40 + 1);
  }
  ctx.fillStyle = MUTED;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(fmt(hi), side + 28, 10);
  ctx.fillText(fmt(lo), side + 28, side - 2);
}

/** RGBA images ({ width, height, data }) side by side, scaled up with sharp pixels, with labels. */
export function templates(canvas, images, labels) {
  const { ctx, w, h } = setup(canvas);
  ctx.clearRect(0, 0, w, h);
  const n = images.length, gap = 10, cell = Math.min(h - 20, (w - gap * (n - 1)) / n);
  // small images (8×8 digits) read better smoothed; larger ones keep sharp pixels
  ctx.imageSmoothingEnabled = images[0]?.width <= 16;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  images.forEach((im, c) => {
    const off = new OffscreenCanvas(im.width, im.height);
    off.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(im.data), im.width, im.height), 0, 0);
    const x = c * (cell + gap), ih = (cell * im.height) / im.width;
    ctx.drawImage(off, x, 0, cell, ih);
    ctx.fillStyle = MUTED;
    ctx.fillText(labels?.[c] ?? String(c), x + cell / 2, ih + 15);
  });
}
