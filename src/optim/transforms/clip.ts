/** Clipping: by the global norm of all updates together, and elementwise by value. */
import type { EmptyKind, GradientTransformation } from '../transformation.ts';
import { globalNorm, treeClip, treeScale } from '../tree-math.ts';

/**
 * clipByGlobalNorm(c): with n = ‖u‖₂ over all leaves together, u' = u when n ≤ c, else u · c / n
 * (Pascanu et al. 2013). Stateless.
 *
 * @example
 * const clipped = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export const clipByGlobalNorm = (maxNorm: number): GradientTransformation<EmptyKind> => ({
  init: () => ({}),
  update: (updates, state) => {
    const norm = globalNorm(updates);
    return [norm <= maxNorm ? updates : treeScale(updates, maxNorm / norm), state];
  },
});

/**
 * clipByValue(lo, hi): u' = min(max(u, lo), hi) elementwise. Stateless.
 *
 * @example
 * const clipped = chain(clipByValue(-1, 1), scaleByLearningRate(0.1));
 */
export const clipByValue = (lo: number, hi: number): GradientTransformation<EmptyKind> => {
  if (!(lo <= hi)) throw new RangeError(`clipByValue: lo must be ≤ hi, got ${lo} and ${hi}`);
  return {
    init: () => ({}),
    update: (updates, state) => [treeClip(updates, lo, hi), state],
  };
};
