// Seeded pseudo-random numbers with integer math only (never Math.random), so a
// seed gives the same stream in every runtime. xoshiro128** seeded by splitmix32.

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

export class Rng {
  #s = new Uint32Array(4);

  /** seed: an integer in [0, 2^32). */
  constructor(seed: number) {
    let st = seed | 0;
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(st);
      st = next;
      this.#s[i] = out;
    }
  }

  /** The next uint32. */
  nextU32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** An integer uniform in [0, n), n in [1, 2^32], without modulo bias. */
  below(n: number): number {
    const limit = 2 ** 32 - (2 ** 32 % n);
    let r = this.nextU32();
    while (r >= limit) r = this.nextU32();
    return r % n;
  }

  /** Fills `out` with uint32s. */
  fill(out: Uint32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.nextU32();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
