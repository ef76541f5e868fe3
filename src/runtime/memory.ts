// Typed views on blocks of the module's linear memory. A view detaches when the
// memory grows, so every access goes through `view`, which re-creates it when
// memory.buffer changed. Nothing outside src/ ever sees these views.
import { kernels, moduleGeneration } from './module.js';
import { LinclassError } from '../base/errors.js';

const WASM32_LIMIT = 2 ** 32;
/** The largest block the module's heap (AssemblyScript's TLSF) hands out: just under 1 GiB. */
const MAX_BLOCK = 2 ** 30 - 64;

/**
 * Throws LinclassError('OUT_OF_MEMORY') unless `bytes` more fit in linear memory
 * (wasm32: 4 GiB in all) with no single block above 1 GiB. Called before
 * allocating, so a request that cannot succeed never grows memory first.
 */
export function checkFits(bytes: number, largest = bytes): void {
  // the host's view of the memory's size, the same on every build
  const used = kernels().memory.buffer.byteLength;
  if (bytes > WASM32_LIMIT - used) {
    throw new LinclassError('OUT_OF_MEMORY',
      `Cannot allocate ${bytes} bytes: WebAssembly (wasm32) memory is limited to 4 GiB and ${used} bytes are in use. Use fewer rows or features.`);
  }
  if (largest > MAX_BLOCK) {
    throw new LinclassError('OUT_OF_MEMORY',
      `Cannot allocate ${largest} bytes in one block: the WebAssembly heap's blocks are limited to 1 GiB. Use fewer rows or features.`);
  }
}

type ViewCtor<V> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): V; BYTES_PER_ELEMENT: number };

/** The error for an object whose memory belonged to a module since shut down or replaced. */
export const moduleGone = (): LinclassError => new LinclassError('DISPOSED',
  'This object was made before linclass was shut down or initialized again, and its WebAssembly memory is gone: create it again after init().');

/**
 * A block of `length` elements in linear memory; free() returns it to the heap.
 * It belongs to the module lifetime it was allocated in: afterwards (shutdown(),
 * a new init()) free() does nothing and stale() is true.
 */
export class WasmBuf<V extends Float32Array | Float64Array | Int32Array | Uint32Array> {
  readonly ptr: number;
  readonly length: number;
  readonly #generation = moduleGeneration();
  readonly #ctor: ViewCtor<V>;
  #view: V;

  constructor(ctor: ViewCtor<V>, length: number) {
    const bytes = Math.max(16, length * ctor.BYTES_PER_ELEMENT);
    const k = kernels();
    checkFits(bytes);
    let ptr: number;
    try {
      ptr = k.alloc(bytes) >>> 0;
    } catch (e) {
      throw new LinclassError('OUT_OF_MEMORY',
        `Cannot allocate ${bytes} bytes of WebAssembly memory (${k.memory.buffer.byteLength} bytes in use): ${(e as Error).message}.`);
    }
    this.ptr = ptr;
    this.length = length;
    this.#ctor = ctor;
    this.#view = new ctor(k.memory.buffer as ArrayBuffer, ptr, length);
  }

  /** True once the module this block was allocated in is gone. */
  get stale(): boolean {
    return this.#generation !== moduleGeneration();
  }

  /** The live view; valid until the next call that may allocate. */
  get view(): V {
    if (this.stale) throw moduleGone();
    const buffer = kernels().memory.buffer as ArrayBuffer;
    if (this.#view.buffer !== buffer) this.#view = new this.#ctor(buffer, this.ptr, this.length);
    return this.#view;
  }

  /** Returns the block to the heap; nothing once its module is gone (the heap went with it). */
  free(): void {
    if (!this.stale) kernels().free(this.ptr);
  }
}

export const f32 = (length: number): WasmBuf<Float32Array> => new WasmBuf(Float32Array, length);
export const i32 = (length: number): WasmBuf<Int32Array> => new WasmBuf(Int32Array, length);
export const u32 = (length: number): WasmBuf<Uint32Array> => new WasmBuf(Uint32Array, length);
export const f64 = (length: number): WasmBuf<Float64Array> => new WasmBuf(Float64Array, length);

/** Frees every buffer given, ignoring nulls. */
export function freeAll(...bufs: (WasmBuf<Float32Array | Float64Array | Int32Array | Uint32Array> | null | undefined)[]): void {
  for (const b of bufs) b?.free();
}

/** D rounded up to a multiple of 4: the row stride of X and W in linear memory. */
export const padded = (d: number): number => (d + 3) & ~3;
