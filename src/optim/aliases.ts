/**
 * The optimizers a user reaches for, each a one-line chain of transforms with PyTorch's defaults and
 * semantics (torch.optim). `lr` may be a number or a schedule of the step count. sgd, adam, adamw, rmsprop and
 * adagrad are their chains with the passes fused per leaf (transforms/*-chain*.ts: same state, same bits).
 */
import { type ChainKind, chain } from './chain.js';
import { type Schedule, constant } from './schedules.js';
import type { EmptyKind, GradientTransformation } from './transformation.js';
import type { ScaleByAdagradKind } from './transforms/adagrad.js';
import type { ScaleByAdamKind } from './transforms/adam.js';
import { adamChain, adamwChain } from './transforms/adam-chain.js';
import { sgdChain } from './transforms/sgd-chain.js';
import { adagradChain, rmspropChain } from './transforms/precondition-chains.js';
import type { ScaleByRmsKind } from './transforms/rms.js';
import { type LearningRateKind, scaleByLearningRate } from './transforms/scale.js';
import { type EmaKind, type TraceKind, ema } from './transforms/trace.js';
import type { KeySet } from '../core/options.js';
import { renamed } from './boundary.js';
import {
  checkBoolean,
  checkNesterov,
  checkNumber,
  checkOptions,
  checkRate,
  closedUnitInterval,
  nonNegative,
  positive,
  unitInterval,
} from './ranges.js';

/** A learning rate: a number or a schedule. */
export type LearningRate = number | Schedule;

/** The kind of `sgd` and `momentum`: [weight decay, momentum trace, learning rate]. */
export type SgdKind = ChainKind<readonly [EmptyKind, TraceKind, LearningRateKind]>;

/** Options of `sgd` (torch.optim.SGD). */
export interface SgdOptions {
  /** η, the learning rate: θ ← θ − η·d; a number or a schedule η(t) of the update count t (default 1e-3; ≥ 0). */
  readonly lr?: LearningRate;
  /** μ, the momentum: bₜ = μ·bₜ₋₁ + (1 − τ)·g (default 0, no buffer; ≥ 0). */
  readonly momentum?: number;
  /** τ, the dampening of the gradient entering the momentum buffer (default 0; in [0, 1]). */
  readonly dampening?: number;
  /** Nesterov momentum, d = g + μ·b (default false; needs momentum > 0 and dampening 0). */
  readonly nesterov?: boolean;
  /** λ, L2 penalty coupled into the gradient: g ← g + λ·θ (default 0; ≥ 0). */
  readonly weightDecay?: number;
}

/**
 * sgd (torch.optim.SGD; defaults lr 1e-3, momentum 0, dampening 0, weight decay 0):
 *   g ← g + λθ;  b₁ = g, bₜ = μbₜ₋₁ + (1 − τ)g;  d = b (or g + μb with Nesterov; d = g when μ = 0);  θ ← θ − η·d
 *
 * @example
 * const opt = sgd({ lr: 0.1 });
 */
export const sgd = (o: SgdOptions = {}): GradientTransformation<SgdKind> => {
  const where = 'sgd';
  checkOptions(where, o, sgdKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-3);
  const momentum = checkNumber(where, 'momentum', nonNegative, o.momentum, 0);
  const dampening = checkNumber(where, 'dampening', closedUnitInterval, o.dampening, 0);
  const nesterov = checkBoolean(where, 'nesterov', o.nesterov, false);
  const weightDecay = checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, 0);
  checkNesterov(where, nesterov, 'momentum', momentum, dampening);
  // chain(coupledWeightDecay(weightDecay), trace({ momentum, dampening, nesterov }), scaleByLearningRate(lr)), fused
  return renamed(where, sgdChain({ lr, momentum, dampening, nesterov, weightDecay }));
};

const sgdKeys: KeySet<SgdOptions> = { lr: true, momentum: true, dampening: true, nesterov: true, weightDecay: true };

/** Options of `momentum`: SGD's, with a momentum of 0.9 by default. */
export interface MomentumOptions {
  /** η, the learning rate: θ ← θ − η·v; a number or a schedule η(t) of the update count t (default 1e-3; ≥ 0). */
  readonly lr?: LearningRate;
  /** β, the momentum: v ← β·v + (1 − τ)·g (default 0.9; in [0, 1)). */
  readonly momentum?: number;
  /** τ, the dampening of the gradient entering the buffer (default 0; in [0, 1]). */
  readonly dampening?: number;
  /** Nesterov momentum, θ ← θ − η·(g + β·v) (default false; needs β > 0 and dampening 0). */
  readonly nesterov?: boolean;
  /** λ, L2 penalty coupled into the gradient: g ← g + λ·θ (default 0; ≥ 0). */
  readonly weightDecay?: number;
}

