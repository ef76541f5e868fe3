// A figure rasterized to RGBA and encoded as PNG (pngjs): lines and circles with
// coverage-based anti-aliasing, text from the bitmap glyphs of font.ts.
import pngjs from 'pngjs';
import { rgb, type Figure, type Shape } from './figure.js';
import { FONT_ASCENT, FONT_BITS, FONT_HEIGHT, FONT_WIDTHS } from './font.js';

const glyphBits = Buffer.from(FONT_BITS, 'base64');
const glyphStart: number[] = [];
FONT_WIDTHS.reduce((at, w, i) => ((glyphStart[i] = at), at + w * FONT_HEIGHT), 0);

/** Coverage 0..1 of pixel (x, y) of the glyph for character code c. */
function coverage(c: number, x: number, y: number): number {
  const i = glyphStart[c - 32] + y * FONT_WIDTHS[c - 32] + x;
  const b = glyphBits[i >> 1];
  return ((i & 1 ? b : b >> 4) & 15) / 15;
}

const code = (ch: string): number => {
  const c = ch.charCodeAt(0);
  return c >= 32 && c < 127 ? c : 63; // '?' for anything outside printable ASCII
};

/** Width in pixels of a string in the bitmap font. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += FONT_WIDTHS[code(ch) - 32];
  return w;
}

class Raster {
  readonly data: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.data = new Uint8Array(width * height * 4);
  }

  /** Blends color into pixel (x, y) with weight a in [0, 1]. */
  blend(x: number, y: number, c: [number, number, number], a: number): void {
    if (a <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const p = (y * this.width + x) * 4, d = this.data;
    for (let k = 0; k < 3; k++) d[p + k] = Math.round(d[p + k] + (c[k] - d[p + k]) * Math.min(1, a));
    d[p + 3] = 255;
  }

  rect(x: number, y: number, w: number, h: number, c: [number, number, number], a = 1): void {
    for (let j = Math.round(y); j < Math.round(y + h); j++) for (let i = Math.round(x); i < Math.round(x + w); i++) this.blend(i, j, c, a);
  }

  /** A segment of the given width: each pixel's coverage from its distance to the segment. */
  segment(x0: number, y0: number, x1: number, y1: number, width: number, c: [number, number, number], a: number): void {
    const r = width / 2, dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    for (let y = Math.floor(Math.min(y0, y1) - r - 1); y <= Math.ceil(Math.max(y0, y1) + r + 1); y++) {
      for (let x = Math.floor(Math.min(x0, x1) - r - 1); x <= Math.ceil(Math.max(x0, x1) + r + 1); x++) {
        const px = x + 0.5, py = y + 0.5;
        const t = len2 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
        const d = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
        this.blend(x, y, c, Math.min(1, r + 0.5 - d) * a);
      }
    }
  }

  circle(cx: number, cy: number, r: number, c: [number, number, number], a = 1): void {
    for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++) {
      for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
        this.blend(x, y, c, Math.min(1, r + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)) * a);
      }
    }
  }

  text(s: string, x: number, y: number, c: [number, number, number], anchor: 'start' | 'middle' | 'end', vertical: boolean): void {
    const w = textWidth(s);
    let pen = -(anchor === 'middle' ? w / 2 : anchor === 'end' ? w : 0);
    pen = Math.round(pen);
    for (const ch of s) {
      const k = code(ch), gw = FONT_WIDTHS[k - 32];
      for (let gy = 0; gy < FONT_HEIGHT; gy++) {
        for (let gx = 0; gx < gw; gx++) {
          const a = coverage(k, gx, gy);
          if (!a) continue;
          // along the text: pen + gx; across it: gy − ascent (baseline at y)
          const u = pen + gx, v = gy - FONT_ASCENT;
          if (vertical) this.blend(Math.round(x) + v, Math.round(y) - u, c, a);
          else this.blend(Math.round(x) + u, Math.round(y) + v, c, a);
        }
      }
      pen += gw;
    }
  }
}

function draw(r: Raster, s: Shape): void {
  switch (s.kind) {
    case 'line':
      for (let i = 0; i + 3 < s.points.length; i += 2) {
        r.segment(s.points[i], s.points[i + 1], s.points[i + 2], s.points[i + 3], s.width, rgb(s.color), s.opacity ?? 1);
      }
      break;
    case 'rect': r.rect(s.x, s.y, s.w, s.h, rgb(s.fill), s.opacity ?? 1); break;
    case 'circle':
      if (s.stroke) r.circle(s.x, s.y, s.r + 1, rgb(s.stroke));
      r.circle(s.x, s.y, s.r, rgb(s.fill));
      break;
    case 'text': r.text(s.text, s.x, s.y, rgb(s.color), s.anchor, !!s.vertical); break;
    case 'pixels': {
      const { width, height, data } = s.image;
      for (let y = Math.round(s.y); y < Math.round(s.y + s.h); y++) {
        for (let x = Math.round(s.x); x < Math.round(s.x + s.w); x++) {
          const sx = Math.min(width - 1, Math.floor(((x - s.x) / s.w) * width)), sy = Math.min(height - 1, Math.floor(((y - s.y) / s.h) * height));
          const p = (sy * width + sx) * 4;
          r.blend(x, y, [data[p], data[p + 1], data[p + 2]], data[p + 3] / 255);
        }
      }
    }
  }
}

/** The figure as PNG file bytes. */
export function toPng(fig: Figure): Uint8Array {
  const r = new Raster(fig.width, fig.height);
  r.rect(0, 0, fig.width, fig.height, rgb(fig.background));
  for (const s of fig.shapes) draw(r, s);
  return pngjs.PNG.sync.write({ width: fig.width, height: fig.height, data: Buffer.from(r.data.buffer) } as never);
}
