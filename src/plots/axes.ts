// A plot area with linear or log axes: scales, "nice" ticks, grid, labels, title.
import { formatNumber, type Figure, type Shape } from './figure.js';

export const INK = '#1f2933', GRID = '#e4e7eb', MUTED = '#616e7c';

export interface AxisSpec {
  label: string;
  min: number;
  max: number;
  log?: boolean;
  /** No ticks below this value (room for a special row, such as reg = 0). */
  tickMin?: number;
}

/** Ticks at 1, 2, 5 × 10^k for a linear axis; at whole decades for a log axis. */
export function ticks(a: AxisSpec): number[] {
  if (a.log) {
    const out: number[] = [];
    for (let e = Math.ceil(Math.log10(a.min) - 1e-9); e <= Math.floor(Math.log10(a.max) + 1e-9); e++) out.push(10 ** e);
    return out.filter((t) => t >= (a.tickMin ?? 0));
  }
  const span = a.max - a.min, raw = span / 5, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= 6) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(a.min / step) * step; v <= a.max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** min/max of finite values, padded when flat; for log axes only positive values count. */
export function extent(values: Iterable<number>, log = false): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v) && (!log || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo === Infinity) return log ? [0.1, 10] : [0, 1];
  if (log) return lo === hi ? [lo / 10, hi * 10] : [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

export class Plot {
  readonly fig: Figure;
  readonly left = 72;
  readonly top = 40;
  readonly right: number;
  readonly bottom: number;

  constructor(width: number, height: number, title: string, readonly x: AxisSpec, readonly y: AxisSpec, rightMargin = 24) {
    this.fig = { width, height, background: '#ffffff', shapes: [] };
    this.right = width - rightMargin;
    this.bottom = height - 52;
    this.add({ kind: 'text', x: width / 2, y: 24, text: title, color: INK, anchor: 'middle' });
  }

  add(...s: Shape[]): void {
    this.fig.shapes.push(...s);
  }

  px(v: number): number {
    const { min, max, log } = this.x;
    const t = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
    return this.left + t * (this.right - this.left);
  }

  py(v: number): number {
    const { min, max, log } = this.y;
    const t = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
    return this.bottom - t * (this.bottom - this.top);
  }

  /** Grid lines, tick labels, the frame and the axis labels. */
  axes(): void {
    const { left, right, top, bottom } = this;
    for (const t of ticks(this.x)) {
      const x = this.px(t);
      this.add({ kind: 'line', points: [x, top, x, bottom], color: GRID, width: 1 });
      this.add({ kind: 'text', x, y: bottom + 16, text: formatNumber(t), color: MUTED, anchor: 'middle' });
    }
    for (const t of ticks(this.y)) {
      const y = this.py(t);
      this.add({ kind: 'line', points: [left, y, right, y], color: GRID, width: 1 });
      this.add({ kind: 'text', x: left - 6, y: y + 4, text: formatNumber(t), color: MUTED, anchor: 'end' });
    }
    this.add({ kind: 'line', points: [left, top, left, bottom, right, bottom], color: INK, width: 1 });
    this.add({ kind: 'text', x: (left + right) / 2, y: bottom + 38, text: this.x.label, color: INK, anchor: 'middle' });
    this.add({ kind: 'text', x: 18, y: (top + bottom) / 2, text: this.y.label, color: INK, anchor: 'middle', vertical: true });
  }

  /** A legend box in the top right corner of the plot area. */
  legend(items: { name: string; color: string }[]): void {
    this.add({ kind: 'rect', x: this.right - 128, y: this.top + 2, w: 124, h: items.length * 18 + 6, fill: '#ffffff', opacity: 0.85 });
    items.forEach((it, i) => {
      const y = this.top + 14 + i * 18;
      this.add({ kind: 'line', points: [this.right - 120, y - 4, this.right - 100, y - 4], color: it.color, width: 3 });
      this.add({ kind: 'text', x: this.right - 94, y, text: it.name, color: INK, anchor: 'start' });
    });
  }

  /** A vertical colour bar from lo (bottom) to hi (top) right of the plot area. */
  colorbar(color: (t: number) => string, lo: number, hi: number, label: string): void {
    const x = this.right + 16, h = this.bottom - this.top, n = 64;
    for (let i = 0; i < n; i++) {
      this.add({ kind: 'rect', x, y: this.bottom - ((i + 1) * h) / n, w: 14, h: h / n + 0.5, fill: color((i + 0.5) / n) });
    }
    this.add({ kind: 'text', x: x + 18, y: this.top + 8, text: formatNumber(hi), color: MUTED, anchor: 'start' });
    this.add({ kind: 'text', x: x + 18, y: this.bottom, text: formatNumber(lo), color: MUTED, anchor: 'start' });
    this.add({ kind: 'text', x: x + 18, y: (this.top + this.bottom) / 2 + 4, text: label, color: INK, anchor: 'start' });
  }
}
