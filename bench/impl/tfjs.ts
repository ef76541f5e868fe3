// TensorFlow.js 4.22: the same loss+gradient with tensor ops (the analytic
// gradient written out, as the numpy side does), on the 'wasm' or 'cpu' backend.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export async function useBackend(name: 'wasm' | 'cpu'): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

export interface TfData { X: tf.Tensor2D; y: tf.Tensor1D; N: number; C: number }

export function tfData(X: Float32Array, y: Int32Array, N: number, D: number, C: number): TfData {
  return { X: tf.tensor2d(X, [N, D]), y: tf.tensor1d(y, 'int32'), N, C };
}

/** Loss and dW (D×C) for rows idx; returns the loss (reads back, so the work is done). */
export function tfLossGrad(loss: 'softmax' | 'svm', d: TfData, idx: Int32Array | null, W: tf.Tensor2D, reg: number): number {
  const out = tf.tidy(() => {
    const Xb = idx ? tf.gather(d.X, tf.tensor1d(idx, 'int32')) : d.X;
    const yb = idx ? tf.gather(d.y, tf.tensor1d(idx, 'int32')) : d.y;
    const n = Xb.shape[0];
    const S = tf.matMul(Xb, W);
    const onehot = tf.oneHot(yb, d.C).toFloat();
    let G: tf.Tensor2D, data: tf.Scalar;
    if (loss === 'softmax') {
      const P = tf.softmax(S);
      data = tf.neg(tf.mean(tf.log(tf.sum(tf.mul(P, onehot), 1)))) as tf.Scalar;
      G = tf.sub(P, onehot);
    } else {
      const sy = tf.sum(tf.mul(S, onehot), 1, true);
      const M = tf.mul(tf.relu(tf.add(tf.sub(S, sy), 1)), tf.sub(1, onehot));
      data = tf.div(tf.sum(M), n) as tf.Scalar;
      const pos = tf.cast(tf.greater(M, 0), 'float32');
      G = tf.sub(pos, tf.mul(onehot, tf.sum(pos, 1, true)));
    }
    const dW = tf.add(tf.div(tf.matMul(Xb, G, true, false), n), tf.mul(W, 2 * reg));
    return tf.stack([tf.add(data, tf.mul(reg, tf.sum(tf.square(W)))), tf.sum(dW)]);
  });
  const v = out.dataSync()[0];
  out.dispose();
  return v;
}

export { tf };
