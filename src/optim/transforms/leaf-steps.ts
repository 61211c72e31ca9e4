/**
 * One leaf's step of momentum (`trace`), RMSProp (`scaleByRms`), Adagrad (`scaleByAdagrad`) and a scale, for
 * eager tensor leaves of one dtype and shape: one WebAssembly kernel when the backend takes the leaf
 * (src/wasm/optim.ts), else the transform's passes on the leaf (`leaf2`, the JavaScript reference). The kernel
 * does the passes' operations in their order, rounding as they round (float32 constants rounded once), so both
 * give the same bits.
 */
import { fromData } from '../../core/tensor.js';
import type { TypedArray } from '../../core/dtype.js';
import type { Leaf } from '../../core/tree.js';
import { leaf2, leafSqrt } from '../tree-math.js';
import { rmsFlags, traceFlags, wasmAdagrad, wasmRms, wasmScale, wasmTrace } from '../../wasm/optim.js';

/** x rounded to the leaf's dtype: a float32 constant is rounded once, as `leaf2` rounds a number operand. */
const inDtype = (like: Leaf, x: number): number => (typeof like !== 'number' && like.dtype === 'float32' ? Math.fround(x) : x);

/** Options of `traceLeafStep`: μ (0: no buffer), τ, Nesterov, the coupled weight decay λ, and a final scale s. */
export interface TraceLeafOptions {
  readonly decay: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  /** Whether the buffer b holds a gradient already (else b′ = g). */
  readonly started: boolean;
  /** λ of g ← g + λ·p (0: none; p is then not read). */
  readonly weightDecay: number;
  /** s of u ← u·s (null: none). */
  readonly scale: number | null;
}

/**
 * traceLeafStep(b, g, p, o): SGD's passes on one leaf: [g ← g + λp (coupledWeightDecay)];  with μ ≠ 0 (`trace`)
 * b′ = b·μ + g·(1 − τ) once started, else b′ = g, and u = g + b′·μ (Nesterov) or b′;  with μ = 0, u = g and no
 * buffer;  [u ← u·s (scaleByLearningRate)]. Returns [b′ (null when μ = 0), u]; u is b′ itself when there is
 * neither Nesterov nor a scale.
 */
export const traceLeafStep = (b: Leaf | null, g: Leaf, p: Leaf | null, o: TraceLeafOptions): readonly [Leaf | null, Leaf] => {
  const decays = o.weightDecay !== 0;
  const momentum = o.decay !== 0;
  const fits = typeof g !== 'number' && (!momentum || !o.started || (b !== null && typeof b !== 'number'));
  if (fits && (!decays || (p !== null && typeof p !== 'number'))) {
    const flags =
      (o.started ? traceFlags.started : 0) |
      (o.nesterov ? traceFlags.nesterov : 0) |
      (decays ? traceFlags.coupled : 0) |
      (o.scale === null ? 0 : traceFlags.scaled) |
      (momentum ? traceFlags.momentum : 0);
    const k = (x: number): number => inDtype(g, x);
    const data = (l: Leaf | null): TypedArray | null => (l === null || typeof l === 'number' ? null : l.data);
    const consts = { mu: k(o.decay), omd: k(1 - o.dampening), wd: k(o.weightDecay), s: k(o.scale ?? 1) };
    const out = wasmTrace(o.started ? data(b) : null, g.data, decays ? data(p) : null, consts, flags);
    if (out !== null) {
      const b2 = out.b === null ? null : fromData(g.shape, out.b);
      return [b2, b2 !== null && out.u === out.b ? b2 : fromData(g.shape, out.u)];
    }
  }
  const g2 = decays && p !== null ? leaf2('add', g, leaf2('mul', p, o.weightDecay)) : g;
  const moved = (bl: Leaf): Leaf => leaf2('add', leaf2('mul', bl, o.decay), leaf2('mul', g2, 1 - o.dampening));
  const b2 = !momentum ? null : o.started && b !== null ? moved(b) : g2;
  const u = b2 === null ? g2 : o.nesterov ? leaf2('add', g2, leaf2('mul', b2, o.decay)) : b2;
  return [b2, o.scale === null ? u : leaf2('mul', u, o.scale)];
};

/** Options of `rmsLeafStep`: α, ε, and where ε goes. */
export interface RmsLeafOptions {
  readonly decay: number;
  readonly eps: number;
  readonly epsInsideSqrt: boolean;
}

/**
 * rmsLeafStep(ν, μ, g, o): ν′ = ν·α + (g·g)·(1 − α);  centered (μ not null): μ′ = μ·α + g·(1 − α),
 * ν̃ = ν′ − μ′·μ′, else ν̃ = ν′;  u = g / (√ν̃ + ε), or g / √(ν̃ + ε). Returns [ν′, u, μ′] (μ′ only when centered).
 */
export const rmsLeafStep = (nu: Leaf, mu: Leaf | null, g: Leaf, o: RmsLeafOptions): readonly Leaf[] => {
  if (typeof nu !== 'number' && typeof g !== 'number' && typeof mu !== 'number') {
    const flags = (mu === null ? 0 : rmsFlags.centered) | (o.epsInsideSqrt ? rmsFlags.epsInside : 0);
    const k = (x: number): number => inDtype(g, x);
    const out = wasmRms(nu.data, mu?.data ?? null, g.data, k(o.decay), k(1 - o.decay), k(o.eps), flags);
    if (out !== null) {
      const head = [fromData(g.shape, out.nu), fromData(g.shape, out.u)];
      return out.mu === null ? head : [...head, fromData(g.shape, out.mu)];
    }
  }
  const nu2 = leaf2('add', leaf2('mul', nu, o.decay), leaf2('mul', leaf2('mul', g, g), 1 - o.decay));
  const mu2 = mu === null ? null : leaf2('add', leaf2('mul', mu, o.decay), leaf2('mul', g, 1 - o.decay));
  const variance = mu2 === null ? nu2 : leaf2('sub', nu2, leaf2('mul', mu2, mu2));
  const denom = o.epsInsideSqrt ? leafSqrt(leaf2('add', variance, o.eps)) : leaf2('add', leafSqrt(variance), o.eps);
  const u = leaf2('div', g, denom);
  return mu2 === null ? [nu2, u] : [nu2, u, mu2];
};

/** adagradLeafStep(G, g, ε): G′ = G + g·g;  u = g / (√G′ + ε). Returns [G′, u]. */
export const adagradLeafStep = (sum: Leaf, g: Leaf, eps: number): readonly [Leaf, Leaf] => {
  if (typeof sum !== 'number' && typeof g !== 'number') {
    const out = wasmAdagrad(sum.data, g.data, inDtype(g, eps));
    if (out !== null) return [fromData(g.shape, out.sum), fromData(g.shape, out.u)];
  }
  const sum2 = leaf2('add', sum, leaf2('mul', g, g));
  return [sum2, leaf2('div', g, leaf2('add', leafSqrt(sum2), eps))];
};

/** scaleLeafStep(u, s): u·s (s read in u's dtype). */
export const scaleLeafStep = (u: Leaf, s: number): Leaf => {
  if (typeof u !== 'number') {
    const out = wasmScale(u.data, inDtype(u, s));
    if (out !== null) return fromData(u.shape, out);
  }
  return leaf2('mul', u, s);
};
