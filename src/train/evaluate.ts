/**
 * Evaluation over a dataset in batches (nothing is differentiated): classification accuracy and the mean loss.
 * Outputs of a shape that cannot mean what is asked (per-example losses to a mean, scores that do not line up
 * with the labels) are refused with a ShapeError instead of giving a number.
 */
import { elementAt } from '../core/invariant.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import { ShapeError, showShape, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, isTensor } from '../core/tensor.js';
import { argmax } from '../ops/argmax.js';
import { checkFunction, checkInteger, checkOptions } from '../data/arguments.js';
import { DataError, type Dataset, datasetSize } from '../data/dataset.js';
import { type Batch, batchStream, checkStreamData } from '../data/stream.js';

/** Options of `accuracy` and `meanLoss`. */
export interface EvaluateOptions {
  /** Examples per forward pass, a positive integer (default 256); the result does not depend on it. */
  readonly batchSize?: number;
}

const evaluateKeys: KeySet<EvaluateOptions> = { batchSize: true };

/** The checked arguments of an evaluation, and its batches in stored order. */
const inBatches = (where: string, fn: unknown, ds: Dataset, options: EvaluateOptions): Generator<Batch> => {
  checkFunction(where, where === 'accuracy' ? 'predict' : 'loss', fn);
  checkStreamData(where, ds);
  checkOptions(where, options, evaluateKeys);
  const batchSize = checkInteger(where, 'batchSize', options.batchSize ?? 256, 1);
  return batchStream(ds, { batchSize, epochs: 1 });
};

/**
 * accuracy(predict, ds, {batchSize = 256}): the fraction of examples predicted right, (1/n) Σᵢ [ŷᵢ = yᵢ], where
 * the labels y are class indices (shape [n] or [n, 1]) and predict(x) gives, for a batch of m examples,
 * - scores of shape [m, k], k ≥ 2: ŷᵢ = argmax of row i (the first on ties), each label an integer in [0, k);
 * - one logit per example, shape [m] or [m, 1] (a binary classifier, as `binaryCrossEntropyWithLogits` trains):
 *   ŷᵢ = 1 when the logit is > 0, else 0 (a NaN logit is never right), each label 0 or 1.
 * Other shapes are a ShapeError, labels outside the classes a DataError.
 * @example
 * const test = dataset(tensor([[1, 0], [0, 1], [1, 1], [0, 2]]), tensor([0, 1, 1, 1]), { classes: 2 });
 * const w = tensor([[2, -1], [-1, 2]]); // scores of the two classes
 * accuracy((x) => matmul(x, w), test) // 0.75 (the tie at [1, 1] goes to class 0)
 */
export const accuracy = (predict: (x: Tensor) => Tensor, ds: Dataset, options: EvaluateOptions = {}): number => {
  const batches = inBatches('accuracy', predict, ds, options);
  const y = ds.y.shape;
  if (!(y.length === 1 || (y.length === 2 && y[1] === 1))) {
    throw new ShapeError(
      'accuracy',
      `labels of shape ${showShape(y)}: expected class indices of shape [n] or [n, 1] ` +
        '(for one-hot labels pass argmax(y, { axis: -1 }))',
    );
  }
  let correct = 0;
  let offset = 0;
  for (const b of batches) {
    const m = b.x.shape[0] ?? 0;
    const out: unknown = predict(b.x);
    if (!isTensor(out)) throw new ArgumentError('accuracy', `predict returned ${describeValue(out)}, not a tensor`);
    const s = out.shape;
    const binary = (s.length === 1 && s[0] === m) || (s.length === 2 && s[0] === m && s[1] === 1);
    const classes = s.length === 2 && s[0] === m && (s[1] ?? 0) >= 2 ? (s[1] ?? 0) : 0;
    if (!binary && classes === 0) {
      throw new ShapeError(
        'accuracy',
        `predict returned shape ${showShape(s)} for a batch of ${m} examples: ` +
          `expected scores [${m}, classes] or one logit per example ([${m}] or [${m}, 1])`,
      );
    }
    const guess = binary ? undefined : argmax(out, { axis: -1 }).data;
    for (let i = 0; i < m; i++) {
      const label = elementAt(b.y.data, i);
      const k = binary ? 2 : classes;
      if (!(Number.isInteger(label) && label >= 0 && label < k)) {
        throw new DataError(
          `accuracy: label ${label} of example ${offset + i} is not ` +
            (binary ? '0 or 1 (predict gives one logit per example)' : `a class in [0, ${k})`),
        );
      }
      const logit = elementAt(out.data, i);
      const predicted = guess === undefined ? (logit > 0 ? 1 : logit <= 0 ? 0 : NaN) : guess[i];
      if (predicted === label) correct += 1;
    }
    offset += m;
  }
  return correct / datasetSize(ds);
};

/**
 * meanLoss(loss, ds, {batchSize = 256}) = Σ_b |b| · loss(b) / n: the mean of a mean-reduced loss over the whole
 * dataset, computed in batches. The loss must return a number or a one-element tensor (per-example losses are a
 * ShapeError: reduce them with `mean`).
 */
export const meanLoss = (loss: (batch: Batch) => TensorLike, ds: Dataset, options: EvaluateOptions = {}): number => {
  let total = 0;
  for (const b of inBatches('meanLoss', loss, ds, options)) {
    const l: unknown = loss(b);
    let value: number;
    if (typeof l === 'number') value = l;
    else if (isTensor(l) && sizeOf(l.shape) === 1) value = elementAt(l.data, 0);
    else if (isTensor(l))
      throw new ShapeError(
        'meanLoss',
        `the loss returned shape ${showShape(l.shape)} for a batch of ${b.x.shape[0]} examples: ` +
          'expected a scalar (reduce it with mean)',
      );
    else throw new ArgumentError('meanLoss', `the loss returned ${describeValue(l)}, not a number or a tensor`);
    total += value * (b.x.shape[0] ?? 0);
  }
  return total / datasetSize(ds);
};
