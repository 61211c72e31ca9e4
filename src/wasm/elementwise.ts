/**
 * The WebAssembly route of the elementwise kernels (see dispatch.ts): operands are copied into the arena, a SIMD
 * kernel (assembly/elementwise.ts) computes, and the result is copied out. Exact ops (neg, abs, sqrt, sign, relu,
 * masks, + − × ÷, maximum/minimum, mulNoNan, comparisons, where) take float32 and float64 and give the JavaScript
 * reference's bits; the transcendentals take float32 only (within 1 ulp of the correctly rounded result, see
 * assembly/math-f32.ts; pow too), float64 ones stay in JavaScript (Math.*). A float32 operand of a float64
 * result is widened as it is copied in (exactly, as the JavaScript kernels read it).
 *
 * One thread. Sharing a float32 transcendental between two threads saves at most the kernel's part of an eager
 * op (a third, beside the allocation and the copies, which stay on the calling thread): exp over 10⁶ elements
 * went from 1.42 to 0.85 ms when the second core was free, but from 1.5–1.7 to 4.4–5.7 ms when it was busy (the
 * caller waits for a descheduled worker), and 6.6·10⁴ elements were slower either way; measured on this 2-core
 * machine by out/wip/elementwise/thr.ts. A jit-fused chain, whose kernel is the whole cost, may decide otherwise.
 */
import type { TypedArray } from '../core/dtype.js';
import type { BinaryName, BroadcastPlan } from '../core/kernels/binary.js';
import type { UnaryName } from '../core/kernels/unary.js';
import type { Arena } from './arena.js';
import { wasmContext } from './config.js';
import { singleThreadContext } from './private-context.js';

/**
 * Below this many elements the JavaScript loop is as fast as a WebAssembly call with its copies in and out (a
 * call costs about 0.4 µs; measured in out/wip/elementwise/bench.ts: neg, add, f32 and f64, even at 256).
 */
export const wasmElementwiseMinimum = 256;
/** The same for float32 transcendentals (Math.exp costs ~10 ns an element: even at 64). */
export const wasmTranscendentalMinimum = 64;

/**
 * Unary op codes of assembly/elementwise.ts, one per op of the table (null: no kernel, the JavaScript loop runs);
 * codes from `firstTranscendental` are float32-only.
 */
const unaryCodes: { readonly [K in UnaryName]: number | null } = {
  neg: 0,
  abs: 1,
  sqrt: 2,
  sign: 3,
  relu: 4,
  positive: 5,
  isFinite: 6,
  isNaN: 7,
  exp: 8,
  log: 9,
  log1p: 10,
  expm1: 11,
  tanh: 12,
  sigmoid: 13,
  softplus: 14,
  sin: null,
  cos: null,
};
const firstTranscendental = 8;

/** Binary op codes of assembly/elementwise.ts; pow (within 1 ulp) is float32-only. */
const binaryCodes: Readonly<Record<BinaryName, number>> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
  mulNoNan: 6,
  greater: 7,
  greaterEqual: 8,
  less: 9,
  lessEqual: 10,
  equal: 11,
  notEqual: 12,
  pow: 13,
};

/** Whether every array has the dtype of the first. */
const sameDType = (first: TypedArray, ...rest: readonly TypedArray[]): boolean =>
  rest.every((t) => t instanceof Float64Array === first instanceof Float64Array);

/**
 * Whether operands can go to the kernel of out's dtype: all float32, or a float64 out (float32 operands are
 * widened on the way in, exactly, as the JavaScript kernels read them).
 */
const fitsOut = (out: TypedArray, ...operands: readonly TypedArray[]): boolean =>
  out instanceof Float64Array || operands.every((t) => t instanceof Float32Array);

/** A copy of `data` in the arena in out's dtype (a float32 operand of a float64 out widened); its byte offset. */
const copyInAs = (arena: Arena, data: TypedArray, out: TypedArray): number => {
  if (out instanceof Float32Array || data instanceof Float64Array) return arena.copyIn(data);
  const at = arena.alloc(data.length * 8);
  arena.f64(at, data.length).set(data);
  return at;
};

/** An int32 copy of `data` in the arena; its byte offset. */
const copyInt32 = (arena: Arena, data: Int32Array): number => {
  const at = arena.alloc(data.byteLength);
  new Int32Array(arena.buffer(), at, data.length).set(data);
  return at;
};

