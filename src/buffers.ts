// Typed views on blocks of the module's linear memory. A view detaches when the
// memory grows, so every access goes through `view`, which re-creates it when
// memory.buffer changed. Nothing outside src/ ever sees these views.
import { kernels } from './wasm.js';
import { LinclassError } from './errors.js';

const WASM32_LIMIT = 2 ** 32;

type ViewCtor<V> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): V; BYTES_PER_ELEMENT: number };

/** A block of `length` elements in linear memory; free() returns it to the heap. */
export class WasmBuf<V extends Float32Array | Float64Array | Int32Array | Uint32Array> {
  readonly ptr: number;
  readonly length: number;
  readonly #ctor: ViewCtor<V>;
  #view: V;

  constructor(ctor: ViewCtor<V>, length: number) {
    const bytes = Math.max(16, length * ctor.BYTES_PER_ELEMENT);
    const k = kernels();
    if (bytes > WASM32_LIMIT - k.memory_bytes()) {
      throw new LinclassError('OUT_OF_MEMORY',
        `Cannot allocate ${bytes} bytes: WebAssembly (wasm32) memory is limited to 4 GiB and ${k.memory_bytes()} bytes are in use. Use fewer rows or features.`);
    }
    let ptr: number;
    try {
      ptr = k.alloc(bytes) >>> 0;
    } catch (e) {
      throw new LinclassError('OUT_OF_MEMORY',
        `Cannot allocate ${bytes} bytes of WebAssembly memory (${k.memory_bytes()} bytes in use): ${(e as Error).message}.`);
    }
    this.ptr = ptr;
    this.length = length;
    this.#ctor = ctor;
    this.#view = new ctor(k.memory.buffer as ArrayBuffer, ptr, length);
  }

  /** The live view; valid until the next call that may allocate. */
  get view(): V {
    const buffer = kernels().memory.buffer as ArrayBuffer;
    if (this.#view.buffer !== buffer) this.#view = new this.#ctor(buffer, this.ptr, this.length);
    return this.#view;
  }

  free(): void {
    kernels().free(this.ptr);
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
