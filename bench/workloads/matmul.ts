/**
 * (a) Matrix product C = A·B of two N×N matrices, float32 and float64, in GFLOP/s (2N³ flops per product).
 * Peers: gradfold's `matmul`, a hand-written i-p-j loop, tfjs (cpu, wasm: float32 only), jax-js (wasm:
 * float32 only, see the README).
 */
import { computeInfo, configureCompute, matmul, tensor } from 'gradfold';
import { asF32, keep, randomValues } from '../data.ts';
import { type Case, type Metric, disposingCase } from '../harness.ts';
import { useJax } from '../peers/jax.ts';
import { type TfBackend, tfPeer, useTf } from '../peers/tf.ts';

/** The hand-written reference: out = a·b with the cache-friendly i-p-j loop, no blocking. */
const handMatmul = (
  a: Float64Array | Float32Array,
  b: Float64Array | Float32Array,
  out: Float64Array | Float32Array,
  n: number,
): void => {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const aip = a[i * n + p]!;
      const row = p * n;
      const o = i * n;
      for (let j = 0; j < n; j++) out[o + j]! += aip * b[row + j]!;
    }
  }
};

/** The cases of workload (a) for the given sizes. */
export const matmulCases = (sizes: readonly number[]): Case[] =>
  sizes.flatMap((n) => {
    const metric: Metric = { kind: 'rate', unit: 'GFLOP/s', flops: 2 * n ** 3 };
    const a64 = randomValues(n * n, 1);
    const b64 = randomValues(n * n, 2);
    return (['float32', 'float64'] as const).flatMap((dtype): Case[] => {
      const workload = `a matmul ${dtype}`;
      const size = `N=${n}`;
      const a = dtype === 'float32' ? asF32(a64) : a64;
      const b = dtype === 'float32' ? asF32(b64) : b64;
      const cases: Case[] = [
        {
          workload,
          size,
          peer: 'gradfold',
          metric,
          setup: () => {
            const x = tensor(a, { shape: [n, n] });
            const y = tensor(b, { shape: [n, n] });
            return () => keep(matmul(x, y));
          },
        },
        {
          // The same kernel on the calling thread only: the single-thread speed, visible on its own.
          workload,
          size,
          peer: 'gradfold 1 thread',
          metric,
          setup: () => {
            const x = tensor(a, { shape: [n, n] });
            const y = tensor(b, { shape: [n, n] });
            const threads = computeInfo().threads;
            return () => {
              configureCompute({ threads: 1 });
              try {
                keep(matmul(x, y));
              } finally {
                configureCompute({ threads });
              }
            };
          },
        },
        {
          workload,
          size,
          peer: 'hand',
          metric,
          setup: () => {
            const out = dtype === 'float32' ? new Float32Array(n * n) : new Float64Array(n * n);
            return () => handMatmul(a, b, out, n);
          },
        },
      ];
      if (dtype === 'float64') return cases;
      const tfCase = (backend: TfBackend): Case =>
        disposingCase({ workload, size, peer: tfPeer(backend), metric }, async () => {
          const tf = await useTf(backend);
          const x = tf.tensor2d(asF32(a64), [n, n]);
          const y = tf.tensor2d(asF32(b64), [n, n]);
          const run = (): void => {
            const c = tf.matMul(x, y);
            keep(c.dataSync());
            c.dispose();
          };
          return { run, dispose: () => tf.dispose([x, y]) };
        });
      const jaxCase = disposingCase({ workload, size, peer: 'jax-wasm', metric }, async () => {
        const jax = await useJax();
        const np = jax.numpy;
        const x = np.array(asF32(a64)).reshape([n, n]);
        const y = np.array(asF32(b64)).reshape([n, n]);
        const dispose = (): void => {
          x.dispose();
          y.dispose();
        };
        return { run: () => keep(np.matmul(x.ref, y.ref).dataSync()), dispose };
      });
      return [...cases, tfCase('cpu'), tfCase('wasm'), jaxCase];
    });
  });
