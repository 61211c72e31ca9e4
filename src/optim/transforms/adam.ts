/** Adam's preconditioner, with AMSGrad. */
import type { GradientTransformation, StateKind } from '../transformation.ts';
import type { Like } from '../../core/tree.ts';
import {
  treeAddScalar,
  treeDiv,
  treeDivScalar,
  treeEma,
  treeEmaSquare,
  treeMaximum,
  treeSqrt,
  treeZerosLike,
} from '../tree-math.ts';

/** The state of `scaleByAdam`: `count` = t, m (`mu`) and v (`nu`), and max v (`nuMax`, AMSGrad only, else null). */
export interface ScaleByAdamState<P> {
  readonly count: number;
  readonly mu: Like<P>;
  readonly nu: Like<P>;
  readonly nuMax: Like<P> | null;
}

/** The kind of `scaleByAdam`. */
export interface ScaleByAdamKind extends StateKind {
  readonly S: ScaleByAdamState<this['P']>;
}

/** Options of `scaleByAdam`, PyTorch's defaults. */
export interface ScaleByAdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  /** Divide by the running maximum of v (Reddi et al. 2018, AMSGrad; default false). */
  readonly amsgrad?: boolean;
}

/**
 * scaleByAdam (Kingma & Ba 2015):
 *   mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ;  vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ²;  (AMSGrad: v̄ₜ = max(v̄ₜ₋₁, vₜ) replaces vₜ)
 *   u = (mₜ / (1 − β₁ᵗ)) / (√vₜ / √(1 − β₂ᵗ) + ε)     (defaults β₁ 0.9, β₂ 0.999, ε 1e-8)
 * evaluated in PyTorch's order.
 *
 * @example
 * const adam = chain(scaleByAdam(), scaleByLearningRate(1e-3));
 */
export const scaleByAdam = (o: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamKind> => {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, amsgrad = false } = o;
  return {
    init: (params) => ({
      count: 0,
      mu: treeZerosLike(params),
      nu: treeZerosLike(params),
      nuMax: amsgrad ? treeZerosLike(params) : null,
    }),
    update: (g, state) => {
      const count = state.count + 1;
      const mu = treeEma(state.mu, g, beta1);
      const nu = treeEmaSquare(state.nu, g, beta2);
      const nuMax = state.nuMax === null ? null : treeMaximum(state.nuMax, nu);
      const bc1 = 1 - beta1 ** count;
      const bc2Sqrt = Math.sqrt(1 - beta2 ** count);
      const denom = treeAddScalar(treeDivScalar(treeSqrt(nuMax ?? nu), bc2Sqrt), eps);
      return [treeDiv(treeDivScalar(mu, bc1), denom), { count, mu, nu, nuMax }];
    },
  };
};
