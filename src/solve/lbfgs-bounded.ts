/**
 * Method 'lbfgs' of `minimize` with box bounds: the projected iteration of quasi-newton.ts with a limited-memory
 * model of H, the last m = 10 pairs (s, y) (SciPy's `maxcor`) and H₀ = γI, γ = yᵀs/yᵀy of the newest pair (Nocedal
 * & Wright eq. 7.20). The step is the two-loop recursion (their Algorithm 7.4) run on the free variables only: the
 * gradient and every stored pair are restricted to F (the held variables' entries read as zero), which is the
 * L-BFGS matrix of the free subspace's pairs, not the free block of the full L-BFGS inverse; the held variables take
 * −γ∇fᵢ. A restricted pair whose curvature yᵀs is not positive is left out of that step. Without bounds, 'lbfgs'
 * runs gradfold's `lbfgs` instead (minimize-lbfgs.ts).
 */
import { quasiNewton, type InverseHessian } from './quasi-newton.js';
import type { Counter, SolverOutcome, SolverSettings } from './solver.js';

/** The pairs kept. */
const memory = 10;

/** Σ aᵢbᵢ over the indices not held. */
const dotFree = (a: Float64Array, b: Float64Array, held: readonly boolean[] | null): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (held === null || held[i] !== true) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
};

/** The limited-memory model. */
const limitedMemory = (): InverseHessian => {
  let pairs: { readonly s: Float64Array; readonly y: Float64Array }[] = [];
  let gamma = 1;
  return {
    direction: (g, held) => {
      const free = (i: number): boolean => held === null || held[i] !== true;
      const q = g.map((v, i) => (free(i) ? v : 0));
      const used = pairs.map((p) => ({ ...p, ys: dotFree(p.y, p.s, held) })).filter((p) => p.ys > 0);
      const alphas: number[] = [];
      for (let k = used.length - 1; k >= 0; k--) {
        const p = used[k];
        if (p === undefined) continue;
        const a = dotFree(p.s, q, held) / p.ys;
        alphas[k] = a;
        for (let i = 0; i < q.length; i++) if (free(i)) q[i] = (q[i] ?? 0) - a * (p.y[i] ?? 0);
      }
      const r = q.map((v) => gamma * v);
      used.forEach((p, k) => {
        const b = dotFree(p.y, r, held) / p.ys;
        const c = (alphas[k] ?? 0) - b;
        for (let i = 0; i < r.length; i++) if (free(i)) r[i] = (r[i] ?? 0) + c * (p.s[i] ?? 0);
      });
      return r.map((v, i) => (free(i) ? -v : -gamma * (g[i] ?? 0)));
    },
    update: (s, y) => {
      pairs = [...pairs.slice(pairs.length >= memory ? 1 : 0), { s, y }];
      gamma = dotFree(y, s, null) / dotFree(y, y, null);
    },
    reset: () => {
      pairs = [];
    },
  };
};

/** lbfgsBounded(counter, x₀, settings): projected L-BFGS from x₀ (inside the box). */
export const lbfgsBounded = (counter: Counter, x0: Float64Array, settings: SolverSettings): SolverOutcome =>
  quasiNewton(counter, x0, settings, limitedMemory());
