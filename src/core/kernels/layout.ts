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

/** Below this many elements a row is written by a plain loop rather than `fill`/`set` (a call each). */
const shortRow = 16;

/**
 * out = x broadcast to `shape` (NumPy rules; x.shape right-aligned with `shape`, extent-1 or missing axes
 * repeated), out[i₀…i_{r−1}] = x[j…] with j_d = i_d where x's extent is not 1, else 0. The same values, in the
 * same order, as gathering through `stridedOffsets` (with stride 0 on the repeated axes), written a row at a time:
 * each row along the last axis is one value repeated when that axis is repeated, else a row of x, so only the
 * rows' offsets are listed.
 */
export const broadcastKernel = (x: TypedArray, xShape: Shape, shape: Shape, out: TypedArray): void => {
  const rank = shape.length;
  const offset = rank - xShape.length;
  const strides = new Array<number>(rank).fill(0);
  for (let d = rank - 1, s = 1; d >= offset; d--) {
    const e = xShape[d - offset] ?? 1;
    strides[d] = e === 1 ? 0 : s;
    s *= e;
  }
  const row = rank === 0 ? 1 : (shape[rank - 1] ?? 1);
  const repeated = rank === 0 || strides[rank - 1] === 0;
  const rows = stridedOffsets(shape.slice(0, -1), strides.slice(0, -1));
  for (let r = 0, o = 0; r < rows.length; r++, o += row) {
    const at = rows[r]!;
    if (repeated) {
      const v = x[at]!;
      if (row < shortRow) for (let j = 0; j < row; j++) out[o + j] = v;
      else out.fill(v, o, o + row);
    } else if (row < shortRow) for (let j = 0; j < row; j++) out[o + j] = x[at + j]!;
    else out.set(x.subarray(at, at + row), o);
  }
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
