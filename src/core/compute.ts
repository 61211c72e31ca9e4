/**
 * Eager computation on concrete tensors: shape checks, dtype promotion, allocation, then a kernel. The
 * differentiable ops use these as their forward side, and layers that need no tape (optimizers, data) call
 * them directly. Every error names the op and the shapes involved.
 */
import { type DType, allocate, allocateOverwritten, promote } from './dtype.js';
import { type BinaryName, binaryKernels, binaryScalars, broadcastPlan } from './kernels/binary.js';
import { matmulKernel } from './kernels/matmul.js';
import { extremumKernel, reducePlan, sumKernel } from './kernels/reduce.js';
import { type UnaryName, unaryKernels, unaryScalars } from './kernels/unary.js';
import { type Shape, ShapeError, broadcastShapes, reducedShape, showShape, sizeOf } from './shape.js';
import { applyStaged, isStaged } from './stage.js';
import { type Tensor, fromData } from './tensor.js';
import { matmulFused, wasmBinary, wasmExtremum, wasmMatmul, wasmSum, wasmUnary, wasmWhere } from '../wasm/dispatch.js';

/** y = f(x) elementwise, in x's dtype. */
export const computeUnary = (name: UnaryName, x: Tensor): Tensor => {
  if (isStaged(x)) return stageUnary(name, x);
  const out = allocate(x.dtype, x.data.length);
  if (!wasmUnary(name, x.data, out)) unaryKernels[name](x.data, out);
  return fromData(x.shape, out);
};

/** z = f(a, b) elementwise with NumPy broadcasting, in the promoted dtype. `op` names the caller in errors. */
export const computeBinary = (name: BinaryName, a: Tensor, b: Tensor, op: string = name): Tensor => {
  if (isStaged(a) || isStaged(b)) return stageBinary(name, a, b, op);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocate(promote(a.dtype, b.dtype), sizeOf(shape));
  const plan = broadcastPlan(a.shape, b.shape, shape);
  if (!wasmBinary(name, a.data, b.data, out, plan)) binaryKernels[name](a.data, b.data, out, plan);
  return fromData(shape, out);
};

/** x converted to another dtype (a copy, or x itself when the dtype already matches). */
export const computeCast = (x: Tensor, dtype: DType): Tensor => {
  if (x.dtype === dtype) return x;
  if (isStaged(x)) return stageCast(x, dtype);
  const out = allocate(dtype, x.data.length);
  out.set(x.data);
  return fromData(x.shape, out);
};

/**
 * y = f(x) elementwise for a function f on numbers (a learning-rate schedule, a bias correction), in x's
 * dtype. `name` names f in a traced program.
 */
export const computeMap = (name: string, x: Tensor, f: (v: number) => number): Tensor => {
  if (isStaged(x)) return stageMap(name, x, f);
  const out = allocate(x.dtype, x.data.length);
  const d = x.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]!);
  return fromData(x.shape, out);
};

/*
 * The same computations as equations of a jit trace, through the one dispatch point (stage.ts). They are
 * functions of their own because a closure inside the eager functions would make every eager call allocate a
 * context for what it captures.
 */
const stageUnary = (name: UnaryName, x: Tensor): Tensor =>
  staged(applyStaged(name, (xs) => computeUnary(name, at(xs, 0)), unaryScalars[name], [x]));

const stageBinary = (name: BinaryName, a: Tensor, b: Tensor, op: string): Tensor =>
  staged(applyStaged(op, (xs) => computeBinary(name, at(xs, 0), at(xs, 1), op), binaryScalars[name], [a, b]));

const stageCast = (x: Tensor, dtype: DType): Tensor =>
  staged(
    applyStaged(
      'cast',
      (xs) => computeCast(at(xs, 0), dtype),
      (v) => v,
      [x],
    ),
  );

const stageMap = (name: string, x: Tensor, f: (v: number) => number): Tensor =>
  staged(applyStaged(name, (xs) => computeMap(name, at(xs, 0), f), f, [x]));

const stageSum = (x: Tensor, axes: readonly number[], keepdims: boolean): Tensor =>
  staged(applyStaged('sum', (xs) => computeSum(at(xs, 0), axes, keepdims), undefined, [x]));

const stageWhere = (cond: Tensor, a: Tensor, b: Tensor, op: string): Tensor =>
  staged(applyStaged(op, (xs) => computeWhere(at(xs, 2), at(xs, 0), at(xs, 1), op), undefined, [a, b, cond]));

/** The output of a computation the caller staged (it saw a staged operand). */
const staged = (out: Tensor | null): Tensor => {
  if (out === null) throw new Error('internal: a staged computation without a staged operand');
  return out;
};

/** The input at a position the caller's arity guarantees. */
const at = (xs: readonly Tensor[], i: number): Tensor => {
  const x = xs[i];
  if (x === undefined) throw new Error('internal: a kernel received fewer inputs than its arity');
  return x;
};

