/** data: datasets, loading from files through io-ts, and pure streams of batches. */
export { type Dataset, type DatasetOptions, DataError, dataset, datasetSize, takeRows, trainTestSplit } from './dataset.ts';
export {
  type Epoch,
  type Batch,
  type BatchSize,
  type StreamOptions,
  epochs,
  shuffle,
  shuffleOrder,
  batches,
  batchesPerEpoch,
  resolveBatchSize,
  batchStream,
} from './stream.ts';
export { type CsvColumns, parseCsv, parseJson, loadCsv, loadJson, orThrow } from './load.ts';
export { csvBatches } from './read-async.ts';
export { FiniteNumber, FiniteNumberFromString, JsonDataset } from './codecs.ts';
