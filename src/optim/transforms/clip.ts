/** Clipping: by the global norm of all updates together, and elementwise by value. */
import type { EmptyKind, GradientTransformation } from '../transformation.js';
import { computeBinary } from '../../core/compute.js';
import { scalar } from '../../core/tensor.js';
import { ArgumentError, describeValue } from '../../core/errors.js';
import { bounded } from '../boundary.js';
import { checkNumber, nonNegative, notNaN } from '../ranges.js';
import { globalNormLeaf, leaf2, treeClip, treeScale, treeScaleBy, treeWhere } from '../tree-math.js';

/**
 * clipByGlobalNorm(c): with n = ‖u‖₂ over all leaves together, u' = u when n ≤ c, else u · c / n
 * (Pascanu et al. 2013). Stateless. c must be a finite number ≥ 0.
 *
 * @example
 * const clipped = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export const clipByGlobalNorm = (maxNorm: number): GradientTransformation<EmptyKind> => {
  checkNumber('clipByGlobalNorm', 'maxNorm', nonNegative, maxNorm);
  return bounded<EmptyKind>('clipByGlobalNorm', {
    spec: {},
    init: () => ({}),
    update: (updates, state) => {
      const norm = globalNormLeaf(updates);
      if (typeof norm === 'number') return [norm <= maxNorm ? updates : treeScale(updates, maxNorm / norm), state];
      // While jitting the norm is not known: both sides, chosen by the comparison (the same values).
      const within = computeBinary('lessEqual', norm, scalar(maxNorm));
      return [treeWhere(within, updates, treeScaleBy(updates, leaf2('div', maxNorm, norm))), state];
    },
  });
};

/**
 * clipByValue(lo, hi): u' = min(max(u, lo), hi) elementwise. Stateless. lo ≤ hi, neither NaN (±Infinity leaves a
 * side unclipped).
 *
 * @example
 * const clipped = chain(clipByValue(-1, 1), scaleByLearningRate(0.1));
 */
export const clipByValue = (lo: number, hi: number): GradientTransformation<EmptyKind> => {
  const where = 'clipByValue';
  checkNumber(where, 'lo', notNaN, lo);
  checkNumber(where, 'hi', notNaN, hi);
  if (!(lo <= hi))
    throw new ArgumentError(where, `lo must be ≤ hi, got lo ${describeValue(lo)} and hi ${describeValue(hi)}`);
  return bounded<EmptyKind>(where, {
    spec: {},
    init: () => ({}),
    update: (updates, state) => [treeClip(updates, lo, hi), state],
  });
};