/**
 * momentum, PyTorch's (heavy-ball) form (default β 0.9): v ← βv + g (v₁ = g);  θ ← θ − η·v
 * (Nesterov: θ ← θ − η·(g + βv)). It is `sgd` with momentum β. For the EMA form see `emaMomentum`.
 *
 * @example
 * const opt = momentum({ lr: 0.01, momentum: 0.9, nesterov: true });
 */
export const momentum = (o: MomentumOptions = {}): GradientTransformation<SgdKind> => {
  const where = 'momentum';
  checkOptions(where, o, momentumKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-3);
  const beta = checkNumber(where, 'momentum', unitInterval, o.momentum, 0.9);
  const dampening = checkNumber(where, 'dampening', closedUnitInterval, o.dampening, 0);
  const nesterov = checkBoolean(where, 'nesterov', o.nesterov, false);
  const weightDecay = checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, 0);
  checkNesterov(where, nesterov, 'momentum', beta, dampening);
  return renamed(where, sgd({ lr, momentum: beta, dampening, nesterov, weightDecay }));
};

const momentumKeys: KeySet<MomentumOptions> = {
  lr: true,
  momentum: true,
  dampening: true,
  nesterov: true,
  weightDecay: true,
};

/** The kind of `emaMomentum`: [EMA, learning rate]. */
export type EmaMomentumKind = ChainKind<readonly [EmaKind, LearningRateKind]>;

/** Options of `emaMomentum`. */
export interface EmaMomentumOptions {
  /** η, the learning rate: θ ← θ − η·v; a number or a schedule η(t) of the update count t (default 1e-3; ≥ 0). */
  readonly lr?: LearningRate;
  /** β, the momentum (the decay of the average): v ← β·v + (1 − β)·g (default 0.9; in [0, 1)). */
  readonly momentum?: number;
  /** Divide v by the bias correction 1 − βᵗ: θ ← θ − η·v / (1 − βᵗ) (default false). */
  readonly biasCorrection?: boolean;
}

/**
 * emaMomentum, the exponential-moving-average form (default β 0.9, lr 1e-3):
 *   v ← βv + (1 − β)g (v₀ = 0);  θ ← θ − η·v   (or η·v / (1 − βᵗ) with `biasCorrection`)
 *
 * @example
 * const opt = emaMomentum({ lr: 0.1, momentum: 0.9 });
 */
export const emaMomentum = (o: EmaMomentumOptions = {}): GradientTransformation<EmaMomentumKind> => {
  const where = 'emaMomentum';
  checkOptions(where, o, emaMomentumKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-3);
  const beta = checkNumber(where, 'momentum', unitInterval, o.momentum, 0.9);
  const biasCorrection = checkBoolean(where, 'biasCorrection', o.biasCorrection, false);
  return renamed(where, chain(ema({ momentum: beta, biasCorrection }), scaleByLearningRate(lr)));
};

const emaMomentumKeys: KeySet<EmaMomentumOptions> = { lr: true, momentum: true, biasCorrection: true };

/** The kind of `rmsprop`: [weight decay, RMS, momentum trace, learning rate]. */
export type RmspropKind = ChainKind<readonly [EmptyKind, ScaleByRmsKind, TraceKind, LearningRateKind]>;

/** Options of `rmsprop` (torch.optim.RMSprop). */
export interface RmspropOptions {
  /** η, the learning rate: θ ← θ − η·d; a number or a schedule η(t) of the update count t (default 1e-2; ≥ 0). */
  readonly lr?: LearningRate;
  /** α, the smoothing constant: ν ← α·ν + (1 − α)·g² (default 0.99; in [0, 1)). */
  readonly alpha?: number;
  /** ε, added to the denominator: d = g / (√ν + ε) (default 1e-8; > 0). */
  readonly eps?: number;
  /** λ, L2 penalty coupled into the gradient: g ← g + λ·θ (default 0; ≥ 0). */
  readonly weightDecay?: number;
  /** m, momentum on the preconditioned step: b ← m·b + d, d = b (default 0, no buffer; ≥ 0). */
  readonly momentum?: number;
  /** Divide by the centered estimate √(ν − μ²), μ ← α·μ + (1 − α)·g, instead of √ν (default false). */
  readonly centered?: boolean;
  /** √(ν + ε) instead of PyTorch's √ν + ε (default false). */
  readonly epsInsideSqrt?: boolean;
}