/**
 * out[i] = f(x[i]) as `unaryKernels[name]` computes it (bits for exact ops, ≤ 1 ulp for float32
 * transcendentals); false for small arrays, float64 transcendentals, a dtype change, or the 'js' backend.
 */
export const wasmUnary = (name: UnaryName, x: TypedArray, out: TypedArray): boolean =>
  x.length >= ((unaryCodes[name] ?? 0) >= firstTranscendental ? wasmTranscendentalMinimum : wasmElementwiseMinimum) &&
  unaryInWasm(name, x, out);

/** wasmUnary at any size (tests reach the kernels' tails with it). */
export const unaryInWasm = (name: UnaryName, x: TypedArray, out: TypedArray): boolean => {
  const code = unaryCodes[name];
  const n = x.length;
  if (code === null || !sameDType(x, out)) return false;
  const wide = x instanceof Float64Array;
  if (wide && code >= firstTranscendental) return false;
  const ctx = wasmContext();
  if (ctx === null) return false;
  const { arena, runtime } = ctx;
  const mark = arena.mark();
  try {
    const px = arena.copyIn(x);
    const po = arena.alloc(x.byteLength);
    runtime.kernel(wide ? 'unaryF64' : 'unaryF32')(code, px, po, n);
    out.set(arena.view(out, po, n));
  } finally {
    arena.release(mark);
  }
  return true;
};

/**
 * out = f(a, b) along the plan as `binaryKernels[name]` computes it, bit for bit: out's row r (plan.inner
 * elements) is f of a from a[offA[r]] stepping stepA and b from b[offB[r]] stepping stepB (steps 0 or 1); a
 * float32 operand of a float64 out is widened; pow (float32 only) within 1 ulp of Math.fround(Math.pow(a, b)).
 * False for float64 pow, small outputs, or the 'js' backend.
 */
export const wasmBinary = (
  name: BinaryName,
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  plan: BroadcastPlan,
): boolean => out.length >= wasmElementwiseMinimum && binaryInWasm(name, a, b, out, plan);

/** wasmBinary at any size (tests reach the kernels' tails with it). */
export const binaryInWasm = (
  name: BinaryName,
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  plan: BroadcastPlan,
): boolean => {
  const code = binaryCodes[name];
  const n = out.length;
  if (!fitsOut(out, a, b) || (name === 'pow' && out instanceof Float64Array)) return false;
  const { rows, inner, stepA, stepB } = plan;
  if ((stepA !== 0 && stepA !== 1) || (stepB !== 0 && stepB !== 1)) return false;
  const ctx = wasmContext();
  if (ctx === null) return false;
  const { arena, runtime } = ctx;
  const wide = out instanceof Float64Array;
  const mark = arena.mark();
  try {
    const pa = copyInAs(arena, a, out);
    const pb = copyInAs(arena, b, out);
    const po = arena.alloc(out.byteLength);
    if (rows === 1) {
      const bytes = wide ? 8 : 4;
      const oa = (plan.offA[0] ?? 0) * bytes;
      const ob = (plan.offB[0] ?? 0) * bytes;
      runtime.kernel(wide ? 'binaryFlatF64' : 'binaryFlatF32')(code, pa + oa, pb + ob, po, inner, stepA, stepB);
    } else {
      const offA = copyInt32(arena, plan.offA);
      const offB = copyInt32(arena, plan.offB);
      runtime.kernel(wide ? 'binaryF64' : 'binaryF32')(code, pa, pb, po, offA, offB, 0, rows, inner, stepA, stepB);
    }
    out.set(arena.view(out, po, n));
  } finally {
    arena.release(mark);
  }
  return true;
};

/**
 * The scratch block of the outer product: written by the kernel and copied out while it is in cache, rather than
 * the whole output written to the arena and read back. [512, 64, 32] float32 (4 MB) went from 2.32 to 2.07–2.15 ms
 * (kernel and copy; writing a fresh 4 MB array alone, 1.87 ms), medians of 61 interleaved rounds of
 * out/wip/vmapperf/chunk2.mts on this 2-core machine (2 MB L2 per core) with 32 KB to 512 KB blocks alike.
 */
const outerBlockBytes = 65536;

