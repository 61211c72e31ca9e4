/**
 * Hand-written float64 loops of Lion's update (the paper's Algorithm / equations) and of Adafactor as the
 * torch.optim.Adafactor documentation states it, written from the equations, not from the library's transforms.
 */
import type { GradFn, Reference, Vec } from './reference.ts';

const at = (v: Vec, i: number): number => v[i] ?? NaN;
const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : v);

/** Lion: c = β₁m + (1 − β₁)g;  x ← x − η(sign(c) + λx);  m ← β₂m + (1 − β₂)g. */
export const refLion =
  (o: { lr: number; beta1: number; beta2: number; weightDecay: number }): Reference =>
  (x0, gradFn, steps) => {
    let x = [...x0];
    let m = x0.map(() => 0);
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      const g = gradFn(x);
      const c = m.map((mi, i) => o.beta1 * mi + (1 - o.beta1) * at(g, i));
      x = x.map((xi, i) => xi - o.lr * (sign(at(c, i)) + o.weightDecay * xi));
      m = m.map((mi, i) => o.beta2 * mi + (1 - o.beta2) * at(g, i));
      path.push(x);
    }
    return path;
  };

/** Adafactor's hyperparameters, torch's names (eps = (eps1, eps2)); eps1 undefined is float64's machine epsilon. */
export interface AdafactorReferenceOptions {
  readonly lr: number;
  readonly beta2Decay?: number;
  readonly eps1?: number;
  readonly eps2?: number;
  readonly d?: number;
  readonly weightDecay?: number;
  readonly maximize?: boolean;
}

const rms = (v: Vec): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);

/**
 * Adafactor over the parameters x split into blocks of the given shapes ([] a number, [k] a vector, [n, m] a
 * matrix, row-major), each block one parameter with its own RMS and second moment (torch's per-parameter state):
 *   β̂₂ₜ = 1 − t^τ;  ρₜ = min(γ, 1/√t);  αₜ = max(ε₂, RMS(θₜ₋₁))ρₜ;  θₜ = θₜ₋₁ − γλθₜ₋₁
 *   matrix: Rₜ = β̂R + (1 − β̂)·mean over columns of G²; Cₜ likewise over rows; V̂ = RCᵀ / max(mean(R), ε₁)
 *   otherwise: V̂ₜ = β̂V̂ₜ₋₁ + (1 − β̂)G²;  U = G / max(√V̂, ε₁);  Û = U / max(1, RMS(U)/d);  θₜ ← θₜ − αₜÛ
 * (G = −∇f with `maximize`).
 */
export const refAdafactor =
  (o: AdafactorReferenceOptions, shapes: readonly (readonly number[])[]): Reference =>
  (x0, gradFn: GradFn, steps) => {
    const { lr, beta2Decay = -0.8, eps1 = 2 ** -52, eps2 = 1e-3, d = 1, weightDecay = 0, maximize = false } = o;
    const sizes = shapes.map((s) => s.reduce((p, k) => p * k, 1));
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((p, k) => p + k, 0));
    const rows = shapes.map((s) => (s.length === 2 ? new Array<number>(s[0] ?? 0).fill(0) : []));
    const cols = shapes.map((s) => (s.length === 2 ? new Array<number>(s[1] ?? 0).fill(0) : []));
    const vs = sizes.map((n) => new Array<number>(n).fill(0));
    let x = [...x0];
    const path: Vec[] = [];
    for (let t = 1; t <= steps; t++) {
      const gAll = gradFn(x).map((gi) => (maximize ? -gi : gi));
      const next = [...x];
      shapes.forEach((shape, b) => {
        const [start = 0, n = 0] = [starts[b], sizes[b]];
        const theta = x.slice(start, start + n);
        const g = gAll.slice(start, start + n);
        const w = t ** beta2Decay; // 1 − β̂₂ₜ
        const rho = Math.min(lr, 1 / Math.sqrt(t));
        const alpha = Math.max(eps2, rms(theta)) * rho;
        let vHat: number[];
        if (shape.length === 2) {
          const [nr = 0, nc = 0] = shape;
          const R = rows[b] ?? [];
          const C = cols[b] ?? [];
          for (let i = 0; i < nr; i++) {
            let s = 0;
            for (let j = 0; j < nc; j++) s += at(g, i * nc + j) ** 2;
            R[i] = at(R, i) + w * (s / nc - at(R, i));
          }
          for (let j = 0; j < nc; j++) {
            let s = 0;
            for (let i = 0; i < nr; i++) s += at(g, i * nc + j) ** 2;
            C[j] = at(C, j) + w * (s / nr - at(C, j));
          }
          const rMean = Math.max(R.reduce((s, r) => s + r, 0) / nr, eps1);
          vHat = g.map((_, k) => (at(R, Math.floor(k / nc)) * at(C, k % nc)) / rMean);
        } else {
          const V = vs[b] ?? [];
          g.forEach((gi, k) => {
            V[k] = at(V, k) + w * (gi * gi - at(V, k));
          });
          vHat = [...V];
        }
        const U = g.map((gi, k) => gi / Math.max(Math.sqrt(at(vHat, k)), eps1));
        const denom = Math.max(1, rms(U) / d);
        theta.forEach((th, k) => {
          next[start + k] = th * (1 - lr * weightDecay) - (alpha / denom) * at(U, k);
        });
      });
      x = next;
      path.push(x);
    }
    return path;
  };
