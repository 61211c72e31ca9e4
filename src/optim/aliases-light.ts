/**
 * Optimizers that keep less state than Adam: Lion (one moment, a sign step) and Adafactor (factored second
 * moments, a relative step size). Each is a chain of small transforms, like the aliases of aliases.ts.
 */
import { type ChainKind, chain } from './chain.js';
import { type Schedule, constant } from './schedules.js';
import type { CountKind, EmptyKind, GradientTransformation } from './transformation.js';
import { type ScaleByFactoredRmsKind, scaleByFactoredRms } from './transforms/factored.js';
import { clipByBlockRms, scaleByParamBlockRms } from './transforms/leaf-rms.js';
import { type ScaleByLionKind, scaleByLion } from './transforms/lion.js';
import { type LearningRateKind, scaleByLearningRate } from './transforms/scale.js';
import { addDecayedWeights, addRateDecayedWeights } from './transforms/weight-decay.js';
import type { LearningRate } from './aliases.js';
import type { KeySet } from '../core/options.js';
import { renamed } from './boundary.js';
import {
  atLeastOne,
  checkBoolean,
  checkNumber,
  checkOptions,
  checkRate,
  nonNegative,
  nonPositive,
  positive,
  unitInterval,
} from './ranges.js';

/** The kind of `lion`: [Lion's sign step, decoupled weight decay, learning rate]. */
export type LionKind = ChainKind<readonly [ScaleByLionKind, EmptyKind, LearningRateKind]>;

/** Options of `lion` (the defaults of the paper's reference implementation). */
export interface LionOptions {
  /**
   * η, the learning rate: θ ← θ − η·(sign(c) + λθ); a number or a schedule η(t) of the update count t
   * (default 1e-4; ≥ 0).
   */
  readonly lr?: LearningRate;
  /** β₁, the interpolation whose sign is the step: c = β₁·m + (1 − β₁)·g (default 0.9; in [0, 1)). */
  readonly beta1?: number;
  /** β₂, the decay of the momentum: m ← β₂·m + (1 − β₂)·g (default 0.99; in [0, 1)). */
  readonly beta2?: number;
  /** λ, decoupled weight decay: θ ← θ − η·λ·θ (default 0; ≥ 0). */
  readonly weightDecay?: number;
}

const lionKeys: KeySet<LionOptions> = { lr: true, beta1: true, beta2: true, weightDecay: true };

/**
 * lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"; defaults lr 1e-4, β₁ 0.9, β₂ 0.99,
 * λ 0):
 *   c = β₁·m + (1 − β₁)·g;  θ ← θ − η·(sign(c) + λθ);  m ← β₂·m + (1 − β₂)·g
 * The paper advises a learning rate 3–10× smaller than AdamW's and a λ 3–10× larger.
 *
 * @example
 * const opt = lion({ lr: 1e-4, weightDecay: 0.1 });
 */
export const lion = (o: LionOptions = {}): GradientTransformation<LionKind> => {
  const where = 'lion';
  checkOptions(where, o, lionKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-4);
  const beta1 = checkNumber(where, 'beta1', unitInterval, o.beta1, 0.9);
  const beta2 = checkNumber(where, 'beta2', unitInterval, o.beta2, 0.99);
  const weightDecay = checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, 0);
  return renamed(where, chain(scaleByLion({ beta1, beta2 }), addDecayedWeights(weightDecay), scaleByLearningRate(lr)));
};

/** The kind of `adafactor`: [factored second moment, update clipping, parameter scale, relative step, weight decay]. */
export type AdafactorKind = ChainKind<
  readonly [ScaleByFactoredRmsKind, EmptyKind, EmptyKind, LearningRateKind, CountKind]
>;

