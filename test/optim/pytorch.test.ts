/**
 * Every alias's first 50 steps against hand-written loops of torch.optim's formulas, in float64, to 1e-12,
 * on a bowl (a tensor leaf, gradients from `grad`) and on Rosenbrock (number leaves, gradients from `grad`).
 */
import { describe, it } from 'vitest';
import { adagrad, adam, adamw, emaMomentum, momentum, rmsprop, sgd } from '../../src/optim/index.ts';
import type { GradientTransformation } from '../../src/optim/index.ts';
import { bowlGradient, bowlParams, rosenGradient, rosenParams } from './problems.ts';
import {
  type Reference,
  bowlGrad,
  bowlStart,
  expectPathsClose,
  refAdagrad,
  refAdam,
  refEmaMomentum,
  refRmsprop,
  refSgd,
  rosenGrad,
  rosenStart,
  runOptimizer,
} from './reference.ts';

/** Runs both problems for one alias configuration (learning rates chosen per problem). */
const check = <K>(
  make: (lr: number) => GradientTransformation<K>,
  ref: (lr: number) => Reference,
  lrBowl: number,
  lrRosen: number,
): void => {
  expectPathsClose(runOptimizer(make(lrBowl), bowlParams, bowlGradient, 50), ref(lrBowl)(bowlStart, bowlGrad, 50));
  expectPathsClose(
    runOptimizer(make(lrRosen), rosenParams, rosenGradient, 50),
    ref(lrRosen)(rosenStart, rosenGrad, 50),
  );
};

describe('aliases match torch.optim for 50 steps (bowl and Rosenbrock)', () => {
  it('sgd, plain', () =>
    check(
      (lr) => sgd({ lr }),
      (lr) => refSgd({ lr }),
      0.02,
      2e-4,
    ));
  it('sgd, momentum with dampening and weight decay', () =>
    check(
      (lr) => sgd({ lr, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
      (lr) => refSgd({ lr, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
      0.02,
      2e-4,
    ));
  it('sgd, Nesterov', () =>
    check(
      (lr) => sgd({ lr, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
      (lr) => refSgd({ lr, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
      0.01,
      1e-4,
    ));
  it('momentum, heavy-ball form (v₁ = g₁)', () =>
    check(
      (lr) => momentum({ lr, momentum: 0.8 }),
      (lr) => refSgd({ lr, momentum: 0.8 }),
      0.02,
      2e-4,
    ));
  it('emaMomentum, EMA form, plain and debiased', () => {
    check(
      (lr) => emaMomentum({ lr, momentum: 0.9 }),
      (lr) => refEmaMomentum({ lr, momentum: 0.9 }),
      0.05,
      1e-3,
    );
    check(
      (lr) => emaMomentum({ lr, momentum: 0.9, biasCorrection: true }),
      (lr) => refEmaMomentum({ lr, momentum: 0.9, biasCorrection: true }),
      0.02,
      2e-4,
    );
  });
  it('rmsprop, defaults (ε outside the root)', () =>
    check(
      (lr) => rmsprop({ lr }),
      (lr) => refRmsprop({ lr, alpha: 0.99, eps: 1e-8 }),
      0.01,
      0.01,
    ));
  it('rmsprop, centered with momentum and weight decay', () =>
    check(
      (lr) => rmsprop({ lr, alpha: 0.9, centered: true, momentum: 0.5, weightDecay: 0.01 }),
      (lr) => refRmsprop({ lr, alpha: 0.9, eps: 1e-8, centered: true, momentum: 0.5, weightDecay: 0.01 }),
      0.01,
      0.005,
    ));
  it('rmsprop, ε inside the root', () =>
    check(
      (lr) => rmsprop({ lr, alpha: 0.9, eps: 1e-3, epsInsideSqrt: true }),
      (lr) => refRmsprop({ lr, alpha: 0.9, eps: 1e-3, epsInsideSqrt: true }),
      0.01,
      0.01,
    ));
  it('adam, defaults', () =>
    check(
      (lr) => adam({ lr }),
      (lr) => refAdam({ lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }),
      0.1,
      0.05,
    ));
  it('adam, AMSGrad with coupled weight decay', () =>
    check(
      (lr) => adam({ lr, beta1: 0.8, beta2: 0.99, amsgrad: true, weightDecay: 0.1 }),
      (lr) => refAdam({ lr, beta1: 0.8, beta2: 0.99, eps: 1e-8, amsgrad: true, weightDecay: 0.1 }),
      0.1,
      0.05,
    ));
  it('adamw, decoupled weight decay (default 1e-2) and AMSGrad', () => {
    check(
      (lr) => adamw({ lr }),
      (lr) => refAdam({ lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2, decoupled: true }),
      0.1,
      0.05,
    );
    check(
      (lr) => adamw({ lr, weightDecay: 0.5, amsgrad: true }),
      (lr) => refAdam({ lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, decoupled: true, amsgrad: true }),
      0.1,
      0.05,
    );
  });
  it('adagrad, defaults', () =>
    check(
      (lr) => adagrad({ lr }),
      (lr) => refAdagrad({ lr }),
      0.5,
      0.1,
    ));
  it('adagrad, lr decay, initial accumulator, weight decay', () =>
    check(
      (lr) => adagrad({ lr, lrDecay: 0.05, initialAccumulator: 0.1, weightDecay: 0.01, eps: 1e-8 }),
      (lr) => refAdagrad({ lr, lrDecay: 0.05, initialAccumulator: 0.1, weightDecay: 0.01, eps: 1e-8 }),
      0.5,
      0.1,
    ));
});
