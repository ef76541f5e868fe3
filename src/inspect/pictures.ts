// Learned weights as pictures, as in the notes: each row of W (a class template)
// reshaped to the input image, the bias dropped, rescaled to 0–255.
import { LinclassError } from '../base/errors.js';
import { optionMessage, validateOptions, type Rule, type Table } from '../base/validate.js';
import type { LinearClassifier } from '../api/classifier.js';
import { checkClassifier } from './probe.js';

export interface TemplateOptions {
  /** Image width in pixels. Default: √(D / channels) when that is a whole number. */
  width?: number;
  /** Image height in pixels. Default: the width. */
  height?: number;
  /** 1 (grey) or 3 (RGB, channel-last: x = [r, g, b] per pixel, row by row). Default 1. */
  channels?: 1 | 3;
  /** 'all' rescales every template by W's overall min and max (templates compare); 'class' each on its own. Default 'all'. */
  scale?: 'all' | 'class';
}

/** An RGBA image, the shape of the DOM's ImageData: 4 bytes a pixel, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

const SIDE: Rule = { kind: 'number', min: 1, max: 65536, integer: true };
const OPTIONS: Table = {
  width: { kind: 'any' },
  height: { kind: 'any' },
  channels: { kind: 'number', min: 1, max: 3, integer: true, default: 1 },
  scale: { kind: 'enum', values: ['all', 'class'], default: 'all' },
};

/**
 * One RGBA image per class: row c of W reshaped to height × width × channels
 * (channel-last; 8×8 for the digits, 28×28 for Fashion-MNIST, 32×32×3 for
 * CIFAR-10), the bias dropped, mapped linearly so the smallest weight is 0 and
 * the largest 255. Throws LinclassError('INVALID_OPTION') when width·height·channels ≠ D.
 *
 * @example
 * const [zero] = templateImages(clf, { width: 8, height: 8 });
 * ctx.putImageData(new ImageData(zero.data, zero.width, zero.height), 0, 0);
 */
export function templateImages(clf: LinearClassifier, options: TemplateOptions = {}): RgbaImage[] {
  checkClassifier('templateImages', clf);
  const o = validateOptions<Omit<TemplateOptions, 'channels'> & { channels: number; scale: 'all' | 'class' }>('templateImages', OPTIONS, options);
  const D = clf.numFeatures, C = clf.numClasses, ch = o.channels;
  for (const k of ['width', 'height'] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 65536)) throw new LinclassError('INVALID_OPTION', optionMessage('templateImages', k, SIDE, v));
  }
  if (ch === 2) throw new LinclassError('INVALID_OPTION', "The 'channels' option of templateImages must be 1 or 3. Got 2 instead.");
  const width = o.width ?? Math.round(Math.sqrt(D / ch));
  const height = o.height ?? (o.width === undefined ? width : Math.round(D / ch / width));
  if (width * height * ch !== D) {
    throw new LinclassError('INVALID_OPTION',
      `templateImages: width·height·channels must equal numFeatures (${D}). Got ${width}·${height}·${ch} = ${width * height * ch}; give width and height.`);
  }
  const W = clf.coef;
  const range = (from: number, to: number): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (let i = from; i < to; i++) { lo = Math.min(lo, W[i]); hi = Math.max(hi, W[i]); }
    return [lo, hi];
  };
  const all = range(0, C * D);
  const images: RgbaImage[] = [];
  for (let c = 0; c < C; c++) {
    const [lo, hi] = o.scale === 'all' ? all : range(c * D, (c + 1) * D);
    const k = hi > lo ? 255 / (hi - lo) : 0;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      for (let j = 0; j < 3; j++) {
        const w = W[c * D + p * ch + (ch === 3 ? j : 0)];
        data[p * 4 + j] = k ? Math.round((w - lo) * k) : 128;
      }
      data[p * 4 + 3] = 255;
    }
    images.push({ width, height, data });
  }
  return images;
}
