import {
  evaluate_simd, evaluate_scalar, evaluate_block_simd, evaluate_block_scalar, scratch_floats, BLOCK_ROWS,
} from "../../assembly/index";
import { LOSS_SVM, LOSS_STRUCTURED } from "../../assembly/enums";
import {
  Batch, Pieces, MaxErr, U64, TINY, seed, fixture, allocF32, allocF64, allocI32, free, getF, getI, setI, getD,
  scoreMagnitudes, scoreTolerance, expectSameF64, expectWithin, logLine, lossName,
} from "./helpers";

// evaluate_simd and evaluate_scalar differ only through their scores (bounded by
// scoreTolerance, see gemm.spec.ts):
//   predictions: equal on every row whose top score beats every other score by
//     more than the two scores' tolerances; other rows are "ambiguous";
//   correct: equal up to the number of ambiguous rows;
//   loss: Σ_i L_i with scale 1; Pieces measures each row's δL_i, so
//     |simd − scalar| ≤ Σ_i |δL_i| + 2(n + 2)·2^-53·Σ_i L_i (L_i ≥ 0, f64 sums in blocks).

const lossErr = new MaxErr("evaluate loss max |simd − scalar| / |scalar|");
let ambiguousRows = 0, rowsChecked = 0;

function check(loss: i32, n: i32, D: i32, C: i32): void {
  seed(<u32>(0xe7a + 7919 * D + 104729 * n + 31 * C + 1000003 * loss));
  const bt = new Batch(n, D, C);
  const shape = "evaluate loss=" + lossName(loss) + " " + bt.shape();
  const delta: f32 = 1;
  const S = allocF32(scratch_floats(C));
  const pred1 = allocI32(n), pred2 = allocI32(n), pred3 = allocI32(n), cor = allocI32(4);
  for (let i = 0; i < n; i++) {
    setI(pred1, i, -1);
    setI(pred2, i, -2);
    setI(pred3, i, -3);
  }
  setI(cor, 0, -1);
  setI(cor, 1, -2);
  const L1 = evaluate_scalar(n, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred1, cor, S, loss, delta);
  const L2 = evaluate_simd(n, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred2, cor + 4, S, loss, delta);
  const c1 = getI(cor, 0), c2 = getI(cor, 1);

  const P1 = new Pieces(false, bt, loss, delta, 1), P2 = new Pieces(true, bt, loss, delta, 1);
  const A = allocF64(n * C);
  scoreMagnitudes(bt, A);
  let ambiguous = 0, hits1 = 0;
  for (let i = 0; i < n; i++) {
    // argmax of the scalar scores, first class on ties
    let best = 0;
    for (let c = 1; c < C; c++) if (getF(P1.S, i * C + c) > getF(P1.S, i * C + best)) best = c;
    if (getI(pred1, i) != best) {
      expect<i32>(getI(pred1, i)).toBe(best, "evaluate_scalar prediction is not the argmax of its scores at row " +
        i.toString() + " (" + shape + ")");
    }
    if (best == bt.label(i)) hits1++;
    let clear = true;
    const top: f64 = getF(P1.S, i * C + best), topTol = scoreTolerance(bt.Dp, getD(A, i * C + best));
    for (let c = 0; c < C; c++) {
      if (c == best) continue;
      if (top - <f64>getF(P1.S, i * C + c) <= topTol + scoreTolerance(bt.Dp, getD(A, i * C + c))) clear = false;
    }
    if (clear && getI(pred2, i) != best) {
      expect<i32>(getI(pred2, i)).toBe(best, "evaluate_simd prediction differs at row " + i.toString() +
        ": expected " + best.toString() + ", got " + getI(pred2, i).toString() + " (" + shape + ")");
    }
    if (!clear) ambiguous++;
  }
  ambiguousRows += ambiguous;
  rowsChecked += n;
  expect<i32>(c1).toBe(hits1, "evaluate_scalar correct count (" + shape + ")");
  expect<bool>(abs(c2 - c1) <= ambiguous).toBe(true, "evaluate_simd correct count: expected " + c1.toString() +
    ", got " + c2.toString() + " with " + ambiguous.toString() + " ambiguous rows (" + shape + ")");

  let sumL: f64 = 0, sumDL: f64 = 0;
  for (let i = 0; i < n; i++) {
    sumL += getD(P1.L, i);
    sumDL += Math.abs(getD(P2.L, i) - getD(P1.L, i));
  }
  expectWithin("evaluate_simd loss vs evaluate_scalar", shape, -1, 0, L1, L2, sumDL + 2 * <f64>(n + 2) * U64 * sumL + TINY);
  if (L1 != 0) lossErr.update(Math.abs(L2 - L1) / Math.abs(L1), shape);

  // Without labels: predictions only, loss 0, correct 0. Without pred: the same loss.
  const L3 = evaluate_simd(n, bt.Dp, C, bt.X, bt.idx, 0, 0, bt.W, bt.b, pred3, cor + 8, S, loss, delta);
  expect<f64>(L3).toBe(0, "evaluate_simd without labels returns 0 (" + shape + ")");
  expect<i32>(getI(cor, 2)).toBe(0, "evaluate_simd without labels writes correct = 0 (" + shape + ")");
  for (let i = 0; i < n; i++) {
    if (getI(pred3, i) != getI(pred2, i)) {
      expect<i32>(getI(pred3, i)).toBe(getI(pred2, i), "evaluate_simd prediction without labels at row " +
        i.toString() + " (" + shape + ")");
    }
  }
  const L4 = evaluate_simd(n, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, 0, cor + 12, S, loss, delta);
  expectSameF64("evaluate_simd loss without pred", shape, L2, L4);
  expect<i32>(getI(cor, 3)).toBe(c2, "evaluate_simd correct without pred (" + shape + ")");

  free(A);
  P1.dispose();
  P2.dispose();
  free(S);
  free(pred1);
  free(pred2);
  free(pred3);
  free(cor);
  bt.dispose();
}

