/**
 * The speed paths agree with the plain kernels bit for bit, and never reach the user: rank-0 results computed
 * as numbers on the tape come back as ordinary tensors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';
import { ScalarTensor, computeScalar } from '../src/core/compute-scalar.ts';
import { type BinaryName, binaryKernels, binaryScalars, broadcastPlan } from '../src/core/kernels/binary.ts';
import { type UnaryName, unaryKernels, unaryScalars } from '../src/core/kernels/unary.ts';

const isUnary = (k: string): k is UnaryName => k in unaryScalars;
const isBinary = (k: string): k is BinaryName => k in binaryScalars;
const unaryNames = Object.keys(unaryScalars).filter(isUnary);
const binaryNames = Object.keys(binaryScalars).filter(isBinary);
const number = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity, NaN));
const dtype = fc.constantFrom<g.DType>('float64', 'float32');

describe('rank-0 fast path', () => {
  it('each scalar unary kernel equals its array kernel bit for bit, in both dtypes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...unaryNames), number, dtype, (name, v, dt) => {
        const x = g.scalar(v, { dtype: dt });
        const out = dt === 'float64' ? new Float64Array(1) : new Float32Array(1);
        unaryKernels[name](x.data, out);
        const s = computeScalar(unaryScalars[name], [x]);
        expect(Object.is(s?.value, out[0])).toBe(true);
      }),
    );
  });

  it('each scalar binary kernel equals its array kernel bit for bit, with promotion', () => {
    fc.assert(
      fc.property(fc.constantFrom(...binaryNames), number, number, dtype, dtype, (name, u, v, da, db) => {
        const a = g.scalar(u, { dtype: da });
        const b = g.scalar(v, { dtype: db });
        const out = da === 'float64' || db === 'float64' ? new Float64Array(1) : new Float32Array(1);
        binaryKernels[name](a.data, b.data, out, broadcastPlan([], [], []));
        const s = computeScalar(binaryScalars[name], [a, b]);
        expect(Object.is(s?.value, out[0])).toBe(true);
        expect(s?.dtype).toBe(da === 'float64' || db === 'float64' ? 'float64' : 'float32');
      }),
    );
  });

  it('declines inputs that are not rank 0', () => {
    expect(computeScalar(binaryScalars.add, [g.tensor([1]), g.scalar(1)])).toBeUndefined();
  });

  it('returns ordinary tensors: ops, values, gradients and stopGradient', () => {
    const plain = (t: Tensor): void => {
      expect(t).not.toBeInstanceOf(ScalarTensor);
      expect(t.data).toBeInstanceOf(t.dtype === 'float64' ? Float64Array : Float32Array);
      expect(Object.keys(t).sort()).toEqual(['data', 'dtype', 'shape']);
    };
    plain(g.add(1, 2));
    plain(g.tanh(g.scalar(0.5, { dtype: 'float32' })));
    let seen: Tensor | null = null;
    const f = (p: { w: Tensor; b: Tensor }) => {
      const y = g.tanh(g.add(g.mul(p.w, 3), p.b));
      seen = g.stopGradient(y);
      return g.mul(y, y);
    };
    const [value, grads] = g.valueAndGrad(f)({ w: g.scalar(0.2), b: g.scalar(-0.1) });
    plain(value);
    plain(grads.w);
    plain(grads.b);
    if (seen === null) throw new Error('f did not run');
    plain(seen);
  });

  it('gives the same gradients as the array path (rank 1 of length 1) to the last bit', () => {
    const chain = (x0: Tensor, w: Tensor, b: Tensor) => {
      let x = x0;
      for (let i = 0; i < 50; i++) x = g.tanh(g.add(g.mul(x, w), b));
      return g.sum(x);
    };
    const f0 = (p: { w: Tensor; b: Tensor }) => chain(g.scalar(0.5), p.w, p.b);
    const f1 = (p: { w: Tensor; b: Tensor }) => chain(g.tensor([0.5]), p.w, p.b);
    const s = g.grad(f0)({ w: g.scalar(0.9), b: g.scalar(0.1) });
    const v = g.grad(f1)({ w: g.tensor([0.9]), b: g.tensor([0.1]) });
    expect(Array.from(s.w.data)).toEqual(Array.from(v.w.data));
    expect(Array.from(s.b.data)).toEqual(Array.from(v.b.data));
  });

  it('keeps second derivatives exact through the fast path', () => {
    // d²/dx² tanh(x) = −2 tanh(x) (1 − tanh²(x))
    const d2 = g.grad((x: Tensor) => g.grad((y: Tensor) => g.tanh(y))(x));
    const x = 0.3;
    const t = Math.tanh(x);
    expect(d2(x)).toBeCloseTo(-2 * t * (1 - t * t), 12);
  });
});
