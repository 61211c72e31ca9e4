/**
 * Streams of batches as pure generators. An epoch is a view of the dataset with an order of its examples;
 * `shuffle(key)` makes that order a pure function of (key, epoch), so any epoch can be replayed on its own;
 * `batches(size)` cuts each epoch's order into batches. The one-call `batchStream` names the three modes of
 * gradient descent: `'full'` (batch GD), `'stochastic'` (one example per step), or a mini-batch size.
 *
 * @example
 * import { pipe } from 'fp-ts/function';
 * const ds = dataset(tensor([[1], [2], [3], [4]]), tensor([2, 4, 6, 8]));
 * for (const b of pipe(ds, epochs(10), shuffle(key(0)), batches(2))) {
 *   // one step on b.x and b.y (shapes [2, 1] and [2]); b.epoch and b.index say where it is
 * }
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { type Key, foldIn, permutation } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { checkBoolean, checkInteger, checkKey, checkOptions } from './arguments.js';
import { DataError, type Dataset, checkDatasetRecord, datasetSize, gatherRows } from './dataset.js';

/** One epoch: which epoch, the dataset, and the order in which to visit its examples. */
export interface Epoch {
  /** The epoch's number, counting from 0. */
  readonly epoch: number;
  /** The whole dataset. */
  readonly data: Dataset;
  /** The examples' indices in visiting order: 0 … n − 1 as stored, or a permutation after `shuffle`. */
  readonly order: Int32Array;
}

/** One batch: its examples, the epoch and the batch's index within the epoch. */
export interface Batch {
  /** The batch's features, shape [b, …] (the rows of the dataset's x in the epoch's order). */
  readonly x: Tensor;
  /** The batch's labels, shape [b, …]. */
  readonly y: Tensor;
  /** The epoch it belongs to, counting from 0. */
  readonly epoch: number;
  /** Its index within the epoch, counting from 0. */
  readonly index: number;
}

/** How many examples a step sees: all of them, one, or a mini-batch of n. */
export type BatchSize = 'full' | 'stochastic' | number;

const identityOrder = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** checkStreamData(where, ds): ds is a dataset record (see checkDatasetRecord). */
export const checkStreamData = (where: string, ds: Dataset): void => checkDatasetRecord(where, ds);

/** checkBatchSize(where, size): size is 'full', 'stochastic' or a positive integer, else an ArgumentError. */
export const checkBatchSize = (where: string, size: BatchSize): void => {
  if (size === 'full' || size === 'stochastic' || (typeof size === 'number' && Number.isInteger(size) && size >= 1))
    return;
  throw new ArgumentError(
    where,
    `batchSize: expected a positive integer, 'full' or 'stochastic', got ${describeValue(size)}`,
  );
};

/**
 * epochs(n, from = 0)(ds): epochs from … n − 1 over ds, each in the examples' stored order. n and from are
 * integers ≥ 0 (else an ArgumentError at once).
 */
export const epochs = (n: number, from = 0): ((data: Dataset) => Generator<Epoch>) => {
  checkInteger('epochs', 'n', n, 0);
  checkInteger('epochs', 'from', from, 0);
  return function* (data: Dataset): Generator<Epoch> {
    checkStreamData('epochs', data);
    const order = identityOrder(datasetSize(data));
    for (let epoch = from; epoch < n; epoch++) yield { epoch, data, order };
  };
};

/** The epochs of `source`, each checked to be an Epoch (as `epochs` makes) before it is used. */
function* checkEpochs(where: string, source: Iterable<Epoch>): Generator<Epoch> {
  if (typeof source !== 'object' || source === null || !(Symbol.iterator in source)) {
    throw new ArgumentError(where, `expected epochs (e.g. epochs(n)(ds)), got ${describeValue(source)}`);
  }
  for (const e of source) {
    const ok =
      typeof e === 'object' && e !== null && Number.isInteger(e.epoch) && e.epoch >= 0 && e.order instanceof Int32Array;
    if (!ok)
      throw new ArgumentError(
        where,
        `expected an epoch {epoch, data, order} (as epochs(n)(ds) makes), got ${describeValue(e)}`,
      );
    checkDatasetRecord(where, e.data, 'epoch.data');
    if (e.order.length !== datasetSize(e.data))
      throw new ArgumentError(where, `epoch.order has ${e.order.length} indices for ${datasetSize(e.data)} examples`);
    yield e;
  }
}

/** shuffleOrder(key, epoch, n): the order of epoch `epoch`, a permutation drawn from foldIn(key, epoch). */
export const shuffleOrder = (k: Key, epoch: number, n: number): Int32Array => permutation(foldIn(k, epoch), n);

/** shuffle(key)(epochs): the same epochs, each visited in the order shuffleOrder(key, epoch, n). */
export const shuffle = (k: Key): ((source: Iterable<Epoch>) => Generator<Epoch>) => {
  checkKey('shuffle', k);
  return function* (source: Iterable<Epoch>): Generator<Epoch> {
    for (const e of checkEpochs('shuffle', source)) yield { ...e, order: shuffleOrder(k, e.epoch, e.order.length) };
  };
};

