/**
 * Elementwise binary kernels with NumPy broadcasting. A `BroadcastPlan` splits the output into rows of a
 * contiguous inner extent; each input walks a row with its own step (0 where it is broadcast), from a
 * precomputed row offset. Same-shape and scalar-with-tensor inputs become a single row. `binaryOps` is the table
 * of the ops: each op's arithmetic on numbers, written once, and the loop that applies it to arrays.
 */
import type { TypedArray } from '../dtype.js';
import { type Shape, sizeOf, stridesOf } from '../shape.js';
import { mapTable } from './table.js';

/** Where each output row starts in each input, and how each input steps along a row. */
export interface BroadcastPlan {
  readonly rows: number;
  readonly inner: number;
  readonly offA: Int32Array;
  readonly offB: Int32Array;
  readonly stepA: number;
  readonly stepB: number;
}

/** Input strides aligned to the output's rank, 0 along broadcast axes. */
const broadcastStrides = (shape: Shape, outShape: Shape): number[] => {
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, i) => (i < offset || shape[i - offset] === 1 ? 0 : (strides[i - offset] ?? 0)));
};

/**
 * The plan for inputs of shapes a and b broadcast to outShape (the caller checked compatibility). With
 * `flatten` (the default), inputs that are each whole or a single element become one row.
 */
export const broadcastPlan = (a: Shape, b: Shape, outShape: Shape, flatten = true): BroadcastPlan => {
  const n = sizeOf(outShape);
  const sizeA = sizeOf(a);
  const sizeB = sizeOf(b);
  if (flatten && (sizeA === n || sizeA === 1) && (sizeB === n || sizeB === 1)) {
    const zero = new Int32Array(1);
    return { rows: 1, inner: n, offA: zero, offB: zero, stepA: sizeA === 1 ? 0 : 1, stepB: sizeB === 1 ? 0 : 1 };
  }
  const sa = broadcastStrides(a, outShape);
  const sb = broadcastStrides(b, outShape);
  const rank = outShape.length;
  const inner = outShape[rank - 1] ?? 1;
  const rows = inner === 0 ? 0 : n / inner;
  const offA = new Int32Array(rows);
  const offB = new Int32Array(rows);
  const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let oa = 0;
  let ob = 0;
  for (let r = 0; r < rows; r++) {
    offA[r] = oa;
    offB[r] = ob;
    for (let d = rank - 2; d >= 0; d--) {
      const c = (counter[d] ?? 0) + 1;
      if (c < (outShape[d] ?? 1)) {
        counter[d] = c;
        oa += sa[d] ?? 0;
        ob += sb[d] ?? 0;
        break;
      }
      counter[d] = 0;
      oa -= (c - 1) * (sa[d] ?? 0);
      ob -= (c - 1) * (sb[d] ?? 0);
    }
  }
  return { rows, inner, offA, offB, stepA: sa[rank - 1] ?? 0, stepB: sb[rank - 1] ?? 0 };
};

/** A binary kernel writes f(a[·], b[·]) into every element of out, following the plan. */
export type BinaryKernel = (a: TypedArray, b: TypedArray, out: TypedArray, p: BroadcastPlan) => void;

/** f on two numbers: a binary op's arithmetic. */
export type BinaryScalar = (x: number, y: number) => number;

/** One binary op: its arithmetic on two numbers, and the loop that applies it along a broadcast plan. */
export interface BinaryOp {
  /**
   * f(x, y), the one definition of the op's arithmetic: the array loop calls it, the tape's rank-0 fast path
   * and jit's scalar programs call it (core/compute-scalar.ts, jit/program.ts), and so do the optimizers on
   * number leaves (optim/tree-math.ts).
   */
  readonly scalar: BinaryScalar;
  /** out[o] = scalar(a[ia], b[ib]) along the plan (row r: o from r·inner, ia from offA[r] by stepA, ib likewise). */
  readonly kernel: BinaryKernel;
}

/** The op of arithmetic `scalar`, its kernel the loop `loop` makes around it (loop first: see below). */
const binary = (loop: (f: BinaryScalar) => BinaryKernel, scalar: BinaryScalar): BinaryOp => ({
  scalar,
  kernel: loop(scalar),
});

/*
 * Each op spells out its own loop around f (the same text every time, by design): V8 keeps call feedback per
 * function literal, so a loop literal shared by all ops sees every op's f at its call, stops inlining it and
 * runs 7× slower; a literal per op sees one f and inlines it (measured: out/wip/optable/factory-probe*.mjs).
 * The loop comes first and the formula last, so that each entry ends on what sets it apart.
 */

/** The binary ops by kernel name; each entry's comment is its formula. */
export const binaryOps = {
  /** x + y */
  add: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => x + y,
  ),
  /** x − y */
  sub: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => x - y,
  ),
  /** x · y */
  mul: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => x * y,
  ),
  /** x / y */
  div: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => x / y,
  ),
  /** xʸ (Math.pow) */
  pow: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    Math.pow,
  ),
  /** x · y, except that 0 times anything (∞ and NaN included) is 0: the product VJP rules use */
  mulNoNan: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x === 0 || y === 0 ? 0 : x * y),
  ),
  /** x if x > y or x is NaN, else y (NaN propagates from either side) */
  maximum: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x > y || x !== x ? x : y),
  ),
  /** x if x < y or x is NaN, else y (NaN propagates from either side) */
  minimum: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x < y || x !== x ? x : y),
  ),
  /** 1 if x > y, else 0 */
  greater: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x > y ? 1 : 0),
  ),
  /** 1 if x ≥ y, else 0 */
  greaterEqual: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x >= y ? 1 : 0),
  ),
  /** 1 if x < y, else 0 */
  less: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x < y ? 1 : 0),
  ),
  /** 1 if x ≤ y, else 0 */
  lessEqual: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x <= y ? 1 : 0),
  ),
  /** 1 if x = y, else 0 */
  equal: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x === y ? 1 : 0),
  ),
  /** 1 if x ≠ y, else 0 */
  notEqual: binary(
    (f) => (a, b, o, p) => {
      for (let r = 0, k = 0, n = p.inner; r < p.rows; r++)
        for (let i = p.offA[r]!, l = p.offB[r]!, e = k + n; k < e; k++, i += p.stepA, l += p.stepB)
          o[k] = f(a[i]!, b[l]!);
    },
    (x, y) => (x !== y ? 1 : 0),
  ),
} satisfies Readonly<Record<string, BinaryOp>>;

/** The name of a binary kernel. */
export type BinaryName = keyof typeof binaryOps;

/** Each binary op's arithmetic on two numbers, by name (`binaryOps[name].scalar`). */
export const binaryScalars: { readonly [K in BinaryName]: BinaryScalar } = mapTable(binaryOps, (op) => op.scalar);

/** Each binary op's array loop, by name (`binaryOps[name].kernel`). */
export const binaryKernels: { readonly [K in BinaryName]: BinaryKernel } = mapTable(binaryOps, (op) => op.kernel);
