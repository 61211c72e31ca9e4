/** Every alias converges on a quadratic bowl and on Rosenbrock (a bound on the final loss). */
import { describe, expect, it } from 'vitest';
import {
  type GradientTransformation,
  adagrad,
  adam,
  adamw,
  applyIfFinite,
  chain,
  clipByGlobalNorm,
  emaMomentum,
  exponentialDecay,
  momentum,
  rmsprop,
  sgd,
} from '../../src/optim/index.ts';
import { bowlGradient, bowlParams, rosenGradient, rosenParams } from './problems.ts';
import { bowlLoss, flat, rosenLoss, runOptimizer } from './reference.ts';

const finalBowl = <K>(opt: GradientTransformation<K>, steps: number): number =>
  bowlLoss(flat(runOptimizer(opt, bowlParams, bowlGradient, steps).at(-1)));
const finalRosen = <K>(opt: GradientTransformation<K>, steps: number): number =>
  rosenLoss(flat(runOptimizer(opt, rosenParams, rosenGradient, steps).at(-1)));

describe('convergence on the bowl (start loss ≈ 175)', () => {
  it('sgd', () => expect(finalBowl(sgd({ lr: 0.04 }), 300)).toBeLessThan(1e-10));
  it('momentum (heavy ball and Nesterov)', () => {
    expect(finalBowl(momentum({ lr: 0.01, momentum: 0.9 }), 300)).toBeLessThan(1e-8);
    expect(finalBowl(momentum({ lr: 0.01, momentum: 0.9, nesterov: true }), 300)).toBeLessThan(1e-8);
  });
  it('emaMomentum', () => expect(finalBowl(emaMomentum({ lr: 0.04, momentum: 0.9 }), 400)).toBeLessThan(1e-8));
  it('rmsprop (decaying lr)', () =>
    expect(finalBowl(rmsprop({ lr: exponentialDecay({ init: 0.05, rate: 0.995 }), alpha: 0.9 }), 2000)).toBeLessThan(
      1e-8,
    ));
  it('adam', () => expect(finalBowl(adam({ lr: 0.1 }), 1000)).toBeLessThan(1e-8));
  it('adamw (its minimum moves towards 0 by the decay, so the bound is looser)', () =>
    expect(finalBowl(adamw({ lr: 0.1, weightDecay: 1e-4 }), 1000)).toBeLessThan(1e-4));
  it('adagrad', () => expect(finalBowl(adagrad({ lr: 1 }), 1000)).toBeLessThan(1e-8));
});

describe('convergence on Rosenbrock from (−1.5, 2) (start loss ≈ 6.5)', () => {
  it('sgd', () => expect(finalRosen(sgd({ lr: 1e-3 }), 20000)).toBeLessThan(1e-4));
  it('momentum', () => expect(finalRosen(momentum({ lr: 1e-4, momentum: 0.9 }), 20000)).toBeLessThan(1e-4));
  it('emaMomentum', () => expect(finalRosen(emaMomentum({ lr: 1e-3, momentum: 0.9 }), 20000)).toBeLessThan(1e-4));
  it('rmsprop', () =>
    expect(finalRosen(rmsprop({ lr: exponentialDecay({ init: 1e-2, rate: 0.999 }), alpha: 0.9 }), 20000)).toBeLessThan(
      1e-4,
    ));
  it('adam', () => expect(finalRosen(adam({ lr: 0.02 }), 20000)).toBeLessThan(1e-5));
  it('adamw', () => expect(finalRosen(adamw({ lr: 0.02, weightDecay: 1e-4 }), 20000)).toBeLessThan(1e-3));
  it('adagrad', () => expect(finalRosen(adagrad({ lr: 0.5 }), 20000)).toBeLessThan(1e-4));
  it('a custom chain: NaN guard around clipped Adam', () =>
    expect(finalRosen(applyIfFinite(chain(clipByGlobalNorm(10), adam({ lr: 0.02 }))), 20000)).toBeLessThan(1e-6));
});
