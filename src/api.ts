// Everything public except init(), which each entry point (index.ts with the
// module embedded, edge.ts without) defines for itself.
export { LinearClassifier } from './api/classifier.js';
export type { ClassifierOptions } from './model/options.js';
export type { Evaluation } from './model/params.js';
export type { Data, FeatureRows } from './model/data.js';
export type { Label, LabelArray } from './model/labels.js';
export type { LabelsIn, LossAndGradient, PartialFitOptions, Predictions, WeightOptions } from './api/args.js';
export type { TrainData } from './model/data.js';
export type { FitOptions, EpochRecord, EarlyStopping } from './train/options.js';
export type { ClassWeight } from './train/weights.js';
export type { FitProgress, History } from './train/run.js';
export type { Schedule } from './train/schedule.js';
export type { SolverName, SolverOptions, StopReason } from './train/solver.js';
export type { OptimizerName, OptimizerOptions } from './train/optimizers/index.js';
export type { Sampling } from './train/sampler.js';
export { Dataset } from './model/dataset.js';
export type { DatasetOptions, Features, Labels } from './model/dataset.js';
export { LinclassError } from './base/errors.js';
export type { LinclassErrorCode } from './base/errors.js';
export { simdSupported, isInitialized, wasmMemoryBytes } from './runtime/module.js';
export type { WasmSource } from './runtime/module.js';
export type { LossName, PenaltyName } from './runtime/kernels.js';
export { parseCsv, readCsv } from './io/csv.js';
export type { CsvOptions, LabelledData, UnlabelledData } from './io/csv.js';
export { parseIdx, readIdx, readIdxPair } from './io/idx.js';
export { readCifar10 } from './io/cifar.js';
export type { LabelledImages } from './io/images.js';
export type { ByteSource } from './io/bytes.js';
export type { IdxArray } from './io/idx.js';
export { preprocess, meanImage } from './model/preprocess.js';
export type { Preprocessing, PreprocessingInput } from './model/preprocess.js';
export { splitData } from './model/split.js';
export type { SplitOptions } from './model/split.js';
export { MODEL_VERSION } from './model/file.js';
export type { ModelJSON } from './model/file.js';
export { randomSearch, randomLocalSearch, hyperparameterSearch } from './api/search.js';
export type {
  SearchResult, RandomSearchOptions, LocalSearchOptions, HyperparameterRow, HyperparameterSearchOptions, HyperparameterSearchResult,
} from './api/search.js';
export { numericalGradient, gradCheck, relativeError } from './inspect/gradcheck.js';
export type { NumericalGradientOptions, GradCheckOptions, GradCheck, GradCheckEntry, GradCheckVerdict, GradCheckThresholds } from './inspect/gradcheck.js';
export { lossSlice1d, lossSlice2d } from './inspect/landscape.js';
export type { Slice1dOptions, Slice1d, Slice2dOptions, Slice2d } from './inspect/landscape.js';
export { templateImages } from './inspect/pictures.js';
export type { TemplateOptions, RgbaImage } from './inspect/pictures.js';
export { confusionMatrix, classificationReport, topKAccuracy, logLoss } from './inspect/metrics.js';
export type {
  Label as MetricLabel, LabelArray as MetricLabels, ConfusionMatrix, ConfusionMatrixOptions, ClassificationReport, ClassificationReportOptions, ClassMetrics,
  TopKAccuracyOptions, LogLossOptions,
} from './inspect/metrics.js';
export { readOnnx as readONNX } from './model/onnx/read.js';
export type { OnnxReadOptions, OnnxClassifier } from './model/onnx/read.js';
export type { StreamChunk, StreamSource } from './train/feed.js';
export type { StreamFitOptions, StreamEpochRecord, StreamHistory } from './train/stream-options.js';
export { idxChunks, cifar10Chunks, csvChunks } from './io/chunks.js';
export type { RowChunk, ChunkOptions } from './io/chunks.js';
export { meanImageOfChunks } from './model/chunk-mean.js';
