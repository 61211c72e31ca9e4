/** decodeOptimizer: Right for valid configs (the optimizer they name), Left with a report naming the field. */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  adam,
  decodeOptimizer,
  decodeOptimizerConfig,
  fromConfig,
  optimizerNames,
  rmsprop,
} from '../../src/optim/index.ts';
import { bowlGradient, bowlParams } from './problems.ts';
import { flat, runOptimizer } from './reference.ts';

/** The Left report, or a failure when the decode succeeded. */
const report = (json: unknown): string => {
  const r = decodeOptimizerConfig(json);
  if (E.isRight(r)) return expect.fail(`expected a Left for ${JSON.stringify(json)}`);
  return r.left;
};

describe('decodeOptimizerConfig reports', () => {
  it('a negative learning rate', () => {
    expect(report({ name: 'sgd', lr: -0.1 })).toBe('lr: expected a finite number ≥ 0, got -0.1');
    expect(report({ name: 'adam', lr: -1 })).toMatch(/^lr: .*≥ 0/);
  });

  it('betas and decay rates outside [0, 1)', () => {
    expect(report({ name: 'adam', beta1: 1 })).toBe('beta1: expected a number in [0, 1), got 1');
    expect(report({ name: 'adamw', beta2: -0.1 })).toMatch(/^beta2: expected a number in \[0, 1\), got -0\.1$/);
    expect(report({ name: 'rmsprop', alpha: 1.5 })).toMatch(/^alpha: .*\[0, 1\)/);
    expect(report({ name: 'momentum', momentum: 1 })).toMatch(/^momentum: /);
    expect(report({ name: 'emaMomentum', momentum: 2 })).toMatch(/^momentum: /);
  });

  it('eps ≤ 0', () => {
    expect(report({ name: 'adam', eps: 0 })).toBe('eps: expected a finite number > 0, got 0');
    expect(report({ name: 'adagrad', eps: -1e-10 })).toMatch(/^eps: .*> 0/);
    expect(report({ name: 'rmsprop', eps: 0 })).toMatch(/^eps: /);
  });

  it('an unknown or missing name, and a config that is not an object', () => {
    expect(report({ name: 'adamax', lr: 0.1 })).toMatch(
      /^name: unknown optimizer "adamax"; expected one of sgd, .*adagrad, lion, adafactor$/,
    );
    expect(report({ lr: 0.1 })).toMatch(/^name: unknown optimizer nothing/);
    expect(report('adam')).toMatch(/^config: expected an object/);
    expect(report(null)).toMatch(/^config: /);
  });

  it('unknown fields, wrong types, and several problems at once', () => {
    expect(report({ name: 'sgd', learningRate: 0.1 })).toMatch(/^learningRate: unknown field for sgd/);
    expect(report({ name: 'sgd', nesterov: 'yes' })).toMatch(/^nesterov: expected boolean, got "yes"$/);
    expect(report({ name: 'adam', lr: '0.1' })).toMatch(/^lr: .* got "0\.1"$/);
    expect(report({ name: 'sgd', lr: Infinity })).toMatch(/^lr: .* got Infinity$/);
    const many = report({ name: 'adam', lr: -1, beta1: 1, eps: 0, foo: 1 }).split('\n');
    expect(many.map((line) => line.split(':')[0])).toEqual(['foo', 'lr', 'beta1', 'eps']);
  });

  it('accepts every alias with PyTorch-style hyperparameters', () => {
    const valid = [
      { name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 1e-4 },
      { name: 'momentum', lr: 0.1, momentum: 0.9 },
      { name: 'emaMomentum', lr: 0.1, momentum: 0.9, biasCorrection: true },
      { name: 'rmsprop', lr: 0.01, alpha: 0.99, eps: 1e-8, centered: true, momentum: 0.5, epsInsideSqrt: false },
      { name: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: true },
      { name: 'adamw', weightDecay: 0.01 },
      { name: 'adagrad', lrDecay: 0.01, initialAccumulator: 0.1 },
      { name: 'lion', lr: 1e-4, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
      {
        name: 'adafactor',
        lr: 1e-2,
        beta2Decay: -0.8,
        eps1: 1e-30,
        eps2: 1e-3,
        d: 1,
        weightDecay: 0.01,
        maximize: false,
      },
    ];
    expect(valid.map((c) => c.name)).toEqual(optimizerNames);
    for (const c of valid) expect(decodeOptimizerConfig(c)).toEqual(E.right(c));
  });
});

describe('decodeOptimizer builds the configured optimizer', () => {
  it('a decoded adam follows adam’s path exactly', () => {
    const decoded = decodeOptimizer(JSON.parse('{"name": "adam", "lr": 0.1, "beta2": 0.99}'));
    if (E.isLeft(decoded)) return expect.fail(decoded.left);
    const ours = runOptimizer(decoded.right, bowlParams, bowlGradient, 30).map(flat);
    expect(ours).toEqual(runOptimizer(adam({ lr: 0.1, beta2: 0.99 }), bowlParams, bowlGradient, 30).map(flat));
  });

  it('its state is tagged with the name and holds the alias’s state', () => {
    const opt = fromConfig({ name: 'rmsprop', lr: 0.1 });
    const s = opt.init(bowlParams);
    expect(s.name).toBe('rmsprop');
    expect(s.state).toEqual(rmsprop({ lr: 0.1 }).init(bowlParams));
  });

  it('refuses another alias’s state', () => {
    const sgdState = fromConfig({ name: 'sgd' }).init(bowlParams);
    expect(() => fromConfig({ name: 'adam' }).update(bowlGradient(bowlParams), sgdState, bowlParams)).toThrow(
      /adam optimizer was given the state of sgd/,
    );
  });

  it('a bad config is a Left, not an exception', () => {
    expect(E.isLeft(decodeOptimizer({ name: 'adam', eps: 0 }))).toBe(true);
  });
});
