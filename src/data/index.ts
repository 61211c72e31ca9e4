/** data: datasets, parsing CSV and JSON texts through io-ts, pure streams of batches (file loading: gradfold/node). */
export {
  type Dataset,
  type DatasetOptions,
  type SplitOptions,
  DataError,
  dataset,
  datasetSize,
  takeRows,
  trainTestSplit,
} from './dataset.js';
export {
  type Epoch,
  type Batch,
  type BatchSize,
  type StreamOptions,
  type BatchesOptions,
  epochs,
  shuffle,
  shuffleOrder,
  batches,
  batchesPerEpoch,
  batchStream,
} from './stream.js';
export { type CsvColumns, type JsonOptions, parseCsv, parseJson, orThrow } from './load.js';
export { FiniteNumber, FiniteNumberFromString, JsonDataset } from './codecs.js';
