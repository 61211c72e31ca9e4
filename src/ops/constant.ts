/**
 * Constant elementwise functions: comparisons, masks and tests whose derivative is 0 everywhere. They run on
 * concrete values (callers strip tracing with `concrete`), so no tape records them; they are primitives so
 * that vmap batches them and jit stages them like every other computation.
 */
import { computeBinary, computeUnary } from '../core/compute.js';
import { type BinaryName, binaryScalars } from '../core/kernels/binary.js';
import { type UnaryName, unaryScalars } from '../core/kernels/unary.js';
import type { Tensor } from '../core/tensor.js';
import { type Primitive, bind, need } from '../autodiff/tape.js';
import { elementwise } from './batching.js';

const unaryPrims = new Map<UnaryName, Primitive<null>>();
const binaryPrims = new Map<BinaryName, Primitive<null>>();

/** The constant primitive of a unary kernel (made once per kernel). */
const unaryPrim = (name: UnaryName): Primitive<null> => {
  const known = unaryPrims.get(name);
  if (known !== undefined) return known;
  const prim: Primitive<null> = {
    name,
    impl: ([x]) => computeUnary(name, need(x)),
    scalar: unaryScalars[name],
    vjp: () => [null],
    batch: elementwise,
  };
  unaryPrims.set(name, prim);
  return prim;
};

/** The constant primitive of a binary kernel (made once per kernel). */
const binaryPrim = (name: BinaryName): Primitive<null> => {
  const known = binaryPrims.get(name);
  if (known !== undefined) return known;
  const prim: Primitive<null> = {
    name,
    impl: ([a, b]) => computeBinary(name, need(a), need(b)),
    scalar: binaryScalars[name],
    vjp: () => [null, null],
    batch: elementwise,
  };
  binaryPrims.set(name, prim);
  return prim;
};

/** y = f(x) elementwise for a kernel f, with a zero derivative (x is concrete, or mapped by vmap). */
export const constantUnary = (name: UnaryName, x: Tensor): Tensor => bind(unaryPrim(name), [x], null);

/** z = f(a, b) elementwise with broadcasting, with a zero derivative (a comparison, a mask product). */
export const constantBinary = (name: BinaryName, a: Tensor, b: Tensor): Tensor => bind(binaryPrim(name), [a, b], null);
