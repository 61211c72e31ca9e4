/**
 * Elementwise binary kernels with NumPy broadcasting. A `BroadcastPlan` splits the output into rows of a
 * contiguous inner extent; each input walks a row with its own step (0 where it is broadcast), from a
 * precomputed row offset. Same-shape and scalar-with-tensor inputs become a single row. One plain loop per op.
 */
import type { TypedArray } from '../dtype.js';
import { type Shape, sizeOf, stridesOf } from '../shape.js';

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

/* Each kernel: for every row r, walk `inner` elements; o is the output index, ia/ib the inputs'. */
export const binaryKernels = {
  add: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! + b[ib]!; } },
  sub: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! - b[ib]!; } },
  mul: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! * b[ib]!; } },
  div: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! / b[ib]!; } },
  pow: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = Math.pow(a[ia]!, b[ib]!); } },
  /** a·b, except that 0 times anything (∞ and NaN included) is 0: the product VJP rules use. */
  mulNoNan: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) { const x = a[ia]!, y = b[ib]!; out[o] = x === 0 || y === 0 ? 0 : x * y; } } },
  maximum: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) { const x = a[ia]!, y = b[ib]!; out[o] = x > y || x !== x ? x : y; } } },
  minimum: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) { const x = a[ia]!, y = b[ib]!; out[o] = x < y || x !== x ? x : y; } } },
  greater: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! > b[ib]! ? 1 : 0; } },
  greaterEqual: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! >= b[ib]! ? 1 : 0; } },
  less: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! < b[ib]! ? 1 : 0; } },
  lessEqual: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! <= b[ib]! ? 1 : 0; } },
  equal: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! === b[ib]! ? 1 : 0; } },
  notEqual: (a, b, out, p) => { for (let r = 0, o = 0; r < p.rows; r++) { for (let j = 0, ia = p.offA[r]!, ib = p.offB[r]!; j < p.inner; j++, o++, ia += p.stepA, ib += p.stepB) out[o] = a[ia]! !== b[ib]! ? 1 : 0; } },
} satisfies Record<string, BinaryKernel>;

/** The name of a binary kernel. */
export type BinaryName = keyof typeof binaryKernels;

/** The binary kernels on two numbers (the same arithmetic), for the tape's rank-0 fast path. */
export const binaryScalars: { readonly [K in BinaryName]: (x: number, y: number) => number } = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  mulNoNan: (x, y) => (x === 0 || y === 0 ? 0 : x * y),
  maximum: (x, y) => (x > y || x !== x ? x : y),
  minimum: (x, y) => (x < y || x !== x ? x : y),
  greater: (x, y) => (x > y ? 1 : 0),
  greaterEqual: (x, y) => (x >= y ? 1 : 0),
  less: (x, y) => (x < y ? 1 : 0),
  lessEqual: (x, y) => (x <= y ? 1 : 0),
  equal: (x, y) => (x === y ? 1 : 0),
  notEqual: (x, y) => (x !== y ? 1 : 0),
};
