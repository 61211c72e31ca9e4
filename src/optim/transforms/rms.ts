/** RMSProp's preconditioner. */
import type { GradientTransformation, StateKind } from '../transformation.js';
import { type Like, leaves } from '../../core/tree.js';
import { eagerTensorTrees, leafOf, pickTree, stepLeaves } from './fusion.js';
import { rmsLeafStep } from './leaf-steps.js';
import type { KeySet } from '../../core/options.js';
import { bounded } from '../boundary.js';
import { checkBoolean, checkNumber, checkOptions, nonNegative, positive, unitInterval } from '../ranges.js';
import {
  treeAddScalar,
  treeDiv,
  treeEma,
  treeEmaSquare,
  treeFullLike,
  treeSqrt,
  treeSub,
  treeSquare,
} from '../tree-math.js';

/** The state of `scaleByRms`: ν the average of g², and μ the average of g (centered only, else null). */
export interface ScaleByRmsState<P> {
  /** νₜ = α·νₜ₋₁ + (1 − α)·gₜ², elementwise, shaped like the parameters (ν₀ = `initialScale`). */
  readonly nu: Like<P>;
  /** μₜ = α·μₜ₋₁ + (1 − α)·gₜ (μ₀ = 0) when `centered`; null otherwise. */
  readonly mu: Like<P> | null;
}

/** The kind of `scaleByRms`. */
export interface ScaleByRmsKind extends StateKind {
  /** The state: `ScaleByRmsState` of the parameters. */
  readonly S: ScaleByRmsState<this['P']>;
}

/** Options of `scaleByRms`, PyTorch's defaults. */
export interface ScaleByRmsOptions {
  /** α, the smoothing constant of the averages: νₜ = α·νₜ₋₁ + (1 − α)·gₜ² (default 0.99, PyTorch's; in [0, 1)). */
  readonly alpha?: number;
  /** ε (default 1e-8; > 0). */
  readonly eps?: number;
  /** Put ε inside the square root, √(ν + ε), instead of PyTorch's √ν + ε (default false). */
  readonly epsInsideSqrt?: boolean;
  /** Divide by the standard deviation √(ν − μ²) instead of √ν (default false; Graves 2013). */
  readonly centered?: boolean;
  /** ν₀, the initial value of ν (default 0; ≥ 0). */
  readonly initialScale?: number;
}

const rmsKeys: KeySet<ScaleByRmsOptions> = {
  alpha: true,
  eps: true,
  epsInsideSqrt: true,
  centered: true,
  initialScale: true,
};

/**
 * scaleByRms (Tieleman & Hinton 2012, RMSProp):
 *   νₜ = α·νₜ₋₁ + (1 − α)·gₜ²;  μₜ = α·μₜ₋₁ + (1 − α)·gₜ (centered);
 *   u = gₜ / (√(νₜ − μₜ²) + ε), or with ε inside the root, gₜ / √(νₜ − μₜ² + ε) (μ = 0 when not centered).
 *
 * @example
 * const rmsprop = chain(scaleByRms({ alpha: 0.9 }), scaleByLearningRate(0.01));
 */
export const scaleByRms = (o: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsKind> => {
  const where = 'scaleByRms';
  checkOptions(where, o, rmsKeys);
  const decay = checkNumber(where, 'alpha', unitInterval, o.alpha, 0.99);
  const eps = checkNumber(where, 'eps', positive, o.eps, 1e-8);
  const epsInsideSqrt = checkBoolean(where, 'epsInsideSqrt', o.epsInsideSqrt, false);
  const centered = checkBoolean(where, 'centered', o.centered, false);
  const initialScale = checkNumber(where, 'initialScale', nonNegative, o.initialScale, 0);
  return bounded<ScaleByRmsKind>(where, {
    spec: { nu: 'like', mu: centered ? 'like' : 'null' },
    init: (params) => ({ nu: treeFullLike(params, initialScale), mu: centered ? treeFullLike(params, 0) : null }),
    update: (g, state) => {
      if (eagerTensorTrees([g, state.nu, ...(state.mu === null ? [] : [state.mu])])) {
        // The same passes leaf by leaf, each leaf one fused kernel where the backend takes it (leaf-steps.ts).
        const mus = state.mu === null ? null : leaves(state.mu);
        const o = { decay, eps, epsInsideSqrt, weightDecay: 0, momentum: 0, started: false, scale: null };
        const outs = stepLeaves([state.nu, g], ([n, gi], i) => {
          const r = rmsLeafStep(leafOf(n), mus?.[i] ?? null, null, leafOf(gi), null, o);
          return r.mu === null ? [r.nu, r.u] : [r.nu, r.u, r.mu];
        });
        const mu = state.mu === null ? null : pickTree(state.mu, outs, 2);
        return [pickTree(g, outs, 1), { nu: pickTree(state.nu, outs, 0), mu }];
      }
      const nu = treeEmaSquare(state.nu, g, decay);
      const mu = state.mu === null ? null : treeEma(state.mu, g, decay);
      const variance = mu === null ? nu : treeSub(nu, treeSquare(mu));
      const denom = epsInsideSqrt ? treeSqrt(treeAddScalar(variance, eps)) : treeAddScalar(treeSqrt(variance), eps);
      return [treeDiv(g, denom), { nu, mu }];
    },
  });
};