const DS: StaticArray<i32> = [1, 2, 3, 4, 5, 7, 8, 12, 16, 37];
const NS: StaticArray<i32> = [1, 3, 5, 16, 37];
const CS: StaticArray<i32> = [2, 3, 10];

describe("evaluate_simd vs evaluate_scalar", () => {
  it("agrees (predictions, correct, loss) for every loss (svm, softmax, ova, structured); D = 1..5, 7, 8, 12, 16, 37; n = 1, 3, 5, 16, 37; C = 2, 3, 10", () => {
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let a = 0; a < DS.length; a++) {
        for (let b = 0; b < NS.length; b++) {
          for (let c = 0; c < CS.length; c++) check(loss, NS[b], DS[a], CS[c]);
        }
      }
    }
  });

  it("agrees for n = 256 (D = 5, 37, 3073)", () => {
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      check(loss, 256, 5, 3);
      check(loss, 256, 37, 10);
      check(loss, 256, 3073, 10);
    }
  });

  it("reports the largest loss error observed", () => {
    logLine(lossErr.report());
    logLine("evaluate rows with an ambiguous argmax: " + ambiguousRows.toString() + " of " + rowsChecked.toString());
  });
});

// evaluate_block_simd and evaluate_block_scalar: rows r0 … r1 − 1 only, with the
// same bounds as above over the block's m = r1 − r0 rows (Pieces blocked from r0
// as the kernels block); pred outside the block is left alone.

const blockLossErr = new MaxErr("evaluate_block loss max |simd − scalar| / |scalar|");
let blockAmbiguous = 0, blockRows = 0;

