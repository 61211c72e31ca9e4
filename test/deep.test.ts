/** Deep graphs: an iterative backward pass, linear in the graph, with no stack overflow. */
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

describe('deep graphs', () => {
  it('differentiates a chain of 10⁶ scalar ops without overflowing the stack', () => {
    const n = 1_000_000;
    const df = g.grad((x: Tensor) => {
      let y = x;
      for (let i = 0; i < n; i++) y = g.mul(y, 1.000001);
      return y;
    });
    // d/dx (x · c^n) = c^n, computed in floating point by repeated multiplication.
    let expected = 1;
    for (let i = 0; i < n; i++) expected *= 1.000001;
    expect(df(0.5)).toBeCloseTo(expected, 8);
  });
});
