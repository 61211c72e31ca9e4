/**
 * The hand-written reference of workload (d): one Adam step of a 784 → 128 → 10 ReLU network with softmax
 * cross-entropy, as plain float32 loops (forward, hand-derived backward, Adam in place).
 */

/** The network's parameters and Adam's moments, all float32, updated in place. */
export interface HandMlp {
  readonly w1: Float32Array; // [784, 128]
  readonly b1: Float32Array; // [128]
  readonly w2: Float32Array; // [128, 10]
  readonly b2: Float32Array; // [10]
  readonly m: Float32Array[];
  readonly v: Float32Array[];
  t: number;
}

export const IN = 784;
export const HID = 128;
export const OUT = 10;

/** A network with the given initial weights and zero moments. */
export const handMlp = (w1: Float32Array, b1: Float32Array, w2: Float32Array, b2: Float32Array): HandMlp => {
  const ps = [w1, b1, w2, b2].map((p) => Float32Array.from(p));
  const [pw1 = w1, pb1 = b1, pw2 = w2, pb2 = b2] = ps;
  return {
    w1: pw1,
    b1: pb1,
    w2: pw2,
    b2: pb2,
    m: ps.map((p) => new Float32Array(p.length)),
    v: ps.map((p) => new Float32Array(p.length)),
    t: 0,
  };
};

/** c[m×n] = a[m×k] · b[k×n], or with aᵀ / bᵀ read in place; i-p-j loops. */
const mm = (
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): void => {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = ta ? a[p * m + i]! : a[i * k + p]!;
      if (aip === 0) continue;
      if (tb) for (let j = 0; j < n; j++) c[i * n + j]! += aip * b[j * k + p]!;
      else for (let j = 0; j < n; j++) c[i * n + j]! += aip * b[p * n + j]!;
    }
  }
};

/** One training step on a batch x [n×784] with integer labels; returns the mean loss. */
export const handStep = (net: HandMlp, x: Float32Array, labels: Int32Array, lr: number): number => {
  const n = labels.length;
  const h = new Float32Array(n * HID);
  mm(x, net.w1, h, n, IN, HID, false, false);
  for (let i = 0; i < n; i++) for (let j = 0; j < HID; j++) h[i * HID + j] = Math.max(0, h[i * HID + j]! + net.b1[j]!);
  const z = new Float32Array(n * OUT);
  mm(h, net.w2, z, n, HID, OUT, false, false);
  let loss = 0;
  const dz = new Float32Array(n * OUT);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < OUT; j++) mx = Math.max(mx, (z[i * OUT + j]! += net.b2[j]!));
    let s = 0;
    for (let j = 0; j < OUT; j++) s += Math.exp(z[i * OUT + j]! - mx);
    const lse = mx + Math.log(s);
    const y = labels[i]!;
    loss -= z[i * OUT + y]! - lse;
    for (let j = 0; j < OUT; j++) dz[i * OUT + j] = (Math.exp(z[i * OUT + j]! - lse) - (j === y ? 1 : 0)) / n;
  }
  const gw2 = new Float32Array(HID * OUT);
  mm(h, dz, gw2, HID, n, OUT, true, false);
  const gb2 = new Float32Array(OUT);
  for (let i = 0; i < n; i++) for (let j = 0; j < OUT; j++) gb2[j]! += dz[i * OUT + j]!;
  const dh = new Float32Array(n * HID);
  mm(dz, net.w2, dh, n, OUT, HID, false, true);
  for (let i = 0; i < n * HID; i++) if (h[i]! <= 0) dh[i] = 0;
  const gw1 = new Float32Array(IN * HID);
  mm(x, dh, gw1, IN, n, HID, true, false);
  const gb1 = new Float32Array(HID);
  for (let i = 0; i < n; i++) for (let j = 0; j < HID; j++) gb1[j]! += dh[i * HID + j]!;
  adam(net, [gw1, gb1, gw2, gb2], lr);
  return loss / n;
};

/** Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) in place on the network's parameters. */
const adam = (net: HandMlp, grads: readonly Float32Array[], lr: number): void => {
  net.t += 1;
  const bc1 = 1 - 0.9 ** net.t;
  const bc2 = Math.sqrt(1 - 0.999 ** net.t);
  [net.w1, net.b1, net.w2, net.b2].forEach((p, k) => {
    const g = grads[k]!;
    const m = net.m[k]!;
    const v = net.v[k]!;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      m[i] = 0.9 * m[i]! + 0.1 * gi;
      v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
      p[i]! -= (lr * (m[i]! / bc1)) / (Math.sqrt(v[i]!) / bc2 + 1e-8);
    }
  });
};
