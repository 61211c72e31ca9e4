/**
 * One leaf of Adam's step. The leafwise definition (`adamLeafSteps`) takes a pass over the leaf per operation;
 * the fused kernel (`adamLeafFused`) does the same operations, in the same order and with the same roundings
 * (float32 results rounded after every operation, float32 constants rounded once, as the passes do), in one
 * loop: its results are identical bit for bit, with 3–4 arrays allocated instead of 10–13. On the WebAssembly
 * backend, large leaves run the same loop as a SIMD kernel (src/wasm/assembly/optim.ts), bit for bit.
 */
import { type TypedArray, allocate } from '../../core/dtype.js';
import { binaryScalars } from '../../core/kernels/binary.js';
import { shapeEqual } from '../../core/shape.js';
import { isStaged } from '../../core/stage.js';
import { type Tensor, fromData } from '../../core/tensor.js';
import type { Leaf } from '../../core/tree.js';
import { leaf2, leafSqrt } from '../tree-math.js';
import type { Count } from '../transformation.js';
import { type AdamKernelConstants, adamFlags, wasmAdam } from '../../wasm/optim.js';

/** The constants of step t: β₁, β₂, ε, 1 − β₁ᵗ and √(1 − β₂ᵗ). */
export interface AdamConstants {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly bc1: Count;
  readonly bc2Sqrt: Count;
}

/** A leaf's new m, v, max v (AMSGrad, else null) and update u. */
export interface AdamLeafStep {
  readonly mu: Leaf;
  readonly nu: Leaf;
  readonly nuMax: Leaf | null;
  readonly update: Leaf;
}

/**
 * The definition, pass by pass: m′ = β₁m + (1 − β₁)g; v′ = β₂v + (1 − β₂)g²; v̄′ = max(v̄, v′);
 * u = (m′ / (1 − β₁ᵗ)) / (√(v̄′ or v′) / √(1 − β₂ᵗ) + ε).
 */
export const adamLeafSteps = (mu: Leaf, nu: Leaf, nuMax: Leaf | null, g: Leaf, c: AdamConstants): AdamLeafStep => {
  const m = leaf2('add', leaf2('mul', mu, c.beta1), leaf2('mul', g, 1 - c.beta1));
  const v = leaf2('add', leaf2('mul', nu, c.beta2), leaf2('mul', leaf2('mul', g, g), 1 - c.beta2));
  const vMax = nuMax === null ? null : leaf2('maximum', nuMax, v);
  const denom = leaf2('add', leaf2('div', leafSqrt(vMax ?? v), c.bc2Sqrt), c.eps);
  return { mu: m, nu: v, nuMax: vMax, update: leaf2('div', leaf2('div', m, c.bc1), denom) };
};

const same = (a: Tensor, b: Tensor): boolean => a.dtype === b.dtype && shapeEqual(a.shape, b.shape);

const identity = (x: number): number => x;

/**
 * Terms a chain around `scaleByAdam` adds to the leaf's step, fused into its loop: the weight decay λ·p added to
 * the gradient (coupled, before Adam) or to the update (decoupled, after Adam), and the signed learning rate s
 * the update is finally multiplied by. Each term is the chain's pass: g + λ·p, u + λ·p, u·s, rounded as the
 * passes round (the leaf's dtype; float32 constants rounded once).
 */
export interface AdamFusion {
  /** The parameter leaf p (needed by a weight decay term), else null. */
  readonly p: Leaf | null;
  /** λ; 0 means no weight decay term (the transform is then the identity). */
  readonly weightDecay: number;
  /** Where the weight decay goes: before Adam ('coupled', g + λp) or after it ('decoupled', u + λp). */
  readonly decay: 'coupled' | 'decoupled';
  /** s, the final scale of the update (−η for a descent step), or null for none. */
  readonly scale: Count | null;
}

/** No chain terms: the leaf's step of `scaleByAdam` alone. */
const alone: AdamFusion = { p: null, weightDecay: 0, decay: 'coupled', scale: null };

/** The step's constants and terms in the leaf's dtype. */
interface Constants extends AdamKernelConstants {
  readonly flags: number;
}

type Loop = (
  md: TypedArray,
  vd: TypedArray,
  vmd: TypedArray | null,
  gd: TypedArray,
  pd: TypedArray | null,
  k: Constants,
  m2: TypedArray,
  v2: TypedArray,
  vm2: TypedArray | null,
  u: TypedArray,
) => void;

const { amsgrad: AMS, coupled: COUPLED, decoupled: DECOUPLED, scaled: SCALED } = adamFlags;

/*
 * The two loops are one computation; float32's rounds after every operation as its passes do. The max is the
 * op table's `maximum` (NaN propagates as the kernels propagate it). √ stays Math.sqrt written out: V8 turns it
 * into one instruction only when called by that name (through an alias the fused step ran 15–35% slower,
 * measured with out/wip/optable/adam-bench.ts).
 */
const { maximum } = binaryScalars;

