import {
  scores_nt_simd, step_simd, evaluate_simd, scratch_floats,
} from "../../assembly/index";
import { LOSS_SVM, LOSS_SOFTMAX, LOSS_OVA, LOSS_STRUCTURED, PENALTY_L2 } from "../../assembly/enums";
import {
  Batch, seed, allocF32, allocI32, free, getF, setF, getI, expectSameF32, logLine,
} from "./helpers";

// The bits a seed gives must not depend on how the kernels are blocked or tuned
// for a machine. Two guards:
//
// 1. The forward product's summation order, written out as a scalar reference.
//    Within one call over n rows, each score (i, c) of the first 4·⌊n/4⌋ rows
//    keeps 4 lane sums: lane l adds x[d]·w[d] for d ≡ l (mod 4) in d order,
//    starting from +0; each of the last n mod 4 rows keeps, per 256-float tile
//    along D, its 4-float chunks of even index in one set of lane sums (carried
//    over from the previous tile) and those of odd index in another, added
//    lane by lane at the tile's end. The score is then
//    ((l0 + l1) + (l2 + l3)) + b[c]. scores_nt_simd must equal this bit for bit
//    for every shape (the lane-sum scratch P included).
//
// 2. Pinned hashes (FNV-1a over the output bytes) of step_simd and
//    evaluate_simd on shapes that cross blocks, tiles, remainder rows and odd
//    class counts, written down from the kernels as they were before any tuning:
//    any change to what a seed computes shows here, whatever its cause.

const TILE_FLOATS = 256;

/** The forward product in its pinned per-output summation order (see above). */
function scoresOrderRef(n: i32, Dp: i32, C: i32, X: usize, idx: usize, W: usize, b: usize, S: usize): void {
  const rowBytes = <usize>Dp << 2;
  const full = n & ~3;
  for (let i = 0; i < n; i++) {
    const x = X + <usize>getI(idx, i) * rowBytes;
    for (let c = 0; c < C; c++) {
      const w = W + <usize>c * rowBytes;
      let l0: f32 = 0, l1: f32 = 0, l2: f32 = 0, l3: f32 = 0;
      if (i < full) {
        for (let d = 0; d < Dp; d += 4) {
          l0 = l0 + getF(x, d) * getF(w, d);
          l1 = l1 + getF(x, d + 1) * getF(w, d + 1);
          l2 = l2 + getF(x, d + 2) * getF(w, d + 2);
          l3 = l3 + getF(x, d + 3) * getF(w, d + 3);
        }
      } else {
        for (let t0 = 0; t0 < Dp; t0 += TILE_FLOATS) {
          const t1 = min(t0 + TILE_FLOATS, Dp);
          let e0: f32 = 0, e1: f32 = 0, e2: f32 = 0, e3: f32 = 0;
          let m = 0;
          for (let d = t0; d < t1; d += 4) {
            if ((m & 1) == 0) {
              l0 = l0 + getF(x, d) * getF(w, d);
              l1 = l1 + getF(x, d + 1) * getF(w, d + 1);
              l2 = l2 + getF(x, d + 2) * getF(w, d + 2);
              l3 = l3 + getF(x, d + 3) * getF(w, d + 3);
            } else {
              e0 = e0 + getF(x, d) * getF(w, d);
              e1 = e1 + getF(x, d + 1) * getF(w, d + 1);
              e2 = e2 + getF(x, d + 2) * getF(w, d + 2);
              e3 = e3 + getF(x, d + 3) * getF(w, d + 3);
            }
            m++;
          }
          l0 = l0 + e0;
          l1 = l1 + e1;
          l2 = l2 + e2;
          l3 = l3 + e3;
        }
      }
      setF(S, i * C + c, ((l0 + l1) + (l2 + l3)) + getF(b, c));
    }
  }
}

