/**
 * Issue 12: the constructors of optimizers, transforms and schedules refuse hyperparameters out of range and
 * option keys they do not know, as PyTorch raises ValueError, with an ArgumentError naming the function, the
 * option and the value; and they agree with the io-ts decoders of configs (one definition of each range).
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/core/errors.ts';
import {
  adagrad,
  adam,
  adamw,
  addDecayedWeights,
  applyIfFinite,
  chain,
  clipByGlobalNorm,
  clipByValue,
  constant,
  cosineDecay,
  coupledWeightDecay,
  currentLearningRate,
  decodeOptimizerConfig,
  ema,
  emaMomentum,
  exponentialDecay,
  fromConfig,
  globalNorm,
  inverseTimeDecay,
  joinSchedules,
  linearWarmup,
  masked,
  momentum,
  multiSteps,
  piecewiseConstant,
  rmsprop,
  scale,
  scaleByAdagrad,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  scaleBySchedule,
  sgd,
  stepDecay,
  trace,
  treeAdd,
  treeScale,
  treeSub,
} from '../../src/optim/index.ts';
import { tensor } from '../../src/index.ts';
import { loose } from '../untyped.ts';
import { ShapeError } from '../../src/core/shape.ts';

/** Calls `f` as a JavaScript caller would (no type checker): any arguments. */
const js =
  (f: (...args: never[]) => unknown, ...args: unknown[]): (() => unknown) =>
  (): unknown =>
    loose(f)(...args);

/** Test rows: a call and the exact message it must throw. */
const cases = (rows: readonly (readonly [() => unknown, string])[]) => rows.map(([go, message]) => ({ go, message }));

