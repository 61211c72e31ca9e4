/**
 * Regression losses: a pointwise loss ℓ of the residual r = pred − target, reduced over all elements by the
 * `reduction` option (default the mean; 'none' gives ℓ for each element, in the prediction's shape).
 */
import { checkOptions } from '../core/arguments.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { lift2 } from '../ops/lift.js';
import { lessEqual, mul, sub, where } from '../ops/arith.js';
import { abs, square } from '../ops/unary.js';
import { sameShape } from './check.js';
import { type ReductionOption, checkReduction, reduce, reductionOf } from './reduction.js';

/**
 * mse(pred, target, {reduction = 'mean'}) = mean((pred − target)²); 'sum': Σ (pred − target)²; 'none': the
 * squared residuals, elementwise.
 * @example mse(tensor([1, 2]), tensor([1, 4])) // 2
 */
export const mse = (pred: TensorLike, target: TensorLike, options: ReductionOption = {}): Tensor => {
  const [p, t] = lift2('mse', pred, target);
  const reduction = checkReduction('mse', options);
  sameShape('mse', p, t);
  return reduce(square(sub(p, t)), reduction);
};

/**
 * mae(pred, target, {reduction = 'mean'}) = mean(|pred − target|) (its derivative at a zero residual is 0);
 * 'sum': Σ |pred − target|; 'none': the absolute residuals, elementwise.
 * @example mae(tensor([1, 2]), tensor([1, 4]), { reduction: 'none' }) // [0, 2]
 */
export const mae = (pred: TensorLike, target: TensorLike, options: ReductionOption = {}): Tensor => {
  const [p, t] = lift2('mae', pred, target);
  const reduction = checkReduction('mae', options);
  sameShape('mae', p, t);
  return reduce(abs(sub(p, t)), reduction);
};

/** The options of huber. */
export interface HuberOptions extends ReductionOption {
  /** δ > 0, where the loss turns from quadratic to linear (default 1). */
  readonly delta?: number;
}

const huberKeys: KeySet<HuberOptions> = { delta: true, reduction: true };

/**
 * huber(pred, target, {delta = 1, reduction = 'mean'}) = mean(ℓ(r)) with ℓ(r) = ½r² for |r| ≤ δ and
 * δ(|r| − ½δ) otherwise: quadratic near 0, linear in the tails, continuous with a continuous derivative.
 * 'sum': Σ ℓ(r); 'none': ℓ(r) elementwise.
 * @example huber(tensor([0, 3]), tensor([0, 0])) // (0 + 2.5) / 2
 */
export const huber = (pred: TensorLike, target: TensorLike, options: HuberOptions = {}): Tensor => {
  const [p, t] = lift2('huber', pred, target);
  checkOptions('huber', options, huberKeys);
  const reduction = reductionOf('huber', options.reduction);
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !(delta > 0) || delta === Infinity) {
    throw new ArgumentError('huber', `delta must be a positive finite number, got ${describeValue(delta)}`);
  }
  sameShape('huber', p, t);
  const r = sub(p, t);
  const a = abs(r);
  return reduce(where(lessEqual(a, delta), mul(0.5, square(r)), mul(delta, sub(a, 0.5 * delta))), reduction);
};