/** Σ over `axes` (normalised, sorted); reduced axes are kept as extent 1 when `keepdims`. */
export const computeSum = (x: Tensor, axes: readonly number[], keepdims: boolean): Tensor => {
  if (isStaged(x)) return stageSum(x, axes, keepdims);
  const shape = reducedShape(x.shape, axes, keepdims);
  const out = allocate(x.dtype, sizeOf(shape));
  const plan = reducePlan(x.shape, axes);
  if (!wasmSum(x.data, out, plan)) sumKernel(x.data, out, plan);
  return fromData(shape, out);
};

/** max (sign 1) or min (sign −1) over `axes`; NaN propagates. An empty reduction gives ∓∞. */
export const computeExtremum = (x: Tensor, axes: readonly number[], keepdims: boolean, sign: 1 | -1): Tensor => {
  const shape = reducedShape(x.shape, axes, keepdims);
  const out = allocate(x.dtype, sizeOf(shape));
  out.fill(-sign * Infinity);
  const plan = reducePlan(x.shape, axes);
  if (!wasmExtremum(x.data, out, plan, sign)) extremumKernel(x.data, out, plan, sign);
  return fromData(shape, out);
};

/**
 * Batched matrix product of tensors of rank ≥ 2: [...A, m, k] · [...B, k, n] = [...broadcast(A, B), m, n].
 * With `transA` the last two axes of a are read swapped (a is [...A, k, m]); with `transB`, those of b (b is
 * [...B, n, k]): C = op(A)·op(B) without materialising a transpose. Sums run over k in increasing order; float32
 * steps are fused, s ← fma(a, b, s), when `computeInfo().fusedMultiplyAdd` (whichever kernel computes a block).
 */
export const computeMatmul = (a: Tensor, b: Tensor, op = 'matmul', transA = false, transB = false): Tensor => {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, k] = transA ? [a.shape[ra - 1] ?? 1, a.shape[ra - 2] ?? 1] : [a.shape[ra - 2] ?? 1, a.shape[ra - 1] ?? 1];
  const [kb, n] = transB ? [b.shape[rb - 1] ?? 1, b.shape[rb - 2] ?? 1] : [b.shape[rb - 2] ?? 1, b.shape[rb - 1] ?? 1];
  if (ra < 2 || rb < 2 || kb !== k) {
    const show = (s: Tensor['shape'], t: boolean): string => `${showShape(s)}${t ? 'ᵀ' : ''}`;
    throw new ShapeError(op, `cannot multiply shapes ${show(a.shape, transA)} and ${show(b.shape, transB)}`);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(op, batchA, batchB);
  // Each block is written whole: by the WebAssembly route (which never reads it), or zeroed for the JavaScript
  // kernel, which adds into it.
  const out = allocateOverwritten(promote(a.dtype, b.dtype), sizeOf(batch) * m * n);
  const plan = broadcastPlan(batchA, batchB, batch);
  const fused = out instanceof Float32Array && matmulFused();
  for (let r = 0, o = 0; r < plan.rows; r++) {
    for (let j = 0, ia = plan.offA[r] ?? 0, ib = plan.offB[r] ?? 0; j < plan.inner; j++, o++) {
      const [ao, bo, oo] = [ia * m * k, ib * k * n, o * m * n];
      if (!wasmMatmul(a.data, ao, b.data, bo, out, oo, m, k, n, transA, transB, true, fused)) {
        out.fill(0, oo, oo + m * n);
        matmulKernel(a.data, ao, b.data, bo, out, oo, m, k, n, transA, transB, fused);
      }
      ia += plan.stepA;
      ib += plan.stepB;
    }
  }
  return fromData([...batch, m, n], out);
};

/** where(cond, a, b) elementwise with broadcasting of all three: a where cond ≠ 0, else b. */
export const computeWhere = (cond: Tensor, a: Tensor, b: Tensor, op = 'where'): Tensor => {
  if (isStaged(cond) || isStaged(a) || isStaged(b)) return stageWhere(cond, a, b, op);
  const shape = broadcastShapes(op, broadcastShapes(op, cond.shape, a.shape), b.shape);
  const n = sizeOf(shape);
  const out = allocate(promote(a.dtype, b.dtype), n);
  const pa = broadcastPlan(cond.shape, a.shape, shape, false);
  const pb = broadcastPlan(cond.shape, b.shape, shape, false);
  const c = cond.data;
  const ad = a.data;
  const bd = b.data;
  if (wasmWhere(c, ad, bd, out, pa, pb)) return fromData(shape, out);
  for (let r = 0, o = 0; r < pa.rows; r++) {
    let ic = pa.offA[r] ?? 0;
    let ia = pa.offB[r] ?? 0;
    let ib = pb.offB[r] ?? 0;
    for (let j = 0; j < pa.inner; j++, o++, ic += pa.stepA, ia += pa.stepB, ib += pb.stepB) {
      out[o] = c[ic] !== 0 ? (ad[ia] ?? NaN) : (bd[ib] ?? NaN);
    }
  }
  return fromData(shape, out);
};

/** The shape with extent-1 axes inserted so that it has `rank` axes (aligning on the right). */
export const padShapeLeft = (shape: Shape, rank: number): number[] => [
  ...new Array<number>(Math.max(0, rank - shape.length)).fill(1),
  ...shape,
];
