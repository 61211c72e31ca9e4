/**
 * adam's and adamw's chains with their passes fused. `adam` is chain(coupledWeightDecay(λ), scaleByAdam,
 * scaleByLearningRate(η)) and `adamw` chain(scaleByAdam, addDecayedWeights(λ), scaleByLearningRate(η)); run as
 * written, each leaf takes Adam's loop, then a pass for the weight decay and one for the learning rate. Here,
 * when every leaf is an eager tensor (one dtype and shape across the gradient, the moments and, with weight
 * decay, the parameter), the three are one loop per leaf (one WebAssembly kernel on that backend), doing the
 * passes' operations in their order with their roundings: the updates and the state are the chain's, bit for
 * bit. Any other tree (number leaves, mixed dtypes, values being jitted) runs the chain itself. The state's
 * layout, `init`, and the boundary's checks and errors are the chain's.
 */
import { type Like, leaves } from '../../core/tree.js';
import { type ChainKind, chain } from '../chain.js';
import type { Schedule } from '../schedules.js';
import type { EmptyKind, GradientTransformation, StateOf } from '../transformation.js';
import { bounded, uncheckedOf } from '../boundary.js';
import {
  type AdamLeafStepper,
  type AdamRates,
  type ScaleByAdamKind,
  type ScaleByAdamState,
  adamUpdate,
  scaleByAdam,
} from './adam.js';
import { type AdamFusion, adamLeafFused } from './adam-step.js';
import { type LearningRateKind, learningRateStep, scaleByLearningRate } from './scale.js';
import { addDecayedWeights, coupledWeightDecay } from './weight-decay.js';
import { eagerTensorTrees } from './fusion.js';

/** The kind of adam's chain: [coupled weight decay, Adam, learning rate] (`AdamKind` of the aliases). */
export type AdamChainKind = ChainKind<readonly [EmptyKind, ScaleByAdamKind, LearningRateKind]>;

/** The kind of adamw's chain: [Adam, decoupled weight decay, learning rate] (`AdamwKind` of the aliases). */
export type AdamwChainKind = ChainKind<readonly [ScaleByAdamKind, EmptyKind, LearningRateKind]>;

/** The hyperparameters of adam's and adamw's chains, checked by the caller. */
export interface AdamChainOptions extends AdamRates {
  /** AMSGrad's running maximum of v. */
  readonly amsgrad: boolean;
  /** λ, the weight decay (0: none). */
  readonly weightDecay: number;
  /** η, the learning rate: a number or a schedule of the step count. */
  readonly lr: number | Schedule;
}

/**
 * The fused leaf step of one update: each leaf's Adam step with the weight decay λ·p (`decay` says where) and
 * the scale s in its loop. Only called on trees `fusable` accepted.
 */
const fusedStep = (params: unknown, weightDecay: number, decay: AdamFusion['decay'], s: number): AdamLeafStepper => {
  const ps = weightDecay === 0 ? null : leaves(params);
  return (mu, nu, nuMax, g, c, i) => {
    const step = adamLeafFused(mu, nu, nuMax, g, c, { p: ps?.[i] ?? null, weightDecay, decay, scale: s });
    if (step === undefined) throw new Error('internal: adam refused to fuse a leaf its chain had checked');
    return step;
  };
};

/** True when the step count is a number and every tree is of eager tensors of one layout (see fusion.ts). */
const fusable = (g: unknown, state: ScaleByAdamState<unknown>, params: unknown, weightDecay: number): boolean =>
  typeof state.count === 'number' &&
  eagerTensorTrees([g, state.mu, state.nu, ...(state.nuMax === null ? [] : [state.nuMax])]) &&
  (weightDecay === 0 || eagerTensorTrees([g, params]));

/**
 * adamChain(o): adam's chain, chain(coupledWeightDecay(λ), scaleByAdam, scaleByLearningRate(η)), with its
 * passes fused per leaf: g ← g + λp;  Adam's m, v, (max v) and u;  u ← −η(t)·u, in one loop.
 */
export const adamChain = (o: AdamChainOptions): GradientTransformation<AdamChainKind> => {
  const lr = scaleByLearningRate(o.lr);
  const plain = uncheckedOf(chain(coupledWeightDecay(o.weightDecay), scaleByAdam(adamOptions(o)), lr));
  return bounded<AdamChainKind>('chain', {
    ...plain,
    update: <P>(
      g: Like<P>,
      state: StateOf<AdamChainKind, P>,
      params?: P,
    ): readonly [Like<P>, StateOf<AdamChainKind, P>] => {
      const [decayState, adamState, lrState] = state;
      if (
        (o.weightDecay !== 0 && params === undefined) ||
        typeof lrState.count !== 'number' ||
        !fusable(g, adamState, params, o.weightDecay)
      ) {
        return plain.update(g, state, params);
      }
      const [s, nextLr] = learningRateStep(lr, lrState);
      const [u, nextAdam] = adamUpdate(g, adamState, o, fusedStep(params, o.weightDecay, 'coupled', s));
      return [u, [decayState, nextAdam, nextLr]];
    },
  });
};

/**
 * adamwChain(o): adamw's chain, chain(scaleByAdam, addDecayedWeights(λ), scaleByLearningRate(η)), with its
 * passes fused per leaf: Adam's m, v, (max v) and u;  u ← u + λp;  u ← −η(t)·u, in one loop.
 */
export const adamwChain = (o: AdamChainOptions): GradientTransformation<AdamwChainKind> => {
  const lr = scaleByLearningRate(o.lr);
  const plain = uncheckedOf(chain(scaleByAdam(adamOptions(o)), addDecayedWeights(o.weightDecay), lr));
  return bounded<AdamwChainKind>('chain', {
    ...plain,
    update: <P>(
      g: Like<P>,
      state: StateOf<AdamwChainKind, P>,
      params?: P,
    ): readonly [Like<P>, StateOf<AdamwChainKind, P>] => {
      const [adamState, decayState, lrState] = state;
      if (
        (o.weightDecay !== 0 && params === undefined) ||
        typeof lrState.count !== 'number' ||
        !fusable(g, adamState, params, o.weightDecay)
      ) {
        return plain.update(g, state, params);
      }
      const [s, nextLr] = learningRateStep(lr, lrState);
      const [u, nextAdam] = adamUpdate(g, adamState, o, fusedStep(params, o.weightDecay, 'decoupled', s));
      return [u, [nextAdam, decayState, nextLr]];
    },
  });
};

const adamOptions = (o: AdamChainOptions): { beta1: number; beta2: number; eps: number; amsgrad: boolean } => ({
  beta1: o.beta1,
  beta2: o.beta2,
  eps: o.eps,
  amsgrad: o.amsgrad,
});