/**
 * rmsprop (torch.optim.RMSprop; defaults lr 1e-2, α 0.99, ε 1e-8, momentum 0, not centered), ε outside the root:
 *   g ← g + λθ;  ν ← αν + (1 − α)g²;  (centered: μ ← αμ + (1 − α)g, ν̃ = ν − μ²)
 *   d = g / (√ν̃ + ε);  b ← mb + d (if m > 0, d = b);  θ ← θ − η·d
 *
 * @example
 * const opt = rmsprop({ lr: 0.1, alpha: 0.9 });
 */
export const rmsprop = (o: RmspropOptions = {}): GradientTransformation<RmspropKind> => {
  const where = 'rmsprop';
  checkOptions(where, o, rmspropKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-2);
  const alpha = checkNumber(where, 'alpha', unitInterval, o.alpha, 0.99);
  const eps = checkNumber(where, 'eps', positive, o.eps, 1e-8);
  const weightDecay = checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, 0);
  const m = checkNumber(where, 'momentum', nonNegative, o.momentum, 0);
  const centered = checkBoolean(where, 'centered', o.centered, false);
  const epsInsideSqrt = checkBoolean(where, 'epsInsideSqrt', o.epsInsideSqrt, false);
  // chain(coupledWeightDecay(weightDecay), scaleByRms({ alpha, eps, centered, epsInsideSqrt }), trace({ momentum: m }),
  //   scaleByLearningRate(lr)), fused
  return renamed(where, rmspropChain({ lr, alpha, eps, weightDecay, momentum: m, centered, epsInsideSqrt }));
};

const rmspropKeys: KeySet<RmspropOptions> = {
  lr: true,
  alpha: true,
  eps: true,
  weightDecay: true,
  momentum: true,
  centered: true,
  epsInsideSqrt: true,
};

/** The kind of `adam`: [weight decay, Adam, learning rate]. */
export type AdamKind = ChainKind<readonly [EmptyKind, ScaleByAdamKind, LearningRateKind]>;

/** Options of `adam` and `adamw` (torch.optim.Adam, AdamW). */
export interface AdamOptions {
  /**
   * η, the learning rate: θ ← θ − η·m̂ / (√v̂ + ε); a number or a schedule η(t) of the update count t
   * (default 1e-3; ≥ 0).
   */
  readonly lr?: LearningRate;
  /** Exponential decay rate of the first moment: m ← β₁·m + (1 − β₁)·g (default 0.9; in [0, 1)). */
  readonly beta1?: number;
  /** Exponential decay rate of the second moment: v ← β₂·v + (1 − β₂)·g² (default 0.999; in [0, 1)). */
  readonly beta2?: number;
  /** ε, added to the denominator: m̂ / (√v̂ + ε) (default 1e-8; > 0). */
  readonly eps?: number;
  /**
   * λ, weight decay (≥ 0). `adam`: coupled L2, g ← g + λ·θ (default 0). `adamw`: decoupled, θ ← θ − η·λ·θ
   * (default 1e-2).
   */
  readonly weightDecay?: number;
  /** AMSGrad: divide by the running maximum v̄ ← max(v̄, v) instead of v (Reddi et al. 2018; default false). */
  readonly amsgrad?: boolean;
}

/**
 * adam (torch.optim.Adam; defaults lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, weight decay 0 coupled):
 *   g ← g + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  (AMSGrad: v ← max(v_max, v))
 *   θ ← θ − η · (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε)
 *
 * @example
 * const opt = adam({ lr: 1e-3 });
 */
export const adam = (o: AdamOptions = {}): GradientTransformation<AdamKind> => {
  const { lr, beta1, beta2, eps, weightDecay, amsgrad } = adamOptions('adam', o, 0);
  // chain(coupledWeightDecay(weightDecay), scaleByAdam({ beta1, beta2, eps, amsgrad }), scaleByLearningRate(lr)), fused
  return renamed('adam', adamChain({ beta1, beta2, eps, amsgrad, weightDecay, lr }));
};

const adamKeys: KeySet<AdamOptions> = {
  lr: true,
  beta1: true,
  beta2: true,
  eps: true,
  weightDecay: true,
  amsgrad: true,
};

