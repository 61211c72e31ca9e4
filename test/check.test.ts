/** The gradient checker catches wrong rules and names the worst element; the arbitraries respect their domains. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeUnary } from '../src/core/compute.ts';
import { need } from '../src/autodiff/accumulate.ts';
import { type Primitive, bind } from '../src/autodiff/tape.ts';
import { elementwise } from '../src/ops/batching.ts';
import { type Tensor, GradCheckError, broadcastShapes, checkGrads, mul, sum, tensor } from '../src/index.ts';
import { broadcastShapesArb, positiveTensorArb, tensorArb, valueArb } from '../src/testing.ts';

/** sin with a deliberately wrong rule at order 1: d/dx sin x taken as cos x + 0.01 for the element x > 1. */
const badSinPrim: Primitive<null> = {
  name: 'badSin',
  impl: ([x]) => computeUnary('sin', need(x)),
  vjp: (g, node) => {
    const x = need(node.inputs[0]);
    const wrong = tensor(
      Array.from(x.data, (v) => Math.cos(v) + (v > 1 ? 0.01 : 0)),
      { shape: x.shape },
    );
    return [mul(g, wrong)];
  },
  batch: elementwise,
};
const badSin = (x: Tensor): Tensor => bind(badSinPrim, [x], null);

describe('checkGrads', () => {
  it('passes a correct function and reports the comparisons it made', () => {
    const report = checkGrads(
      (p: { w: Tensor; b: Tensor }) => sum(mul(p.w, p.b)),
      { w: tensor([1, 2, 3]), b: 0.5 },
      { order: 2 },
    );
    expect(report.comparisons).toBeGreaterThan(10);
    expect(report.maxAbsError).toBeLessThan(1e-6);
  });

  it('names the input and the element with the worst error in reverse mode', () => {
    const run = () =>
      checkGrads(
        (p: { a: Tensor }) => sum(badSin(p.a)),
        {
          a: tensor([
            [0.1, 0.2],
            [1.5, 0.3],
          ]),
        },
        { modes: ['rev'] },
      );
    expect(run).toThrow(GradCheckError);
    expect(run).toThrow(/input\.a element \[1,0\]/);
  });

  it('names the output element in forward mode', () => {
    const run = () => checkGrads((x: Tensor) => badSin(x), tensor([0.5, 2]), { modes: ['fwd'] });
    expect(run).toThrow(/forward mode: output 0 element \[1\]/);
  });

  it('checks second derivatives: a rule right at order 1 but not differentiable in ops fails at order 2', () => {
    // The rule's factor is a constant tensor built from the data, so its own derivative is lost: order 1
    // passes (with the bad element avoided) and order 2 must fail.
    const f = (x: Tensor) => sum(badSin(x));
    expect(() => checkGrads(f, tensor([0.2, 0.4]), { order: 1 })).not.toThrow();
    expect(() => checkGrads(f, tensor([0.2, 0.4]), { order: 2 })).toThrow(/order 2/);
  });
});

describe('arbitraries', () => {
  it('broadcastShapesArb gives shapes that broadcast', () => {
    fc.assert(
      fc.property(
        broadcastShapesArb(),
        ([a, b]) => broadcastShapes('test', a, b).length >= Math.max(a.length, b.length),
      ),
    );
  });

  it('valueArb keeps its distance from the kinks', () => {
    fc.assert(
      fc.property(valueArb({ awayFrom: [0, 1], margin: 0.1 }), (v) => Math.abs(v) >= 0.1 && Math.abs(v - 1) >= 0.1),
    );
  });

  it('positiveTensorArb and tensorArb respect bounds, shape and dtype', () => {
    fc.assert(fc.property(positiveTensorArb([2, 3]), (t) => t.shape.join() === '2,3' && t.data.every((v) => v >= 0.1)));
    fc.assert(
      fc.property(
        tensorArb([4], { min: -1, max: 1, dtype: 'float32' }),
        (t) => t.dtype === 'float32' && t.data.every((v) => Math.abs(v) <= 1),
      ),
    );
  });
});
