// The figures linclass draws: training curves, the learning-rate × regularization
// search, the loss landscape (line and heatmap), and the class templates.
import type { History } from '../train/run.js';
import type { HyperparameterRow } from '../api/search.js';
import type { Slice1d, Slice2d } from '../inspect/landscape.js';
import type { RgbaImage } from '../inspect/pictures.js';
import { formatNumber, viridis, type Figure } from './figure.js';
import { Plot, extent, INK, MUTED } from './axes.js';

const BLUE = '#2563eb', ORANGE = '#ea580c', PALE = '#93b4f5';
const W = 720, H = 420;

/** x, y pairs as a flat point list, skipping non-finite values; at most ~2000 points (evenly thinned). */
function polyline(p: Plot, xs: ArrayLike<number>, ys: ArrayLike<number>): number[] {
  const step = Math.max(1, Math.floor(xs.length / 2000)), pts: number[] = [];
  for (let i = 0; i < xs.length; i += step) if (Number.isFinite(ys[i])) pts.push(p.px(xs[i]), p.py(ys[i]));
  return pts;
}

/**
 * Loss per step (pale), per-epoch mean loss and, with validation, validation loss
 * against steps. `heldOut` names the set fit measured on in the legend: 'validation'
 * (default), or 'test' when that set is the test set.
 */
export function lossFigure(h: History, heldOut = 'validation'): Figure {
  const steps = Float64Array.from({ length: h.loss.length }, (_, i) => i + 1);
  const per = h.epochs.length ? h.loss.length / h.epochs.length : 1;
  const ex = h.epochs.map((e) => e.epoch * per);
  const ys = [...h.loss, ...h.epochs.map((e) => e.valLoss ?? NaN)];
  const [lo, hi] = extent(ys);
  const p = new Plot(W, H, 'Training loss', { label: 'step', min: 0, max: Math.max(1, steps.length) }, { label: 'loss', min: Math.min(0, lo), max: hi });
  p.axes();
  p.add({ kind: 'line', points: polyline(p, steps, h.loss), color: PALE, width: 1 });
  const legend = [{ name: 'step loss', color: PALE }];
  if (h.epochs.length) {
    p.add({ kind: 'line', points: polyline(p, ex, h.epochs.map((e) => e.loss)), color: BLUE, width: 2.5 });
    legend.push({ name: 'epoch mean', color: BLUE });
  }
  if (h.epochs.some((e) => e.valLoss !== undefined)) {
    p.add({ kind: 'line', points: polyline(p, ex, h.epochs.map((e) => e.valLoss ?? NaN)), color: ORANGE, width: 2.5 });
    legend.push({ name: heldOut, color: ORANGE });
  }
  p.legend(legend);
  return p.fig;
}

/** Train and validation accuracy after each epoch; `heldOut` names the validation set in the legend, as in lossFigure. */
export function accuracyFigure(h: History, heldOut = 'validation'): Figure {
  const ex = h.epochs.map((e) => e.epoch);
  const ys = h.epochs.flatMap((e) => [e.trainAccuracy, e.valAccuracy ?? NaN]);
  const [lo] = extent(ys);
  const p = new Plot(W, H, 'Accuracy', { label: 'epoch', min: ex.length > 1 ? ex[0] : 0, max: Math.max(1, ex.at(-1) ?? 1) },
    { label: 'accuracy', min: Math.max(0, Math.floor(lo * 10) / 10), max: 1 });
  p.axes();
  const legend = [{ name: 'train', color: BLUE }];
  for (const [key, color] of [['trainAccuracy', BLUE], ['valAccuracy', ORANGE]] as const) {
    const y = h.epochs.map((e) => e[key] ?? NaN);
    if (!y.some(Number.isFinite)) continue;
    p.add({ kind: 'line', points: polyline(p, ex, y), color, width: 2.5 });
    ex.forEach((x, i) => Number.isFinite(y[i]) && p.add({ kind: 'circle', x: p.px(x), y: p.py(y[i]), r: 3, fill: color }));
    if (key === 'valAccuracy') legend.push({ name: heldOut, color: ORANGE });
  }
  p.legend(legend);
  return p.fig;
}

/**
 * The search as a scatter: learning rate (x) against regularization (y), both
 * log axes, each model a dot coloured by validation accuracy (viridis; the best
 * ringed); reg = 0 sits on its own row at the bottom, labelled 0.
 */
