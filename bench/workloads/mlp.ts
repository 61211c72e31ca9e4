/**
 * (d) One training step of a 784 → 128 → 10 ReLU network with softmax cross-entropy and Adam (lr 1e-3),
 * float32, ms per step (forward, backward, optimizer update). Every peer starts from the same weights and
 * trains on the same fixed batch.
 */
import {
  type OptState,
  type Tensor,
  add,
  adam,
  applyUpdates,
  jit,
  matmul,
  relu,
  softmaxCrossEntropy,
  tensor,
  valueAndGrad,
} from 'gradfold';
import { asF32, keep, randomValues } from '../data.ts';
import { type Case, type Metric, disposingCase } from '../harness.ts';
import { type JaxArray, useJax } from '../peers/jax.ts';
import { type TfBackend, tfPeer, useTf } from '../peers/tf.ts';
import { HID, IN, OUT, handMlp, handStep } from './mlp-hand.ts';

const metric: Metric = { kind: 'time', unit: 'ms', nsPerUnit: 1e6 };
const LR = 1e-3;

/** The shared initial weights (uniform ±1/√fan-in) and a batch of inputs in [0, 1) with labels. */
export const mlpData = (batch: number) => {
  const s1 = 1 / Math.sqrt(IN);
  const s2 = 1 / Math.sqrt(HID);
  return {
    w1: asF32(randomValues(IN * HID, 11, -s1, s1)),
    b1: new Float32Array(HID),
    w2: asF32(randomValues(HID * OUT, 12, -s2, s2)),
    b2: new Float32Array(OUT),
    x: asF32(randomValues(batch * IN, 13, 0, 1)),
    labels: Int32Array.from(randomValues(batch, 14, 0, OUT), (v) => Math.floor(v)),
  };
};

interface Params {
  readonly w1: Tensor;
  readonly b1: Tensor;
  readonly w2: Tensor;
  readonly b2: Tensor;
}

/** gradfold's side of the workload: the batch's loss and its gradient, Adam, and the initial parameters. */
const gradfoldSetup = (batch: number) => {
  const d = mlpData(batch);
  const x = tensor(d.x, { shape: [batch, IN] });
  const loss = (p: Params): Tensor =>
    softmaxCrossEntropy(add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2), d.labels);
  const params: Params = {
    w1: tensor(d.w1, { shape: [IN, HID] }),
    b1: tensor(d.b1),
    w2: tensor(d.w2, { shape: [HID, OUT] }),
    b2: tensor(d.b2),
  };
  return { lossAndGrad: valueAndGrad(loss), opt: adam({ lr: LR }), params };
};

/** gradfold's training step as a user writes it; returns a function that takes one step and the loss. */
export const gradfoldMlp = (batch: number): (() => number) => {
  const { lossAndGrad, opt, params: start } = gradfoldSetup(batch);
  let params = start;
  let state = opt.init(params);
  return () => {
    const [value, g] = lossAndGrad(params);
    const [updates, next] = opt.update(g, state, params);
    params = applyUpdates(params, updates);
    state = next;
    return value.data[0] ?? NaN;
  };
};

/**
 * The same step under `jit` (numbers traced, so one program serves every step): the gradient, Adam and
 * applyUpdates compiled into one function, the optimizer's per-leaf passes fused into one kernel call per leaf.
 */
export const gradfoldJitMlp = (batch: number): (() => number) => {
  const { lossAndGrad, opt, params: start } = gradfoldSetup(batch);
  const step = jit(
    (p: Params, s: OptState<typeof opt, Params>) => {
      const [value, g] = lossAndGrad(p);
      const [updates, next] = opt.update(g, s, p);
      return [applyUpdates(p, updates), next, value] as const;
    },
    { numbers: 'traced' },
  );
  let params = start;
  let state = opt.init(params);
  return () => {
    const [p, s, value] = step(params, state);
    params = p;
    state = s;
    return value.data[0] ?? NaN;
  };
};

/** tfjs: variables, tf.train.adam, and minimize (its idiomatic training step). */
const tfMlp = async (backend: TfBackend, batch: number): Promise<[() => number, () => void]> => {
  const tf = await useTf(backend);
  const d = mlpData(batch);
  const w1 = tf.variable(tf.tensor2d(d.w1, [IN, HID]));
  const b1 = tf.variable(tf.tensor1d(d.b1));
  const w2 = tf.variable(tf.tensor2d(d.w2, [HID, OUT]));
  const b2 = tf.variable(tf.tensor1d(d.b2));
  const x = tf.tensor2d(d.x, [batch, IN]);
  const y = tf.oneHot(tf.tensor1d(d.labels, 'int32'), OUT);
  const opt = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const step = (): number => {
    const l = opt.minimize(
      () => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2)),
      true,
    );
    const v = l?.dataSync()[0] ?? NaN;
    l?.dispose();
    return v;
  };
  return [
    step,
    () => {
      tf.dispose([w1, b1, w2, b2, x, y]);
      opt.dispose();
    },
  ];
};

