/**
 * Eager data movement on concrete tensors: transpose, broadcast, slice and its inverse (pad), concatenation,
 * gathers and their scatter-add inverses. Errors name the op and the shapes.
 */
import { type TypedArray, allocate } from './dtype.js';
import type { Indices } from './indices.js';
import { broadcastKernel, concatKernel, gatherKernel, scatterAddKernel, stridedOffsets } from './kernels/layout.js';
import { type Shape, ShapeError, broadcastShapes, shapeEqual, showShape, sizeOf, stridesOf } from './shape.js';
import { type Tensor, fromData } from './tensor.js';

/** The inverse of a permutation. */
export const invertPermutation = (perm: readonly number[]): number[] => {
  const inv = new Array<number>(perm.length).fill(0);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
};

/** y[i₀…] = x[i_perm…]: y.shape[d] = x.shape[perm[d]]. */
export const computeTranspose = (x: Tensor, perm: readonly number[]): Tensor => {
  const strides = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p] ?? 1);
  const offsets = stridedOffsets(
    shape,
    perm.map((p) => strides[p] ?? 0),
  );
  const out = allocate(x.dtype, offsets.length);
  gatherKernel(x.data, offsets, out);
  return fromData(shape, out);
};

/** x repeated along broadcast axes to `shape` (NumPy rules); throws naming `op` if x cannot broadcast. */
export const computeBroadcastTo = (x: Tensor, shape: Shape, op = 'broadcastTo'): Tensor => {
  if (shapeEqual(x.shape, shape)) return x;
  const target = broadcastShapes(op, x.shape, shape);
  if (!shapeEqual(target, shape)) {
    throw new ShapeError(op, `cannot broadcast shape ${showShape(x.shape)} to ${showShape(shape)}`);
  }
  const out = allocate(x.dtype, sizeOf(shape));
  broadcastKernel(x.data, x.shape, shape, out);
  return fromData([...shape], out);
};

/** The block x[begin₀ : begin₀ + size₀, …]. */
export const computeSlice = (x: Tensor, begin: readonly number[], size: readonly number[]): Tensor => {
  const strides = stridesOf(x.shape);
  let base = 0;
  begin.forEach((b, d) => {
    base += b * (strides[d] ?? 0);
  });
  const offsets = stridedOffsets(size, strides, base);
  const out = allocate(x.dtype, offsets.length);
  gatherKernel(x.data, offsets, out);
  return fromData([...size], out);
};

/** The inverse of slice: zeros of `shape` with x written at `begin`. */
export const computePad = (x: Tensor, begin: readonly number[], shape: Shape): Tensor => {
  const strides = stridesOf(shape);
  let base = 0;
  begin.forEach((b, d) => {
    base += b * (strides[d] ?? 0);
  });
  const out = allocate(x.dtype, sizeOf(shape));
  scatterAddKernel(x.data, stridedOffsets(x.shape, strides, base), out);
  return fromData([...shape], out);
};

/** Concatenation along `axis` of tensors that agree on every other axis (dtypes already promoted). */
export const computeConcat = (xs: readonly Tensor[], axis: number): Tensor => {
  const first = xs[0];
  if (first === undefined) throw new ShapeError('concat', 'needs at least one tensor');
  const shape = [...first.shape];
  const extents = xs.map((x) => x.shape[axis] ?? 1);
  shape[axis] = extents.reduce((s, e) => s + e, 0);
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis + 1));
  const out = allocate(first.dtype, sizeOf(shape));
  concatKernel(
    xs.map((x) => x.data),
    extents,
    outer,
    inner,
    out,
  );
  return fromData(shape, out);
};

/** The offsets into x of gather(x, idx, axis): for every (outer, index, inner) position. */
const gatherOffsets = (xShape: Shape, idx: Indices, axis: number): Int32Array => {
  const outer = sizeOf(xShape.slice(0, axis));
  const extent = xShape[axis] ?? 1;
  const inner = sizeOf(xShape.slice(axis + 1));
  const n = idx.data.length;
  const offsets = new Int32Array(outer * n * inner);
  for (let o = 0, t = 0; o < outer; o++) {
    for (let i = 0; i < n; i++) {
      const base = (o * extent + (idx.data[i] ?? 0)) * inner;
      for (let j = 0; j < inner; j++, t++) offsets[t] = base + j;
    }
  }
  return offsets;
};

