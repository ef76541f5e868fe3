// The public surface of linclass, with the WebAssembly module embedded.
import { instantiateKernels, type WasmSource } from './wasm.js';
import { WASM_BASE64 } from './generated/wasm-base64.js';

export { LinearClassifier } from './classifier.js';
export type { ClassifierOptions, LossAndGradient, Evaluation, Data } from './classifier.js';
export type { FitOptions, FitProgress, History, EpochRecord, EarlyStopping, TrainData } from './train.js';
export type { Schedule } from './schedule.js';
export type { OptimizerName, OptimizerOptions } from './optimizers/index.js';
export type { Sampling } from './sampler.js';
export { Dataset } from './dataset.js';
export type { DatasetOptions, Features, Labels } from './dataset.js';
export { LinclassError } from './errors.js';
export type { LinclassErrorCode } from './errors.js';
export { simdSupported, isInitialized } from './wasm.js';
export type { WasmSource } from './wasm.js';
export type { LossName, PenaltyName } from './enums.js';

function embedded(): Uint8Array {
  const s = atob(WASM_BASE64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Loads the WebAssembly module; call once (and await) before anything else.
 * With no argument it uses the module embedded in this file; it also accepts
 * the `.wasm` bytes, a `Response` from fetch, or a compiled `WebAssembly.Module`
 * (what edge runtimes hand you). Later calls resolve at once. Rejects with
 * LinclassError('NO_SIMD') where WebAssembly SIMD is missing.
 *
 * @example
 * await init();
 * const clf = new LinearClassifier({ numFeatures: 64, numClasses: 10 });
 */
export function init(source?: WasmSource): Promise<void> {
  return instantiateKernels(source ?? embedded());
}
export { parseCsv } from './io/csv.js';
export type { CsvOptions, LabelledData } from './io/csv.js';
export { parseIdx, readIdx } from './io/idx.js';
export type { IdxArray } from './io/idx.js';
export { randomSearch, randomLocalSearch, hyperparameterSearch } from './search.js';
export type {
  SearchResult, RandomSearchOptions, LocalSearchOptions, HyperparameterRow, HyperparameterSearchOptions, HyperparameterSearchResult,
} from './search.js';
