/**
 * The WebAssembly routes of the optimizers' fused per-leaf steps (kernels in assembly/optim.ts). Each route
 * copies the leaf's arrays into the kernels' memory, runs one in-place pass, and returns copies of the arrays
 * the step produces; it returns null (and the caller runs its JavaScript loop, the reference) on the 'js'
 * backend, without WebAssembly SIMD, or for a leaf shorter than its `minWasmLength`. All arrays of one
 * call share one dtype and one length (the callers check it).
 */
import { type TypedArray, allocateOverwritten } from '../core/dtype.js';
import { wasmContext } from './config.js';

/**
 * Leaves below these many elements stay on JavaScript, per kernel family and dtype. Measured (out/wip/optim,
 * Node 20, 2 shared cores, interleaved rounds): a call into WebAssembly with its copies costs ~2–5 µs. Adam's
 * fused JavaScript loop costs ~20–30 ns per float32 element (a rounding per operation) and ~10 ns per float64
 * one, against ~1 and ~2.5 ns in WebAssembly: the kernel wins from ~128–256 float32 and ~1000 float64 elements.
 * The other steps' JavaScript reference is a pass per operation (an array each): their kernels win from ~64
 * elements (momentum, RMSProp, Adagrad), or ~256 for a single pass (scale, applyUpdates).
 */
export const minWasmLength = {
  adam: { float32: 256, float64: 1024 },
  passes: { float32: 64, float64: 64 },
  single: { float32: 256, float64: 256 },
} as const;

/** A kernel family's pair of exports and its thresholds. */
interface Kernel {
  readonly f32: string;
  readonly f64: string;
  readonly min: { readonly float32: number; readonly float64: number };
}

/** Kernel argument: an array's byte offset, or 0 for an absent operand (the kernel's flags say it is unused). */
type Offset = number;

/** The kernel families' exports and thresholds. */
const kernels = {
  adam: { f32: 'adamF32', f64: 'adamF64', min: minWasmLength.adam },
  trace: { f32: 'traceF32', f64: 'traceF64', min: minWasmLength.passes },
  rms: { f32: 'rmsF32', f64: 'rmsF64', min: minWasmLength.passes },
  adagrad: { f32: 'adagradF32', f64: 'adagradF64', min: minWasmLength.passes },
  scale: { f32: 'scaleF32', f64: 'scaleF64', min: minWasmLength.single },
  apply: { f32: 'applyF32', f64: 'applyF64', min: minWasmLength.single },
} as const satisfies Readonly<Record<string, Kernel>>;

/**
 * inPlace(kernel, arrays, scalars, outputs): copies the non-null `arrays` (at least one; one dtype, one length
 * n) into the arena, calls kernel(offsets…, n, scalars…) (0 for a null array), and returns copies of the arrays
 * at the indices `outputs` as the kernel left them; null when WebAssembly does not take the call.
 */
const inPlace = (
  kernel: Kernel,
  arrays: readonly (TypedArray | null)[],
  scalars: readonly number[],
  outputs: readonly number[],
): TypedArray[] | null => {
  const first = arrays.find((a) => a !== null);
  if (first === null || first === undefined) return null;
  const f64 = first instanceof Float64Array;
  if (first.length < (f64 ? kernel.min.float64 : kernel.min.float32)) return null;
  const ctx = wasmContext();
  if (ctx === null) return null;
  const n = first.length;
  const { arena, runtime } = ctx;
  const mark = arena.mark();
  try {
    const offsets: Offset[] = arrays.map((a) => (a === null ? 0 : arena.copyIn(a)));
    runtime.kernel(f64 ? kernel.f64 : kernel.f32)(...offsets, n, ...scalars);
    // A fresh array filled with `set`: `slice()` of a view into the WebAssembly memory takes V8's slow path
    // (measured ~15× slower than allocate + set for 400 kB).
    return outputs.map((i) => {
      const out = allocateOverwritten(f64 ? 'float64' : 'float32', n); // every element set below
      out.set(f64 ? arena.f64(offsets[i] ?? 0, n) : arena.f32(offsets[i] ?? 0, n));
      return out;
    });
  } finally {
    arena.release(mark);
  }
};

/** The flags of `wasmAdam` (bits of the kernel's `flags`). */
export const adamFlags = { amsgrad: 1, coupled: 2, decoupled: 4, scaled: 8 } as const;

