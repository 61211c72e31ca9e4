/** Lion's step direction: the sign of an interpolation between the momentum and the gradient. */
import type { GradientTransformation, StateKind } from '../transformation.js';
import type { Leaf, Like } from '../../core/tree.js';
import { computeUnary } from '../../core/compute.js';
import type { KeySet } from '../../core/options.js';
import { bounded } from '../boundary.js';
import { checkNumber, checkOptions, unitInterval } from '../ranges.js';
import { treeEma, treeMapLeaves, treeZerosLike } from '../tree-math.js';

/** The state of `scaleByLion`: the momentum m. */
export interface ScaleByLionState<P> {
  /** mₜ = β₂·mₜ₋₁ + (1 − β₂)·gₜ, elementwise, shaped like the parameters (m₀ = 0). */
  readonly mu: Like<P>;
}

/** The kind of `scaleByLion`. */
export interface ScaleByLionKind extends StateKind {
  /** The state: `ScaleByLionState` of the parameters. */
  readonly S: ScaleByLionState<this['P']>;
}

/** Options of `scaleByLion` (the paper's defaults). */
export interface ScaleByLionOptions {
  /** β₁, the interpolation whose sign is the step: c = β₁·m + (1 − β₁)·g (default 0.9; in [0, 1)). */
  readonly beta1?: number;
  /** β₂, the decay of the momentum: m ← β₂·m + (1 − β₂)·g (default 0.99; in [0, 1)). */
  readonly beta2?: number;
}

const lionKeys: KeySet<ScaleByLionOptions> = { beta1: true, beta2: true };

/** sign(x) for one leaf: 1, −1, or x itself for ±0 and NaN (the `sign` kernel's rule). */
const leafSign = (x: Leaf): Leaf => (typeof x === 'number' ? (x > 0 ? 1 : x < 0 ? -1 : x) : computeUnary('sign', x));

/**
 * scaleByLion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Lion):
 *   cₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ;  u = sign(cₜ);  mₜ = β₂·mₜ₋₁ + (1 − β₂)·gₜ   (defaults β₁ 0.9, β₂ 0.99)
 * Every coordinate of u is ±1 (or 0), so the learning rate after it sets the step's size alone.
 *
 * @example
 * const lion = chain(scaleByLion(), addDecayedWeights(0.1), scaleByLearningRate(1e-4));
 */
export const scaleByLion = (o: ScaleByLionOptions = {}): GradientTransformation<ScaleByLionKind> => {
  const where = 'scaleByLion';
  checkOptions(where, o, lionKeys);
  const beta1 = checkNumber(where, 'beta1', unitInterval, o.beta1, 0.9);
  const beta2 = checkNumber(where, 'beta2', unitInterval, o.beta2, 0.99);
  return bounded<ScaleByLionKind>(where, {
    spec: { mu: 'like' },
    init: (params) => ({ mu: treeZerosLike(params) }),
    update: (g, state) => {
      const c = treeEma(state.mu, g, beta1);
      return [treeMapLeaves(c, leafSign), { mu: treeEma(state.mu, g, beta2) }];
    },
  });
};