/** Asserts that `go` throws an error of class `kind` (ArgumentError unless said) with exactly `message`. */
const refuses = (go: () => unknown, message: string, kind: new (...args: never[]) => Error = ArgumentError): void => {
  let caught: unknown;
  try {
    go();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(kind);
  expect(caught instanceof Error ? caught.message : caught).toBe(message);
};

describe('optimizers refuse hyperparameters out of range (PyTorch raises ValueError)', () => {
  it.each(
    cases([
      [js(adam, { lr: -1 }), 'adam: lr must be a finite number ≥ 0 or a schedule (a function of the step), got -1'],
      [js(sgd, { lr: NaN }), 'sgd: lr must be a finite number ≥ 0 or a schedule (a function of the step), got NaN'],
      [js(sgd, { lr: '0.1' }), 'sgd: lr must be a finite number ≥ 0 or a schedule (a function of the step), got "0.1"'],
      [js(adam, { beta1: 1.5 }), 'adam: beta1 must be a number in [0, 1), got 1.5'],
      [js(adam, { beta2: 1 }), 'adam: beta2 must be a number in [0, 1), got 1'],
      [js(adam, { eps: -1 }), 'adam: eps must be a finite number > 0, got -1'],
      [js(adamw, { weightDecay: -0.01 }), 'adamw: weightDecay must be a finite number ≥ 0, got -0.01'],
      [js(adam, { amsgrad: 'yes' }), 'adam: amsgrad must be true or false, got "yes"'],
      [js(rmsprop, { alpha: 1.5 }), 'rmsprop: alpha must be a number in [0, 1), got 1.5'],
      [js(rmsprop, { momentum: -0.5 }), 'rmsprop: momentum must be a finite number ≥ 0, got -0.5'],
      [js(rmsprop, { eps: 0 }), 'rmsprop: eps must be a finite number > 0, got 0'],
      [js(sgd, { momentum: -0.9 }), 'sgd: momentum must be a finite number ≥ 0, got -0.9'],
      [js(sgd, { dampening: 2 }), 'sgd: dampening must be a number in [0, 1], got 2'],
      [js(sgd, { weightDecay: -1 }), 'sgd: weightDecay must be a finite number ≥ 0, got -1'],
      [js(momentum, { momentum: 1 }), 'momentum: momentum must be a number in [0, 1), got 1'],
      [js(momentum, { momentum: -0.1 }), 'momentum: momentum must be a number in [0, 1), got -0.1'],
      [js(emaMomentum, { momentum: Infinity }), 'emaMomentum: momentum must be a number in [0, 1), got Infinity'],
      [js(adagrad, { lrDecay: -1 }), 'adagrad: lrDecay must be a finite number ≥ 0, got -1'],
      [js(adagrad, { initialAccumulator: -0.1 }), 'adagrad: initialAccumulator must be a finite number ≥ 0, got -0.1'],
      [js(adagrad, { eps: NaN }), 'adagrad: eps must be a finite number > 0, got NaN'],
    ]),
  )('$message', ({ go, message }) => refuses(go, message));

  it('Nesterov momentum needs a momentum and no dampening (PyTorch refuses both)', () => {
    refuses(
      js(sgd, { nesterov: true }),
      'sgd: nesterov is true, but Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0 and dampening 0',
    );
    refuses(
      js(sgd, { momentum: 0.9, dampening: 0.1, nesterov: true }),
      'sgd: nesterov is true, but Nesterov momentum needs momentum > 0 and dampening 0, ' +
        'got momentum 0.9 and dampening 0.1',
    );
    refuses(
      js(momentum, { momentum: 0, nesterov: true }),
      'momentum: nesterov is true, but Nesterov momentum needs momentum > 0 and dampening 0, ' +
        'got momentum 0 and dampening 0',
    );
    expect(() => sgd({ momentum: 0.9, nesterov: true })).not.toThrow();
  });

  it('a schedule is a valid learning rate, and the values it returns are checked when used', () => {
    const opt = sgd({ lr: (t) => (t < 2 ? 0.1 : -0.1) });
    let state = opt.init({ w: 1 });
    for (let t = 0; t < 1; t++) state = opt.update({ w: 1 }, state, { w: 1 })[1];
    expect(() => opt.update({ w: 1 }, state, { w: 1 })).toThrow(
      "scaleByLearningRate: the schedule's value at step 2 must be a finite number ≥ 0, got -0.1",
    );
    expect(() => adam({ lr: () => NaN }).init({ w: 1 })).toThrow(ArgumentError);
  });

  it('the options argument must be an object', () => {
    refuses(js(adam, null), 'adam: the options must be an object, got null');
    refuses(js(sgd, 0.1), 'sgd: the options must be an object, got 0.1');
    refuses(js(trace, undefined), 'trace: the options must be an object, got undefined');
  });
});

describe('transforms refuse arguments out of range', () => {
  it.each(
    cases([
      [js(clipByGlobalNorm, -1), 'clipByGlobalNorm: maxNorm must be a finite number ≥ 0, got -1'],
      [js(clipByGlobalNorm, NaN), 'clipByGlobalNorm: maxNorm must be a finite number ≥ 0, got NaN'],
      [js(clipByValue, 2, 1), 'clipByValue: lo must be ≤ hi, got lo 2 and hi 1'],
      [js(clipByValue, NaN, 1), 'clipByValue: lo must be a number (not NaN), got NaN'],
      [js(scale, NaN), 'scale: s must be a finite number, got NaN'],
      [js(scale, '2'), 'scale: s must be a finite number, got "2"'],
      [js(multiSteps, 0, sgd()), 'multiSteps: k must be a positive integer, got 0'],
      [js(multiSteps, 2.5, sgd()), 'multiSteps: k must be a positive integer, got 2.5'],
      [
        js(multiSteps, 2, {}),
        'multiSteps: tx must be a gradient transformation (an object with init and update), got {}',
      ],
      [js(addDecayedWeights, -1), 'addDecayedWeights: weightDecay must be a finite number ≥ 0, got -1'],
      [js(coupledWeightDecay, Infinity), 'coupledWeightDecay: weightDecay must be a finite number ≥ 0, got Infinity'],
      [js(scaleByAdam, { beta1: 1 }), 'scaleByAdam: beta1 must be a number in [0, 1), got 1'],
      [js(scaleByRms, { alpha: -0.5 }), 'scaleByRms: alpha must be a number in [0, 1), got -0.5'],
      [js(scaleByRms, { initialScale: -1 }), 'scaleByRms: initialScale must be a finite number ≥ 0, got -1'],
      [js(scaleByAdagrad, { eps: 0 }), 'scaleByAdagrad: eps must be a finite number > 0, got 0'],
      [js(trace, { momentum: -0.9 }), 'trace: momentum must be a finite number ≥ 0, got -0.9'],
      [js(ema, { momentum: 1 }), 'ema: momentum must be a number in [0, 1), got 1'],
      [
        js(scaleByLearningRate, -0.1),
        'scaleByLearningRate: lr must be a finite number ≥ 0 or a schedule (a function of the step), got -0.1',
      ],
      [js(scaleBySchedule, 0.1), 'scaleBySchedule: schedule must be a schedule (a function of the step), got 0.1'],
      [
        js(chain, scale(1), 'adam'),
        'chain: argument 2 must be a gradient transformation (an object with init and update), got "adam"',
      ],
      [
        js(applyIfFinite, null),
        'applyIfFinite: tx must be a gradient transformation (an object with init and update), got null',
      ],
      [
        js(masked, 1, scale(1)),
        'masked: mask must be a boolean, a tree of booleans or a function of (path, leaf), got 1',
      ],
    ]),
  )('$message', ({ go, message }) => refuses(go, message));

  it('clipByGlobalNorm(-1) no longer flips the gradient: it is refused before any update', () => {
    expect(() => clipByGlobalNorm(-1)).toThrow(ArgumentError);
    const [u] = clipByGlobalNorm(0).update({ w: 3 }, {}, { w: 0 });
    expect(u.w).toBe(0);
  });
});

describe('schedules refuse step counts that are not positive and values that are not finite', () => {
  it.each(
    cases([
      [js(stepDecay, { init: 1, every: 0 }), 'stepDecay: every must be a positive integer, got 0'],
      [js(stepDecay, { init: 1, stepsPerEpoch: -2 }), 'stepDecay: stepsPerEpoch must be a positive integer, got -2'],
      [js(stepDecay, { init: NaN }), 'stepDecay: init must be a finite number, got NaN'],
      [js(cosineDecay, { init: 1, decaySteps: -5 }), 'cosineDecay: decaySteps must be a positive integer, got -5'],
      [js(cosineDecay, { init: 1, decaySteps: 0 }), 'cosineDecay: decaySteps must be a positive integer, got 0'],
      [js(cosineDecay, { init: 1, decaySteps: 10, alpha: 2 }), 'cosineDecay: alpha must be a number in [0, 1], got 2'],
      [js(exponentialDecay, { init: 1, rate: -0.5 }), 'exponentialDecay: rate must be a finite number > 0, got -0.5'],
      [
        js(exponentialDecay, { init: 1, rate: 0.5, transitionSteps: 0 }),
        'exponentialDecay: transitionSteps must be a positive integer, got 0',
      ],
      [js(linearWarmup, { peak: 1, warmupSteps: -1 }), 'linearWarmup: warmupSteps must be an integer ≥ 0, got -1'],
      [
        js(linearWarmup, { peak: Infinity, warmupSteps: 3 }),
        'linearWarmup: peak must be a finite number, got Infinity',
      ],
      [js(inverseTimeDecay, { init: 1, lrDecay: -1 }), 'inverseTimeDecay: lrDecay must be a finite number ≥ 0, got -1'],
      [js(constant, NaN), 'constant: value must be a finite number, got NaN'],
      [
        js(piecewiseConstant, { values: [1, 0.1, 0.01], boundaries: [20, 10] }),
        'piecewiseConstant: boundaries must increase, got boundaries[0] = 20 and boundaries[1] = 10',
      ],
      [
        js(piecewiseConstant, { values: [1, 0.1], boundaries: [1, 2] }),
        'piecewiseConstant: 2 values need 1 boundaries, got 2',
      ],
      [
        js(piecewiseConstant, { values: [1, NaN], boundaries: [5] }),
        'piecewiseConstant: values[1] must be a finite number, got NaN',
      ],
      [
        js(piecewiseConstant, { values: [], boundaries: [] }),
        'piecewiseConstant: values must be a non-empty array, got []',
      ],
      [
        js(joinSchedules, { schedules: [constant(1)], boundaries: [3] }),
        'joinSchedules: 1 schedules need 0 boundaries, got 1',
      ],
      [
        js(joinSchedules, { schedules: [constant(1), 0.5], boundaries: [3] }),
        'joinSchedules: schedules[1] must be a schedule (a function of the step), got 0.5',
      ],
      [
        js(joinSchedules, { schedules: [constant(1), constant(2)], boundaries: [-1] }),
        'joinSchedules: boundaries[0] must be an integer ≥ 0, got -1',
      ],
    ]),
  )('$message', ({ go, message }) => refuses(go, message));

  it('valid schedules still give their values', () => {
    expect(stepDecay({ init: 0.5 })(9)).toBe(0.25);
    expect(linearWarmup({ peak: 2, warmupSteps: 0 })(0)).toBe(2);
    expect(piecewiseConstant({ values: [1, 0.1, 0.01], boundaries: [10, 20] })(15)).toBe(0.1);
    expect(joinSchedules({ schedules: [constant(1), constant(2)], boundaries: [3] })(3)).toBe(2);
  });
});

describe('unknown option keys are refused, naming the nearest valid key', () => {
  it.each(
    cases([
      [
        js(momentum, { lr: 0.1, form: 'ema' }),
        'momentum: unknown option "form" (valid options: lr, momentum, dampening, nesterov, weightDecay)',
      ],
      [js(adam, { learningRate: 0.5 }), 'adam: unknown option "learningRate" (renamed "lr": adam({ lr: 1e-3 }))'],
      [js(adam, { beta: 0.9 }), 'adam: unknown option "beta" (did you mean "beta1"?)'],
      [js(sgd, { lr: 0.1, nestrov: true }), 'sgd: unknown option "nestrov" (did you mean "nesterov"?)'],
      [js(adamw, { weight_decay: 0.1 }), 'adamw: unknown option "weight_decay" (did you mean "weightDecay"?)'],
      [js(rmsprop, { alpa: 0.9 }), 'rmsprop: unknown option "alpa" (did you mean "alpha"?)'],
      [js(adagrad, { lr_decay: 0.1 }), 'adagrad: unknown option "lr_decay" (did you mean "lrDecay"?)'],
      [
        js(emaMomentum, { biasCorection: true }),
        'emaMomentum: unknown option "biasCorection" (did you mean "biasCorrection"?)',
      ],
      [js(scaleByAdam, { amsGrad: true }), 'scaleByAdam: unknown option "amsGrad" (did you mean "amsgrad"?)'],
      [
        js(scaleByRms, { rho: 0.9 }),
        'scaleByRms: unknown option "rho" (valid options: alpha, eps, epsInsideSqrt, centered, initialScale)',
      ],
      [
        js(scaleByAdagrad, { initialAccumulater: 0.1 }),
        'scaleByAdagrad: unknown option "initialAccumulater" (did you mean "initialAccumulator"?)',
      ],
      [js(trace, { momentum: 0.9, nesterow: true }), 'trace: unknown option "nesterow" (did you mean "nesterov"?)'],
      [
        js(ema, { momentum: 0.9, biasCorrection: true, bias: 1 }),
        'ema: unknown option "bias" (valid options: momentum, biasCorrection)',
      ],
      [
        js(scaleByLearningRate, 0.1, { flip: false }),
        'scaleByLearningRate: unknown option "flip" (valid options: flipSign)',
      ],
      [js(stepDecay, { init: 1, evry: 3 }), 'stepDecay: unknown option "evry" (did you mean "every"?)'],
      [
        js(exponentialDecay, { init: 1, rate: 0.5, stairs: true }),
        'exponentialDecay: unknown option "stairs" (valid options: init, rate, transitionSteps, staircase)',
      ],
      [
        js(cosineDecay, { init: 1, decaySteps: 5, steps: 5 }),
        'cosineDecay: unknown option "steps" (valid options: init, decaySteps, alpha)',
      ],
      [
        js(linearWarmup, { peak: 1, warmupSteps: 5, warmup: 5 }),
        'linearWarmup: unknown option "warmup" (valid options: peak, warmupSteps, init)',
      ],
    ]),
  )('$message', ({ go, message }) => refuses(go, message));
});

describe('one name per hyperparameter: an old name is refused with the new one', () => {
  it.each(
    cases([
      [
        js(momentum, { beta: 0.9 }),
        'momentum: unknown option "beta" (renamed "momentum": momentum({ momentum: 0.9 }))',
      ],
      [
        js(emaMomentum, { beta: 0.9 }),
        'emaMomentum: unknown option "beta" (renamed "momentum": emaMomentum({ momentum: 0.9 }))',
      ],
      [
        js(emaMomentum, { debias: true }),
        'emaMomentum: unknown option "debias" (renamed "biasCorrection": emaMomentum({ biasCorrection: true }))',
      ],
      [js(trace, { decay: 0.9 }), 'trace: unknown option "decay" (renamed "momentum": trace({ momentum: 0.9 }))'],
      [js(ema, { decay: 0.9 }), 'ema: unknown option "decay" (renamed "momentum": ema({ momentum: 0.9 }))'],
      [
        js(ema, { momentum: 0.9, debias: true }),
        'ema: unknown option "debias" (renamed "biasCorrection": ema({ biasCorrection: true }))',
      ],
      [
        js(scaleByRms, { decay: 0.9 }),
        'scaleByRms: unknown option "decay" (renamed "alpha": scaleByRms({ alpha: 0.99 }))',
      ],
      [js(sgd, { learningRate: 0.1 }), 'sgd: unknown option "learningRate" (renamed "lr": sgd({ lr: 1e-3 }))'],
      [
        js(inverseTimeDecay, 1, 0.5),
        'inverseTimeDecay: takes one options object now: inverseTimeDecay({ init, lrDecay }), got 1',
      ],
      [
        js(inverseTimeDecay, { init: 1, decay: 0.5 }),
        'inverseTimeDecay: unknown option "decay" (valid options: init, lrDecay)',
      ],
      [
        js(piecewiseConstant, [1, 0.1], [10]),
        'piecewiseConstant: takes one options object now: piecewiseConstant({ values, boundaries }), ' +
          'got an array of length 2',
      ],
      [
        js(joinSchedules, [constant(1)], []),
        'joinSchedules: takes one options object now: joinSchedules({ schedules, boundaries }), ' +
          'got an array of length 1',
      ],
    ]),
  )('$message', ({ go, message }) => refuses(go, message));

  it('a config with an old key is refused with the new one, never decoded with a default', () => {
    expect(decodeOptimizerConfig({ name: 'momentum', beta: 0.5 })).toEqual(
      E.left('beta: unknown field for momentum; renamed "momentum": momentum({ momentum: 0.9 })'),
    );
    expect(decodeOptimizerConfig({ name: 'emaMomentum', debias: true })).toEqual(
      E.left('debias: unknown field for emaMomentum; renamed "biasCorrection": emaMomentum({ biasCorrection: true })'),
    );
    refuses(
      js(fromConfig, { name: 'momentum', beta: 0.5 }),
      'momentum: unknown option "beta" (renamed "momentum": momentum({ momentum: 0.9 }))',
    );
    expect(decodeOptimizerConfig({ name: 'adam', learningRate: 0.1 })).toEqual(
      E.left('learningRate: unknown field for adam; renamed "lr": adam({ lr: 1e-3 })'),
    );
  });
});

describe('constructors and config decoders share one definition of each range', () => {
  /** Values around every boundary the ranges have, and values of the wrong kind. */
  const value = fc.constantFrom<unknown>(
    -1,
    -0,
    0,
    1e-12,
    0.5,
    0.9,
    0.999,
    1,
    1.5,
    10,
    NaN,
    Infinity,
    -Infinity,
    true,
    false,
    '0.1',
    null,
  );
  const field = (keys: readonly string[]) => fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 });
  const aliases = {
    sgd: [sgd, ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay']],
    momentum: [momentum, ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay']],
    emaMomentum: [emaMomentum, ['lr', 'momentum', 'biasCorrection']],
    rmsprop: [rmsprop, ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'epsInsideSqrt']],
    adam: [adam, ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'amsgrad']],
    adamw: [adamw, ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'amsgrad']],
    adagrad: [adagrad, ['lr', 'lrDecay', 'weightDecay', 'initialAccumulator', 'eps']],
  } as const;

  for (const [name, [make, keys]] of Object.entries(aliases)) {
    it(`${name}: decodeOptimizerConfig accepts a config exactly when ${name}(options) does`, () => {
      fc.assert(
        fc.property(field(keys), (options) => {
          const decoded = E.isRight(decodeOptimizerConfig({ name, ...options }));
          let constructed = true;
          try {
            js(make, options)();
          } catch (e) {
            expect(e).toBeInstanceOf(ArgumentError);
            constructed = false;
          }
          expect(constructed).toBe(decoded);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('the decoder reports the Nesterov rule as the constructor does', () => {
    const r = decodeOptimizerConfig({ name: 'sgd', nesterov: true });
    expect(r).toEqual(
      E.left('nesterov: Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0 and dampening 0'),
    );
  });
});

describe('the other public functions of optim refuse bad arguments with their name', () => {
  it('fromConfig needs a config naming an optimizer', () => {
    const names = 'sgd, momentum, emaMomentum, rmsprop, adam, adamw, adagrad, lion, adafactor';
    refuses(js(fromConfig), `fromConfig: config.name must be one of ${names}, got undefined (in undefined)`);
    refuses(
      js(fromConfig, { name: 'adamax' }),
      `fromConfig: config.name must be one of ${names}, got "adamax" (in an object with keys name)`,
    );
    refuses(
      js(fromConfig, { name: 'adam', lr: -1 }),
      'adam: lr must be a finite number ≥ 0 or a schedule (a function of the step), got -1',
    );
  });

  it('the tree arithmetic checks its trees (no broadcasting) and its numbers', () => {
    refuses(
      js(treeAdd, { w: tensor([1]) }, { w: tensor([1, 2]) }),
      'treeAdd: the first tree at .w has shape [1] where the second tree has [2]',
      ShapeError,
    );
    refuses(js(treeSub, { w: 1 }, { v: 1 }), 'treeSub: the second tree at .w is missing: the first tree has a key .w');
    refuses(js(treeScale, [1, 2], undefined), 'treeScale: s must be a number, got undefined');
    refuses(js(treeScale, null, 2), 'treeScale: the tree is null, not a number, a tensor, an array or a record');
    refuses(
      js(globalNorm, { w: 'a' }),
      'globalNorm: the tree at .w is "a", not a number, a tensor, an array or a record',
    );
    expect(treeAdd({ w: [1, 2] }, { w: [3, 4] })).toEqual({ w: [4, 6] });
    expect(globalNorm([3, 4])).toBe(5);
  });

  it('currentLearningRate ends on a cyclic value', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(currentLearningRate(cyclic)).toBeUndefined();
    expect(currentLearningRate(adam({ lr: 0.25 }).init({ w: tensor([1, 2]) }))).toBe(0.25);
  });
});
