/**
 * Ops at their boundary: an argument that is neither a tensor nor a number is refused by every op with its
 * name, the argument's position and the value; bad axes, shapes and options are refused; reductions over an
 * empty axis that have no value raise; clip's bounds are ordered; customVjp rules are checked like arguments.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import { ArgumentError, GradfoldError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { call, callable } from '../untyped.ts';

const t = g.tensor([1, 2]);
const m = g.tensor([
  [1, 2],
  [3, 4],
]);

describe('every op refuses a non-tensor, non-number argument, naming the op, the position and the value', () => {
  const unary = [
    'neg',
    'exp',
    'log',
    'log1p',
    'expm1',
    'sin',
    'cos',
    'tanh',
    'sigmoid',
    'softplus',
    'relu',
    'leakyRelu',
    'sqrt',
    'square',
    'abs',
    'sign',
    'reciprocal',
    'isFinite',
    'isNaN',
    'sum',
    'mean',
    'max',
    'min',
    'prod',
    'logSumExp',
    'softmax',
    'logSoftmax',
    'argmax',
    'transpose',
    'squeeze',
    'stopGradient',
  ];
  const binary = [
    'add',
    'sub',
    'mul',
    'div',
    'pow',
    'maximum',
    'minimum',
    'mulNoNan',
    'greater',
    'greaterEqual',
    'less',
    'lessEqual',
    'equal',
    'notEqual',
    'matmul',
    'dot',
    'mse',
    'mae',
    'huber',
    'softmaxCrossEntropyOneHot',
    'binaryCrossEntropyWithLogits',
  ];
  const bad: readonly (readonly [string, unknown, RegExp])[] = [
    [
      'an array',
      [1, 2],
      /is an array of length 2, not a tensor or a number \(wrap an array of numbers: tensor\(\[\.\.\.\]\)\)/,
    ],
    ['a string', '2', /is "2", not a tensor or a number/],
    ['undefined', undefined, /is undefined, not a tensor or a number/],
    ['null', null, /is null, not a tensor or a number/],
    ['a boolean', true, /is true, not a tensor or a number \(use 1 or 0\)/],
    ['a BigInt', 2n, /is 2n \(a BigInt\), not a tensor or a number/],
    ['an object', { data: [1] }, /is an object with keys data, not a tensor or a number/],
  ];
  for (const [what, value, message] of bad) {
    it(`${what}, as the first argument of ${unary.length} unary ops`, () => {
      for (const name of unary.filter((n) => n !== 'stopGradient')) {
        expect(call(name, value), name).toThrow(ArgumentError);
        expect(call(name, value), name).toThrow(new RegExp(`^${name}: argument 1 ${message.source}`));
      }
    });
    it(`${what}, as either argument of ${binary.length} binary ops and losses`, () => {
      for (const name of binary) {
        expect(call(name, value, t), name).toThrow(new RegExp(`^${name}: argument 1 ${message.source}`));
        expect(call(name, t, value), name).toThrow(new RegExp(`^${name}: argument 2 ${message.source}`));
        expect(call(name, 1, value), name).toThrow(new RegExp(`^${name}: argument 2 ${message.source}`));
      }
    });
  }

  it('the issue’s cases', () => {
    expect(call('add', [1, 2], [3, 4])).toThrow(
      new RegExp(
        /^add: argument 1 is an array of length 2, not a tensor or a number /.source +
          /\(wrap an array of numbers: tensor\(\[\.\.\.\]\)\)$/.source,
      ),
    );
    expect(call('add', t, '2')).toThrow(/^add: argument 2 is "2", not a tensor or a number/);
    expect(call('add', t, undefined)).toThrow(/^add: argument 2 is undefined/);
    expect(call('matmul', t, null)).toThrow(/^matmul: argument 2 is null/);
  });

  it('ops with more arguments name the one at fault', () => {
    expect(call('where', 1, t, [1])).toThrow(/^where: argument 3 is an array of length 1/);
    expect(call('where', 'yes', t, t)).toThrow(/^where: argument 1 is "yes"/);
    expect(call('clip', t, 0, 'a')).toThrow(/^clip: argument 3 is "a"/);
    expect(call('clip', t, null, 1)).toThrow(/^clip: argument 2 is null/);
    expect(call('concat', [t, 'x'])).toThrow(/^concat: xs\[1\] is "x", not a tensor or a number/);
    expect(call('concat', t)).toThrow(/^concat: xs is an object with keys dtype, shape, data, not an array of tensors/);
    expect(call('stack', [t, undefined])).toThrow(/^stack: xs\[1\] is undefined/);
    expect(call('reshape', '12', [2])).toThrow(/^reshape: argument 1 is "12"/);
    expect(call('broadcastTo', [1], [2])).toThrow(/^broadcastTo: argument 1 is an array/);
    expect(call('slice', undefined, [0])).toThrow(/^slice: argument 1 is undefined/);
    expect(call('gather', 'x', [0])).toThrow(/^gather: argument 1 is "x"/);
    expect(call('softmaxCrossEntropy', 'x', [0])).toThrow(/^softmaxCrossEntropy: argument 1 is "x"/);
    expect(call('leakyRelu', t, '0.1')).toThrow(/^leakyRelu: slope is "0.1", not a number/);
  });

  it('tensors, tracers and numbers still pass, in both argument orders', () => {
    expect(g.toArray(g.add(t, 1))).toEqual([2, 3]);
    expect(g.toArray(g.add(1, t))).toEqual([2, 3]);
    expect(g.item(g.add(1, 2))).toBe(3);
    expect(g.grad((x: Tensor) => g.mul(x, x))(3)).toBe(6);
    expect(g.toArray(g.where(true, t, 0))).toEqual([1, 2]);
  });
});

describe('axes, shapes and options', () => {
  it.each([
    ['a fractional axis', call('sum', m, { axis: 0.5 }), ArgumentError, /^sum: axis 0\.5 is not an integer$/],
    [
      'a string axis',
      call('mean', m, { axis: '0' }),
      ArgumentError,
      /^mean: axis is "0", not an integer or an array of integers$/,
    ],
    [
      'a string in a list of axes',
      call('max', m, { axis: [0, '1'] }),
      ArgumentError,
      /^max: axis "1" is not an integer$/,
    ],
    [
      'an axis out of range',
      call('min', m, { axis: 2 }),
      ShapeError,
      /^min: axis 2 is out of range for a tensor of rank 2$/,
    ],
    ['a NaN axis', call('expandDims', t, { axis: NaN }), ArgumentError, /^expandDims: axis NaN is not an integer$/],
    [
      'an unknown reduction option',
      call('sum', m, { axes: 0 }),
      ArgumentError,
      /^sum: unknown option "axes" \(did you mean "axis"\?\)$/,
    ],
    [
      'keepdims not a boolean',
      call('prod', m, { keepdims: 'yes' }),
      ArgumentError,
      /^prod: keepdims is "yes", not a boolean$/,
    ],
    ['an unknown softmax option', call('softmax', m, { dim: 0 }), ArgumentError, /^softmax: unknown option "dim"/],
    ['an unknown gather option', call('gather', m, [0], { dim: 0 }), ArgumentError, /^gather: unknown option "dim"/],
    [
      'an unknown huber option',
      call('huber', t, t, { delt: 1 }),
      ArgumentError,
      /^huber: unknown option "delt" \(did you mean "delta"\?\)$/,
    ],
    [
      'a negative huber delta',
      call('huber', t, t, { delta: -1 }),
      ArgumentError,
      /^huber: delta must be a positive finite number, got -1$/,
    ],
    [
      'softmax axis out of range names softmax',
      call('softmax', m, { axis: 4 }),
      ShapeError,
      /^softmax: axis 4 is out of range/,
    ],
    [
      'broadcastTo a fractional shape',
      call('broadcastTo', g.scalar(1), [2.5]),
      ShapeError,
      /^broadcastTo: invalid shape \[2\.5\]/,
    ],
    ['broadcastTo a non-array', call('broadcastTo', t, 2), ArgumentError, /^broadcastTo: shape is 2, not an array/],
    ['reshape to a non-array', call('reshape', t, 2), ArgumentError, /^reshape: shape is 2, not an array/],
    [
      'reshape with two -1',
      call('reshape', m, [-1, -1]),
      ShapeError,
      /^reshape: invalid target shape \[-1,-1\]: at most one extent may be -1$/,
    ],
    ['transpose by a number', call('transpose', m, 1), ArgumentError, /^transpose: perm is 1, not an array of axes$/],
    ['slice from a number', call('slice', m, 1), ArgumentError, /^slice: begin is 1, not an array of integers$/],
    ['slice with a string size', call('slice', m, [0], '1'), ArgumentError, /^slice: size is "1", not an array/],
    [
      'gather with a string',
      call('gather', t, 'ab'),
      ArgumentError,
      /^gather: indices are "ab", not an array of integers/,
    ],
  ])('%s', (_name, run, kind, message) => {
    expect(run).toThrow(kind);
    expect(run).toThrow(message);
  });

  it('reshape refuses -1 against zero elements (ambiguous, as NumPy) and keeps inferring it otherwise', () => {
    expect(() => g.reshape(g.zeros([0, 3]), [0, -1])).toThrow(ShapeError);
    expect(() => g.reshape(g.zeros([0, 3]), [0, -1])).toThrow(/^reshape: cannot infer the -1 extent of \[0,-1\]/);
    expect(g.reshape(g.zeros([0, 3]), [3, -1]).shape).toEqual([3, 0]);
    expect(g.reshape(g.zeros([0, 3]), [0, 3]).shape).toEqual([0, 3]);
    expect(g.reshape(g.arange(6), [2, -1]).shape).toEqual([2, 3]);
  });
});

describe('reductions over an empty axis', () => {
  it('max, min and argmax raise (NumPy, JAX and PyTorch do too), naming the axis', () => {
    expect(() => g.max(g.zeros([0]))).toThrow(ShapeError);
    expect(() => g.max(g.zeros([0]))).toThrow(/^max: cannot reduce over axis 0 of shape \[0\]: it is empty/);
    expect(() => g.min(g.zeros([0, 3]), { axis: 0 })).toThrow(/^min: cannot reduce over axis 0 of shape \[0,3\]/);
    expect(() => g.argmax(g.zeros([2, 0]))).toThrow(/^argmax: cannot reduce over axis 1 of shape \[2,0\]/);
  });
  it('an empty result over a non-empty axis is fine', () => {
    expect(g.min(g.zeros([0, 3]), { axis: 1 }).shape).toEqual([0]);
    expect(g.argmax(g.zeros([0, 3])).shape).toEqual([0]);
  });
  it('sum is 0, prod 1, mean NaN (0·(1/0), as NumPy and PyTorch), logSumExp −∞', () => {
    expect(g.item(g.sum(g.zeros([0])))).toBe(0);
    expect(g.item(g.prod(g.zeros([0])))).toBe(1);
    expect(g.item(g.mean(g.zeros([0])))).toBeNaN();
    expect(g.item(g.logSumExp(g.zeros([0])))).toBe(-Infinity);
    expect(g.toArray(g.logSumExp(g.zeros([2, 0]), { axis: 1 }))).toEqual([-Infinity, -Infinity]);
  });
});

describe('clip', () => {
  it('refuses number bounds with lo > hi, or NaN', () => {
    expect(() => g.clip(t, 2, 1)).toThrow(ArgumentError);
    expect(() => g.clip(t, 2, 1)).toThrow(/^clip: lo = 2 is greater than hi = 1$/);
    expect(() => g.clip(t, NaN, 1)).toThrow(/^clip: the bounds lo = NaN and hi = 1 must not be NaN$/);
  });
  it('accepts lo = hi and tensor bounds', () => {
    expect(g.toArray(g.clip(t, 1, 1))).toEqual([1, 1]);
    expect(g.toArray(g.clip(t, g.tensor([0, 0]), g.tensor([1, 3])))).toEqual([1, 2]);
  });
});

describe('customVjp rules are checked like arguments', () => {
  const x = g.tensor([1, 2]);
  const double = (rule: unknown) => call('customVjp', (a: Tensor) => g.mul(a, 2), rule)();
  const gradOf = (op: unknown) => () =>
    g.grad((p: Tensor) => {
      const y = callable(op)(p);
      if (!g.isTensor(y)) throw new Error('not a tensor');
      return g.sum(y);
    })(x);

  it.each([
    ['too few cotangents', () => [], ArgumentError, /^customVjp: the rule returned 0 cotangent\(s\) for 1 input\(s\)/],
    [
      'undefined',
      () => undefined,
      ArgumentError,
      /^customVjp: the rule returned undefined; it must return an array of 1 cotangent/,
    ],
    [
      'an undefined cotangent',
      () => [undefined],
      ArgumentError,
      /^customVjp: the rule's cotangent for its input is undefined, not a tensor \(return null for no cotangent\)/,
    ],
    [
      'a wrong shape',
      () => [g.tensor([1, 2, 3])],
      ShapeError,
      /^customVjp: the rule's cotangent for input 0 \(argument 1\) has shape \[3\], expected the input's shape \[2\]/,
    ],
  ])('%s', (_name, rule, kind, message) => {
    expect(gradOf(double(rule))).toThrow(kind);
    expect(gradOf(double(rule))).toThrow(message);
  });

  it('the second input of two, and a named rule', () => {
    const hyp = call(
      'customVjp',
      (a: Tensor, b: Tensor) => g.mul(a, b),
      (u: Tensor) => [u, g.zeros([3])],
    )();
    const f = () =>
      g.grad((p: { a: Tensor; b: Tensor }) => {
        const y = callable(hyp)(p.a, p.b);
        return g.isTensor(y) ? g.sum(y) : p.a;
      })({ a: x, b: x });
    expect(f).toThrow(
      /^customVjp: the rule's cotangent for input 1 \(argument 2\) has shape \[3\], expected the input's shape \[2\]/,
    );
    const named = call(
      'customVjp',
      (a: Tensor) => a,
      () => [g.zeros([5])],
      'myop',
    )();
    expect(gradOf(named)).toThrow(/^customVjp myop: the rule's cotangent/);
  });

  it('null is no cotangent; a right rule still works', () => {
    expect(g.toArray(gradOf(double(() => [null]))())).toEqual([0, 0]);
    expect(g.toArray(gradOf(double((u: Tensor) => [g.mul(u, 2)]))())).toEqual([2, 2]);
  });

  it('f, rule, arguments and f’s result are checked too', () => {
    expect(call('customVjp', null, () => [])).toThrow(/^customVjp: f is null, not a function$/);
    expect(call('customVjp', (a: Tensor) => a, 'rule')).toThrow(/^customVjp: rule is "rule", not a function$/);
    const op = double((u: Tensor) => [u]);
    expect(() => callable(op)()).toThrow(/^customVjp: expected 1 argument\(s\), got 0$/);
    expect(() => callable(op)('a')).toThrow(/^customVjp: argument 1 is "a", not a tensor or a number$/);
    const bad = call(
      'customVjp',
      () => 'x',
      () => [],
    )();
    expect(() => callable(bad)()).toThrow(/^customVjp: f returned "x", not a tensor$/);
  });

  it('every refusal above is a GradfoldError', () => {
    expect(gradOf(double(() => undefined))).toThrow(GradfoldError);
  });
});
