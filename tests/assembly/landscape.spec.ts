import {
  landscape_simd, landscape_scalar, evaluate_simd, evaluate_scalar, penalty_simd, penalty_scalar, scratch_floats,
} from "../../assembly/index";
import { LOSS_SVM, LOSS_SOFTMAX, LOSS_STRUCTURED, PENALTY_NONE, PENALTY_ELASTICNET } from "../../assembly/enums";
import {
  Batch, seed, uniform, fixture, allocF32, allocF64, free, getF, setF, getD, setD, fillUniform, expectSameF32, expectSameF64, lossName,
} from "./helpers";

// landscape_* forms each point's weights Wt = f32((W + a·W1) + b·W2) in f64 and
// then calls the evaluation and penalty kernels of its own ISA. So for every point
// the result must equal, bit for bit, evaluate_<isa>(Wt)/n + penalty_<isa>(Wt) with
// Wt formed here by the scalar formula: that checks the SIMD combination exactly,
// and the agreement of the two ISAs follows from eval.spec.ts and penalty.spec.ts.

/** A C×Dp direction with values in [-1, 1) and zero pad columns. */
function direction(C: i32, D: i32, Dp: i32): usize {
  const p = allocF32(C * Dp);
  for (let c = 0; c < C; c++) fillUniform(p + (<usize>(c * Dp) << 2), D, 1, 0);
  return p;
}

function combineRef(count: i32, W: usize, W1: usize, W2: usize, a: f64, b: f64, Wt: usize): void {
  for (let k = 0; k < count; k++) {
    let v = <f64>getF(W, k) + a * <f64>getF(W1, k);
    if (W2) v += b * <f64>getF(W2, k);
    setF(Wt, k, <f32>v);
  }
}

function check(loss: i32, penalty: i32, n: i32, D: i32, C: i32, points: i32): void {
  seed(<u32>(0x1a5d + 7919 * D + 104729 * n + 31 * C + 1000003 * loss + 17 * penalty + 3 * points));
  const bt = new Batch(n, D, C);
  const Dp = bt.Dp, size = C * Dp;
  const shape = "landscape loss=" + lossName(loss) + " penalty=" + penalty.toString() +
    " points=" + points.toString() + " " + bt.shape();
  const W1 = direction(C, D, Dp), W2 = direction(C, D, Dp);
  const A = allocF64(points), B = allocF64(points);
  for (let k = 0; k < points; k++) {
    setD(A, k, k == 0 ? 0 : <f64>uniform() * 2);
    setD(B, k, k == 0 ? 0 : <f64>uniform() * 3);
  }
  const S = allocF32(scratch_floats(C)), Wt = allocF32(size), Wref = allocF32(size);
  const outs = allocF64(4 * points);
  const delta: f32 = 1, lambda: f64 = 0.05, beta: f64 = 0.3;
  for (let isa = 0; isa < 2; isa++) {
    for (let dims = 1; dims <= 2; dims++) {
      const out = outs + (<usize>((isa * 2 + dims - 1) * points) << 3);
      const w2: usize = dims == 2 ? W2 : 0, bb: usize = dims == 2 ? B : 0;
      if (isa == 1) landscape_simd(n, Dp, C, points, bt.X, bt.idx, bt.y, bt.W, bt.b, W1, w2, A, bb, out, Wt, S, loss, penalty, delta, lambda, beta);
      else landscape_scalar(n, Dp, C, points, bt.X, bt.idx, bt.y, bt.W, bt.b, W1, w2, A, bb, out, Wt, S, loss, penalty, delta, lambda, beta);
      const what = (isa == 1 ? "landscape_simd" : "landscape_scalar") + " " + dims.toString() + "-D";
      for (let k = 0; k < points; k++) {
        combineRef(size, bt.W, W1, w2, getD(A, k), dims == 2 ? getD(B, k) : 0, Wref);
        const data = isa == 1
          ? evaluate_simd(n, Dp, C, bt.X, bt.idx, bt.y, 0, Wref, bt.b, 0, 0, S, loss, delta)
          : evaluate_scalar(n, Dp, C, bt.X, bt.idx, bt.y, 0, Wref, bt.b, 0, 0, S, loss, delta);
        const reg = isa == 1 ? penalty_simd(size, Wref, 0, penalty, lambda, beta) : penalty_scalar(size, Wref, 0, penalty, lambda, beta);
        expectSameF64(what + " point " + k.toString() + " vs direct evaluation", shape, data / <f64>n + reg, getD(out, k));
      }
      // Wt holds the last point's weights: the same bits as the scalar formula, pads zero.
      expectSameF32(what + " Wt of the last point", shape, Wref, Wt, size, Dp);
    }
  }
  // Point 0 is (0, 0): the loss at W itself, the same in 1-D and 2-D.
  expectSameF64("landscape_scalar 2-D at (0, 0) vs 1-D at 0", shape, getD(outs, 0), getD(outs, points));
  expectSameF64("landscape_simd 2-D at (0, 0) vs 1-D at 0", shape, getD(outs, 2 * points), getD(outs, 3 * points));
  free(W1);
  free(W2);
  free(A);
  free(B);
  free(S);
  free(Wt);
  free(Wref);
  free(outs);
  bt.dispose();
}

