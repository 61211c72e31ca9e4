/**
 * Types of the training fold: number parameters are inferred as `number` (not the literal types of the initial
 * values), as grad does; parameters the loss does not accept still do not compile.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Batch, Tensor } from '../../src/index.ts';

const data = g.dataset(g.tensor([[1], [2], [3]]), g.tensor([3, 5, 7]));
type Line = { readonly w: Tensor; readonly b: Tensor };
const loss = (p: Line, batch: Batch) => g.mse(g.add(g.mul(g.squeeze(batch.x, { axis: [1] }), p.w), p.b), batch.y);

describe('parameter types in the training fold are widened', () => {
  it('fit({ params: { w: 0, b: 0 } }) gives carry.params.w: number', () => {
    const { carry } = g.fit({
      loss,
      params: { w: 0, b: 0 },
      optimizer: g.sgd({ lr: 0.1 }),
      data,
      epochs: 2000,
      batchSize: 'full',
    });
    expectTypeOf(carry.params.w).toEqualTypeOf<number>();
    expectTypeOf(carry.params.b).toEqualTypeOf<number>();
    const near = (v: number, to: number): boolean => Math.abs(v - to) < 1e-3;
    expect(near(carry.params.w, 2) && near(carry.params.b, 1)).toBe(true);
    expect(carry.params.w === 2).toBe(false); // compiles: w is a number, not the literal 0
  });
  it('fitSteps, initCarry and trainStep too; tensor leaves stay tensors', () => {
    const steps = g.fitSteps({
      loss,
      params: { w: 0, b: g.tensor([0]) },
      optimizer: g.adam({ lr: 0.1 }),
      data,
      epochs: 1,
      batchSize: 1,
    });
    const first = steps.next();
    if (first.done === true) throw new Error('no step');
    expectTypeOf(first.value.carry.params.w).toEqualTypeOf<number>();
    expectTypeOf(first.value.carry.params.b).toEqualTypeOf<Tensor>();
    const carry = g.initCarry({ w: 0, b: 0 }, g.sgd({ lr: 0.1 }), g.key(0));
    expectTypeOf(carry.params.w).toEqualTypeOf<number>();
    const [next] = g.trainStep(loss, g.sgd({ lr: 0.1 }))(carry, { ...data, epoch: 0, index: 0 });
    expectTypeOf(next.params.b).toEqualTypeOf<number>();
    expect(next.params.w).not.toBe(0);
  });
  it('parameters the loss does not accept do not compile', () => {
    // Never called: these lines are here for the type checker.
    const misuse = (): void => {
      // @ts-expect-error a leaf of the wrong kind
      g.fit({ loss, params: { w: 'x', b: 0 }, optimizer: g.sgd({ lr: 0.1 }), data, epochs: 1, batchSize: 1 });
      // @ts-expect-error a missing leaf
      g.fit({ loss, params: { w: 0 }, optimizer: g.sgd({ lr: 0.1 }), data, epochs: 1, batchSize: 1 });
      // @ts-expect-error a missing leaf, in fitSteps
      g.fitSteps({ loss, params: { b: 0 }, optimizer: g.sgd({ lr: 0.1 }), data, epochs: 1, batchSize: 1 });
    };
    expectTypeOf(misuse).toBeFunction();
  });
});
