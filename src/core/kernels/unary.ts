/**
 * Elementwise unary kernels: one plain loop per op over typed arrays, no per-element closures, so each loop
 * stays monomorphic and V8 compiles it tight. `out` has the length of `x` (and may have another dtype).
 * Indexing is within `0 ≤ i < x.length`, which is what the `!` after `x[i]` states.
 */
import type { TypedArray } from '../dtype.js';

/** A unary kernel writes f(x[i]) into out[i] for every i. */
export type UnaryKernel = (x: TypedArray, out: TypedArray) => void;

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^−|x|). */
const softplus1 = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

/** σ(x) = 1 / (1 + e^−x), evaluated on the side that cannot overflow. */
const sigmoid1 = (v: number): number => {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
};

/** The unary kernels by name. */
export const unaryKernels = {
  neg: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = -x[i]!; },
  exp: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]!); },
  log: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]!); },
  log1p: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log1p(x[i]!); },
  expm1: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.expm1(x[i]!); },
  sin: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sin(x[i]!); },
  cos: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.cos(x[i]!); },
  tanh: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]!); },
  sqrt: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sqrt(x[i]!); },
  abs: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.abs(x[i]!); },
  sign: (x, o) => { for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = v > 0 ? 1 : v < 0 ? -1 : v; } },
  relu: (x, o) => { for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = v > 0 ? v : v === v ? 0 : v; } },
  sigmoid: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = sigmoid1(x[i]!); },
  softplus: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = softplus1(x[i]!); },
  /** 1 where x > 0, else 0: the mask behind relu's rule. */
  positive: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = x[i]! > 0 ? 1 : 0; },
  /** 1 where x is finite, else 0. */
  isFinite: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Number.isFinite(x[i]!) ? 1 : 0; },
  /** 1 where x is NaN, else 0. */
  isNaN: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Number.isNaN(x[i]!) ? 1 : 0; },
} satisfies Record<string, UnaryKernel>;

/** The name of a unary kernel. */
export type UnaryName = keyof typeof unaryKernels;

/** The unary kernels on one number (the same arithmetic), for the tape's rank-0 fast path. */
export const unaryScalars: { readonly [K in UnaryName]: (v: number) => number } = {
  neg: (v) => -v,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
  relu: (v) => (v > 0 ? v : v === v ? 0 : v),
  sigmoid: sigmoid1,
  softplus: softplus1,
  positive: (v) => (v > 0 ? 1 : 0),
  isFinite: (v) => (Number.isFinite(v) ? 1 : 0),
  isNaN: (v) => (Number.isNaN(v) ? 1 : 0),
};