function checkBlock(loss: i32, n: i32, D: i32, C: i32, r0: i32, r1: i32): void {
  seed(<u32>(0xeb10 + 7919 * D + 104729 * n + 31 * C + 1000003 * loss + 613 * r0 + 17 * r1));
  const bt = new Batch(n, D, C);
  const m = r1 - r0;
  const shape = "evaluate_block loss=" + lossName(loss) + " r0=" + r0.toString() +
    " r1=" + r1.toString() + " " + bt.shape();
  const delta: f32 = 1;
  const S = allocF32(scratch_floats(C));
  const pred1 = allocI32(n), pred2 = allocI32(n), cor = allocI32(2);
  for (let i = 0; i < n; i++) {
    setI(pred1, i, -1);
    setI(pred2, i, -2);
  }
  setI(cor, 0, -1);
  setI(cor, 1, -2);
  const L1 = evaluate_block_scalar(r0, r1, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred1, cor, S, loss, delta);
  const L2 = evaluate_block_simd(r0, r1, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred2, cor + 4, S, loss, delta);
  const c1 = getI(cor, 0), c2 = getI(cor, 1);
  if (r0 == 0 && r1 == n && n <= BLOCK_ROWS) {
    // One block is the whole evaluation: each block kernel equals its twin of evaluate, bit for bit.
    const pred3 = allocI32(n), pred4 = allocI32(n), cor2 = allocI32(2);
    const L3 = evaluate_scalar(n, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred3, cor2, S, loss, delta);
    const L4 = evaluate_simd(n, bt.Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred4, cor2 + 4, S, loss, delta);
    expectSameF64("evaluate_block_scalar loss vs evaluate_scalar", shape, L3, L1);
    expectSameF64("evaluate_block_simd loss vs evaluate_simd", shape, L4, L2);
    expect<i32>(getI(cor2, 0)).toBe(c1, "evaluate_block_scalar correct vs evaluate_scalar (" + shape + ")");
    expect<i32>(getI(cor2, 1)).toBe(c2, "evaluate_block_simd correct vs evaluate_simd (" + shape + ")");
    for (let i = 0; i < n; i++) {
      if (getI(pred3, i) != getI(pred1, i) || getI(pred4, i) != getI(pred2, i)) {
        expect<bool>(false).toBe(true, "evaluate_block prediction vs evaluate at row " + i.toString() + " (" + shape + ")");
      }
    }
    free(pred3);
    free(pred4);
    free(cor2);
  }

  const P1 = new Pieces(false, bt, loss, delta, 1, r0, r1), P2 = new Pieces(true, bt, loss, delta, 1, r0, r1);
  const A = allocF64(n * C);
  scoreMagnitudes(bt, A);
  let ambiguous = 0, hits1 = 0;
  for (let i = 0; i < n; i++) {
    if (i < r0 || i >= r1) {
      if (getI(pred1, i) != -1 || getI(pred2, i) != -2) {
        expect<bool>(false).toBe(true, "evaluate_block wrote pred outside its rows at row " + i.toString() + " (" + shape + ")");
      }
      continue;
    }
    let best = 0;
    for (let c = 1; c < C; c++) if (getF(P1.S, i * C + c) > getF(P1.S, i * C + best)) best = c;
    if (getI(pred1, i) != best) {
      expect<i32>(getI(pred1, i)).toBe(best, "evaluate_block_scalar prediction is not the argmax of its scores at row " +
        i.toString() + " (" + shape + ")");
    }
    if (best == bt.label(i)) hits1++;
    let clear = true;
    const top: f64 = getF(P1.S, i * C + best), topTol = scoreTolerance(bt.Dp, getD(A, i * C + best));
    for (let c = 0; c < C; c++) {
      if (c == best) continue;
      if (top - <f64>getF(P1.S, i * C + c) <= topTol + scoreTolerance(bt.Dp, getD(A, i * C + c))) clear = false;
    }
    if (clear && getI(pred2, i) != best) {
      expect<i32>(getI(pred2, i)).toBe(best, "evaluate_block_simd prediction differs at row " + i.toString() +
        ": expected " + best.toString() + ", got " + getI(pred2, i).toString() + " (" + shape + ")");
    }
    if (!clear) ambiguous++;
  }
  blockAmbiguous += ambiguous;
  blockRows += m;
  expect<i32>(c1).toBe(hits1, "evaluate_block_scalar correct count (" + shape + ")");
  expect<bool>(abs(c2 - c1) <= ambiguous).toBe(true, "evaluate_block_simd correct count: expected " + c1.toString() +
    ", got " + c2.toString() + " with " + ambiguous.toString() + " ambiguous rows (" + shape + ")");

  let sumL: f64 = 0, sumDL: f64 = 0;
  for (let i = r0; i < r1; i++) {
    sumL += getD(P1.L, i);
    sumDL += Math.abs(getD(P2.L, i) - getD(P1.L, i));
  }
  expectWithin("evaluate_block_simd loss vs evaluate_block_scalar", shape, -1, 0, L1, L2, sumDL + 2 * <f64>(m + 2) * U64 * sumL + TINY);
  if (L1 != 0) blockLossErr.update(Math.abs(L2 - L1) / Math.abs(L1), shape);

  free(A);
  P1.dispose();
  P2.dispose();
  free(S);
  free(pred1);
  free(pred2);
  free(cor);
  bt.dispose();
}

