// A figure is a list of simple shapes in pixel coordinates (origin top left);
// svg.ts and png.ts render the same list, so both files show the same picture.
import type { RgbaImage } from '../inspect/pictures.js';

export type Shape =
  | { kind: 'line'; points: number[]; color: string; width: number; opacity?: number }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; opacity?: number }
  | { kind: 'circle'; x: number; y: number; r: number; fill: string; stroke?: string }
  | { kind: 'text'; x: number; y: number; text: string; color: string; anchor: 'start' | 'middle' | 'end'; vertical?: boolean }
  | { kind: 'pixels'; x: number; y: number; w: number; h: number; image: RgbaImage };

export interface Figure {
  width: number;
  height: number;
  background: string;
  shapes: Shape[];
}

/** Text metrics shared by both renderers: 12 px DejaVu Sans, baseline at y. */
export const TEXT_SIZE = 12;

/** '#rrggbb' as [r, g, b]. */
export function rgb(color: string): [number, number, number] {
  const v = parseInt(color.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Viridis at t in [0, 1] (eight stops, linear between): dark blue-violet → yellow. */
export function viridis(t: number): string {
  const stops = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x)), f = x - i;
  const a = rgb(stops[i]), b = rgb(stops[i + 1]);
  return '#' + a.map((v, k) => Math.round(v + (b[k] - v) * f).toString(16).padStart(2, '0')).join('');
}

/** A short label for a number: 0.001 → "0.001", 1e-5 → "1e-5", 12500 → "1.25e4". */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(2).split('e');
  return `${String(Number(m))}e${Number(e)}`;
}