function checkOrder(n: i32, D: i32, C: i32): void {
  seed(<u32>(0x0bd + 7919 * D + 104729 * n + 31 * C));
  const bt = new Batch(n, D, C);
  const shape = "scores_nt order " + bt.shape();
  const S1 = allocF32(n * C), S2 = allocF32(n * C), P = allocF32(n * C * 4);
  // garbage in the scratch: the kernel must not read it before writing
  for (let k = 0; k < n * C * 4; k++) setF(P, k, 3);
  scoresOrderRef(n, bt.Dp, C, bt.X, bt.idx, bt.W, bt.b, S1);
  scores_nt_simd(n, bt.Dp, C, bt.X, bt.idx, bt.W, bt.b, S2, P);
  expectSameF32("scores_nt_simd vs the pinned summation order", shape, S1, S2, n * C, C);
  free(S1);
  free(S2);
  free(P);
  bt.dispose();
}

// ---- hashes -------------------------------------------------------------------

let hash: u32 = 0x811c9dc5;

function hashBytes(p: usize, bytes: i32): void {
  let h = hash;
  for (let k = 0; k < bytes; k++) h = (h ^ <u32>load<u8>(p + <usize>k)) * 0x01000193;
  hash = h;
}

function hashF64(v: f64): void {
  const p = allocF32(2);
  store<f64>(p, v);
  hashBytes(p, 8);
  free(p);
}

function hex(h: u32): string {
  let s = h.toString(16);
  while (s.length < 8) s = "0" + s;
  return s;
}

/** FNV-1a of step_simd's loss, dW and db, then evaluate_simd's loss, predictions and correct count. */
function stepHash(loss: i32, n: i32, D: i32, C: i32): string {
  seed(<u32>(0xb175 + 7919 * D + 104729 * n + 31 * C + 1000003 * loss));
  const bt = new Batch(n, D, C);
  const Dp = bt.Dp;
  // weights of a trained model's size: scores of order 1, so softmax rows are not all alike
  for (let k = 0; k < C * Dp; k++) setF(bt.W, k, getF(bt.W, k) * 0.05);
  const S = allocF32(scratch_floats(C)), part = allocF32(C * Dp + C);
  const dW = allocF32(C * Dp), db = allocF32(C), pred = allocI32(n), correct = allocI32(1);
  hash = 0x811c9dc5;
  const L = step_simd(n, Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, dW, db, S, part, loss, PENALTY_L2, 1, 1e-3, 0.5);
  hashF64(L);
  hashBytes(dW, C * Dp * 4);
  hashBytes(db, C * 4);
  const E = evaluate_simd(n, Dp, C, bt.X, bt.idx, bt.y, 0, bt.W, bt.b, pred, correct, S, loss, 1);
  hashF64(E);
  hashBytes(pred, n * 4);
  hashBytes(correct, 4);
  free(S);
  free(part);
  free(dW);
  free(db);
  free(pred);
  free(correct);
  bt.dispose();
  return hex(hash);
}

/** FNV-1a of scores_nt_simd called in 64-row pieces over n rows, as the host's scores() calls it. */
function scoresHash(n: i32, D: i32, C: i32): string {
  seed(<u32>(0x5c0e + 7919 * D + 104729 * n + 31 * C));
  const bt = new Batch(n, D, C);
  const S = allocF32(n * C), P = allocF32(64 * C * 4);
  for (let r = 0; r < n; r += 64) {
    scores_nt_simd(min(64, n - r), bt.Dp, C, bt.X, bt.idx + (<usize>r << 2), bt.W, bt.b, S + (<usize>(r * C) << 2), P);
  }
  hash = 0x811c9dc5;
  hashBytes(S, n * C * 4);
  free(S);
  free(P);
  bt.dispose();
  return hex(hash);
}

function expectHash(what: string, got: string, pinned: string): void {
  logLine(what + " " + got);
  expect<string>(got).toBe(pinned, what + ": the bits changed (pinned " + pinned + ", got " + got + ")");
}