/** adam's and adamw's options checked, with the defaults filled in (`weightDecay` is theirs). */
const adamOptions = (where: string, o: AdamOptions, weightDecay: number): Required<AdamOptions> => {
  checkOptions(where, o, adamKeys);
  return {
    lr: checkRate(where, 'lr', o.lr, 1e-3),
    beta1: checkNumber(where, 'beta1', unitInterval, o.beta1, 0.9),
    beta2: checkNumber(where, 'beta2', unitInterval, o.beta2, 0.999),
    eps: checkNumber(where, 'eps', positive, o.eps, 1e-8),
    weightDecay: checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, weightDecay),
    amsgrad: checkBoolean(where, 'amsgrad', o.amsgrad, false),
  };
};

/** The kind of `adamw`: [Adam, decoupled weight decay, learning rate]. */
export type AdamwKind = ChainKind<readonly [ScaleByAdamKind, EmptyKind, LearningRateKind]>;

/**
 * adamw (torch.optim.AdamW; as `adam` but weight decay decoupled, default λ 1e-2):
 *   θ ← θ − η·λ·θ − η · (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε), with m, v from g alone.
 *
 * @example
 * const opt = adamw({ lr: 1e-3, weightDecay: 1e-2 });
 */
export const adamw = (o: AdamOptions = {}): GradientTransformation<AdamwKind> => {
  const { lr, beta1, beta2, eps, weightDecay, amsgrad } = adamOptions('adamw', o, 1e-2);
  // chain(scaleByAdam({ beta1, beta2, eps, amsgrad }), addDecayedWeights(weightDecay), scaleByLearningRate(lr)), fused
  return renamed('adamw', adamwChain({ beta1, beta2, eps, amsgrad, weightDecay, lr }));
};

/** The kind of `adagrad`: [weight decay, Adagrad, learning rate]. */
export type AdagradKind = ChainKind<readonly [EmptyKind, ScaleByAdagradKind, LearningRateKind]>;

/** Options of `adagrad` (torch.optim.Adagrad). */
export interface AdagradOptions {
  /** η, the base learning rate; a number or a schedule η(t) of the update count t (default 1e-2; ≥ 0). */
  readonly lr?: LearningRate;
  /** Decay of the rate with the update count t (0-based): ηₜ = η / (1 + t·lrDecay) (default 0; ≥ 0). */
  readonly lrDecay?: number;
  /** λ, L2 penalty coupled into the gradient: g ← g + λ·θ (default 0; ≥ 0). */
  readonly weightDecay?: number;
  /** G₀, the initial value of the sum of squared gradients G ← G + g² (default 0; ≥ 0). */
  readonly initialAccumulator?: number;
  /** ε, added to the denominator: g / (√G + ε) (default 1e-10; > 0). */
  readonly eps?: number;
}

/**
 * adagrad (torch.optim.Adagrad; defaults lr 1e-2, lr decay 0, G₀ 0, ε 1e-10):
 *   g ← g + λθ;  ηₜ = η / (1 + (t − 1)·lr_decay);  G ← G + g²;  θ ← θ − ηₜ · g / (√G + ε)
 *
 * @example
 * const opt = adagrad({ lr: 0.1, lrDecay: 1e-3 });
 */
export const adagrad = (o: AdagradOptions = {}): GradientTransformation<AdagradKind> => {
  const where = 'adagrad';
  checkOptions(where, o, adagradKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-2);
  const lrDecay = checkNumber(where, 'lrDecay', nonNegative, o.lrDecay, 0);
  const weightDecay = checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, 0);
  const initialAccumulator = checkNumber(where, 'initialAccumulator', nonNegative, o.initialAccumulator, 0);
  const eps = checkNumber(where, 'eps', positive, o.eps, 1e-10);
  const base = typeof lr === 'number' ? constant(lr) : lr;
  const rate: Schedule = lrDecay === 0 ? base : (t) => base(t) / (1 + t * lrDecay);
  // chain(coupledWeightDecay(weightDecay), scaleByAdagrad({ initialAccumulator, eps }), scaleByLearningRate(rate)),
  // fused
  return renamed(where, adagradChain({ lr: rate, weightDecay, initialAccumulator, eps }));
};

const adagradKeys: KeySet<AdagradOptions> = {
  lr: true,
  lrDecay: true,
  weightDecay: true,
  initialAccumulator: true,
  eps: true,
};
