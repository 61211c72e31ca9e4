/**
 * The two primitives the backward pass itself needs, defined here so that autodiff depends on core alone:
 * adding two cotangents of one shape, and converting a cotangent to its primal's dtype. Both are
 * differentiable, so cotangents may themselves be traced by an outer call.
 */
import { computeBinary, computeCast } from '../core/compute.js';
import { type DType, checkDType } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { binaryScalars } from '../core/kernels/binary.js';
import { type Tensor, isTensor } from '../core/tensor.js';
import { type Primitive, bind } from './tape.js';

/** a + b for a and b of one shape. VJP: (g, g). */
const accumulatePrim: Primitive<null> = {
  name: 'accumulate',
  impl: ([a, b]) => computeBinary('add', need(a), need(b), 'accumulate'),
  scalar: binaryScalars.add,
  vjp: (g) => [g, g],
};

/** x as another dtype. VJP: g converted back to x's dtype. */
const castPrim: Primitive<DType> = {
  name: 'cast',
  impl: ([x], dtype) => computeCast(need(x), dtype),
  vjp: (g, node) => [cast(g, need(node.inputs[0]).dtype)],
};

/** The input at a position a primitive's arity guarantees. */
export const need = (x: Tensor | undefined): Tensor => {
  if (x === undefined) throw new Error('internal: a primitive received fewer inputs than its arity');
  return x;
};

/** accumulate(a, b) = a + b (same shapes), recorded when either is traced. */
export const accumulate = (a: Tensor, b: Tensor): Tensor => bind(accumulatePrim, [a, b], null);

/**
 * cast(x, dtype): x converted to `dtype`; differentiable (the cotangent is converted back). A dtype other than
 * 'float64' and 'float32' is a DTypeError; an x that is not a tensor, an ArgumentError.
 */
export const cast = (x: Tensor, dtype: DType): Tensor => {
  if (!isTensor(x)) throw new ArgumentError('cast', `x is ${describeValue(x)}, not a tensor`);
  return x.dtype === checkDType('cast', dtype) ? x : bind(castPrim, [x], dtype);
};
