/**
 * The hand-written side of workload (f): the optimizers of the toy problems on plain numbers, updating a
 * parameter vector in place from a gradient vector (PyTorch's formulas, the same defaults gradfold uses).
 */

/** The optimizers compared in (f). */
export type ToyOptimizer = 'sgd' | 'momentum' | 'rmsprop' | 'adam';

/** Learning rate and constants shared by every peer. */
export const LR = 0.01;
export const BETA = 0.9;
export const ALPHA = 0.99;
export const BETA2 = 0.999;
export const EPS = 1e-8;

/** An optimizer over k numbers: step(params, grads) updates params in place. */
export const handOptimizer = (kind: ToyOptimizer, k: number): ((p: Float64Array, g: Float64Array) => void) => {
  const m = new Float64Array(k);
  const v = new Float64Array(k);
  let t = 0;
  switch (kind) {
    case 'sgd':
      return (p, g) => {
        for (let i = 0; i < k; i++) p[i]! -= LR * g[i]!;
      };
    case 'momentum':
      return (p, g) => {
        t += 1;
        for (let i = 0; i < k; i++) {
          m[i] = t === 1 ? g[i]! : BETA * m[i]! + g[i]!;
          p[i]! -= LR * m[i]!;
        }
      };
    case 'rmsprop':
      return (p, g) => {
        for (let i = 0; i < k; i++) {
          v[i] = ALPHA * v[i]! + (1 - ALPHA) * g[i]! * g[i]!;
          p[i]! -= (LR * g[i]!) / (Math.sqrt(v[i]!) + EPS);
        }
      };
    case 'adam':
      return (p, g) => {
        t += 1;
        const bc1 = 1 - BETA ** t;
        const bc2 = Math.sqrt(1 - BETA2 ** t);
        for (let i = 0; i < k; i++) {
          m[i] = BETA * m[i]! + (1 - BETA) * g[i]!;
          v[i] = BETA2 * v[i]! + (1 - BETA2) * g[i]! * g[i]!;
          p[i]! -= (LR * (m[i]! / bc1)) / (Math.sqrt(v[i]!) / bc2 + EPS);
        }
      };
  }
};
