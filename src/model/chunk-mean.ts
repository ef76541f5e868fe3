// The mean image of data read in chunks: what meanImage computes over the
// whole array (float64 sums row by row in order, a float32 result), one chunk
// at a time, so the preprocessing of a stream too large to hold can be fitted
// in one pass before fitStream.
import { LinclassError } from '../base/errors.js';
import { describe } from '../base/validate.js';
import { checkFeatures, checkValues } from '../base/checks.js';

/**
 * The mean of the scaled rows of a stream of { X } chunks, per feature: equal,
 * bit for bit, to meanImage over the rows joined.
 *
 * @example
 * const mean = await meanImageOfChunks(idxChunks(images(), labels()), 784, 1 / 255);
 */
export async function meanImageOfChunks(chunks: AsyncIterable<{ X: ArrayLike<number> }> | Iterable<{ X: ArrayLike<number> }>, D: number, scale = 1): Promise<Float32Array> {
  if (!(Number.isInteger(D) && D >= 1 && D <= 2 ** 24)) {
    throw new LinclassError('INVALID_ARGUMENT', `meanImageOfChunks: D (numFeatures) must be an integer in [1, 16777216]. Got ${describe(D)} instead.`);
  }
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new LinclassError('INVALID_ARGUMENT', `meanImageOfChunks: 'scale' must be a number in (0, Infinity). Got ${describe(scale)} instead.`);
  }
  const sum = new Float64Array(D);
  let N = 0, k = 0;
  for await (const c of chunks) {
    const X = c?.X, n = checkFeatures(X, D, `X of chunk ${k++}`);
    checkValues(X, D, N);
    for (let r = 0, i = 0; r < n; r++) for (let d = 0; d < D; d++, i++) sum[d] += X[i] * scale;
    N += n;
  }
  if (N === 0) throw new LinclassError('INVALID_DATA', 'meanImageOfChunks: the chunks hold no rows.');
  return Float32Array.from(sum, (s) => s / N);
}
