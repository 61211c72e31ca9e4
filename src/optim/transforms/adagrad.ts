/** Adagrad's preconditioner. */
import type { GradientTransformation, StateKind } from '../transformation.js';
import type { Like } from '../../core/tree.js';
import { treeAdd, treeAddScalar, treeDiv, treeFullLike, treeSqrt, treeSquare } from '../tree-math.js';

/** The state of `scaleByAdagrad`: the running sum of squared gradients. */
export interface ScaleByAdagradState<P> {
  /** Gₜ = Gₜ₋₁ + gₜ², elementwise, shaped like the parameters (G₀ = `initialAccumulator`). */
  readonly sum: Like<P>;
}

/** The kind of `scaleByAdagrad`. */
export interface ScaleByAdagradKind extends StateKind {
  /** The state: `ScaleByAdagradState` of the parameters. */
  readonly S: ScaleByAdagradState<this['P']>;
}

/**
 * scaleByAdagrad (Duchi et al. 2011): Gₜ = Gₜ₋₁ + gₜ², G₀ = `initialAccumulator` (default 0);
 * u = gₜ / (√Gₜ + ε) (default ε 1e-10, PyTorch's). PyTorch's `lr_decay` is the schedule `inverseTimeDecay`.
 *
 * @example
 * const adagrad = chain(scaleByAdagrad(), scaleByLearningRate(0.01));
 */
export const scaleByAdagrad = (
  o: { readonly initialAccumulator?: number; readonly eps?: number } = {},
): GradientTransformation<ScaleByAdagradKind> => {
  const { initialAccumulator = 0, eps = 1e-10 } = o;
  return {
    init: (params) => ({ sum: treeFullLike(params, initialAccumulator) }),
    update: (g, state) => {
      const sum = treeAdd(state.sum, treeSquare(g));
      return [treeDiv(g, treeAddScalar(treeSqrt(sum), eps)), { sum }];
    },
  };
};
