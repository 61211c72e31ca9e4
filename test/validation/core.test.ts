/**
 * Tensor constructors at their boundary: every entry a number (finite or not), shapes of non-negative integers,
 * only the two dtypes, options without unknown keys; nested arrays that are ragged or cyclic refused with the
 * position, never a hang or a heap exhaustion.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import { ArgumentError, DTypeError, GradfoldError } from '../../src/core/errors.ts';
import { ShapeError } from '../../src/core/shape.ts';
import { call } from '../untyped.ts';

describe('tensor: every entry is a number', () => {
  it.each([
    ['a string', ['abc'], /tensor: values are "abc", not a number/],
    ['strings in an array', [['1', '2']], /tensor: entry \[0\] is "1", not a number/],
    ['a string with a shape', [['a'], { shape: [1] }], /tensor: entry \[0\] is "a", not a number/],
    [
      'a nested string',
      [
        [
          [1, 2],
          ['a', 3],
        ],
      ],
      /tensor: entry \[1\]\[0\] is "a", not a number/,
    ],
    [
      'null',
      [
        [
          [1, 2],
          [3, null],
        ],
      ],
      /tensor: entry \[1\]\[1\] is null, not a number/,
    ],
    ['undefined', [[1, undefined]], /tensor: entry \[1\] is undefined, not a number/],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole', [[1, , 3]], /tensor: entry \[1\] is undefined, not a number/],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole with a shape', [[1, , 3], { shape: [3] }], /tensor: entry \[1\] is undefined, not a number/],
    ['a BigInt', [[1n]], /tensor: entry \[0\] is 1n \(a BigInt\), not a number/],
    ['a boolean', [[true]], /tensor: entry \[0\] is true, not a number/],
    ['an object', [[{}]], /tensor: entry \[0\] is \{\}, not a number/],
    ['a BigInt64Array', [BigInt64Array.of(1n)], /tensor: values are a BigInt64Array, not numbers/],
  ])('%s is an ArgumentError naming the position', (_name, args, message) => {
    expect(call('tensor', ...args)).toThrow(ArgumentError);
    expect(call('tensor', ...args)).toThrow(message);
  });

  it('NaN and ±Infinity are numbers', () => {
    expect(Array.from(g.tensor([NaN, Infinity, -Infinity]).data)).toEqual([NaN, Infinity, -Infinity]);
    expect(Object.is(g.tensor([-0]).data[0], -0)).toBe(true);
  });

  it('integer typed arrays are numbers (float64 by default); Float32Array stays float32', () => {
    const t = call('tensor', Int32Array.of(1, -2))();
    expect(g.isTensor(t) && t.dtype).toBe('float64');
    expect(g.isTensor(t) && Array.from(t.data)).toEqual([1, -2]);
    expect(g.tensor(Float32Array.of(1)).dtype).toBe('float32');
  });

  it('ragged arrays are ShapeErrors naming the row', () => {
    expect(() => g.tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => g.tensor([[1, 2], [3]])).toThrow(
      /tensor: ragged nested array: expected \[2,2\], row \[1\] has length 1, not 2/,
    );
    expect(call('tensor', [[1, 2], 3])).toThrow(
      /tensor: ragged nested array: expected \[2,2\], entry \[1\] is a number where a row of 2 is/,
    );
    expect(call('tensor', [1, [2]])).toThrow(
      /tensor: ragged nested array: expected \[2\], entry \[1\] is an array where a number is/,
    );
  });

  it('a cyclic array is refused where the cycle closes, with or without a shape', () => {
    const self: unknown[] = [];
    self.push(self);
    expect(call('tensor', self)).toThrow(ArgumentError);
    expect(call('tensor', self)).toThrow(
      /tensor: the nested array is cyclic: entry \[0\] is an array that contains it/,
    );
    const tail: unknown[] = [1];
    tail.push(tail);
    expect(call('tensor', tail, { shape: [2] })).toThrow(
      /tensor: the nested array is cyclic: entry \[1\] is an array that contains it/,
    );
  });

  it('a deep nesting is read without overflowing the stack', () => {
    let deep: unknown = 7;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const nested = call('tensor', deep)();
    expect(g.isTensor(nested) && nested.shape.length).toBe(100_000);
    const flat = call('tensor', deep, { shape: [1] })();
    expect(g.isTensor(flat) && Array.from(flat.data)).toEqual([7]);
  });
});

describe('shapes, counts and dtypes', () => {
  it.each([
    ['eye(-1)', call('eye', -1), ShapeError, /eye: n must be a non-negative integer/],
    ['eye(2.5)', call('eye', 2.5), ShapeError, /eye: n must be a non-negative integer .*got 2\.5/],
    ['eye(2, "3")', call('eye', 2, '3'), ArgumentError, /eye: m is "3", not a number/],
    ['arange(NaN)', call('arange', NaN), ArgumentError, /arange: stop must be a finite number, got NaN/],
    [
      'arange(0, Infinity)',
      call('arange', 0, Infinity),
      ArgumentError,
      /arange: stop must be a finite number, got Infinity/,
    ],
    ['arange(0, 1, 0)', call('arange', 0, 1, 0), ArgumentError, /arange: step must be non-zero/],
    ['arange(0, 1, 1e-300)', call('arange', 0, 1, 1e-300), ShapeError, /arange: .* more than a tensor can hold/],
    ['linspace(0, 1, -1)', call('linspace', 0, 1, -1), ShapeError, /linspace: count must be a non-negative integer/],
    ['linspace(0, NaN, 3)', call('linspace', 0, NaN, 3), ArgumentError, /linspace: stop must be a finite number/],
    [
      'zeros([-1])',
      call('zeros', [-1]),
      ShapeError,
      /zeros: invalid shape \[-1\]: extent -1 at axis 0 is not a non-negative integer/,
    ],
    ['zeros([2.5])', call('zeros', [2.5]), ShapeError, /zeros: invalid shape \[2\.5\]/],
    ['zeros(["2"])', call('zeros', ['2']), ShapeError, /zeros: invalid shape \["2"\]: extent "2" at axis 0/],
    ['zeros(3)', call('zeros', 3), ArgumentError, /zeros: shape is 3, not an array of extents/],
    ['ones(undefined)', call('ones', undefined), ArgumentError, /ones: shape is undefined, not an array/],
    [
      'zeros too large',
      call('zeros', [1e5, 1e5]),
      ShapeError,
      /zeros: shape \[100000,100000\] has 10000000000 elements, more than a tensor can hold/,
    ],
    ['full(shape, "7")', call('full', [2], '7'), ArgumentError, /full: value is "7", not a number/],
    ['scalar("3")', call('scalar', '3'), ArgumentError, /scalar: value is "3", not a number/],
    ['scalar(null)', call('scalar', null), ArgumentError, /scalar: value is null, not a number/],
    ['tensor shape', call('tensor', [1, 2], { shape: [2, -1] }), ShapeError, /tensor: invalid shape \[2,-1\]/],
    ['broadcastTo [2.5]', call('broadcastTo', g.scalar(1), [2.5]), ShapeError, /broadcastTo: invalid shape \[2\.5\]/],
    ['zerosLike("x")', call('zerosLike', 'x'), ArgumentError, /zerosLike: x is "x", not a tensor/],
    ['item("x")', call('item', 'x'), ArgumentError, /item: x is "x", not a tensor or a number/],
    [
      'toArray(undefined)',
      call('toArray', undefined),
      ArgumentError,
      /toArray: x is undefined, not a tensor or a number/,
    ],
    [
      'asTensor([1])',
      call('asTensor', [1]),
      ArgumentError,
      /asTensor: x is an array of length 1, not a tensor or a number/,
    ],
  ])('%s', (_name, run, kind, message) => {
    expect(run).toThrow(kind);
    expect(run).toThrow(message);
  });

  it.each(['int32', 'float16', 'bogus', 'Float32', null])('dtype %s is a DTypeError in every constructor', (dtype) => {
    const options = { dtype };
    for (const run of [
      call('tensor', [1], options),
      call('tensor', Float64Array.of(1), options),
      call('scalar', 1, options),
      call('zeros', [2], options),
      call('ones', [2], options),
      call('full', [2], 3, options),
      call('arange', 3, undefined, 1, options),
      call('linspace', 0, 1, 3, options),
      call('eye', 2, 2, options),
      call('uniform', g.key(0), [2], options),
      call('normal', g.key(0), [2], options),
    ]) {
      expect(run).toThrow(DTypeError);
      expect(run).toThrow(/dtype .* is not a gradfold dtype \(only 'float64' and 'float32' exist\)/);
    }
  });

  it('options refuse unknown keys and non-objects', () => {
    expect(call('tensor', [1], { shpe: [1] })).toThrow(/tensor: unknown option "shpe" \(did you mean "shape"\?\)/);
    expect(call('zeros', [1], { dtypes: 'float32' })).toThrow(
      /zeros: unknown option "dtypes" \(did you mean "dtype"\?\)/,
    );
    expect(call('eye', 2, 2, { type: 'float32' })).toThrow(ArgumentError);
    expect(call('tensor', [1], 'float32')).toThrow(/tensor: options is "float32", not an object/);
    expect(call('uniform', g.key(0), [2], { lo: 0 })).toThrow(/uniform: unknown option "lo"/);
    expect(call('normal', g.key(0), [2], { sd: 2 })).toThrow(/normal: unknown option "sd"/);
  });

  it('valid calls still work, and every refusal is a GradfoldError', () => {
    expect(g.toArray(g.eye(0))).toEqual([]);
    expect(g.zeros([0, 3]).shape).toEqual([0, 3]);
    expect(g.toArray(g.arange(0, 1, -1))).toEqual([]);
    expect(g.toArray(g.ones([2], { dtype: 'float32' }))).toEqual([1, 1]);
    expect(call('zeros', [-1])).toThrow(GradfoldError);
  });
});