/** Options of `adafactor` (torch.optim.Adafactor's names and defaults; its `eps = (ε₁, ε₂)` as two options). */
export interface AdafactorOptions {
  /**
   * γ, the cap of the relative step size ρₜ = min(γ, 1/√t), and the rate of the weight decay θ ← θ − γλθ; a
   * number or a schedule γ(t) (default 1e-2; ≥ 0).
   */
  readonly lr?: LearningRate;
  /** τ, the decay exponent of the second moment: β̂₂ₜ = 1 − t^τ (default −0.8; ≤ 0). */
  readonly beta2Decay?: number;
  /** ε₁, the floor of the second moment's root: U = G / max(√V̂, ε₁) (default the dtype's machine epsilon; > 0). */
  readonly eps1?: number;
  /** ε₂, the floor of the parameter's RMS in the step size αₜ = max(ε₂, RMS(θ))·ρₜ (default 1e-3; ≥ 0). */
  readonly eps2?: number;
  /** d, the clipping threshold: Û = U / max(1, RMS(U)/d) (default 1; ≥ 1). */
  readonly d?: number;
  /** λ, decoupled weight decay at the learning rate: θ ← θ − γλθ (default 0; ≥ 0). */
  readonly weightDecay?: number;
  /** Ascend instead: G ← −∇f (default false; PyTorch's `maximize`). */
  readonly maximize?: boolean;
}

const adafactorKeys: KeySet<AdafactorOptions> = {
  lr: true,
  beta2Decay: true,
  eps1: true,
  eps2: true,
  d: true,
  weightDecay: true,
  maximize: true,
};

/**
 * adafactor (Shazeer & Stern 2018, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost"), as
 * torch.optim.Adafactor (defaults lr 1e-2, τ −0.8, ε₁ the dtype's epsilon, ε₂ 1e-3, d 1, λ 0, maximize false):
 *   β̂₂ₜ = 1 − t^τ;  ρₜ = min(γ, 1/√t);  αₜ = max(ε₂, RMS(θₜ₋₁))·ρₜ
 *   V̂ₜ: factored (Rₜ ⊙ Cₜ / max(mean(Rₜ), ε₁)) for matrices, β̂₂ₜV̂ₜ₋₁ + (1 − β̂₂ₜ)G² otherwise
 *   U = G / max(√V̂ₜ, ε₁);  Û = U / max(1, RMS(U)/d);  θₜ = θₜ₋₁ − γλθₜ₋₁ − αₜ·Û
 * Each parameter (each leaf) has its own RMS and ε₁ (torch takes ε₁ from the first parameter's dtype for all).
 * Tensors of rank ≥ 2 factor their last two axes.
 *
 * @example
 * const opt = adafactor({ lr: 1e-2 });
 */
export const adafactor = (o: AdafactorOptions = {}): GradientTransformation<AdafactorKind> => {
  const where = 'adafactor';
  checkOptions(where, o, adafactorKeys);
  const lr = checkRate(where, 'lr', o.lr, 1e-2);
  const beta2Decay = checkNumber(where, 'beta2Decay', nonPositive, o.beta2Decay, -0.8);
  const eps1 = o.eps1 === undefined ? undefined : checkNumber(where, 'eps1', positive, o.eps1);
  const eps2 = checkNumber(where, 'eps2', nonNegative, o.eps2, 1e-3);
  const d = checkNumber(where, 'd', atLeastOne, o.d, 1);
  const weightDecay = checkNumber(where, 'weightDecay', nonNegative, o.weightDecay, 0);
  const maximize = checkBoolean(where, 'maximize', o.maximize, false);
  const gamma: Schedule = typeof lr === 'number' ? constant(lr) : lr;
  const relativeStep: Schedule = (t) => Math.min(gamma(t), 1 / Math.sqrt(t + 1));
  return renamed(
    where,
    chain(
      scaleByFactoredRms(eps1 === undefined ? { beta2Decay } : { beta2Decay, eps1 }),
      clipByBlockRms(d),
      scaleByParamBlockRms(eps2),
      // U(−G) = −U(G) (V̂ reads G², the clipping |U|), so maximizing is the step's sign: the same bits as −G
      scaleByLearningRate(relativeStep, { flipSign: !maximize }),
      addRateDecayedWeights(gamma, weightDecay),
    ),
  );
};