type JaxParams = { w1: JaxArray; b1: JaxArray; w2: JaxArray; b2: JaxArray };

/** jax-js: valueAndGrad of the loss and Adam written with numpy ops, optionally the whole step under jit. */
const jaxMlp = async (jit: boolean, batch: number): Promise<() => number> => {
  const jax = await useJax();
  const np = jax.numpy;
  const d = mlpData(batch);
  const x = np.array(d.x).reshape([batch, IN]);
  const onehot = new Float32Array(batch * OUT);
  d.labels.forEach((l, i) => (onehot[i * OUT + l] = 1));
  const y = np.array(onehot).reshape([batch, OUT]);
  const loss = (p: JaxParams, xb: JaxArray, yb: JaxArray): JaxArray => {
    const h = jax.nn.relu(np.add(np.matmul(xb, p.w1), p.b1));
    const logits = np.add(np.matmul(h, p.w2), p.b2);
    return np.mean(np.sum(np.multiply(yb, jax.nn.logSoftmax(logits)), -1)).mul(-1);
  };
  const lossAndGrad = jax.valueAndGrad(loss);
  const keys = ['w1', 'b1', 'w2', 'b2'] as const;
  const step = (p: JaxParams, m: JaxParams, v: JaxParams, bc1: JaxArray, bc2: JaxArray, xb: JaxArray, yb: JaxArray) => {
    const [l, g] = lossAndGrad(
      jax.tree.map((a: JaxArray) => a.ref, p),
      xb,
      yb,
    );
    const out = { p: { ...p }, m: { ...m }, v: { ...v } };
    for (const k of keys) {
      const gk = g[k];
      const mk = np.add(np.multiply(m[k], 0.9), np.multiply(gk.ref, 0.1));
      const vk = np.add(np.multiply(v[k], 0.999), np.multiply(np.multiply(gk.ref, gk), 0.001));
      const upd = np.divide(np.divide(mk.ref, bc1.ref), np.add(np.divide(np.sqrt(vk.ref), bc2.ref), 1e-8));
      out.p[k] = np.subtract(p[k], np.multiply(upd, LR));
      out.m[k] = mk;
      out.v[k] = vk;
    }
    bc1.dispose();
    bc2.dispose();
    return { loss: l, p: out.p, m: out.m, v: out.v };
  };
  const run = jit ? jax.jit(step) : step;
  const zeros = (): JaxParams => ({
    w1: np.zeros([IN, HID]),
    b1: np.zeros([HID]),
    w2: np.zeros([HID, OUT]),
    b2: np.zeros([OUT]),
  });
  let p: JaxParams = {
    w1: np.array(d.w1).reshape([IN, HID]),
    b1: np.array(d.b1),
    w2: np.array(d.w2).reshape([HID, OUT]),
    b2: np.array(d.b2),
  };
  let m = zeros();
  let v = zeros();
  let t = 0;
  return () => {
    t += 1;
    const r = run(p, m, v, np.array(1 - 0.9 ** t), np.array(Math.sqrt(1 - 0.999 ** t)), x.ref, y.ref);
    p = r.p;
    m = r.m;
    v = r.v;
    return r.loss.item(); // dataSync()[0] of the scalar loss
  };
};

/** The cases of workload (d) for the given batch sizes. */
export const mlpCases = (batches: readonly number[]): Case[] =>
  batches.flatMap((batch): Case[] => {
    const workload = 'd mlp adam step float32';
    const size = `batch ${batch}`;
    const tfCase = (backend: TfBackend): Case =>
      disposingCase({ workload, size, peer: tfPeer(backend), metric }, async () => {
        const [step, free] = await tfMlp(backend, batch);
        return { run: () => keep(step()), dispose: free };
      });
    const jaxCase = (jit: boolean): Case => ({
      workload,
      size,
      peer: jit ? 'jax-wasm-jit' : 'jax-wasm',
      metric,
      setup: async () => {
        const step = await jaxMlp(jit, batch);
        return () => keep(step());
      },
    });
    return [
      {
        workload,
        size,
        peer: 'gradfold',
        metric,
        setup: () => {
          const step = gradfoldMlp(batch);
          return () => keep(step());
        },
      },
      {
        workload,
        size,
        peer: 'gradfold jit',
        metric,
        setup: () => {
          const step = gradfoldJitMlp(batch);
          return () => keep(step());
        },
      },
      {
        workload,
        size,
        peer: 'hand',
        metric,
        setup: () => {
          const d = mlpData(batch);
          const net = handMlp(d.w1, d.b1, d.w2, d.b2);
          return () => keep(handStep(net, d.x, d.labels, LR));
        },
      },
      tfCase('cpu'),
      tfCase('wasm'),
      jaxCase(false),
      jaxCase(true),
    ];
  });
