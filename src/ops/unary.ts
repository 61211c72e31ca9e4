/**
 * Elementwise functions. Each primitive's forward kernel and reverse rule stand together; y is the output.
 *
 * Conventions at non-smooth points (tested):
 * - relu'(0) = 0 (as PyTorch and JAX); leakyRelu'(0) = slope.
 * - abs'(0) = 0 (the subgradient sign(0) = 0, as PyTorch).
 * - sign' = 0 everywhere (including 0).
 * - sqrt'(0) = +∞ (the one-sided limit); under `where`, a zero cotangent still gives 0, never NaN.
 */
import { computeUnary } from '../core/compute.js';
import { type UnaryName, unaryScalars } from '../core/kernels/unary.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { type Primitive, bind, concrete, need } from '../autodiff/tape.js';
import { elementwise } from './batching.js';
import { constantUnary } from './constant.js';
import { add, div, mul, mulNoNan, neg, sub, where, greater } from './arith.js';
import { lift1 } from './lift.js';
import { checkNumber } from '../core/arguments.js';

/** A unary primitive from its kernel name and its rule g ↦ g · f'(x) (written with x and y = f(x)). */
const unary = (
  name: UnaryName,
  rule: (g: Tensor, x: Tensor, y: Tensor) => Tensor | null,
): ((x: TensorLike) => Tensor) => {
  const prim: Primitive<null> = {
    name,
    impl: ([x]) => computeUnary(name, need(x)),
    scalar: unaryScalars[name],
    vjp: (g, node) => [rule(g, need(node.inputs[0]), node.out)],
    batch: elementwise,
  };
  return (x) => bind(prim, [lift1(name, x)], null);
};

/** exp(x) = eˣ. d/dx = eˣ. */
export const exp = unary('exp', (g, _x, y) => mulNoNan(g, y));

/** log(x) = ln x. d/dx = 1/x. */
export const log = unary('log', (g, x) => mulNoNan(g, div(1, x)));

/** log1p(x) = ln(1 + x), accurate near 0. d/dx = 1/(1 + x). */
export const log1p = unary('log1p', (g, x) => mulNoNan(g, div(1, add(x, 1))));

/** expm1(x) = eˣ − 1, accurate near 0. d/dx = eˣ = y + 1. */
export const expm1 = unary('expm1', (g, _x, y) => mulNoNan(g, add(y, 1)));

/** sin(x). d/dx = cos x. */
export const sin = unary('sin', (g, x) => mulNoNan(g, cos(x)));

/** cos(x). d/dx = −sin x. */
export const cos = unary('cos', (g, x) => mulNoNan(g, neg(sin(x))));

/** tanh(x). d/dx = 1 − tanh²x = 1 − y². */
export const tanh = unary('tanh', (g, _x, y) => mulNoNan(g, sub(1, mul(y, y))));

/** sigmoid(x) = σ(x) = 1/(1 + e⁻ˣ), stable for large |x|. d/dx = σ(x)(1 − σ(x)) = y(1 − y). */
export const sigmoid = unary('sigmoid', (g, _x, y) => mulNoNan(g, mul(y, sub(1, y))));

/** softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) (no overflow). d/dx = σ(x). */
export const softplus = unary('softplus', (g, x) => mulNoNan(g, sigmoid(x)));

/** relu(x) = max(x, 0). d/dx = 1 for x > 0, 0 for x ≤ 0 (relu'(0) = 0). */
export const relu = unary('relu', (g, x) => mulNoNan(g, constantUnary('positive', concrete(x))));

/** sqrt(x) = √x. d/dx = 1/(2√x) = 0.5/y (+∞ at 0). */
export const sqrt = unary('sqrt', (g, _x, y) => mulNoNan(g, div(0.5, y)));

/** abs(x) = |x|. d/dx = sign(x) (abs'(0) = 0). */
export const abs = unary('abs', (g, x) => mulNoNan(g, sign(x)));

/** sign(x) ∈ {−1, 0, 1} (NaN stays NaN). Its derivative is 0 everywhere. */
export const sign = unary('sign', () => null);

/** square(x) = x². d/dx = 2x. */
export const square = (x: TensorLike): Tensor => {
  const t = lift1('square', x);
  return mul(t, t);
};

/**
 * leakyRelu(x, slope = 0.01) = x for x > 0, slope · x otherwise. d/dx = 1 for x > 0, slope for x ≤ 0.
 */
export const leakyRelu = (x: TensorLike, slope = 0.01): Tensor => {
  const t = lift1('leakyRelu', x);
  checkNumber('leakyRelu', 'slope', slope);
  return where(greater(t, 0), t, mul(t, slope));
};
