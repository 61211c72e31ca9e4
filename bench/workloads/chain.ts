/**
 * (c) The gradient of a chain of scalar steps x ← tanh(x·w + b) (x₀ = 0.5) with respect to w and b, µs per
 * step (one step is three primitive ops: mul, add, tanh). Slow peers run a shorter chain (tfjs n/10 steps, jax-js
 * 200: jax-js's own recursion overflows the stack at 1000); the unit is per step, so the numbers stay comparable,
 * and every row carries the size of the main chain.
 */
import { type Tensor, add, grad, mul, tanh } from 'gradfold';
import { keep } from '../data.ts';
import type { Case, Metric } from '../harness.ts';
import { type JaxArray, useJax } from '../peers/jax.ts';
import { Value } from '../peers/micrograd.ts';
import { type TfBackend, tfPeer, useTf } from '../peers/tf.ts';

const W = 0.9;
const B = 0.1;
const X0 = 0.5;

/** The hand-written gradient: a forward loop saving each output, a backward loop with d tanh = 1 − y². */
export const handChainGrad = (steps: number, w: number, b: number, xs: Float64Array): [number, number] => {
  let x = X0;
  for (let i = 0; i < steps; i++) {
    x = Math.tanh(x * w + b);
    xs[i] = x;
  }
  let g = 1;
  let gw = 0;
  let gb = 0;
  for (let i = steps - 1; i >= 0; i--) {
    const y = xs[i]!;
    const gz = g * (1 - y * y);
    gw += gz * (i > 0 ? xs[i - 1]! : X0);
    gb += gz;
    g = gz * w;
  }
  return [gw, gb];
};

/** The cases of workload (c) for a chain of n steps. */
export const chainCases = (n: number): Case[] => {
  const workload = 'c scalar chain grad';
  const caseOf = (peer: string, steps: number, setup: Case['setup'], teardown?: () => void): Case => ({
    workload,
    size: `steps=${n}`,
    peer,
    metric: { kind: 'time', unit: 'µs/op', nsPerUnit: 1000 * steps } satisfies Metric,
    setup,
    ...(teardown === undefined ? {} : { teardown }),
  });
  const tfCase = (backend: TfBackend): Case => {
    const steps = Math.max(100, n / 10);
    return caseOf(tfPeer(backend), steps, async () => {
      const tf = await useTf(backend);
      const f = (w: InstanceType<typeof tf.Tensor>, b: InstanceType<typeof tf.Tensor>) => {
        let x: InstanceType<typeof tf.Tensor> = tf.scalar(X0);
        for (let i = 0; i < steps; i++) x = tf.tanh(tf.add(tf.mul(x, w), b));
        return x;
      };
      const df = tf.grads(f);
      return () => {
        const g = tf.tidy(() => df([tf.scalar(W), tf.scalar(B)]).map((t) => t.dataSync()[0]));
        keep(g);
      };
    });
  };
  const jaxCase = (jit: boolean): Case => {
    const steps = Math.min(200, n); // jax-js overflows the stack differentiating a chain of 1000 steps
    return caseOf(jit ? 'jax-wasm-jit' : 'jax-wasm', steps, async () => {
      const jax = await useJax();
      const np = jax.numpy;
      const f = (w: JaxArray, b: JaxArray): JaxArray => {
        let x = np.array(X0);
        for (let i = 0; i < steps - 1; i++) x = np.tanh(np.add(np.multiply(x, w.ref), b.ref));
        return np.tanh(np.add(np.multiply(x, w), b));
      };
      const g = jax.grad(f, { argnums: [0, 1] });
      const run = jit ? jax.jit(g) : g;
      return () => {
        const [gw, gb] = run(np.array(W), np.array(B));
        keep([gw.item(), gb.item()]); // item(): dataSync()[0] of a one-element array
      };
    });
  };
  return [
    caseOf('gradfold', n, () => {
      const df = grad((p: { w: Tensor; b: Tensor }) => {
        let x: Tensor | number = X0;
        for (let i = 0; i < n; i++) x = tanh(add(mul(x, p.w), p.b));
        return x;
      });
      return () => keep(df({ w: W, b: B }));
    }),
    caseOf('hand', n, () => {
      const xs = new Float64Array(n);
      return () => keep(handChainGrad(n, W, B, xs));
    }),
    caseOf('naive', n, () => () => {
      const w = new Value(W);
      const b = new Value(B);
      let x = new Value(X0);
      for (let i = 0; i < n; i++) x = x.mul(w).add(b).tanh();
      x.backward();
      keep([w.grad, b.grad]);
    }),
    tfCase('cpu'),
    tfCase('wasm'),
    jaxCase(false),
    jaxCase(true),
  ];
};
