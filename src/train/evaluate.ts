/**
 * Evaluation over a dataset in batches (nothing is differentiated): classification accuracy and the mean loss.
 */
import type { Tensor, TensorLike } from '../core/tensor.js';
import { argmax } from '../ops/argmax.js';
import { type Dataset, datasetSize } from '../data/dataset.js';
import { type Batch, batchStream } from '../data/stream.js';

const inBatches = (ds: Dataset, batchSize: number): Generator<Batch> => batchStream(ds, { batchSize, epochs: 1 });

/**
 * accuracy(predict, ds, {batchSize = 256}) = (1/n) Σᵢ [argmax predict(xᵢ) = yᵢ]: the fraction of examples whose
 * highest score (last axis of predict's output) is at the label.
 * @example
 * const test = dataset(tensor([[1, 0], [0, 1], [1, 1], [0, 2]]), tensor([0, 1, 1, 1]), { classes: 2 });
 * const w = tensor([[2, -1], [-1, 2]]); // scores of the two classes
 * accuracy((x) => matmul(x, w), test) // 0.75 (the tie at [1, 1] goes to class 0)
 */
export const accuracy = (predict: (x: Tensor) => Tensor, ds: Dataset, options: { readonly batchSize?: number } = {}): number => {
  let correct = 0;
  for (const b of inBatches(ds, options.batchSize ?? 256)) {
    const guess = argmax(predict(b.x), -1);
    for (let i = 0; i < guess.data.length; i++) if (guess.data[i] === b.y.data[i]) correct += 1;
  }
  return correct / datasetSize(ds);
};

/**
 * meanLoss(loss, ds, {batchSize = 256}) = Σ_b |b| · loss(b) / n: the mean of a mean-reduced loss over the whole
 * dataset, computed in batches.
 */
export const meanLoss = (loss: (batch: Batch) => TensorLike, ds: Dataset, options: { readonly batchSize?: number } = {}): number => {
  let total = 0;
  for (const b of inBatches(ds, options.batchSize ?? 256)) {
    const l = loss(b);
    total += (typeof l === 'number' ? l : (l.data[0] ?? NaN)) * (b.x.shape[0] ?? 0);
  }
  return total / datasetSize(ds);
};