const DS: StaticArray<i32> = [1, 2, 3, 4, 5, 7, 8, 12, 16, 37];
const NS: StaticArray<i32> = [1, 5, 16, 37];
const CS: StaticArray<i32> = [2, 3, 10];

describe("landscape_simd and landscape_scalar", () => {
  it("equal direct evaluation at every point, bit for bit (svm, softmax, ova, structured; D = 1..5, 7, 8, 12, 16, 37; n = 1, 5, 16, 37; C = 2, 3, 10)", () => {
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let a = 0; a < DS.length; a++) {
        for (let b = 0; b < NS.length; b++) {
          for (let c = 0; c < CS.length; c++) check(loss, (a + b + c) % 4, NS[b], DS[a], CS[c], 1 + ((a + c) % 5));
        }
      }
    }
  });

  it("equal direct evaluation for every penalty, 9 points, n = 40, D = 64, C = 10", () => {
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let p = PENALTY_NONE; p <= PENALTY_ELASTICNET; p++) check(loss, p, 40, 64, 10, 9);
    }
  });
});

// An unknown loss or penalty traps (unreachable) before any point is computed.
describe("landscape_simd and landscape_scalar on an unknown enum", () => {
  throws("landscape_simd traps on loss 4", () => {
    const f = fixture(), bt = f.bt;
    landscape_simd(f.n, f.Dp, f.C, 2, bt.X, bt.idx, bt.y, bt.W, bt.b, f.W1, f.W2, f.A, f.B, f.out, f.Wt, f.S, 4, PENALTY_NONE, 1, 0.05, 0.3);
  });
  throws("landscape_simd traps on penalty 4", () => {
    const f = fixture(), bt = f.bt;
    landscape_simd(f.n, f.Dp, f.C, 2, bt.X, bt.idx, bt.y, bt.W, bt.b, f.W1, f.W2, f.A, f.B, f.out, f.Wt, f.S, LOSS_SVM, 4, 1, 0.05, 0.3);
  });
  throws("landscape_scalar traps on loss -1", () => {
    const f = fixture(), bt = f.bt;
    landscape_scalar(f.n, f.Dp, f.C, 2, bt.X, bt.idx, bt.y, bt.W, bt.b, f.W1, 0, f.A, 0, f.out, f.Wt, f.S, -1, PENALTY_NONE, 1, 0.05, 0.3);
  });
  throws("landscape_scalar traps on penalty -1", () => {
    const f = fixture(), bt = f.bt;
    landscape_scalar(f.n, f.Dp, f.C, 2, bt.X, bt.idx, bt.y, bt.W, bt.b, f.W1, 0, f.A, 0, f.out, f.Wt, f.S, LOSS_SOFTMAX, -1, 1, 0.05, 0.3);
  });
});
