/**
 * debugNans inside vmap: mapped values are checked element by element over the whole batch, forward and
 * backward, and the NonFiniteError names the op and the example (its index along the vmap's batch axis),
 * wherever the batch axis is and however many vmaps are nested; a finite batch passes silently.
 */
import { describe, expect, it } from 'vitest';
import { NonFiniteError, type Tensor, grad, log, mul, sqrt, stack, sum, tensor, vmap } from '../../src/index.ts';
import { bits, take } from './reference.ts';

const logLoss = (z: Tensor): Tensor => sum(mul(log(z), z));
const perExample = vmap((v: Tensor) => grad(logLoss, { debugNans: true })(v));

describe('debugNans inside vmap', () => {
  it('a finite batch passes and gives the loop of grad calls, bit for bit', () => {
    const xs = tensor([
      [1, 2],
      [3, 4],
      [0.5, 6],
    ]);
    const loop = stack([0, 1, 2].map((b) => grad(logLoss)(take(xs, 0, b))));
    expect(bits(perExample(xs))).toEqual(bits(loop));
  });

  it('forward: the op that made a non-finite element of one example is named, with the example', () => {
    const xs = tensor([
      [1, 2],
      [3, 0],
      [5, 6],
    ]);
    const run = () => perExample(xs);
    expect(run).toThrow(NonFiniteError);
    expect(run).toThrow(
      /log produced -Inf at flat index 3 of the mapped batch \[3,2\] \(example 1 of the vmap\) in the forward pass/,
    );
    expect(run).toThrow(/nans\.test\.ts/);
  });

  it('backward: the rule that made a non-finite cotangent is named, with the example', () => {
    const xs = tensor([
      [1, 2],
      [3, 4],
      [0, 6],
    ]);
    const run = () => vmap((v: Tensor) => grad((z: Tensor) => sum(sqrt(z)), { debugNans: true })(v))(xs);
    expect(run).toThrow(
      /sqrt produced \+Inf at flat index 4 of the mapped batch \[3,2\] \(example 2 of the vmap\) in the backward pass/,
    );
  });

  it('the batch axis anywhere: inAxes 1 names the example along that axis', () => {
    const xs = tensor([
      [1, 2, 3],
      [4, 5, 0],
    ]); // examples are columns: the 0 is in example 2
    const run = () => vmap((v: Tensor) => grad(logLoss, { debugNans: true })(v), { inAxes: 1 })(xs);
    expect(run).toThrow(/example 2 of the vmap/);
  });

  it('nested vmaps: the inner vmap names its own example', () => {
    const xs = tensor([
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      [
        [1, 1],
        [1, 1],
        [0, 1],
      ],
    ]); // [2, 3, 2]: outer 1, inner 2
    const run = () => vmap((row: Tensor) => perExample(row))(xs);
    expect(run).toThrow(/log produced -Inf at flat index 10 of the mapped batch \[2,3,2\] \(example 2 of the vmap\)/);
    // The outer vmap over axis 1, the inner over axis 0.
    const inner1 = () => vmap((row: Tensor) => perExample(row), { inAxes: 1 })(xs);
    expect(inner1).toThrow(/\(example 1 of the vmap\)/);
  });

  it('grad of a sum over a vmap with debugNans checks the batched op on the tape', () => {
    const run = () =>
      grad((x: Tensor) => sum(vmap((r: Tensor) => logLoss(r))(x)), { debugNans: true })(
        tensor([
          [1, 2],
          [0, 3],
        ]),
      );
    expect(run).toThrow(/log produced -Inf at flat index 2 in the forward pass \(inputs \[2,2\]\)/);
  });
});