describe("evaluate_block_simd vs evaluate_block_scalar", () => {
  it("agrees (predictions, correct, loss) for every loss (svm, softmax, ova, structured); D = 1, 4, 5, 16, 37; n = 37, 100; C = 2, 3, 10; blocks [0, n), [3, n − 2), [5, 26), [7, 7)", () => {
    const BD: StaticArray<i32> = [1, 4, 5, 16, 37];
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let a = 0; a < BD.length; a++) {
        for (let c = 0; c < CS.length; c++) {
          for (let k = 0; k < 2; k++) {
            const n = k == 0 ? 37 : 100;
            checkBlock(loss, n, BD[a], CS[c], 0, n);
            checkBlock(loss, n, BD[a], CS[c], 3, n - 2);
            checkBlock(loss, n, BD[a], CS[c], 5, 26);
            checkBlock(loss, n, BD[a], CS[c], 7, 7);
          }
        }
      }
    }
  });

  it("agrees for the blocks of n = 256 (D = 37, 3073; C = 10)", () => {
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let k = 0; k < 4; k++) checkBlock(loss, 256, 37, 10, 64 * k, 64 * k + 64);
      checkBlock(loss, 256, 3073, 10, 64, 128);
    }
  });

  it("reports the largest loss error observed", () => {
    logLine(blockLossErr.report());
    logLine("evaluate_block rows with an ambiguous argmax: " + blockAmbiguous.toString() + " of " + blockRows.toString());
  });
});

// An unknown loss traps (unreachable) rather than running as the SVM, also
// without labels, where no loss is computed.
describe("evaluate_simd, evaluate_scalar and their block kernels on an unknown enum", () => {
  throws("evaluate_simd traps on loss 4", () => {
    const f = fixture(), bt = f.bt;
    evaluate_simd(f.n, f.Dp, f.C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, f.pred, f.correct, f.S, 4, 1);
  });
  throws("evaluate_simd traps on loss -1 without labels", () => {
    const f = fixture(), bt = f.bt;
    evaluate_simd(f.n, f.Dp, f.C, bt.X, bt.idx, 0, 0, bt.W, bt.b, f.pred, f.correct, f.S, -1, 1);
  });
  throws("evaluate_scalar traps on loss 4", () => {
    const f = fixture(), bt = f.bt;
    evaluate_scalar(f.n, f.Dp, f.C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, f.pred, f.correct, f.S, 4, 1);
  });
  throws("evaluate_block_simd traps on loss 4", () => {
    const f = fixture(), bt = f.bt;
    evaluate_block_simd(3, 17, f.Dp, f.C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, f.pred, f.correct, f.S, 4, 1);
  });
  throws("evaluate_block_scalar traps on loss -1", () => {
    const f = fixture(), bt = f.bt;
    evaluate_block_scalar(3, 17, f.Dp, f.C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, f.pred, f.correct, f.S, -1, 1);
  });
});

