/**
 * Deterministic inputs shared by every peer of a workload, so that all of them compute the same numbers.
 */

/** n values uniform in [lo, hi) from a 32-bit LCG seeded with `seed` (Numerical Recipes constants). */
export const randomValues = (n: number, seed = 1, lo = -1, hi = 1): Float64Array => {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
};

/** The values as a Float32Array (rounded once). */
export const asF32 = (x: Float64Array): Float32Array => Float32Array.from(x);

/** Keeps a value alive so that the engine cannot drop the computation that made it. */
export let sink: unknown = null;
export const keep = (v: unknown): void => {
  sink = v;
};
