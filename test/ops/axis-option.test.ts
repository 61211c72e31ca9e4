/**
 * One axis convention: every op along an axis takes it as an option `{axis}`. The old positional spelling from
 * JavaScript is an ArgumentError naming the op and the new call (never a silent default axis), unknown keys are
 * refused, the defaults are those of before, and the values along a chosen axis are the hand-computed ones.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import { ArgumentError } from '../../src/core/errors.ts';
import { call } from '../untyped.ts';

const m = g.tensor([
  [1, 5, 2],
  [7, 0, 7],
]);
const v = g.tensor([1, 2]);

describe('a positional axis from JavaScript is refused with the new spelling', () => {
  it.each([
    ['concat', call('concat', [m, m], 1), 'concat: axis is an option now: concat(xs, { axis: 1 })'],
    ['stack', call('stack', [v, v], -1), 'stack: axis is an option now: stack(xs, { axis: -1 })'],
    ['expandDims', call('expandDims', v, 0), 'expandDims: axis is an option now: expandDims(x, { axis: 0 })'],
    [
      'squeeze (a number)',
      call('squeeze', g.zeros([1, 2]), 0),
      'squeeze: axis is an option now: squeeze(x, { axis: 0 })',
    ],
    [
      'squeeze (a list)',
      call('squeeze', g.zeros([1, 2, 1]), [0, 2]),
      'squeeze: axis is an option now: squeeze(x, { axis: [0, 2] })',
    ],
    [
      'takeAlongAxis',
      call('takeAlongAxis', m, g.tensor([[0], [1]]), 1),
      'takeAlongAxis: axis is an option now: takeAlongAxis(x, indices, { axis: 1 })',
    ],
    ['argmax', call('argmax', m, 0), 'argmax: axis is an option now: argmax(x, { axis: 0 })'],
    ['gather', call('gather', m, [0], 1), 'gather: axis is an option now: gather(x, indices, { axis: 1 })'],
    ['sum', call('sum', m, 0), 'sum: axis is an option now: sum(x, { axis: 0 })'],
    ['mean (a list)', call('mean', m, [0, 1]), 'mean: axis is an option now: mean(x, { axis: [0, 1] })'],
    ['max', call('max', m, 1), 'max: axis is an option now: max(x, { axis: 1 })'],
    ['min', call('min', m, 1), 'min: axis is an option now: min(x, { axis: 1 })'],
    ['prod', call('prod', m, 1), 'prod: axis is an option now: prod(x, { axis: 1 })'],
    ['logSumExp', call('logSumExp', m, 1), 'logSumExp: axis is an option now: logSumExp(x, { axis: 1 })'],
    ['softmax', call('softmax', m, 0), 'softmax: axis is an option now: softmax(x, { axis: 0 })'],
    ['logSoftmax', call('logSoftmax', m, 0), 'logSoftmax: axis is an option now: logSoftmax(x, { axis: 0 })'],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(ArgumentError);
    expect(run).toThrow(message);
  });

  it('refuses unknown keys, naming the nearest', () => {
    expect(call('concat', [m, m], { axes: 1 })).toThrow(/^concat: unknown option "axes" \(did you mean "axis"\?\)$/);
    expect(call('stack', [v, v], { dim: 1 })).toThrow(/^stack: unknown option "dim"/);
    expect(call('expandDims', v, { axis: 0, keepdims: true })).toThrow(/^expandDims: unknown option "keepdims"/);
    expect(call('squeeze', g.zeros([1]), { axes: [0] })).toThrow(/^squeeze: unknown option "axes"/);
    expect(call('takeAlongAxis', m, g.tensor([[0], [1]]), { axs: 1 })).toThrow(/^takeAlongAxis: unknown option "axs"/);
    expect(call('argmax', m, { axis: 0, keepdims: true })).toThrow(/^argmax: unknown option "keepdims"/);
  });

  it('refuses a missing required axis and an options value that is not an object', () => {
    expect(call('expandDims', v)).toThrow(/^expandDims: the axis is required: expandDims\(x, \{ axis: 0 \}\)$/);
    expect(call('expandDims', v, {})).toThrow(ArgumentError);
    expect(call('takeAlongAxis', m, g.tensor([[0], [1]]))).toThrow(
      /^takeAlongAxis: the axis is required: takeAlongAxis\(x, indices, \{ axis: 0 \}\)$/,
    );
    expect(call('expandDims', v, { axis: '0' })).toThrow(/^expandDims: axis is "0", not an integer$/);
    expect(call('concat', [v], 'x')).toThrow(/^concat: options is "x", not an object$/);
    expect(call('argmax', m, null)).toThrow(/^argmax: options is null, not an object$/);
  });
});

describe('the values along an axis given as an option (hand-computed)', () => {
  it('concat and stack: default axis 0, and a chosen one', () => {
    expect(g.toArray(g.concat([v, g.tensor([3])]))).toEqual([1, 2, 3]);
    expect(g.toArray(g.concat([m, g.tensor([[9], [8]])], { axis: 1 }))).toEqual([
      [1, 5, 2, 9],
      [7, 0, 7, 8],
    ]);
    expect(g.concat([m, m], { axis: -2 }).shape).toEqual([4, 3]);
    expect(g.toArray(g.stack([v, g.tensor([3, 4])]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(g.toArray(g.stack([v, g.tensor([3, 4])], { axis: 1 }))).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(g.toArray(g.stack([v, g.tensor([3, 4])], { axis: -1 }))).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('expandDims and squeeze', () => {
    expect(g.expandDims(v, { axis: 0 }).shape).toEqual([1, 2]);
    expect(g.expandDims(v, { axis: -1 }).shape).toEqual([2, 1]);
    expect(g.squeeze(g.zeros([1, 3, 1])).shape).toEqual([3]);
    expect(g.squeeze(g.zeros([1, 3, 1]), { axis: 0 }).shape).toEqual([3, 1]);
    expect(g.squeeze(g.zeros([1, 3, 1]), { axis: [0, -1] }).shape).toEqual([3]);
  });

  it('takeAlongAxis and argmax', () => {
    expect(g.toArray(g.takeAlongAxis(m, g.tensor([[1], [0]]), { axis: 1 }))).toEqual([[5], [7]]);
    expect(g.toArray(g.takeAlongAxis(m, g.tensor([[1, 0, 1]]), { axis: 0 }))).toEqual([[7, 5, 7]]);
    expect(g.toArray(g.argmax(m))).toEqual([1, 0]); // default −1; first of the tied 7s
    expect(g.toArray(g.argmax(m, { axis: 0 }))).toEqual([1, 0, 1]);
    expect(g.toArray(g.argmax(m, { axis: -1 }))).toEqual([1, 0]);
  });

  it('gradients through the option-taking layout ops (hand-computed)', () => {
    // d/dx Σ (concat([x, 2x], axis 0))² = 2x + 2·(2x)·2 = 10x
    const dConcat = g.grad((x: g.Tensor) => g.sum(g.square(g.concat([x, g.mul(2, x)], { axis: 0 }))))(v);
    expect(g.toArray(dConcat)).toEqual([10, 20]);
    // d/dx Σ stack([x, x], axis 1) ⊙ [[1, 2], [3, 4]] = [1 + 2, 3 + 4]
    const w = g.tensor([
      [1, 2],
      [3, 4],
    ]);
    const dStack = g.grad((x: g.Tensor) => g.sum(g.mul(g.stack([x, x], { axis: 1 }), w)))(v);
    expect(g.toArray(dStack)).toEqual([3, 7]);
    // takeAlongAxis picks m[0][1] and m[1][0]: the gradient of their sum is 1 there, 0 elsewhere
    const dTake = g.grad((x: g.Tensor) => g.sum(g.takeAlongAxis(x, g.tensor([[1], [0]]), { axis: 1 })))(m);
    expect(g.toArray(dTake)).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });
});