describe("scores_nt_simd keeps the pinned per-output summation order", () => {
  it("bit for bit for n = 1..9, 16, 17, 64; D = 1, 4, 5, 37, 256, 257, 300, 513, 1024, 1029; C = 1, 2, 3, 10", () => {
    const ns: StaticArray<i32> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 64];
    const ds: StaticArray<i32> = [1, 4, 5, 37, 256, 257, 300, 513, 1024, 1029];
    const cs: StaticArray<i32> = [1, 2, 3, 10];
    for (let a = 0; a < ns.length; a++) {
      for (let b = 0; b < ds.length; b++) {
        for (let c = 0; c < cs.length; c++) checkOrder(ns[a], ds[b], cs[c]);
      }
    }
  });

  it("bit for bit for D = 3073 (n = 5, 16, 19; C = 2, 10) and D = 784 (n = 13, C = 100)", () => {
    checkOrder(5, 3073, 10);
    checkOrder(16, 3073, 10);
    checkOrder(19, 3073, 2);
    checkOrder(13, 784, 100);
  });
});

describe("pinned bits of the fused step and evaluation", () => {
  it("step_simd and evaluate_simd hashes are unchanged (both losses; blocks, tiles, remainder rows, C = 1, 2, 3, 7, 10, 100)", () => {
    expectHash("softmax n=256 D=3073 C=10", stepHash(LOSS_SOFTMAX, 256, 3073, 10), "bbcd87f6");
    expectHash("svm n=256 D=3073 C=10", stepHash(LOSS_SVM, 256, 3073, 10), "c6b8d41f");
    expectHash("softmax n=1001 D=3073 C=10", stepHash(LOSS_SOFTMAX, 1001, 3073, 10), "7a43bc73");
    expectHash("softmax n=300 D=784 C=2", stepHash(LOSS_SOFTMAX, 300, 784, 2), "5d267b69");
    expectHash("svm n=77 D=784 C=3", stepHash(LOSS_SVM, 77, 784, 3), "577703c6");
    expectHash("softmax n=45 D=64 C=100", stepHash(LOSS_SOFTMAX, 45, 64, 100), "cd7d4061");
    expectHash("softmax n=13 D=5 C=1", stepHash(LOSS_SOFTMAX, 13, 5, 1), "81d7d75d");
    expectHash("svm n=4099 D=37 C=10", stepHash(LOSS_SVM, 4099, 37, 10), "5b18a74b");
    expectHash("svm n=4 D=257 C=7", stepHash(LOSS_SVM, 4, 257, 7), "5e9c11ca");
  });

  it("step_simd and evaluate_simd hashes are unchanged for the one-vs-all and structured hinges (pinned when they were added)", () => {
    expectHash("ova n=256 D=3073 C=10", stepHash(LOSS_OVA, 256, 3073, 10), "f09ded16");
    expectHash("ova n=77 D=784 C=3", stepHash(LOSS_OVA, 77, 784, 3), "a141db1b");
    expectHash("ova n=4099 D=37 C=10", stepHash(LOSS_OVA, 4099, 37, 10), "d3292c47");
    expectHash("structured n=256 D=3073 C=10", stepHash(LOSS_STRUCTURED, 256, 3073, 10), "3961b5c8");
    expectHash("structured n=77 D=784 C=3", stepHash(LOSS_STRUCTURED, 77, 784, 3), "17ac9111");
    expectHash("structured n=4099 D=37 C=10", stepHash(LOSS_STRUCTURED, 4099, 37, 10), "e0ccff21");
    expectHash("structured n=13 D=5 C=1", stepHash(LOSS_STRUCTURED, 13, 5, 1), "0207dee4");
  });

  it("scores_nt_simd hashes (64-row calls) are unchanged", () => {
    expectHash("scores n=1000 D=3073 C=10", scoresHash(1000, 3073, 10), "a096d31d");
    expectHash("scores n=131 D=784 C=2", scoresHash(131, 784, 2), "355d0316");
    expectHash("scores n=67 D=300 C=5", scoresHash(67, 300, 5), "852bdb1a");
  });
});