/** Adam's constants for the kernel, already rounded to the leaf's dtype. */
export interface AdamKernelConstants {
  readonly b1: number;
  readonly ob1: number;
  readonly b2: number;
  readonly ob2: number;
  readonly bc1: number;
  readonly bc2: number;
  readonly eps: number;
  /** λ of the weight decay term (coupled or decoupled flag), else unused. */
  readonly wd: number;
  /** s of the final scale (the signed learning rate, `scaled` flag), else unused. */
  readonly s: number;
}

/** What `wasmAdam` returns: the new m, v, max v (AMSGrad, else null) and the update u. */
export interface AdamArrays {
  readonly m: TypedArray;
  readonly v: TypedArray;
  readonly vmax: TypedArray | null;
  readonly u: TypedArray;
}

/**
 * wasmAdam: one fused Adam step over a leaf (see assembly/optim.ts `adam`):
 *   [g ← g + λp];  m′ = m·β₁ + g·(1 − β₁);  v′ = v·β₂ + (g·g)·(1 − β₂);  [w = max(v̄, v′)];
 *   u = (m′ / bc1) / (√w / bc2 + ε);  [u ← u + λp];  [u ← u·s]
 * with the bracketed terms chosen by `flags` (`adamFlags`); null when WebAssembly does not take it.
 */
export const wasmAdam = (
  m: TypedArray,
  v: TypedArray,
  vmax: TypedArray | null,
  g: TypedArray,
  p: TypedArray | null,
  k: AdamKernelConstants,
  flags: number,
): AdamArrays | null => {
  const scalars = [k.b1, k.ob1, k.b2, k.ob2, k.bc1, k.bc2, k.eps, k.wd, k.s, flags];
  const outputs = vmax === null ? [0, 1, 3] : [0, 1, 3, 2];
  const out = inPlace(kernels.adam, [m, v, vmax, g, p], scalars, outputs);
  if (out === null) return null;
  const [m2, v2, u, vm2] = out;
  return m2 === undefined || v2 === undefined || u === undefined ? null : { m: m2, v: v2, vmax: vm2 ?? null, u };
};

/** The flags of `wasmTrace`. */
export const traceFlags = { started: 1, nesterov: 2, coupled: 4, scaled: 8, momentum: 16 } as const;

/** SGD's constants for the kernel, already rounded to the leaf's dtype: μ, 1 − τ, λ and s. */
export interface TraceKernelConstants {
  readonly mu: number;
  readonly omd: number;
  readonly wd: number;
  readonly s: number;
}

/** What `wasmTrace` returns: the new buffer b (null without momentum) and the update u. */
export interface TraceArrays {
  readonly b: TypedArray | null;
  readonly u: TypedArray;
}

/**
 * wasmTrace: SGD's step over a leaf (see assembly/optim.ts `trace`): [g ← g + λp];  with momentum
 * b′ = b·μ + g·(1 − τ) once started, else b′ = g, and u = g + b′·μ (Nesterov) or b′;  without, u = g;
 * [u ← u·s]. When u is b′ (momentum, no Nesterov, no scale) the one array is returned as both.
 */
export const wasmTrace = (
  b: TypedArray | null,
  g: TypedArray,
  p: TypedArray | null,
  k: TraceKernelConstants,
  flags: number,
): TraceArrays | null => {
  const momentum = (flags & traceFlags.momentum) !== 0;
  const same = momentum && (flags & (traceFlags.nesterov | traceFlags.scaled)) === 0;
  const outputs = !momentum ? [1] : same ? [0] : [0, 1];
  // Without a started buffer the kernel only writes b: its input is not read, so any array of the length serves.
  const arrays = [momentum ? (b ?? g) : null, g, p];
  const out = inPlace(kernels.trace, arrays, [k.mu, k.omd, k.wd, k.s, flags], outputs);
  if (out === null) return null;
  const [first, second] = out;
  if (first === undefined) return null;
  if (!momentum) return { b: null, u: first };
  return same ? { b: first, u: first } : second === undefined ? null : { b: first, u: second };
};

/** The flags of `wasmRms` (and, for `coupled` and `scaled`, of `wasmAdagrad`). */
export const rmsFlags = { centered: 1, epsInside: 2, coupled: 4, scaled: 8, momentum: 16, started: 32 } as const;