/**
 * The batched outer product out[e, i, j] = a[e·m + i] · b[e·n + j] (e < batches, i < m, j < n), each element the
 * one product binaryKernels.mul writes for a [batches, m, 1] times b [batches, 1, n] (bits; a float32 operand of
 * a float64 out widened). The outer kernel (assembly/elementwise.ts outerRows): no broadcast plan, no row
 * offsets, no op dispatch per vector; it fills a scratch block of about `outerBlockBytes` at a time (whole
 * examples), which is copied out while it is still in cache. It runs in the private instance of
 * private-context.ts, whose unshared memory V8 copies out with a plain memcpy. False for small outputs or the
 * 'js' backend.
 */
export const wasmOuter = (
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  batches: number,
  m: number,
  n: number,
): boolean => out.length >= wasmElementwiseMinimum && outerInWasm(a, b, out, batches, m, n);

/** wasmOuter at any size (tests reach the kernel's tails with it); false when the sizes do not fit. */
export const outerInWasm = (
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  batches: number,
  m: number,
  n: number,
): boolean => {
  const fits = out.length === batches * m * n && a.length === batches * m && b.length === batches * n;
  if (!fits || !fitsOut(out, a, b)) return false;
  const ctx = singleThreadContext();
  if (ctx === null) return false;
  const { arena, runtime } = ctx;
  const wide = out instanceof Float64Array;
  const mark = arena.mark();
  try {
    const pa = copyInAs(arena, a, out);
    const pb = copyInAs(arena, b, out);
    const bytes = wide ? 8 : 4;
    const block = Math.max(1, Math.min(batches, Math.floor(outerBlockBytes / Math.max(1, m * n * bytes))));
    const po = arena.alloc(block * m * n * bytes);
    const kernel = runtime.kernel(wide ? 'outerF64' : 'outerF32');
    const scratch = arena.view(out, po, block * m * n);
    for (let e0 = 0; e0 < batches; e0 += block) {
      const count = Math.min(block, batches - e0);
      kernel(pa + e0 * m * bytes, pb + e0 * n * bytes, po, count, m, n);
      out.set(count === block ? scratch : scratch.subarray(0, count * m * n), e0 * m * n);
    }
  } finally {
    arena.release(mark);
  }
  return true;
};

/**
 * out = where(cond ≠ 0, a, b) along the plans computeWhere builds (pa: cond against a, pb: cond against b, both
 * unflattened), bit for bit: NaN in cond counts as non-zero; float32 operands of a float64 out are widened.
 * False for a float64 cond with a float32 out, small outputs, or the 'js' backend.
 */
export const wasmWhere = (
  cond: TypedArray,
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  pa: BroadcastPlan,
  pb: BroadcastPlan,
): boolean => out.length >= wasmElementwiseMinimum && whereInWasm(cond, a, b, out, pa, pb);

/** wasmWhere at any size (tests reach the kernels' tails with it). */
export const whereInWasm = (
  cond: TypedArray,
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  pa: BroadcastPlan,
  pb: BroadcastPlan,
): boolean => {
  const n = out.length;
  if (!fitsOut(out, cond, a, b)) return false;
  const steps = [pa.stepA, pa.stepB, pb.stepB];
  if (steps.some((s) => s !== 0 && s !== 1)) return false;
  const ctx = wasmContext();
  if (ctx === null) return false;
  const { arena, runtime } = ctx;
  const wide = out instanceof Float64Array;
  const kernel = runtime.kernel(wide ? 'whereF64' : 'whereF32');
  const whole = (t: TypedArray): boolean => t.length === n || t.length === 1;
  const mark = arena.mark();
  try {
    const [pc, px, py] = [copyInAs(arena, cond, out), copyInAs(arena, a, out), copyInAs(arena, b, out)];
    const po = arena.alloc(out.byteLength);
    if (whole(cond) && whole(a) && whole(b)) {
      const zero = copyInt32(arena, new Int32Array(1));
      const [sc, sa, sb] = [cond, a, b].map((t) => (t.length === 1 ? 0 : 1));
      kernel(pc, px, py, po, zero, zero, zero, 0, 1, n, sc ?? 0, sa ?? 0, sb ?? 0);
    } else {
      const [oc, oa, ob] = [copyInt32(arena, pa.offA), copyInt32(arena, pa.offB), copyInt32(arena, pb.offB)];
      kernel(pc, px, py, po, oc, oa, ob, 0, pa.rows, pa.inner, pa.stepA, pa.stepB, pb.stepB);
    }
    out.set(arena.view(out, po, n));
  } finally {
    arena.release(mark);
  }
  return true;
};
