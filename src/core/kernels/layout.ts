/**
 * Data movement: every layout op (transpose, broadcast, slice and its inverse, concatenation) reads or writes
 * its input through a strided view. `stridedOffsets` lists, for each element of a view in row-major order,
 * its offset in the underlying array; a copy loop then gathers (or scatters) through that list.
 */
import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/** offsets[i] = base + Σ_d index_d(i) · strides[d], for i over `shape` in row-major order. */
export const stridedOffsets = (shape: Shape, strides: readonly number[], base = 0): Int32Array => {
  let n = 1;
  for (const d of shape) n *= d;
  const out = new Int32Array(n);
  if (n === 0) return out;
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let off = base;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    for (let d = rank - 1; d >= 0; d--) {
      const c = (counter[d] ?? 0) + 1;
      if (c < (shape[d] ?? 1)) {
        counter[d] = c;
        off += strides[d] ?? 0;
        break;
      }
      counter[d] = 0;
      off -= (c - 1) * (strides[d] ?? 0);
    }
  }
  return out;
};

/** out[i] = x[offsets[i]]. */
export const gatherKernel = (x: TypedArray, offsets: Int32Array, out: TypedArray): void => {
  for (let i = 0; i < offsets.length; i++) out[i] = x[offsets[i]!]!;
};

/** out[offsets[i]] += x[i] (out zero-filled first gives a scatter). */
export const scatterAddKernel = (x: TypedArray, offsets: Int32Array, out: TypedArray): void => {
  for (let i = 0; i < offsets.length; i++) out[offsets[i]!]! += x[i]!;
};

/**
 * Concatenation along an axis: each part is read as (outer, extent·inner) blocks and the blocks are laid
 * side by side, part after part, within each outer index.
 */
export const concatKernel = (
  parts: readonly TypedArray[],
  extents: readonly number[],
  outer: number,
  inner: number,
  out: TypedArray,
): void => {
  let total = 0;
  for (const e of extents) total += e;
  const row = total * inner;
  let start = 0;
  parts.forEach((p, k) => {
    const block = (extents[k] ?? 0) * inner;
    for (let o = 0; o < outer; o++) out.set(p.subarray(o * block, (o + 1) * block), o * row + start);
    start += block;
  });
};