const loop64: Loop = (md, vd, vmd, gd, pd, k, m2, v2, vm2, u) => {
  const coupled = (k.flags & COUPLED) !== 0 && pd !== null;
  const decoupled = (k.flags & DECOUPLED) !== 0 && pd !== null;
  const scaled = (k.flags & SCALED) !== 0;
  for (let i = 0; i < gd.length; i++) {
    let gi = gd[i]!;
    if (coupled) gi = gi + pd[i]! * k.wd;
    const m = md[i]! * k.b1 + gi * k.ob1;
    const v = vd[i]! * k.b2 + gi * gi * k.ob2;
    let w = v;
    if (vm2 !== null && vmd !== null) {
      const old = vmd[i]!;
      w = maximum(old, v);
      vm2[i] = w;
    }
    m2[i] = m;
    v2[i] = v;
    let ui = m / k.bc1 / (Math.sqrt(w) / k.bc2 + k.eps);
    if (decoupled) ui = ui + pd[i]! * k.wd;
    u[i] = scaled ? ui * k.s : ui;
  }
};

const loop32: Loop = (md, vd, vmd, gd, pd, k, m2, v2, vm2, u) => {
  const r = Math.fround;
  const coupled = (k.flags & COUPLED) !== 0 && pd !== null;
  const decoupled = (k.flags & DECOUPLED) !== 0 && pd !== null;
  const scaled = (k.flags & SCALED) !== 0;
  for (let i = 0; i < gd.length; i++) {
    let gi = gd[i]!;
    if (coupled) gi = r(gi + r(pd[i]! * k.wd));
    const m = r(r(md[i]! * k.b1) + r(gi * k.ob1));
    const v = r(r(vd[i]! * k.b2) + r(r(gi * gi) * k.ob2));
    let w = v;
    if (vm2 !== null && vmd !== null) {
      const old = vmd[i]!;
      w = maximum(old, v);
      vm2[i] = w;
    }
    m2[i] = m;
    v2[i] = v;
    let ui = r(r(m / k.bc1) / r(r(r(Math.sqrt(w)) / k.bc2) + k.eps));
    if (decoupled) ui = r(ui + r(pd[i]! * k.wd));
    u[i] = scaled ? r(ui * k.s) : ui;
  }
};

/**
 * The same step in one loop, for tensor leaves of one dtype and shape; undefined for other leaves (numbers,
 * mixed dtypes, and values being jitted), which take `adamLeafSteps`. With `fusion`, the chain's weight decay
 * and learning-rate terms are done in the same loop (see `AdamFusion`; `update` is then the chain's update).
 * On the WebAssembly backend a leaf of `minWasmLength.adam` elements or more runs the kernel of the same
 * operations (src/wasm/optim.ts), with the same bits.
 */
export const adamLeafFused = (
  mu: Leaf,
  nu: Leaf,
  nuMax: Leaf | null,
  g: Leaf,
  c: AdamConstants,
  fusion: AdamFusion = alone,
): AdamLeafStep | undefined => {
  if (typeof mu === 'number' || typeof nu === 'number' || typeof g === 'number' || typeof nuMax === 'number')
    return undefined;
  if (!same(mu, g) || !same(nu, g) || (nuMax !== null && !same(nuMax, g))) return undefined;
  if (isStaged(mu) || isStaged(nu) || isStaged(g) || typeof c.bc1 !== 'number' || typeof c.bc2Sqrt !== 'number')
    return undefined;
  const decays = fusion.weightDecay !== 0;
  const p = decays && fusion.p !== null && typeof fusion.p !== 'number' ? fusion.p : null;
  if (decays && (p === null || !same(p, g) || isStaged(p))) return undefined;
  if (fusion.scale !== null && typeof fusion.scale !== 'number') return undefined;
  const f32 = g.dtype === 'float32';
  const r = f32 ? Math.fround : identity;
  const flags =
    (nuMax === null ? 0 : AMS) |
    (decays ? (fusion.decay === 'coupled' ? COUPLED : DECOUPLED) : 0) |
    (fusion.scale === null ? 0 : SCALED);
  const k: Constants = {
    b1: r(c.beta1),
    ob1: r(1 - c.beta1),
    b2: r(c.beta2),
    ob2: r(1 - c.beta2),
    bc1: r(c.bc1),
    bc2: r(c.bc2Sqrt),
    eps: r(c.eps),
    wd: r(fusion.weightDecay),
    s: r(fusion.scale ?? 1),
    flags,
  };
  const pd = p?.data ?? null;
  const done = wasmAdam(mu.data, nu.data, nuMax?.data ?? null, g.data, pd, k, flags);
  const n = g.data.length;
  const m2 = done?.m ?? allocate(g.dtype, n);
  const v2 = done?.v ?? allocate(g.dtype, n);
  const u = done?.u ?? allocate(g.dtype, n);
  const vm2 = nuMax === null ? null : (done?.vmax ?? allocate(g.dtype, n));
  if (done === null) (f32 ? loop32 : loop64)(mu.data, nu.data, nuMax?.data ?? null, g.data, pd, k, m2, v2, vm2, u);
  return {
    mu: fromData(g.shape, m2),
    nu: fromData(g.shape, v2),
    nuMax: vm2 === null ? null : fromData(g.shape, vm2),
    update: fromData(g.shape, u),
  };
};