export function searchFigure(rows: HyperparameterRow[]): Figure {
  // log extents padded by a factor 2.5 so no dot sits on the frame; reg = 0 gets a row a decade below the rest
  const [xlo, xhi] = extent(rows.map((r) => r.learningRate), true), [ylo, yhi] = extent(rows.map((r) => r.reg), true);
  const zero = rows.some((r) => r.reg === 0), zeroAt = ylo / 10;
  const p = new Plot(W, H, 'Validation accuracy by learning rate and regularization',
    { label: 'learning rate', min: xlo / 2.5, max: xhi * 2.5, log: true },
    { label: 'regularization', min: (zero ? zeroAt : ylo) / 2.5, max: yhi * 2.5, log: true, tickMin: zero ? ylo : 0 }, 110);
  p.axes();
  if (zero) p.add({ kind: 'text', x: p.left - 6, y: p.py(zeroAt) + 4, text: '0', color: MUTED, anchor: 'end' });
  const acc = rows.map((r) => r.valAccuracy);
  const [alo, ahi] = extent(acc);
  const best = rows.reduce((b, r, i) => (r.valAccuracy > rows[b].valAccuracy ? i : b), 0);
  rows.forEach((r, i) => {
    const x = p.px(r.learningRate), y = p.py(r.reg === 0 ? zeroAt : r.reg);
    if (r.diverged) {
      p.add({ kind: 'line', points: [x - 5, y - 5, x + 5, y + 5], color: '#b91c1c', width: 2 }, { kind: 'line', points: [x - 5, y + 5, x + 5, y - 5], color: '#b91c1c', width: 2 });
    } else p.add({ kind: 'circle', x, y, r: i === best ? 8 : 6, fill: viridis((r.valAccuracy - alo) / (ahi - alo || 1)), stroke: i === best ? INK : undefined });
  });
  p.colorbar(viridis, alo, ahi, 'val acc');
  return p.fig;
}

/** L(W + a·W1) against a, W marked at a = 0. */
export function landscape1dFigure(s: Slice1d): Figure {
  const [lo, hi] = extent(s.losses);
  const p = new Plot(W, H, 'Loss along a random direction: L(W + a W1)',
    { label: 'a', min: s.alphas[0], max: s.alphas[s.alphas.length - 1] }, { label: 'loss', min: lo - (hi - lo) * 0.05, max: hi + (hi - lo) * 0.05 });
  p.axes();
  p.add({ kind: 'line', points: polyline(p, s.alphas, s.losses), color: BLUE, width: 2.5 });
  const k = s.alphas.findIndex((a) => a === 0);
  if (k >= 0) p.add({ kind: 'circle', x: p.px(0), y: p.py(s.losses[k]), r: 4, fill: ORANGE });
  return p.fig;
}

/** L(W + a·W1 + b·W2) as a heatmap (viridis, low dark), W marked at the centre. */
export function landscape2dFigure(s: Slice2d): Figure {
  const n = s.alphas.length, [lo, hi] = extent(s.losses);
  const p = new Plot(560, 500, 'Loss over a random plane: L(W + a W1 + b W2)',
    { label: 'a', min: s.alphas[0], max: s.alphas[n - 1] }, { label: 'b', min: s.betas[0], max: s.betas[n - 1] }, 110);
  const cw = (p.right - p.left) / n, ch = (p.bottom - p.top) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      p.add({ kind: 'rect', x: p.left + j * cw, y: p.bottom - (i + 1) * ch, w: cw + 0.5, h: ch + 0.5, fill: viridis((s.losses[i * n + j] - lo) / (hi - lo || 1)) });
    }
  }
  p.axes();
  if (n % 2 === 1) p.add({ kind: 'circle', x: p.px(0), y: p.py(0), r: 4, fill: '#ffffff', stroke: INK });
  p.colorbar(viridis, lo, hi, 'loss');
  return p.fig;
}

/** The class templates side by side (up to 10 a row), each labelled. */
export function templatesFigure(images: RgbaImage[], labels?: string[]): Figure {
  const cols = Math.min(10, images.length), rows = Math.ceil(images.length / cols);
  const { width, height } = images[0], cell = Math.max(64, Math.min(112, Math.floor(840 / cols) - 12));
  const ih = Math.round((cell * height) / width);
  const fig: Figure = { width: cols * (cell + 12) + 12, height: rows * (ih + 30) + 44, background: '#ffffff', shapes: [] };
  fig.shapes.push({ kind: 'text', x: fig.width / 2, y: 24, text: 'Learned templates (rows of W)', color: INK, anchor: 'middle' });
  images.forEach((img, c) => {
    const x = 12 + (c % cols) * (cell + 12), y = 40 + Math.floor(c / cols) * (ih + 30);
    fig.shapes.push({ kind: 'pixels', x, y, w: cell, h: ih, image: img });
    fig.shapes.push({ kind: 'text', x: x + cell / 2, y: y + ih + 16, text: labels?.[c] ?? String(c), color: INK, anchor: 'middle' });
  });
  return fig;
}

export { formatNumber };
