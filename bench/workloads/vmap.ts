/**
 * (g) vmap (issue 14). Per-example gradients of a 64 → 32 → 10 ReLU MLP (softmax cross-entropy on one-hot
 * labels, float32) for 512 examples, ms per batch: `vmap(grad)` (gradfold) against a loop of 512 `grad` calls
 * (loop), one `grad` of the mean loss (batched: one gradient, not 512, the floor), and the one op vmap(grad)
 * cannot avoid (w₁ outer: its w₁ gradient alone, the outer products xᵢᵀ·gᵢ, [512, 64, 32] = 1 M float32 values
 * written to a fresh array, the op vmap(grad) itself runs). And 100 × 100 Jacobians
 * of x ↦ tanh(A·x²): jacrev / jacfwd (one pass vmapped over the basis) against a loop of 100 pullbacks / JVPs.
 * And the DP-SGD step of examples/per-example-gradients.ts (784 → 32 → 10, batch 128: per-example gradients,
 * clipped, summed, noised), ms per step: compiled with `reuseArrays` (gradfold, what the example runs) against
 * the same compiled step writing fresh arrays, and the eager step.
 */
import {
  type Tensor,
  add,
  eye,
  gather,
  grad,
  greater,
  jit,
  jacfwd,
  jacrev,
  jvp,
  key,
  matmul,
  mul,
  normal,
  relu,
  reshape,
  scalar,
  softmax,
  softmaxCrossEntropyOneHot,
  sub,
  tanh,
  tensor,
  transpose,
  vjp,
  vmap,
} from 'gradfold';
import { outerProduct } from '../../src/ops/outer.ts';
import { compiledDpStep, dpStep } from '../../examples/per-example-gradients.ts';
import { initMlp } from '../../examples/mnist-model.ts';
import { keep } from '../data.ts';
import type { Case, Metric } from '../harness.ts';

const metric: Metric = { kind: 'time', unit: 'ms', nsPerUnit: 1e6 };
const N = 512;
const IN = 64;
const HID = 32;
const OUT = 10;

interface Mlp {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
}

/** Shared weights, inputs and one-hot labels. */
const data = () => {
  const dtype = 'float32' as const;
  const p: Mlp = {
    w1: normal(key(1), [IN, HID], { dtype, std: 1 / Math.sqrt(IN) }),
    b1: normal(key(2), [HID], { dtype, std: 0.1 }),
    w2: normal(key(3), [HID, OUT], { dtype, std: 1 / Math.sqrt(HID) }),
    b2: normal(key(4), [OUT], { dtype, std: 0.1 }),
  };
  const x = normal(key(5), [N, IN], { dtype });
  const y = gather(
    eye(OUT, OUT, { dtype }),
    Array.from({ length: N }, (_, i) => (i * 7) % OUT),
  );
  return { p, x, y };
};

const loss = (p: Mlp, x: Tensor, y: Tensor): Tensor =>
  softmaxCrossEntropyOneHot(add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2), y);

/**
 * The per-example gradients of `loss` derived by hand and computed with batched ops, no tape and no vmap: with
 * z₁ = x·w₁ + b₁, h = relu(z₁), ℓ = h·w₂ + b₂, δ₂ = softmax(ℓ) − y and δ₁ = (δ₂·w₂ᵀ) ⊙ [z₁ > 0], example i's
 * gradient is ∂w₁ = xᵢᵀ·δ₁ᵢ, ∂b₁ = δ₁ᵢ, ∂w₂ = hᵢᵀ·δ₂ᵢ, ∂b₂ = δ₂ᵢ. What vmap(grad) computes, less its machinery.
 */
const byHand = (p: Mlp, x: Tensor, y: Tensor): Mlp => {
  const z1 = add(matmul(x, p.w1), p.b1);
  const h = relu(z1);
  const d2 = sub(softmax(add(matmul(h, p.w2), p.b2), { axis: -1 }), y);
  const d1 = mul(matmul(d2, transpose(p.w2)), greater(z1, scalar(0, { dtype: z1.dtype })));
  return {
    w1: outerProduct(reshape(x, [N, IN, 1]), reshape(d1, [N, 1, HID])),
    b1: d1,
    w2: outerProduct(reshape(h, [N, HID, 1]), reshape(d2, [N, 1, OUT])),
    b2: d2,
  };
};

