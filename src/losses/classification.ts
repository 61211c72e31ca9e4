/**
 * Classification losses on logits (unnormalised scores), each the mean over the examples, each stable for
 * logits of ±1000 (finite values and gradients).
 */
import type { IndicesLike } from '../core/indices.ts';
import { toIndices } from '../core/indices.ts';
import { ShapeError, showShape } from '../core/shape.ts';
import type { Tensor, TensorLike } from '../core/tensor.ts';
import { mul, neg, sub } from '../ops/arith.ts';
import { takeAlongAxis } from '../ops/layout.ts';
import { lift1, lift2 } from '../ops/lift.ts';
import { mean } from '../ops/reduce.ts';
import { logSoftmax } from '../ops/softmax.ts';
import { reshape, sum } from '../ops/structural.ts';
import { softplus } from '../ops/unary.ts';
import { sameShape } from './check.ts';

/**
 * softmaxCrossEntropy(logits, labels) = mean_n −log softmax(logits_n)[labels_n], for logits of shape [N, C]
 * (or [C] for one example) and integer labels in [0, C) of shape [N] (or a single label).
 * ∂/∂logits = (softmax(logits) − onehot(labels)) / N.
 * @example softmaxCrossEntropy(tensor([[2, 0], [0, 2]]), [0, 1])
 */
export const softmaxCrossEntropy = (logits: TensorLike, labels: IndicesLike | number): Tensor => {
  const z = lift1(logits);
  if (z.shape.length !== 1 && z.shape.length !== 2) {
    throw new ShapeError('softmaxCrossEntropy', `logits must have shape [N, C] or [C], got ${showShape(z.shape)}`);
  }
  const classes = z.shape[z.shape.length - 1] ?? 0;
  const idx = toIndices('softmaxCrossEntropy', typeof labels === 'number' ? [labels] : labels, classes, false);
  const rows = z.shape.length === 2 ? (z.shape[0] ?? 0) : 1;
  if (idx.data.length !== rows) {
    throw new ShapeError('softmaxCrossEntropy', `${idx.data.length} labels for logits of shape ${showShape(z.shape)}`);
  }
  const logp = logSoftmax(reshape(z, [rows, classes]));
  return neg(mean(takeAlongAxis(logp, { shape: [rows, 1], data: idx.data }, 1)));
};

/**
 * softmaxCrossEntropyOneHot(logits, targets) = mean over leading axes of −Σ_c targets_c · log softmax(logits)_c,
 * for targets of the logits' shape (one-hot rows, or any probability rows: soft labels).
 */
export const softmaxCrossEntropyOneHot = (logits: TensorLike, targets: TensorLike): Tensor => {
  const [z, t] = lift2(logits, targets);
  sameShape('softmaxCrossEntropyOneHot', z, t);
  return neg(mean(sum(mul(t, logSoftmax(z)), { axis: -1 })));
};

/**
 * binaryCrossEntropyWithLogits(logits, targets) = mean(softplus(x) − x·z) = mean(−z·log σ(x) − (1−z)·log(1−σ(x)))
 * for logits x and targets z in [0, 1]. ∂/∂x = (σ(x) − z) / n, exact at x = 0.
 */
export const binaryCrossEntropyWithLogits = (logits: TensorLike, targets: TensorLike): Tensor => {
  const [x, z] = lift2(logits, targets);
  sameShape('binaryCrossEntropyWithLogits', x, z);
  return mean(sub(softplus(x), mul(x, z)));
};
