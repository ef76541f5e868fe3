// Everything public except init(), which each entry point (index.ts with the
// module embedded, edge.ts without) defines for itself.
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
export { simdSupported, isInitialized, wasmMemoryBytes } from './wasm.js';
export type { WasmSource } from './wasm.js';
export type { LossName, PenaltyName } from './enums.js';
export { parseCsv, readCsv } from './io/csv.js';
export type { CsvOptions, LabelledData, UnlabelledData } from './io/csv.js';
export { parseIdx, readIdx, readIdxPair } from './io/idx.js';
export { readCifar10 } from './io/cifar.js';
export type { LabelledImages } from './io/images.js';
export type { ByteSource } from './io/bytes.js';
export type { IdxArray } from './io/idx.js';
export { preprocess, meanImage } from './preprocess.js';
export type { Preprocessing, PreprocessingInput } from './preprocess.js';
export { splitData } from './split.js';
export type { SplitOptions } from './split.js';
export { MODEL_VERSION } from './io/model.js';
export type { ModelJSON } from './io/model.js';
export { randomSearch, randomLocalSearch, hyperparameterSearch } from './search.js';
export type {
  SearchResult, RandomSearchOptions, LocalSearchOptions, HyperparameterRow, HyperparameterSearchOptions, HyperparameterSearchResult,
} from './search.js';
export { numericalGradient, gradCheck, relativeError } from './gradcheck.js';
export type { NumericalGradientOptions, GradCheckOptions, GradCheck, GradCheckEntry, GradCheckVerdict } from './gradcheck.js';
export { lossSlice1d, lossSlice2d } from './landscape.js';
export type { Slice1dOptions, Slice1d, Slice2dOptions, Slice2d } from './landscape.js';
export { templateImages } from './pictures.js';
export type { TemplateOptions, RgbaImage } from './pictures.js';
