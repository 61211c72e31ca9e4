/**
 * pow, maximum, minimum and clip. Conventions at ties and edges (tested):
 * - maximum/minimum: where a = b each input receives half the cotangent (as JAX).
 * - clip(x, lo, hi): the cotangent passes to x where lo ≤ x ≤ hi (bounds included, as PyTorch's clamp),
 *   and to the bound that was taken elsewhere.
 * - pow(a, b): ∂/∂b at a = 0 is taken as 0 (0^b · ln 0 with 0 · ∞ read as 0).
 */
import { computeBinary } from '../core/compute.js';
import { type BinaryName, binaryScalars } from '../core/kernels/binary.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { need } from '../autodiff/accumulate.js';
import { type Primitive, bind, concrete } from '../autodiff/tape.js';
import { add, greater, less, mul, mulNoNan, sub, where } from './arith.js';
import { lift2 } from './lift.js';
import { unbroadcast } from './structural.js';
import { log } from './unary.js';

const powPrim: Primitive<null> = {
  name: 'pow',
  impl: ([a, b]) => computeBinary('pow', need(a), need(b)),
  scalar: binaryScalars.pow,
  vjp: (g, node) => {
    const { inputs: [a, b], out } = node;
    const x = need(a);
    const e = need(b);
    return [
      node.needs(0) ? unbroadcast(mulNoNan(g, mulNoNan(e, pow(x, sub(e, 1)))), x.shape) : null,
      node.needs(1) ? unbroadcast(mulNoNan(g, mulNoNan(out, log(x))), e.shape) : null,
    ];
  },
};

/** pow(a, b) = aᵇ, broadcasting. ∂/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a. */
export const pow = (a: TensorLike, b: TensorLike): Tensor => bind(powPrim, lift2(a, b), null);

/** The share of the cotangent a max/min sends to its first input: 1 where it won, ½ at a tie, else 0. */
const winnerShare = (name: BinaryName, a: Tensor, b: Tensor): Tensor => {
  const x = concrete(a);
  const y = concrete(b);
  return add(computeBinary(name, x, y), mul(0.5, computeBinary('equal', x, y)));
};

const extremum = (name: 'maximum' | 'minimum', beats: 'greater' | 'less'): Primitive<null> => ({
  name,
  impl: ([a, b]) => computeBinary(name, need(a), need(b)),
  scalar: binaryScalars[name],
  vjp: (g, node) => {
    const { inputs: [a, b] } = node;
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
export const maximum = (a: TensorLike, b: TensorLike): Tensor => bind(maximumPrim, lift2(a, b), null);

/** minimum(a, b) elementwise, broadcasting; NaN wins. At a tie each input gets half the cotangent. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => bind(minimumPrim, lift2(a, b), null);

/**
 * clip(x, lo, hi) = min(max(x, lo), hi) elementwise. d/dx = 1 for lo ≤ x ≤ hi (bounds included), else 0; the
 * cotangent goes to lo where x < lo and to hi where x > hi.
 * @example clip(tensor([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1]
 */
export const clip = (x: TensorLike, lo: TensorLike, hi: TensorLike): Tensor => {
  const [t, l] = lift2(x, lo);
  const [, h] = lift2(t, hi);
  return where(less(t, l), l, where(greater(t, h), h, t));
};
