/** Adagrad's preconditioner. */
import type { GradientTransformation, StateKind } from '../transformation.js';
import type { Like } from '../../core/tree.js';
import { eagerTensorTrees, leafOf, pickTree, stepLeaves } from './fusion.js';
import { adagradLeafStep } from './leaf-steps.js';
import type { KeySet } from '../../core/options.js';
import { bounded } from '../boundary.js';
import { checkNumber, checkOptions, nonNegative, positive } from '../ranges.js';
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

/** Options of `scaleByAdagrad`, PyTorch's defaults. */
export interface ScaleByAdagradOptions {
  /** G₀, the initial value of the sum of squared gradients (default 0; ≥ 0). */
  readonly initialAccumulator?: number;
  /** ε, added to the denominator: g / (√G + ε) (default 1e-10; > 0). */
  readonly eps?: number;
}

const adagradKeys: KeySet<ScaleByAdagradOptions> = { initialAccumulator: true, eps: true };

/**
 * scaleByAdagrad (Duchi et al. 2011): Gₜ = Gₜ₋₁ + gₜ², G₀ = `initialAccumulator` (default 0);
 * u = gₜ / (√Gₜ + ε) (default ε 1e-10, PyTorch's). PyTorch's `lr_decay` is the schedule `inverseTimeDecay`.
 *
 * @example
 * const adagrad = chain(scaleByAdagrad(), scaleByLearningRate(0.01));
 */
export const scaleByAdagrad = (o: ScaleByAdagradOptions = {}): GradientTransformation<ScaleByAdagradKind> => {
  const where = 'scaleByAdagrad';
  checkOptions(where, o, adagradKeys);
  const initialAccumulator = checkNumber(where, 'initialAccumulator', nonNegative, o.initialAccumulator, 0);
  const eps = checkNumber(where, 'eps', positive, o.eps, 1e-10);
  return bounded<ScaleByAdagradKind>(where, {
    spec: { sum: 'like' },
    init: (params) => ({ sum: treeFullLike(params, initialAccumulator) }),
    update: (g, state) => {
      if (eagerTensorTrees([g, state.sum])) {
        // The same passes leaf by leaf, each leaf one fused kernel where the backend takes it (leaf-steps.ts).
        const o = { eps, weightDecay: 0, scale: null };
        const outs = stepLeaves([state.sum, g], ([s, gi]) => adagradLeafStep(leafOf(s), leafOf(gi), null, o));
        return [pickTree(g, outs, 1), { sum: pickTree(state.sum, outs, 0) }];
      }
      const sum = treeAdd(state.sum, treeSquare(g));
      return [treeDiv(g, treeAddScalar(treeSqrt(sum), eps)), { sum }];
    },
  });
};
