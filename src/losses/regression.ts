/**
 * Regression losses, each the mean over all elements of a pointwise loss of the residual r = pred − target.
 */
import { checkOptions } from '../core/arguments.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { lift2 } from '../ops/lift.js';
import { lessEqual, mul, sub, where } from '../ops/arith.js';
import { mean } from '../ops/reduce.js';
import { abs, square } from '../ops/unary.js';
import { sameShape } from './check.js';

/**
 * mse(pred, target) = mean((pred − target)²).
 * @example mse(tensor([1, 2]), tensor([1, 4])) // 2
 */
export const mse = (pred: TensorLike, target: TensorLike): Tensor => {
  const [p, t] = lift2('mse', pred, target);
  sameShape('mse', p, t);
  return mean(square(sub(p, t)));
};

/**
 * mae(pred, target) = mean(|pred − target|) (its derivative at a zero residual is 0).
 * @example mae(tensor([1, 2]), tensor([1, 4])) // 1
 */
export const mae = (pred: TensorLike, target: TensorLike): Tensor => {
  const [p, t] = lift2('mae', pred, target);
  sameShape('mae', p, t);
  return mean(abs(sub(p, t)));
};

const huberKeys: KeySet<{ readonly delta?: number }> = { delta: true };

/**
 * huber(pred, target, {delta = 1}) = mean(ℓ(r)) with ℓ(r) = ½r² for |r| ≤ δ and δ(|r| − ½δ) otherwise:
 * quadratic near 0, linear in the tails, continuous with a continuous derivative.
 * @example huber(tensor([0, 3]), tensor([0, 0])) // (0 + 2.5) / 2
 */
export const huber = (pred: TensorLike, target: TensorLike, options: { readonly delta?: number } = {}): Tensor => {
  const [p, t] = lift2('huber', pred, target);
  checkOptions('huber', options, huberKeys);
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !(delta > 0) || delta === Infinity) {
    throw new ArgumentError('huber', `delta must be a positive finite number, got ${describeValue(delta)}`);
  }
  sameShape('huber', p, t);
  const r = sub(p, t);
  const a = abs(r);
  return mean(where(lessEqual(a, delta), mul(0.5, square(r)), mul(delta, sub(a, 0.5 * delta))));
};
