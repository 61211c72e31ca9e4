/** Bad input: shape mismatches and bad axes name the op and the shapes; dtype promotion follows one rule. */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

describe('shape errors name the op and both shapes', () => {
  const a = g.zeros([2, 3]);
  const b = g.zeros([4]);
  it.each([
    ['add', () => g.add(a, b), /add: shapes \[2,3\] and \[4\] cannot be broadcast together/],
    ['mul', () => g.mul(a, b), /mul: shapes \[2,3\] and \[4\]/],
    ['where', () => g.where(g.ones([2, 3]), a, b), /where: shapes \[2,3\] and \[4\]/],
    ['matmul', () => g.matmul(a, g.zeros([2, 2])), /matmul: cannot multiply shapes \[2,3\] and \[2,2\]/],
    ['matmul rank 0', () => g.matmul(1, a), /matmul: operands must have rank ≥ 1/],
    ['dot rank 3', () => g.dot(g.zeros([1, 1, 1]), a), /dot: operands must have rank ≤ 2/],
    ['reshape', () => g.reshape(a, [4, 2]), /reshape: cannot reshape \[2,3\] \(6 elements\) to \[4,2\]/],
    ['reshape two -1', () => g.reshape(a, [-1, -1]), /reshape: invalid target shape/],
    ['broadcastTo', () => g.broadcastTo(a, [3, 3]), /broadcastTo: shapes \[2,3\] and \[3,3\]/],
    [
      'concat',
      () => g.concat([a, g.zeros([3, 3])], { axis: 1 }),
      /concat: shapes \[2,3\] and \[3,3\] differ off axis 1/,
    ],
    ['slice', () => g.slice(a, [1, 1], [2, 1]), /slice: begin \[1,1\] and size \[2,1\] do not fit shape \[2,3\]/],
    ['squeeze', () => g.squeeze(a, { axis: 0 }), /squeeze: axis 0 of shape \[2,3\] has extent 2, not 1/],
    ['transpose', () => g.transpose(a, [0, 0]), /transpose: \[0,0\] is not a permutation/],
    [
      'gather index',
      () => g.gather(a, [5], { axis: 1 }),
      /gather: index 5 at position 0 is not an integer in \[0, 3\)/,
    ],
    ['tensor ragged', () => g.tensor([[1, 2], [3]]), /tensor: ragged nested array/],
    ['tensor size', () => g.tensor([1, 2, 3], { shape: [2, 2] }), /tensor: 3 values do not fill shape \[2,2\]/],
    ['item', () => g.item(a), /item: expected a tensor of size 1, got shape \[2,3\]/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(g.ShapeError);
    expect(run).toThrow(message);
  });

  it.each([
    ['sum', () => g.sum(a, { axis: 2 }), /sum: axis 2 is out of range for a tensor of rank 2/],
    ['mean', () => g.mean(a, { axis: -3 }), /mean: axis -3 is out of range/],
    ['max', () => g.max(a, { axis: [0, 5] }), /max: axis 5 is out of range/],
    ['softmax', () => g.softmax(a, { axis: 4 }), /softmax: axis 4 is out of range/],
    ['expandDims', () => g.expandDims(a, { axis: 4 }), /expandDims: axis 4 is out of range/],
    ['repeated axis', () => g.sum(a, { axis: [1, -1] }), /sum: axis 1 is repeated/],
  ])('axis out of range: %s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  it('grad of a non-scalar function says so', () => {
    expect(() => g.grad((x: Tensor) => g.mul(x, 2))(g.tensor([1, 2]))).toThrow(
      /grad: the function must return a scalar \(size 1\), got shape \[2\]/,
    );
  });
  it('a [loss, aux] pair needs hasAux, and hasAux needs a pair', () => {
    const pair = (x: Tensor) => [g.square(x), 1] as const;
    // Both misuses are type errors too; the runtime checks are for callers without types.
    // @ts-expect-error a pair without hasAux
    expect(() => g.valueAndGrad(pair)(2)).toThrow(/pass \{ hasAux: true \}/);
    // @ts-expect-error hasAux without a pair
    expect(() => g.valueAndGrad((x: Tensor) => g.square(x), { hasAux: true })(2)).toThrow(
      /with hasAux, f must return \[loss, aux\]/,
    );
  });
  it('a vjp cotangent of the wrong shape is refused', () => {
    const [, pullback] = g.vjp((x: Tensor) => g.mul(x, 2), g.tensor([1, 2]));
    expect(() => pullback(g.tensor([1, 2, 3]))).toThrow(/vjp: cotangent of shape \[3\] for an output of shape \[2\]/);
  });
});

describe('dtype promotion', () => {
  const x32 = g.tensor([1, 2], { dtype: 'float32' });
  const x64 = g.tensor([1, 2]);
  it('float32 with float64 gives float64; numbers adopt the tensor dtype; numbers alone are float64', () => {
    expect(g.add(x32, x64).dtype).toBe('float64');
    expect(g.mul(x32, 2).dtype).toBe('float32');
    expect(g.mul(2, x32).dtype).toBe('float32');
    expect(g.exp(x32).dtype).toBe('float32');
    expect(g.add(1, 2).dtype).toBe('float64');
    expect(g.matmul(g.ones([2, 2], { dtype: 'float32' }), x32).dtype).toBe('float32');
    expect(g.concat([x32, x64]).dtype).toBe('float64');
  });
  it('gradients come back in each input’s own dtype', () => {
    const gr = g.grad((p: { a: Tensor; b: Tensor }) => g.sum(g.mul(p.a, p.b)))({ a: x32, b: x64 });
    expect(gr.a.dtype).toBe('float32');
    expect(gr.b.dtype).toBe('float64');
    expect(g.toArray(gr.a)).toEqual([1, 2]);
  });
});
