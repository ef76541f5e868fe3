// Normal variates from the host's integer PRNG output, computed here so every
// runtime gets the same bits (AssemblyScript's Math is its own, not the engine's).

/**
 * out[k] = scale·z_k, z_k ~ N(0, 1) by Box–Muller (cosine branch) from the uint32
 * pair bits[2k], bits[2k+1]: u1 = (bits[2k] + 1)/2^32 ∈ (0, 1], u2 = bits[2k+1]/2^32.
 * Reads 2·count uint32, writes count f32.
 */
export function randn_fill(count: i32, bits: usize, out: usize, scale: f64): void {
  const inv: f64 = 1.0 / 4294967296.0;
  for (let k = 0; k < count; k++) {
    const u1 = (<f64>load<u32>(bits + (<usize>k << 3)) + 1) * inv;
    const u2 = <f64>load<u32>(bits + (<usize>k << 3), 4) * inv;
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    store<f32>(out + (<usize>k << 2), <f32>(scale * z));
  }
}
