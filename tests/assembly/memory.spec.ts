import { alloc, free, first_nonfinite_simd, first_nonfinite_scalar } from "../../assembly/index";
import { seed, uniform, allocF32, getF, setF } from "./helpers";

// first_nonfinite scans 16 floats per vector step and hands the block with the
// first bad value to its scalar loop; positions 0, 15, 16, 17 and the last one
// sit at both ends of a block and on either side of a block boundary.
const COUNTS: StaticArray<i32> = [1, 2, 4, 15, 16, 17, 31, 32, 33, 100];

function label(count: i32, pos: i32, bad: f32): string {
  return "first_nonfinite count=" + count.toString() + " " + bad.toString() + " at " + pos.toString();
}

function checkAt(p: usize, count: i32, pos: i32, bad: f32): void {
  const saved = getF(p, pos);
  setF(p, pos, bad);
  const e = first_nonfinite_scalar(count, p), g = first_nonfinite_simd(count, p);
  expect<i32>(e).toBe(pos, "first_nonfinite_scalar: expected " + pos.toString() + ", got " + e.toString() +
    " (" + label(count, pos, bad) + ")");
  expect<i32>(g).toBe(e, "first_nonfinite_simd: expected " + e.toString() + ", got " + g.toString() +
    " (" + label(count, pos, bad) + ")");
  setF(p, pos, saved);
}

describe("first_nonfinite_simd vs first_nonfinite_scalar", () => {
  it("finds NaN, +Infinity and -Infinity at 0, 15, 16, 17 and the last index", () => {
    for (let a = 0; a < COUNTS.length; a++) {
      const count = COUNTS[a];
      seed(<u32>(0xf1 + count));
      const p = allocF32(count);
      for (let k = 0; k < count; k++) setF(p, k, uniform() * 3.0e38); // large but finite
      const positions: StaticArray<i32> = [0, 15, 16, 17, count - 1];
      for (let b = 0; b < positions.length; b++) {
        const pos = positions[b];
        if (pos >= count) continue;
        checkAt(p, count, pos, NaN);
        checkAt(p, count, pos, Infinity);
        checkAt(p, count, pos, -Infinity);
      }
      free(p);
    }
  });

  it("returns -1 when every value is finite (including ±0, max and subnormals)", () => {
    for (let a = 0; a < COUNTS.length; a++) {
      const count = COUNTS[a];
      const p = allocF32(count);
      const specials: StaticArray<f32> = [0, -0.0, f32.MAX_VALUE, -f32.MAX_VALUE, f32.MIN_VALUE, 1];
      for (let k = 0; k < count; k++) setF(p, k, specials[k % specials.length]);
      const e = first_nonfinite_scalar(count, p), g = first_nonfinite_simd(count, p);
      expect<i32>(e).toBe(-1, "first_nonfinite_scalar on finite values (count=" + count.toString() + ")");
      expect<i32>(g).toBe(-1, "first_nonfinite_simd on finite values (count=" + count.toString() + ")");
      free(p);
    }
  });

  it("reports the first of several bad values, also when a later block is bad too", () => {
    const p = allocF32(64);
    setF(p, 40, NaN);
    setF(p, 21, Infinity);
    setF(p, 5, -Infinity);
    expect<i32>(first_nonfinite_simd(64, p)).toBe(5, "first_nonfinite_simd with bad values at 5, 21, 40");
    setF(p, 5, 0);
    expect<i32>(first_nonfinite_simd(64, p)).toBe(21, "first_nonfinite_simd with bad values at 21, 40");
    setF(p, 21, 0);
    expect<i32>(first_nonfinite_simd(64, p)).toBe(40, "first_nonfinite_simd with a bad value at 40");
    expect<i32>(first_nonfinite_simd(40, p)).toBe(-1, "first_nonfinite_simd must not read past count");
    expect<i32>(first_nonfinite_simd(0, p)).toBe(-1, "first_nonfinite_simd with count 0");
    free(p);
  });

  it("alloc returns zero-filled, 16-byte aligned blocks", () => {
    for (let bytes: usize = 1; bytes < 200; bytes += 13) {
      const p = alloc(bytes);
      expect<usize>(p & 15).toBe(0, "alloc(" + bytes.toString() + ") not 16-byte aligned");
      for (let k: usize = 0; k < bytes; k++) {
        if (load<u8>(p + k) != 0) expect<u8>(load<u8>(p + k)).toBe(0, "alloc(" + bytes.toString() + ") byte " + k.toString());
      }
      memory.fill(p, 0xff, bytes); // dirty it so the next block reusing it must be cleared
      free(p);
    }
  });
});
