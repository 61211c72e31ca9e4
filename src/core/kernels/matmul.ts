/**
 * Matrix product of row-major blocks: out[i, j] = Σ_p a[i, p] · b[p, j], looping i, p, j so that the inner
 * loop runs along contiguous rows of b and out. Batched products call it once per batch pair.
 */
import type { TypedArray } from '../dtype.ts';

/** Accumulates a (m×k, from aOff) · b (k×n, from bOff) into out (m×n, from oOff, zero-filled). */
export const matmulKernel = (
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
): void => {
  for (let i = 0; i < m; i++) {
    const oRow = oOff + i * n;
    const aRow = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      const bRow = bOff + p * n;
      for (let j = 0; j < n; j++) out[oRow + j]! += aip * b[bRow + j]!;
    }
  }
};
