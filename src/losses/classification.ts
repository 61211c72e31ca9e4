/**
 * Classification losses on logits (unnormalised scores), each the mean over the examples, each stable for
 * logits of ±1000 (finite values and gradients).
 */
import type { IndicesLike } from '../core/indices.js';
import { toIndices } from '../core/indices.js';
import { ShapeError, showShape } from '../core/shape.js';
import { type Tensor, type TensorLike, eye } from '../core/tensor.js';
import { mul, mulNoNan, neg, sub } from '../ops/arith.js';
import { Batched } from '../autodiff/batched.js';
import { mappedIndices, takeAlongWithOperand } from '../ops/gather-indexed.js';
import { gather, takeAlongAxis } from '../ops/layout.js';
import { lift1, lift2 } from '../ops/lift.js';
import { mean } from '../ops/reduce.js';
import { logSoftmax } from '../ops/softmax.js';
import { reshape, sum } from '../ops/structural.js';
import { softplus } from '../ops/unary.js';
import { sameShape } from './check.js';

/**
 * softmaxCrossEntropy(logits, labels) = mean_n −log softmax(logits_n)[labels_n], for logits of shape [N, C]
 * (or [C] for one example) and integer labels in [0, C) of shape [N] (or a single label).
 * ∂/∂logits = (softmax(logits) − onehot(labels)) / N. Inside vmap the labels may be mapped (a tensor of labels,
 * each example its own), and inside jit they may be a traced tensor (one program serves every batch of labels).
 * @example softmaxCrossEntropy(tensor([[2, 0], [0, 2]]), [0, 1])
 */
export const softmaxCrossEntropy = (logits: TensorLike, labels: IndicesLike | number): Tensor => {
  const z = lift1('softmaxCrossEntropy', logits);
  if (z.shape.length !== 1 && z.shape.length !== 2) {
    throw new ShapeError('softmaxCrossEntropy', `logits must have shape [N, C] or [C], got ${showShape(z.shape)}`);
  }
  const classes = z.shape[z.shape.length - 1] ?? 0;
  const rowsOf = z.shape.length === 2 ? (z.shape[0] ?? 0) : 1;
  const mapped = mappedIndices(labels);
  if (mapped !== null && !(mapped instanceof Batched)) {
    // labels traced by jit: the same takeAlongAxis as below, with the labels an operand of the program
    if (mapped.shape.length > 1 || (mapped.shape[0] ?? 1) !== rowsOf) {
      throw new ShapeError('softmaxCrossEntropy', `labels of shape ${showShape(mapped.shape)} for logits of shape ${showShape(z.shape)}`);
    }
    const logp = logSoftmax(reshape(z, [rowsOf, classes]));
    return neg(mean(takeAlongWithOperand(logp, reshape(mapped, [rowsOf, 1]), 1)));
  }
  if (mapped !== null) {
    // labels mapped by vmap (each example its own): picked by one-hot rows, the same numbers as takeAlongAxis
    const oneHot = gather(eye(classes, classes, { dtype: z.dtype }), reshape(mapped, [rowsOf]));
    return neg(mean(sum(mulNoNan(oneHot, logSoftmax(reshape(z, [rowsOf, classes]))), { axis: -1 })));
  }
  const idx = toIndices('softmaxCrossEntropy', typeof labels === 'number' ? [labels] : labels, classes, false);
  const rows = z.shape.length === 2 ? (z.shape[0] ?? 0) : 1;
  if (idx.data.length !== rows) {
    throw new ShapeError('softmaxCrossEntropy', `${idx.data.length} labels for logits of shape ${showShape(z.shape)}`);
  }
  const logp = logSoftmax(reshape(z, [rows, classes]));
  return neg(mean(takeAlongAxis(logp, { shape: [rows, 1], data: idx.data }, { axis: 1 })));
};

/**
 * softmaxCrossEntropyOneHot(logits, targets) = mean over leading axes of −Σ_c targets_c · log softmax(logits)_c,
 * for targets of the logits' shape (one-hot rows, or any probability rows: soft labels).
 */
export const softmaxCrossEntropyOneHot = (logits: TensorLike, targets: TensorLike): Tensor => {
  const [z, t] = lift2('softmaxCrossEntropyOneHot', logits, targets);
  sameShape('softmaxCrossEntropyOneHot', z, t);
  return neg(mean(sum(mul(t, logSoftmax(z)), { axis: -1 })));
};

/**
 * binaryCrossEntropyWithLogits(logits, targets) = mean(softplus(x) − x·z) = mean(−z·log σ(x) − (1−z)·log(1−σ(x)))
 * for logits x and targets z in [0, 1]. ∂/∂x = (σ(x) − z) / n, exact at x = 0.
 */
export const binaryCrossEntropyWithLogits = (logits: TensorLike, targets: TensorLike): Tensor => {
  const [x, z] = lift2('binaryCrossEntropyWithLogits', logits, targets);
  sameShape('binaryCrossEntropyWithLogits', x, z);
  return mean(sub(softplus(x), mul(x, z)));
};
