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
import { type Key, foldIn, permutation } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { DataError, type Dataset, datasetSize, takeRows } from './dataset.js';

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

/** epochs(n, from = 0)(ds): epochs from … n − 1 over ds, each in the examples' stored order. */
export const epochs =
  (n: number, from = 0) =>
  function* (data: Dataset): Generator<Epoch> {
    if (!Number.isInteger(n) || n < 0) throw new DataError(`epochs: the number of epochs must be a non-negative integer, got ${n}`);
    const order = identityOrder(datasetSize(data));
    for (let epoch = from; epoch < n; epoch++) yield { epoch, data, order };
  };

/** shuffleOrder(key, epoch, n): the order of epoch `epoch`, a permutation drawn from foldIn(key, epoch). */
export const shuffleOrder = (k: Key, epoch: number, n: number): Int32Array => permutation(foldIn(k, epoch), n);

/** shuffle(key)(epochs): the same epochs, each visited in the order shuffleOrder(key, epoch, n). */
export const shuffle = (k: Key) =>
  function* (source: Iterable<Epoch>): Generator<Epoch> {
    for (const e of source) yield { ...e, order: shuffleOrder(k, e.epoch, e.order.length) };
  };

/** The number of batches one epoch of n examples gives. */
export const batchesPerEpoch = (n: number, size: number, dropLast: boolean): number =>
  dropLast ? Math.floor(n / size) : Math.ceil(n / size);

/** The example count a BatchSize stands for, checked against the dataset size. */
export const resolveBatchSize = (size: BatchSize, n: number, dropLast = false): number => {
  const s = size === 'full' ? n : size === 'stochastic' ? 1 : size;
  if (!Number.isInteger(s) || s < 1) throw new DataError(`batches: the batch size must be a positive integer, got ${String(size)}`);
  if (dropLast && s > n) throw new DataError(`batches: a batch size of ${s} with dropLast leaves no batch of ${n} examples`);
  return s;
};

/**
 * batches(size, {dropLast = false, from = 0})(epochs): each epoch's order cut into consecutive batches of
 * `size` examples (the last one smaller unless dropLast), starting at batch `from` of the first epoch.
 */
export const batches = (size: BatchSize, options: { readonly dropLast?: boolean; readonly from?: number } = {}) =>
  function* (source: Iterable<Epoch>): Generator<Batch> {
    const dropLast = options.dropLast ?? false;
    let skip = options.from ?? 0;
    for (const { epoch, data, order } of source) {
      const n = order.length;
      const s = resolveBatchSize(size, n, dropLast);
      const count = batchesPerEpoch(n, s, dropLast);
      for (let index = skip; index < count; index++) {
        const rows = order.subarray(index * s, Math.min(n, (index + 1) * s));
        yield { ...takeRows(data, rows), epoch, index };
      }
      skip = 0;
    }
  };

/** Options of batchStream. */
export interface StreamOptions {
  /** Examples per batch: `'full'` (the whole dataset), `'stochastic'` (1), or a positive integer (required). */
  readonly batchSize: BatchSize;
  /** Epochs in the whole run, an integer ≥ 0: the stream covers epochs fromEpoch … epochs − 1 (required). */
  readonly epochs: number;
  /** Shuffle each epoch with this key (omit for the stored order). */
  readonly key?: Key;
  /** Drop each epoch's last batch when it is smaller than batchSize: ⌊n / size⌋ batches instead of ⌈n / size⌉ (default false). */
  readonly dropLast?: boolean;
  /** Resume at this epoch (default 0). */
  readonly fromEpoch?: number;
  /** Resume at this batch index within fromEpoch; later epochs start at batch 0 (default 0). */
  readonly fromBatch?: number;
}

/** batchStream(ds, options): epochs → (shuffle) → batches in one call. */
export function* batchStream(ds: Dataset, options: StreamOptions): Generator<Batch> {
  const ep = epochs(options.epochs, options.fromEpoch ?? 0)(ds);
  const ordered = options.key === undefined ? ep : shuffle(options.key)(ep);
  const batchOptions = { dropLast: options.dropLast ?? false, from: options.fromBatch ?? 0 };
  yield* batches(options.batchSize, batchOptions)(ordered);
}
