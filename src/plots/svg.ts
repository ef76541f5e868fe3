// A figure as SVG text (no dependencies): lines as polylines, pixels as rects.
import { TEXT_SIZE, type Figure, type Shape } from './figure.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => String(Math.round(v * 100) / 100);

function shape(s: Shape): string {
  switch (s.kind) {
    case 'line': {
      const pts: string[] = [];
      for (let i = 0; i + 1 < s.points.length; i += 2) pts.push(`${n(s.points[i])},${n(s.points[i + 1])}`);
      return `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linejoin="round"${s.opacity !== undefined ? ` stroke-opacity="${s.opacity}"` : ''}/>`;
    }
    case 'rect':
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill}"${s.opacity !== undefined ? ` fill-opacity="${s.opacity}"` : ''}/>`;
    case 'circle':
      return `<circle cx="${n(s.x)}" cy="${n(s.y)}" r="${n(s.r)}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}"` : ''}/>`;
    case 'text': {
      const rot = s.vertical ? ` transform="rotate(-90 ${n(s.x)} ${n(s.y)})"` : '';
      return `<text x="${n(s.x)}" y="${n(s.y)}" fill="${s.color}" text-anchor="${s.anchor}"${rot}>${esc(s.text)}</text>`;
    }
    case 'pixels': {
      const { width, height, data } = s.image, cw = s.w / width, ch = s.h / height;
      const out: string[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const p = (y * width + x) * 4;
          const hex = '#' + [data[p], data[p + 1], data[p + 2]].map((v) => v.toString(16).padStart(2, '0')).join('');
          out.push(`<rect x="${n(s.x + x * cw)}" y="${n(s.y + y * ch)}" width="${n(cw + 0.02)}" height="${n(ch + 0.02)}" fill="${hex}"/>`);
        }
      }
      return `<g shape-rendering="crispEdges">${out.join('')}</g>`;
    }
  }
}

/** The figure as a standalone SVG document. */
export function toSvg(fig: Figure): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${fig.width}" height="${fig.height}" viewBox="0 0 ${fig.width} ${fig.height}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="${TEXT_SIZE}">\n` +
    `<rect width="100%" height="100%" fill="${fig.background}"/>\n${fig.shapes.map(shape).join('\n')}\n</svg>\n`;
}