/** The number of batches one epoch of n examples gives. */
export const batchesPerEpoch = (n: number, size: number, dropLast: boolean): number => {
  checkInteger('batchesPerEpoch', 'n', n, 0);
  checkInteger('batchesPerEpoch', 'size', size, 1);
  checkBoolean('batchesPerEpoch', 'dropLast', dropLast);
  return dropLast ? Math.floor(n / size) : Math.ceil(n / size);
};

/**
 * resolveBatchSize(where, size, n, dropLast): the example count a BatchSize stands for in a dataset of n
 * examples; an ArgumentError for a size of the wrong kind, a DataError when dropLast leaves no batch.
 */
export const resolveBatchSize = (where: string, size: BatchSize, n: number, dropLast = false): number => {
  checkBatchSize(where, size);
  const s = size === 'full' ? n : size === 'stochastic' ? 1 : size;
  if (dropLast && s > n)
    throw new DataError(`${where}: a batch size of ${s} with dropLast leaves no batch of ${n} examples`);
  return s;
};

/** Options of `batches`. */
export interface BatchesOptions {
  /** Drop each epoch's last batch when it is smaller than the size (default false). */
  readonly dropLast?: boolean;
  /** Start at this batch index of the first epoch, an integer ≥ 0 (default 0). */
  readonly from?: number;
}

const batchesKeys: KeySet<BatchesOptions> = { dropLast: true, from: true };

/**
 * batches(size, {dropLast = false, from = 0})(epochs): each epoch's order cut into consecutive batches of
 * `size` examples (the last one smaller unless dropLast), starting at batch `from` of the first epoch.
 */
export const batches = (
  size: BatchSize,
  options: BatchesOptions = {},
): ((source: Iterable<Epoch>) => Generator<Batch>) => {
  checkBatchSize('batches', size);
  checkOptions('batches', options, batchesKeys);
  checkBoolean('batches', 'dropLast', options.dropLast);
  if (options.from !== undefined) checkInteger('batches', 'from', options.from, 0);
  return function* (source: Iterable<Epoch>): Generator<Batch> {
    const dropLast = options.dropLast ?? false;
    let skip = options.from ?? 0;
    for (const { epoch, data, order } of checkEpochs('batches', source)) {
      const n = order.length;
      const s = resolveBatchSize('batches', size, n, dropLast);
      const count = batchesPerEpoch(n, s, dropLast);
      for (let index = skip; index < count; index++) {
        const rows = order.subarray(index * s, Math.min(n, (index + 1) * s));
        yield { ...gatherRows(data, rows), epoch, index };
      }
      skip = 0;
    }
  };
};

/** Options of batchStream. */
export interface StreamOptions {
  /** Examples per batch: `'full'` (the whole dataset), `'stochastic'` (1), or a positive integer (required). */
  readonly batchSize: BatchSize;
  /** Epochs in the whole run, an integer ≥ 0: the stream covers epochs fromEpoch … epochs − 1 (required). */
  readonly epochs: number;
  /** Shuffle each epoch with this key (omit for the stored order). */
  readonly key?: Key;
  /**
   * Drop each epoch's last batch when it is smaller than batchSize: ⌊n / size⌋ batches instead of ⌈n / size⌉
   * (default false).
   */
  readonly dropLast?: boolean;
  /** Resume at this epoch, an integer ≥ 0 (default 0). */
  readonly fromEpoch?: number;
  /** Resume at this batch index within fromEpoch, an integer ≥ 0; later epochs start at batch 0 (default 0). */
  readonly fromBatch?: number;
}

const streamKeys: KeySet<StreamOptions> = {
  batchSize: true,
  epochs: true,
  key: true,
  dropLast: true,
  fromEpoch: true,
  fromBatch: true,
};

/**
 * batchStream(ds, options): epochs → (shuffle) → batches in one call. The dataset and options are checked at
 * once (an ArgumentError naming the option, a DataError when dropLast leaves no batch).
 */
export const batchStream = (ds: Dataset, options: StreamOptions): Generator<Batch> => {
  const where = 'batchStream';
  checkStreamData(where, ds);
  if (typeof options !== 'object' || options === null)
    throw new ArgumentError(where, `options: expected {batchSize, epochs, …}, got ${describeValue(options)}`);
  checkOptions(where, options, streamKeys);
  checkInteger(where, 'epochs', options.epochs, 0);
  if (options.key !== undefined) checkKey(where, options.key);
  checkBoolean(where, 'dropLast', options.dropLast);
  for (const k of ['fromEpoch', 'fromBatch'] as const)
    if (options[k] !== undefined) checkInteger(where, k, options[k], 0);
  resolveBatchSize(where, options.batchSize, datasetSize(ds), options.dropLast ?? false);
  const ep = epochs(options.epochs, options.fromEpoch ?? 0)(ds);
  const ordered = options.key === undefined ? ep : shuffle(options.key)(ep);
  return batches(options.batchSize, { dropLast: options.dropLast ?? false, from: options.fromBatch ?? 0 })(ordered);
};
