/**
 * The two primitives the backward pass itself needs: adding two cotangents of one shape, and converting a
 * cotangent to its primal's dtype (their batching rules come from ops/batching). Both are
 * differentiable, so cotangents may themselves be traced by an outer call.
 */
import { computeBinary, computeCast } from '../core/compute.js';
import { type DType, checkDType } from '../core/dtype.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { binaryScalars } from '../core/kernels/binary.js';
import { type Tensor, isTensor } from '../core/tensor.js';
import { type Primitive, bind, need } from './tape.js';
import { elementwise, materialized } from '../ops/batching.js';

/** a + b for a and b of one shape. VJP: (g, g). */
const accumulatePrim: Primitive<null> = {
  name: 'accumulate',
  impl: ([a, b]) => computeBinary('add', need(a), need(b), 'accumulate'),
  scalar: binaryScalars.add,
  vjp: (g) => [g, g],
  // Both operands made whole batches (an unmapped one broadcast): the rule's (g, g) needs one shape.
  batch: ({ args: [a, b], dims: [da, db], size, prim }) =>
    da === db && da !== null && da !== undefined
      ? [bind(prim, [need(a), need(b)], null), da]
      : [bind(prim, [materialized(need(a), da ?? null, size), materialized(need(b), db ?? null, size)], null), 0],
};

/** x as another dtype. VJP: g converted back to x's dtype. */
const castPrim: Primitive<DType> = {
  name: 'cast',
  impl: ([x], dtype) => computeCast(need(x), dtype),
  vjp: (g, node) => [cast(g, need(node.inputs[0]).dtype)],
  batch: elementwise,
};

export { need };

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
