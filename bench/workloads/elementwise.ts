/**
 * (b) The elementwise chain y = exp(x)·x + 1 over n elements, ms per evaluation ('gradfold jit': the chain
 * jitted, which runs it as one fused WebAssembly kernel call). float32 for every peer;
 * float64 for gradfold and the hand-written loop (tfjs has no float64; jax-js's float64 needs Float16Array,
 * which Node 20 lacks).
 */
import { type Tensor, add, exp, jit, mul, tensor } from 'gradfold';
import { asF32, keep, randomValues } from '../data.ts';
import { type Case, type Metric, disposingCase } from '../harness.ts';
import { type JaxArray, useJax } from '../peers/jax.ts';
import { type TfBackend, tfPeer, useTf } from '../peers/tf.ts';

const metric: Metric = { kind: 'time', unit: 'ms', nsPerUnit: 1e6 };

/** The cases of workload (b) over n elements. */
export const elementwiseCases = (n: number): Case[] => {
  const x64 = randomValues(n, 3);
  const size = `n=${n}`;
  return (['float32', 'float64'] as const).flatMap((dtype): Case[] => {
    const workload = `b exp(x)·x+1 ${dtype}`;
    const x = dtype === 'float32' ? asF32(x64) : x64;
    const base: Case[] = [
      {
        workload,
        size,
        peer: 'gradfold',
        metric,
        setup: () => {
          const t = tensor(x);
          return () => keep(add(mul(exp(t), t), 1));
        },
      },
      {
        workload,
        size,
        peer: 'gradfold jit',
        metric,
        setup: () => {
          const t = tensor(x);
          const f = jit((v: Tensor): Tensor => add(mul(exp(v), v), 1));
          return () => keep(f(t));
        },
      },
      {
        workload,
        size,
        peer: 'hand',
        metric,
        setup: () => () => {
          const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
          for (let i = 0; i < n; i++) {
            const v = x[i]!;
            out[i] = Math.exp(v) * v + 1;
          }
          keep(out);
        },
      },
    ];
    if (dtype === 'float64') return base;
    const tfCase = (backend: TfBackend): Case =>
      disposingCase({ workload, size, peer: tfPeer(backend), metric }, async () => {
        const tf = await useTf(backend);
        const t = tf.tensor1d(asF32(x64));
        const run = (): void => {
          const y = tf.tidy(() => tf.add(tf.mul(tf.exp(t), t), 1));
          keep(y.dataSync());
          y.dispose();
        };
        return { run, dispose: () => t.dispose() };
      });
    const jaxCase = (jit: boolean): Case =>
      disposingCase({ workload, size, peer: jit ? 'jax-wasm-jit' : 'jax-wasm', metric }, async () => {
        const jax = await useJax();
        const np = jax.numpy;
        const t = np.array(asF32(x64));
        const f = (v: JaxArray): JaxArray => np.add(np.multiply(np.exp(v.ref), v), 1);
        const g = jit ? jax.jit(f) : f;
        return { run: () => keep(g(t.ref).dataSync()), dispose: () => t.dispose() };
      });
    return [...base, tfCase('cpu'), tfCase('wasm'), jaxCase(false), jaxCase(true)];
  });
};
