/**
 * The MNIST examples' network: 784 → hidden (ReLU) → 10, He-initialised, in float32. Shared by mnist.ts and
 * per-example-gradients.ts.
 */
import { type Key, type Tensor, add, matmul, normal, relu, split, zeros } from 'gradfold';
import { pixels } from './mnist-data.ts';

/** The network's parameters. */
export interface Mlp {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
}

/** He initialisation: weights ~ N(0, 2 / fan_in), biases 0, for `hidden` hidden units. */
export const initMlp = (k: Key, hidden: number): Mlp => {
  const [k1 = k, k2 = k] = split(k);
  return {
    w1: normal(k1, [pixels, hidden], { std: Math.sqrt(2 / pixels), dtype: 'float32' }),
    b1: zeros([hidden], { dtype: 'float32' }),
    w2: normal(k2, [hidden, 10], { std: Math.sqrt(2 / hidden), dtype: 'float32' }),
    b2: zeros([10], { dtype: 'float32' }),
  };
};

/** The logits: relu(x·w₁ + b₁)·w₂ + b₂ (x one example [784] or a batch [n, 784]). */
export const logits = (p: Mlp, x: Tensor): Tensor => add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2);
