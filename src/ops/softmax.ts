/**
 * softmax and logSoftmax along an axis (default the last), stable for large logits.
 */
import { normalizeAxis } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { sub } from './arith.js';
import { type AxisOption, checkOneAxis } from './axis-option.js';
import { lift1 } from './lift.js';
import { logSumExp } from './reduce.js';
import { exp } from './unary.js';

/** The axis option of softmax and logSoftmax. */
export interface SoftmaxOptions extends AxisOption {
  /** The axis to normalise over (default −1). */
  readonly axis?: number;
}

/** x − logSumExp(x) along the axis, with errors naming `op`. */
const normalised = (op: string, x: TensorLike, options: SoftmaxOptions): Tensor => {
  const t = lift1(op, x);
  checkOneAxis(op, options, (a) => `${op}(x, { axis: ${a} })`);
  const axis = normalizeAxis(op, options.axis ?? -1, t.shape.length);
  return sub(t, logSumExp(t, { axis, keepdims: true }));
};

/**
 * logSoftmax(x) = x − logSumExp(x) along the axis: log-probabilities, finite for logits of ±1000.
 * @example logSoftmax(tensor([0, 0])) // [−ln 2, −ln 2]
 */
export const logSoftmax = (x: TensorLike, options: SoftmaxOptions = {}): Tensor => normalised('logSoftmax', x, options);

/**
 * softmax(x)ᵢ = e^{xᵢ} / Σⱼ e^{xⱼ} along the axis (default −1), computed as exp(logSoftmax(x)).
 * @example softmax(tensor([0, 0])) // [0.5, 0.5]
 */
export const softmax = (x: TensorLike, options: SoftmaxOptions = {}): Tensor => exp(normalised('softmax', x, options));
