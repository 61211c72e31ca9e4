/**
 * update never mutates: params, grads and state are deeply frozen (typed arrays cannot be frozen, so their
 * contents are snapshotted), and every transformation's init and update must neither throw nor change them.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/index.ts';
import {
  type GradientTransformation,
  adagrad,
  adam,
  adamw,
  addDecayedWeights,
  applyIfFinite,
  chain,
  clipByGlobalNorm,
  clipByValue,
  cosineDecay,
  ema,
  emaMomentum,
  fromConfig,
  identity,
  masked,
  momentum,
  multiSteps,
  rmsprop,
  scale,
  scaleByAdagrad,
  scaleByAdam,
  scaleByRms,
  scaleBySchedule,
  setToZero,
  sgd,
  trace,
} from '../../src/optim/index.ts';

const deepFreeze = (x: unknown): void => {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return;
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v);
};

const params = {
  layer: {
    w: tensor([
      [1, -2],
      [3, 0.5],
    ]),
    b: tensor([0.1, -0.2]),
  },
  s: 2,
  list: [tensor([1, 2, 3], { dtype: 'float32' }), -1.5],
} as const;
const grads = {
  layer: {
    w: tensor([
      [0.3, 0.1],
      [-0.2, 0.4],
    ]),
    b: tensor([1, -1]),
  },
  s: -0.7,
  list: [tensor([0.5, -0.5, 0.25], { dtype: 'float32' }), 0.9],
} as const;

const transformations: readonly (readonly [string, GradientTransformation<unknown>])[] = [
  ['identity', identity],
  ['sgd with momentum, Nesterov, weight decay', sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 })],
  ['momentum with dampening', momentum({ lr: 0.1, dampening: 0.5 })],
  ['emaMomentum debiased', emaMomentum({ lr: 0.1, biasCorrection: true })],
  ['rmsprop centered with momentum', rmsprop({ centered: true, momentum: 0.9, weightDecay: 0.1 })],
  ['adam amsgrad', adam({ amsgrad: true, weightDecay: 0.1 })],
  ['adamw', adamw()],
  ['adagrad', adagrad({ lrDecay: 0.1, initialAccumulator: 0.1, weightDecay: 0.1 })],
  [
    'transforms chained',
    chain(
      trace({ momentum: 0.9 }),
      ema({ momentum: 0.5, biasCorrection: true }),
      scaleByRms({ epsInsideSqrt: true }),
      scaleByAdagrad(),
      scaleByAdam(),
      scale(2),
      scaleBySchedule(cosineDecay({ init: 1, decaySteps: 3 })),
    ),
  ],
  ['clips and decayed weights', chain(clipByGlobalNorm(0.5), clipByValue(-0.1, 0.1), addDecayedWeights(0.1))],
  ['applyIfFinite', applyIfFinite(adam())],
  ['masked', masked((path) => path.includes('layer'), chain(scaleByAdam(), setToZero()))],
  ['multiSteps', multiSteps(2, adam())],
  ['fromConfig', fromConfig({ name: 'rmsprop', centered: true })],
];

describe('update does not mutate its inputs', () => {
  it.each(transformations)('%s', (_, tx) => {
    deepFreeze(params);
    deepFreeze(grads);
    const paramsBefore = structuredClone(params);
    const gradsBefore = structuredClone(grads);
    let state = tx.init(params);
    for (let step = 0; step < 3; step++) {
      deepFreeze(state);
      const stateBefore = structuredClone(state);
      const [updates, next] = tx.update(grads, state, params);
      expect(state).toEqual(stateBefore);
      expect(params).toEqual(paramsBefore);
      expect(grads).toEqual(gradsBefore);
      // the updates have the parameters' structure, and each leaf's kind
      expect(Object.keys(updates)).toEqual(['layer', 's', 'list']);
      expect(typeof updates.s).toBe('number');
      expect(typeof updates.list[1]).toBe('number');
      state = next;
    }
  });
});
