/**
 * How op arguments are read: a plain number is a rank-0 tensor that adopts the dtype of the tensors it meets
 * (weak typing), and a lone number computes in float64. See core/dtype.ts for the promotion rule.
 *
 * Every op reads its tensor arguments through `lift1`/`lift2`, so this is where an argument that is neither a
 * tensor nor a number (an array, a string, undefined, a boolean, a BigInt) is refused for every op at once,
 * with an ArgumentError naming the op, the argument's position and the value.
 */
import { defaultDType } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { strong } from '../core/stage.js';
import { type Tensor, type TensorLike, isTensor, scalarOf } from '../core/tensor.js';

/** Where an argument stands: its 1-based position, or a label such as `xs[2]`. */
export type ArgumentAt = number | string;

/**
 * needArray(op, what, v, of): refuses a `v` that is not an array, e.g. `slice: begin is 1, not an array of
 * integers`. It takes v as unknown, so the caller's own variable keeps its declared type.
 */
export const needArray = (op: string, what: string, v: unknown, of: string): void => {
  if (!Array.isArray(v)) throw new ArgumentError(op, `${what} is ${describeValue(v)}, not an array of ${of}`);
};

/** The error for an op argument that is neither a tensor nor a number, with a hint for the usual mistakes. */
export const badArgument = (op: string, at: ArgumentAt, x: unknown): ArgumentError => {
  const which = typeof at === 'number' ? `argument ${at}` : at;
  const hint = Array.isArray(x)
    ? ' (wrap an array of numbers: tensor([...]))'
    : typeof x === 'string'
      ? ' (convert it with Number(...) first)'
      : typeof x === 'boolean'
        ? ' (use 1 or 0)'
        : typeof x === 'bigint'
          ? ' (convert it with Number(...) first)'
          : '';
  return new ArgumentError(op, `${which} is ${describeValue(x)}, not a tensor or a number${hint}`);
};

/**
 * One argument of `op` as a tensor (a traced number included: while jitting, a number argument is a weak staged
 * value and becomes an ordinary one here, as a number becomes a tensor). `at` names it in errors.
 */
export const lift1 = (op: string, x: TensorLike, at: ArgumentAt = 1): Tensor => {
  if (typeof x === 'number') return scalarOf(x, defaultDType);
  if (isTensor(x)) return strong(x);
  throw badArgument(op, at, x);
};

/** Two arguments of `op` as tensors; a number takes the other argument's dtype. */
export const lift2 = (
  op: string,
  a: TensorLike,
  b: TensorLike,
  atA: ArgumentAt = 1,
  atB: ArgumentAt = 2,
): [Tensor, Tensor] => {
  if (typeof a === 'number') {
    const bt = lift1(op, b, atB);
    return [scalarOf(a, bt.dtype), bt];
  }
  if (!isTensor(a)) throw badArgument(op, atA, a);
  if (typeof b === 'number') return [a, scalarOf(b, a.dtype)];
  if (!isTensor(b)) throw badArgument(op, atB, b);
  return [a, b];
};
