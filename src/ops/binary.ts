/**
 * pow, maximum, minimum and clip. Conventions at ties and edges (tested):
 * - maximum/minimum: where a = b each input receives half the cotangent (as JAX).
 * - clip(x, lo, hi): the cotangent passes to x where lo ≤ x ≤ hi (bounds included, as PyTorch's clamp),
 *   and to the bound that was taken elsewhere.
 * - pow(a, b): ∂/∂b = aᵇ·ln a is 0 where a = 0 and b ≥ 0 (PyTorch's pow_backward_exponent masks exactly
 *   there); where a = 0 and b < 0 it is ∞·(−∞) = −∞, as PyTorch. ∂/∂a of a⁰ is 0 everywhere.
 */
import { computeBinary } from '../core/compute.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { type BinaryName, binaryScalars } from '../core/kernels/binary.js';
import { type Tensor, type TensorLike, scalarOf } from '../core/tensor.js';
import { type Primitive, bind, concrete, need } from '../autodiff/tape.js';
import { elementwise } from './batching.js';
import { constantBinary } from './constant.js';
import { add, greater, less, mul, mulNoNan, sub, where } from './arith.js';
import { lift2 } from './lift.js';
import { unbroadcast } from './structural.js';
import { log } from './unary.js';

const powPrim: Primitive<null> = {
  name: 'pow',
  impl: ([a, b]) => computeBinary('pow', need(a), need(b)),
  scalar: binaryScalars.pow,
  batch: elementwise,
  vjp: (g, node) => {
    const {
      inputs: [a, b],
      out,
    } = node;
    const x = need(a);
    const e = need(b);
    return [
      node.needs(0) ? unbroadcast(mulNoNan(g, mulNoNan(e, pow(x, sub(e, 1)))), x.shape) : null,
      node.needs(1) ? unbroadcast(mulNoNan(g, where(zeroBase(x, e), 0, mulNoNan(out, log(x)))), e.shape) : null,
    ];
  },
};

/** 1 where the base is 0 and the exponent ≥ 0 (there ∂/∂b is 0, not 0⁰·ln 0 = −∞), else 0; never traced. */
const zeroBase = (x: Tensor, e: Tensor): Tensor => {
  const a = concrete(x);
  const b = concrete(e);
  return constantBinary(
    'mul',
    constantBinary('equal', a, scalarOf(0, a.dtype)),
    constantBinary('greaterEqual', b, scalarOf(0, b.dtype)),
  );
};

/** pow(a, b) = aᵇ, broadcasting. ∂/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a (0 where a = 0 and b ≥ 0, as PyTorch). */
export const pow = (a: TensorLike, b: TensorLike): Tensor => bind(powPrim, lift2('pow', a, b), null);

/** The share of the cotangent a max/min sends to its first input: 1 where it won, ½ at a tie, else 0. */
const winnerShare = (name: BinaryName, a: Tensor, b: Tensor): Tensor => {
  const x = concrete(a);
  const y = concrete(b);
  return add(constantBinary(name, x, y), mul(0.5, constantBinary('equal', x, y)));
};

const extremum = (name: 'maximum' | 'minimum', beats: 'greater' | 'less'): Primitive<null> => ({
  name,
  impl: ([a, b]) => computeBinary(name, need(a), need(b)),
  scalar: binaryScalars[name],
  batch: elementwise,
  vjp: (g, node) => {
    const {
      inputs: [a, b],
    } = node;
    const x = need(a);
    const y = need(b);
    return [
      node.needs(0) ? unbroadcast(mulNoNan(g, winnerShare(beats, x, y)), x.shape) : null,
      node.needs(1) ? unbroadcast(mulNoNan(g, winnerShare(beats, y, x)), y.shape) : null,
    ];
  },
});

const maximumPrim = extremum('maximum', 'greater');
const minimumPrim = extremum('minimum', 'less');

/** maximum(a, b) elementwise, broadcasting; NaN wins. At a tie each input gets half the cotangent. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => bind(maximumPrim, lift2('maximum', a, b), null);

/** minimum(a, b) elementwise, broadcasting; NaN wins. At a tie each input gets half the cotangent. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => bind(minimumPrim, lift2('minimum', a, b), null);

/**
 * clip(x, lo, hi) = min(max(x, lo), hi) elementwise. d/dx = 1 for lo ≤ x ≤ hi (bounds included), else 0; the
 * cotangent goes to lo where x < lo and to hi where x > hi. Number bounds must not be NaN, and lo ≤ hi:
 * `clip(x, 2, 1)` is an ArgumentError (NumPy and PyTorch would silently return hi everywhere).
 * @example clip(tensor([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1]
 */
export const clip = (x: TensorLike, lo: TensorLike, hi: TensorLike): Tensor => {
  if (Number.isNaN(lo) || Number.isNaN(hi))
    throw new ArgumentError(
      'clip',
      `the bounds lo = ${describeValue(lo)} and hi = ${describeValue(hi)} must not be NaN`,
    );
  if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) {
    throw new ArgumentError('clip', `lo = ${describeValue(lo)} is greater than hi = ${describeValue(hi)}`);
  }
  const [t, l] = lift2('clip', x, lo, 1, 2);
  const [, h] = lift2('clip', t, hi, 1, 3);
  return where(less(t, l), l, where(greater(t, h), h, t));
};
