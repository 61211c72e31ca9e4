/**
 * Per-leaf root mean squares, and the two Adafactor transforms built on them: the update clipped by its own RMS,
 * and the update scaled by the parameter's RMS. Each leaf (each parameter tensor) has its own RMS, as each
 * PyTorch parameter has; the values are rank-0 leaves, so the same code runs eagerly and while jitting.
 */
import type { EmptyKind, GradientTransformation } from '../transformation.js';
import { requireParams } from '../transformation.js';
import { computeBinary, computeSum } from '../../core/compute.js';
import { sizeOf } from '../../core/shape.js';
import type { Leaf } from '../../core/tree.js';
import { bounded } from '../boundary.js';
import { atLeastOne, checkNumber, nonNegative } from '../ranges.js';
import { leaf2, leafSqrt, treeMapLeaves, treeZipLeaves } from '../tree-math.js';

/** RMS(x) = √(Σ xᵢ² / n) over the n elements of one leaf: a number for a number, a rank-0 tensor of x's dtype. */
export const leafRms = (x: Leaf): Leaf => {
  if (typeof x === 'number') return Math.sqrt((x * x) / 1);
  const squares = computeSum(computeBinary('mul', x, x), [...x.shape.keys()], false);
  return leafSqrt(leaf2('div', squares, sizeOf(x.shape)));
};

/**
 * clipByBlockRms(d): each leaf U of the updates divided by max(1, RMS(U) / d), so that no leaf's RMS exceeds d
 * (Shazeer & Stern 2018, update clipping: Û = U / max(1, RMS(U)/d)). Stateless; d a finite number ≥ 1.
 *
 * @example
 * const clipped = chain(scaleByFactoredRms(), clipByBlockRms(1), scaleByLearningRate(1e-2));
 */
export const clipByBlockRms = (d: number): GradientTransformation<EmptyKind> => {
  const where = 'clipByBlockRms';
  checkNumber(where, 'd', atLeastOne, d);
  return bounded<EmptyKind>(where, {
    spec: {},
    init: () => ({}),
    update: (updates, state) => [
      treeMapLeaves(updates, (u) => leaf2('div', u, leaf2('maximum', leaf2('div', leafRms(u), d), 1))),
      state,
    ],
  });
};

/**
 * scaleByParamBlockRms(ε₂): each leaf u of the updates times max(ε₂, RMS(θ)), θ the leaf's parameter
 * (Shazeer & Stern 2018, relative step size: the step is a fraction of the parameter's scale). Stateless; needs
 * the parameters; ε₂ a finite number ≥ 0 (PyTorch's default 1e-3).
 *
 * @example
 * const relative = chain(scaleByFactoredRms(), scaleByParamBlockRms(1e-3), scaleByLearningRate(1e-2));
 */
export const scaleByParamBlockRms = (eps2 = 1e-3): GradientTransformation<EmptyKind> => {
  const where = 'scaleByParamBlockRms';
  checkNumber(where, 'eps2', nonNegative, eps2);
  return bounded<EmptyKind>(where, {
    spec: {},
    init: () => ({}),
    update: (updates, state, params) => [
      treeZipLeaves(updates, requireParams(where, params), (u, p) =>
        leaf2('mul', u, leaf2('maximum', leafRms(p), eps2)),
      ),
      state,
    ],
  });
};
