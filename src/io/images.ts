// What the image readers (IDX, CIFAR-10) return: raw pixels, one row per image.

/** Labelled images as read from their files, before any preprocessing. */
export interface LabelledImages {
  /**
   * N·D values, one row per image: the raw bytes (0–255) for 8-bit files (the
   * usual case), float32 for IDX files of other value types.
   */
  X: Uint8Array | Float32Array;
  /** N integer labels. */
  y: Int32Array;
  /** D, the values per image: the product of `shape`. */
  numFeatures: number;
  /** The shape of one image: [28, 28] for MNIST, [32, 32, 3] (channel-last) for CIFAR-10. */
  shape: number[];
}
