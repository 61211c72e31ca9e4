/**
 * checkGrads and the fast-check arbitraries (gradfold/testing) at their boundary: f, the inputs, the options and
 * the constraints are checked before anything runs, each mistake an ArgumentError (ShapeError for a bad shape,
 * DTypeError for a bad dtype) naming the function, the argument and the value, never fast-check's own error or a
 * generator that filters forever; valid constraints generate exactly what they did.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { type Tensor, checkGrads, sum, tanh, tensor } from '../../src/index.ts';
import * as t from '../../src/testing.ts';
import { loose } from '../untyped.ts';

const refuses = (
  run: () => unknown,
  kind: typeof ArgumentError | typeof ShapeError | typeof DTypeError,
  message: RegExp,
): void => {
  expect(run).toThrow(kind);
  expect(run).toThrow(message);
};

const f = (x: Tensor): Tensor => sum(tanh(x));

describe('checkGrads', () => {
  const check = loose(checkGrads);
  it('refuses an f that is no function before calling it (it was "f is not a function")', () => {
    refuses(() => check(null, tensor([1])), ArgumentError, /^checkGrads: f is null, not a function$/);
  });

  it('refuses inputs without a leaf (nothing would be checked) and inputs that are no tree', () => {
    refuses(
      () => check(f, {}),
      ArgumentError,
      /^checkGrads: inputs have no tensor or number to differentiate by, got \{\}$/,
    );
    refuses(
      () => check(f, { w: 'a' }),
      ArgumentError,
      /^checkGrads: the argument at \.w is "a", not a tensor or number$/,
    );
  });

  it('refuses unknown option keys and options out of range, naming the option', () => {
    refuses(
      () => check(f, tensor([1]), { tol: 1e-3 }),
      ArgumentError,
      /^checkGrads: unknown option "tol" \(did you mean "atol"\?\)$/,
    );
    refuses(
      () => check(f, tensor([1]), 'fast'),
      ArgumentError,
      /^checkGrads: options: expected an object, got "fast"$/,
    );
    refuses(
      () => check(f, tensor([1]), { order: 3 }),
      ArgumentError,
      /^checkGrads: options\.order must be 1 or 2, got 3$/,
    );
    refuses(
      () => check(f, tensor([1]), { modes: [] }),
      ArgumentError,
      /^checkGrads: options\.modes must be a non-empty array of 'fwd' and 'rev', got \[\]$/,
    );
    refuses(() => check(f, tensor([1]), { modes: ['forward'] }), ArgumentError, /got \["forward"\]$/);
    refuses(
      () => check(f, tensor([1]), { eps: 0 }),
      ArgumentError,
      /^checkGrads: options\.eps must be a finite number > 0, got 0$/,
    );
    refuses(
      () => check(f, tensor([1]), { atol: NaN }),
      ArgumentError,
      /^checkGrads: options\.atol must be a finite number ≥ 0, got NaN$/,
    );
    refuses(
      () => check(f, tensor([1]), { rtol: -1 }),
      ArgumentError,
      /options\.rtol must be a finite number ≥ 0, got -1$/,
    );
    refuses(
      () => check(f, tensor([1]), { directions: 1e12 }),
      ArgumentError,
      /^checkGrads: options\.directions must be an integer from 1 to 1000000, got 1000000000000$/,
    );
    refuses(
      () => check(f, tensor([1]), { maxElements: 0 }),
      ArgumentError,
      /options\.maxElements must be an integer from 1 to 2147483647, got 0$/,
    );
    refuses(
      () => check(f, tensor([1]), { key: [1] }),
      ArgumentError,
      /^checkGrads: options\.key: the key is an array of length 1, not a random key/,
    );
  });

  it('a maxElements far larger than the inputs costs nothing (the sample is drawn only when used)', () => {
    expect(checkGrads(f, tensor([0.1, 0.2]), { maxElements: 2 ** 31 - 1 }).comparisons).toBeGreaterThan(0);
  });

  it('reports exactly what it did before for valid options', () => {
    const report = checkGrads(f, tensor([0.1, -0.4, 0.7]), { order: 2, modes: ['rev', 'fwd'], directions: 3 });
    // Order 1 (one output): 3 elements in rev, 3 directions × 1 output in fwd, 3 identities; order 2 (Jᵀu has 3
    // elements): 3 + 3 × 3 + 3.
    expect(report.comparisons).toBe(3 + 3 + 3 + (3 + 9 + 3));
  });
});

describe('shapeArb, broadcastShapesArb, anyTensorArb: shape constraints', () => {
  it('refuses constraints that are no object (it was "Cannot read properties of null") and unknown keys', () => {
    refuses(
      () => loose(t.anyTensorArb)(null),
      ArgumentError,
      /^anyTensorArb: constraints: expected an object, got null$/,
    );
    refuses(
      () => loose(t.shapeArb)({ maxrank: 2 }),
      ArgumentError,
      /^shapeArb: constraints: unknown option "maxrank" \(did you mean "maxRank"\?\)$/,
    );
  });

  it('refuses bounds that are no integers from 0 to 2³¹ − 1, and min > max (defaults named)', () => {
    refuses(
      () => t.shapeArb({ minExtent: -1 }),
      ArgumentError,
      /^shapeArb: constraints\.minExtent must be an integer from 0 to 2147483647, got -1$/,
    );
    refuses(() => t.shapeArb({ maxRank: 2.5 }), ArgumentError, /constraints\.maxRank must be an integer/);
    refuses(
      () => t.shapeArb({ minRank: 5 }),
      ArgumentError,
      /^shapeArb: constraints: minRank 5 is more than maxRank 3 \(the default\)$/,
    );
    refuses(
      () => t.broadcastShapesArb({ minExtent: 3, maxExtent: 2 }),
      ArgumentError,
      /^broadcastShapesArb: constraints: minExtent 3 is more than maxExtent 2$/,
    );
  });

  it('valid constraints generate what they did: ranks and extents within bounds', () => {
    fc.assert(
      fc.property(
        t.shapeArb({ minRank: 1, maxRank: 2, minExtent: 0, maxExtent: 2 }),
        (s) => s.length >= 1 && s.length <= 2 && s.every((d) => d >= 0 && d <= 2),
      ),
    );
    fc.assert(
      fc.property(
        t.anyTensorArb({ maxRank: 2 }, { min: 1, max: 2 }),
        (x) => x.shape.length <= 2 && x.data.every((v) => v >= 1 && v <= 2),
      ),
    );
  });
});

describe('valueArb, tensorArb, positiveTensorArb: value constraints', () => {
  it('refuses bounds that are not finite, min > max (defaults named), and [0, −0]', () => {
    refuses(
      () => t.valueArb({ min: NaN }),
      ArgumentError,
      /^valueArb: constraints\.min must be a finite number, got NaN$/,
    );
    refuses(
      () => t.valueArb({ min: 5 }),
      ArgumentError,
      /^valueArb: constraints: min 5 is more than max 3 \(the default\)$/,
    );
    refuses(
      () => t.positiveTensorArb([2], { max: 0.05 }),
      ArgumentError,
      /^positiveTensorArb: constraints: min 0\.1 \(the default\) is more than max 0\.05$/,
    );
    refuses(() => t.valueArb({ min: 0, max: -0 }), ArgumentError, /min 0 is more than max -0$/);
  });

  it('refuses awayFrom that is no array of finite numbers (NaN would filter everything out), a negative margin', () => {
    refuses(
      () => t.valueArb({ awayFrom: [NaN] }),
      ArgumentError,
      /^valueArb: constraints\.awayFrom\[0\]: expected a finite number, got NaN$/,
    );
    refuses(
      () => loose(t.valueArb)({ awayFrom: 0 }),
      ArgumentError,
      /^valueArb: constraints\.awayFrom: expected an array of finite numbers, got 0$/,
    );
    refuses(
      () => t.valueArb({ margin: -0.1 }),
      ArgumentError,
      /^valueArb: constraints\.margin must be a finite number ≥ 0, got -0\.1$/,
    );
  });

  it('refuses awayFrom ± margin covering all of [min, max] (fast-check would filter forever)', () => {
    refuses(
      () => t.valueArb({ min: 0, max: 1, awayFrom: [0.5], margin: 0.5 }),
      ArgumentError,
      /^valueArb: constraints: every value of \[0, 1\] is within 0\.5 of a point of awayFrom; nothing can be drawn$/,
    );
    refuses(
      () => t.tensorArb([2], { min: 0, max: 1, awayFrom: [0, 0.3, 0.6, 0.9], margin: 0.2 }),
      ArgumentError,
      /^tensorArb: constraints: every value/,
    );
    refuses(() => t.valueArb({ min: 2, max: 2, awayFrom: [2.01], margin: 0.1 }), ArgumentError, /nothing can be drawn/);
  });

  it('keeps constraints that leave room: a gap between two kinks, a single allowed point, a zero margin', () => {
    fc.assert(
      fc.property(
        t.valueArb({ min: 0, max: 1, awayFrom: [0.2, 0.8], margin: 0.25 }),
        (v) => Math.abs(v - 0.5) <= 0.05 + 1e-12,
      ),
    );
    fc.assert(fc.property(t.valueArb({ min: 2, max: 2, awayFrom: [3], margin: 0.5 }), (v) => v === 2));
    fc.assert(fc.property(t.valueArb({ awayFrom: [0], margin: 0 }), (v) => Math.abs(v) <= 3));
  });

  it('refuses a dtype gradfold lacks (DTypeError) and a shape that is none (ShapeError, ArgumentError)', () => {
    refuses(
      () => loose(t.valueArb)({ dtype: 'int32' }),
      DTypeError,
      /^valueArb: dtype "int32" is not a gradfold dtype/,
    );
    refuses(
      () => t.tensorArb([2.5]),
      ShapeError,
      /^tensorArb: invalid shape \[2\.5\]: extent 2\.5 at axis 0 is not a non-negative integer$/,
    );
    refuses(
      () => loose(t.positiveTensorArb)('2'),
      ArgumentError,
      /^positiveTensorArb: shape is "2", not an array of extents/,
    );
  });

  it('valid constraints generate the same values as before (the same fast-check arbitrary)', () => {
    const sample = fc.sample(t.tensorArb([3], { min: -1, max: 1, awayFrom: [0], margin: 0.1, dtype: 'float32' }), {
      seed: 42,
      numRuns: 5,
    });
    const direct = fc.sample(
      fc.array(
        fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }).filter((v) => Math.abs(v) >= 0.1),
        { minLength: 3, maxLength: 3 },
      ),
      { seed: 42, numRuns: 5 },
    );
    expect(sample.map((x) => Array.from(x.data))).toEqual(direct.map((v) => Array.from(Float32Array.from(v))));
  });
});
