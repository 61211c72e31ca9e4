/**
 * gather by contiguous runs (16 or more elements per index, e.g. the rows of a batch): the same values in the
 * same places as reading element by element, checked against a loop written here, for every axis position.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeGather } from '../src/core/compute-layout.ts';
import { tensor } from '../src/core/tensor.ts';

describe('gather by runs', () => {
  it('equals the element-wise definition y[o, i, j] = x[o, idx[i], j]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 16, max: 40 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 9 }),
        fc.boolean(),
        (outer, extent, inner, picks, f32) => {
          const n = outer * extent * inner;
          const values = Array.from({ length: n }, (_, i) => i * 0.5 - 3);
          const x = tensor(values, { shape: [outer, extent, inner], dtype: f32 ? 'float32' : 'float64' });
          const idx = Int32Array.from(picks, (p) => p % extent);
          const y = computeGather(x, { shape: [idx.length], data: idx }, 1);
          expect(y.shape).toEqual([outer, idx.length, inner]);
          const want: number[] = [];
          for (let o = 0; o < outer; o++)
            for (const i of idx) for (let j = 0; j < inner; j++) want.push(values[(o * extent + i) * inner + j] ?? NaN);
          expect(Array.from(y.data)).toEqual(want);
        },
      ),
    );
  });
});
