/**
 * Classification losses on logits (unnormalised scores), each stable for logits of ±1000 (finite values and
 * gradients), each reducing its per-example losses by the `reduction` option (default the mean).
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
import { logSoftmax } from '../ops/softmax.js';
import { reshape, sum } from '../ops/structural.js';
import { softplus } from '../ops/unary.js';
import { sameShape } from './check.js';
import { type Reduction, type ReductionOption, checkReduction, reduce } from './reduction.js';

/**
 * The losses −picked, reduced: −mean(picked) or −sum(picked) (negated after the reduction, so the default
 * gives the bits it always gave), or −picked in the per-example shape `shape` for 'none'.
 */
const negated = (picked: Tensor, reduction: Reduction, shape: readonly number[]): Tensor =>
  reduction === 'none' ? neg(reshape(picked, shape)) : neg(reduce(picked, reduction));

/**
 * softmaxCrossEntropy(logits, labels, {reduction = 'mean'}) = mean_n −log softmax(logits_n)[labels_n], for
 * logits of shape [N, C] (or [C] for one example) and integer labels in [0, C) of shape [N] (or a single label).
 * ∂/∂logits = (softmax(logits) − onehot(labels)) / N. 'sum': Σ_n; 'none': the N per-example losses, shape [N]
 * (shape [] for logits [C]). Inside vmap the labels may be mapped (a tensor of labels, each example its own),
 * and inside jit they may be a traced tensor (one program serves every batch of labels).
 *
 * Conventions differ from Optax's: Optax's `softmax_cross_entropy(logits, labels)` takes one-hot (or
 * probability) rows and returns per-example losses, and `softmax_cross_entropy_with_integer_labels` takes
 * integers; here `softmaxCrossEntropy` takes integer labels and averages by default (pass
 * `{ reduction: 'none' }` for Optax's per-example values), and `softmaxCrossEntropyOneHot` takes rows.
 * @example softmaxCrossEntropy(tensor([[2, 0], [0, 2]]), [0, 1]) // ln(1 + e⁻²) ≈ 0.127
 */
export const softmaxCrossEntropy = (
  logits: TensorLike,
  labels: IndicesLike | number,
  options: ReductionOption = {},
): Tensor => {
  const z = lift1('softmaxCrossEntropy', logits);
  const reduction = checkReduction('softmaxCrossEntropy', options);
  if (z.shape.length !== 1 && z.shape.length !== 2) {
    throw new ShapeError('softmaxCrossEntropy', `logits must have shape [N, C] or [C], got ${showShape(z.shape)}`);
  }
  const classes = z.shape[z.shape.length - 1] ?? 0;
  const rowsOf = z.shape.length === 2 ? (z.shape[0] ?? 0) : 1;
  const perExample = z.shape.slice(0, -1);
  const mapped = mappedIndices(labels);
  if (mapped !== null && !(mapped instanceof Batched)) {
    // labels traced by jit: the same takeAlongAxis as below, with the labels an operand of the program
    if (mapped.shape.length > 1 || (mapped.shape[0] ?? 1) !== rowsOf) {
      const shapes = `labels of shape ${showShape(mapped.shape)} for logits of shape ${showShape(z.shape)}`;
      throw new ShapeError('softmaxCrossEntropy', shapes);
    }
    const logp = logSoftmax(reshape(z, [rowsOf, classes]));
    return negated(takeAlongWithOperand(logp, reshape(mapped, [rowsOf, 1]), 1), reduction, perExample);
  }
  if (mapped !== null) {
    // labels mapped by vmap (each example its own): picked by one-hot rows, the same numbers as takeAlongAxis
    const oneHot = gather(eye(classes, classes, { dtype: z.dtype }), reshape(mapped, [rowsOf]));
    const picked = sum(mulNoNan(oneHot, logSoftmax(reshape(z, [rowsOf, classes]))), { axis: -1 });
    return negated(picked, reduction, perExample);
  }
  const idx = toIndices('softmaxCrossEntropy', typeof labels === 'number' ? [labels] : labels, classes, false);
  const rows = z.shape.length === 2 ? (z.shape[0] ?? 0) : 1;
  if (idx.data.length !== rows) {
    throw new ShapeError('softmaxCrossEntropy', `${idx.data.length} labels for logits of shape ${showShape(z.shape)}`);
  }
  const logp = logSoftmax(reshape(z, [rows, classes]));
  return negated(takeAlongAxis(logp, { shape: [rows, 1], data: idx.data }, { axis: 1 }), reduction, perExample);
};

/**
 * softmaxCrossEntropyOneHot(logits, targets, {reduction = 'mean'}) = mean over leading axes of
 * −Σ_c targets_c · log softmax(logits)_c, for targets of the logits' shape (one-hot rows, or any probability
 * rows: soft labels; Optax's `softmax_cross_entropy`). 'sum': the sum over the leading axes; 'none': the
 * per-example losses, shape logits.shape without its last axis.
 * @example softmaxCrossEntropyOneHot(tensor([[0, 0]]), tensor([[1, 0]]), { reduction: 'none' }) // [ln 2]
 */
export const softmaxCrossEntropyOneHot = (
  logits: TensorLike,
  targets: TensorLike,
  options: ReductionOption = {},
): Tensor => {
  const [z, t] = lift2('softmaxCrossEntropyOneHot', logits, targets);
  const reduction = checkReduction('softmaxCrossEntropyOneHot', options);
  sameShape('softmaxCrossEntropyOneHot', z, t);
  return negated(sum(mul(t, logSoftmax(z)), { axis: -1 }), reduction, z.shape.slice(0, -1));
};

/**
 * binaryCrossEntropyWithLogits(logits, targets, {reduction = 'mean'}) = mean(softplus(x) − x·z)
 * = mean(−z·log σ(x) − (1−z)·log(1−σ(x))) for logits x and targets z in [0, 1]. ∂/∂x = (σ(x) − z) / n, exact
 * at x = 0. 'sum': Σ; 'none': softplus(x) − x·z elementwise.
 * @example binaryCrossEntropyWithLogits(tensor([0]), tensor([1])) // ln 2
 */
export const binaryCrossEntropyWithLogits = (
  logits: TensorLike,
  targets: TensorLike,
  options: ReductionOption = {},
): Tensor => {
  const [x, z] = lift2('binaryCrossEntropyWithLogits', logits, targets);
  const reduction = checkReduction('binaryCrossEntropyWithLogits', options);
  sameShape('binaryCrossEntropyWithLogits', x, z);
  return reduce(sub(softplus(x), mul(x, z)), reduction);
};
