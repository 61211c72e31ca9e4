/**
 * Broadcasting arithmetic (add, sub, mul, div, neg), `where`, the comparisons, and `mulNoNan`, the product
 * every rule uses to scale a cotangent: 0 · anything = 0, so a zero cotangent (the branch `where` did not
 * take, a masked element) can never turn into NaN by meeting an infinite local derivative.
 */
import { computeBinary, computeUnary, computeWhere } from '../core/compute.js';
import { type BinaryName, binaryScalars } from '../core/kernels/binary.js';
import { unaryScalars } from '../core/kernels/unary.js';
import { type Tensor, type TensorLike, asTensor } from '../core/tensor.js';
import { type Primitive, bind, concrete, need } from '../autodiff/tape.js';
import { lift1, lift2 } from './lift.js';
import { elementwise } from './batching.js';
import { constantBinary, constantUnary } from './constant.js';
import { unbroadcast } from './structural.js';

/** A broadcasting binary primitive whose rule gives both cotangents before unbroadcasting. */
const binary = (
  name: BinaryName,
  rule: (
    g: Tensor,
    a: Tensor,
    b: Tensor,
    out: Tensor,
    needs: (i: number) => boolean,
  ) => readonly [Tensor | null, Tensor | null],
): Primitive<null> => ({
  name,
  impl: ([a, b]) => computeBinary(name, need(a), need(b)),
  scalar: binaryScalars[name],
  batch: elementwise,
  vjp: (g, node) => {
    const a = need(node.inputs[0]);
    const b = need(node.inputs[1]);
    const [ga, gb] = rule(g, a, b, node.out, (i) => node.needs(i));
    return [ga === null ? null : unbroadcast(ga, a.shape), gb === null ? null : unbroadcast(gb, b.shape)];
  },
});

const addPrim = binary('add', (g) => [g, g]);
const subPrim = binary('sub', (g, _a, _b, _y, needs) => [g, needs(1) ? neg(g) : null]);
const mulPrim = binary('mul', (g, a, b, _y, needs) => [
  needs(0) ? mulNoNan(g, b) : null,
  needs(1) ? mulNoNan(g, a) : null,
]);
const divPrim = binary('div', (g, _a, b, y, needs) => [
  needs(0) ? mulNoNan(g, reciprocal(b)) : null,
  needs(1) ? mulNoNan(g, neg(div(y, b))) : null,
]);
const mulNoNanPrim = binary('mulNoNan', (g, a, b, _y, needs) => [
  needs(0) ? mulNoNan(g, b) : null,
  needs(1) ? mulNoNan(g, a) : null,
]);

const negPrim: Primitive<null> = {
  name: 'neg',
  impl: ([x]) => computeUnary('neg', need(x)),
  scalar: unaryScalars.neg,
  vjp: (g) => [neg(g)],
  batch: elementwise,
};

/** add(a, b) = a + b, broadcasting. ∂/∂a = ∂/∂b = 1. */
export const add = (a: TensorLike, b: TensorLike): Tensor => bind(addPrim, lift2('add', a, b), null);

/** sub(a, b) = a − b, broadcasting. ∂/∂a = 1, ∂/∂b = −1. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => bind(subPrim, lift2('sub', a, b), null);

/** mul(a, b) = a · b, broadcasting. ∂/∂a = b, ∂/∂b = a. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => bind(mulPrim, lift2('mul', a, b), null);

/** div(a, b) = a / b, broadcasting. ∂/∂a = 1/b, ∂/∂b = −a/b². */
export const div = (a: TensorLike, b: TensorLike): Tensor => bind(divPrim, lift2('div', a, b), null);

/** neg(x) = −x. */
export const neg = (x: TensorLike): Tensor => bind(negPrim, [lift1('neg', x)], null);

/** reciprocal(x) = 1 / x. ∂/∂x = −1/x². */
export const reciprocal = (x: TensorLike): Tensor => div(1, lift1('reciprocal', x));

/**
 * mulNoNan(a, b) = a · b, except that the product is 0 wherever a or b is 0, even against ∞ or NaN.
 * Differentiable (with the same convention in its rule); what VJP rules use to scale cotangents.
 */
export const mulNoNan = (a: TensorLike, b: TensorLike): Tensor => bind(mulNoNanPrim, lift2('mulNoNan', a, b), null);

/** Inputs (a, b, cond): the condition is an input (it may be traced by jit) that gets no cotangent. */
const wherePrim: Primitive<null> = {
  name: 'where',
  impl: ([a, b, cond]) => computeWhere(need(cond), need(a), need(b)),
  vjp: (g, node) => {
    const [a, b, cond] = node.inputs;
    const c = need(cond);
    const zero = asTensor(0, g.dtype);
    return [
      node.needs(0) ? unbroadcast(where(c, g, zero), need(a).shape) : null,
      node.needs(1) ? unbroadcast(where(c, zero, g), need(b).shape) : null,
      null,
    ];
  },
  batch: elementwise,
};

/**
 * where(cond, a, b) = a where cond ≠ 0, else b, broadcasting all three. The condition is not differentiated.
 * The cotangent of each branch is exactly 0 where the other branch was taken, and rules scale cotangents with
 * mulNoNan, so a NaN or ∞ in the branch not taken cannot leak into the gradient:
 * grad(x ↦ where(greater(x, 0), sqrt(x), 0))(0) = 0.
 * @example
 * const x = tensor([-2, 3]);
 * where(greater(x, 0), x, mul(0.01, x)); // leaky ReLU: [-0.02, 3]
 */
export const where = (cond: TensorLike | boolean, a: TensorLike, b: TensorLike): Tensor => {
  const c = typeof cond === 'boolean' ? asTensor(cond ? 1 : 0) : concrete(lift1('where', cond));
  const [x, y] = lift2('where', a, b, 2, 3);
  return bind(wherePrim, [x, y, c], null);
};

/** A comparison: a concrete 0/1 tensor (never traced: comparisons have zero derivative everywhere). */
const compare =
  (name: BinaryName) =>
  (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = lift2(name, a, b);
    return constantBinary(name, concrete(x), concrete(y));
  };

/** greater(a, b) = 1 where a > b, else 0 (not differentiable: use it in `where`). */
export const greater = compare('greater');
/** greaterEqual(a, b) = 1 where a ≥ b, else 0. */
export const greaterEqual = compare('greaterEqual');
/** less(a, b) = 1 where a < b, else 0. */
export const less = compare('less');
/** lessEqual(a, b) = 1 where a ≤ b, else 0. */
export const lessEqual = compare('lessEqual');
/** equal(a, b) = 1 where a = b, else 0. */
export const equal = compare('equal');
/** notEqual(a, b) = 1 where a ≠ b, else 0. */
export const notEqual = compare('notEqual');

/** isFinite(x) = 1 where x is neither ±∞ nor NaN, else 0. */
export const isFinite = (x: TensorLike): Tensor => constantUnary('isFinite', concrete(lift1('isFinite', x)));

/** isNaN(x) = 1 where x is NaN, else 0. */
export const isNaN = (x: TensorLike): Tensor => constantUnary('isNaN', concrete(lift1('isNaN', x)));
