/**
 * In-memory datasets: a feature tensor and a label tensor whose first axis counts the examples. Checked when
 * built, so that bad data is refused before any training starts: no examples, features and labels of
 * different lengths, NaN or ±Inf, labels that are not classes in [0, classes).
 */
import { ArgumentError, GradfoldError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { computeGather } from '../core/compute-layout.js';
import { type Key, permutation } from '../core/random.js';
import { ShapeError, showShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { checkInteger, checkKey, checkOptions, checkTensor } from './arguments.js';

/** A dataset: example i is (x[i], y[i]). */
export interface Dataset {
  /** The features, shape [n, …]: example i is x[i]. */
  readonly x: Tensor;
  /** The labels, shape [n, …]: example i's label is y[i]. */
  readonly y: Tensor;
}

/** Raised for data that cannot be trained on; the message says what and where. */
export class DataError extends GradfoldError {
  /**
   * A DataError with `message` (which names the function, and the example, row or column at fault), and the error
   * that caused it if any.
   */
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options);
    this.name = 'DataError';
  }
}

/** Options of `dataset`. */
export interface DatasetOptions {
  /** When the labels are class indices: their number, so each label is checked to be an integer in [0, classes). */
  readonly classes?: number;
}

const datasetKeys: KeySet<DatasetOptions> = { classes: true };

const firstNonFinite = (t: Tensor): number => {
  // A plain loop: `findIndex` with a callback is ~4× slower over the millions of values a dataset holds.
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] ?? 0;
    if (v - v !== 0) return i; // NaN and ±Infinity (v − v is NaN for both)
  }
  return -1;
};

/**
 * dataset(x, y, {classes?}) checks and pairs features and labels: x and y of rank ≥ 1 with the same number of
 * examples n = x.shape[0] = y.shape[0] > 0, every value finite, and with `classes` every label an integer in
 * [0, classes). Throws a DataError saying what is wrong.
 * @example dataset(tensor([[0.1], [0.2]]), tensor([0.2, 0.4]))
 */
export const dataset = (x: Tensor, y: Tensor, options: DatasetOptions = {}): Dataset => {
  checkTensor('dataset', 'x', x);
  checkTensor('dataset', 'y', y);
  checkOptions('dataset', options, datasetKeys);
  if (options.classes !== undefined) checkInteger('dataset', 'classes', options.classes, 1);
  if (x.shape.length === 0 || y.shape.length === 0) {
    throw new DataError(
      `dataset: features and labels need an example axis, got shapes ${showShape(x.shape)} and ${showShape(y.shape)}`,
    );
  }
  const n = x.shape[0] ?? 0;
  if (n === 0) throw new DataError('dataset: the dataset is empty');
  if (y.shape[0] !== n) {
    throw new DataError(
      `dataset: ${n} feature rows (shape ${showShape(x.shape)}) but ${y.shape[0]} labels (shape ${showShape(y.shape)})`,
    );
  }
  for (const [name, t] of [
    ['features', x],
    ['labels', y],
  ] as const) {
    const bad = firstNonFinite(t);
    if (bad >= 0) {
      const row = Math.floor(bad / Math.max(1, t.data.length / n));
      throw new DataError(`dataset: ${name} hold ${t.data[bad]} (not finite) in example ${row}`);
    }
  }
  const { classes } = options;
  if (classes !== undefined) {
    const bad = y.data.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= classes);
    if (bad >= 0)
      throw new DataError(`dataset: label ${y.data[bad]} of example ${bad} is not a class in [0, ${classes})`);
  }
  return { x, y };
};

/**
 * checkDatasetRecord(where, ds, name = 'data'): ds is a dataset record: tensors x and y with an example axis of
 * one length (not the values: `dataset` checks those). Else an ArgumentError (a ShapeError for the axes).
 */
export const checkDatasetRecord = (where: string, ds: Dataset, name = 'data'): void => {
  if (typeof ds !== 'object' || ds === null)
    throw new ArgumentError(where, `${name}: expected a dataset {x, y}, got ${describeValue(ds)}`);
  const x = checkTensor(where, `${name}.x`, ds.x);
  const y = checkTensor(where, `${name}.y`, ds.y);
  if (x.shape.length === 0 || y.shape.length === 0 || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      where,
      `${name}.x of shape ${showShape(x.shape)} and ${name}.y of shape ${showShape(y.shape)} ` +
        'do not share an example axis',
    );
  }
};

/** The number of examples of a checked dataset record. */
const size = (ds: Dataset): number => ds.x.shape[0] ?? 0;

/** datasetSize(ds) = the number of examples, x.shape[0]. */
export const datasetSize = (ds: Dataset): number => {
  checkDatasetRecord('datasetSize', ds, 'ds');
  return size(ds);
};

/** gatherRows(ds, rows): takeRows without the checks, for streams whose rows are valid by construction. */
export const gatherRows = (ds: Dataset, rows: Int32Array): Dataset => {
  const idx = { shape: [rows.length], data: rows };
  return { x: computeGather(ds.x, idx, 0), y: computeGather(ds.y, idx, 0) };
};

/**
 * takeRows(ds, rows): the examples at the given positions, in that order. `rows` is an Int32Array of indices in
 * [0, n) (else an ArgumentError naming the first bad one).
 */
export const takeRows = (ds: Dataset, rows: Int32Array): Dataset => {
  checkDatasetRecord('takeRows', ds, 'ds');
  if (!(rows instanceof Int32Array))
    throw new ArgumentError('takeRows', `rows: expected an Int32Array of row indices, got ${describeValue(rows)}`);
  const n = size(ds);
  const bad = rows.findIndex((r) => r < 0 || r >= n);
  if (bad >= 0)
    throw new ArgumentError('takeRows', `rows[${bad}]: ${rows[bad]} is not a row of a dataset of ${n} examples`);
  return gatherRows(ds, rows);
};

/** Options of `trainTestSplit`. */
export interface SplitOptions {
  /** The share of the examples that go to the test part, in (0, 1) (default 0.2): round(n · testFraction) examples. */
  readonly testFraction?: number;
}

const splitKeys: KeySet<SplitOptions> = { testFraction: true };

/**
 * trainTestSplit(ds, key, {testFraction = 0.2}) = [train, test]: a random partition (a permutation drawn
 * from key) with round(n · testFraction) test examples, both non-empty.
 */
export const trainTestSplit = (ds: Dataset, k: Key, options: SplitOptions = {}): readonly [Dataset, Dataset] => {
  const where = 'trainTestSplit';
  checkDatasetRecord(where, ds, 'ds');
  checkKey(where, k);
  checkOptions(where, options, splitKeys);
  const fraction = options.testFraction ?? 0.2;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new ArgumentError(where, `testFraction: expected a number in (0, 1), got ${describeValue(fraction)}`);
  }
  const n = size(ds);
  const nTest = Math.round(n * fraction);
  if (nTest < 1 || nTest >= n) {
    throw new DataError(`trainTestSplit: a test fraction of ${fraction} of ${n} examples leaves a part empty`);
  }
  const order = permutation(k, n);
  return [gatherRows(ds, order.slice(nTest)), gatherRows(ds, order.slice(0, nTest))];
};
