/**
 * The reference vmap is measured against: a loop over the examples, each one sliced out of its arguments,
 * f applied to it eagerly, and the results stacked along the output axis. Plus helpers to build batches.
 */
import { type Tensor, key, normal, slice, squeeze, stack, toArray } from '../../src/index.ts';
import type { DType } from '../../src/core/dtype.ts';

/** Example b of x along axis (a plain slice and squeeze, no vmap). */
export const take = (x: Tensor, axis: number, b: number): Tensor => {
  const begin = x.shape.map((_, i) => (i === axis ? b : 0));
  const size = x.shape.map((d, i) => (i === axis ? 1 : d));
  return squeeze(slice(x, begin, size), { axis });
};

/** f applied to each example (arguments with a null axis shared), results stacked along outAxis. */
export const loopOf = (
  f: (...xs: Tensor[]) => Tensor,
  args: readonly Tensor[],
  inAxes: readonly (number | null)[],
  outAxis: number,
  size: number,
): Tensor => {
  const outs: Tensor[] = [];
  for (let b = 0; b < size; b++) {
    outs.push(
      f(
        ...args.map((a, i) => {
          const d = inAxes[i] ?? null;
          return d === null ? a : take(a, d, b);
        }),
      ),
    );
  }
  const rank = outs[0]?.shape.length ?? 0;
  return stack(outs, { axis: outAxis < 0 ? outAxis + rank + 1 : outAxis });
};

/** A tensor of `shape` with normal values from seed, in dtype. */
export const randomTensor = (seed: number, shape: readonly number[], dtype: DType = 'float64'): Tensor =>
  normal(key(seed), shape, { dtype });

/** The example shape with the batch axis of extent `size` inserted at `axis` (null: unchanged). */
export const batchShape = (shape: readonly number[], axis: number | null, size: number): number[] =>
  axis === null ? [...shape] : [...shape.slice(0, axis), size, ...shape.slice(axis)];

/** The exact contents of a tensor (shape, dtype, elements bit for bit as numbers, NaN and −0 kept apart). */
export const bits = (t: Tensor): unknown => ({
  shape: [...t.shape],
  dtype: t.dtype,
  data: Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v)),
});

/**
 * The contents bit for bit except the sign of zeros: batched outer products (the per-example weight gradients
 * xᵀ·g, contracted extent 1) write a·b where the matrix kernel writes 0 + a·b, which differ only for −0.
 */
export const bitsButZeroSign = (t: Tensor): unknown => ({
  shape: [...t.shape],
  dtype: t.dtype,
  data: Array.from(t.data, (v) => (Number.isNaN(v) ? 'NaN' : v === 0 ? 0 : v)),
});

/** Nested arrays, for readable equality of small results. */
export const arr = (t: Tensor): unknown => toArray(t);
