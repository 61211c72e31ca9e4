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
const inDtype = (like: Leaf, x: number): number =>
  typeof like !== 'number' && like.dtype === 'float32' ? Math.fround(x) : x;

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
export const traceLeafStep = (
  b: Leaf | null,
  g: Leaf,
  p: Leaf | null,
  o: TraceLeafOptions,
): readonly [Leaf | null, Leaf] => {
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
    const consts = { mu: k(o.decay), omd: k(1 - o.dampening), wd: k(o.weightDecay), s: k(o.scale ?? 1) };
    const out = wasmTrace(o.started ? dataOf(b) : null, g.data, decays ? dataOf(p) : null, consts, flags);
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

/** Options of `rmsLeafStep`: α, ε and where it goes; and the chain's coupled weight decay, momentum and scale. */
export interface RmsLeafOptions {
  readonly decay: number;
  readonly eps: number;
  readonly epsInsideSqrt: boolean;
  /** λ of g ← g + λ·p (0: none; p is then not read). */
  readonly weightDecay: number;
  /** m, the momentum on the step (0: no buffer). */
  readonly momentum: number;
  /** Whether the momentum buffer holds a step already (else b′ = d). */
  readonly started: boolean;
  /** s of u ← u·s (null: none). */
  readonly scale: number | null;
}

/** What `rmsLeafStep` gives: the new ν, μ (centered, else null), buffer b (momentum, else null), and u. */
export interface RmsLeaves {
  readonly nu: Leaf;
  readonly mu: Leaf | null;
  readonly b: Leaf | null;
  readonly u: Leaf;
}

/**
 * rmsLeafStep(ν, μ, b, g, p, o): RMSProp's passes on one leaf: [g ← g + λp (coupledWeightDecay)];
 * ν′ = ν·α + (g·g)·(1 − α);  centered (μ not null): μ′ = μ·α + g·(1 − α), ν̃ = ν′ − μ′·μ′, else ν̃ = ν′;
 * d = g / (√ν̃ + ε), or g / √(ν̃ + ε) (scaleByRms);  with m ≠ 0, b′ = b·m + d·1 once started, else b′ = d, and
 * d ← b′ (trace);  [u = d·s (scaleByLearningRate)].
 */
export const rmsLeafStep = (
  nu: Leaf,
  mu: Leaf | null,
  b: Leaf | null,
  g: Leaf,
  p: Leaf | null,
  o: RmsLeafOptions,
): RmsLeaves => {
  const decays = o.weightDecay !== 0;
  const momentum = o.momentum !== 0;
  const tensors = typeof nu !== 'number' && typeof g !== 'number' && typeof mu !== 'number';
  if (
    tensors &&
    (!momentum || !o.started || (b !== null && typeof b !== 'number')) &&
    (!decays || (p !== null && typeof p !== 'number'))
  ) {
    const flags =
      (mu === null ? 0 : rmsFlags.centered) |
      (o.epsInsideSqrt ? rmsFlags.epsInside : 0) |
      (decays ? rmsFlags.coupled : 0) |
      (o.scale === null ? 0 : rmsFlags.scaled) |
      (momentum ? rmsFlags.momentum : 0) |
      (o.started ? rmsFlags.started : 0);
    const k = (x: number): number => inDtype(g, x);
    const consts = {
      a: k(o.decay),
      oa: k(1 - o.decay),
      eps: k(o.eps),
      m: k(o.momentum),
      wd: k(o.weightDecay),
      s: k(o.scale ?? 1),
    };
    const out = wasmRms(
      nu.data,
      mu?.data ?? null,
      o.started ? dataOf(b) : null,
      g.data,
      decays ? dataOf(p) : null,
      consts,
      flags,
    );
    if (out !== null) {
      const t = (a: TypedArray): Leaf => fromData(g.shape, a);
      const b2 = out.b === null ? null : t(out.b);
      return {
        nu: t(out.nu),
        mu: out.mu === null ? null : t(out.mu),
        b: b2,
        u: b2 !== null && out.u === out.b ? b2 : t(out.u),
      };
    }
  }
  const g2 = decays && p !== null ? leaf2('add', g, leaf2('mul', p, o.weightDecay)) : g;
  const nu2 = leaf2('add', leaf2('mul', nu, o.decay), leaf2('mul', leaf2('mul', g2, g2), 1 - o.decay));
  const mu2 = mu === null ? null : leaf2('add', leaf2('mul', mu, o.decay), leaf2('mul', g2, 1 - o.decay));
  const variance = mu2 === null ? nu2 : leaf2('sub', nu2, leaf2('mul', mu2, mu2));
  const denom = o.epsInsideSqrt ? leafSqrt(leaf2('add', variance, o.eps)) : leaf2('add', leafSqrt(variance), o.eps);
  const d = leaf2('div', g2, denom);
  const b2 = !momentum
    ? null
    : o.started && b !== null
      ? leaf2('add', leaf2('mul', b, o.momentum), leaf2('mul', d, 1))
      : d;
  const u = b2 ?? d;
  return { nu: nu2, mu: mu2, b: b2, u: o.scale === null ? u : leaf2('mul', u, o.scale) };
};

/** Options of `adagradLeafStep`: ε, and the chain's coupled weight decay and scale. */
export interface AdagradLeafOptions {
  readonly eps: number;
  /** λ of g ← g + λ·p (0: none; p is then not read). */
  readonly weightDecay: number;
  /** s of u ← u·s (null: none). */
  readonly scale: number | null;
}

/**
 * adagradLeafStep(G, g, p, o): Adagrad's passes on one leaf: [g ← g + λp (coupledWeightDecay)];  G′ = G + g·g;
 * u = g / (√G′ + ε) (scaleByAdagrad);  [u ← u·s (scaleByLearningRate)]. Returns [G′, u].
 */
export const adagradLeafStep = (sum: Leaf, g: Leaf, p: Leaf | null, o: AdagradLeafOptions): readonly [Leaf, Leaf] => {
  const decays = o.weightDecay !== 0;
  if (typeof sum !== 'number' && typeof g !== 'number' && (!decays || (p !== null && typeof p !== 'number'))) {
    const flags = (decays ? rmsFlags.coupled : 0) | (o.scale === null ? 0 : rmsFlags.scaled);
    const k = (x: number): number => inDtype(g, x);
    const out = wasmAdagrad(
      sum.data,
      g.data,
      decays ? dataOf(p) : null,
      { eps: k(o.eps), wd: k(o.weightDecay), s: k(o.scale ?? 1) },
      flags,
    );
    if (out !== null) return [fromData(g.shape, out.sum), fromData(g.shape, out.u)];
  }
  const g2 = decays && p !== null ? leaf2('add', g, leaf2('mul', p, o.weightDecay)) : g;
  const sum2 = leaf2('add', sum, leaf2('mul', g2, g2));
  const u = leaf2('div', g2, leaf2('add', leafSqrt(sum2), o.eps));
  return [sum2, o.scale === null ? u : leaf2('mul', u, o.scale)];
};

/** A tensor leaf's elements; null for a number or no leaf. */
const dataOf = (l: Leaf | null): TypedArray | null => (l === null || typeof l === 'number' ? null : l.data);

/** scaleLeafStep(u, s): u·s (s read in u's dtype). */
export const scaleLeafStep = (u: Leaf, s: number): Leaf => {
  if (typeof u !== 'number') {
    const out = wasmScale(u.data, inDtype(u, s));
    if (out !== null) return fromData(u.shape, out);
  }
  return leaf2('mul', u, s);
};
