/**
 * argmax: the index of the largest element along an axis. Indices are not differentiable, so it computes on
 * the concrete values and returns a plain tensor of integer-valued floats.
 */
import { allocate } from '../core/dtype.js';
import { normalizeAxis, sizeOf } from '../core/shape.js';
import { type Tensor, type TensorLike, fromData } from '../core/tensor.js';
import { type Primitive, bind, concrete, need } from '../autodiff/tape.js';
import { atFront } from './batching.js';
import { type AxisOption, checkOneAxis } from './axis-option.js';
import { lift1 } from './lift.js';
import { refuseEmptyAxes } from './reduce.js';

/** The index of the largest element along an axis (first on ties, NaN largest). Constant: no cotangent. */
const argmaxPrim: Primitive<number> = {
  name: 'argmax',
  impl: ([x], axis) => argmaxKernel(need(x), axis),
  vjp: () => [null],
  batch: ({ args: [x], dims: [d], params: axis }) => [bind(argmaxPrim, [atFront(need(x), d ?? null)], axis + 1), 0],
};

/**
 * argmax(x, {axis = −1}): for each position off `axis`, the index i maximising x[…, i, …] (the first one on ties,
 * NaN counting as largest). The result drops `axis`. An empty axis is a ShapeError (no index exists).
 * @example argmax(tensor([[1, 5, 2], [7, 0, 7]])) // [1, 0]
 */
export const argmax = (x: TensorLike, options: AxisOption = {}): Tensor => {
  const t = concrete(lift1('argmax', x));
  checkOneAxis('argmax', options, (a) => `argmax(x, { axis: ${a} })`);
  const a = normalizeAxis('argmax', options.axis ?? -1, t.shape.length);
  refuseEmptyAxes('argmax', t.shape, [a]);
  return bind(argmaxPrim, [t], a);
};

/** argmax's loop over a concrete tensor, along the normalised axis a. */
const argmaxKernel = (t: Tensor, a: number): Tensor => {
  const n = t.shape[a] ?? 1;
  const outer = sizeOf(t.shape.slice(0, a));
  const inner = sizeOf(t.shape.slice(a + 1));
  const out = allocate('float64', outer * inner);
  const d = t.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let best = 0;
      let bestValue = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = d[(o * n + i) * inner + j] ?? NaN;
        if (v > bestValue || (v !== v && bestValue === bestValue)) {
          best = i;
          bestValue = v;
        }
      }
      out[o * inner + j] = best;
    }
  }
  return fromData([...t.shape.slice(0, a), ...t.shape.slice(a + 1)], out);
};