/** np.take: y[pre, i…, post] = x[pre, idx[i…], post]; y.shape = x.shape[:axis] + idx.shape + x.shape[axis+1:]. */
export const computeGather = (x: Tensor, idx: Indices, axis: number): Tensor => {
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  const inner = sizeOf(x.shape.slice(axis + 1));
  if (inner >= contiguousRun) return fromData(shape, gatherRuns(x, idx, axis, inner));
  const offsets = gatherOffsets(x.shape, idx, axis);
  const out = allocate(x.dtype, offsets.length);
  gatherKernel(x.data, offsets, out);
  return fromData(shape, out);
};

/** From this many contiguous elements per index (a row of a batch), gather copies runs instead of elements. */
const contiguousRun = 16;

/**
 * gather by whole runs: for every outer position o and index i, the `inner` contiguous elements of
 * x[o, idx[i], :] are copied at once (the same values as the element-wise kernel, in the same places).
 */
const gatherRuns = (x: Tensor, idx: Indices, axis: number, inner: number): TypedArray => {
  const outer = sizeOf(x.shape.slice(0, axis));
  const extent = x.shape[axis] ?? 1;
  const n = idx.data.length;
  const out = allocate(x.dtype, outer * n * inner);
  for (let o = 0, t = 0; o < outer; o++) {
    for (let i = 0; i < n; i++, t += inner) {
      const from = (o * extent + (idx.data[i] ?? 0)) * inner;
      out.set(x.data.subarray(from, from + inner), t);
    }
  }
  return out;
};

/** The adjoint of gather: zeros of `shape`, with each g element added where gather read it. */
export const computeScatterAdd = (g: Tensor, idx: Indices, axis: number, shape: Shape): Tensor => {
  const out = allocate(g.dtype, sizeOf(shape));
  scatterAddKernel(g.data, gatherOffsets(shape, idx, axis), out);
  return fromData([...shape], out);
};

/** The offsets into x of takeAlongAxis(x, idx, axis): idx has x's rank and x's extents off the axis. */
const alongOffsets = (xShape: Shape, idx: Indices, axis: number): Int32Array => {
  const strides = stridesOf(xShape);
  const axisStride = strides[axis] ?? 1;
  const base = stridedOffsets(
    idx.shape,
    strides.map((s, d) => (d === axis ? 0 : s)),
  );
  for (let i = 0; i < base.length; i++) base[i] = (base[i] ?? 0) + (idx.data[i] ?? 0) * axisStride;
  return base;
};

/** Checks that idx fits takeAlongAxis on x: same rank, same extents off the axis. */
export const checkAlongAxis = (op: string, xShape: Shape, idx: Indices, axis: number): void => {
  const ok = idx.shape.length === xShape.length && idx.shape.every((d, i) => i === axis || d === xShape[i]);
  if (!ok) {
    throw new ShapeError(
      op,
      `indices of shape ${showShape(idx.shape)} do not fit a tensor of shape ${showShape(xShape)} along axis ${axis}`,
    );
  }
};

/** np.take_along_axis: y[…, i, …] = x[…, idx[…, i, …], …] with y.shape = idx.shape. */
export const computeTakeAlongAxis = (x: Tensor, idx: Indices, axis: number): Tensor => {
  const offsets = alongOffsets(x.shape, idx, axis);
  const out = allocate(x.dtype, offsets.length);
  gatherKernel(x.data, offsets, out);
  return fromData([...idx.shape], out);
};

/** The adjoint of takeAlongAxis: zeros of `shape` with each g element added where it was read. */
export const computeScatterAlongAxis = (g: Tensor, idx: Indices, axis: number, shape: Shape): Tensor => {
  const out = allocate(g.dtype, sizeOf(shape));
  scatterAddKernel(g.data, alongOffsets(shape, idx, axis), out);
  return fromData([...shape], out);
};
