/**
 * How op arguments are read: a plain number is a rank-0 tensor that adopts the dtype of the tensors it meets
 * (weak typing), and a lone number computes in float64. See core/dtype.ts for the promotion rule.
 */
import { defaultDType } from '../core/dtype.js';
import { strong } from '../core/staging.js';
import { type Tensor, type TensorLike, asTensor } from '../core/tensor.js';

/**
 * One argument as a tensor (a traced number included: while jitting, a number argument is a weak staged value
 * and becomes an ordinary one here, as a number becomes a tensor).
 */
export const lift1 = (x: TensorLike): Tensor => strong(asTensor(x, defaultDType));

/** Two arguments as tensors; a number takes the other argument's dtype. */
export const lift2 = (a: TensorLike, b: TensorLike): [Tensor, Tensor] => {
  if (typeof a === 'number') {
    const bt = lift1(b);
    return [asTensor(a, bt.dtype), bt];
  }
  return [a, asTensor(b, a.dtype)];
};