// A score W·x + b beyond float32 (+Inf, −Inf, or NaN from Inf − Inf) makes the
// returned total NaN, with labels or without, for both losses, in the kernel
// and its twin, and in the block that holds the row only; scores just below
// the limit leave it finite.
function overflowTotal(simd: bool, loss: i32, labels: bool, x0: f32, x1: f32, w: f32, r0: i32, r1: i32): f64 {
  seed(0x0f10);
  const n = 37, C = 3, bt = new Batch(n, 5, C);
  const row = bt.row(17);
  store<f32>(row, x0);
  store<f32>(row + 4, x1);
  // features 0 and 1 weigh w in class 1's row of W, 0 in the others
  for (let c = 0; c < C; c++) {
    store<f32>(bt.W + (<usize>(c * bt.Dp) << 2), c == 1 ? w : 0);
    store<f32>(bt.W + (<usize>(c * bt.Dp) << 2) + 4, c == 1 ? w : 0);
  }
  const S = allocF32(scratch_floats(C)), pred = allocI32(n), cor = allocI32(1);
  const y = labels ? bt.y : 0;
  const t = r0 < 0
    ? (simd ? evaluate_simd(n, bt.Dp, C, bt.X, bt.idx, y, 0, bt.W, bt.b, pred, cor, S, loss, 1)
      : evaluate_scalar(n, bt.Dp, C, bt.X, bt.idx, y, 0, bt.W, bt.b, pred, cor, S, loss, 1))
    : (simd ? evaluate_block_simd(r0, r1, bt.Dp, C, bt.X, bt.idx, y, 0, bt.W, bt.b, pred, cor, S, loss, 1)
      : evaluate_block_scalar(r0, r1, bt.Dp, C, bt.X, bt.idx, y, 0, bt.W, bt.b, pred, cor, S, loss, 1));
  free(S);
  free(pred);
  free(cor);
  bt.dispose();
  return t;
}

describe("evaluate_simd and evaluate_scalar at float32's limit", () => {
  it("return NaN when a score overflows (+Inf, −Inf, Inf − Inf), finite totals just below", () => {
    for (let loss = LOSS_SVM; loss <= LOSS_STRUCTURED; loss++) {
      for (let s = 0; s < 2; s++) {
        const simd = s == 1;
        for (let l = 0; l < 2; l++) {
          const labels = l == 1;
          const what = (simd ? "simd" : "scalar") + " loss=" + loss.toString() + (labels ? " with labels" : " without labels");
          expect<bool>(isNaN(overflowTotal(simd, loss, labels, 3e38, 0, 2, -1, 0))).toBe(true, what + ": +Inf score");
          expect<bool>(isNaN(overflowTotal(simd, loss, labels, 3e38, 0, -2, -1, 0))).toBe(true, what + ": −Inf score");
          expect<bool>(isNaN(overflowTotal(simd, loss, labels, 3e38, -3e38, 2, -1, 0))).toBe(true, what + ": Inf − Inf");
          expect<bool>(isNaN(overflowTotal(simd, loss, labels, 3e38, 0, 2, 16, 18))).toBe(true, what + ": the block holding the row");
          expect<bool>(isFinite(overflowTotal(simd, loss, labels, 3e38, 0, 2, 18, 37))).toBe(true, what + ": a block without the row");
          expect<bool>(isFinite(overflowTotal(simd, loss, labels, 1e38, 0, 2, -1, 0))).toBe(true, what + ": scores of 2e38");
        }
      }
    }
  });
});