/** The DP-SGD step of the example, three ways (see the header); each peer warmed by 5 steps in its setup. */
const dpSgdCases = (): Case[] => {
  const batch = 128;
  const step = (peer: string, run: typeof dpStep): Case => ({
    workload: 'g DP-SGD step',
    size: `MNIST MLP, batch ${batch}`,
    peer,
    metric,
    setup: () => {
      const p = initMlp(key(7), 32);
      const x = normal(key(8), [batch, 784], { dtype: 'float32' });
      const y = tensor(Array.from({ length: batch }, (_, i) => (i * 7) % 10));
      const call = (): void => keep(run(p, x, y, key(9)));
      for (let i = 0; i < 5; i++) call();
      return call;
    },
  });
  return [
    step('gradfold', compiledDpStep),
    step('jit, fresh arrays', jit(dpStep, { numbers: 'traced' })),
    step('eager', dpStep),
  ];
};

/** The cases of workload (g). */
export const vmapCases = (): Case[] => {
  /*
   * Each per-example peer is called `warm` times in its setup: the harness's two warm-up samples leave vmap(grad)
   * (about 55 ops, a Wasm kernel tiering up) half-optimised, which doubled its median in a 60 ms budget (7.98 cold
   * against 3.73 ms after 30 calls; the batched grad 1.42 and 1.39; out/wip/vmapperf/mit2.mts). The loop peer
   * runs 512 gradients per call, so one call warms it.
   */
  const perExample = (peer: string, setup: () => () => void, warm = 20): Case => ({
    workload: 'g per-example grads',
    size: `MLP n=${N}`,
    peer,
    metric,
    setup: () => {
      const run = setup();
      for (let i = 0; i < warm; i++) run();
      return run;
    },
  });
  const jac = (size: string, peer: string, setup: Case['setup']): Case => ({
    workload: 'g jacobian 100×100',
    size,
    peer,
    metric,
    setup,
  });
  const A = normal(key(9), [100, 100], { std: 0.1 });
  const f = (x: Tensor): Tensor => tanh(matmul(A, mul(x, x)));
  const x0 = normal(key(10), [100]);
  const unit = (i: number): Tensor => tensor(Array.from({ length: 100 }, (_, k) => (k === i ? 1 : 0)));
  return [
    perExample('gradfold', () => {
      const { p, x, y } = data();
      const g = vmap((xi: Tensor, yi: Tensor) => grad((q: Mlp) => loss(q, xi, yi))(p));
      return () => keep(g(x, y));
    }),
    perExample(
      'loop',
      () => {
        const { p, x, y } = data();
        const rows = Array.from(
          { length: N },
          (_, i) =>
            [tensor(x.data.subarray(i * IN, (i + 1) * IN)), tensor(y.data.subarray(i * OUT, (i + 1) * OUT))] as const,
        );
        return () => keep(rows.map(([xi, yi]) => grad((q: Mlp) => loss(q, xi, yi))(p)));
      },
      1,
    ),
    perExample('batched', () => {
      const { p, x, y } = data();
      return () => keep(grad((q: Mlp) => loss(q, x, y))(p));
    }),
    perExample('by hand', () => {
      const { p, x, y } = data();
      return () => keep(byHand(p, x, y));
    }),
    perExample('w₁ outer', () => {
      const { x } = data();
      const g = normal(key(6), [N, 1, HID], { dtype: 'float32' });
      const col = reshape(x, [N, IN, 1]);
      return () => keep(outerProduct(col, g));
    }),
    ...dpSgdCases(),
    jac('jacrev', 'gradfold', () => () => keep(jacrev(f)(x0))),
    jac('jacrev', 'loop', () => () => {
      const [, pull] = vjp(f, x0);
      keep(Array.from({ length: 100 }, (_, i) => pull(unit(i))));
    }),
    jac('jacfwd', 'gradfold', () => () => keep(jacfwd(f)(x0))),
    jac('jacfwd', 'loop', () => () => keep(Array.from({ length: 100 }, (_, i) => jvp(f, x0, unit(i))[1]))),
  ];
};
