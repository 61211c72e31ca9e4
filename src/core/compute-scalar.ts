/**
 * Rank-0 values on the tape's fast path. When every input of a primitive is a concrete rank-0 tensor, the
 * tape computes its output as a plain number (`ScalarTensor`) instead of allocating a one-element typed array:
 * the forward values a tape keeps alive are then small objects, which the garbage collector moves cheaply.
 *
 * A ScalarTensor is a Tensor (its `data` is built on each read), but it never reaches the user: it lives only
 * as the primal of a tracer and as a value inside a backward sweep, and `concrete`/`lower`, the sweep's end and
 * customVjp's calls of user code turn it back into an ordinary tensor with `plainTensor` (see the module state
 * in autodiff/tape.ts).
 * The arithmetic is the kernels' own (`unaryScalars`, `binaryScalars`), rounded to float32 exactly where the
 * kernels' float32 output arrays round, so results are identical bit for bit.
 */
import { type DType, type TypedArray, allocate, promote } from './dtype.js';
import type { Shape } from './shape.js';
import { type Tensor, fromData } from './tensor.js';

const rank0: Shape = Object.freeze([]);

/** A rank-0 tensor holding its value as a number; `data` is a fresh one-element array on each read. */
export class ScalarTensor implements Tensor {
  readonly shape: Shape = rank0;
  constructor(
    readonly dtype: DType,
    readonly value: number,
  ) {}
  get data(): TypedArray {
    const d = allocate(this.dtype, 1);
    d[0] = this.value;
    return d;
  }
}

/** x as an ordinary tensor: a ScalarTensor becomes a rank-0 tensor over a typed array; others are returned. */
export const plainTensor = (x: Tensor): Tensor => (x instanceof ScalarTensor ? fromData([], x.data) : x);

/** The value of a concrete rank-0 tensor, or undefined for any other tensor. */
const rank0Value = (x: Tensor): number | undefined =>
  x instanceof ScalarTensor ? x.value : x.shape.length === 0 ? x.data[0] : undefined;

/** A scalar kernel: f on one or two numbers, the same arithmetic as the array kernel of the same name. */
export type ScalarKernel = (a: number, b: number) => number;

/**
 * f applied to rank-0 inputs as a ScalarTensor of the promoted dtype, or undefined when an input is not a
 * concrete rank-0 tensor (the caller then runs the array kernel).
 */
export const computeScalar = (f: ScalarKernel, inputs: readonly Tensor[]): ScalarTensor | undefined => {
  const x = inputs[0];
  if (x === undefined) return undefined;
  const a = rank0Value(x);
  if (a === undefined) return undefined;
  const y = inputs[1];
  if (y === undefined) return new ScalarTensor(x.dtype, x.dtype === 'float32' ? Math.fround(f(a, 0)) : f(a, 0));
  const b = rank0Value(y);
  if (b === undefined || inputs.length > 2) return undefined;
  const dtype = promote(x.dtype, y.dtype);
  return new ScalarTensor(dtype, dtype === 'float32' ? Math.fround(f(a, b)) : f(a, b));
};
