/**
 * Elementwise unary ops: `unaryOps` is their table, each op's arithmetic on one number written once, and the
 * loop that applies it to a typed array. `out` has the length of `x` (and may have another dtype). Indexing is
 * within `0 ≤ i < x.length`, which is what the `!` after `x[i]` states.
 */
import type { TypedArray } from '../dtype.js';
import { mapTable } from './table.js';

/** A unary kernel writes f(x[i]) into out[i] for every i. */
export type UnaryKernel = (x: TypedArray, out: TypedArray) => void;

/** f on one number: a unary op's arithmetic. */
export type UnaryScalar = (v: number) => number;

/** One unary op: its arithmetic on a number, and the loop that applies it to every element of an array. */
export interface UnaryOp {
  /**
   * f(v), the one definition of the op's arithmetic: the array loop calls it, the tape's rank-0 fast path and
   * jit's scalar programs call it (core/compute-scalar.ts, jit/program.ts), and so do the optimizers.
   */
  readonly scalar: UnaryScalar;
  /** out[i] = scalar(x[i]) for every i. */
  readonly kernel: UnaryKernel;
}

/** The op of arithmetic `scalar`, its kernel the loop `loop` makes around it. */
const unary = (scalar: UnaryScalar, loop: (f: UnaryScalar) => UnaryKernel): UnaryOp => ({
  scalar,
  kernel: loop(scalar),
});

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^−|x|). */
const softplus1 = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

/** σ(x) = 1 / (1 + e^−x), evaluated on the side that cannot overflow. */
const sigmoid1 = (v: number): number => {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
};

/*
 * Each op spells out its own loop around f (the same text every time, by design): V8 keeps call feedback per
 * function literal, so a loop literal shared by all ops sees every op's f at its call, stops inlining it and
 * runs several times slower; a literal per op sees one f and inlines it (see binary.ts).
 */

/** The unary ops by kernel name; each entry's comment is its formula. */
export const unaryOps = {
  /** −x */
  neg: unary(
    (v) => -v,
    (f) => (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
    },
  ),
  /** eˣ */
  exp: unary(Math.exp, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** ln x */
  log: unary(Math.log, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** ln(1 + x) */
  log1p: unary(Math.log1p, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** eˣ − 1 */
  expm1: unary(Math.expm1, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** sin x */
  sin: unary(Math.sin, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** cos x */
  cos: unary(Math.cos, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** tanh x */
  tanh: unary(Math.tanh, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** √x */
  sqrt: unary(Math.sqrt, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** |x| */
  abs: unary(Math.abs, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** 1 if x > 0, −1 if x < 0, else x (±0 and NaN kept) */
  sign: unary(
    (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
    (f) => (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
    },
  ),
  /** x if x > 0, NaN if x is NaN, else 0 */
  relu: unary(
    (v) => (v > 0 ? v : v === v ? 0 : v),
    (f) => (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
    },
  ),
  /** σ(x) = 1 / (1 + e^−x), evaluated on the side that cannot overflow */
  sigmoid: unary(sigmoid1, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** log(1 + eˣ) without overflow: max(x, 0) + log1p(e^−|x|) */
  softplus: unary(softplus1, (f) => (x, o) => {
    for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
  }),
  /** 1 where x > 0, else 0: the mask behind relu's rule */
  positive: unary(
    (v) => (v > 0 ? 1 : 0),
    (f) => (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
    },
  ),
  /** 1 where x is finite, else 0 */
  isFinite: unary(
    (v) => (Number.isFinite(v) ? 1 : 0),
    (f) => (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
    },
  ),
  /** 1 where x is NaN, else 0 */
  isNaN: unary(
    (v) => (Number.isNaN(v) ? 1 : 0),
    (f) => (x, o) => {
      for (let i = 0; i < x.length; i++) o[i] = f(x[i]!);
    },
  ),
} satisfies Readonly<Record<string, UnaryOp>>;

/** The name of a unary kernel. */
export type UnaryName = keyof typeof unaryOps;

/** Each unary op's arithmetic on one number, by name (`unaryOps[name].scalar`). */
export const unaryScalars: { readonly [K in UnaryName]: UnaryScalar } = mapTable(unaryOps, (op) => op.scalar);

/** Each unary op's array loop, by name (`unaryOps[name].kernel`). */
export const unaryKernels: { readonly [K in UnaryName]: UnaryKernel } = mapTable(unaryOps, (op) => op.kernel);