/** RMSProp's constants for the kernel, already rounded to the leaf's dtype: α, 1 − α, ε, m, λ and s. */
export interface RmsKernelConstants {
  readonly a: number;
  readonly oa: number;
  readonly eps: number;
  readonly m: number;
  readonly wd: number;
  readonly s: number;
}

/** What `wasmRms` returns: the new ν, μ (centered, else null), b (momentum, else null) and the update u. */
export interface RmsArrays {
  readonly nu: TypedArray;
  readonly mu: TypedArray | null;
  readonly b: TypedArray | null;
  readonly u: TypedArray;
}

/**
 * wasmRms: RMSProp's step over a leaf (see assembly/optim.ts `rms`): [g ← g + λp];  ν′ = ν·α + (g·g)·(1 − α);
 * centered: μ′ = μ·α + g·(1 − α), ν̃ = ν′ − μ′·μ′ (else ν̃ = ν′);  d = g / (√ν̃ + ε), or g / √(ν̃ + ε);
 * momentum: b′ = b·m + d once started (else b′ = d), d ← b′;  [d ← d·s]. When u is b′ (momentum, no scale)
 * the one array is returned as both.
 */
export const wasmRms = (
  nu: TypedArray,
  mu: TypedArray | null,
  b: TypedArray | null,
  g: TypedArray,
  p: TypedArray | null,
  k: RmsKernelConstants,
  flags: number,
): RmsArrays | null => {
  const momentum = (flags & rmsFlags.momentum) !== 0;
  const same = momentum && (flags & rmsFlags.scaled) === 0;
  // Without a started buffer the kernel only writes b: its input is not read, so any array of the length serves.
  const buffer = momentum ? (((flags & rmsFlags.started) !== 0 ? b : null) ?? g) : null;
  // Arrays back: ν, u (b's array when it equals u), then μ when centered, then b when it differs from u.
  const outputs = [0, same ? 2 : 3, ...(mu === null ? [] : [1]), ...(momentum && !same ? [2] : [])];
  const scalars = [k.a, k.oa, k.eps, k.m, k.wd, k.s, flags];
  const out = inPlace(kernels.rms, [nu, mu, buffer, g, p], scalars, outputs);
  if (out === null) return null;
  const [nu2, u, ...rest] = out;
  if (nu2 === undefined || u === undefined) return null;
  const mu2 = mu === null ? null : (rest[0] ?? null);
  const b2 = !momentum ? null : same ? u : (rest[mu === null ? 0 : 1] ?? null);
  return { nu: nu2, mu: mu2, b: b2, u };
};

/** Adagrad's constants for the kernel, already rounded to the leaf's dtype: ε, λ and s. */
export interface AdagradKernelConstants {
  readonly eps: number;
  readonly wd: number;
  readonly s: number;
}

/** What `wasmAdagrad` returns: the new sum G and the update u. */
export interface AdagradArrays {
  readonly sum: TypedArray;
  readonly u: TypedArray;
}

/**
 * wasmAdagrad: Adagrad's step over a leaf (see assembly/optim.ts `adagrad`): [g ← g + λp];  G′ = G + g·g;
 * u = g / (√G′ + ε);  [u ← u·s] (flags `rmsFlags.coupled`, `rmsFlags.scaled`).
 */
export const wasmAdagrad = (
  sum: TypedArray,
  g: TypedArray,
  p: TypedArray | null,
  k: AdagradKernelConstants,
  flags: number,
): AdagradArrays | null => {
  const out = inPlace(kernels.adagrad, [sum, g, p], [k.eps, k.wd, k.s, flags], [0, 1]);
  if (out === null) return null;
  const [sum2, u] = out;
  return sum2 === undefined || u === undefined ? null : { sum: sum2, u };
};

/** wasmScale: x·s elementwise (s already in x's dtype); null when WebAssembly does not take it. */
export const wasmScale = (x: TypedArray, s: number): TypedArray | null =>
  inPlace(kernels.scale, [x, null], [s], [0])?.[0] ?? null;

/** wasmApply: p + u elementwise (`applyUpdates`); null when WebAssembly does not take it. */
export const wasmApply = (p: TypedArray, u: TypedArray): TypedArray | null =>
  inPlace(kernels.apply, [p, u], [], [0])?.[0] ?? null;
